//! The alerting settings of `site.toml`: the site's `time_zone` and the `[cap]` table (CAP
//! profile, sender, event codes per scam type, category, status, CAP language tags, the review
//! period `expires_after`).
//!
//! Ids of scam types in `[cap.event_codes]` refer to the content; `check` reports the ones
//! `taxonomies.yaml` does not define (this module never reads `content/`).

use std::ops::Range;

use indexmap::IndexMap;
use jiff::tz::TimeZone;
use toml::Spanned;

use super::raw::RawCap;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::Language;
use crate::model::{CapSettings, SiteTimeZone};
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
        let expires_after = raw.expires_after.and_then(|p| self.period(p));
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
            expires_after,
            event_codes,
            at,
        }
    }

    /// The review period: a positive span of years, months, weeks or days, in jiff's friendly
    /// (`1 year`, `6 months`) or ISO 8601 (`P1Y`) form.
    fn period(&mut self, raw: Spanned<String>) -> Option<jiff::Span> {
        let span = raw.get_ref().trim().parse::<jiff::Span>().ok().filter(|s| {
            s.is_positive()
                && s.get_hours() == 0
                && s.get_minutes() == 0
                && s.get_seconds() == 0
                && s.get_milliseconds() == 0
                && s.get_microseconds() == 0
                && s.get_nanoseconds() == 0
        });
        if span.is_none() {
            self.error(
                raw.span(),
                format!("[cap] expires_after `{}` is not a period of days, weeks, months or years", raw.get_ref()),
                "write how long an advisory stays current after its facts were checked, e.g. expires_after = \"1 year\" or \"6 months\"",
            );
        }
        span
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
