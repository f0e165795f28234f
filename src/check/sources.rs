//! The source files behind the model, read again only to point at lines: the facts every check
//! uses come from the model; this map only turns "the `expires` field of this advisory" into a
//! line and column and quotes that line, as rustc's source map does.
//!
//! Files are read lazily (only when a diagnostic needs a position) and at most once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::content::frontmatter::split_front_matter;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::source::read_text_file;
use crate::yaml::{Seg, YamlFile};

/// Site files by path relative to the site root, read on demand.
pub struct SourceMap {
    root: PathBuf,
    files: RefCell<HashMap<PathBuf, Option<Rc<str>>>>,
}

/// Which part of a YAML value to point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The key of the entry.
    Key,
    /// The value of the entry.
    Value,
}

impl SourceMap {
    /// A map of the files of the site in `root`.
    pub fn new(root: &Path) -> Self {
        SourceMap {
            root: root.to_path_buf(),
            files: RefCell::new(HashMap::new()),
        }
    }

    /// The text of `file` (relative to the site root), if it can be read.
    pub fn text(&self, file: &Path) -> Option<Rc<str>> {
        self.files
            .borrow_mut()
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                read_text_file(&self.root.join(file), file)
                    .ok()
                    .map(Rc::from)
            })
            .clone()
    }

    /// Line `line` (1-based) of `file`.
    pub fn line(&self, file: &Path, line: usize) -> Option<String> {
        let text = self.text(file)?;
        text.lines().nth(line.checked_sub(1)?).map(str::to_owned)
    }

    /// Where the entry at `path` of a YAML file, or of an advisory's front matter, is.
    pub fn yaml_position(&self, file: &Path, path: &[Seg], part: Part) -> Position {
        self.yaml_positions(file, &[path.to_vec()], part)
            .pop()
            .unwrap_or(Position::new(1, 1))
    }

    /// Several positions in one file, parsing its YAML once.
    pub fn yaml_positions(&self, file: &Path, paths: &[Vec<Seg>], part: Part) -> Vec<Position> {
        let fallback = || vec![Position::new(1, 1); paths.len()];
        let Some(text) = self.text(file) else {
            return fallback();
        };
        let is_markdown = file.extension().is_some_and(|e| e == "md");
        let (yaml, offset) = if is_markdown {
            match split_front_matter(&text) {
                Ok(split) => (split.yaml, 1),
                Err(_) => return fallback(),
            }
        } else {
            (&*text, 0)
        };
        let yaml_file = YamlFile::new(file, &text, yaml, offset);
        paths
            .iter()
            .map(|path| match part {
                Part::Key => yaml_file.key_position(path),
                Part::Value => yaml_file.value_position(path),
            })
            .collect()
    }

    /// A diagnostic at the entry `path` of a YAML file or front matter, quoting its line.
    pub fn at_yaml(
        &self,
        code: Code,
        file: &Path,
        path: &[Seg],
        part: Part,
        message: impl Into<String>,
    ) -> Diagnostic {
        let at = self.yaml_position(file, path, part);
        self.at(code, file, at, message)
    }

    /// A diagnostic at a position of a file, quoting its line.
    pub fn at(
        &self,
        code: Code,
        file: &Path,
        at: Position,
        message: impl Into<String>,
    ) -> Diagnostic {
        let diagnostic = Diagnostic::error(code, file, at, message);
        match self.line(file, at.line) {
            Some(line) => diagnostic.with_source_line(&line),
            None => diagnostic,
        }
    }
}

/// A path into YAML made of keys only.
pub fn keys(keys: &[&str]) -> Vec<Seg> {
    keys.iter().map(|k| Seg::Key((*k).to_owned())).collect()
}
