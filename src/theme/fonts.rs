//! A theme's fonts: every font file under its `fonts/`, parsed once per theme
//! ([`Theme::fonts`]) for the posters, the share cards and the pages that link posters, and the
//! check that a text is covered by them (a missing glyph is an error, never an empty box).

use typst::text::{Font, FontBook};

use crate::theme::Theme;

/// The fonts of a theme, loaded once and shared by every poster render.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// Metadata of every font, for typst's font selection.
    pub book: FontBook,
    /// The fonts, indexed as in `book`.
    pub fonts: Vec<Font>,
    /// The code points some font covers, as sorted, disjoint, inclusive ranges.
    covered: Vec<(u32, u32)>,
}

impl FontSet {
    /// Parses every `.ttf`, `.otf`, `.ttc` and `.otc` file under the theme's `fonts/` folder.
    pub fn from_theme(theme: &Theme) -> FontSet {
        let fonts: Vec<Font> = theme
            .files_under("fonts")
            .filter(|(path, _)| is_font_file(path))
            .flat_map(|(_, file)| Font::iter(file.bytes.clone()))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        let covered = merged_coverage(&fonts);
        FontSet {
            book,
            fonts,
            covered,
        }
    }

    /// Whether some font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        let c = u32::from(c);
        let after = self.covered.partition_point(|(start, _)| *start <= c);
        after > 0 && self.covered[after - 1].1 >= c
    }

    /// The characters of `text` that no font covers, each once, in order of appearance.
    /// Whitespace and invisible formatting characters need no glyph and are never reported.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = Vec::new();
        for c in text.chars() {
            if !needs_glyph(c) || missing.contains(&c) || self.covers(c) {
                continue;
            }
            missing.push(c);
        }
        missing
    }
}

/// The code points of every font as sorted, merged ranges: a lookup is a binary search instead
/// of a scan of every font's coverage runs (a CJK font has thousands). Each font's code points
/// come in order, so they are grouped into ranges first and only the ranges are sorted: sorting
/// every code point of the CJK fonts was a tenth of a small site's `check`.
fn merged_coverage(fonts: &[Font]) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = fonts
        .iter()
        .flat_map(|f| ascending_runs(f.info().coverage.iter()))
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some((_, last)) if start <= last.saturating_add(1) => *last = (*last).max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// Ascending code points grouped into ranges of consecutive ones.
fn ascending_runs(points: impl Iterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for point in points {
        match runs.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(point) => *end = point,
            _ => runs.push((point, point)),
        }
    }
    runs
}

fn is_font_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc", ".otc"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Whether a character is drawn with a glyph (not whitespace, a control or a format character
/// such as a bidi isolate or zero-width joiner).
fn needs_glyph(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}'))
}

/// Describes characters for an error message: `'न' (U+0928), '𓀀' (U+13000)`.
pub fn describe_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("'{c}' (U+{:04X})", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_cover_every_language_of_the_default_theme() {
        let fonts = FontSet::from_theme(&Theme::built_in());
        let families: Vec<&str> = fonts.book.families().map(|(name, _)| name).collect();
        for family in [
            "Noto Sans",
            "Noto Sans CJK SC",
            "Noto Naskh Arabic",
            "Noto Sans Devanagari",
            "Noto Sans Gurmukhi",
            "Noto Sans Gujarati",
            "Noto Sans Bengali",
        ] {
            assert!(families.contains(&family), "{family} in {families:?}");
        }
        let sample = "Red flags — Signaux d’alerte « é » Dấu hiệu cảnh báo · Sinais de alerta ñ \
            危险信号，请拨打。 危險信號，請撥打。 위험 신호 경찰에 신고하세요 \
            علامات التحذير ٠١٢ نشانه‌های هشدار خطرے کی علامات ٹڈڑںہے \
            खतरे के संकेत ਖ਼ਤਰੇ ਦੇ ਸੰਕੇਤ ભયના સંકેતો বিপদের সংকেত";
        assert_eq!(fonts.missing_chars(sample), Vec::<char>::new());
    }

    #[test]
    fn coverage_ranges_merge_overlapping_and_touching_fonts() {
        let runs = |points: &[u32]| ascending_runs(points.iter().copied());
        assert_eq!(runs(&[1, 2, 3, 7, 9, 10]), vec![(1, 3), (7, 7), (9, 10)]);
        let fonts = FontSet::from_theme(&Theme::built_in());
        let every: std::collections::BTreeSet<u32> = fonts
            .fonts
            .iter()
            .flat_map(|f| f.info().coverage.iter())
            .collect();
        let from_ranges: std::collections::BTreeSet<u32> =
            fonts.covered.iter().flat_map(|&(a, b)| a..=b).collect();
        assert_eq!(
            from_ranges, every,
            "the ranges hold exactly the fonts' code points"
        );
        assert!(
            fonts.covered.windows(2).all(|w| w[0].1 + 1 < w[1].0),
            "sorted, disjoint and not touching"
        );
    }

    #[test]
    fn reports_uncovered_characters_once() {
        let fonts = FontSet::from_theme(&Theme::built_in());
        let missing = fonts.missing_chars("ok ሰ ሰ \u{2066}1\u{2069} 𓀀 ok");
        assert_eq!(missing, vec!['ሰ', '𓀀']);
        assert_eq!(describe_chars(&missing), "'ሰ' (U+1230), '𓀀' (U+13000)");
        assert!(fonts.covers('a') && fonts.covers('說') && fonts.covers('한'));
        assert!(!fonts.covers('\u{0E01}'), "no Thai font is bundled");
    }
}
