//! YAML documents with positions: parses with `serde_yaml`, locates any key or value by its path
//! (for diagnostics that point at the offending line), and reads mappings field by field so that
//! every problem in a file is reported, not only the first.
//!
//! Positions come from a second, event-level pass (`saphyr-parser`) that is only run when a
//! diagnostic needs one, so a valid file is parsed once.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::control_chars;
use crate::diagnostics::{Code, Diagnostic, Position};

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

    /// A reader over the mapping `value` found at `path`; reports an error if it is not a mapping.
    pub fn reader<'v>(&'a self, value: &'v Value, path: Vec<Seg>) -> MapReader<'a, 'v> {
        let mut reader = MapReader {
            file: self,
            map: None,
            path,
            seen: HashSet::new(),
            diagnostics: Vec::new(),
        };
        match value {
            Value::Mapping(map) => reader.map = Some(map),
            Value::Null => {}
            other => {
                let at = self.value_position(&reader.path);
                reader.diagnostics.push(
                    self.error(
                        Code::InvalidValue,
                        at,
                        format!(
                            "expected a mapping of `key: value` lines, found {}",
                            kind_of(other)
                        ),
                    )
                    .with_hint("write one `key: value` per line"),
                );
            }
        }
        reader
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

/// The message and hint for a value that does not convert to the field's type, in the author's
/// words rather than serde's ("invalid type: sequence, expected a string").
fn conversion_error(field: &str, value: &Value, error: &str) -> (String, String) {
    let error = strip_location(error);
    let Some(expected) = error
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected ").map(|(_, e)| e))
    else {
        return (
            format!("`{field}`: {error}"),
            "check the value's form against docs/writing-advisories.md".into(),
        );
    };
    let expected = match expected {
        "a string" => "text",
        "a boolean" => "true or false",
        "a sequence" => "a list",
        "a map" => "a mapping",
        other => other,
    };
    let hint = match value {
        Value::Sequence(_) | Value::Mapping(_) if expected == "text" => {
            "put the text in quotes: text that starts with `[`, `{` or `- ` is read as a list or mapping".into()
        }
        _ if expected == "text" => "put the text in quotes".into(),
        _ => format!("write `{field}` as {expected}"),
    };
    (
        format!("`{field}` must be {expected}, found {}", kind_of(value)),
        hint,
    )
}

/// A short name for the kind of a YAML value, for messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Reads a mapping field by field, collecting a diagnostic for every problem.
pub struct MapReader<'a, 'v> {
    file: &'a YamlFile<'a>,
    map: Option<&'v Mapping>,
    path: Vec<Seg>,
    seen: HashSet<String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a, 'v> MapReader<'a, 'v> {
    /// The document this reader reads from.
    pub fn file(&self) -> &'a YamlFile<'a> {
        self.file
    }

    /// The path of the field `key` of this mapping.
    pub fn path_of(&self, key: &str) -> Vec<Seg> {
        let mut path = self.path.clone();
        path.push(Seg::Key(key.to_owned()));
        path
    }

    /// Records a diagnostic found while reading.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Reports an error at the value of `path`.
    pub fn error_at(
        &mut self,
        code: Code,
        path: &[Seg],
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let at = self.file.value_position(path);
        self.diagnostics.push(self.file.error(code, at, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// The raw value of `key`, if present and not null.
    pub fn raw(&mut self, key: &str) -> Option<&'v Value> {
        self.seen.insert(key.to_owned());
        self.map?.get(key).filter(|v| !v.is_null())
    }

    /// An optional field, deserialised into `T`.
    pub fn optional<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        let value = self.raw(key)?;
        self.convert(key, value)
    }

    /// A required field, deserialised into `T`.
    pub fn required<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        match self.raw(key) {
            Some(value) => self.convert(key, value),
            None => {
                self.missing(key);
                None
            }
        }
    }

    /// Reports that the required field `key` is missing (or empty).
    pub fn missing(&mut self, key: &str) {
        if self.map.is_none() && !self.diagnostics.is_empty() {
            return;
        }
        // At the key of the mapping that lacks the field (`calgary-police:`), not its first line.
        let at = self.file.key_position(&self.path);
        let field = self.describe(key);
        self.diagnostics.push(
            self.file
                .error(
                    Code::MissingField,
                    at,
                    format!("missing required field `{field}`"),
                )
                .with_hint(format!("add a `{key}:` line")),
        );
    }

    fn describe(&self, key: &str) -> String {
        let mut parts: Vec<String> = self
            .path
            .iter()
            .map(|s| match s {
                Seg::Key(k) => k.clone(),
                Seg::Index(i) => i.to_string(),
            })
            .collect();
        parts.push(key.to_owned());
        parts.join(".")
    }

    fn convert<T: DeserializeOwned>(&mut self, key: &str, value: &Value) -> Option<T> {
        match serde_yaml::from_value::<T>(value.clone()) {
            Ok(v) => Some(v),
            Err(err) => {
                let path = self.path_of(key);
                let field = self.describe(key);
                let (message, hint) = conversion_error(&field, value, &err.to_string());
                self.error_at(Code::InvalidValue, &path, message).hint = Some(hint);
                None
            }
        }
    }

    /// A list of text items; every item that is not text is reported at its own line.
    pub fn string_list(&mut self, key: &str) -> Option<Vec<String>> {
        self.string_list_with_gaps(key, false)
            .map(|items| items.into_iter().flatten().collect())
    }

    /// A list of non-empty strings in which, when `gaps` is set, an item may be `null` (`None`:
    /// a translation's untranslated item).
    pub fn string_list_with_gaps(&mut self, key: &str, gaps: bool) -> Option<Vec<Option<String>>> {
        let value = self.raw(key)?;
        let path = self.path_of(key);
        let Value::Sequence(items) = value else {
            let message = format!(
                "`{key}` must be a list of text items, found {}",
                kind_of(value)
            );
            self.error_at(Code::InvalidValue, &path, message).hint = Some(format!(
                "write each item on its own line under `{key}:`, starting with `- `"
            ));
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) if !s.trim().is_empty() => out.push(Some(s.clone())),
                Value::Null if gaps => out.push(None),
                other => {
                    let mut item_path = path.clone();
                    item_path.push(Seg::Index(i));
                    let found = if matches!(other, Value::String(_)) {
                        "empty text"
                    } else {
                        kind_of(other)
                    };
                    self.error_at(Code::InvalidValue, &item_path, format!("item {} of `{key}` must be text, found {found}", i + 1))
                        .hint = Some("write the item as text; put it in quotes if it looks like a number or yes/no".into());
                }
            }
        }
        Some(out)
    }

    /// Ends reading: reports every key that was not read as unknown, and returns all diagnostics.
    pub fn finish(mut self, known: &[&str]) -> Vec<Diagnostic> {
        let Some(map) = self.map else {
            return self.diagnostics;
        };
        for key in map.keys() {
            let name = match key {
                Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            };
            if self.seen.contains(&name) {
                continue;
            }
            let path = self.path_of(&name);
            let at = self.file.key_position(&path);
            let hint = match closest(&name, known) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("known keys here: {}", known.join(", ")),
            };
            self.diagnostics.push(
                self.file
                    .error(Code::UnknownKey, at, format!("unknown key `{name}`"))
                    .with_hint(hint),
            );
        }
        self.diagnostics
    }
}

/// The known name closest to `name`, if one is close enough to be a likely typo.
pub fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}

#[derive(Debug, Clone, Copy)]
struct NodeSpan {
    key: Option<Position>,
    value: Position,
}

/// Positions of every key and value of a YAML document, by path.
struct SpanIndex {
    spans: HashMap<Vec<Seg>, NodeSpan>,
}

enum Frame {
    Mapping { key: Option<(String, Position)> },
    Sequence { next: usize },
}

impl SpanIndex {
    fn get(&self, path: &[Seg]) -> Option<&NodeSpan> {
        self.spans.get(path)
    }

    /// Walks the document's events once, recording where each node starts.
    fn build(yaml: &str) -> SpanIndex {
        let mut spans = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut path: Vec<Seg> = Vec::new();
        // Depth inside a complex (non-scalar) mapping key, whose contents are not indexed.
        let mut ignored = 0usize;
        for result in Parser::new_from_str(yaml) {
            let Ok((event, span)) = result else { break };
            let at = Position::new(span.start.line(), span.start.col() + 1);
            if ignored > 0 {
                match event {
                    Event::SequenceStart(..) | Event::MappingStart(..) => ignored += 1,
                    Event::SequenceEnd | Event::MappingEnd => ignored -= 1,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Scalar(..)
                | Event::Alias(_)
                | Event::SequenceStart(..)
                | Event::MappingStart(..) => {
                    let text = match &event {
                        Event::Scalar(text, ..) => Some(text.to_string()),
                        _ => None,
                    };
                    if let Some(Frame::Mapping { key }) = stack.last_mut()
                        && key.is_none()
                    {
                        *key = Some((text.unwrap_or_else(|| "?".into()), at));
                        if matches!(event, Event::SequenceStart(..) | Event::MappingStart(..)) {
                            ignored = 1;
                        }
                        continue;
                    }
                    let (seg, key_at) = match stack.last_mut() {
                        Some(Frame::Mapping { key }) => {
                            let (name, key_at) = key.take().expect("checked above");
                            (Some(Seg::Key(name)), Some(key_at))
                        }
                        Some(Frame::Sequence { next }) => {
                            *next += 1;
                            (Some(Seg::Index(*next - 1)), None)
                        }
                        None => (None, None),
                    };
                    if let Some(seg) = seg.clone() {
                        path.push(seg);
                    }
                    spans.insert(
                        path.clone(),
                        NodeSpan {
                            key: key_at,
                            value: at,
                        },
                    );
                    match event {
                        Event::SequenceStart(..) => stack.push(Frame::Sequence { next: 0 }),
                        Event::MappingStart(..) => stack.push(Frame::Mapping { key: None }),
                        _ => {
                            if seg.is_some() {
                                path.pop();
                            }
                        }
                    }
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                    if !stack.is_empty() {
                        path.pop();
                    }
                }
                _ => {}
            }
        }
        SpanIndex { spans }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: Hello\nlist:\n  - one\n  - two\nflow: [a, b]\nnested:\n  name: { en: Hi, fr: Salut }\n";

    fn file(yaml: &'static str) -> YamlFile<'static> {
        YamlFile::new(Path::new("x.md"), yaml, yaml, 0)
    }

    #[test]
    fn locates_values_in_block_and_flow_style() {
        let f = file(DOC);
        let key = |k: &str| Seg::Key(k.into());
        assert_eq!(f.value_position(&[key("title")]), Position::new(1, 8));
        assert_eq!(
            f.value_position(&[key("list"), Seg::Index(1)]),
            Position::new(4, 5)
        );
        assert_eq!(
            f.value_position(&[key("flow"), Seg::Index(1)]),
            Position::new(5, 11)
        );
        assert_eq!(
            f.value_position(&[key("nested"), key("name"), key("fr")]),
            Position::new(7, 23)
        );
        assert_eq!(f.key_position(&[key("nested")]), Position::new(6, 1));
    }

    #[test]
    fn unknown_path_falls_back_to_nearest_ancestor() {
        let f = file(DOC);
        let at = f.value_position(&[Seg::Key("list".into()), Seg::Index(9)]);
        assert_eq!(at, Position::new(3, 3));
    }

    #[test]
    fn lines_are_quoted_as_str_lines_gives_them() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\nc\r", "x\ry\n\n"] {
            let f = file(text);
            for n in 0usize..6 {
                let expected = n.checked_sub(1).and_then(|i| text.lines().nth(i));
                assert_eq!(f.line(n), expected, "{text:?} line {n}");
            }
        }
    }

    #[test]
    fn line_offset_is_added() {
        let text = "---\ntitle: [\n---\n";
        let f = YamlFile::new(Path::new("x.md"), text, "title: [\n", 1);
        let err = f.parse().unwrap_err();
        assert_eq!(err.code, Code::YamlSyntax);
        assert!(err.line >= 2, "line {}", err.line);
    }

    #[test]
    fn nested_duplicate_keys_point_at_the_repeated_key() {
        let f = file("a:\n  b: 1\nc:\n  - d: 1\n    e: 2\n    d: 3\n");
        let err = f.parse().unwrap_err();
        assert!(err.message.contains("duplicate"), "{}", err.message);
        assert_eq!((err.line, err.column), (6, 5));
    }

    #[test]
    fn control_characters_are_located() {
        let f = file("title: ok\nsummary: a\u{1}b\n");
        let err = f.parse().unwrap_err();
        assert_eq!((err.line, err.column), (2, 11), "{}", err.message);
        assert!(err.hint.unwrap().contains("control character"));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let f = file("a: 1\na: 2\n");
        let err = f.parse().unwrap_err();
        assert!(err.message.contains("duplicate"), "{}", err.message);
        assert_eq!(err.line, 2);
    }

    #[test]
    fn reader_reports_unknown_and_missing_keys_together() {
        let f = file("titel: x\nsummary: 3\n");
        let value = f.parse().unwrap();
        let mut r = f.reader(&value, vec![]);
        assert!(r.required::<String>("title").is_none());
        let _ = r.required::<Vec<String>>("summary");
        let diags = r.finish(&["title", "summary"]);
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![Code::MissingField, Code::InvalidValue, Code::UnknownKey]
        );
        assert_eq!(diags[2].hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(diags[1].line, 2);
        assert_eq!(diags[1].message, "`summary` must be a list, found a number");
        assert_eq!(diags[1].hint.as_deref(), Some("write `summary` as a list"));
    }

    #[test]
    fn wrong_types_are_explained_in_plain_words() {
        let f = file("title: [a, b]\ndraft: maybe\n");
        let value = f.parse().unwrap();
        let mut r = f.reader(&value, vec![]);
        assert!(r.required::<String>("title").is_none());
        assert!(r.optional::<bool>("draft").is_none());
        let diags = r.finish(&["title", "draft"]);
        assert_eq!(diags[0].message, "`title` must be text, found a list");
        assert!(
            diags[0]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("put the text in quotes")
        );
        assert_eq!(
            diags[1].message,
            "`draft` must be true or false, found text"
        );
        assert_eq!(
            diags[1].hint.as_deref(),
            Some("write `draft` as true or false")
        );
    }

    #[test]
    fn string_list_points_at_the_bad_item() {
        let f = file("red_flags:\n  - ok\n  - 42\n");
        let value = f.parse().unwrap();
        let mut r = f.reader(&value, vec![]);
        let list = r.string_list("red_flags").unwrap();
        assert_eq!(list, vec!["ok"]);
        let diags = r.finish(&["red_flags"]);
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (3, 5));
    }
}
