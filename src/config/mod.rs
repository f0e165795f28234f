//! `site.toml` → `model::Config`: title, base URL, languages, poster settings, institutions,
//! alerting and the content manager's backend.
//!
//! Everything that can be checked from `site.toml` alone is checked here; references into the
//! content (institution contacts and regions) are returned as `Reference`s for the content
//! loader to resolve, so this module never reads `content/`.

mod cap;
mod cms;
mod loaded;
mod raw;
#[cfg(test)]
mod schema_keys;
mod validate;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::source::{SourceError, read_bytes};
use raw::RawConfig;
use validate::Validator;

pub use loaded::{LoadedConfig, Reference, ReferenceKind};
pub use validate::{DEFAULT_FEED_LIMIT, DEFAULT_PAGINATE_BY};

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "site.toml";

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PaperSize;

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
    fn posters_can_be_restricted_to_known_languages_regions_and_institutions() {
        let text = GOOD.replace(
            "tear_off = true",
            "tear_off = true\nlanguages = [\"fr\"]\nregions = [\"calgary\"]\ninstitutions = []",
        );
        let loaded = parse_config(Path::new("site.toml"), &text).unwrap();
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let posters = &loaded.config.posters;
        assert_eq!(posters.languages, ["fr"]);
        assert_eq!(posters.regions, ["calgary"]);
        assert_eq!(posters.institutions, Some(Vec::new()));
        assert!(
            loaded
                .references
                .iter()
                .any(|r| r.id == "calgary" && r.at.line == 17)
        );

        let text = GOOD.replace(
            "tear_off = true",
            "languages = [\"de\"]\ninstitutions = [\"nowhere\"]",
        );
        let found: Vec<_> = errors(&text)
            .iter()
            .map(|d| (d.code, d.line, d.message.clone()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, 15, "{found:?}");
        assert!(found[0].2.contains("`de`"), "{found:?}");
        assert_eq!(found[1].1, 16, "{found:?}");
        assert!(found[1].2.contains("`nowhere`"), "{found:?}");
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
