//! How many SMS a text costs: the GSM 03.38 default alphabet (7-bit, where the extension
//! table's characters `€ ^ { } [ ] ~ | \` and form feed take two septets) when every character
//! is in it, else UCS-2 (UTF-16 code units, so an emoji takes two). One message holds 160
//! septets or 70 units; a longer text is split into parts of 153 septets or 67 units (the rest
//! is the concatenation header), and a part never ends inside an escape sequence or a
//! surrogate pair, as phones split them. Chinese and Arabic have no GSM-7 characters, so their
//! texts are always UCS-2.

use serde::Serialize;

/// The GSM 03.38 basic character set (default national language), in code order.
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1b}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The characters of the extension table: an escape septet, then their own.
const EXTENSION: &str = "\u{c}^{}\\[~]|€";

/// How a text is encoded in an SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SmsEncoding {
    /// The GSM 03.38 7-bit default alphabet.
    Gsm7,
    /// UCS-2 (UTF-16 code units).
    Ucs2,
}

/// The cost of a text as SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SmsCount {
    /// The encoding a phone picks.
    pub encoding: SmsEncoding,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    /// How many messages it is sent as (at least one, even when empty).
    pub segments: usize,
}

impl SmsEncoding {
    /// Units in a single message, and in each part of a split one.
    fn limits(self) -> (usize, usize) {
        match self {
            SmsEncoding::Gsm7 => (160, 153),
            SmsEncoding::Ucs2 => (70, 67),
        }
    }
}

/// Septets a character takes in GSM-7: 1 in the basic set, 2 in the extension table, `None`
/// when GSM-7 cannot write it. The escape character itself is not text.
pub fn gsm7_septets(c: char) -> Option<usize> {
    if c == '\u{1b}' {
        None
    } else if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Counts `text` as a phone sends it.
pub fn count(text: &str) -> SmsCount {
    let septets: Option<Vec<usize>> = text.chars().map(gsm7_septets).collect();
    let (encoding, sizes) = match septets {
        Some(sizes) => (SmsEncoding::Gsm7, sizes),
        None => (
            SmsEncoding::Ucs2,
            text.chars().map(char::len_utf16).collect(),
        ),
    };
    let units = sizes.iter().sum();
    let (single, part) = encoding.limits();
    let segments = if units <= single {
        1
    } else {
        parts(&sizes, part)
    };
    SmsCount {
        encoding,
        units,
        segments,
    }
}

/// How many parts of at most `part` units hold characters of these sizes, none split.
fn parts(sizes: &[usize], part: usize) -> usize {
    let mut count = 1;
    let mut used = 0;
    for size in sizes {
        if used + size > part {
            count += 1;
            used = 0;
        }
        used += size;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &str) -> (SmsEncoding, usize, usize) {
        let c = count(text);
        (c.encoding, c.units, c.segments)
    }

    #[test]
    fn gsm7_fills_160_then_splits_by_153() {
        assert_eq!(segments(""), (SmsEncoding::Gsm7, 0, 1));
        assert_eq!(segments(&"a".repeat(160)), (SmsEncoding::Gsm7, 160, 1));
        assert_eq!(segments(&"a".repeat(161)), (SmsEncoding::Gsm7, 161, 2));
        assert_eq!(segments(&"a".repeat(306)), (SmsEncoding::Gsm7, 306, 2));
        assert_eq!(segments(&"a".repeat(307)), (SmsEncoding::Gsm7, 307, 3));
    }

    #[test]
    fn extension_characters_take_two_septets() {
        for c in ['€', '^', '{', '}', '[', ']', '~', '|', '\\'] {
            assert_eq!(segments(&c.to_string()), (SmsEncoding::Gsm7, 2, 1), "{c}");
        }
        assert_eq!(segments(&"€".repeat(80)), (SmsEncoding::Gsm7, 160, 1));
        assert_eq!(segments(&"€".repeat(81)), (SmsEncoding::Gsm7, 162, 2));
    }

    #[test]
    fn an_escape_sequence_is_not_split_between_parts() {
        // 152 septets, then `€` would straddle the 153rd: it moves to the second part.
        let text = format!("{}€{}", "a".repeat(152), "a".repeat(153));
        assert_eq!(segments(&text), (SmsEncoding::Gsm7, 307, 3));
    }

    #[test]
    fn anything_outside_gsm7_makes_the_text_ucs2() {
        assert_eq!(segments("café ç"), (SmsEncoding::Ucs2, 6, 1));
        assert_eq!(segments(&"é".repeat(160)), (SmsEncoding::Gsm7, 160, 1));
        assert_eq!(segments("“quotes”"), (SmsEncoding::Ucs2, 8, 1));
        assert_eq!(segments(&"中".repeat(70)), (SmsEncoding::Ucs2, 70, 1));
        assert_eq!(segments(&"中".repeat(71)), (SmsEncoding::Ucs2, 71, 2));
        assert_eq!(segments(&"ع".repeat(135)), (SmsEncoding::Ucs2, 135, 3));
    }

    #[test]
    fn an_emoji_is_two_units_and_never_split() {
        assert_eq!(segments("⚠"), (SmsEncoding::Ucs2, 1, 1));
        assert_eq!(segments("🚨"), (SmsEncoding::Ucs2, 2, 1));
        let text = format!("{}🚨{}", "中".repeat(66), "中".repeat(67));
        assert_eq!(segments(&text), (SmsEncoding::Ucs2, 135, 3));
    }
}
