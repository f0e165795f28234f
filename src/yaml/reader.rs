//! Reading a mapping field by field (`MapReader`): typed fields, unknown keys, and the
//! author-worded messages for a value of the wrong kind, each problem a diagnostic of its own.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Code, Diagnostic};

use super::suggest::closest;
use super::{Seg, YamlFile, strip_location};

impl<'a> YamlFile<'a> {
    /// A reader over the mapping `value` found at `path`, which may hold the keys `known` (its
    /// schema's properties); reports an error if it is not a mapping.
    pub fn reader<'v>(
        &'a self,
        value: &'v Value,
        path: Vec<Seg>,
        known: &'a [&'a str],
    ) -> MapReader<'a, 'v> {
        let mut reader = self.entries(value, path);
        reader.known = Some(known);
        reader
    }

    /// A reader over the mapping `value` found at `path` whose keys are data (term ids, language
    /// tags) rather than fields; reports an error if it is not a mapping.
    pub fn entries<'v>(&'a self, value: &'v Value, path: Vec<Seg>) -> MapReader<'a, 'v> {
        let mut reader = MapReader {
            file: self,
            map: None,
            path,
            known: None,
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
    /// The keys the mapping may hold; `None` when its keys are data.
    known: Option<&'a [&'a str]>,
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

    /// The raw value of `key`, if present and not null. `key` must be one of the mapping's
    /// known keys: reading a key its schema does not describe is a bug (checked in debug builds).
    pub fn raw(&mut self, key: &str) -> Option<&'v Value> {
        debug_assert!(
            self.known.is_none_or(|known| known.contains(&key)),
            "`{key}` is read at {:?} but its schema does not describe it",
            self.path
        );
        self.refused(key)
    }

    /// The raw value of `key`, a key the mapping may not hold here (a shared field in a
    /// translation), so that its own error takes the place of "unknown key".
    pub fn refused(&mut self, key: &str) -> Option<&'v Value> {
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

    /// Ends reading: reports every key that was not read as unknown (naming the closest known
    /// key, or all of them), and returns all diagnostics.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        let Some(map) = self.map else {
            return self.diagnostics;
        };
        let known = self.known.unwrap_or_default();
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
