"""Flowables that put Thai text on the page: the only place (with draw_text) that calls reportlab's
canvas text API. Lines are filled by thaitext.fill_lines and drawn as pre-shaped strings, one
string per line and font, with the line's text as ActualText whenever it carries Thai marks.

Line spacing comes from the font (thaitext.leading): one line's ุ ู ฐ never touch the next line's
stacked tone marks. Body text is justified the Thai way ("thai"): the spare width is spread over
the gaps between words (segment boundaries and spaces), at most 1 em a gap, as Word's Thai
distributed alignment does; never between the clusters of one word. A line that would need more,
and the last line of a paragraph, stay left-aligned.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from moi_desktop.documents.thaitext import (
    _font_groups,
    fill_lines,
    line_metrics,
    shape_printable,
    spaced,
    text_width,
)
from moi_desktop.documents.thaitext import leading as thai_leading
from moi_desktop.thai.segment import name_segments, segment
from moi_desktop.thai.text import printable

ALIGNS = ("left", "center", "right", "justify", "thai")
MAX_GAP_EM = 1.0  # Thai distributed justification adds at most this much to one gap
# Thai vowels and marks drawn above or below their letter, and sara am (drawn as ํ + า)
_THAI_MARKS = re.compile("[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]")

# A wrapped line: its (text, font name) tokens.
type Line = list[tuple[str, str]]


@dataclass(frozen=True)
class TextStyle:
    font: str  # registered regular font name
    size: float = 16
    leading: float | None = None  # default 1.25 × size
    first_indent: float = 0
    left_indent: float = 0
    align: str = "left"  # left / center / right / justify (at spaces) / thai (Thai distributed)
    space_before: float = 0
    space_after: float = 0
    bold: bool = False
    bold_font: str | None = None  # registered bold font name (needed for bold runs)

    @property
    def line_height(self) -> float:
        """The given leading, else the font's own (thaitext.leading) for the larger of its faces."""
        if self.leading is not None:
            return self.leading
        return max(thai_leading(self.font, self.size), thai_leading(self.bold_font or self.font, self.size))

    def baseline(self) -> float:
        """The baseline's height above the bottom of a line box: the ink centred in the box."""
        metrics = line_metrics(self.bold_font or self.font)
        return metrics.below * self.size + (self.line_height - (metrics.above + metrics.below) * self.size) / 2

    def with_(self, **changes: Any) -> "TextStyle":
        return replace(self, **changes)


def draw_text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left", *,
              reuse: bool = False) -> float:
    """Draw one shaped line at baseline y; x is the left edge, centre or right edge per `align`.
    Returns the drawn width. `reuse`: keep what this canvas drew, to copy the operators of a text
    drawn again (a long table, whose cells repeat) instead of shaping and formatting it anew."""
    if not reuse:
        text = printable(text)
        width = text_width(text, font, size)
        x -= width / 2 if align == "center" else width if align == "right" else 0
        _draw_shaped(canvas, x, y, text, shape_printable(text, font), font, size)
        return width
    drawn = _drawn(canvas)
    key = (text, font, size)
    known = drawn.get(key)
    if known is None:
        printed = printable(text)
        known = (text_width(printed, font, size), _span(printed),
                 shaped_operators(canvas, shape_printable(printed, font), font, size))
        if len(drawn) >= _DRAWN_LIMIT:
            drawn.clear()
        drawn[key] = known
    width, before, operators = known
    x -= width / 2 if align == "center" else width if align == "right" else 0
    end = "\nEMC" if before else ""
    # what canvas.drawString writes on a bottom-up canvas (all of ours)
    canvas._code.append(f"{before}BT 1 0 0 1 {x:.2f} {y:.2f} Tm {operators} T* ET{end}")
    return width


def _draw_shaped(canvas: Canvas, x: float, y: float, text: str, shaped: ShapedStr, font: str, size: float) -> None:
    """One shaped string (`text` printable, `shaped` its glyphs, perhaps spaced for justifying)."""
    canvas.setFont(font, size)
    before = _span(text)
    if before:
        canvas._code.append(before.rstrip("\n"))
    canvas.drawString(x, y, shaped)
    if before:
        canvas._code.append("EMC")


def _span(text: str) -> str:
    """The marked-content line that opens an ActualText span for `text` when it carries Thai marks
    (closed by EMC after the text), else "". pdftotext orders glyphs by position and groups them
    into lines by their boxes, so a mark HarfBuzz moves right (ี้ in นี้) came out after the next
    letter (นีไ้) and a zero-width mark at a line's end was read as the start of the next line
    (ผูที่ / ้); ActualText gives every extractor the logical text (and ำ, which the ToUnicode map
    can only give as ํ + า)."""
    if not _THAI_MARKS.search(text):
        return ""
    return f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC\n"


# What one canvas has drawn, per (text, font, size): the width and the PDF operators that draw it
# at the origin. A table report repeats most of its cell texts (sectors, positions, roles), and the
# operators of a shaped string cost far more to build than to copy; the map is the canvas's own
# (the operators name its document's font subsets) and is emptied when it grows past this.
_DRAWN_LIMIT = 4096


def _drawn(canvas: Canvas) -> dict[tuple[str, str, float], tuple[float, str, str]]:
    drawn = canvas.__dict__.get("_thai_drawn")
    if drawn is None:
        drawn = canvas.__dict__["_thai_drawn"] = {}
    return drawn


def _num(value: float) -> str:
    """A PDF number to a hundredth (of a point, or of a thousandth of an em in TJ)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def shaped_operators(canvas: Canvas, shaped: ShapedStr, font: str, size: float) -> str:
    """The text operators reportlab's PDFTextObject._formatText writes for `shaped` (a font subset
    per run of codes, a TJ array per run of glyphs on one rise, HarfBuzz's offsets as kerns), built
    in one pass: drawing a large table is mostly this, and reportlab's version formats every
    number through fp_str and regroups each cluster's pieces with itertools."""
    ttf = pdfmetrics.getFont(font)
    doc = canvas._doc
    escape = canvas._escape
    head = f"{_num(size)} Tf {_num(size * 1.2)} TL"
    data = shaped.__shapeData__
    out: list[str] = []
    rise = 0.0
    taken = 0

    def set_rise(value: float) -> None:
        nonlocal rise
        operator = f"{_num(value)} Ts"
        if out and out[-1].endswith(" Ts"):
            out[-1] = operator
        else:
            out.append(operator)
        rise = value

    for subset, chunk in ttf.splitString(shaped, doc):
        out.append(f"{ttf.getSubsetInternalName(subset, doc)} {head}")
        glyphs = data[taken:taken + len(chunk)]
        taken += len(chunk)
        parts: list[str] = []
        run = bytearray()
        kern = 0.0
        group_rise: float | None = None
        for code, sd in zip(chunk, glyphs, strict=True):
            r = size * sd.y_offset / 1000
            if r != group_rise:
                if group_rise is not None:
                    _close_group(out, parts, run, kern, escape)
                    parts, run, kern = [], bytearray(), 0.0
                    if rise:
                        set_rise(0.0)
                if r != rise:
                    set_rise(r)
                group_rise = r
            kern -= sd.x_offset  # HarfBuzz's offset before the glyph …
            if kern and (shift := _num(kern)) != "0":
                if run:
                    parts.append(f"({escape(bytes(run))})")
                    run = bytearray()
                parts.append(shift)
            kern = 0.0
            run.append(code)
            kern += sd.width - sd.x_advance + sd.x_offset  # … and the advance it differs by after
        if group_rise is not None:
            _close_group(out, parts, run, kern, escape)
    if rise:
        set_rise(0.0)
    return " ".join(out)


def _close_group(out: list[str], parts: list[str], run: bytearray, kern: float, escape: Any) -> None:
    if run:
        parts.append(f"({escape(bytes(run))})")
    if kern and (shift := _num(kern)) != "0":
        parts.append(shift)
    if len(parts) == 1 and parts[0].startswith("("):
        out.append(f"{parts[0]} Tj")
    else:
        out.append(f"[{' '.join(parts)}] TJ")


def word_gaps(line: "Line") -> list[list[int]]:
    """Per font group of `line` (_font_groups), the offsets in its text where Thai distributed
    justification may add space: where one word (segment token) ends and the next begins. A run of
    spaces is one gap (after it), not two; a font change is a gap of its own (counted by draw_line).
    Never inside a token, so never between the clusters of a word (อำเภอ stays อำเภอ, not อำ เภ อ)."""
    out: list[list[int]] = []
    current: list[int] = []
    group = ""
    for k, (text, font) in enumerate(line):
        if k and font != line[k - 1][1]:  # a new font group: the change itself is the gap
            out.append(current)
            current, group = [], ""
        # a word's start is a gap, unless only spaces (or nothing) of its group stand before it
        if not text.isspace() and group.strip():
            current.append(len(group))
        group += text
    out.append(current)
    return out


def draw_line(canvas: Canvas, x: float, y: float, line: "Line", size: float, *, avail: float = 0,
              align: str = "left", is_last: bool = True) -> float:
    """Draw one filled line of (text, font) tokens at baseline y from its left edge x, aligned in
    `avail` points; returns the width drawn. "thai" spreads the spare width over the gaps between
    its words (word_gaps: segment boundaries, spaces, font changes), at most MAX_GAP_EM a gap, and
    never between the character clusters of one word; "justify" over its spaces."""
    groups = _font_groups(line)
    widths = [text_width(text, font, size) for font, text in groups]
    used = sum(widths)
    slack = avail - used
    if align in ("thai", "justify") and not is_last and slack > 0:
        if align == "thai":
            gaps = word_gaps(line)
        else:  # the gap before each space widens
            gaps = [[m.start() for m in re.finditer(" ", text) if m.start() > 0] for _, text in groups]
        count = sum(len(g) for g in gaps) + len(groups) - 1
        extra = slack / count if count else 0.0
        if count and extra <= MAX_GAP_EM * size:
            for (font, text), width, group_gaps in zip(groups, widths, gaps, strict=True):
                _draw_shaped(canvas, x, y, text, spaced(text, font, size, extra, group_gaps), font, size)
                x += width + extra * (len(group_gaps) + 1)
            return avail
    if align == "center":
        x += slack / 2
    elif align == "right":
        x += slack
    for (font, text), width in zip(groups, widths, strict=True):
        draw_text(canvas, x, y, text, font, size)
        x += width
    return used


def _runs_tokens(runs: Sequence[tuple[str, bool]], regular: str, bold: str, is_name: bool) -> Line:
    """(text, font) tokens of label runs; a font change must fall at a space (TECH_NOTES)."""
    tokens: Line = []
    for i, (text, is_bold) in enumerate(runs):
        text = printable(text)
        changes = i > 0 and text and runs[i - 1][0] and runs[i - 1][1] != is_bold
        if changes and not (text[0].isspace() or runs[i - 1][0][-1].isspace()):
            raise ValueError(f"font change inside a word at {text[:10]!r}: put a space there")
        font = bold if is_bold else regular
        for lineno, para in enumerate(text.split("\n")):
            if lineno:
                tokens.append(("\n", font))
            parts = name_segments(para) if is_name else segment(para)
            tokens += [(p, font) for p in parts]
    return tokens


class ThaiParagraph(Flowable):
    """A paragraph of Thai text, wrapped at segment boundaries, split across pages.

    `runs`: optional [(text, bold)] instead of `text`, e.g. [("เรื่อง", True), (" ขอเชิญ…", False)].
    """

    def __init__(self, text: str = "", style: TextStyle | None = None, runs: Sequence[tuple[str, bool]] | None = None,
                 *, is_name: bool = False, _lines: list[Line] | None = None, _first: bool = True) -> None:
        super().__init__()
        if style is None:
            raise ValueError("ThaiParagraph needs a TextStyle")
        self.style = style
        regular = style.bold_font if style.bold and style.bold_font else style.font
        bold = style.bold_font or style.font
        self.runs = runs if runs is not None else [(text, style.bold)]
        self._regular, self._bold, self.is_name = regular, bold, is_name
        self._lines = _lines
        self._first = _first
        self._width: float | None = None
        self._hard: set[int] = set()  # indices of lines that end at a line break of the text
        self.text = "".join(t for t, _ in self.runs)

    def _layout(self, avail_width: float) -> list[Line]:
        if self._lines is not None and self._width == avail_width:
            return self._lines
        s = self.style
        tokens = _runs_tokens(self.runs, self._regular, self._bold, self.is_name)
        width = avail_width - s.left_indent
        self._hard = set()
        lines: list[Line] = []
        para: Line = []
        for token in tokens + [("\n", self._regular)]:
            if token[0] == "\n":
                indent = s.first_indent if not lines else 0
                filled = fill_lines(para, s.size, width, indent)
                lines += filled
                self._hard.add(len(lines) - 1)
                para = []
            else:
                para.append(token)
        self._lines, self._width = lines, avail_width
        return lines

    def lines(self, avail_width: float) -> list[str]:
        """The wrapped lines as plain text (for tests and measuring)."""
        return ["".join(t for t, _ in line) for line in self._layout(avail_width)]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lines = self._layout(avail_width)
        self.width = avail_width
        self.height = len(lines) * self.style.line_height
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's Flowable method name
        return self.style.space_before if self._first else 0

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's Flowable method name
        return self.style.space_after

    def split(self, avail_width: float, avail_height: float) -> list["ThaiParagraph"]:
        lines = self._layout(avail_width)
        fit = int(avail_height // self.style.line_height)
        if fit >= len(lines):
            return [self]
        # no single line left at the foot of a page or carried alone to the next (when it can be)
        if len(lines) >= 4:
            fit = min(fit, len(lines) - 2)
            if fit < 2:
                return []
        if fit <= 0:
            return []
        head = ThaiParagraph(style=self.style.with_(space_after=0), runs=self.runs, is_name=self.is_name,
                             _lines=lines[:fit], _first=self._first)
        tail = ThaiParagraph(style=self.style.with_(first_indent=0, space_before=0), runs=self.runs,
                             is_name=self.is_name, _lines=lines[fit:], _first=False)
        head._width = tail._width = avail_width
        head._hard = {i for i in self._hard if i < fit}
        tail._hard = {i - fit for i in self._hard if i >= fit}
        return [head, tail]

    def draw(self) -> None:
        s = self.style
        lead = s.line_height
        y = self.height - lead + s.baseline()
        lines = self._layout(self.width)  # the lines wrap() laid out (reportlab wraps before drawing)
        for i, line in enumerate(lines):
            x = s.left_indent + (s.first_indent if i == 0 and self._first else 0)
            # the last line of a paragraph, or before a line break, is never stretched
            draw_line(self.canv, x, y, line, s.size, avail=self.width - x, align=s.align, is_last=i in self._hard)
            y -= lead


def _phrases(tokens: list[str], font: str, size: float, width: float) -> list[str]:
    """Segment tokens joined into the phrases between spaces, when a phrase fits `width`: a header
    value breaks at its spaces ("…อำเภอคลองขลุง / จังหวัดกำแพงเพชร"), not between จังหวัด and its
    name, unless a phrase is wider than the line."""
    out: list[str] = []
    phrase: list[str] = []

    def flush() -> None:
        joined = "".join(phrase)
        out.extend([joined] if joined and text_width(joined, font, size) <= width else phrase)
        phrase.clear()

    for token in tokens:
        if token.isspace():
            flush()
            out.append(token)
        else:
            phrase.append(token)
    flush()
    return out


class DottedLabelLine(Flowable):
    """A memo header row: bold label, then the value on a dotted line to the right edge.

    `cells`: [(label, value, share)], shares of the width summing to 1 — e.g. ที่ … | วันที่ ….
    A long value wraps; continuation lines start under the value and keep their dotted line.
    """

    def __init__(self, cells: Sequence[tuple[str, str, float]], *, label_font: str, value_font: str,
                 label_size: float = 20, value_size: float = 16, leading: float | None = None,
                 space_after: float = 0) -> None:
        super().__init__()
        self.cells = [(printable(label), printable(value), share) for label, value, share in cells]
        self.label_font, self.value_font = label_font, value_font
        self.label_size, self.value_size = label_size, value_size
        metrics = line_metrics(label_font)
        # the first line holds the label; continuation lines are value lines, with room for the dots
        self.first_height = leading or metrics.leading(label_size)
        self.first_base = metrics.below * label_size + (
            self.first_height - (metrics.above + metrics.below) * label_size) / 2
        self.dots_below = line_metrics(value_font).below * value_size + 0.6  # under ุ ู, not through
        self.leading = thai_leading(value_font, value_size) + 1.5
        self.spaceAfter = space_after
        # per cell: (label x, label, value x, right edge, value lines); set by wrap()
        self._layout: list[tuple[float, str, float, float, list[str]]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        layout = []
        x = 0.0
        for label, value, share in self.cells:
            cell_width = avail_width * share
            label_w = text_width(label, self.label_font, self.label_size)
            value_x = x + label_w + self.value_size * 0.4
            value_w = x + cell_width - value_x - self.value_size * 0.3
            tokens = [(t, self.value_font) for t in _phrases(segment(value), self.value_font, self.value_size, value_w)]
            lines = ["".join(t for t, _ in ln) for ln in fill_lines(tokens, self.value_size, value_w)]
            layout.append((x, label, value_x, x + cell_width, lines))
            x += cell_width
        self._layout = layout
        self.width = avail_width
        self.height = self.first_height + (max(len(cell[4]) for cell in layout) - 1) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        for x, label, value_x, right, lines in self._layout:
            y = self.height - self.first_height + self.first_base
            draw_text(canvas, x, y, label, self.label_font, self.label_size)
            canvas.saveState()
            canvas.setDash(0.6, 2)
            canvas.setLineWidth(0.6)
            for i, line in enumerate(lines):
                base = y - i * self.leading
                canvas.line(value_x - 2, base - self.dots_below, right - 4, base - self.dots_below)
                draw_text(canvas, value_x + self.value_size * 0.3, base, line, self.value_font, self.value_size)
            canvas.restoreState()


class Rule(Flowable):
    """A short centred line under a title block (drawn, not typed as dashes: it is no text)."""

    def __init__(self, length: float, *, space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.length = length
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 1.0
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.line((self.width - self.length) / 2, 0.5, (self.width + self.length) / 2, 0.5)


class LineBox(Flowable):
    """Fixed-height vertical space (a signature gap) that never splits."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, self.height

    def draw(self) -> None:
        pass


# A table laid out at one width: (available width, font size, column widths, header cell lines,
# row cell lines).
type _Measured = tuple[float, float, list[float], list[list[str]], list[list[list[str]]]]


class ThaiTable(Flowable):
    """A grid of wrapped Thai cells with a header row repeated on every page.

    Words stay whole: a column narrower than its longest word (or date, phone number, reference
    number: one segment each) first makes the whole table step down a point at a time to
    `min_size`, then takes width from columns that have room; only when the words cannot fit
    even then does a word break, between its dictionary words and last between character
    clusters. Column widths are `col_widths` shares of the frame, or follow the real shaped text
    (Thai digits are wider than 0–9). Lines are the font's own leading (stacked marks never
    touch the line above); a row taller than the room left on a page continues on the next.
    """

    PAD_TOP, PAD_BOTTOM, PAD_X = 2.0, 3.0, 4.0
    SLACK = 1.0  # a point of spare width, so a measured word fits for sure
    MIN_SPLIT_LINES = 2  # a row is split across pages only with at least this many lines each side

    def __init__(self, columns: list[str], rows: list[list[str]], *, font: str, bold_font: str,
                 size: float = 16, col_widths: list[float] | None = None, align: list[str] | None = None,
                 min_size: float = 14, _measured: _Measured | None = None) -> None:
        super().__init__()
        self.columns = [printable(c) for c in columns]
        self.rows = [[printable(str(v)) for v in row] for row in rows]
        self.font, self.bold_font, self.size = font, bold_font, size
        self.min_size = min(min_size, size)
        self.col_widths = col_widths
        self.align = align or ["left"] * len(columns)
        self._measured = _measured

    # -- widths ------------------------------------------------------------------------------
    def _share_widths(self, avail_width: float, size: float) -> list[float]:
        if self.col_widths:  # relative shares of the frame width
            total = sum(self.col_widths)
            return [w * avail_width / total for w in self.col_widths]
        pad = 2 * self.PAD_X
        natural = []
        for c, head in enumerate(self.columns):
            words = max((text_width(w, self.bold_font, size) for w in segment(head) if not w.isspace()),
                        default=0)
            longest = max([text_width(head, self.bold_font, size) * 0.6, words]
                          + [text_width(row[c], self.font, size) for row in self.rows])
            natural.append(longest + pad)
        total = sum(natural)
        if total <= avail_width:
            extra = (avail_width - total) / len(natural)
            return [w + extra for w in natural]
        # shrink wide columns first: each column keeps at least its share of a fair split
        floor = [min(w, avail_width / len(natural) * 0.6) for w in natural]
        spare = avail_width - sum(floor)
        excess = [w - f for w, f in zip(natural, floor, strict=True)]
        scale = spare / sum(excess) if sum(excess) else 0
        return [f + e * scale for f, e in zip(floor, excess, strict=True)]

    def _word_widths(self) -> list[float]:
        """Per column, the widest unbreakable segment of its header and cells at 1 pt."""
        widest = []
        for c, head in enumerate(self.columns):
            w = max((text_width(t, self.bold_font, 1) for t in segment(head) if not t.isspace()), default=0.0)
            for row in self.rows:
                for t in segment(row[c]):
                    if not t.isspace():
                        w = max(w, text_width(t, self.font, 1))
            widest.append(w)
        return widest

    def _sizes(self) -> list[float]:
        sizes = [self.size]
        while sizes[-1] - 1 >= self.min_size - 1e-9:
            sizes.append(sizes[-1] - 1)
        if sizes[-1] > self.min_size:
            sizes.append(self.min_size)
        return sizes

    def plan(self, avail_width: float) -> tuple[float, list[float]]:
        """The font size and column widths: the largest size at which every word fits its column;
        else the floor size with columns widened to their words (from those with room); else the
        floor size and shares, breaking the words that cannot fit."""
        widest = self._word_widths()
        sizes = self._sizes()
        for size in sizes:
            widths = self._share_widths(avail_width, size)
            need = [w * size + 2 * self.PAD_X + self.SLACK for w in widest]
            if all(have >= n for have, n in zip(widths, need, strict=True)):
                return size, widths
        size = sizes[-1]
        widths = self._share_widths(avail_width, size)
        need = [w * size + 2 * self.PAD_X + self.SLACK for w in widest]
        if sum(need) > avail_width:
            return size, widths
        short = sum(max(0.0, n - w) for w, n in zip(widths, need, strict=True))
        room = [max(0.0, w - n) for w, n in zip(widths, need, strict=True)]
        total_room = sum(room)
        return size, [max(w, n) - r / total_room * short if total_room else max(w, n)
                      for w, n, r in zip(widths, need, room, strict=True)]

    # -- measuring ---------------------------------------------------------------------------
    def _cell_lines(self, text: str, font: str, width: float, size: float) -> list[str]:
        out: list[str] = []
        for para in text.split("\n"):
            tokens = [(t, font) for t in segment(para)]
            out += ["".join(t for t, _ in ln) for ln in fill_lines(tokens, size, width - 2 * self.PAD_X)]
        return out

    def _measure(self, avail_width: float) -> _Measured:
        if self._measured and self._measured[0] == avail_width:
            return self._measured
        size, widths = self.plan(avail_width)  # one width per column: every row has a cell per column
        header = [self._cell_lines(h, self.bold_font, w, size) for h, w in zip(self.columns, widths, strict=True)]
        rows = [[self._cell_lines(v, self.font, w, size) for v, w in zip(row, widths, strict=True)]
                for row in self.rows]
        self._measured = (avail_width, size, widths, header, rows)
        return self._measured

    def _pitch(self, size: float) -> float:
        return max(thai_leading(self.font, size), thai_leading(self.bold_font, size))

    def _row_height(self, cells: list[list[str]], size: float) -> float:
        return max(len(c) for c in cells) * self._pitch(size) + self.PAD_TOP + self.PAD_BOTTOM

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, size, widths, header, rows = self._measure(avail_width)
        self.width = sum(widths)
        self.height = self._row_height(header, size) + sum(self._row_height(r, size) for r in rows)
        return self.width, self.height

    def _part(self, rows: list[list[list[str]]], avail: float, size: float, widths: list[float],
              header: list[list[str]]) -> "ThaiTable":
        texts = [["\n".join(cell) for cell in row] for row in rows]
        return ThaiTable(self.columns, texts, font=self.font, bold_font=self.bold_font, size=self.size,
                         col_widths=self.col_widths, align=self.align, min_size=self.min_size,
                         _measured=(avail, size, widths, header, rows))

    def split(self, avail_width: float, avail_height: float) -> list["ThaiTable"]:
        avail, size, widths, header, rows = self._measure(avail_width)
        pitch = self._pitch(size)
        used = self._row_height(header, size)
        fit = 0
        for cells in rows:
            h = self._row_height(cells, size)
            if used + h > avail_height:
                break
            used += h
            fit += 1
        if fit == len(rows):
            return []
        head_rows, tail_rows = rows[:fit], rows[fit:]
        # the row that does not fit continues on the next page when enough of it fits here
        lines_here = int((avail_height - used - self.PAD_TOP - self.PAD_BOTTOM) // pitch)
        row = rows[fit]
        tall = max(len(c) for c in row)
        if lines_here >= self.MIN_SPLIT_LINES and tall - lines_here >= self.MIN_SPLIT_LINES:
            head_rows = head_rows + [[cell[:lines_here] for cell in row]]
            tail_rows = [[cell[lines_here:] for cell in row]] + rows[fit + 1:]
        if not head_rows:
            return []
        return [self._part(head_rows, avail, size, widths, header), self._part(tail_rows, avail, size, widths, header)]

    def draw(self) -> None:
        canvas = self.canv
        if self._measured is None:
            raise RuntimeError("ThaiTable.draw before wrap")
        _, size, widths, header, rows = self._measured
        pitch = self._pitch(size)
        metrics = line_metrics(self.bold_font)
        first = self.PAD_TOP + (pitch - (metrics.above + metrics.below) * size) / 2 + metrics.above * size
        y = self.height
        canvas.saveState()
        canvas.setLineWidth(0.6)
        for r, cells in enumerate([header] + rows):
            h = self._row_height(cells, size)
            if r == 0:
                canvas.setFillGray(0.9)
                canvas.rect(0, y - h, self.width, h, stroke=0, fill=1)
                canvas.setFillGray(0)
            x = 0.0
            for c, (lines, w) in enumerate(zip(cells, widths, strict=True)):
                font = self.bold_font if r == 0 else self.font
                align = "center" if r == 0 else self.align[c]
                base = y - first
                for line in lines:
                    if align == "center":
                        draw_text(canvas, x + w / 2, base, line, font, size, align="center")
                    elif align == "right":
                        draw_text(canvas, x + w - self.PAD_X, base, line, font, size, align="right")
                    else:
                        draw_text(canvas, x + self.PAD_X, base, line, font, size)
                    base -= pitch
                x += w
            canvas.line(0, y, self.width, y)
            y -= h
        canvas.line(0, y, self.width, y)
        x = 0.0
        for w in [0.0] + widths:
            x += w
            canvas.line(x, 0, x, self.height)
        canvas.restoreState()


class Columns(Flowable):
    """Flowables side by side, each at its own x offset and width in the frame (None: to the right
    edge), tops aligned; as tall as the tallest. A label with its wrapped value, ที่ beside the
    sender's address, a signature centred under the salutation."""

    def __init__(self, cells: Sequence[tuple[float, float | None, Flowable]], *, space_before: float = 0,
                 space_after: float = 0) -> None:
        super().__init__()
        self.cells = list(cells)
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = []
        for x, width, flowable in self.cells:
            w = avail_width - x if width is None else width
            self._sizes.append((w, flowable.wrap(w, avail_height)[1]))
        self.width = avail_width
        self.height = max((h for _, h in self._sizes), default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        for (x, _, flowable), (_, h) in zip(self.cells, self._sizes, strict=True):
            flowable.drawOn(self.canv, x, self.height - h)
