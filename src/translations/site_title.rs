//! The site's title translated in `site.toml`, edited in place: comments and layout stay, and
//! the edit is read back to prove that it changed only the title.

use super::site_texts::SITE_FILE;

/// Why the title in `site.toml` cannot be edited in place.
#[derive(Debug, thiserror::Error)]
pub(super) enum TitleError {
    /// The file does not parse.
    #[error("{file} is not valid TOML: {0}", file = SITE_FILE)]
    InvalidToml(#[from] toml::de::Error),
    /// There is no title to translate.
    #[error("{file} has no `title`", file = SITE_FILE)]
    Missing,
    /// `title = 3` or a list.
    #[error("`title` is neither a text nor a table of texts")]
    NotText,
    /// A `[title]` section, which an edit in place does not reach.
    #[error("`title` is a [title] table: add the translation there")]
    Section,
    /// Read back, the configuration differs in more than the title.
    #[error("the edit would change more than the title")]
    ChangesMore,
}

/// `site.toml` with the title in `lang` set, edited by position (comments and layout stay):
/// a value added to the inline table (`title = { en = …, ko = … }`), or a plain title turned into
/// one. The result is read back: it must be the old configuration with only that title changed.
pub(super) fn set_title(
    text: &str,
    lang: &str,
    default: &str,
    value: &str,
) -> Result<String, TitleError> {
    use toml::de::{DeTable, DeValue};
    let parsed = DeTable::parse(text)?;
    let (_, title) = parsed
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref() == "title")
        .ok_or(TitleError::Missing)?;
    let span = title.span();
    let quoted = serde_json::Value::from(value).to_string();
    let mut expected: toml::Table = toml::from_str(text)?;
    let old = expected.get("title").cloned();
    let mut titles = match old {
        Some(toml::Value::String(plain)) => {
            let mut t = toml::Table::new();
            t.insert(default.to_owned(), toml::Value::String(plain));
            t
        }
        Some(toml::Value::Table(t)) => t,
        _ => return Err(TitleError::NotText),
    };
    if titles.get(lang).and_then(toml::Value::as_str) == Some(value) {
        return Ok(text.to_owned());
    }
    titles.insert(lang.to_owned(), toml::Value::String(value.to_owned()));
    expected.insert("title".into(), toml::Value::Table(titles));
    let edited = match title.get_ref() {
        DeValue::String(_) => format!(
            "{}{{ {default} = {}, {lang} = {quoted} }}{}",
            &text[..span.start],
            &text[span.clone()],
            &text[span.end..]
        ),
        DeValue::Table(table) if text[span.clone()].starts_with('{') => {
            match table.iter().find(|(k, _)| k.get_ref() == lang) {
                Some((_, v)) => {
                    let at = v.span();
                    format!("{}{quoted}{}", &text[..at.start], &text[at.end..])
                }
                None => {
                    let inner = text[span.clone()].trim_end_matches('}').trim_end();
                    let at = span.start + inner.len();
                    format!("{}, {lang} = {quoted}{}", &text[..at], &text[at..])
                }
            }
        }
        _ => return Err(TitleError::Section),
    };
    match toml::from_str::<toml::Table>(&edited) {
        Ok(table) if table == expected => Ok(edited),
        _ => Err(TitleError::ChangesMore),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_cannot_be_edited_in_place_say_why() {
        let section = "[title]\nen = \"Alerts\"\n";
        let error = set_title(section, "fr", "en", "Alertes").unwrap_err();
        assert!(matches!(error, TitleError::Section), "{error}");
        let error = set_title("name = 1\n", "fr", "en", "Alertes").unwrap_err();
        assert_eq!(error.to_string(), "site.toml has no `title`");
        let error = set_title("title = 3\n", "fr", "en", "Alertes").unwrap_err();
        assert!(matches!(error, TitleError::NotText), "{error}");
        let error = set_title("title = [\n", "fr", "en", "Alertes").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("site.toml is not valid TOML: "),
            "{error}"
        );
        let plain = "title = \"Alerts\" # ours\n";
        assert_eq!(
            set_title(plain, "fr", "en", "Alertes").unwrap(),
            "title = { en = \"Alerts\", fr = \"Alertes\" } # ours\n"
        );
    }
}
