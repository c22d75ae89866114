"""Sign-in sheet (ใบลงลายมือชื่อ), A4 portrait: ลำดับ / ชื่อ–สกุล / หน่วยงาน/ภาคี / ลายมือชื่อ / QR.

Each row carries a QR code of a code string (the attendance area passes member ids), drawn as
vector rectangles — sharp at any print resolution, no image files. The same code is also written
as invisible text under the QR so it can be searched or extracted from the PDF. Every page repeats
the course and session lines (sheets get separated) and the table header, with "หน้า ๑/๓".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import segno
from reportlab.pdfgen.canvas import Canvas

from moi_desktop.documents.flowables import draw_text
from moi_desktop.documents.fonts import DocumentFonts, get_fonts
from moi_desktop.documents.page import page_size
from moi_desktop.documents.report import CANCELLED
from moi_desktop.documents.table_report import (
    ASCENT,
    CM,
    GRID_WIDTH,
    HEADER_FILL,
    PAD_BOTTOM,
    PAD_TOP,
    PAD_X,
    PAGE_NUMBER_SIZE,
    Margins,
    line_pitch,
    page_label,
)
from moi_desktop.documents.thaitext import text_width, wrap_text
from moi_desktop.errors import UserError
from moi_desktop.progress import Cancelled, Progress, check_cancelled
from moi_desktop.thai import to_thai_digits

QR_SIZE = 1.6 * CM
QR_QUIET = 2  # modules of white border inside the cell (the cell padding adds more)
TEXT_SIZE = 16
# Shares of the width left after ลำดับ and the QR column: ชื่อ–สกุล, หน่วยงาน/ภาคี, ลายมือชื่อ.
SHARES = (0.36, 0.36, 0.28)
HEADERS = ("ลำดับ", "ชื่อ–สกุล", "หน่วยงาน/ภาคี", "ลายมือชื่อ", "รหัส")


type QrMatrix = tuple[tuple[bool, ...], ...]
# A measured row: (number text, name lines, unit lines, QR code, height).
type _MeasuredRow = tuple[str, list[str], list[str], str, float]


@dataclass
class SigninRow:
    name: str
    unit: str = ""  # หน่วยงาน and/or ภาคี
    code: str = ""  # QR content, e.g. the member id; blank → no QR


def qr_matrix(code: str) -> QrMatrix:
    """The QR modules of `code` (True = dark), without quiet zone; error correction M."""
    qr = segno.make(code, error="m", micro=False)
    return tuple(tuple(bool(v) for v in row) for row in qr.matrix)


def render_signin_sheet(
    rows: Sequence[SigninRow],
    out: str | Path,
    *,
    course: str,
    session_text: str,
    place: str = "",
    title: str = "ใบลงลายมือชื่อผู้เข้ารับการอบรม",
    thai_digits: bool = True,
    fonts: DocumentFonts | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """session_text: e.g. "วันที่ ๖ สิงหาคม ๒๕๖๕ ภาคเช้า". Rows keep the order given."""
    if not rows:
        raise UserError("ไม่มีรายชื่อสำหรับใบลงลายมือชื่อ")
    out = Path(out)
    fonts = fonts or get_fonts()
    digits = to_thai_digits if thai_digits else (lambda s: s)
    pagesize = page_size(landscape=False)
    margins = Margins.official(pagesize)
    body = margins.body_width
    number_width = max(text_width(h, fonts.bold, TEXT_SIZE) for h in (HEADERS[0], digits(str(len(rows)))))
    fixed = [number_width + 2 * PAD_X + 2, QR_SIZE + 2 * PAD_X + 2]
    rest = body - sum(fixed)
    widths = [fixed[0], *(rest * s for s in SHARES), fixed[1]]
    pitch = line_pitch(TEXT_SIZE)
    min_height = QR_SIZE + 2 * PAD_X

    heading = [(digits(title), fonts.bold, TEXT_SIZE + 2), (digits(course), fonts.bold, TEXT_SIZE),
               (digits(session_text), fonts.regular, TEXT_SIZE)]
    if place:
        heading.append((digits(place), fonts.regular, TEXT_SIZE))
    heading_lines = [(line, font, size) for text, font, size in heading
                     for line in wrap_text(text, font, size, body)]
    heading_height = sum(line_pitch(size) for _, _, size in heading_lines) + pitch / 2
    header_cells = [wrap_text(h, fonts.bold, TEXT_SIZE, w - 2 * PAD_X) for h, w in zip(HEADERS, widths, strict=True)]
    header_height = PAD_TOP + max(len(c) for c in header_cells) * pitch + PAD_BOTTOM

    # Measure every row once, then slice into pages.
    measured: list[_MeasuredRow] = []
    for i, row in enumerate(rows, start=1):
        name = wrap_text(digits(row.name), fonts.regular, TEXT_SIZE, widths[1] - 2 * PAD_X, is_name=True)
        unit = wrap_text(digits(row.unit), fonts.regular, TEXT_SIZE, widths[2] - 2 * PAD_X) if row.unit else []
        height = max(min_height, PAD_TOP + max(len(name), len(unit), 1) * pitch + PAD_BOTTOM)
        measured.append((digits(str(i)), name, unit, row.code, height))
        if i % 200 == 0:
            check_cancelled(cancelled, CANCELLED)
    available = margins.body_top - margins.bottom - heading_height - header_height
    pages: list[list[_MeasuredRow]] = [[]]
    room = available
    for item in measured:
        if item[4] > room and pages[-1]:
            pages.append([])
            room = available
        pages[-1].append(item)
        room -= item[4]

    canvas = Canvas(str(out), pagesize=pagesize, pageCompression=1, initialFontName=fonts.regular)
    canvas.setTitle(f"{digits(title)} {digits(course)}")
    canvas.setCreator("MOI District Desk")
    qr_cache: dict[str, QrMatrix] = {}
    for number, page in enumerate(pages, start=1):
        y = margins.body_top
        centre = margins.left + body / 2
        for line, font, size in heading_lines:
            draw_text(canvas, centre, y - ASCENT * size, line, font, size, "center")
            y -= line_pitch(size)
        y -= pitch / 2
        _grid_row(canvas, margins.left, y, widths, header_height, HEADER_FILL)
        x = margins.left
        for cell, w in zip(header_cells, widths, strict=True):
            for k, line in enumerate(cell):
                draw_text(canvas, x + w / 2, y - PAD_TOP - ASCENT * TEXT_SIZE - k * pitch, line, fonts.bold,
                          TEXT_SIZE, "center")
            x += w
        y -= header_height
        for seq, name, unit, code, height in page:
            _grid_row(canvas, margins.left, y, widths, height, None)
            baseline = y - PAD_TOP - ASCENT * TEXT_SIZE
            draw_text(canvas, margins.left + widths[0] / 2, baseline, seq, fonts.regular, TEXT_SIZE, "center")
            for col, lines in ((1, name), (2, unit)):
                x = margins.left + sum(widths[:col]) + PAD_X
                for k, line in enumerate(lines):
                    draw_text(canvas, x, baseline - k * pitch, line, fonts.regular, TEXT_SIZE, "left")
            if code:
                matrix = qr_cache.get(code) or qr_cache.setdefault(code, qr_matrix(code))
                qr_x = margins.left + sum(widths[:4]) + (widths[4] - QR_SIZE) / 2
                _draw_qr(canvas, matrix, qr_x, y - PAD_X - QR_SIZE, QR_SIZE)
                _hidden_text(canvas, qr_x, y - PAD_X - QR_SIZE + 1, code, fonts.regular)
            y -= height
        draw_text(canvas, margins.right_edge, margins.page_height - 1.2 * CM,
                  page_label(number, len(pages), thai_digits), fonts.regular, PAGE_NUMBER_SIZE, "right")
        canvas.showPage()
        if progress:
            progress(number, len(pages), "กำลังสร้างใบลงลายมือชื่อ")
    canvas.save()
    return out


def _grid_row(canvas: Canvas, left: float, top: float, widths: list[float], height: float,
              fill: tuple[float, float, float] | None) -> None:
    total = sum(widths)
    if fill is not None:
        canvas.setFillColorRGB(*fill)
        canvas.rect(left, top - height, total, height, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
    canvas.setLineWidth(GRID_WIDTH)
    canvas.rect(left, top - height, total, height)
    x = left
    for w in widths[:-1]:
        x += w
        canvas.line(x, top, x, top - height)


def _draw_qr(canvas: Canvas, matrix: QrMatrix, x: float, y: float, size: float) -> None:
    """Dark modules as filled rectangles, one per horizontal run (fewer path operators)."""
    n = len(matrix) + 2 * QR_QUIET
    module = size / n
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (r + QR_QUIET + 1) * module
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(x + (start + QR_QUIET) * module, top, (c - start) * module, module)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)


def _hidden_text(canvas: Canvas, x: float, y: float, code: str, font: str) -> None:
    """The code as invisible text (render mode 3): searchable and extractable, never printed."""
    canvas.saveState()  # the render mode is graphics state: keep it from hiding later text
    text = canvas.beginText(x, y)
    text.setTextRenderMode(3)
    text.setFont(font, 4)
    text.textOut(code)
    canvas.drawText(text)
    canvas.restoreState()
