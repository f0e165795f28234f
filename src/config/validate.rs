//! Checks a deserialised `site.toml` (`raw`) and builds the model's `Config` from it, every
//! problem reported at its key with a hint.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::cap::CapReader;
use super::cms::cms_backend;
use super::loaded::{LoadedConfig, Reference, ReferenceKind};
use super::raw::{
    RawCap, RawConfig, RawInstitution, RawLanguage, RawLocalized, RawPosters, RawShare,
};
use crate::control_chars;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::{Language, canonical_tag, direction_of};
use crate::model::{
    CapSettings, Config, DropPolicy, Institution, Localized, Posters, SLUG_HINT, ShareSettings,
    SiteTimeZone, TaxonomyKind, is_valid_slug, split_base_url,
};

/// Entries per feed unless `feed_limit` says otherwise: years of advisories for a police
/// service, and a feed that readers can poll without downloading the whole archive.
pub const DEFAULT_FEED_LIMIT: usize = 50;

/// Advisories per listing page unless `paginate_by` says otherwise: a page that stays light on
/// a phone however large the site grows.
pub const DEFAULT_PAGINATE_BY: usize = 30;

pub(super) struct Validator<'a> {
    pub(super) file: &'a Path,
    pub(super) text: &'a str,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) references: Vec<Reference>,
}

impl Validator<'_> {
    fn error(&mut self, code: Code, span: Range<usize>, message: String, hint: &str) {
        let at = Position::of_offset(self.text, span.start);
        self.diagnostics.push(
            Diagnostic::error(code, self.file, at, message)
                .with_hint(hint)
                .with_source_from(self.text),
        );
    }

    pub(super) fn validate(mut self, raw: RawConfig) -> Result<LoadedConfig, Vec<Diagnostic>> {
        self.control_characters();
        let (base_url, base_path) = self.base_url(&raw.base_url);
        let languages = self.languages(&raw);
        let default_language = languages.first().map(|l| l.tag.clone()).unwrap_or_default();
        let title_at = Position::of_offset(self.text, raw.title.span().start);
        let title = self.localized(raw.title, &languages);
        let institutions = self.institutions(raw.institutions, &languages);
        // Posters are opt-in: a site without a [posters] table makes none (typesetting one per
        // advisory and language is the slowest part of a build).
        let posters = match raw.posters {
            Some(p) => self.posters(p, &languages, &institutions),
            None => no_posters(),
        };
        let (time_zone, cap) = self.alerting(raw.time_zone, raw.cap, &languages);
        let feed_limit = self.positive("feed_limit", raw.feed_limit, DEFAULT_FEED_LIMIT);
        let paginate_by = self.positive("paginate_by", raw.paginate_by, DEFAULT_PAGINATE_BY);
        let cms = raw
            .cms
            .and_then(|c| cms_backend(c, self.file, self.text, &mut self.diagnostics));
        let share = self.share(raw.share);
        crate::diagnostics::sort(&mut self.diagnostics);
        if languages.is_empty() {
            return Err(self.diagnostics);
        }
        let config = Config {
            title,
            title_at,
            base_url,
            base_path,
            default_language,
            theme: raw.theme,
            languages,
            posters,
            institutions,
            feed_limit,
            paginate_by,
            search: raw.search,
            time_zone,
            cap,
            cms,
            share,
            file: self.file.to_path_buf(),
        };
        Ok(LoadedConfig {
            config,
            references: self.references,
            diagnostics: self.diagnostics,
        })
    }

    /// `base_url`, split into the site's origin and its path (`/` when it is not valid).
    fn base_url(&mut self, raw: &Spanned<String>) -> (String, String) {
        split_base_url(raw.get_ref()).unwrap_or_else(|error| {
            self.error(
                Code::InvalidValue,
                raw.span(),
                error.to_string(),
                "write e.g. base_url = \"https://alerts.example.org\"",
            );
            (String::new(), "/".into())
        })
    }

    /// The `[[institutions]]`, each id used once.
    fn institutions(
        &mut self,
        raw: Vec<RawInstitution>,
        languages: &[Language],
    ) -> Vec<Institution> {
        let mut seen = std::collections::HashSet::new();
        let mut institutions = Vec::new();
        for raw_institution in raw {
            let span = raw_institution.id.span();
            let id = raw_institution.id.get_ref().clone();
            if !seen.insert(id.clone()) {
                self.error(
                    Code::DuplicateId,
                    span,
                    format!("institution id `{id}` is used twice"),
                    "give every institution its own id",
                );
            }
            institutions.extend(self.institution(raw_institution, languages));
        }
        institutions
    }

    /// `time_zone` and `[cap]`.
    fn alerting(
        &mut self,
        time_zone: Option<Spanned<String>>,
        mut raw: Option<Spanned<RawCap>>,
        languages: &[Language],
    ) -> (Option<SiteTimeZone>, CapSettings) {
        let names = raw
            .as_mut()
            .map(|r| (r.get_mut().sender_name.take(), r.get_mut().contact.take()));
        let mut reader = CapReader {
            file: self.file,
            text: self.text,
            diagnostics: &mut self.diagnostics,
        };
        let time_zone = reader.time_zone(time_zone);
        let mut settings = reader.settings(raw, languages);
        if let Some((sender_name, contact)) = names {
            settings.sender_name = sender_name.map(|n| self.localized(n, languages));
            settings.contact = contact.map(|c| self.localized(c, languages));
        }
        (time_zone, settings)
    }

    /// Reports every text holding a control character other than tab and line feed (TOML
    /// refuses them raw, but an escape such as `\u0007` makes one), at its escape.
    fn control_characters(&mut self) {
        let Ok(table) = toml::de::DeTable::parse(self.text) else {
            return;
        };
        let mut found = Vec::new();
        find_control_characters(table.get_ref(), &mut Vec::new(), &mut found);
        for (key, start, c) in found {
            let offset = start + control_chars::locate(&self.text[start..]).unwrap_or(0);
            self.error(
                Code::ControlCharacter,
                offset..offset,
                format!(
                    "`{key}` contains the invisible control character {}",
                    control_chars::code_point(c)
                ),
                control_chars::HINT,
            );
        }
    }

    /// A count setting (`feed_limit`, `paginate_by`): a positive number, else `default`.
    fn positive(&mut self, key: &str, raw: Option<Spanned<i64>>, default: usize) -> usize {
        let Some(raw) = raw else {
            return default;
        };
        match usize::try_from(*raw.get_ref()) {
            Ok(value) if value > 0 => value,
            _ => {
                self.error(
                    Code::InvalidValue,
                    raw.span(),
                    format!("{key} must be at least 1, not {}", raw.get_ref()),
                    &format!("write a positive number, e.g. {key} = {default}, or remove the line ({default})"),
                );
                default
            }
        }
    }

    /// `[share]`: every part on unless switched off.
    fn share(&mut self, raw: Option<RawShare>) -> ShareSettings {
        let Some(raw) = raw else {
            return ShareSettings::WITHOUT_TABLE;
        };
        ShareSettings {
            cards: raw.cards,
            slides: raw.slides,
            screens: raw.screens,
            sms: raw.sms,
            messaging: raw.messaging,
            email: raw.email,
            sms_max_segments: self.positive(
                "sms_max_segments",
                raw.sms_max_segments,
                ShareSettings::DEFAULT_SMS_MAX_SEGMENTS,
            ),
        }
    }

    /// The configured languages, the default first.
    fn languages(&mut self, raw: &RawConfig) -> Vec<Language> {
        let mut languages: Vec<Language> = Vec::new();
        for (tag, language) in raw.languages.get_ref() {
            let span = self.key_span(tag, raw.languages.span());
            match canonical_tag(tag) {
                Ok(canonical) => {
                    if canonical != *tag {
                        self.error(
                            Code::InvalidLanguage,
                            span,
                            format!("language tag `{tag}` is not in canonical form"),
                            &format!("write it as `{canonical}`"),
                        );
                    }
                    // Kept under its canonical tag (the build fails anyway), so that texts given
                    // for it elsewhere are not also reported as given for an unknown language.
                    languages.push(Language {
                        tag: canonical.clone(),
                        name: language.name.clone(),
                        dir: direction_of(&canonical),
                        url_segment: canonical.to_lowercase(),
                        min_coverage: self.min_coverage(language),
                    });
                }
                Err(invalid) => self.error(
                    Code::InvalidLanguage,
                    span,
                    invalid.to_string(),
                    "use a BCP 47 tag such as en, fr, zh-Hans or ar",
                ),
            }
        }
        let default = raw.default_language.get_ref();
        match languages.iter().position(|l| l.tag == *default) {
            Some(i) => {
                let mut language = languages.remove(i);
                language.url_segment.clear();
                languages.insert(0, language);
            }
            None => self.error(
                Code::UnknownLanguage,
                raw.default_language.span(),
                format!("the default language `{default}` is not configured under [languages]"),
                &format!("add a [languages.{default}] table with its name"),
            ),
        }
        languages
    }

    /// A language's `min_coverage`, if given and a share between 0 and 1.
    fn min_coverage(&mut self, language: &RawLanguage) -> Option<f64> {
        let raw = language.min_coverage.as_ref()?;
        let value = *raw.get_ref();
        if (0.0..=1.0).contains(&value) {
            return Some(value);
        }
        self.error(
            Code::InvalidValue,
            raw.span(),
            format!("min_coverage = {value} is not a share between 0 and 1"),
            "write the share of words that must be translated, e.g. 0.8 for 80%",
        );
        None
    }

    /// The span of a table key: `[languages.<tag>]` headers or `<tag> = …` lines in the table.
    fn key_span(&self, key: &str, table: Range<usize>) -> Range<usize> {
        let quoted = format!("\"{key}\"");
        [
            ("languages.", quoted.as_str(), "]"),
            ("languages.", key, "]"),
            ("", key, " ="),
            ("", key, "="),
        ]
        .iter()
        .find_map(|(before, name, after)| {
            let start = self.text.find(&format!("{before}{name}{after}"))? + before.len();
            Some(start..start + name.len())
        })
        .unwrap_or(table)
    }

    fn localized(&mut self, raw: Spanned<RawLocalized>, languages: &[Language]) -> Localized {
        let span = raw.span();
        match raw.into_inner() {
            RawLocalized::Plain(text) => Localized::Plain(text),
            RawLocalized::PerLanguage(map) => {
                for tag in map
                    .keys()
                    .filter(|t| !languages.iter().any(|l| l.tag == **t))
                {
                    self.error(
                        Code::UnknownLanguage,
                        span.clone(),
                        format!("text given for `{tag}`, a language the site does not configure"),
                        "add the language under [languages] or remove this text",
                    );
                }
                Localized::PerLanguage(map)
            }
        }
    }

    /// `[posters]`: the languages and institutions it restricts posters to must exist; its
    /// regions are resolved with the content.
    fn posters(
        &mut self,
        raw: RawPosters,
        languages: &[Language],
        institutions: &[Institution],
    ) -> Posters {
        let mut known = |list: Vec<Spanned<String>>, what: &str, ids: &[&str], hint: &str| {
            let mut kept = Vec::new();
            for item in list {
                if ids.contains(&item.get_ref().as_str()) {
                    kept.push(item.into_inner());
                } else {
                    let message = format!(
                        "[posters] asks for {what} `{}`, which the site does not configure",
                        item.get_ref()
                    );
                    self.error(Code::InvalidValue, item.span(), message, hint);
                }
            }
            kept
        };
        let tags: Vec<&str> = languages.iter().map(|l| l.tag.as_str()).collect();
        let ids: Vec<&str> = institutions.iter().map(|i| i.id.as_str()).collect();
        let poster_languages = known(
            raw.languages,
            "the language",
            &tags,
            "use one of the tags under [languages]",
        );
        let poster_institutions = raw.institutions.map(|list| {
            known(
                list,
                "the institution",
                &ids,
                "use the id of one of the [[institutions]]",
            )
        });
        let regions = self.terms(TaxonomyKind::Regions, raw.regions);
        let scam_types = self.terms(TaxonomyKind::ScamTypes, raw.scam_types);
        let audiences = self.terms(TaxonomyKind::Audiences, raw.audiences);
        Posters {
            sizes: raw.sizes,
            layouts: raw.layouts,
            tear_off: raw.tear_off,
            bundle: raw.bundle,
            drop: raw.drop,
            languages: poster_languages,
            regions,
            scam_types,
            audiences,
            institutions: poster_institutions,
        }
    }

    /// Terms of `kind` that `[posters]` restricts posters to: resolved with the content (an
    /// unknown one is an error at its line of `site.toml`).
    fn terms(&mut self, kind: TaxonomyKind, list: Vec<Spanned<String>>) -> Vec<String> {
        list.into_iter()
            .map(|term| {
                let at = Position::of_offset(self.text, term.span().start);
                let line_text = self.text.lines().nth(at.line - 1).unwrap_or_default();
                self.references.push(Reference {
                    kind: ReferenceKind::Term(kind),
                    id: term.get_ref().clone(),
                    at,
                    line_text: line_text.to_owned(),
                });
                term.into_inner()
            })
            .collect()
    }

    fn institution(&mut self, raw: RawInstitution, languages: &[Language]) -> Option<Institution> {
        let id = raw.id.get_ref().clone();
        let at = Position::of_offset(self.text, raw.id.span().start);
        if !is_valid_slug(&id) {
            self.error(
                Code::InvalidSlug,
                raw.id.span(),
                format!("institution id `{id}` is not a valid slug"),
                SLUG_HINT,
            );
        }
        let name = self.localized(raw.name, languages);
        let count = raw.languages.get_ref().len();
        if !(1..=2).contains(&count) {
            self.error(
                Code::InvalidValue,
                raw.languages.span(),
                format!("institution `{id}` lists {count} poster languages"),
                "give one language (a single-language poster) or two (a bilingual poster)",
            );
        }
        let mut poster_languages = Vec::new();
        for tag in raw.languages.into_inner() {
            if languages.iter().any(|l| l.tag == *tag.get_ref()) {
                poster_languages.push(tag.into_inner());
            } else {
                self.error(
                    Code::UnknownLanguage,
                    tag.span(),
                    format!(
                        "institution `{id}` asks for `{}`, a language the site does not configure",
                        tag.get_ref()
                    ),
                    "use one of the tags under [languages]",
                );
            }
        }
        let mut refer = |kind, list: Vec<Spanned<String>>| -> Vec<String> {
            list.into_iter()
                .map(|s| {
                    let at = Position::of_offset(self.text, s.span().start);
                    let id = s.into_inner();
                    let line_text = self
                        .text
                        .lines()
                        .nth(at.line - 1)
                        .unwrap_or_default()
                        .to_owned();
                    self.references.push(Reference {
                        kind,
                        id: id.clone(),
                        at,
                        line_text,
                    });
                    id
                })
                .collect()
        };
        let regions = refer(ReferenceKind::Term(TaxonomyKind::Regions), raw.regions);
        let contacts = refer(ReferenceKind::Contact, raw.contacts);
        Some(Institution {
            id,
            at,
            name,
            regions,
            languages: poster_languages,
            contacts,
        })
    }
}

/// The strings of a TOML table holding a refused control character: their dotted key, where
/// they start, and the first such character.
fn find_control_characters<'t>(
    table: &'t toml::de::DeTable<'t>,
    path: &mut Vec<&'t str>,
    found: &mut Vec<(String, usize, char)>,
) {
    for (key, value) in table.iter() {
        path.push(key.get_ref());
        find_in_value(value, path, found);
        path.pop();
    }
}

fn find_in_value<'t>(
    value: &'t Spanned<toml::de::DeValue<'t>>,
    path: &mut Vec<&'t str>,
    found: &mut Vec<(String, usize, char)>,
) {
    match value.get_ref() {
        toml::de::DeValue::String(text) => {
            if let Some((_, c)) = control_chars::first_refused(text) {
                found.push((path.join("."), value.span().start, c));
            }
        }
        toml::de::DeValue::Array(items) => {
            for item in items {
                find_in_value(item, path, found);
            }
        }
        toml::de::DeValue::Table(table) => find_control_characters(table, path, found),
        _ => {}
    }
}

/// The posters of a site without a `[posters]` table: none.
fn no_posters() -> Posters {
    Posters {
        sizes: Vec::new(),
        layouts: Vec::new(),
        tear_off: false,
        bundle: false,
        drop: DropPolicy::Warning,
        languages: Vec::new(),
        regions: Vec::new(),
        scam_types: Vec::new(),
        audiences: Vec::new(),
        institutions: None,
    }
}
