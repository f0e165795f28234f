#!/usr/bin/env python3
"""Regenerates the Chinese and Korean poster fonts in themes/default/fonts/.

Noto Sans CJK is 16 MB per weight; posters need far fewer glyphs. The subset keeps one font per
weight (family "Noto Sans CJK SC") with:

- every character of GB2312: the 6,763 common Simplified Chinese hanzi and its symbols;
- every hanzi of Big5 level 1: the 5,401 common Traditional Chinese characters;
- every Hangul syllable of KS X 1001: the 2,350 syllables of everyday Korean, and the Hangul
  compatibility jamo;
- Basic Latin and Latin-1, general and CJK punctuation, arrows, letterlike symbols,
  full-width forms;
- every character of the default theme's UI strings (themes/default/i18n/*.yaml), so the
  theme's own words always print;
- EXTRA below;

and the `locl` glyph variants, so that Traditional Chinese text (typeset with region TW or HK)
gets Traditional glyph shapes and Korean text Korean ones from the same font.

Usage (Debian: apt-get install fonts-noto-cjk python3-fonttools):
    python3 scripts/subset-cjk-font.py [/usr/share/fonts/opentype/noto]

redflag checks every poster's text against the fonts it bundles: a character this subset lacks
is reported as an error for that poster, naming the language and the characters, never printed
as an empty box. Add such characters to EXTRA below and run the script again.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

# Characters outside the sets above that the site's Chinese or Korean text needs; add to this
# when the build says a character is missing.
EXTRA = ""

RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2190, 0x21FF),  # Arrows
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3130, 0x318F),  # Hangul Compatibility Jamo
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def decodable(codec: str, highs: range, lows: range) -> set[int]:
    """Every character a double-byte codec decodes from the given lead and trail bytes."""
    chars = set()
    for high in highs:
        for low in lows:
            try:
                chars.update(ord(c) for c in bytes([high, low]).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


def gb2312() -> set[int]:
    """Every character GB2312 encodes."""
    return decodable("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))


def big5_level1() -> set[int]:
    """Big5's symbols and its 5,401 frequently used hanzi (lead bytes A1-C6)."""
    lows = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    return decodable("big5", range(0xA1, 0xC7), lows)


def ksx1001_hangul() -> set[int]:
    """The 2,350 precomposed Hangul syllables of KS X 1001 (EUC-KR rows B0-C8)."""
    return {
        c
        for c in decodable("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
        if 0xAC00 <= c <= 0xD7A3
    }


def theme_strings(root: Path) -> set[int]:
    """Every character of the default theme's UI strings."""
    chars = set()
    for path in sorted((root / "themes/default/i18n").glob("*.yaml")):
        chars.update(ord(c) for c in path.read_text(encoding="utf-8"))
    return chars


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto")
    root = Path(__file__).resolve().parent.parent
    out = root / "themes/default/fonts"
    cjk = gb2312() | big5_level1() | ksx1001_hangul() | theme_strings(root)
    unicodes = cjk | {ord(c) for c in EXTRA}
    for low, high in RANGES:
        unicodes.update(range(low, high + 1))
    for weight in ("Regular", "Bold"):
        collection = TTCollection(source / f"NotoSansCJK-{weight}.ttc")
        font = next(
            f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC"
        )
        options = subset.Options()
        options.name_IDs = ["*"]  # keep the copyright and licence records
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.layout_features = ["*"]  # locl among them: Traditional and Korean forms
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(unicodes))
        subsetter.subset(font)
        target = out / f"NotoSansCJK-{weight}-subset.otf"
        font.save(target)
        print(f"{target}: {target.stat().st_size / 1e6:.1f} MB, {len(unicodes)} characters")


if __name__ == "__main__":
    main()
