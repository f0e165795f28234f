//! Control characters in text: which ones redflag refuses (every one but tab and line feed:
//! they are invisible, HTML forbids them and feeds drop them), and where a quoted YAML or TOML
//! string spells one with an escape (`"\0"`, `"\a"`, `"\u0007"`), so that a diagnostic can
//! point at the escape itself. Knows nothing of files or diagnostics.

/// What to do about a control character in a YAML or TOML text.
pub const HINT: &str = "remove it: pages cannot show control characters, which an escape such as `\\0`, `\\a` or `\\x07` in quotes makes; only tabs and line breaks are allowed";

/// Whether `c` is refused in text: a control character other than tab and line feed.
pub fn is_refused(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// The first refused control character of `text`, with its byte offset.
pub fn first_refused(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|(_, c)| is_refused(*c))
}

/// `U+0007`, the way messages name a control character.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The byte offset in `source` of what makes the first refused control character of the
/// string value that starts at `source`'s beginning: the backslash of its escape when the
/// value is a double-quoted string (`"…"` or TOML's `"""…"""`), else the first raw refused
/// character. `None` when neither is found.
pub fn locate(source: &str) -> Option<usize> {
    if source.starts_with('"') {
        return escape_offset(source);
    }
    first_refused(source).map(|(offset, _)| offset)
}

/// The offset of the first escape that decodes to a refused character, in the double-quoted
/// string at the start of `source`.
fn escape_offset(source: &str) -> Option<usize> {
    let quotes = if source.starts_with("\"\"\"") { 3 } else { 1 };
    let closing = &source[..quotes];
    let mut chars = source.char_indices().skip(quotes).peekable();
    while let Some((offset, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, escape) = chars.next()?;
                let digits = match escape {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    other => {
                        if single_escape(other).is_some_and(is_refused) {
                            return Some(offset);
                        }
                        continue;
                    }
                };
                let hex: String = (0..digits)
                    .filter_map(|_| chars.next())
                    .map(|(_, c)| c)
                    .collect();
                let decoded = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                if decoded.is_some_and(is_refused) {
                    return Some(offset);
                }
            }
            _ if source[offset..].starts_with(closing) => return None,
            _ if is_refused(c) => return Some(offset),
            _ => {}
        }
    }
    None
}

/// What a one-letter escape of YAML or TOML stands for.
fn single_escape(c: char) -> Option<char> {
    Some(match c {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' => '\t',
        'n' => '\n',
        'v' => '\u{b}',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        'N' => '\u{85}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_and_line_feed_are_the_only_controls_allowed() {
        assert!(!is_refused('\t') && !is_refused('\n') && !is_refused('a'));
        for c in ['\0', '\u{7}', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'] {
            assert!(is_refused(c), "{c:?}");
        }
    }

    #[test]
    fn escapes_are_located_at_their_backslash() {
        assert_eq!(locate(r#""ok \0 then""#), Some(4));
        assert_eq!(locate(r#""tab \t bell \a""#), Some(13));
        assert_eq!(locate(r#""\\0 is text, \u0007 is not""#), Some(14));
        assert_eq!(locate(r#""\x1b[31m""#), Some(1));
        assert_eq!(locate(r#""""two "quotes" \U0000007f""""#), Some(16));
        assert_eq!(locate(r#""fine \n \t \u00e9" then "\0""#), None);
        assert_eq!(locate("plain \u{85} text"), Some(6));
        assert_eq!(locate("plain text"), None);
    }
}
