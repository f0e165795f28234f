//! Small edits of a YAML file in place, keeping its comments and layout: set one text of a
//! mapping (replacing its scalar, adding a key to a flow or block mapping, or turning a plain
//! text into `{ <default>: …, <lang>: … }`), append a top-level entry. Every edit is checked by
//! parsing the result: the document must equal the old one with exactly that change, or the
//! edit is refused (the caller tells the user to make it by hand).

use serde_yaml::{Mapping, Value};

use crate::scaffold::scalar;
use crate::yaml::{Seg, YamlFile};

/// Why an edit is refused: the caller names the file and tells the user to make it by hand.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The file does not parse.
    #[error("the file is not valid YAML: {0}")]
    InvalidYaml(#[from] serde_yaml::Error),
    /// The file is a list or a text, not a mapping of keys.
    #[error("the file is not a mapping")]
    NotMapping,
    /// A key on the way to the text holds something else than a mapping.
    #[error("its place in the file is not a mapping")]
    PlaceNotMapping,
    /// The mapping that should hold the text is not in the file.
    #[error("its place in the file was not found")]
    PlaceNotFound,
    /// The list has fewer items.
    #[error("the list has no such item")]
    NoItem,
    /// The text's place holds a list or a number.
    #[error("it is not a text or a mapping of texts")]
    NotText,
    /// A `{ …` without its `}` on the same line.
    #[error("a flow mapping without `}}`")]
    UnclosedFlow,
    /// A mapping without keys, so no place to add one after.
    #[error("an empty mapping")]
    EmptyMapping,
    /// A position past the end of the file.
    #[error("line {0} is not in the file")]
    NoLine(usize),
    /// Read back, the file differs in more than the edited `{0}`.
    #[error("the edit would change more than this {0}")]
    ChangesMore(&'static str),
}

/// Sets the text at `path` + `key` (a mapping entry) to `value`. `siblings` says which keys of
/// that mapping new entries go after (language tags, plural categories); `default` is the key a
/// plain text at `path` is kept under when it becomes a mapping.
pub fn set_text(
    text: &str,
    path: &[Seg],
    key: &str,
    value: &str,
    siblings: &[&str],
    default: &str,
) -> Result<String, EditError> {
    let parsed = parse(text)?;
    let mut expected = parsed.clone();
    set_in(&mut expected, path, key, value, default)?;
    if expected == parsed {
        return Ok(text.to_owned());
    }
    let doc = Doc::new(text);
    let node = get(&parsed, path);
    let edited = match node {
        None | Some(Value::Mapping(_)) if path.is_empty() && !contains(node, key) => {
            append(text, &format!("{key}: {}\n", scalar(value)))
        }
        None if path.len() == 1 => append(
            text,
            &format!("{}:\n  {key}: {}\n", key_text(&path[0]), scalar(value)),
        ),
        None => return Err(EditError::PlaceNotFound),
        Some(Value::String(plain)) => doc.plain_to_mapping(path, plain, key, value, default)?,
        Some(Value::Mapping(map)) if map.contains_key(key) => {
            let mut full = path.to_vec();
            full.push(Seg::Key(key.to_owned()));
            doc.replace_scalar(&full, value)?
        }
        Some(Value::Mapping(map)) => doc.add_key(path, map, key, value, siblings)?,
        Some(_) => return Err(EditError::NotText),
    };
    if parse(&edited)? == expected {
        Ok(edited)
    } else {
        Err(EditError::ChangesMore("text"))
    }
}

/// A YAML file being edited: its text, and where its keys and values are.
struct Doc<'a> {
    text: &'a str,
    yaml: YamlFile<'a>,
    /// The offset of each line's start.
    lines: Vec<usize>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Self {
        Doc {
            text,
            yaml: YamlFile::new(std::path::Path::new(""), text, text, 0),
            lines: line_starts(text),
        }
    }

    /// The offset where the value at `path` starts.
    fn value_start(&self, path: &[Seg]) -> Result<usize, EditError> {
        offset(&self.lines, self.text, self.yaml.value_position(path))
    }

    /// The text with the one-line scalar at `path` replaced by `value`.
    fn replace_scalar(&self, path: &[Seg], value: &str) -> Result<String, EditError> {
        let text = self.text;
        let start = self.value_start(path)?;
        let end = scalar_end(text, start);
        Ok(format!(
            "{}{}{}",
            &text[..start],
            scalar(value),
            &text[end..]
        ))
    }

    /// The text with the plain text `plain` at `path` turned into the flow mapping
    /// `{ <default>: plain, <key>: value }`.
    fn plain_to_mapping(
        &self,
        path: &[Seg],
        plain: &str,
        key: &str,
        value: &str,
        default: &str,
    ) -> Result<String, EditError> {
        let text = self.text;
        let start = self.value_start(path)?;
        let end = scalar_end(text, start);
        // A plain scalar with a comma, colon, bracket or `#` would mean something else
        // inside `{ … }`: it is quoted there.
        let raw = &text[start..end];
        let flow_safe =
            raw.starts_with(['"', '\'']) || !raw.contains([',', ':', '#', '[', ']', '{', '}']);
        let kept = if flow_safe {
            raw.to_owned()
        } else {
            scalar(plain)
        };
        Ok(format!(
            "{}{{ {default}: {kept}, {key}: {} }}{}",
            &text[..start],
            scalar(value),
            &text[end..]
        ))
    }

    /// The text with `key: value` added to the mapping `map` at `path`: inside its braces when
    /// it is a flow mapping, else on a line of its own after the last of `siblings` it has (or
    /// its last key).
    fn add_key(
        &self,
        path: &[Seg],
        map: &Mapping,
        key: &str,
        value: &str,
        siblings: &[&str],
    ) -> Result<String, EditError> {
        let text = self.text;
        let start = if path.is_empty() {
            None
        } else {
            Some(self.value_start(path)?)
        };
        if let Some(start) = start.filter(|&start| text[start..].starts_with('{')) {
            let close = text[start..]
                .find('}')
                .map(|i| start + i)
                .ok_or(EditError::UnclosedFlow)?;
            let before = text[start..close].trim_end();
            let at = start + before.len();
            return Ok(format!(
                "{}, {key}: {}{}",
                &text[..at],
                scalar(value),
                &text[at..]
            ));
        }
        let last = map
            .keys()
            .filter_map(Value::as_str)
            .filter(|k| siblings.contains(k))
            .last()
            .or_else(|| map.keys().filter_map(Value::as_str).last())
            .ok_or(EditError::EmptyMapping)?;
        let mut sibling = path.to_vec();
        sibling.push(Seg::Key(last.to_owned()));
        let at = self.yaml.key_position(&sibling);
        let next = self.lines.get(at.line).copied().unwrap_or(text.len());
        let indent = " ".repeat(at.column.saturating_sub(1));
        let newline = if text[..next].ends_with('\n') {
            ""
        } else {
            "\n"
        };
        Ok(format!(
            "{}{newline}{indent}{key}: {}\n{}",
            &text[..next],
            scalar(value),
            &text[next..]
        ))
    }
}

/// Appends a top-level `key:` list of `items` (the key must not exist yet).
pub fn append_list(text: &str, key: &str, items: &[String]) -> Result<String, EditError> {
    let mut expected = parse(text)?;
    let Value::Mapping(map) = &mut expected else {
        return Err(EditError::NotMapping);
    };
    map.insert(
        Value::String(key.to_owned()),
        Value::Sequence(items.iter().cloned().map(Value::String).collect()),
    );
    let mut entry = format!("{key}:\n");
    for item in items {
        entry.push_str(&format!("  - {}\n", scalar(item)));
    }
    let edited = append(text, &entry);
    if parse(&edited)? == expected {
        Ok(edited)
    } else {
        Err(EditError::ChangesMore("list"))
    }
}

/// Sets item `index` of the top-level list `key` to `value`.
pub fn set_item(text: &str, key: &str, index: usize, value: &str) -> Result<String, EditError> {
    let parsed = parse(text)?;
    let mut expected = parsed.clone();
    let item = expected
        .get_mut(key)
        .and_then(|list| list.get_mut(index))
        .ok_or(EditError::NoItem)?;
    *item = Value::String(value.to_owned());
    if expected == parsed {
        return Ok(text.to_owned());
    }
    let path = [Seg::Key(key.to_owned()), Seg::Index(index)];
    let edited = Doc::new(text).replace_scalar(&path, value)?;
    if parse(&edited)? == expected {
        Ok(edited)
    } else {
        Err(EditError::ChangesMore("item"))
    }
}

fn parse(text: &str) -> Result<Value, EditError> {
    if text.trim().is_empty() {
        return Ok(Value::Mapping(Mapping::new()));
    }
    Ok(serde_yaml::from_str(text)?)
}

fn get<'v>(value: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(i),
    })
}

/// `value` with the text at `path` + `key` set, as the edit should leave it.
fn set_in(
    value: &mut Value,
    path: &[Seg],
    key: &str,
    text: &str,
    default: &str,
) -> Result<(), EditError> {
    let mut node = value;
    for seg in path {
        node = match seg {
            Seg::Key(k) => {
                let Value::Mapping(map) = node else {
                    return Err(EditError::PlaceNotMapping);
                };
                map.entry(Value::String(k.clone()))
                    .or_insert_with(|| Value::Mapping(Mapping::new()))
            }
            Seg::Index(i) => node.get_mut(i).ok_or(EditError::NoItem)?,
        };
    }
    if let Value::String(plain) = node {
        let mut map = Mapping::new();
        map.insert(
            Value::String(default.to_owned()),
            Value::String(plain.clone()),
        );
        *node = Value::Mapping(map);
    }
    let Value::Mapping(map) = node else {
        return Err(EditError::NotText);
    };
    map.insert(
        Value::String(key.to_owned()),
        Value::String(text.to_owned()),
    );
    Ok(())
}

fn contains(node: Option<&Value>, key: &str) -> bool {
    node.and_then(|n| n.get(key)).is_some()
}

fn key_text(seg: &Seg) -> String {
    match seg {
        Seg::Key(k) => k.clone(),
        Seg::Index(i) => i.to_string(),
    }
}

fn append(text: &str, entry: &str) -> String {
    let mut out = text.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(entry);
    out
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn offset(
    lines: &[usize],
    text: &str,
    at: crate::diagnostics::Position,
) -> Result<usize, EditError> {
    let start = *at
        .line
        .checked_sub(1)
        .and_then(|i| lines.get(i))
        .ok_or(EditError::NoLine(at.line))?;
    let line = &text[start..];
    Ok(start
        + line
            .char_indices()
            .nth(at.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i))
}

/// Where the one-line scalar starting at `start` ends: its closing quote, or for a plain scalar
/// the end of the line, a comment, or (in a flow collection) `,`, `}` or `]`.
fn scalar_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let line = &rest[..line_end];
    let mut chars = line.char_indices();
    match chars.next() {
        Some((_, '"')) => {
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return start + i + 1,
                    _ => escaped = false,
                }
            }
            start + line_end
        }
        Some((_, '\'')) => {
            let bytes = line.as_bytes();
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return start + i + 1;
                }
                i += 1;
            }
            start + line_end
        }
        _ => {
            let flow = text[..start]
                .rfind(['{', '[', '\n'])
                .is_some_and(|i| matches!(text.as_bytes()[i], b'{' | b'['));
            let mut end = line.find(" #").unwrap_or(line.len());
            if flow {
                end = line[..end].find([',', '}', ']']).unwrap_or(end);
            }
            start + line[..end].trim_end().len()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_owned())
    }

    #[test]
    fn edits_keep_comments_and_layout() {
        let text = "# comment\nscam_types:\n  a:\n    en: Alpha   # note\n    fr: Alpha-fr\n  \
                    b: { en: Beta, fr: Bêta }\n  c: Gamma\n";
        let langs = ["en", "fr", "ko"];
        let one = set_text(
            text,
            &[key("scam_types"), key("a")],
            "ko",
            "알파",
            &langs,
            "en",
        )
        .unwrap();
        assert!(
            one.contains("    fr: Alpha-fr\n    ko: \"알파\"\n  b:"),
            "{one}"
        );
        assert!(one.starts_with("# comment\n"));
        let two = set_text(
            &one,
            &[key("scam_types"), key("b")],
            "ko",
            "베타",
            &langs,
            "en",
        )
        .unwrap();
        assert!(
            two.contains("b: { en: Beta, fr: Bêta, ko: \"베타\" }"),
            "{two}"
        );
        let three = set_text(
            &two,
            &[key("scam_types"), key("c")],
            "ko",
            "감마",
            &langs,
            "en",
        )
        .unwrap();
        assert!(three.contains("c: { en: Gamma, ko: \"감마\" }"), "{three}");
        let four = set_text(
            &three,
            &[key("scam_types"), key("a")],
            "en",
            "A",
            &langs,
            "en",
        )
        .unwrap();
        assert!(four.contains("    en: \"A\"   # note\n"), "{four}");
        assert_eq!(
            set_text(
                &four,
                &[key("scam_types"), key("a")],
                "en",
                "A",
                &langs,
                "en"
            )
            .unwrap(),
            four
        );
    }

    #[test]
    fn a_plain_text_with_a_comma_is_quoted_when_it_becomes_a_mapping() {
        let text = "contacts:\n  - name: Line\n    hours: Weekdays, 9:00 to 17:00\n";
        let path = [key("contacts"), Seg::Index(0), key("hours")];
        let edited = set_text(text, &path, "fr", "En semaine", &["en", "fr"], "en").unwrap();
        assert_eq!(
            edited,
            "contacts:\n  - name: Line\n    hours: { en: \"Weekdays, 9:00 to 17:00\", fr: \"En semaine\" }\n"
        );
    }

    #[test]
    fn top_level_texts_lists_and_plurals() {
        let text = "# UI\nhome: \"홈\"\ncount:\n  other: \"{count}건\"\n";
        let edited = set_text(text, &[], "home", "처음", &[], "en").unwrap();
        assert_eq!(
            edited,
            "# UI\nhome: \"처음\"\ncount:\n  other: \"{count}건\"\n"
        );
        let added = set_text(&edited, &[], "search", "검색", &[], "en").unwrap();
        assert!(added.ends_with("search: \"검색\"\n"));
        let plural = set_text(
            &added,
            &[key("count")],
            "other",
            "{count}개",
            &["other"],
            "en",
        )
        .unwrap();
        assert!(plural.contains("  other: \"{count}개\"\n"));
        let new = set_text(&plural, &[key("n")], "other", "{count}", &["other"], "en").unwrap();
        assert!(new.ends_with("n:\n  other: \"{count}\"\n"));
        let list = append_list(&new, "months", &["1월".into(), "2월".into()]).unwrap();
        let item = set_item(&list, "months", 1, "이월").unwrap();
        assert!(
            item.ends_with("months:\n  - \"1월\"\n  - \"이월\"\n"),
            "{item}"
        );
    }

    #[test]
    fn edits_that_cannot_be_made_safely_say_why() {
        let list = "months:\n  - Jan\n";
        let error = set_text(list, &[key("months")], "fr", "x", &[], "en").unwrap_err();
        assert!(matches!(error, EditError::NotText), "{error}");
        let error = set_item(list, "months", 3, "x").unwrap_err();
        assert_eq!(error.to_string(), "the list has no such item");
        let error = append_list("- a\n", "months", &["x".into()]).unwrap_err();
        assert_eq!(error.to_string(), "the file is not a mapping");
        let error = set_text("a: [\n", &[], "b", "x", &[], "en").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("the file is not valid YAML: "),
            "{error}"
        );
    }
}
