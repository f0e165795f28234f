//! Checking one UI-strings file (`i18n/<lang>.yaml`) against `schema`: each known key's shape
//! (text, plural forms in the language's CLDR categories, list), its placeholders, and unknown
//! keys (kept as written, with a warning naming the closest known key).

use std::path::Path;

use indexmap::IndexMap;
use serde_yaml::Value;

use super::schema::{UiKey, known_keys, placeholders, ui_key};
use super::value::{PLURAL_CATEGORIES, UiValue};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::yaml::{Seg, YamlFile, closest, kind_of};

/// What checking one file found.
#[derive(Default)]
pub(super) struct Checked {
    pub strings: IndexMap<String, UiValue>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Parses one UI-string file and checks every entry against the schema.
pub(super) fn check_file(
    path: &Path,
    text: &str,
    lang: &str,
    categories: &[&str],
    out: &mut Checked,
) {
    let file = YamlFile::new(path, text, text, 0);
    let value = match file.parse() {
        Ok(value) => value,
        Err(d) => return out.errors.push(d),
    };
    let Value::Mapping(map) = &value else {
        if !value.is_null() {
            let message = format!(
                "UI strings must be a mapping of `key: text`, found {}",
                kind_of(&value)
            );
            out.errors.push(
                file.error(Code::InvalidValue, Position::new(1, 1), message)
                    .with_hint("write one `key: text` per line"),
            );
        }
        return;
    };
    let check = FileCheck {
        file: &file,
        lang,
        categories,
    };
    for (key, value) in map {
        let Some(key) = key.as_str() else { continue };
        match check.entry(key, value) {
            Ok(Some(value)) => {
                out.strings.insert(key.to_owned(), value);
            }
            Ok(None) => {
                out.warnings.push(check.unknown_key(key));
                if let Some(value) = untyped(value) {
                    out.strings.insert(key.to_owned(), value);
                }
            }
            Err(mut errors) => out.errors.append(&mut errors),
        }
    }
}

/// A value of a key redflag does not know, kept as it is written.
fn untyped(value: &Value) -> Option<UiValue> {
    match value {
        Value::String(text) => Some(UiValue::Text(text.clone())),
        Value::Sequence(_) => serde_yaml::from_value(value.clone())
            .ok()
            .map(UiValue::List),
        Value::Mapping(_) => serde_yaml::from_value(value.clone())
            .ok()
            .map(UiValue::Plural),
        _ => None,
    }
}

struct FileCheck<'a> {
    file: &'a YamlFile<'a>,
    lang: &'a str,
    categories: &'a [&'a str],
}

impl FileCheck<'_> {
    /// The checked value of a known key; `Ok(None)` for a key redflag does not know.
    fn entry(&self, key: &str, value: &Value) -> Result<Option<UiValue>, Vec<Diagnostic>> {
        let Some(shape) = ui_key(key) else {
            return Ok(None);
        };
        let path = vec![Seg::Key(key.to_owned())];
        match (shape, value) {
            (UiKey::Text(allowed), Value::String(text)) => {
                self.placeholders(&path, key, text, allowed)?;
                Ok(Some(UiValue::Text(text.clone())))
            }
            (UiKey::Plural(allowed), Value::Mapping(forms)) => {
                self.plural(&path, key, forms, allowed).map(Some)
            }
            (UiKey::Months, Value::Sequence(items)) if items.len() == 12 => {
                let months: Option<Vec<String>> = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect();
                months
                    .map(|m| Some(UiValue::List(m)))
                    .ok_or_else(|| vec![self.wrong_type(&path, key, shape, value)])
            }
            _ => Err(vec![self.wrong_type(&path, key, shape, value)]),
        }
    }

    fn plural(
        &self,
        path: &[Seg],
        key: &str,
        forms: &serde_yaml::Mapping,
        allowed: &'static [&'static str],
    ) -> Result<UiValue, Vec<Diagnostic>> {
        let mut out = IndexMap::new();
        let mut errors = Vec::new();
        let lang = self.lang;
        let list = self.categories.join(", ");
        for (category, form) in forms {
            let name = category.as_str().unwrap_or_default();
            let mut form_path = path.to_vec();
            form_path.push(Seg::Key(name.to_owned()));
            if !self.categories.contains(&name) {
                let message = if PLURAL_CATEGORIES.contains(&name) {
                    format!("`{key}`: `{lang}` has no plural category `{name}` (CLDR)")
                } else {
                    format!("`{key}`: `{name}` is not a CLDR plural category")
                };
                errors.push(
                    self.file
                        .error(
                            Code::InvalidValue,
                            self.file.key_position(&form_path),
                            message,
                        )
                        .with_hint(format!("`{lang}` uses the plural categories {list}")),
                );
                continue;
            }
            let Some(text) = form.as_str() else {
                errors.push(self.wrong_type(&form_path, key, UiKey::Text(allowed), form));
                continue;
            };
            if let Err(mut e) = self.placeholders(&form_path, key, text, allowed) {
                errors.append(&mut e);
            }
            out.insert(name.to_owned(), text.to_owned());
        }
        if !forms.contains_key("other") {
            errors.push(
                self.file
                    .error(
                        Code::MissingField,
                        self.file.key_position(path),
                        format!("plural forms of `{key}` have no `other`"),
                    )
                    .with_hint(format!(
                        "add `other:`, the form used when no other category applies (`{lang}` uses {list})"
                    )),
            );
        }
        if errors.is_empty() {
            Ok(UiValue::Plural(out))
        } else {
            Err(errors)
        }
    }

    /// Every `{placeholder}` of `text` must be one redflag fills in for `key`.
    fn placeholders(
        &self,
        path: &[Seg],
        key: &str,
        text: &str,
        allowed: &[&str],
    ) -> Result<(), Vec<Diagnostic>> {
        let errors: Vec<Diagnostic> = placeholders(text)
            .into_iter()
            .filter(|name| !allowed.contains(name))
            .map(|name| {
                let at = self.position_of(path, &format!("{{{name}}}"));
                let hint = if allowed.is_empty() {
                    format!("`{key}` is printed as it is: remove `{{{name}}}`")
                } else {
                    let names: Vec<String> = allowed.iter().map(|a| format!("{{{a}}}")).collect();
                    format!("`{key}` can use {}", names.join(", "))
                };
                self.file
                    .error(
                        Code::InvalidValue,
                        at,
                        format!("`{key}` uses `{{{name}}}`, which redflag never fills in"),
                    )
                    .with_hint(hint)
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Where `needle` is on the line of the value at `path`, else where the value starts.
    fn position_of(&self, path: &[Seg], needle: &str) -> Position {
        let at = self.file.value_position(path);
        let found = self.file.line(at.line).and_then(|line| {
            let start = line.char_indices().nth(at.column - 1).map_or(0, |(i, _)| i);
            line[start..]
                .find(needle)
                .map(|i| line[..start + i].chars().count() + 1)
        });
        found.map_or(at, |column| Position::new(at.line, column))
    }

    fn wrong_type(&self, path: &[Seg], key: &str, shape: UiKey, value: &Value) -> Diagnostic {
        let (expected, hint) = match shape {
            UiKey::Text(_) => ("text", format!("write `{key}: text` on one line")),
            UiKey::Plural(_) => (
                "plural forms",
                format!(
                    "write `{key}:` with one line per plural category of `{}` ({})",
                    self.lang,
                    self.categories.join(", ")
                ),
            ),
            UiKey::Months => (
                "a list of the twelve month names",
                format!("write `{key}: [January, February, …, December]`"),
            ),
        };
        let found = match value {
            Value::Sequence(items) if matches!(shape, UiKey::Months) => {
                format!("a list of {} items", items.len())
            }
            other => kind_of(other).to_owned(),
        };
        self.file
            .error(
                Code::InvalidValue,
                self.file.value_position(path),
                format!("UI string `{key}` must be {expected}, found {found}"),
            )
            .with_hint(hint)
    }

    fn unknown_key(&self, key: &str) -> Diagnostic {
        let known = known_keys();
        let hint = match closest(key, &known) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "redflag does not use it; a template of the theme may, as `t.<key>`".into(),
        };
        self.file
            .error(
                Code::UnknownKey,
                self.file.key_position(&[Seg::Key(key.to_owned())]),
                format!("unknown UI string `{key}`"),
            )
            .with_hint(hint)
            .as_warning()
    }
}
