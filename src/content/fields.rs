//! Field readers that the advisory, contacts and taxonomies files share: dates and texts given
//! once or per language.

use indexmap::IndexMap;
use jiff::civil::Date;
use serde_yaml::Value;

use crate::diagnostics::Code;
use crate::i18n::Language;
use crate::model::Localized;
use crate::yaml::{MapReader, Seg, kind_of};

/// Reads a `YYYY-MM-DD` date field.
pub fn read_date(reader: &mut MapReader, key: &str, required: bool) -> Option<Date> {
    let value = match reader.raw(key) {
        Some(v) => v,
        None => {
            if required {
                reader.missing(key);
            }
            return None;
        }
    };
    let text = match value {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    };
    match text.parse::<Date>() {
        Ok(date) if text.len() == 10 => Some(date),
        _ => {
            let path = reader.path_of(key);
            reader
                .error_at(
                    Code::InvalidDate,
                    &path,
                    format!("`{key}` is not a valid date: `{text}`"),
                )
                .hint = Some("write dates as YYYY-MM-DD, e.g. 2018-06-01".into());
            None
        }
    }
}

/// Reads text given as a plain string or as a table of language → text.
pub fn read_localized(
    reader: &mut MapReader,
    key: &str,
    languages: &[Language],
    required: bool,
) -> Option<Localized> {
    let Some(value) = reader.raw(key) else {
        if required {
            reader.missing(key);
        }
        return None;
    };
    let path = reader.path_of(key);
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(Localized::Plain(text.clone())),
        Value::Mapping(map) => {
            let mut texts = IndexMap::new();
            for (lang, text) in map {
                let lang = lang.as_str().unwrap_or_default();
                let mut item = path.clone();
                item.push(Seg::Key(lang.to_owned()));
                if !languages.iter().any(|l| l.tag == lang) {
                    let at = reader.file().key_position(&item);
                    let diagnostic = reader
                        .file()
                        .error(Code::UnknownLanguage, at, format!("text given for `{lang}`, a language the site does not configure"))
                        .with_hint("use a tag from [languages] in site.toml (tags are case-sensitive: zh-Hans)");
                    reader.report(diagnostic);
                    continue;
                }
                match text.as_str() {
                    Some(t) if !t.trim().is_empty() => {
                        texts.insert(lang.to_owned(), t.to_owned());
                    }
                    _ => {
                        reader
                            .error_at(
                                Code::InvalidValue,
                                &item,
                                format!("`{key}.{lang}` must be text"),
                            )
                            .hint = Some(
                            "write the text after the colon, in quotes if it contains `: `".into(),
                        );
                    }
                }
            }
            (!texts.is_empty()).then_some(Localized::PerLanguage(texts))
        }
        other => {
            reader
                .error_at(
                    Code::InvalidValue,
                    &path,
                    format!(
                        "`{key}` must be text or a table of language: text, found {}",
                        kind_of(other)
                    ),
                )
                .hint = Some(format!(
                "write `{key}: Text` or `{key}: {{ en: Text, fr: Texte }}`"
            ));
            None
        }
    }
}
