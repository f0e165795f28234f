//! Which files of `content/advisories/` are advisory texts: one folder per advisory, named by
//! its slug, holding `index.md` (the default language) and `index.<tag>.md` translations.
//! Folder names and language tags are checked here; a folder that cannot be an advisory (a bad
//! slug, a hidden `.name`, a symbolic link) is an error, never silently skipped.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::canonical_tag;
use crate::model::{Config, SLUG_HINT, is_valid_slug};

/// The content folder, relative to the site root.
pub const CONTENT_DIR: &str = "content";

/// One file of an advisory folder to parse.
pub struct AdvisoryFile {
    /// The advisory's slug (its folder name).
    pub slug: String,
    /// The file's language tag.
    pub lang: String,
    /// The file.
    pub path: PathBuf,
    /// The file as shown in diagnostics (relative to the site root).
    pub shown: PathBuf,
}

/// Lists `content/advisories/<slug>/index[.<lang>].md`, checking slugs and language tags.
pub fn discover_advisory_files(
    root: &Path,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<AdvisoryFile> {
    let base = Path::new(CONTENT_DIR).join("advisories");
    let entries = match std::fs::read_dir(root.join(&base)) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(err) => {
            diagnostics.push(unreadable_folder(&base, &err));
            return Vec::new();
        }
    };
    let mut dirs: Vec<_> = entries.flatten().collect();
    dirs.sort_by_key(|e| e.file_name());
    let mut files = Vec::new();
    for dir in dirs {
        let name = dir.file_name().to_string_lossy().into_owned();
        files.extend(advisory_dir_files(root, &name, config, diagnostics));
    }
    files
}

/// The text files of one advisory folder, checking its slug and their language tags.
pub fn advisory_dir_files(
    root: &Path,
    name: &str,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<AdvisoryFile> {
    let shown_dir = Path::new(CONTENT_DIR).join("advisories").join(name);
    if !is_advisory_folder(root, name, &shown_dir, diagnostics) {
        return Vec::new();
    }
    // An advisory that cannot be listed is an error: skipping it would silently remove a
    // published page from the next build.
    let names = match sorted_file_names(&root.join(&shown_dir)) {
        Ok(names) => names,
        Err(err) => {
            diagnostics.push(unreadable_folder(&shown_dir, &err));
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    for file_name in names {
        let Some(lang) = language_of_file(&file_name, &config.default_language) else {
            continue;
        };
        let shown = shown_dir.join(&file_name);
        match check_file_language(&lang, config) {
            Ok(lang) => files.push(AdvisoryFile {
                slug: name.to_owned(),
                lang,
                path: root.join(&shown),
                shown,
            }),
            Err(d) => diagnostics.push(d(&shown)),
        }
    }
    files
}

/// Whether the entry `name` of content/advisories/ (shown as `shown_dir`) is a folder whose
/// advisory is published: reports a symbolic link, a hidden folder and a name that is not a
/// valid slug; anything else that is not a folder is passed over.
fn is_advisory_folder(
    root: &Path,
    name: &str,
    shown_dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let Ok(metadata) = std::fs::symlink_metadata(root.join(shown_dir)) else {
        return false;
    };
    if !metadata.is_dir() {
        if metadata.file_type().is_symlink() {
            diagnostics.push(
                Diagnostic::error(
                    Code::UnexpectedFile,
                    shown_dir,
                    Position::default(),
                    "symbolic links are not followed",
                )
                .with_hint("move the advisory folder into content/advisories/"),
            );
        }
        return false;
    }
    // A hidden folder would silently take its advisory off the site: say so instead.
    if name.starts_with('.') {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidSlug,
                shown_dir,
                Position::default(),
                format!("advisory folder `{name}` starts with a dot, so its advisory would not be published"),
            )
            .with_hint(format!(
                "rename the folder ({SLUG_HINT}); to keep an advisory unpublished, set `draft: true` in its front matter, or move it out of content/"
            )),
        );
        return false;
    }
    if !is_valid_slug(name) {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidSlug,
                shown_dir,
                Position::default(),
                format!("advisory folder `{name}` is not a valid slug"),
            )
            .with_hint(format!("rename the folder: {SLUG_HINT}")),
        );
        return false;
    }
    true
}

/// The names of the entries of `dir`, sorted.
fn sorted_file_names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

fn unreadable_folder(shown: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        shown,
        Position::default(),
        format!("cannot read the folder: {err}"),
    )
    .with_hint("check that the folder exists and that you may read it")
}

/// `index.md` → the default language; `index.<tag>.md` → the tag; other files → not advisory text.
fn language_of_file(file_name: &str, default: &str) -> Option<String> {
    if file_name == "index.md" {
        return Some(default.to_owned());
    }
    file_name
        .strip_prefix("index.")?
        .strip_suffix(".md")
        .map(str::to_owned)
}

type FileDiagnostic = Box<dyn Fn(&Path) -> Diagnostic>;

fn check_file_language(lang: &str, config: &Config) -> Result<String, FileDiagnostic> {
    let tags = config
        .languages
        .iter()
        .map(|l| l.tag.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let lang = lang.to_owned();
    match canonical_tag(&lang) {
        Err(invalid) => Err(Box::new(move |shown: &Path| {
            Diagnostic::error(
                Code::InvalidLanguage,
                shown,
                Position::default(),
                invalid.to_string(),
            )
            .with_hint(format!(
                "name translations index.<tag>.md with a configured tag: {tags}"
            ))
        })),
        Ok(_) if config.language(&lang).is_some() => Ok(lang),
        Ok(canonical) => Err(Box::new(move |shown: &Path| {
            let hint = if config_has(&tags, &canonical) {
                format!(
                    "rename the file to index.{canonical}.md (tags are written as in site.toml)"
                )
            } else {
                format!("add [languages.{canonical}] to site.toml, or use one of: {tags}")
            };
            Diagnostic::error(
                Code::UnknownLanguage,
                shown,
                Position::default(),
                format!("translation into `{lang}`, a language the site does not configure"),
            )
            .with_hint(hint)
        })),
    }
}

fn config_has(tags: &str, tag: &str) -> bool {
    tags.split(", ").any(|t| t == tag)
}
