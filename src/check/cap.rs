//! The rules of the site's CAP profile (`[cap] profile`), as Google's cap-library states them
//! for CAP-CP, Google Public Alerts and IPAWS, checked on the model the alerts are made from.
//! Each diagnostic names its profile and rule and points at the line that fixes it: the
//! region in `content/taxonomies.yaml`, the advisory's front matter, or `site.toml`.
//!
//! The profile's errors are errors; its recommendations are infos. Rules the alerts meet by
//! construction are not checked (docs/cap-profiles.md lists every rule and which is which):
//! one `<category>` and the same event codes in every language, a `<web>` link and a
//! `<contact>` in every `<info>` (`contacts` is required), the profile's `<code>`, an `<info>`
//! in every message, references in every Update and Cancel, and a Cancel's `expires` never
//! before it is sent.

use std::path::Path;

use super::sources::{Part, SourceMap, keys};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::model::{Advisory, RetiredAdvisory, Site, TaxonomyKind};
use crate::model::{CapProfile, CapStatus, ValuePair};

const TAXONOMIES: &str = "content/taxonomies.yaml";
/// Google's headline limit, in UTF-16 code units as Java counts them.
const HEADLINE_LIMIT: usize = 140;

/// Every rule of the site's profile that its alerts break.
pub fn check_cap(site: &Site, sources: &SourceMap) -> Vec<Diagnostic> {
    let profile = site.config.cap.profile;
    if profile == CapProfile::None {
        return Vec::new();
    }
    let mut rules = Rules {
        site,
        sources,
        profile,
        found: Vec::new(),
    };
    rules.time_zone();
    rules.status();
    rules.regions();
    rules.event_codes();
    for advisory in &site.advisories {
        rules.advisory(advisory);
    }
    for entry in &site.retired {
        rules.removed(entry);
    }
    rules.found
}

/// Whether a rule is one of the profile's errors or a recommendation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Error,
    Recommendation,
}

struct Rules<'a> {
    site: &'a Site,
    sources: &'a SourceMap,
    profile: CapProfile,
    found: Vec<Diagnostic>,
}

impl<'a> Rules<'a> {
    fn name(&self) -> &'static str {
        match self.profile {
            CapProfile::CapCp => "CAP-CP",
            CapProfile::Google => "Google",
            CapProfile::Ipaws => "IPAWS",
            CapProfile::None => "CAP",
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        code: Code,
        level: Level,
        rule: &str,
        file: &Path,
        at: Position,
        message: &str,
        hint: &str,
    ) {
        let text = format!("{} {rule}: {message}", self.name());
        let d = self.sources.at(code, file, at, text).with_hint(hint);
        self.found.push(match level {
            Level::Error => d,
            Level::Recommendation => d.as_info(),
        });
    }

    /// A zero offset (no `time_zone`, or a zone at UTC).
    fn time_zone(&mut self) {
        let (rule, level) = match self.profile {
            CapProfile::Ipaws => ("SENT_INCLUDE_TIMEZONE_OFFSET", Level::Error),
            CapProfile::Google => (
                "SENT_INCLUDES_UTC_TIMEZONE, EXPIRES_INCLUDES_UTC_TIMEZONE",
                Level::Recommendation,
            ),
            _ => ("SENT_INCLUDE_TIMEZONE_OFFSET", Level::Recommendation),
        };
        let zero = match &self.site.config.time_zone {
            None => true,
            Some(tz) => self.site.advisories.iter().any(|a| {
                std::iter::once(a.last_modified_at())
                    .chain(a.expires_at())
                    .any(|at| {
                        tz.zone
                            .to_ambiguous_zoned(at)
                            .compatible()
                            .is_ok_and(|z| z.offset().seconds() == 0)
                    })
            }),
        };
        if zero {
            let file = self.site.config.file.clone();
            self.push(
                Code::CapTimeZone,
                level,
                rule,
                &file,
                Position::new(1, 1),
                "alerts are sent or expire with a zero (UTC) offset, which is unlikely for a local alert",
                "set the site's zone, e.g. time_zone = \"America/Edmonton\", at the top of site.toml",
            );
        }
    }

    /// The term ids of `kind` that the advisories and the removed advisories of
    /// `retired.yaml` use, each once.
    fn used_terms(&self, kind: TaxonomyKind) -> Vec<&'a str> {
        let site: &'a Site = self.site;
        let advisories = site
            .advisories
            .iter()
            .flat_map(move |a| a.terms.get(&kind).into_iter().flatten());
        let removed = site.retired.iter().flat_map(move |r| match kind {
            TaxonomyKind::Regions => r.regions.iter(),
            _ => r.scam_types.iter(),
        });
        let mut used: Vec<&'a str> = Vec::new();
        for id in advisories.chain(removed) {
            if !used.contains(&id.as_str()) {
                used.push(id);
            }
        }
        used
    }

    /// A removed advisory's Cancel (`retired.yaml`) needs an area, and an expiry where the
    /// profile requires one; both point at the entry.
    fn removed(&mut self, entry: &RetiredAdvisory) {
        let file = entry.file.clone();
        let name = &entry.slug;
        if entry.regions.is_empty() {
            self.push(
                Code::CapArea,
                Level::Error,
                "AREA_IS_REQUIRED",
                &file,
                entry.at,
                &format!("`{name}` has no region, so its Cancel has no <area>"),
                "add `regions: [calgary]` to the entry, as the removed advisory had them",
            );
        }
        if entry.expires.is_none() && self.profile != CapProfile::CapCp {
            self.push(
                Code::CapExpires,
                Level::Error,
                "EXPIRES_IS_REQUIRED",
                &file,
                entry.at,
                &format!("`{name}` has no `expires`, so its Cancel has no <expires>"),
                "add `expires:` or `reviewed:` to the entry as the removed advisory had them, or set [cap] expires_after",
            );
        }
    }

    /// Areas and geocodes of every region an advisory uses, once per region.
    fn regions(&mut self) {
        let used = self.used_terms(TaxonomyKind::Regions);
        for id in used {
            let area = self.site.taxonomies.areas.get(id);
            let geocodes = area.map_or(&[][..], |a| a.geocodes.as_slice());
            let shaped = area.is_some_and(|a| a.polygon.is_some() || a.circle.is_some());
            if !shaped && matches!(self.profile, CapProfile::CapCp | CapProfile::Google) {
                self.region(
                    id,
                    "CIRCLE_POLYGON_ENCOURAGED",
                    Level::Recommendation,
                    "has no polygon or circle, which locate an alert more precisely than a geocode",
                    "add `polygon:` or `circle:` under the region, from an official boundary",
                );
            }
            let (rule, level, message, hint) = match self.profile {
                CapProfile::CapCp if !has(geocodes, "profile:CAP-CP:Location") => (
                    "AREA_GEOCODE_IS_REQUIRED",
                    Level::Error,
                    "needs a geocode from the CAP-CP Location References",
                    "add under the region: geocodes: [{ valueName: \"profile:CAP-CP:Location:0.3\", value: \"<SGC code>\" }]",
                ),
                CapProfile::Google if geocodes.is_empty() && !shaped => (
                    "CIRCLE_POLYGON_OR_GEOCODE_IS_REQUIRED",
                    Level::Error,
                    "needs a circle, a polygon or a geocode",
                    "add `geocodes:`, `polygon:` or `circle:` under the region",
                ),
                CapProfile::Ipaws
                    if !geocodes
                        .iter()
                        .any(|g| g.value_name == "SAME" && g.value.len() == 6) =>
                {
                    (
                        "AREA_SAME_GEOCODE_RECOMMENDED",
                        Level::Recommendation,
                        "has no SAME geocode (6 digits)",
                        "add under the region: geocodes: [{ valueName: SAME, value: \"<6-digit code>\" }]",
                    )
                }
                _ => continue,
            };
            self.region(id, rule, level, message, hint);
        }
    }

    /// A rule a region breaks, at the region in `content/taxonomies.yaml`.
    fn region(&mut self, id: &str, rule: &str, level: Level, message: &str, hint: &str) {
        let at =
            self.sources
                .yaml_position(Path::new(TAXONOMIES), &keys(&["regions", id]), Part::Key);
        let message = format!("region `{id}` {message}");
        self.push(
            Code::CapArea,
            level,
            rule,
            Path::new(TAXONOMIES),
            at,
            &message,
            hint,
        );
    }

    /// Google leaves Test alerts out of Public Alerts.
    fn status(&mut self) {
        let cap = &self.site.config.cap;
        if self.profile == CapProfile::Google && cap.status == CapStatus::Test {
            let (file, at) = (self.site.config.file.clone(), cap.at);
            self.push(
                Code::CapStatus,
                Level::Recommendation,
                "TEST_ALERT_DISCOURAGED",
                &file,
                at,
                "[cap] status is \"Test\": Google Public Alerts does not show Test alerts",
                "set status = \"Actual\" once the consumer has accepted the test feed",
            );
        }
    }

    /// Event codes of every scam type an advisory uses, once per scam type.
    fn event_codes(&mut self) {
        let cap = &self.site.config.cap;
        let used = self.used_terms(TaxonomyKind::ScamTypes);
        for id in used {
            let (codes, at) = match cap.event_codes.get(id) {
                Some((codes, at)) => (codes.as_slice(), *at),
                None => (&[][..], cap.at),
            };
            let (rule, message, hint) = match self.profile {
                CapProfile::CapCp if !has(codes, "profile:CAP-CP:Event:") => (
                    "RECOGNIZED_EVENT_CODE_REQUIRED",
                    "needs an eventCode from the CAP-CP Event References",
                    format!(
                        "add under [cap.event_codes]: {id} = [{{ valueName = \"profile:CAP-CP:Event:0.4\", value = \"crime\" }}]"
                    ),
                ),
                CapProfile::Ipaws
                    if codes.iter().filter(|c| c.value_name == "SAME").count() != 1
                        || !codes
                            .iter()
                            .any(|c| c.value_name == "SAME" && c.value.len() == 3) =>
                {
                    (
                        "SAME_EVENT_CODE_REQUIRED",
                        "needs exactly one SAME eventCode (three letters)",
                        format!(
                            "add under [cap.event_codes]: {id} = [{{ valueName = \"SAME\", value = \"<code your alerting authority gives>\" }}]"
                        ),
                    )
                }
                _ => continue,
            };
            let file = self.site.config.file.clone();
            let message = format!("scam type `{id}` {message}");
            self.push(
                Code::CapEventCode,
                Level::Error,
                rule,
                &file,
                at,
                &message,
                &hint,
            );
        }
    }

    fn advisory(&mut self, advisory: &Advisory) {
        let file = advisory.source().file.clone();
        if advisory
            .terms
            .get(&TaxonomyKind::Regions)
            .is_none_or(Vec::is_empty)
        {
            let at = self.front_matter(&file, "date");
            self.push(
                Code::CapArea,
                Level::Error,
                "AREA_IS_REQUIRED",
                &file,
                at,
                "the advisory has no region, so its alert has no <area>",
                "add `regions: [calgary]` (ids from content/taxonomies.yaml)",
            );
        }
        if advisory.expires.is_none() {
            let level = match self.profile {
                CapProfile::CapCp => Level::Recommendation,
                _ => Level::Error,
            };
            let rule = if level == Level::Error {
                "EXPIRES_IS_REQUIRED"
            } else {
                "EXPIRES_STRONGLY_RECOMMENDED"
            };
            let at = self.front_matter(&file, "date");
            self.push(
                Code::CapExpires,
                level,
                rule,
                &file,
                at,
                "the advisory has no `expires`, so its alert never expires",
                "add `expires: YYYY-MM-DD` under `date:` (the last day the warning is current), or set the site's review period, [cap] expires_after = \"1 year\", and `reviewed: YYYY-MM-DD` when the facts were last checked",
            );
        }
        if self.profile == CapProfile::Google {
            self.headlines(advisory);
            self.updated_after_expiry(advisory);
        }
        if self.profile == CapProfile::CapCp {
            self.english_and_french(advisory);
        }
    }

    /// An Update sent after the `expires` it carries (a Cancel's `expires` is never before it).
    fn updated_after_expiry(&mut self, advisory: &Advisory) {
        let (Some(updated), Some(expires)) = (advisory.updated_at(), advisory.expires_at()) else {
            return;
        };
        if updated <= expires {
            return;
        }
        let file = advisory.source().file.clone();
        let at = self.front_matter(&file, "updated");
        let message = format!(
            "the update of {} is sent after the alert's `expires` ({})",
            updated.date(),
            expires.date()
        );
        self.push(
            Code::CapExpires,
            Level::Error,
            "EFFECTIVE_NOT_AFTER_EXPIRES",
            &file,
            at,
            &message,
            "move `expires` after `updated` if the warning is current again, or remove `expires` to use the review period",
        );
    }

    fn headlines(&mut self, advisory: &Advisory) {
        for text in advisory.texts.values() {
            let Some(title) = &text.title else { continue };
            let length = title.encode_utf16().count();
            if length > HEADLINE_LIMIT {
                let at = self.front_matter(&text.file, "title");
                let message = format!(
                    "the headline (`title`) is {length} characters long, more than {HEADLINE_LIMIT}"
                );
                self.push(
                    Code::CapHeadline,
                    Level::Recommendation,
                    "HEADLINE_TOO_LONG",
                    &text.file.clone(),
                    at,
                    &message,
                    "shorten the title: alerting systems cut long headlines",
                );
            }
        }
    }

    fn english_and_french(&mut self, advisory: &Advisory) {
        let cap = &self.site.config.cap;
        let tags: Vec<&str> = advisory.texts.keys().map(|t| cap.language(t)).collect();
        let english = tags.iter().any(|t| *t == "en-CA" || *t == "en-US");
        let french = tags.contains(&"fr-CA");
        if english && french {
            return;
        }
        let file = advisory.source().file.clone();
        let at = self.front_matter(&file, "title");
        self.push(Code::CapLanguages, Level::Recommendation, "ENGLISH_AND_FRENCH", &file, at,
            &format!("the alert's languages are {}; CAP-CP expects one <info> in en-CA and one in fr-CA", tags.join(", ")),
            "translate the advisory into French, and map the site's tags in site.toml: [cap] languages = { en = \"en-CA\", fr = \"fr-CA\" }");
    }

    fn front_matter(&self, file: &Path, key: &str) -> Position {
        self.sources.yaml_position(file, &keys(&[key]), Part::Key)
    }
}

/// Whether a code's `valueName` starts with `prefix`.
fn has(codes: &[ValuePair], prefix: &str) -> bool {
    codes.iter().any(|c| c.value_name.starts_with(prefix))
}
