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
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Field {
    Context,
    Source,
    Translation,
    Plural,
    Form(usize),
    Previous,
    #[default]
    None,
}

/// Reads a PO file's text. Obsolete entries (`#~`) and translator comments are ignored.
pub fn parse(text: &str) -> Result<Catalog, ParseError> {
    let mut parser = Parser::default();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r').trim();
        if !line.is_empty() {
            parser.line(line, i + 1).map_err(|message| ParseError {
                line: i + 1,
                message,
            })?;
        }
    }
    if parser.seen_id && !parser.seen_str {
        return Err(ParseError {
            line: text.lines().count(),
            message: "the last entry has no msgstr".into(),
        });
    }
    parser.finish();
    Ok(parser.catalog)
}

/// The state of a PO file being read: the catalog so far, and the entry being read.
#[derive(Default)]
struct Parser {
    catalog: Catalog,
    entry: Entry,
    /// The string a quoted line continues.
    field: Field,
    /// Whether the entry has its `msgid`, and a `msgstr` (or `msgstr[n]`).
    seen_id: bool,
    seen_str: bool,
    /// Whether the header entry (the first, with an empty `msgid`) is behind.
    header_done: bool,
}

impl Parser {
    /// Reads one non-empty line (trimmed), line `number` of the file.
    fn line(&mut self, line: &str, number: usize) -> Result<(), String> {
        let starts_entry =
            line.starts_with('#') || line.starts_with("msgctxt") || line.starts_with("msgid");
        if starts_entry && self.seen_str {
            self.finish();
        }
        if self.entry.line == 0 {
            self.entry.line = number;
        }
        if line.starts_with('#') {
            self.comment(line)
        } else if line.starts_with('"') {
            self.continuation(line)
        } else {
            self.keyword(line)
        }
    }

    /// The entry read so far is complete: the header, or a message of the catalog.
    fn finish(&mut self) {
        if self.seen_id {
            let done = std::mem::take(&mut self.entry);
            if !self.header_done && done.source.is_empty() && done.context.is_empty() {
                self.catalog.header = parse_header(&done.translation);
            } else {
                self.catalog.entries.push(done);
            }
            self.header_done = true;
        }
        self.entry = Entry::default();
        self.seen_id = false;
        self.seen_str = false;
    }

    /// A `#` line: previous source text, flags, notes, reference; others are ignored.
    fn comment(&mut self, line: &str) -> Result<(), String> {
        if let Some(rest) = line.strip_prefix("#|") {
            self.previous(rest.trim())?;
        } else if let Some(flags) = line.strip_prefix("#,") {
            self.entry.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
        } else if let Some(note) = line.strip_prefix("#.") {
            self.entry.notes.push(note.trim().to_owned());
        } else if let Some(reference) = line.strip_prefix("#:") {
            self.entry.reference = Some(reference.trim().to_owned());
        } else if line.starts_with("#~") {
            self.entry.line = 0;
        }
        Ok(())
    }

    /// A `#|` line (`rest` follows the `#|`): the previous `msgid`, or a quoted line of it.
    fn previous(&mut self, rest: &str) -> Result<(), String> {
        if let Some(value) = rest.strip_prefix("msgid") {
            self.entry.previous = Some(quoted(value)?);
            self.field = Field::Previous;
        } else if rest.starts_with('"') {
            if self.field == Field::Previous {
                let more = quoted(rest)?;
                self.entry.previous.get_or_insert_default().push_str(&more);
            }
        } else {
            self.field = Field::None;
        }
        Ok(())
    }

    /// A keyword line: `msgctxt`, `msgid`, `msgid_plural`, `msgstr` or `msgstr[n]`.
    fn keyword(&mut self, line: &str) -> Result<(), String> {
        if let Some(value) = line.strip_prefix("msgctxt") {
            self.entry.context = quoted(value)?;
            self.field = Field::Context;
        } else if let Some(value) = line.strip_prefix("msgid_plural") {
            if !self.seen_id {
                return Err("msgid_plural without a msgid before it".into());
            }
            self.entry.plural = Some(quoted(value)?);
            self.field = Field::Plural;
        } else if let Some(rest) = line.strip_prefix("msgstr[") {
            self.plural_form(rest)?;
        } else if let Some(value) = line.strip_prefix("msgid") {
            if self.seen_id {
                return Err("a second msgid in one entry: is a msgstr missing above?".into());
            }
            self.entry.source = quoted(value)?;
            self.seen_id = true;
            self.field = Field::Source;
        } else if let Some(value) = line.strip_prefix("msgstr") {
            if !self.seen_id {
                return Err("msgstr without a msgid before it".into());
            }
            self.entry.translation = quoted(value)?;
            self.seen_str = true;
            self.field = Field::Translation;
        } else {
            return Err(format!(
                "unexpected text `{}`: a PO line starts with #, msgctxt, msgid, msgstr or \"",
                line.chars().take(30).collect::<String>()
            ));
        }
        Ok(())
    }

    /// A `msgstr[n]` line (`rest` follows the `[`): the next plural form of the translation.
    fn plural_form(&mut self, rest: &str) -> Result<(), String> {
        let (index, value) = rest
            .split_once(']')
            .and_then(|(i, v)| Some((i.parse::<usize>().ok()?, v)))
            .ok_or("expected `msgstr[N] \"…\"`")?;
        if self.entry.plural.is_none() || index != self.entry.forms.len() {
            return Err("msgstr[N] must follow msgid_plural, numbered from 0 in order".into());
        }
        self.entry.forms.push(quoted(value)?);
        self.seen_str = true;
        self.field = Field::Form(index);
        Ok(())
    }

    /// A quoted line: more of the string the line before started.
    fn continuation(&mut self, line: &str) -> Result<(), String> {
        let more = quoted(line)?;
        match self.field {
            Field::Context => self.entry.context.push_str(&more),
            Field::Source => self.entry.source.push_str(&more),
            Field::Translation => self.entry.translation.push_str(&more),
            Field::Plural => self.entry.plural.get_or_insert_default().push_str(&more),
            Field::Form(i) => self.entry.forms[i].push_str(&more),
            Field::Previous | Field::None => {
                return Err("a quoted line that continues nothing".into());
            }
        }
        Ok(())
    }
}

/// The text of a keyword's quoted value (` "…"` after the keyword), or what is wrong with it.
fn quoted(value: &str) -> Result<String, String> {
    unquote(value.trim()).map_err(|e| e.to_string())
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
