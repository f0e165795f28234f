//! `site.toml` → `Config`: title, base URL, languages, poster settings and institutions.
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
use crate::model::{Institution, Localized};

pub mod cap;
pub use cap::{CapSettings, SiteTimeZone};

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "site.toml";

/// Paper sizes posters can be printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
    /// Tabloid, 11 × 17 in.
    Tabloid,
    /// ISO A3, 297 × 420 mm.
    A3,
}

impl PaperSize {
    /// Every size, in the order they are listed.
    pub const ALL: [PaperSize; 4] = [
        PaperSize::Letter,
        PaperSize::A4,
        PaperSize::Tabloid,
        PaperSize::A3,
    ];

    /// The name used in `site.toml` and in file names.
    pub fn id(self) -> &'static str {
        match self {
            PaperSize::Letter => "letter",
            PaperSize::A4 => "a4",
            PaperSize::Tabloid => "tabloid",
            PaperSize::A3 => "a3",
        }
    }

    /// The size named `id`.
    pub fn from_id(id: &str) -> Option<PaperSize> {
        PaperSize::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Width and height in PostScript points (1/72 in), portrait.
    pub fn dimensions_pt(self) -> [f64; 2] {
        const MM: f64 = 72.0 / 25.4;
        match self {
            PaperSize::Letter => [612.0, 792.0],
            PaperSize::A4 => [210.0 * MM, 297.0 * MM],
            PaperSize::Tabloid => [792.0, 1224.0],
            PaperSize::A3 => [297.0 * MM, 420.0 * MM],
        }
    }
}

/// Poster settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posters {
    /// Sizes to render.
    pub sizes: Vec<PaperSize>,
    /// Whether posters carry tear-off tabs with the most important number.
    pub tear_off: bool,
    /// How a poster that leaves out part of its advisory to fit on one page is reported.
    pub drop: DropPolicy,
}

/// How `[posters] drop` reports a poster that leaves something out to fit on one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DropPolicy {
    /// A warning: the poster is made (the default).
    #[default]
    Warning,
    /// An error: the build fails, so nobody prints a poster that lacks part of its advice.
    Error,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's title.
    pub title: Localized,
    /// Where `title` is written in `site.toml`.
    pub title_at: Position,
    /// Absolute base URL without a trailing slash, e.g. `https://alerts.example.org`.
    pub base_url: String,
    /// The path part of the base URL, with slashes on both ends: `/` or `/alerts/`.
    pub base_path: String,
    /// The default language's tag.
    pub default_language: String,
    /// The theme's name.
    pub theme: String,
    /// Every language, the default first, then in file order.
    pub languages: Vec<Language>,
    /// Poster settings.
    pub posters: Posters,
    /// Institutions that print posters.
    pub institutions: Vec<Institution>,
    /// How many advisories, newest first, each Atom and JSON feed carries.
    pub feed_limit: usize,
    /// How many advisories a page of a listing (home, taxonomy term) shows.
    pub paginate_by: usize,
    /// Whether the site has a search page and a Pagefind index.
    pub search: bool,
    /// The site's time zone: dates in front matter are its local times, and feeds and alerts
    /// carry its offsets. `None`: dates are UTC.
    pub time_zone: Option<SiteTimeZone>,
    /// Alerting (CAP) settings.
    pub cap: CapSettings,
    /// The configuration file, for diagnostics.
    pub file: PathBuf,
}

impl Config {
    /// The language with this tag.
    pub fn language(&self, tag: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.tag == tag)
    }

    /// Replaces the base URL (the `--base-url` flag).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (base_url, base_path) = split_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

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
    time_zone: Option<Spanned<String>>,
    cap: Option<Spanned<cap::RawCap>>,
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
    let text = read_config_bytes(&root.join(CONFIG_FILE)).map_err(|err| {
        vec![
            Diagnostic::error(
                Code::Io,
                &file,
                Position::default(),
                format!("cannot read {CONFIG_FILE}: {err}"),
            )
            .with_hint(NO_SITE_HINT),
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

/// Reads `site.toml`, refusing what is not a regular file (a pipe would block the read forever)
/// or is larger than any file redflag reads.
fn read_config_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::other(
            "not a regular file (a folder, pipe or device)",
        ));
    }
    if metadata.len() > crate::content::MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "the file is larger than the limit of {} MB",
            crate::content::MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    std::fs::read(path)
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
        let (time_zone, cap) = self.alerting(raw.time_zone, raw.cap, &languages);
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
            time_zone,
            cap,
            file: self.file.to_path_buf(),
        };
        Ok(LoadedConfig {
            config,
            references: self.references,
            diagnostics: self.diagnostics,
        })
    }

    /// `time_zone` and `[cap]`.
    fn alerting(
        &mut self,
        time_zone: Option<Spanned<String>>,
        mut raw: Option<Spanned<cap::RawCap>>,
        languages: &[Language],
    ) -> (Option<SiteTimeZone>, CapSettings) {
        let names = raw
            .as_mut()
            .map(|r| (r.get_mut().sender_name.take(), r.get_mut().contact.take()));
        let mut reader = cap::CapReader {
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

/// Splits a base URL into its origin-and-path (no trailing slash) and its path (`/…/`),
/// refusing anything but an absolute `http(s)` address that pages can write as it is.
fn split_base_url(url: &str) -> Result<(String, String), String> {
    let shown: String = url
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    let unwritable = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    };
    if let Some(bad) = url.chars().find(|&c| unwritable(c)) {
        let what = if bad.is_whitespace() && !bad.is_control() {
            "a space".to_owned()
        } else {
            format!("`{}`", bad.escape_debug())
        };
        return Err(format!(
            "base_url `{shown}` contains {what}, which an address cannot contain"
        ));
    }
    let trimmed = url.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{shown}` must start with https:// (or http://)"))?;
    let parsed = url::Url::parse(trimmed)
        .map_err(|err| format!("base_url `{shown}` is not a valid address: {err}"))?;
    if rest.is_empty()
        || parsed.query().is_some()
        || parsed.fragment().is_some()
        || !parsed.username().is_empty()
        || parsed.password().is_some()
    {
        return Err(format!(
            "base_url `{shown}` must be a plain address such as https://alerts.example.org"
        ));
    }
    let path = rest
        .find('/')
        .map_or("/".to_owned(), |i| format!("{}/", &rest[i..]));
    Ok((trimmed.to_owned(), path))
}

/// The hint shown for every invalid slug.
pub const SLUG_HINT: &str =
    "use lowercase ASCII letters, digits and single hyphens, e.g. `virtual-kidnapping-calgary`";

/// Whether `slug` is lowercase ASCII letters, digits and single inner hyphens.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 100
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
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
    fn base_url_must_be_an_absolute_address_pages_can_write() {
        for bad in [
            "https://alerts.example.org/a b",
            " https://alerts.example.org",
            "https://alerts.example.org/\"onmouseover=x",
            "https://alerts.example.org/<script>",
            "https://alerts.example.org/?q=1",
            "https://alerts.example.org/#top",
            "https://user:secret@alerts.example.org",
            "https://",
            "https://exa_mple.org:99999",
            "ftp://alerts.example.org",
            "alerts.example.org",
        ] {
            assert!(split_base_url(bad).is_err(), "{bad}");
        }
        let message = split_base_url("https://x.org/a\u{7}b").unwrap_err();
        assert!(
            message.contains("`https://x.org/a\\u{7}b` contains `\\u{7}`"),
            "{message}"
        );
        assert_eq!(
            split_base_url("https://alerts.example.org/campus/").unwrap(),
            (
                "https://alerts.example.org/campus".to_owned(),
                "/campus/".to_owned()
            )
        );
        assert!(split_base_url("http://localhost:8080").is_ok());
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

    #[test]
    fn slugs() {
        assert!(is_valid_slug("virtual-kidnapping-2018"));
        for bad in [
            "",
            "Upper",
            "two--hyphens",
            "-lead",
            "trail-",
            "sp ace",
            "dot.dot",
            "ünï",
            "..",
        ] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }
}
