#!/usr/bin/env python3
"""Regenerates the Simplified Chinese poster fonts in themes/default/fonts/.

Noto Sans CJK SC is 16 MB per weight; posters need far fewer glyphs. This keeps every character
of GB2312 (the 6,763 common Simplified Chinese hanzi and its symbols), Basic Latin and Latin-1,
general and CJK punctuation, and full-width forms, and drops the rest (about 3.5 MB per weight).

Usage (Debian: apt-get install fonts-noto-cjk python3-fonttools):
    python3 scripts/subset-cjk-font.py [/usr/share/fonts/opentype/noto]

redflag checks every poster's text against the fonts it bundles: a character this subset lacks
is a build error naming the language and the characters, never an empty box. Add such
characters to EXTRA below and run the script again.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

# Characters outside GB2312 that the site's Chinese text needs; add to this when the build says
# a character is missing.
EXTRA = ""

RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2190, 0x21FF),  # Arrows
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def gb2312() -> set[int]:
    """Every character GB2312 encodes."""
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto")
    out = Path(__file__).resolve().parent.parent / "themes/default/fonts"
    unicodes = gb2312() | {ord(c) for c in EXTRA}
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
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(unicodes))
        subsetter.subset(font)
        target = out / f"NotoSansSC-{weight}-subset.otf"
        font.save(target)
        print(f"{target}: {target.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
