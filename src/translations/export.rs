//! `redflag translations export`: every advisory's texts in one language as a gettext PO
//! catalog (or XLIFF 1.2), one file per language or per advisory; without a language, a POT
//! template for a new one. The header names the language, its plural forms and the source
//! revision, and records a digest of each translation file as it was at export, so that an
//! import can tell a hand edit made since from its own earlier output.

use std::path::{Path, PathBuf};

use crate::content::source_revision;
use crate::diagnostics::Diagnostic;
use crate::model::{Advisory, Site};

use super::po::{Catalog, Entry};
use super::site_texts::site_units;
use super::units::{State, Unit, units};

/// The header field that records each translation file's digest at export.
pub const FILES_HEADER: &str = "X-Redflag-Files";

/// Why a language cannot be exported or imported.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LanguageError {
    /// The site's default language: its texts are the source.
    #[error(
        "`{0}` is the site's source language: export another language, or leave out \
         --lang for the template (redflag.pot)"
    )]
    Source(String),
    /// A language `site.toml` does not configure.
    #[error(
        "`{lang}` is not a language of this site (it has {tags}): add it to site.toml first, \
         e.g. `[languages.{lang}]` with `name = \"…\"` (the language's own name)"
    )]
    Unknown {
        /// The tag asked for.
        lang: String,
        /// The site's tags, comma-separated.
        tags: String,
    },
}

/// Why `export` writes nothing.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// `--lang` names a language that cannot be exported.
    #[error(transparent)]
    Language(#[from] LanguageError),
    /// The site's theme does not load (a file the user edits: the diagnostic names it).
    #[error("{}", .0.message)]
    Theme(Diagnostic),
}

/// One file to write: its name (in the output folder) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// `ko.po`, `virtual-kidnapping-calgary.ko.po`, `redflag.pot`.
    pub name: String,
    /// What the file holds: its units, for the XLIFF writer too.
    pub units: Vec<Unit>,
    /// The PO catalog.
    pub catalog: Catalog,
}

/// Gettext `Plural-Forms` for the languages redflag ships UI strings for: CLDR 48.1 plural
/// rules as gettext formulas (php-gettext/Languages); by primary language subtag.
fn plural_forms(tag: &str) -> Option<&'static str> {
    let primary = tag.split(['-', '_']).next().unwrap_or(tag);
    Some(match primary {
        "en" | "ne" | "ur" | "de" | "it" | "nl" | "sv" | "so" | "sw" => {
            "nplurals=2; plural=n != 1;"
        }
        "fr" | "pt" => {
            "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
        }
        "es" => "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
        "zh" | "ko" | "vi" | "ja" | "th" | "id" | "ms" | "my" => "nplurals=1; plural=0;",
        "ar" => {
            "nplurals=6; plural=n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 && n % 100 <= 99 ? 4 : 5;"
        }
        "hi" | "pa" | "gu" | "bn" | "fa" | "am" => "nplurals=2; plural=n > 1;",
        "tl" | "fil" => {
            "nplurals=2; plural=n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 || n % 10 == 9);"
        }
        _ => return None,
    })
}

/// The files `export` writes for `lang` (`None`: the POT template). The texts of the site
/// (title, taxonomy labels, contacts, UI strings) follow the advisories' texts, or with `split`
/// are in a file of their own (`_site.<lang>.po`: `_` never starts a slug).
pub fn export(
    root: &Path,
    site: &Site,
    lang: Option<&str>,
    split: bool,
) -> Result<Vec<ExportFile>, ExportError> {
    if let Some(lang) = lang {
        check_language(site, lang)?;
    }
    let revision = source_revision(root).unwrap_or_else(|| "none (not a git repository)".into());
    let theme = crate::theme::Theme::load(root, &site.config.theme).map_err(ExportError::Theme)?;
    let site_texts: Vec<Unit> = site_units(root, site, &theme, lang)
        .into_iter()
        .map(|(_, unit)| unit)
        .collect();
    let mut groups: Vec<(Vec<&Advisory>, bool)> = if split {
        site.advisories
            .iter()
            .map(|a| (vec![a.as_ref()], false))
            .collect()
    } else {
        vec![(site.advisories.iter().map(|a| a.as_ref()).collect(), true)]
    };
    if split {
        groups.push((Vec::new(), true));
    }
    Ok(groups
        .into_iter()
        .map(|(advisories, with_site)| {
            let stem = match (split, advisories.first()) {
                (true, Some(a)) => format!("{}.", a.slug),
                (true, None) => "_site.".to_owned(),
                _ => String::new(),
            };
            let name = match lang {
                Some(lang) => format!("{stem}{lang}.po"),
                None if split => format!("{stem}pot"),
                None => "redflag.pot".to_owned(),
            };
            let mut units: Vec<Unit> = advisories
                .iter()
                .flat_map(|a| units(root, site, a, lang))
                .collect();
            let mut files: Vec<String> = Vec::new();
            if with_site {
                units.extend(site_texts.iter().cloned());
                files = site_texts
                    .iter()
                    .map(|u| u.file.to_string_lossy().replace('\\', "/"))
                    .filter(|f| !f.starts_with('('))
                    .collect();
                if let Some(lang) = lang {
                    files.push(
                        super::site_texts::ui_file(site, lang)
                            .to_string_lossy()
                            .replace('\\', "/"),
                    );
                }
                files.dedup();
                files.sort();
                files.dedup();
            }
            let header = header(root, site, lang, &advisories, &files, &revision);
            let catalog = Catalog {
                header,
                header_notes: header_notes(site, lang),
                entries: units.iter().map(entry).collect(),
            };
            ExportFile {
                name,
                units,
                catalog,
            }
        })
        .collect())
}

/// A language can be exported when the site publishes it and it is not the source language.
pub fn check_language(site: &Site, lang: &str) -> Result<(), LanguageError> {
    let config = &site.config;
    if lang == config.default_language {
        return Err(LanguageError::Source(lang.to_owned()));
    }
    if config.language(lang).is_none() {
        let tags: Vec<&str> = config.languages.iter().map(|l| l.tag.as_str()).collect();
        return Err(LanguageError::Unknown {
            lang: lang.to_owned(),
            tags: tags.join(", "),
        });
    }
    Ok(())
}

fn header_notes(site: &Site, lang: Option<&str>) -> Vec<String> {
    let language = lang
        .and_then(|l| site.config.language(l))
        .map_or("a new language".to_owned(), |l| {
            format!("{} ({})", l.name, l.tag)
        });
    vec![
        format!(
            "Translation of the advisories and the site's own texts (title, topics, contacts, \
             interface) into {language}."
        ),
        "Made by `redflag translations export`; bring it back with `redflag translations import`."
            .into(),
        "Never change phone numbers, link targets (the part in parentheses after [text]) or".into(),
        "{placeholders}: the import refuses a file that does.".into(),
    ]
}

fn header(
    root: &Path,
    site: &Site,
    lang: Option<&str>,
    advisories: &[&Advisory],
    site_files: &[String],
    revision: &str,
) -> Vec<(String, String)> {
    let date = advisories
        .iter()
        .map(|a| a.last_modified())
        .max()
        .map_or("1970-01-01 00:00+0000".to_owned(), |d| {
            format!("{d} 00:00+0000")
        });
    let title = site
        .config
        .title
        .resolve(&site.config.default_language, &site.config.default_language)
        .text
        .to_owned();
    let mut header: Vec<(String, String)> = vec![
        ("Project-Id-Version".into(), title),
        ("POT-Creation-Date".into(), date.clone()),
        (
            "PO-Revision-Date".into(),
            if lang.is_some() {
                date
            } else {
                "YEAR-MO-DA HO:MI+ZONE".into()
            },
        ),
        ("Last-Translator".into(), String::new()),
        ("Language-Team".into(), String::new()),
        ("Language".into(), lang.unwrap_or_default().to_owned()),
        ("MIME-Version".into(), "1.0".into()),
        ("Content-Type".into(), "text/plain; charset=UTF-8".into()),
        ("Content-Transfer-Encoding".into(), "8bit".into()),
    ];
    // A template leaves Plural-Forms to the translator's tool (msgfmt refuses placeholders).
    if let Some(plural) = lang.and_then(plural_forms) {
        header.push(("Plural-Forms".into(), plural.into()));
    }
    header.push((
        "X-Generator".into(),
        format!("redflag {}", env!("CARGO_PKG_VERSION")),
    ));
    header.push(("X-Source-Revision".into(), revision.to_owned()));
    if let Some(lang) = lang {
        let digest = |path: &Path| {
            std::fs::read(root.join(path)).map_or("-".to_owned(), |bytes| file_digest(&bytes))
        };
        let files: Vec<String> = advisories
            .iter()
            .map(|a| format!("{}={}", a.slug, digest(&translation_path(a, lang))))
            .chain(
                site_files
                    .iter()
                    .map(|f| format!("{f}={}", digest(Path::new(f)))),
            )
            .collect();
        header.push((FILES_HEADER.into(), files.join(" ")));
    }
    header
}

/// Where the translation of `advisory` into `lang` is, relative to the site root.
pub fn translation_path(advisory: &Advisory, lang: &str) -> PathBuf {
    let source = &advisory.source().file;
    source.with_file_name(format!("index.{lang}.md"))
}

/// A short digest of a file's bytes.
pub fn file_digest(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..12].to_owned()
}

fn entry(unit: &Unit) -> Entry {
    Entry {
        context: unit.context.clone(),
        source: unit.source.clone(),
        translation: unit.translation.clone(),
        plural: unit.plural.clone(),
        forms: unit.forms.clone(),
        fuzzy: unit.state == State::Fuzzy,
        previous: unit.previous.clone(),
        notes: unit.notes.clone(),
        reference: Some(format!(
            "{}:{}",
            unit.file.to_string_lossy().replace('\\', "/"),
            unit.line
        )),
        line: 0,
    }
}
