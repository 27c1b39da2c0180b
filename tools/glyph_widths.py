"""Writes seuranta/svg/glyph-widths.json: advance widths of the chart font's glyphs.

The SVG renderer (seuranta/svg/render.mjs) measures chart labels with these
widths, so it needs no font files and no canvas, and every machine lays out
the same chart the same way. Liberation Sans has the widths of Arial (and
nearly those of Helvetica), the sans-serif most readers' browsers draw the
labels in; vl-convert, used before, measured with it too.

Run once when the character set or the font changes (needs fonttools):
    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    /tmp/ft/bin/python tools/glyph_widths.py /usr/share/fonts/truetype/liberation
"""

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

# Latin-1, the dashes, quotes and spaces our number and date formats use, and the
# few symbols the charts draw (× for a gap, € and − in values).
CHARACTERS = ([chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x100)]
              + list("\u2009\u202f\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2026"
                     "\u2030\u20ac\u2122\u2212\u2264\u2265\u00d7\u2248\u2260\u0160\u0161\u017d\u017e"))


def widths(font_file: Path) -> dict:
    font = TTFont(font_file)
    scale = 1000 / font["head"].unitsPerEm
    cmap, advances = font.getBestCmap(), font["hmtx"].metrics
    table = {ch: round(advances[cmap[ord(ch)]][0] * scale, 1) for ch in CHARACTERS if ord(ch) in cmap}
    table["fallback"] = table["n"]  # a character not in the table counts as wide as "n"
    return table


def main(folder: str) -> None:
    fonts = Path(folder)
    out = Path(__file__).resolve().parent.parent / "seuranta" / "svg" / "glyph-widths.json"
    data = {"font": "Liberation Sans (the widths of Arial), per 1000 units of font size",
            "normal": widths(fonts / "LiberationSans-Regular.ttf"),
            "bold": widths(fonts / "LiberationSans-Bold.ttf")}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(data['normal'])} characters")


if __name__ == "__main__":
    main(sys.argv[1])
