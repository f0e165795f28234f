//! Typographic characters that have a plain GSM-7 form (curly quotes and apostrophes, dashes,
//! the ellipsis, non-breaking and narrow spaces, guillemets), replaced only when the whole text
//! then fits GSM-7: a text in another script keeps its typography, as it is sent as UCS-2 anyway.

use crate::sms::gsm7_septets;

/// The GSM-7 form of a typographic character, if it has one.
fn plain(c: char) -> Option<&'static str> {
    Some(match c {
        '‘' | '’' | '‚' | '′' => "'",
        '“' | '”' | '„' | '″' | '«' | '»' => "\"",
        '‐' | '‑' | '‒' | '–' | '—' | '−' => "-",
        '…' => "...",
        '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => " ",
        _ => return None,
    })
}

/// `text` with its typography made plain when that makes all of it GSM-7; else `text`.
/// French guillemets take their inner (non-breaking) spaces with them: `« x »` → `"x"`.
pub fn fit(text: &str) -> String {
    let mut quoted = text.to_owned();
    for space in ['\u{a0}', '\u{202f}', ' '] {
        quoted = quoted
            .replace(&format!("«{space}"), "«")
            .replace(&format!("{space}»"), "»");
    }
    let mut out = String::with_capacity(text.len());
    for c in quoted.chars() {
        match plain(c) {
            Some(p) => out.push_str(p),
            None if gsm7_septets(c).is_some() => out.push(c),
            None => return text.to_owned(),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn typography_becomes_plain_only_when_all_of_the_text_fits_gsm7() {
        assert_eq!(
            fit("“Virtual kidnapping” – don’t pay…"),
            "\"Virtual kidnapping\" - don't pay..."
        );
        assert_eq!(fit("« Appel » d’un policier"), "\"Appel\" d'un policier");
        assert_eq!(fit("l’«\u{a0}enlèvement\u{a0}» ?"), "l'\"enlèvement\" ?");
        // `ê` is not GSM-7: the text goes as UCS-2 and keeps its apostrophe.
        assert_eq!(fit("l’enquête"), "l’enquête");
        assert_eq!(fit("“虚拟绑架”"), "“虚拟绑架”");
    }
}
