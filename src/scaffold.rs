//! Writing new content: `redflag new` (an advisory skeleton, or a draft translation skeleton
//! holding the source text to translate) and `redflag init` (a whole example site that builds
//! right away).
//!
//! Skeletons mark what the writer must fill in with [`PLACEHOLDER`]; `check` refuses that text
//! (RF037), so an unfinished advisory cannot pass review by accident.

pub mod ci;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::build::load;
use crate::config::CONFIG_FILE;
use crate::content::LoadOptions;
use crate::diagnostics::Diagnostic;
use crate::model::{ContactKind, Site, TaxonomyKind, Translation};
use crate::model::{SLUG_HINT, is_valid_slug};

/// The marker of text a writer has to replace.
pub const PLACEHOLDER: &str = "TODO:";

/// Why a skeleton could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The site has errors, so the skeleton cannot be based on it.
    #[error("the site has errors")]
    Content(Vec<Diagnostic>),
    /// The request itself is wrong (a bad slug, an unknown language, an existing file).
    #[error("{0}")]
    Usage(String),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Writes a new advisory (or, with `lang`, a translation skeleton of an existing one) into the
/// site in `root`; returns the file written.
pub fn new_advisory(
    root: &Path,
    slug: &str,
    lang: Option<&str>,
    today: Date,
) -> Result<PathBuf, ScaffoldError> {
    if !is_valid_slug(slug) {
        return Err(ScaffoldError::Usage(format!(
            "`{slug}` is not a valid slug: {SLUG_HINT}"
        )));
    }
    let site = (load(root, &LoadOptions::with_drafts()).map_err(ScaffoldError::Content)?).site;
    let default = site.config.default_language.clone();
    let lang = lang.unwrap_or(&default);
    if site.config.language(lang).is_none() {
        let tags: Vec<&str> = site
            .config
            .languages
            .iter()
            .map(|l| l.tag.as_str())
            .collect();
        return Err(ScaffoldError::Usage(format!(
            "`{lang}` is not a language of this site; use one of: {}",
            tags.join(", ")
        )));
    }
    let dir = Path::new("content/advisories").join(slug);
    let (name, text) = if lang == default {
        ("index.md".to_owned(), advisory_skeleton(&site, today))
    } else {
        let Some(advisory) = site.advisories.iter().find(|a| a.slug == slug) else {
            return Err(ScaffoldError::Usage(format!(
                "there is no advisory `{slug}` to translate: write {}/index.md first (`redflag new {slug}`)",
                dir.display()
            )));
        };
        let language = site.config.language(lang).map_or(lang, |l| l.name.as_str());
        (
            format!("index.{lang}.md"),
            translation_skeleton(advisory.source(), &advisory.digest, slug, lang, language),
        )
    };
    let shown = dir.join(name);
    write_new(&root.join(&shown), &text)?;
    Ok(shown)
}

/// Writes `text` to `path`, refusing to replace an existing file.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if path.exists() {
        return Err(ScaffoldError::Usage(format!(
            "{} already exists; edit it, or remove it first",
            path.display()
        )));
    }
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, text).map_err(io)
}

/// A YAML scalar for `text` (a JSON string is a valid double-quoted YAML scalar).
pub(crate) fn scalar(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn todo(text: &str) -> String {
    scalar(&format!("{PLACEHOLDER} {text}"))
}

/// A new default-language advisory; its comments list the ids the site defines.
fn advisory_skeleton(site: &Site, today: Date) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(
        out,
        "title: {}",
        todo("a short headline that names the scam")
    );
    let _ = writeln!(
        out,
        "summary: {}",
        todo("one sentence: who calls, what they claim, what they want.")
    );
    let _ = writeln!(out, "date: {today}");
    out.push_str("severity: medium                # low | medium | high | critical\n");
    write_taxonomies(&mut out, site);
    let _ = writeln!(
        out,
        "red_flags:\n  - {}",
        todo("a warning sign people can notice during the call.")
    );
    let _ = writeln!(
        out,
        "prevention:\n  - {}",
        todo("one thing to do to stay safe.")
    );
    let _ = writeln!(
        out,
        "if_targeted:\n  - {}",
        todo("what to do if it already happened.")
    );
    write_contacts(&mut out, site);
    let _ = writeln!(
        out,
        "sources:\n  - title: {}\n    publisher: {}\n    date: {today}\n    # url: https://...",
        todo("the title of the police release or news report"),
        todo("who published it")
    );
    out.push_str("---\n");
    let _ = writeln!(
        out,
        "{PLACEHOLDER} the full story in short sentences: what happens (the page prints the heading\n\
         \"What happens\" above this text, so start with the story, not a heading), then `## ` headings\n\
         for more: who is targeted, what happened in your city."
    );
    out
}

/// The skeleton's taxonomy lines: empty lists, each with the ids the site defines.
fn write_taxonomies(out: &mut String, site: &Site) {
    for kind in TaxonomyKind::ALL {
        let ids: Vec<&str> = site
            .taxonomies
            .of(kind)
            .map(|(id, _)| id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "{}: []{}",
            kind.key(),
            if ids.is_empty() {
                String::new()
            } else {
                format!(
                    "                 # from content/taxonomies.yaml: {}",
                    ids.join(", ")
                )
            }
        );
    }
}

/// The skeleton's contacts: one of the site's (of the first kind; all ids listed in a comment),
/// or one written inline when the site defines none.
fn write_contacts(out: &mut String, site: &Site) {
    out.push_str("contacts:\n");
    let contacts: Vec<(&String, ContactKind)> =
        site.contacts.iter().map(|(id, c)| (id, c.kind)).collect();
    match contacts.iter().min_by_key(|(_, kind)| *kind) {
        Some((id, _)) => {
            let ids: Vec<&str> = contacts.iter().map(|(id, _)| id.as_str()).collect();
            let _ = writeln!(
                out,
                "  - {id}                 # from content/contacts.yaml: {}",
                ids.join(", ")
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  - name: {}\n    phone: \"+1 ...\"          # + country code and number",
                todo("the organisation to call")
            );
        }
    }
}

/// A translation skeleton: the source text to translate, marked `status: draft` and without a
/// `source_digest`, so that it counts as untranslated (the site shows the source text with a
/// notice) until the translator marks it done with the digest it names.
fn translation_skeleton(
    source: &Translation,
    digest: &str,
    slug: &str,
    lang: &str,
    language: &str,
) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(
        out,
        "# {language} ({lang}) translation of `{slug}`: translate every text below, one item per\n\
         # source item; leave out a field to show the source text there, with a notice.\n\
         # While `status: draft` is set, the site shows the source text and `redflag translations`\n\
         # counts this language as untranslated. When every text is translated, replace the\n\
         # `status: draft` line with `source_digest: {digest}` (the version of index.md this\n\
         # translates; `redflag translations` prints the current one)."
    );
    out.push_str("status: draft\n");
    for (key, value) in [("title", &source.title), ("summary", &source.summary)] {
        if let Some(value) = value {
            let _ = writeln!(out, "{key}: {}", scalar(value));
        }
    }
    let lists = [
        ("red_flags", &source.red_flags),
        ("prevention", &source.prevention),
        ("if_targeted", &source.if_targeted),
    ];
    for (key, items) in lists {
        if let Some(items) = items {
            let _ = writeln!(out, "{key}:");
            for item in items {
                let _ = writeln!(out, "  - {}", scalar(item));
            }
        }
    }
    if let Some(headline) = &source.poster_headline {
        let _ = writeln!(out, "poster:\n  headline: {}", scalar(headline));
    }
    out.push_str("---\n");
    out.push_str(source.body.trim_start_matches('\n'));
    out
}

/// Creates a new site in `dir`: `site.toml`, contacts, taxonomies, and one example advisory in
/// English and French. Returns the files written (relative to `dir`).
pub fn init_site(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    for existing in [CONFIG_FILE, "content"] {
        if dir.join(existing).exists() {
            return Err(ScaffoldError::Usage(format!(
                "{} already has a {existing}: `redflag init` only creates new sites",
                dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    for (name, text) in INIT_FILES {
        write_new(&dir.join(name), text)?;
        written.push(PathBuf::from(name));
    }
    let site = (load(dir, &LoadOptions::with_drafts()).map_err(ScaffoldError::Content)?).site;
    let advisory = site
        .advisories
        .iter()
        .find(|a| a.slug == EXAMPLE_SLUG)
        .ok_or_else(|| ScaffoldError::Usage("the example advisory did not load".into()))?;
    let name = format!("content/advisories/{EXAMPLE_SLUG}/index.fr.md");
    let translation = EXAMPLE_FR.replacen(
        "source_digest: DIGEST",
        &format!("source_digest: {}", advisory.digest),
        1,
    );
    write_new(&dir.join(&name), &translation)?;
    written.push(PathBuf::from(name));
    Ok(written)
}

const EXAMPLE_SLUG: &str = "fake-police-calls";

/// The files of a new site, except the French translation (which needs the source digest).
const INIT_FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("scaffold/site.toml")),
    (".gitignore", "public/\n.public.redflag-*\n"),
    (
        "content/contacts.yaml",
        include_str!("scaffold/contacts.yaml"),
    ),
    (
        "content/taxonomies.yaml",
        include_str!("scaffold/taxonomies.yaml"),
    ),
    (
        "content/advisories/fake-police-calls/index.md",
        include_str!("scaffold/index.md"),
    ),
];

const EXAMPLE_FR: &str = include_str!("scaffold/index.fr.md");
