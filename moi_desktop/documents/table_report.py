"""PDF table report: title block, sub-title, a table with a repeated header and a totals row,
"หน้า ๑/๓" page numbers and a ผู้จัดทำ block — from a ReportDefinition.

Layout is ours and linear: every distinct cell is measured once (at 1 pt; shaped widths scale
with the size), plan_table picks the font size, orientation and column widths so that names,
dates, numbers and words stay whole whenever they can, every cell is wrapped once, rows are
sliced into pages by their known heights, and each page is drawn row by row on the canvas.
reportlab's own long-table splitting is superlinear (15,000 rows ≈ 60 s) and its Table cells
cannot carry shaped multi-line Thai, so neither is used here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportlab.pdfgen.canvas import Canvas

from moi_desktop.documents.flowables import draw_text
from moi_desktop.documents.fonts import DocumentFonts, get_fonts
from moi_desktop.documents.page import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, page_size
from moi_desktop.documents.pdf_stream import StreamingCanvas
from moi_desktop.documents.report import (
    CANCELLED,
    Column,
    ReportDefinition,
    prepared_by_lines,
)
from moi_desktop.documents.spill import RowSpill
from moi_desktop.documents.thaitext import leading, line_metrics, text_width, wrap_text
from moi_desktop.progress import Cancelled, Progress, check_cancelled
from moi_desktop.thai import to_thai_digits
from moi_desktop.thai.segment import compound_parts, name_segments, segment

FirstPage = tuple[Path, Callable[[Path], object]]  # where page 1 goes, and who to tell

CM = 72 / 2.54
PAGE_NUMBER_SIZE = 14
# Vertical metrics as fractions of the font size, for the TH Sarabun-like fonts we use: stacked
# upper marks reach ~0.92 em above the baseline, lower vowels ~0.30 em below it.
ASCENT = 0.92
DESCENT = 0.30

PAD_X = 4.0
PAD_TOP = 2.0  # white above the first line's stacked marks (ผู้, ที่), which the ink height includes
PAD_BOTTOM = 2.5
HEADER_FILL = (0.90, 0.90, 0.90)
TOTALS_FILL = (0.95, 0.95, 0.95)
GRID_WIDTH = 0.5
PARAGRAPH_INDENT = 2.5 * CM  # first-line indent of official Thai paragraphs
SEEN_LIMIT = 20_000  # distinct cells a column remembers while measuring (then it forgets and starts over)
MAX_MIN_SHARE = 0.45  # a single unbreakable word never claims more than this share of the width


def line_pitch(size: float) -> float:
    return (ASCENT + DESCENT) * size


@dataclass(frozen=True)
class Margins:
    """Official A4 margins (page.py): left 3 cm (binding), right 2 cm, top 2.5 cm, bottom 2 cm."""

    page_width: float
    page_height: float
    left: float = MARGIN_LEFT
    right: float = MARGIN_RIGHT
    top: float = MARGIN_TOP
    bottom: float = MARGIN_BOTTOM

    @classmethod
    def official(cls, pagesize: tuple[float, float]) -> Margins:
        return cls(pagesize[0], pagesize[1])

    @property
    def body_width(self) -> float:
        return self.page_width - self.left - self.right

    @property
    def body_top(self) -> float:
        return self.page_height - self.top

    @property
    def right_edge(self) -> float:
        return self.page_width - self.right


def page_label(number: int, total: int, thai_digits: bool = True) -> str:
    text = f"หน้า {number}/{total}"
    return to_thai_digits(text) if thai_digits else text


@dataclass
class _Row:
    cells: list[list[str]]
    height: float
    bold: bool = False
    fill: tuple[float, float, float] | None = None


# What a page draws, in order: a line of text or a table row.
type _TextOp = tuple[Literal["text"], float, float, str, str, float, str]  # x, baseline, text, font, size, align
type _RowOp = tuple[Literal["row"], float, _Row, list[float], list[str], bool]  # top, row, widths, aligns, header


@dataclass
class _Page:
    ops: list[_TextOp | _RowOp] = field(default_factory=list)


@dataclass
class _Style:
    """One size of the document font, with its real vertical extent (thaitext.line_metrics of the
    bold face, the taller): lines `pitch` apart never let ุ ู touch the next line's stacked marks,
    and a cell's first line keeps its marks inside the cell."""

    fonts: DocumentFonts
    size: float

    @property
    def pitch(self) -> float:
        return leading(self.fonts.bold, self.size)

    @property
    def above(self) -> float:
        """Baseline below the top of a line's ink."""
        return line_metrics(self.fonts.bold).above * self.size

    @property
    def ink(self) -> float:
        metrics = line_metrics(self.fonts.bold)
        return (metrics.above + metrics.below) * self.size

    def lines_height(self, count: int) -> float:
        """The height of `count` lines' ink: the first line's, then a pitch for each further line."""
        return self.ink + (max(count, 1) - 1) * self.pitch

    def font(self, bold: bool) -> str:
        return self.fonts.bold if bold else self.fonts.regular


def render_pdf(defn: ReportDefinition, out: str | Path, *, fonts: DocumentFonts | None = None,
               progress: Progress | None = None, cancelled: Cancelled | None = None,
               first_page: FirstPage | None = None) -> Path:
    """Lay the report out and draw it to `out`. With `first_page` = (path, ready), page 1 is also
    drawn on its own to `path` as soon as the layout is known — numbered of the full count, exactly
    as in the whole file — and `ready(path)` is called before the other pages are drawn (a
    preview shows it meanwhile). A one-page report writes `out` only.

    Memory stays bounded whatever the number of rows: the rows are read once into a temporary
    spill (their cell texts) while the column measures are taken; a second pass wraps each row
    into its lines (a second spill) and counts the pages; the third lays the wrapped rows out again
    and draws each page as it fills, numbered of the known total."""
    out = Path(out)
    fonts = fonts or get_fonts()
    style = _Style(fonts, defn.font_size)  # titles, summary and the prepared-by block
    columns = defn.all_columns
    headers = [defn.digits(c.title) for c in columns]
    with RowSpill(out.parent) as spill:
        measures = _MeasureSink(columns, headers, fonts)
        sums = defn.column_sums()
        for values in defn.iter_row_values():
            # iter_row_values gives one value per column (it raises on any other count)
            texts = [defn.cell_text(c, v) for c, v in zip(columns, values, strict=True)]
            spill.append(texts)
            measures.add(texts, fonts.regular)
            sums.add(values)
            if spill.count % 500 == 0:
                check_cancelled(cancelled, CANCELLED)
                if progress:
                    progress(0, 0, f"กำลังอ่านข้อมูล {spill.count:,} แถว")
        totals = defn.totals_values(sums)
        totals_texts = None if totals is None else [
            defn.cell_text(c, v) for c, v in zip(columns, totals, strict=True)]
        if totals_texts is not None:
            measures.add(totals_texts, fonts.bold)

        plan = _plan(defn, measures.result())
        check_cancelled(cancelled, CANCELLED)
        pagesize = page_size(plan.orientation == "landscape")
        margins = Margins.official(pagesize)
        table = _Style(fonts, plan.size)
        widths = plan.widths
        header_row = _measure_row(headers, columns, widths, table, bold=True, fill=HEADER_FILL, header=True)
        row_count = spill.count + (totals_texts is not None)

        def measured_rows() -> Iterator[_Row]:
            for i, cells in enumerate(spill):
                yield _measure_row(cells, columns, widths, table)
                if i % 200 == 0:
                    check_cancelled(cancelled, CANCELLED)
                    if progress:
                        progress(i, spill.count, "กำลังจัดหน้ารายงาน")
            if totals_texts is not None:
                yield _measure_row(totals_texts, columns, widths, table, bold=True, fill=TOTALS_FILL)

        def lay_out(rows: Iterable[_Row], emit: Callable[[_Page], None]) -> None:
            pager = _Pager(defn, style, table, margins, columns, widths, header_row, row_count, emit)
            for row in rows:
                pager.add(row)
            pager.finish()

        # Pass 2: every row wrapped into its lines (kept in a second spill), the pages counted.
        with RowSpill(out.parent) as wrapped:
            total = 0

            def count(page: _Page) -> None:
                nonlocal total
                total += 1

            def keep(rows: Iterable[_Row]) -> Iterator[_Row]:
                for row in rows:
                    wrapped.append([row.height, row.cells])
                    yield row

            lay_out(keep(measured_rows()), count)
            check_cancelled(cancelled, CANCELLED)
            # Pass 3: the same rows, the same pages, drawn as each one fills.
            writer = _PageWriter(defn, style, margins, table, pagesize, out, total)

            def draw(page: _Page) -> None:
                if writer.drawn == 0 and first_page is not None and total > 1:
                    first_out, ready = first_page
                    alone = _PageWriter(defn, style, margins, table, pagesize, Path(first_out), total)
                    try:
                        alone.draw(page)
                        alone.save()
                    finally:
                        alone.discard()  # nothing left behind if drawing failed; no-op once saved
                    ready(Path(first_out))
                    check_cancelled(cancelled, CANCELLED)
                writer.draw(page)
                if progress and writer.drawn % 20 == 0:
                    progress(writer.drawn, total, f"กำลังสร้างรายงาน {total:,} หน้า")

            last = spill.count  # the totals row, when there is one, comes after the data rows
            try:
                lay_out((_Row(cells, height, bold=i >= last, fill=TOTALS_FILL if i >= last else None)
                         for i, (height, cells) in enumerate(wrapped)), draw)
                writer.save()
            finally:
                writer.discard()  # a cancel or an error leaves no partial file; no-op once saved
    if progress:
        progress(spill.count, spill.count, "สร้างรายงานเสร็จแล้ว")
    return out


# -- choosing font size, orientation and column widths ------------------------------------------
# What may be broken, from "nothing" to "anything"; a table gets the first level whose minimum
# widths fit, trying every font size and orientation the definition allows before the next level.
# Dates and numbers stay whole on every level but "shrunk". Names stay whole until a table is so
# wide that only cutting short words into clusters (ชำรุด → ชำ|รุด, a wrong document) or breaking
# a name at its space (title+first name | surname, a real space) is left: the name gives way.
LEVELS = ("whole", "split-compounds", "split-headers", "split-long-words", "names-at-spaces", "split-words",
          "shrunk")
SHORT_WORD_EM = 4.0  # a word up to this wide (ราชการ, ลำดับ, สื่อมวลชน) keeps whole until "split-words"
TEXT_FLOOR_EM = 2.5  # on "split-words" a text column still keeps room for a few clusters a line
NAMES_AT_SPACES, SPLIT_WORDS = 4, 5
CELL_PAD = 2 * PAD_X + 1  # padding plus a point of slack, so a measured string fits for sure
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")


@dataclass(frozen=True)
class TablePlan:
    """The table's font size, page orientation, column widths (points) and what may be broken
    (one of LEVELS: "whole" means no name, date, number, word or header word is ever split)."""

    size: float
    orientation: str
    widths: list[float]
    level: str


@dataclass
class _Measures:
    """Widths at 1 pt of every column's content, measured once (shaped widths scale linearly
    with the size, so every candidate font size costs one multiplication per column)."""

    kinds: list[str]
    weights: list[float]
    widest: list[float]  # widest cell line
    cells: list[Counter[float]]  # each distinct cell's widest line (how many cells), for the typical width
    whole: list[float]  # widest piece never broken: a whole name/date/number line, a text word
    rigid: list[float]  # text: widest word without Thai letters (a number, a Latin word): never split
    code: list[float]  # text: widest cell without Thai letters or spaces (phone, ID, e-mail)
    name_part: list[float]  # names: widest part between spaces
    words: list[dict[str, float]]  # text: distinct words and their widths (for compounds)
    header_word: list[float]
    header_words: list[dict[str, float]]
    header_line: list[float]
    fonts: DocumentFonts
    _compound: dict[tuple[int, bool], float] = field(default_factory=dict)

    def compound_part(self, j: int, header: bool) -> float:
        """The narrowest width at which column j's long compounds split only between their
        dictionary words (มหาวิทยาลัย|เทคโนโลยี|ราชมงคล) and short words stay whole."""
        key = (j, header)
        if key not in self._compound:
            words = self.header_words[j] if header else self.words[j]
            font = self.fonts.bold if header else self.fonts.regular
            best = 0.0
            for word, width in sorted(words.items(), key=lambda item: -item[1]):
                if width <= best:  # no part of a narrower word can be wider
                    break
                if width <= SHORT_WORD_EM:
                    best = width
                else:
                    best = max(best, max(text_width(part, font, 1) for part in compound_parts(word)))
            self._compound[key] = best
        return self._compound[key]


class _MeasureSink:
    """Takes a table's measures row by row. Each distinct cell of a column is measured once
    (sectors, dates and positions repeat); the set that remembers them is emptied when it grows
    past SEEN_LIMIT, so a report of any size measures in bounded memory."""

    def __init__(self, columns: list[Column], headers: list[str], fonts: DocumentFonts) -> None:
        n = len(columns)
        self.columns = columns
        self.m = _Measures([c.kind for c in columns], [c.weight for c in columns], [0.0] * n,
                           [Counter() for _ in columns], [0.0] * n, [0.0] * n, [0.0] * n, [0.0] * n,
                           [{} for _ in columns], [0.0] * n, [{} for _ in columns], [0.0] * n, fonts)
        self.seen: list[set[str]] = [set() for _ in columns]
        bold = fonts.bold
        for j, title in enumerate(headers):
            self.m.header_words[j] = {w: text_width(w, bold, 1) for w in segment(title) if not w.isspace()}
            self.m.header_word[j] = max(self.m.header_words[j].values(), default=0.0)
            self.m.header_line[j] = max((text_width(line, bold, 1) for line in title.split("\n")), default=0.0)

    def add(self, texts: list[str], font: str) -> None:
        for j, text in enumerate(texts):
            seen = self.seen[j]
            if text in seen:  # repeated values are measured once
                continue
            if len(seen) >= SEEN_LIMIT:
                seen.clear()
            seen.add(text)
            self._consider(j, text, font)

    def _consider(self, j: int, text: str, font: str) -> None:
        if not text:
            return
        m = self.m
        line = max(text_width(part, font, 1) for part in text.split("\n"))
        m.widest[j] = max(m.widest[j], line)
        m.cells[j][line] += 1
        kind = self.columns[j].kind
        if kind == "text":
            if not _THAI_LETTER.search(text) and not any(ch.isspace() for ch in text):
                # a code: phone number, national ID, e-mail, reference number
                m.code[j] = max(m.code[j], line)
            for word in segment(text):
                if not word.isspace() and word not in m.words[j]:
                    width = m.words[j][word] = text_width(word, font, 1)
                    m.whole[j] = max(m.whole[j], width)
                    if not _THAI_LETTER.search(word):
                        m.rigid[j] = max(m.rigid[j], width)
            return
        m.whole[j] = max(m.whole[j], line)  # names, dates and numbers: never split
        if kind == "name":
            part = max((text_width(p, font, 1) for p in name_segments(text) if not p.isspace()), default=0.0)
            m.name_part[j] = max(m.name_part[j], part)

    def result(self) -> _Measures:
        return self.m


def _measure(columns: list[Column], headers: list[str], texts: list[list[str]], totals: list[str] | None,
             fonts: DocumentFonts) -> _Measures:
    sink = _MeasureSink(columns, headers, fonts)
    for row in texts:
        sink.add(row, fonts.regular)
    if totals is not None:
        sink.add(totals, fonts.bold)
    return sink.result()


def _minimum(m: _Measures, level: int, size: float, available: float) -> list[float]:
    """Each column's minimum width in points at `size` when breaking up to LEVELS[level]."""
    cap = available * MAX_MIN_SHARE  # one absurd word (a URL) is split rather than own the page
    out = []
    for j, kind in enumerate(m.kinds):
        cell = m.whole[j]
        if kind == "text":
            if level >= 1:
                cell = m.compound_part(j, False)
            if level >= 3:  # long words may now split at clusters, short ones still may not
                cell = min(cell, SHORT_WORD_EM)
            if level >= SPLIT_WORDS:
                cell = min(cell, TEXT_FLOOR_EM)
            # codes stay whole as long as names do, then break where their parts meet (๑-|xxxx-xxxx)
            cell = max(cell, m.rigid[j], m.code[j] if level < NAMES_AT_SPACES else 0.0)
        elif kind == "name" and level >= NAMES_AT_SPACES:
            cell = m.name_part[j]
        header = m.header_word[j]
        if level >= 2:
            header = m.compound_part(j, True)
            if level >= 3:
                header = min(header, SHORT_WORD_EM)
        # a text word, or a name once names may break, never claims more than the cap
        capped = kind == "text" or (kind == "name" and level >= NAMES_AT_SPACES)
        cell = min(cell * size, cap) if capped else cell * size
        out.append(max(cell, min(header * size, cap)) + CELL_PAD)
    return out


def _font_sizes(defn: ReportDefinition) -> list[float]:
    """16 → 15 → 14: whole points down to the floor (never above the definition's own size)."""
    floor = min(defn.font_size, defn.min_font_size)
    sizes = [defn.font_size]
    while sizes[-1] - 1 >= floor - 1e-9:
        sizes.append(sizes[-1] - 1)
    if sizes[-1] > floor:
        sizes.append(floor)
    return sizes


def plan_table(defn: ReportDefinition, headers: list[str], texts: list[list[str]], totals: list[str] | None,
               fonts: DocumentFonts) -> TablePlan:
    """Font size, orientation and widths for the table: the definition's size when everything fits
    whole; else a smaller size (down to min_font_size); else landscape, when orientation is
    "auto", at the largest size that fits there; only then words of text cells, header words and
    names (at spaces) are broken, in that order."""
    return _plan(defn, _measure(defn.all_columns, headers, texts, totals, fonts))


def _plan(defn: ReportDefinition, m: _Measures) -> TablePlan:
    orientations = ["portrait", "landscape"] if defn.orientation == "auto" else [defn.orientation]
    configs = [(o, s) for o in orientations for s in _font_sizes(defn)]
    available = {o: Margins.official(page_size(o == "landscape")).body_width for o in orientations}
    for level in range(len(LEVELS) - 1):
        for orientation, size in configs:
            minimum = _minimum(m, level, size, available[orientation])
            if sum(minimum) <= available[orientation]:
                widths = _distribute(m, minimum, size, available[orientation])
                return TablePlan(size, orientation, widths, LEVELS[level])
    orientation, size = configs[-1]
    widths = _distribute(m, _minimum(m, len(LEVELS) - 2, size, available[orientation]), size,
                         available[orientation])
    return TablePlan(size, orientation, widths, LEVELS[-1])


def column_widths(columns: list[Column], headers: list[str], texts: list[list[str]],
                  totals: list[str] | None, style: _Style, available: float) -> list[float]:
    """Column widths at one fixed font size and page width (the least breaking that fits)."""
    m = _measure(columns, headers, texts, totals, style.fonts)
    for level in range(len(LEVELS) - 1):
        minimum = _minimum(m, level, style.size, available)
        if sum(minimum) <= available:
            break
    return _distribute(m, minimum, style.size, available)


def _distribute(m: _Measures, minimum: list[float], size: float, available: float) -> list[float]:
    """Column widths from measured strings (Thai digits are wider than 0–9), never below
    `minimum` unless even the minimums do not fit:

    1. every cell and header on one line when that fits, else cells on one line and headers on
       two; the spare goes to the columns by weight;
    2. otherwise each column gets room in proportion to its typical (90th-percentile) cell, between
       its minimum and its one-line width, so the wrapping columns need about as many lines each
       and no column makes every row tall.
    """
    n = len(minimum)
    weights = m.weights
    pad = CELL_PAD
    if sum(minimum) >= available:  # hopeless: shrink proportionally, long words split at clusters
        return [w * available / sum(minimum) for w in minimum]
    widest = [w * size for w in m.widest]
    roomy = [max(w + pad, m.header_line[j] * size + pad, minimum[j]) for j, w in enumerate(widest)]
    if sum(roomy) <= available:  # every cell and header on one line: share the spare by weight
        spare = available - sum(roomy)
        return [f + spare * w / sum(weights) for f, w in zip(roomy, weights, strict=True)]
    two_lines = [max(m.header_word[j], m.header_line[j] * 0.55) * size for j in range(n)]
    full = [max(w + pad, two_lines[j] + pad, minimum[j]) for j, w in enumerate(widest)]
    if sum(full) <= available:  # cells on one line, headers on up to two
        spare = available - sum(full)
        return [f + spare * w / sum(weights) for f, w in zip(full, weights, strict=True)]

    demand = [max(_percentile(m.cells[j], 0.9) * size + pad, minimum[j]) for j in range(n)]

    def widths_at(scale: float) -> list[float]:
        return [min(max(scale * demand[j], minimum[j]), full[j]) for j in range(n)]

    # sum(widths_at(scale)) grows from sum(minimum) <= available to sum(full) > available
    low, high = 0.0, max(full[j] / demand[j] for j in range(n))
    for _ in range(60):
        mid = (low + high) / 2
        if sum(widths_at(mid)) > available:
            high = mid
        else:
            low = mid
    widths = widths_at(low)
    spare = available - sum(widths)  # bisection leaves a hair: give it to the columns still growing
    growing = [j for j in range(n) if widths[j] < full[j]] or list(range(n))
    for j in growing:
        widths[j] += spare / len(growing)
    return widths


def _percentile(values: Counter[float], q: float) -> float:
    """The q-quantile of the counted values (as indexing the sorted list of all of them)."""
    total = sum(values.values())
    if not total:
        return 0.0
    index = min(total - 1, int(q * total))
    for value in sorted(values):
        index -= values[value]
        if index < 0:
            return value
    raise AssertionError("unreachable: the counts add up to total")


def _measure_row(cells: list[str], columns: list[Column], widths: list[float], style: _Style, *,
                 bold: bool = False, fill: tuple[float, float, float] | None = None, header: bool = False) -> _Row:
    font = style.font(bold)
    lines: list[list[str]] = []
    for text, column, w in zip(cells, columns, widths, strict=True):
        inner = w - 2 * PAD_X
        if not text:
            lines.append([])
        elif "\n" not in text and text_width(text, font, style.size) <= inner:
            lines.append([text])
        else:
            is_name = column.kind == "name" and not header
            lines.append(wrap_text(text, font, style.size, inner, is_name=is_name))
    count = max((len(cell) for cell in lines), default=1) or 1
    return _Row(lines, PAD_TOP + style.lines_height(count) + PAD_BOTTOM, bold, fill)


def _split_row(row: _Row, fit_lines: int, style: _Style) -> tuple[_Row, _Row]:
    """A row taller than a whole page continues on the next one (rare: a very long note)."""
    first = [cell[:fit_lines] for cell in row.cells]
    rest = [cell[fit_lines:] for cell in row.cells]
    left = max(len(c) for c in rest) or 1
    return (_Row(first, PAD_TOP + style.lines_height(fit_lines) + PAD_BOTTOM, row.bold, row.fill),
            _Row(rest, PAD_TOP + style.lines_height(left) + PAD_BOTTOM, row.bold, row.fill))


# -- layout ------------------------------------------------------------------------------------
class _Pager:
    """Pages of the report, filled row by row: the title block, a header on every page the table
    touches, rows sliced by their measured heights, then the summary and the prepared-by block.
    Each page is handed to `emit` as soon as it is full, so only one page is held at a time.
    `row_count` (the totals row included) tells which row is the last: it is kept with the
    summary and signature, which never start a page alone."""

    def __init__(self, defn: ReportDefinition, style: _Style, table: _Style, margins: Margins,
                 columns: list[Column], widths: list[float], header: _Row, row_count: int,
                 emit: Callable[[_Page], None]) -> None:
        self.defn, self.style, self.table, self.margins = defn, style, table, margins
        self.widths, self.header, self.row_count, self.emit = widths, header, row_count, emit
        self.aligns = [c.align or "left" for c in columns]  # Column.__post_init__ has set every align
        self.page = _Page()
        self.y = margins.body_top
        self.added = 0
        self.page_has_rows = False
        width = margins.body_width
        centre = margins.left + width / 2
        title_style = _Style(style.fonts, style.size + 2)
        for line in defn.title_lines:
            for part in wrap_text(defn.digits(line), style.font(True), title_style.size, width):
                self._text_line(part, style.font(True), centre, "center", title_style)
        for line in defn.subtitle_lines:
            for part in wrap_text(defn.digits(line), style.font(False), style.size, width):
                self._text_line(part, style.font(False), centre, "center", style)
        self.y -= style.pitch / 2
        # What follows the table: summary paragraphs (official first-line indent), then the
        # prepared-by block. Measured first, so the last row can go with them.
        self.summary = [wrap_text(defn.digits(para), style.font(False), style.size, width,
                                  first_indent=PARAGRAPH_INDENT) for para in defn.summary]
        self.block = prepared_by_lines(defn)
        self.tail = ((style.pitch / 2 if self.summary else 0.0)
                     + style.pitch * sum(len(lines) for lines in self.summary)
                     + (style.pitch * (len(self.block) + 1.5) if self.block else 0.0))

    def _new_page(self) -> None:
        self.emit(self.page)
        self.page = _Page()
        self.y = self.margins.body_top

    def _text_line(self, text: str, font: str, x: float, align: str, line_style: _Style) -> None:
        pitch = line_style.pitch
        if self.y - pitch < self.margins.bottom:
            self._new_page()
        baseline = self.y - (pitch - line_style.ink) / 2 - line_style.above  # the ink centred in its line
        self.page.ops.append(("text", x, baseline, text, font, line_style.size, align))
        self.y -= pitch

    def add(self, row: _Row) -> None:
        margins, header, table = self.margins, self.header, self.table
        self.added += 1
        pending = [row]  # a row taller than a page continues as a second piece
        while pending:
            row = pending.pop()
            last = self.added >= self.row_count and not pending
            if (last and self.page_has_rows and self.tail and self.y - row.height - self.tail < margins.bottom
                    and header.height + row.height + self.tail <= margins.body_top - margins.bottom):
                # keep the last row with the summary and signature: they would start a page alone
                self._new_page()
                self.page_has_rows = False
            if not self.page_has_rows:
                fits_fresh_page = header.height + row.height <= margins.body_top - margins.bottom
                little_room = self.y - header.height - margins.bottom < PAD_TOP + PAD_BOTTOM + table.lines_height(3)
                if (self.y - header.height - row.height < margins.bottom and self.y < margins.body_top
                        and (fits_fresh_page or little_room)):
                    self._new_page()
                self.page.ops.append(("row", self.y, header, self.widths, self.aligns, True))
                self.y -= header.height
            room = self.y - margins.bottom
            if row.height > room:
                fit = int((room - PAD_TOP - PAD_BOTTOM - table.ink) // table.pitch) + 1
                if not self.page_has_rows and fit >= 1:
                    head, rest = _split_row(row, fit, table)
                    pending.append(rest)
                    row = head
                else:
                    pending.append(row)
                    self._new_page()
                    self.page_has_rows = False
                    continue
            self.page.ops.append(("row", self.y, row, self.widths, self.aligns, False))
            self.y -= row.height
            self.page_has_rows = True

    def finish(self) -> None:
        """Summary paragraphs, then the prepared-by block kept together; the last page goes out."""
        style, margins = self.style, self.margins
        if self.summary:
            self.y -= style.pitch / 2
        for lines in self.summary:
            for i, part in enumerate(lines):
                self._text_line(part, style.font(False), margins.left + (PARAGRAPH_INDENT if i == 0 else 0),
                                "left", style)
        if self.block:
            needed = style.pitch * (len(self.block) + 1.5)
            if self.y - needed < margins.bottom:
                self._new_page()
            self.y -= style.pitch * 1.5
            widest = max(text_width(part, style.font(False), style.size) for part in self.block)
            x = min(margins.left + margins.body_width * 0.7, margins.right_edge - widest / 2)
            for part in self.block:
                self._text_line(part, style.font(False), x, "center", style)
        self.emit(self.page)


def _layout(defn: ReportDefinition, style: _Style, table: _Style, margins: Margins, columns: list[Column],
            widths: list[float], header: _Row, rows: list[_Row]) -> list[_Page]:
    """Every page of a table whose rows are all at hand."""
    pages: list[_Page] = []
    pager = _Pager(defn, style, table, margins, columns, widths, header, len(rows), pages.append)
    for row in rows:
        pager.add(row)
    pager.finish()
    return pages


# -- drawing -----------------------------------------------------------------------------------
class _PageWriter:
    """Draws finished pages into one PDF, each numbered "หน้า ๑/๓" of the known total. Each page
    is written to the file as it is finished (pdf_stream.StreamingCanvas), so the memory does not
    grow with the page count."""

    def __init__(self, defn: ReportDefinition, style: _Style, margins: Margins, table: _Style,
                 pagesize: tuple[float, float], out: Path, total: int) -> None:
        self.defn, self.style, self.margins, self.table, self.total = defn, style, margins, table, total
        self.canvas = StreamingCanvas(out, pagesize=pagesize, pageCompression=1, initialFontName=style.font(False))
        self.canvas.setTitle(" ".join(defn.title_lines))
        self.canvas.setCreator("MOI District Desk")
        self.drawn = 0

    def draw(self, page: _Page) -> None:
        canvas, margins = self.canvas, self.margins
        for op in page.ops:
            if op[0] == "text":
                _, x, y, text, font, size, align = op
                draw_text(canvas, x, y, text, font, size, align, reuse=True)
            else:
                _, top, row, widths, aligns, is_header = op
                _draw_row(canvas, self.table, margins.left, top, row, widths, aligns, is_header)
        self.drawn += 1
        # Reports number their pages "หน้า ๑/๓" at the top right, 1.2 cm from the top.
        label = page_label(self.drawn, self.total, self.defn.thai_digits)
        draw_text(canvas, margins.right_edge, margins.page_height - 1.2 * CM, label, self.style.font(False),
                  PAGE_NUMBER_SIZE, "right")
        canvas.finish_page()  # the page goes to the file now: the document keeps its offset

    def save(self) -> None:
        self.canvas.save()

    def discard(self) -> None:
        self.canvas.discard()


def _draw_row(canvas: Canvas, style: _Style, left: float, top: float, row: _Row,
              widths: list[float], aligns: list[str], is_header: bool) -> None:
    total_width = sum(widths)
    bottom = top - row.height
    if row.fill is not None:
        canvas.setFillColorRGB(*row.fill)
        canvas.rect(left, bottom, total_width, row.height, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
    canvas.setLineWidth(GRID_WIDTH)
    canvas.rect(left, bottom, total_width, row.height, stroke=1, fill=0)
    font = style.font(row.bold)
    x = left
    for cell, w, align in zip(row.cells, widths, aligns, strict=True):
        if x > left:  # canvas.line's operators, without its number formatting per call
            canvas._code.append(f"n {x:.2f} {top:.2f} m {x:.2f} {bottom:.2f} l S")
        if is_header:
            align = "center"
        anchor = x + PAD_X if align == "left" else x + w - PAD_X if align == "right" else x + w / 2
        baseline = top - PAD_TOP - style.above
        if is_header:  # header titles sit in the middle of the header row
            baseline -= (max(len(c) for c in row.cells) - len(cell)) * style.pitch / 2
        for line in cell:
            draw_text(canvas, anchor, baseline, line, font, style.size, align, reuse=True)
            baseline -= style.pitch
        x += w
