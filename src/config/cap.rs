//! The alerting settings of `site.toml`: the site's `time_zone` and the `[cap]` table (CAP
//! profile, sender, event codes per scam type, category, status, CAP language tags).
//!
//! Ids of scam types in `[cap.event_codes]` refer to the content; `check` reports the ones
//! `taxonomies.yaml` does not define (this module never reads `content/`).

use std::ops::Range;

use indexmap::IndexMap;
use jiff::tz::TimeZone;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::Language;
use crate::model::Localized;

/// The site's time zone (`time_zone = "America/Edmonton"`).
#[derive(Debug, Clone)]
pub struct SiteTimeZone {
    /// The IANA name as written.
    pub name: String,
    /// The zone, from the time zone database built into redflag.
    pub zone: TimeZone,
}

/// The CAP profile a site's alerts are made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum CapProfile {
    /// The Canadian Profile (CAP-CP 1.0): what NAAD and Canadian consumers expect.
    #[serde(rename = "cap-cp")]
    CapCp,
    /// Google Public Alerts.
    #[serde(rename = "google")]
    Google,
    /// FEMA's IPAWS profile 1.0.
    #[serde(rename = "ipaws")]
    Ipaws,
    /// Plain CAP 1.2 (the default).
    #[default]
    #[serde(rename = "none")]
    None,
}

impl CapProfile {
    /// The name in `site.toml`.
    pub fn id(self) -> &'static str {
        match self {
            CapProfile::CapCp => "cap-cp",
            CapProfile::Google => "google",
            CapProfile::Ipaws => "ipaws",
            CapProfile::None => "none",
        }
    }

    /// The `<code>` an alert made for this profile carries, if any.
    pub fn code(self) -> Option<&'static str> {
        match self {
            CapProfile::CapCp => Some("profile:CAP-CP:1.0"),
            CapProfile::Ipaws => Some("IPAWSv1.0"),
            CapProfile::Google | CapProfile::None => None,
        }
    }
}

/// CAP `<category>`: what a scam warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum CapCategory {
    /// Law enforcement, military, homeland and local/private security (the default).
    #[default]
    Security,
    /// General emergency and public safety.
    Safety,
}

impl CapCategory {
    /// As CAP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            CapCategory::Security => "Security",
            CapCategory::Safety => "Safety",
        }
    }
}

/// CAP `<status>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum CapStatus {
    /// Real alerts (the default).
    #[default]
    Actual,
    /// Test alerts, which consumers do not show to the public.
    Test,
}

impl CapStatus {
    /// As CAP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            CapStatus::Actual => "Actual",
            CapStatus::Test => "Test",
        }
    }
}

/// A CAP `valueName`/`value` pair (`<eventCode>`, `<geocode>`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuePair {
    /// The code system, e.g. `profile:CAP-CP:Event:0.4` or `SAME`.
    #[serde(rename = "valueName")]
    pub value_name: String,
    /// The code.
    pub value: String,
}

/// The `[cap]` settings, validated.
#[derive(Debug, Clone, Default)]
pub struct CapSettings {
    /// The profile alerts are made for and checked against.
    pub profile: CapProfile,
    /// `<sender>`; the host of the base URL when not set.
    pub sender: Option<String>,
    /// `<senderName>`; the site title when not set.
    pub sender_name: Option<Localized>,
    /// `<web>` of every `<info>` when set; the advisory's page otherwise.
    pub web: Option<String>,
    /// `<contact>` of every `<info>` when set; the advisory's contacts otherwise.
    pub contact: Option<Localized>,
    /// `<category>`.
    pub category: CapCategory,
    /// `<status>`.
    pub status: CapStatus,
    /// The CAP `<language>` of each site language (`fr` → `fr-CA`); the site tag otherwise.
    pub languages: IndexMap<String, String>,
    /// Event codes by scam type id, with where each list is written.
    pub event_codes: IndexMap<String, (Vec<ValuePair>, Position)>,
    /// Where the `[cap]` table (or, without one, the top of the file) is.
    pub at: Position,
}

impl CapSettings {
    /// The CAP `<language>` of a site language.
    pub fn language<'a>(&'a self, tag: &'a str) -> &'a str {
        self.languages.get(tag).map_or(tag, String::as_str)
    }
}

/// `[cap]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCap {
    #[serde(default)]
    profile: CapProfile,
    sender: Option<Spanned<String>>,
    pub(super) sender_name: Option<Spanned<super::RawLocalized>>,
    web: Option<Spanned<String>>,
    pub(super) contact: Option<Spanned<super::RawLocalized>>,
    #[serde(default)]
    category: CapCategory,
    #[serde(default)]
    status: CapStatus,
    #[serde(default)]
    languages: IndexMap<String, Spanned<String>>,
    #[serde(default)]
    event_codes: IndexMap<String, Spanned<Vec<ValuePair>>>,
}

/// Validates `time_zone` and `[cap]`, pushing problems to `diagnostics`.
pub(super) struct CapReader<'a> {
    pub file: &'a std::path::Path,
    pub text: &'a str,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl CapReader<'_> {
    fn error(&mut self, span: Range<usize>, message: String, hint: &str) {
        let at = Position::of_offset(self.text, span.start);
        self.diagnostics.push(
            Diagnostic::error(Code::InvalidValue, self.file, at, message)
                .with_hint(hint)
                .with_source_from(self.text),
        );
    }

    /// The site's time zone, if one is set and known.
    pub fn time_zone(&mut self, raw: Option<Spanned<String>>) -> Option<SiteTimeZone> {
        let raw = raw?;
        let name = raw.get_ref().trim();
        match TimeZone::get(name) {
            Ok(zone) if !name.is_empty() => Some(SiteTimeZone {
                name: name.to_owned(),
                zone,
            }),
            _ => {
                self.error(
                    raw.span(),
                    format!("time_zone `{name}` is not a time zone of the IANA database"),
                    "write the zone of the site's area, e.g. time_zone = \"America/Edmonton\" or \"America/Toronto\"",
                );
                None
            }
        }
    }

    /// The `[cap]` settings (defaults without a table), without `sender_name` and `contact`,
    /// which the caller validates as localized text and must take out of `raw` first.
    pub fn settings(
        &mut self,
        raw: Option<Spanned<RawCap>>,
        languages: &[Language],
    ) -> CapSettings {
        let Some(raw) = raw else {
            return CapSettings::default();
        };
        let at = Position::of_offset(self.text, raw.span().start);
        let raw = raw.into_inner();
        let sender = raw.sender.and_then(|s| self.token("sender", s));
        let web = raw.web.and_then(|w| {
            let ok = w.get_ref().starts_with("https://") || w.get_ref().starts_with("http://");
            if !ok {
                self.error(
                    w.span(),
                    format!("[cap] web `{}` is not a web address", w.get_ref()),
                    "write an address starting with https://, or remove the line (each alert then links its advisory's page)",
                );
            }
            ok.then(|| w.into_inner())
        });
        let mut cap_languages = IndexMap::new();
        for (tag, cap_tag) in raw.languages {
            if !languages.iter().any(|l| l.tag == tag) {
                self.error(
                    cap_tag.span(),
                    format!(
                        "[cap] languages names `{tag}`, a language the site does not configure"
                    ),
                    "use a tag from [languages] on the left, e.g. fr = \"fr-CA\"",
                );
                continue;
            }
            let value = cap_tag.get_ref();
            if crate::i18n::canonical_tag(value).is_err() {
                self.error(
                    cap_tag.span(),
                    format!("`{value}` is not a language tag"),
                    "write a tag such as en-CA or fr-CA",
                );
                continue;
            }
            cap_languages.insert(tag, cap_tag.into_inner());
        }
        let event_codes = raw
            .event_codes
            .into_iter()
            .map(|(id, codes)| {
                let at = Position::of_offset(self.text, codes.span().start);
                (id, (codes.into_inner(), at))
            })
            .collect();
        CapSettings {
            profile: raw.profile,
            sender,
            sender_name: None,
            web,
            contact: None,
            category: raw.category,
            status: raw.status,
            languages: cap_languages,
            event_codes,
            at,
        }
    }

    /// A CAP token (sender): no white space, comma, `<` or `&`.
    fn token(&mut self, key: &str, raw: Spanned<String>) -> Option<String> {
        let text = raw.get_ref();
        let bad = text.is_empty()
            || text
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, ',' | '<' | '&'));
        if bad {
            self.error(
                raw.span(),
                format!("[cap] {key} `{text}` may not be empty or hold spaces, commas, `<` or `&`"),
                "write a name such as police.example.org",
            );
            return None;
        }
        Some(raw.into_inner())
    }
}
