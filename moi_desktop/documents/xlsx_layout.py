"""Measurements for the printed report sheet, taken the way Excel and LibreOffice lay it out.

- Column widths: Excel stores them in characters of the workbook's default font (Calibri 11,
  7 px a digit at 96 dpi); both programs turn that into pixels with the same formula.
- Wrapped lines: the PDF engine's shaped widths and word segmentation (`documents.thaitext`),
  on the text area of the cell less a margin for the programs' own line breaking, which is
  dictionary-based too but not ours: a row may get a spare line, never one too few.
- Widths: a text of Thai letters, digits, ASCII punctuation and spaces (no Latin letters) is
  measured as the sum of its characters' shaped advances when the font positions such text by
  marks alone (no kerning for the Thai or default script, no legacy kern table): HarfBuzz then
  gives each character its own advance whatever its neighbours — the same width, without
  shaping every name of a 100,000-row report. Other text (Latin, another font) is shaped whole.
- Line pitch: the font's own vertical metrics — typo ascender + descender when the font sets
  USE_TYPO_METRICS (as LibreOffice and DirectWrite honour), else winAscent + winDescent (GDI).
  A flat 24 pt per 16 pt line clipped the last lines of wrapped cells in LibreOffice, which lays
  Laksaman/TH Sarabun out at 26.5 pt.
- Pages: the largest scale "fit to one page wide" can pick, so the page a row falls on is known
  when the file is written (xlsx.py writes the breaks and the Thai-digit page numbers).
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from moi_desktop.documents.fonts import get_fonts
from moi_desktop.documents.thaitext import _hb_font, text_width, wrap_text
from moi_desktop.thai.text import printable

PT_PER_PX = 0.75
DIGIT_PX = 7  # Calibri 11, the default font openpyxl writes, whose '0' is Excel's width unit
CELL_MARGIN_PT = 9.0  # both sides of the text plus room for LibreOffice's and Excel's own breaks
ROW_PADDING_PT = 3.0  # above and below the lines of a cell
MAX_ROW_PT = 409.0  # Excel's limit for one row (409.5 pt)
CM = 72 / 2.54
A4_PT = (21.0 * CM, 29.7 * CM)


def column_points(width: float) -> float:
    """Points of a column `width` characters wide (ECMA-376 §18.3.1.13, as Excel and LibreOffice
    compute it)."""
    pixels = math.floor((256 * width + math.floor(128 / DIGIT_PX)) / 256 * DIGIT_PX)
    return pixels * PT_PER_PX


@lru_cache(maxsize=16)
def _vertical_metrics(path: Path) -> tuple[int, int, int, int, int, bool]:
    """(unitsPerEm, typoAscender, typoDescender, winAscent, winDescent, useTypoMetrics) from the
    font file's head and OS/2 tables."""
    data = path.read_bytes()
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for i in range(count):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = offset
    units = struct.unpack_from(">H", data, tables[b"head"] + 18)[0]
    os2 = tables[b"OS/2"]
    selection = struct.unpack_from(">H", data, os2 + 62)[0]
    typo_ascender, typo_descender, _, win_ascent, win_descent = struct.unpack_from(">hhhHH", data, os2 + 68)
    return units, typo_ascender, typo_descender, win_ascent, win_descent, bool(selection & 0x80)


# Thai letters, marks and digits, ASCII digits, punctuation and space: a run of these is shaped
# with the font's Thai (or default) script features only.
_PER_CHARACTER = re.compile(r"[\u0e01-\u0e5b !-@\[-`{-~]*")
_ADVANCE_ONLY_FEATURES = {"mark", "mkmk", "ccmp"}  # features that move marks or compose, never widen


class _Advances(dict[str, float]):
    """Each character's advance (1000 units to the em) in a font, shaped alone, filled on demand."""

    def __init__(self, font: str) -> None:
        super().__init__()
        self.font = font

    def __missing__(self, ch: str) -> float:
        advance = self[ch] = text_width(ch, self.font, 1000)
        return advance


@lru_cache(maxsize=16)
def _advances(font: str) -> _Advances | None:
    """The font's per-character advances when its Thai and default scripts only place marks (a
    Thai text's width is then the sum of its characters'); None when it kerns them."""
    face = _hb_font(font).face
    if face.reference_table("kern").data:
        return None
    for table in ("GPOS", "GSUB"):
        for index, script in enumerate(face.get_table_script_tags(table)):
            features = set(face.get_language_feature_tags(table, index))
            if script in ("DFLT", "thai") and features - _ADVANCE_ONLY_FEATURES:
                return None
    return _Advances(font)


def measured_width(text: str, font: str, size: float) -> float:
    """text_width(`text`, `font`, `size`): summed per character where that is the same (above)."""
    advances = _advances(font)
    if advances is not None:
        shown = printable(text)
        if _PER_CHARACTER.fullmatch(shown):
            return sum(map(advances.__getitem__, shown)) * size / 1000
    return text_width(text, font, size)


@dataclass(frozen=True)
class SheetFont:
    """The family a sheet's cells name, as the PDF engine can measure it."""

    regular: str  # reportlab font names
    bold: str
    path: Path

    def pitch(self, size: float) -> float:
        """Distance between the baselines of two wrapped lines, in points."""
        units, typo_asc, typo_desc, win_asc, win_desc, use_typo = _vertical_metrics(self.path)
        height = typo_asc - typo_desc if use_typo else win_asc + win_desc
        return height * size / units

    def row_height(self, lines: int, size: float) -> float:
        """A row tall enough for `lines` lines at `size` pt, rounded up to a whole pixel (a cell of
        more than ~15 lines stops at Excel's row limit)."""
        points = lines * self.pitch(size) + ROW_PADDING_PT
        return min(math.ceil(points / PT_PER_PX) * PT_PER_PX, MAX_ROW_PT)

    def lines(self, text: str, points: float, size: float, *, bold: bool = False, is_name: bool = False,
              widest: float | None = None) -> int:
        """Lines `text` takes in a wrapped cell (or merged cells) `points` wide; `widest`: its
        widest_line(), when already known."""
        if not text:
            return 1
        usable = max(points - CELL_MARGIN_PT, 10.0)
        font = self.bold if bold else self.regular
        if "\n" not in text and (measured_width(text, font, size) if widest is None else widest) <= usable:
            return 1  # the common case: no segmentation needed
        return len(wrap_text(text, font, size, usable, is_name=is_name))

    def widest_line(self, text: str, size: float, *, bold: bool = False) -> float:
        """Points `text`'s longest line takes unwrapped (0 for no text)."""
        if not text:
            return 0.0
        font = self.bold if bold else self.regular
        if "\n" not in text:
            return measured_width(text, font, size)
        return max(measured_width(part, font, size) for part in text.split("\n"))

    def width_chars(self, text: str, size: float, *, bold: bool = False) -> float:
        """Column width (characters) that shows `text`'s longest line unwrapped."""
        return chars_for(self.widest_line(text, size, bold=bold)) if text else 0.0


def chars_for(points: float) -> float:
    """Column width (characters) that shows a line `points` wide unwrapped."""
    return (points + CELL_MARGIN_PT) / (DIGIT_PX * PT_PER_PX) + 1


def points_for(chars: float) -> float:
    """The widest line (points) a column `chars` wide shows unwrapped: chars_for's inverse."""
    return (chars - 1) * (DIGIT_PX * PT_PER_PX) - CELL_MARGIN_PT


def sheet_font(family: str) -> SheetFont:
    """The measuring font for cells in `family`: that family when this PC has it (the PC that will
    open the file), else the bundled font of the same metrics."""
    fonts = get_fonts(family)
    return SheetFont(fonts.regular, fonts.bold, fonts.path_regular)


def print_scale(widths: list[float], printable: float) -> int:
    """The largest whole-percent scale at which columns of `widths` characters fit across
    `printable` points, at most 100: what "fit to one page wide" can choose at most. A program
    that measures the columns wider (another default font) picks less, and rows then take less
    room than planned, never more."""
    points = sum(column_points(w) for w in widths)
    if not points:
        return 100
    return max(10, min(100, math.floor(100 * printable / points)))
