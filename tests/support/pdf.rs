//! Reading PDFs with independent tools (poppler-utils, qpdf, zbar-tools): the text a reader's
//! PDF software extracts, and the helpers to compare it with what the content says.

use std::path::Path;

/// The shared tool runner, under the name the PDF tests import it by.
pub use super::tool;

/// The text `pdftotext` extracts, in reading order.
pub fn text_of(pdf: &Path) -> String {
    tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

/// The page count `pdfinfo` reports.
pub fn page_count(info: &str) -> Option<&str> {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(str::trim)
}

/// Text without whitespace, zero-width spaces and bidi controls, so line breaks chosen by the
/// layout and the direction marks pdftotext adds do not matter. Arabic vowel marks are dropped
/// too: pdftotext repeats a mark that typst draws as its own glyph.
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                && !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
        })
        .collect()
}

/// Whether the poster text holds `expected`. Right-to-left text is compared word by word, and
/// every word must be there: pdftotext keeps each line in logical order but may list a
/// paragraph's lines out of order (and a vowel mark on a line of its own, which `squash` drops).
pub fn holds(text: &str, expected: &str, lang: &str) -> bool {
    if lang != "ar" {
        return squash(text).contains(&squash(expected));
    }
    let letters =
        |w: &str| -> String { squash(w).chars().filter(|c| c.is_alphanumeric()).collect() };
    let text = letters(text);
    let words: Vec<String> = expected
        .split_whitespace()
        .map(letters)
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.iter().all(|w| text.contains(w.as_str()))
}
