//! YAML documents with positions: parses with `serde_yaml`, locates any key or value by its path
//! (for diagnostics that point at the offending line), and reads mappings field by field so that
//! every problem in a file is reported, not only the first.
//!
//! Positions come from a second, event-level pass (`saphyr-parser`) that is only run when a
//! diagnostic needs one, so a valid file is parsed once.

mod reader;
mod spans;
mod suggest;
#[cfg(test)]
mod tests;

use std::cell::OnceCell;
use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::control_chars;
use crate::diagnostics::{Code, Diagnostic, Position};

use spans::{NodeSpan, SpanIndex};

pub use reader::{MapReader, kind_of};
pub use suggest::closest;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A YAML document inside a file (a whole `.yaml` file, or an advisory's front matter).
pub struct YamlFile<'a> {
    /// The file, as shown in diagnostics.
    pub path: &'a Path,
    /// The whole file's text, for quoting the offending line.
    pub text: &'a str,
    /// The YAML part of the text.
    pub yaml: &'a str,
    /// How many lines of the file come before the YAML part.
    pub line_offset: usize,
    spans: OnceCell<SpanIndex>,
    /// Byte offset of the start of every line of `text`, built on the first diagnostic, so that
    /// quoting the offending line does not rescan the file once per diagnostic.
    line_starts: OnceCell<Vec<usize>>,
}

impl<'a> YamlFile<'a> {
    /// A YAML document that starts `line_offset` lines into the file `text`.
    pub fn new(path: &'a Path, text: &'a str, yaml: &'a str, line_offset: usize) -> Self {
        YamlFile {
            path,
            text,
            yaml,
            line_offset,
            spans: OnceCell::new(),
            line_starts: OnceCell::new(),
        }
    }

    /// Parses the document into a value; an empty document is an empty mapping.
    pub fn parse(&self) -> Result<Value, Diagnostic> {
        if self.yaml.trim().is_empty() {
            return Ok(Value::Mapping(Mapping::new()));
        }
        serde_yaml::from_str::<Value>(self.yaml).map_err(|err| self.syntax_error(&err))
    }

    fn syntax_error(&self, err: &serde_yaml::Error) -> Diagnostic {
        let at = err
            .location()
            .map_or(Position::new(self.line_offset + 1, 1), |l| {
                Position::new(l.line() + self.line_offset, l.column())
            });
        let message = strip_location(&err.to_string());
        let at = match (duplicate_key(&message), byte_position(&message)) {
            (Some(path), _) => self.key_position(&path),
            (None, Some(offset)) => {
                let p = Position::of_offset(self.yaml, offset);
                Position::new(p.line + self.line_offset, p.column)
            }
            (None, None) => at,
        };
        let line_text = self.line(at.line).unwrap_or("");
        let hint = if line_text.contains('\t') {
            "YAML does not allow tabs for indentation: indent with spaces"
        } else if message.contains("control characters") {
            "remove the invisible control character (often pasted from a PDF or a word processor)"
        } else if message.contains("duplicate") {
            "each key may appear only once: remove or merge the repeated one"
        } else if message.contains("repetition limit") {
            "the aliases (`*name`) repeat too much data: write the values out instead of using anchors and aliases"
        } else if message.contains("recursion limit") {
            "the values are nested too deeply: use at most a few levels of lists and mappings"
        } else {
            "check the indentation and quote text that contains `: ` or starts with a special character"
        };
        self.error(Code::YamlSyntax, at, format!("invalid YAML: {message}"))
            .with_hint(hint)
    }

    /// An error at `at`, quoting the offending line.
    pub fn error(&self, code: Code, at: Position, message: impl Into<String>) -> Diagnostic {
        let diagnostic = Diagnostic::error(code, self.path, at, message);
        match self.line(at.line) {
            Some(line) => diagnostic.with_source_line(line),
            None => diagnostic,
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&start| start < self.text.len())
                .collect()
        })
    }

    /// Line `number` (1-based) of the file, as `str::lines` would give it.
    pub fn line(&self, number: usize) -> Option<&'a str> {
        let starts = self.line_starts();
        let rest = &self.text[*starts.get(number.checked_sub(1)?)?..];
        Some(match rest.split_once('\n') {
            Some((line, _)) => line.strip_suffix('\r').unwrap_or(line),
            None => rest,
        })
    }

    /// An error for every text of `value` holding a control character other than tab and line
    /// feed (YAML refuses them raw, but a quoted `"\0"` or `"\a"` makes one), at its escape.
    pub fn control_characters(&self, value: &Value) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        self.find_control_characters(value, &mut Vec::new(), &mut found);
        found
    }

    fn find_control_characters(
        &self,
        value: &Value,
        path: &mut Vec<Seg>,
        found: &mut Vec<Diagnostic>,
    ) {
        match value {
            Value::String(text) => {
                if let Some((_, c)) = control_chars::first_refused(text) {
                    found.push(self.control_character(path, c));
                }
            }
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    self.find_control_characters(item, path, found);
                    path.pop();
                }
            }
            Value::Mapping(map) => {
                for (key, item) in map {
                    if let Value::String(key) = key {
                        path.push(Seg::Key(key.clone()));
                        self.find_control_characters(item, path, found);
                        path.pop();
                    }
                }
            }
            Value::Tagged(tagged) => self.find_control_characters(&tagged.value, path, found),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    fn control_character(&self, path: &[Seg], c: char) -> Diagnostic {
        let start = self.value_position(path);
        let at = self
            .offset_of(start)
            .and_then(|offset| {
                control_chars::locate(&self.text[offset..]).map(|found| offset + found)
            })
            .map_or(start, |offset| Position::of_offset(self.text, offset));
        let field: Vec<&str> = path
            .iter()
            .filter_map(|seg| match seg {
                Seg::Key(key) => Some(key.as_str()),
                Seg::Index(_) => None,
            })
            .collect();
        self.error(
            Code::ControlCharacter,
            at,
            format!(
                "`{}` contains the invisible control character {}",
                field.join("."),
                control_chars::code_point(c)
            ),
        )
        .with_hint(control_chars::HINT)
    }

    /// The byte offset of a position of the file.
    fn offset_of(&self, at: Position) -> Option<usize> {
        let start = *self.line_starts().get(at.line.checked_sub(1)?)?;
        let line = &self.text[start..];
        let column = line
            .char_indices()
            .nth(at.column.checked_sub(1)?)
            .map_or(line.len(), |(i, _)| i);
        Some(start + column)
    }

    /// Where the value at `path` starts (or its nearest located ancestor).
    pub fn value_position(&self, path: &[Seg]) -> Position {
        self.locate(path, |span| span.value)
    }

    /// Where the key of the entry at `path` starts (or its nearest located ancestor).
    pub fn key_position(&self, path: &[Seg]) -> Position {
        self.locate(path, |span| span.key.unwrap_or(span.value))
    }

    fn locate(&self, path: &[Seg], pick: impl Fn(&NodeSpan) -> Position) -> Position {
        let spans = self.spans.get_or_init(|| SpanIndex::build(self.yaml));
        (0..=path.len())
            .rev()
            .find_map(|len| spans.get(&path[..len]).map(&pick))
            .map_or(Position::new(self.line_offset + 1, 1), |p| {
                Position::new(p.line + self.line_offset, p.column)
            })
    }

    /// Where a top-level key is, and its line: found by scanning for `key:` at the start of a
    /// line (the common case, without a second parse), else through the full position index.
    pub fn top_level_key(&self, key: &str) -> (Position, String) {
        let found = self.yaml.lines().position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        });
        let at = match found {
            Some(i) => Position::new(i + 1 + self.line_offset, 1),
            None => self.key_position(&[Seg::Key(key.to_owned())]),
        };
        let line = self
            .text
            .lines()
            .nth(at.line.saturating_sub(1))
            .unwrap_or_default()
            .to_owned();
        (at, line)
    }
}

/// The path of the repeated key named by serde_yaml's `a.b[0]: duplicate entry with key "k"`
/// message (the path of the mapping, then the key).
fn duplicate_key(message: &str) -> Option<Vec<Seg>> {
    let (mapping, rest) = message.split_once("duplicate entry with key \"")?;
    let key = rest.split_once('"')?.0.to_owned();
    let mut path = Vec::new();
    let mapping = mapping.trim_end().trim_end_matches(':');
    for part in mapping.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(name) = pieces.next().filter(|n| !n.is_empty()) {
            path.push(Seg::Key(name.to_owned()));
        }
        for index in pieces {
            path.push(Seg::Index(index.trim_end_matches(']').parse().ok()?));
        }
    }
    path.push(Seg::Key(key));
    Some(path)
}

/// The byte offset in messages such as "control characters are not allowed at position 11".
fn byte_position(message: &str) -> Option<usize> {
    message.rsplit_once(" at position ")?.1.trim().parse().ok()
}

/// The YAML error message without serde_yaml's own " at line X column Y" suffix.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}
