//! Themes: the default theme embedded in the binary, overridden file by file by a site's own
//! `themes/<name>/` folder (as mdBook does with its built-in theme).
//!
//! A `Theme` is just its files in memory; templates are compiled by `render`, UI strings parsed
//! by `i18n`.

mod fonts;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use include_dir::{Dir, DirEntry, include_dir};
use typst::foundations::Bytes;
use walkdir::WalkDir;

use crate::diagnostics::{Code, Diagnostic, Position};
pub use fonts::{FontSet, describe_chars};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the built-in theme.
pub const DEFAULT_THEME_NAME: &str = "default";

/// A theme file: its bytes and where they came from (for diagnostics).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// The file's contents: shared, not copied, by whatever reads them (a built-in file's are
    /// the binary's own).
    pub bytes: Bytes,
    /// Where it came from, as shown in diagnostics (`themes/default/templates/base.html`, or
    /// `(built-in)/templates/base.html`).
    pub origin: PathBuf,
}

/// A theme's files by path relative to the theme folder (`templates/base.html`).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Every file, by relative path with `/` separators.
    pub files: BTreeMap<String, ThemeFile>,
    /// The fonts under `fonts/`, parsed on first use.
    fonts: OnceLock<FontSet>,
}

impl Theme {
    /// Loads theme `name` for the site in `root`: the built-in default theme (when `name` is
    /// `default`), then the site's `themes/<name>/` files on top.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        if name == DEFAULT_THEME_NAME {
            theme.add_embedded(&DEFAULT_THEME);
        }
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            theme.add_folder(&dir, &Path::new("themes").join(name))?;
        } else if name != DEFAULT_THEME_NAME {
            return Err(Diagnostic::error(
                Code::Io,
                Path::new(crate::config::CONFIG_FILE),
                Position::default(),
                format!("theme `{name}` not found: there is no themes/{name}/ folder"),
            )
            .with_hint("set theme = \"default\" in site.toml, or create the theme folder"));
        }
        Ok(theme)
    }

    /// The built-in default theme alone.
    pub fn built_in() -> Theme {
        let mut theme = Theme::default();
        theme.add_embedded(&DEFAULT_THEME);
        theme
    }

    fn add_embedded(&mut self, dir: &Dir<'static>) {
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(d) => self.add_embedded(d),
                DirEntry::File(f) => {
                    let rel = f.path().to_string_lossy().replace('\\', "/");
                    let origin = Path::new("(built-in theme)").join(&rel);
                    self.files.insert(
                        rel,
                        ThemeFile {
                            bytes: Bytes::new(f.contents()),
                            origin,
                        },
                    );
                }
            }
        }
    }

    fn add_folder(&mut self, dir: &Path, shown: &Path) -> Result<(), Diagnostic> {
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|err| {
                Diagnostic::error(
                    Code::Io,
                    shown,
                    Position::default(),
                    format!("cannot read the theme: {err}"),
                )
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel_path = entry
                .path()
                .strip_prefix(dir)
                .expect("walkdir stays inside its root");
            let rel = rel_path.to_string_lossy().replace('\\', "/");
            if rel
                .split('/')
                .any(|part| part.starts_with('.') || part.ends_with('~'))
            {
                continue;
            }
            let origin = shown.join(rel_path);
            let bytes = std::fs::read(entry.path()).map_err(|err| {
                Diagnostic::error(
                    Code::Io,
                    &origin,
                    Position::default(),
                    format!("cannot read the theme file: {err}"),
                )
            })?;
            self.files.insert(
                rel,
                ThemeFile {
                    bytes: Bytes::new(bytes),
                    origin,
                },
            );
        }
        Ok(())
    }

    /// This theme with the built-in version of each file whose origin is in `broken` (a site's
    /// override with errors), so that `check` can still render the site and check its links;
    /// `None` when no broken file has a built-in version to stand in for it.
    pub fn with_built_in_for(&self, broken: &[&Path]) -> Option<Theme> {
        let built_in = Theme::built_in();
        let mut theme = Theme {
            files: self.files.clone(),
            fonts: OnceLock::new(),
        };
        let mut replaced = false;
        for (path, file) in &mut theme.files {
            if broken.contains(&file.origin.as_path())
                && let Some(original) = built_in.file(path)
                && original.origin != file.origin
            {
                *file = original.clone();
                replaced = true;
            }
        }
        replaced.then_some(theme)
    }

    /// The files under `prefix/` (e.g. `templates`), with paths relative to it.
    pub fn files_under<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> + 'a {
        self.files.iter().filter_map(move |(path, file)| {
            path.strip_prefix(prefix)?
                .strip_prefix('/')
                .map(|rel| (rel, file))
        })
    }

    /// One file, by path relative to the theme folder.
    pub fn file(&self, path: &str) -> Option<&ThemeFile> {
        self.files.get(path)
    }

    /// The fonts under `fonts/`, parsed the first time they are asked for: the pages, the
    /// posters and the share cards of a build all use these.
    pub fn fonts(&self) -> &FontSet {
        self.fonts.get_or_init(|| FontSet::from_theme(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_theme_has_templates_and_strings() {
        let theme = Theme::built_in();
        assert!(theme.file("templates/base.html").is_some());
        assert!(theme.file("i18n/en.yaml").is_some());
        assert!(
            theme
                .files_under("templates")
                .any(|(p, _)| p == "advisory.html")
        );
    }

    #[test]
    fn site_files_override_built_in_ones() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("404.html"), "custom").unwrap();
        let theme = Theme::load(dir.path(), "default").unwrap();
        assert_eq!(&*theme.file("templates/404.html").unwrap().bytes, b"custom");
        assert!(
            theme
                .file("templates/base.html")
                .unwrap()
                .origin
                .starts_with("(built-in theme)")
        );
    }
}
