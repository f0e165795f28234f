//! The gettext PO format, as much of it as redflag's catalogs use: a header entry and entries
//! (singular, or plural with `msgid_plural` and `msgstr[n]`) with a context, extracted comments (`#.`), one reference (`#:`), the `fuzzy` flag and
//! the previous source text (`#| msgid`). Writing follows the GNU gettext manual's order of
//! comment lines; reading keeps the line of every entry, so an import can say where a problem is.

use std::fmt::Write as _;

/// One message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// `msgctxt`: which text of the site this is (`slug/red_flags/2`).
    pub context: String,
    /// `msgid`: the source text.
    pub source: String,
    /// `msgstr`: the translation (empty: untranslated).
    pub translation: String,
    /// `msgid_plural`: the source's plural text, for an entry with plural forms.
    pub plural: Option<String>,
    /// `msgstr[n]`: the translation's plural forms, in the order of the language's
    /// `Plural-Forms` (empty texts: untranslated).
    pub forms: Vec<String>,
    /// `#, fuzzy`: the translation needs review (the source changed since it was made).
    pub fuzzy: bool,
    /// `#| msgid`: the source text the fuzzy translation was made from.
    pub previous: Option<String>,
    /// `#.` lines: notes for the translator.
    pub notes: Vec<String>,
    /// `#:`: where the source text is (`content/advisories/x/index.md:12`).
    pub reference: Option<String>,
    /// The PO line the entry starts on (1-based; 0 when not read from a file).
    pub line: usize,
}

/// A catalog: header fields, then entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The header's `Name: value` fields, in order.
    pub header: Vec<(String, String)>,
    /// Notes above the header (`#` comment lines).
    pub header_notes: Vec<String>,
    /// The messages.
    pub entries: Vec<Entry>,
}

impl Catalog {
    /// The value of a header field.
    pub fn header_field(&self, name: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A problem reading a PO file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The line (1-based).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The PO text of `catalog`.
pub fn write(catalog: &Catalog) -> String {
    let mut out = String::new();
    for note in &catalog.header_notes {
        let _ = writeln!(out, "# {note}");
    }
    let header: String = catalog
        .header
        .iter()
        .map(|(name, value)| format!("{name}: {value}\n"))
        .collect();
    out.push_str("msgid \"\"\n");
    write_string(&mut out, "msgstr", &header);
    for entry in &catalog.entries {
        out.push('\n');
        for note in &entry.notes {
            for line in note.lines() {
                let _ = writeln!(out, "#. {line}");
            }
        }
        if let Some(reference) = &entry.reference {
            let _ = writeln!(out, "#: {reference}");
        }
        if entry.fuzzy {
            out.push_str("#, fuzzy\n");
        }
        if let Some(previous) = &entry.previous {
            let _ = writeln!(out, "#| msgctxt {}", quote(&entry.context));
            write_string(&mut out, "#| msgid", previous);
        }
        let _ = writeln!(out, "msgctxt {}", quote(&entry.context));
        write_string(&mut out, "msgid", &entry.source);
        match &entry.plural {
            Some(plural) => {
                write_string(&mut out, "msgid_plural", plural);
                for (i, form) in entry.forms.iter().enumerate() {
                    write_string(&mut out, &format!("msgstr[{i}]"), form);
                }
            }
            None => write_string(&mut out, "msgstr", &entry.translation),
        }
    }
    out
}

/// `keyword "text"`, or for text with line breaks `keyword ""` and one quoted line per line.
fn write_string(out: &mut String, keyword: &str, text: &str) {
    let continuation = if keyword.starts_with("#|") { "#| " } else { "" };
    if !text.contains('\n') || text == "\n" {
        let _ = writeln!(out, "{keyword} {}", quote(text));
        return;
    }
    let _ = writeln!(out, "{keyword} \"\"");
    for line in text.split_inclusive('\n') {
        let _ = writeln!(out, "{continuation}{}", quote(line));
    }
}

/// A C string literal as PO writes it.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\{:03o}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Which string an entry's quoted lines continue.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Source,
    Translation,
    Plural,
    Form(usize),
    Previous,
    None,
}

/// Reads a PO file's text. Obsolete entries (`#~`) and translator comments are ignored.
pub fn parse(text: &str) -> Result<Catalog, ParseError> {
    let mut catalog = Catalog::default();
    let mut entry = Entry::default();
    let mut field = Field::None;
    let mut seen_id = false;
    let mut seen_str = false;
    let mut header_done = false;
    let finish = |entry: &mut Entry,
                  seen_id: &mut bool,
                  seen_str: &mut bool,
                  catalog: &mut Catalog,
                  header_done: &mut bool| {
        if *seen_id {
            let done = std::mem::take(entry);
            if !*header_done && done.source.is_empty() && done.context.is_empty() {
                catalog.header = parse_header(&done.translation);
            } else {
                catalog.entries.push(done);
            }
            *header_done = true;
        }
        *entry = Entry::default();
        *seen_id = false;
        *seen_str = false;
    };
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let line = raw.trim_end_matches('\r').trim();
        let err = |message: &str| ParseError {
            line: number,
            message: message.to_owned(),
        };
        if line.is_empty() {
            continue;
        }
        let starts_entry =
            line.starts_with('#') || line.starts_with("msgctxt") || line.starts_with("msgid");
        if starts_entry && seen_str {
            finish(
                &mut entry,
                &mut seen_id,
                &mut seen_str,
                &mut catalog,
                &mut header_done,
            );
        }
        if entry.line == 0 {
            entry.line = number;
        }
        if let Some(rest) = line.strip_prefix("#|") {
            let rest = rest.trim();
            if let Some(value) = rest.strip_prefix("msgid") {
                entry.previous = Some(unquote(value.trim()).map_err(|e| err(&e.to_string()))?);
                field = Field::Previous;
            } else if let Some(value) = rest.strip_prefix('"') {
                if field == Field::Previous {
                    let more = unquote(&format!("\"{value}")).map_err(|e| err(&e.to_string()))?;
                    entry.previous.get_or_insert_default().push_str(&more);
                }
            } else {
                field = Field::None;
            }
        } else if let Some(flags) = line.strip_prefix("#,") {
            entry.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
        } else if let Some(note) = line.strip_prefix("#.") {
            entry.notes.push(note.trim().to_owned());
        } else if let Some(reference) = line.strip_prefix("#:") {
            entry.reference = Some(reference.trim().to_owned());
        } else if line.starts_with('#') {
            if line.starts_with("#~") {
                entry.line = 0;
            }
        } else if let Some(value) = line.strip_prefix("msgctxt") {
            entry.context = unquote(value.trim()).map_err(|e| err(&e.to_string()))?;
            field = Field::Context;
        } else if let Some(value) = line.strip_prefix("msgid_plural") {
            if !seen_id {
                return Err(err("msgid_plural without a msgid before it"));
            }
            entry.plural = Some(unquote(value.trim()).map_err(|e| err(&e.to_string()))?);
            field = Field::Plural;
        } else if let Some(rest) = line.strip_prefix("msgstr[") {
            let (index, value) = rest
                .split_once(']')
                .and_then(|(i, v)| Some((i.parse::<usize>().ok()?, v)))
                .ok_or_else(|| err("expected `msgstr[N] \"…\"`"))?;
            if entry.plural.is_none() || index != entry.forms.len() {
                return Err(err(
                    "msgstr[N] must follow msgid_plural, numbered from 0 in order",
                ));
            }
            entry
                .forms
                .push(unquote(value.trim()).map_err(|e| err(&e.to_string()))?);
            seen_str = true;
            field = Field::Form(index);
        } else if let Some(value) = line.strip_prefix("msgid") {
            if seen_id {
                return Err(err(
                    "a second msgid in one entry: is a msgstr missing above?",
                ));
            }
            entry.source = unquote(value.trim()).map_err(|e| err(&e.to_string()))?;
            seen_id = true;
            field = Field::Source;
        } else if let Some(value) = line.strip_prefix("msgstr") {
            if !seen_id {
                return Err(err("msgstr without a msgid before it"));
            }
            entry.translation = unquote(value.trim()).map_err(|e| err(&e.to_string()))?;
            seen_str = true;
            field = Field::Translation;
        } else if line.starts_with('"') {
            let more = unquote(line).map_err(|e| err(&e.to_string()))?;
            match field {
                Field::Context => entry.context.push_str(&more),
                Field::Source => entry.source.push_str(&more),
                Field::Translation => entry.translation.push_str(&more),
                Field::Plural => entry.plural.get_or_insert_default().push_str(&more),
                Field::Form(i) => entry.forms[i].push_str(&more),
                Field::Previous | Field::None => {
                    return Err(err("a quoted line that continues nothing"));
                }
            }
        } else {
            return Err(err(&format!(
                "unexpected text `{}`: a PO line starts with #, msgctxt, msgid, msgstr or \"",
                line.chars().take(30).collect::<String>()
            )));
        }
    }
    if seen_id && !seen_str {
        return Err(ParseError {
            line: text.lines().count(),
            message: "the last entry has no msgstr".into(),
        });
    }
    finish(
        &mut entry,
        &mut seen_id,
        &mut seen_str,
        &mut catalog,
        &mut header_done,
    );
    Ok(catalog)
}

/// The `Name: value` lines of a header entry's msgstr.
fn parse_header(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// What is wrong with a quoted text of a PO line.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
enum QuoteError {
    /// No `"` at either end.
    #[error("expected a text in double quotes, found `{0}`")]
    NotQuoted(String),
    /// A `\` before a letter C does not know.
    #[error("unknown escape `\\{0}`: write a backslash as `\\\\`")]
    UnknownEscape(char),
    /// A `\` right before the closing quote.
    #[error("a text ends with a lone `\\`: write a backslash as `\\\\`")]
    LoneBackslash,
    /// A `"` that ends the text early.
    #[error("an unescaped `\"` inside a text: write it as `\\\"`")]
    UnescapedQuote,
}

/// The text of one C string literal (`"…"`, with escapes).
fn unquote(quoted: &str) -> Result<String, QuoteError> {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .filter(|_| quoted.len() >= 2)
        .ok_or_else(|| QuoteError::NotQuoted(quoted.to_owned()))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some('a') => out.push('\u{7}'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('v') => out.push('\u{b}'),
                Some(d @ '0'..='7') => {
                    let mut code = d.to_digit(8).unwrap_or_default();
                    for _ in 0..2 {
                        match chars.clone().next().and_then(|c| c.to_digit(8)) {
                            Some(more) => {
                                code = code * 8 + more;
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                Some(other) => return Err(QuoteError::UnknownEscape(other)),
                None => return Err(QuoteError::LoneBackslash),
            },
            '"' => return Err(QuoteError::UnescapedQuote),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Catalog {
        Catalog {
            header: vec![
                ("Language".into(), "fr".into()),
                ("Content-Type".into(), "text/plain; charset=UTF-8".into()),
            ],
            header_notes: vec!["A note.".into()],
            entries: vec![
                Entry {
                    context: "a/title".into(),
                    source: "Say \"hi\"\\now".into(),
                    translation: "Dis « salut »".into(),
                    notes: vec!["Keep it short.".into()],
                    reference: Some("content/advisories/a/index.md:2".into()),
                    ..Entry::default()
                },
                Entry {
                    context: "a/body/1".into(),
                    source: "Line one\nline two".into(),
                    translation: "Ligne un\nligne deux".into(),
                    fuzzy: true,
                    previous: Some("Old line\nold two".into()),
                    ..Entry::default()
                },
                Entry {
                    context: "ui:advisory_count".into(),
                    source: "{count} advisory".into(),
                    plural: Some("{count} advisories".into()),
                    forms: vec![
                        "{count} avis".into(),
                        "{count} d’avis".into(),
                        "{count} avis".into(),
                    ],
                    ..Entry::default()
                },
                Entry {
                    context: "a/summary".into(),
                    source: "Tab\tand bell\u{7}".into(),
                    ..Entry::default()
                },
            ],
        }
    }

    #[test]
    fn written_catalogs_read_back_with_their_lines() {
        let text = write(&sample());
        let read = parse(&text).unwrap();
        assert_eq!(read.header, sample().header);
        let strip = |mut e: Entry| {
            e.line = 0;
            e
        };
        let entries: Vec<Entry> = read.entries.iter().cloned().map(strip).collect();
        assert_eq!(entries, sample().entries);
        let first = &read.entries[0];
        assert_eq!(text.lines().nth(first.line - 1), Some("#. Keep it short."));
        assert!(text.contains("#| msgid \"\"\n#| \"Old line\\n\"\n#| \"old two\"\n"));
    }

    #[test]
    fn errors_name_their_line() {
        let bad = "msgid \"\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"x\nmsgstr \"y\"\n";
        assert_eq!(parse(bad).unwrap_err().line, 5);
        let plural = "msgid \"a\"\nmsgid_plural \"b\"\nmsgstr[1] \"\"\n";
        assert_eq!(parse(plural).unwrap_err().line, 3);
    }

    #[test]
    fn bad_quoted_texts_say_what_to_write() {
        assert_eq!(unquote("x"), Err(QuoteError::NotQuoted("x".into())));
        assert_eq!(unquote(r#""a\q""#), Err(QuoteError::UnknownEscape('q')));
        assert_eq!(unquote(r#""a\""#), Err(QuoteError::LoneBackslash));
        assert_eq!(unquote(r#""a"b""#), Err(QuoteError::UnescapedQuote));
        let bad = "msgid \"a\\q\"\nmsgstr \"\"\n";
        let error = parse(bad).unwrap_err();
        assert_eq!(error.line, 1);
        assert_eq!(
            error.message,
            "unknown escape `\\q`: write a backslash as `\\\\`"
        );
    }
}
