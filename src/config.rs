//! `site.toml` → `model::Config`: title, base URL, languages, poster settings and institutions.
//!
//! Everything that can be checked from `site.toml` alone is checked here; references into the
//! content (institution contacts and regions) are returned as `Reference`s for the content
//! loader to resolve, so this module never reads `content/`.

use std::ops::Range;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::control_chars;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::{Language, canonical_tag, direction_of};
use crate::model::{
    Config, DropPolicy, Institution, Localized, PaperSize, Posters, SLUG_HINT, is_valid_slug,
    split_base_url,
};
use crate::source::{SourceError, read_bytes};

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "site.toml";

/// What an id in `site.toml` refers to in the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// An id in `contacts.yaml`.
    Contact,
    /// A region id in `taxonomies.yaml`.
    Region,
}

/// An id in `site.toml` that the content loader must resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// What it refers to.
    pub kind: ReferenceKind,
    /// The id.
    pub id: String,
    /// Where it is written.
    pub at: Position,
    /// The line of `site.toml` it is written on, for quoting.
    pub line_text: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawLocalized {
    Plain(String),
    PerLanguage(IndexMap<String, String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Spanned<RawLocalized>,
    base_url: Spanned<String>,
    default_language: Spanned<String>,
    #[serde(default = "default_theme")]
    theme: String,
    languages: Spanned<IndexMap<String, RawLanguage>>,
    #[serde(default)]
    posters: Option<RawPosters>,
    #[serde(default)]
    institutions: Vec<RawInstitution>,
    feed_limit: Option<Spanned<i64>>,
    paginate_by: Option<Spanned<i64>>,
    #[serde(default = "default_search")]
    search: bool,
}

fn default_search() -> bool {
    true
}

/// Entries per feed unless `feed_limit` says otherwise: years of advisories for a police
/// service, and a feed that readers can poll without downloading the whole archive.
pub const DEFAULT_FEED_LIMIT: usize = 50;

/// Advisories per listing page unless `paginate_by` says otherwise: a page that stays light on
/// a phone however large the site grows.
pub const DEFAULT_PAGINATE_BY: usize = 30;

fn default_theme() -> String {
    "default".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    min_coverage: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPosters {
    #[serde(default = "default_sizes")]
    sizes: Vec<PaperSize>,
    #[serde(default)]
    tear_off: bool,
    #[serde(default)]
    drop: DropPolicy,
}

fn default_sizes() -> Vec<PaperSize> {
    vec![PaperSize::Letter]
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstitution {
    id: Spanned<String>,
    name: Spanned<RawLocalized>,
    #[serde(default)]
    regions: Vec<Spanned<String>>,
    languages: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    contacts: Vec<Spanned<String>>,
}

/// A parsed `site.toml`.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The configuration: usable to check the content even when `diagnostics` has errors, but
    /// never to build the site.
    pub config: Config,
    /// The ids it refers to, for the content loader to resolve.
    pub references: Vec<Reference>,
    /// The problems found in it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and validates `site.toml` in `root`. Fails outright only when the content cannot be
/// checked against it (unreadable, not TOML, or no usable language); other problems are returned
/// with the configuration, so that they are reported together with the content's.
pub fn load_config(root: &Path) -> Result<LoadedConfig, Vec<Diagnostic>> {
    let file = PathBuf::from(CONFIG_FILE);
    // The same policy as every file of the site (`crate::source`): a link is refused.
    let text = read_bytes(&root.join(CONFIG_FILE)).map_err(|err| {
        let hint = match err {
            SourceError::Symlink => "copy the file into the site instead of linking to it",
            _ => NO_SITE_HINT,
        };
        vec![
            Diagnostic::error(
                Code::Io,
                &file,
                Position::default(),
                format!("cannot read {CONFIG_FILE}: {err}"),
            )
            .with_hint(hint),
        ]
    })?;
    crate::encoding::reject_wide_text(&text, &file).map_err(|d| vec![d])?;
    let text = String::from_utf8(text).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let at = Position::of_offset(&String::from_utf8_lossy(valid), valid.len());
        let lossy = String::from_utf8_lossy(err.as_bytes()).replace("\r\n", "\n");
        vec![
            Diagnostic::error(
                Code::NotUtf8,
                &file,
                at,
                format!("{CONFIG_FILE} is not UTF-8 text"),
            )
            .with_hint("save the file as UTF-8")
            .with_source_from(lossy.trim_start_matches('\u{feff}')),
        ]
    })?;
    parse_config(&file, text.trim_start_matches('\u{feff}'))
}

const NO_SITE_HINT: &str =
    "run redflag in a site folder, pass --root DIR, or create one with `redflag init`";

/// Whether `diagnostics` say that there is no readable `site.toml`: no site to work on, so the
/// command could not run at all (exit code 2, where problems in a site give 1).
pub fn no_site(diagnostics: &[Diagnostic]) -> bool {
    matches!(diagnostics, [d] if d.code == Code::Io
        && d.file == Path::new(CONFIG_FILE)
        && d.hint.as_deref() == Some(NO_SITE_HINT))
}

/// Parses and validates the text of a `site.toml` (see `load_config`).
pub fn parse_config(file: &Path, text: &str) -> Result<LoadedConfig, Vec<Diagnostic>> {
    let raw: RawConfig = toml::from_str(text).map_err(|err| {
        let at = err
            .span()
            .map_or(Position::new(1, 1), |s| Position::of_offset(text, s.start));
        vec![
            Diagnostic::error(
                Code::TomlSyntax,
                file,
                at,
                format!("invalid {CONFIG_FILE}: {}", err.message().trim()),
            )
            .with_hint("see the site.toml section of docs/writing-advisories.md for every key")
            .with_source_from(text),
        ]
    })?;
    Validator {
        file,
        text,
        diagnostics: Vec::new(),
        references: Vec::new(),
    }
    .validate(raw)
}

struct Validator<'a> {
    file: &'a Path,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
    references: Vec<Reference>,
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

    fn validate(mut self, raw: RawConfig) -> Result<LoadedConfig, Vec<Diagnostic>> {
        self.control_characters();
        let (base_url, base_path) =
            split_base_url(raw.base_url.get_ref()).unwrap_or_else(|message| {
                self.error(
                    Code::InvalidValue,
                    raw.base_url.span(),
                    message,
                    "write e.g. base_url = \"https://alerts.example.org\"",
                );
                (String::new(), "/".into())
            });
        let languages = self.languages(&raw);
        let default_language = languages.first().map(|l| l.tag.clone()).unwrap_or_default();
        let title_at = Position::of_offset(self.text, raw.title.span().start);
        let title = self.localized(raw.title, &languages);
        let mut seen = std::collections::HashSet::new();
        let mut institutions = Vec::new();
        for raw_institution in raw.institutions {
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
            institutions.extend(self.institution(raw_institution, &languages));
        }
        // Posters are opt-in: a site without a [posters] table makes none (typesetting one per
        // advisory and language is the slowest part of a build).
        let posters = raw.posters.map_or(
            Posters {
                sizes: Vec::new(),
                tear_off: false,
                drop: DropPolicy::Warning,
            },
            |p| Posters {
                sizes: p.sizes,
                tear_off: p.tear_off,
                drop: p.drop,
            },
        );
        let feed_limit = self.positive("feed_limit", raw.feed_limit, DEFAULT_FEED_LIMIT);
        let paginate_by = self.positive("paginate_by", raw.paginate_by, DEFAULT_PAGINATE_BY);
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
            file: self.file.to_path_buf(),
        };
        Ok(LoadedConfig {
            config,
            references: self.references,
            diagnostics: self.diagnostics,
        })
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
                Err(message) => self.error(
                    Code::InvalidLanguage,
                    span,
                    message,
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
        let regions = refer(ReferenceKind::Region, raw.regions);
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

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = { en = "Scam Alert", fr = "Alerte arnaque" }
base_url = "https://alerts.example.org/campus/"
default_language = "en"

[languages.fr]
name = "Français"
[languages.en]
name = "English"
[languages.ar]
name = "العربية"

[posters]
sizes = ["letter", "a4"]
tear_off = true

[[institutions]]
id = "sample-college"
name = "Sample College"
regions = ["calgary"]
languages = ["en", "ar"]
contacts = ["campus-security"]
"#;

    /// Every problem found in a `site.toml`, whether or not it stops the loading.
    fn errors(text: &str) -> Vec<Diagnostic> {
        match parse_config(Path::new("site.toml"), text) {
            Ok(loaded) => loaded.diagnostics,
            Err(diagnostics) => diagnostics,
        }
    }

    #[test]
    fn parses_a_valid_config() {
        let LoadedConfig {
            config,
            references: refs,
            diagnostics,
        } = parse_config(Path::new("site.toml"), GOOD).unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let tags: Vec<_> = config.languages.iter().map(|l| l.tag.as_str()).collect();
        assert_eq!(tags, ["en", "fr", "ar"]);
        assert_eq!(config.languages[0].url_segment, "");
        assert_eq!(config.languages[2].dir, crate::i18n::Direction::Rtl);
        assert_eq!(config.base_path, "/campus/");
        assert_eq!(config.base_url, "https://alerts.example.org/campus");
        assert_eq!(config.posters.sizes, [PaperSize::Letter, PaperSize::A4]);
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[1].at.line, 22);
    }

    #[test]
    fn reports_unknown_keys_with_line() {
        let text = GOOD.replace("tear_off", "tearoff");
        let errs = errors(&text);
        assert_eq!(errs[0].code, Code::TomlSyntax);
        assert_eq!(errs[0].line, 15);
        assert!(errs[0].message.contains("tearoff"), "{}", errs[0].message);
    }

    #[test]
    fn reports_every_semantic_problem() {
        let text = GOOD
            .replace("default_language = \"en\"", "default_language = \"de\"")
            .replace("[languages.ar]", "[languages.zh-hans]")
            .replace("[\"en\", \"ar\"]", "[\"en\", \"ar\", \"fr\"]");
        let errs = errors(&text);
        let codes: Vec<_> = errs.iter().map(|d| (d.code, d.line)).collect();
        assert!(codes.is_sorted_by_key(|(_, line)| *line), "{codes:?}");
        assert!(codes.contains(&(Code::InvalidLanguage, 10)), "{codes:?}");
        assert!(codes.contains(&(Code::UnknownLanguage, 4)), "{codes:?}");
        assert!(
            codes.iter().any(|(c, _)| *c == Code::InvalidValue),
            "{codes:?}"
        );
    }

    #[test]
    fn a_non_canonical_tag_is_reported_once_at_the_tag() {
        let text = GOOD.replace("[languages.fr]", "[languages.FR]");
        let errs = errors(&text);
        let found: Vec<_> = errs.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(found, [(Code::InvalidLanguage, 6, 12)]);
        assert_eq!(errs[0].hint.as_deref(), Some("write it as `fr`"));
    }

    #[test]
    fn counts_and_search_have_defaults_and_are_checked() {
        let config = parse_config(Path::new("site.toml"), GOOD).unwrap().config;
        assert_eq!(config.feed_limit, DEFAULT_FEED_LIMIT);
        assert_eq!(config.paginate_by, DEFAULT_PAGINATE_BY);
        assert!(config.search);

        let text = format!("feed_limit = 7\npaginate_by = 3\nsearch = false\n{GOOD}");
        let config = parse_config(Path::new("site.toml"), &text).unwrap().config;
        assert_eq!(
            (config.feed_limit, config.paginate_by, config.search),
            (7, 3, false)
        );

        let errs = errors(&format!("feed_limit = 0\n{GOOD}"));
        let found: Vec<_> = errs.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(found, [(Code::InvalidValue, 1, 14)]);
        assert!(
            errs[0].message.contains("at least 1"),
            "{}",
            errs[0].message
        );
        let errs = errors(&format!("paginate_by = -2\n{GOOD}"));
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].message.starts_with("paginate_by"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn control_characters_are_reported_at_their_escape() {
        let text = GOOD.replace("name = \"English\"", "name = \"Eng\\u0000lish\\tok\"");
        let errs = errors(&text);
        let found: Vec<_> = errs.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(found, [(Code::ControlCharacter, 9, 12)], "{errs:?}");
        assert!(
            errs[0].message.contains("`languages.en.name`"),
            "{}",
            errs[0].message
        );
    }
}
