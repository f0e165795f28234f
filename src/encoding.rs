//! Recognising text files saved as UTF-16 or UTF-32 (what Windows editors call "Unicode"), so
//! that the error names the encoding instead of quoting the file's bytes as mojibake.

use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Position};

/// An error for the file `shown` when `bytes` are UTF-16 or UTF-32 text: about the whole file,
/// without quoting a line of it.
pub fn reject_wide_text(bytes: &[u8], shown: &Path) -> Result<(), Diagnostic> {
    match wide_encoding(bytes) {
        None => Ok(()),
        Some(encoding) => Err(Diagnostic::error(
            Code::NotUtf8,
            shown,
            Position::default(),
            format!("the file is saved as {encoding} text, not UTF-8"),
        )
        .with_hint("save it with UTF-8 encoding (most editors: File → Save with Encoding → UTF-8; in Notepad choose \"UTF-8\", not \"Unicode\")")),
    }
}

/// The encoding of `bytes` when it is UTF-16 or UTF-32 text: by its byte-order mark, or, without
/// one, by the NUL byte beside every ASCII character.
pub fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => return Some("UTF-32"),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => return Some("UTF-16"),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(1024)];
    let pairs = sample.len() / 2;
    let nul_halves = sample
        .chunks_exact(2)
        .filter(|pair| (pair[0] == 0) != (pair[1] == 0))
        .count();
    // Text in UTF-8 has no NUL bytes; ASCII in UTF-16 has one in every pair.
    (pairs >= 2 && nul_halves * 2 > pairs).then_some("UTF-16")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn recognises_wide_text_with_and_without_a_byte_order_mark() {
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(utf16le("---\ntitle: x\n"));
        assert_eq!(wide_encoding(&with_bom), Some("UTF-16"));
        assert_eq!(wide_encoding(&utf16le("---\ntitle: x\n")), Some("UTF-16"));
        assert_eq!(
            wide_encoding(&[0xFF, 0xFE, 0, 0, b'-', 0, 0, 0]),
            Some("UTF-32")
        );
        assert_eq!(wide_encoding("---\ntitle: café 名字\n".as_bytes()), None);
        assert_eq!(wide_encoding(b"a\0"), None);
        assert_eq!(wide_encoding(&[0xE9, b'a', b'b']), None);
    }
}
