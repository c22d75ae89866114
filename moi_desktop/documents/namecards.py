"""Name cards (ป้ายชื่อ), 8 per A4 page, for scanners at the attendance desk.

Each card: the office at the top, the name (never broken inside a name), organisation/position,
partner sector and team, and a QR code carrying the card's code (the member id — never a national
ID), also written as invisible text so it can be searched in the PDF. Thin grey borders are the
cutting lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from moi_desktop.documents.flowables import draw_text
from moi_desktop.documents.fonts import DocumentFonts, get_fonts
from moi_desktop.documents.page import page_size
from moi_desktop.documents.report import CANCELLED
from moi_desktop.documents.signin import _draw_qr, _hidden_text, qr_matrix
from moi_desktop.documents.table_report import ASCENT, CM, line_pitch
from moi_desktop.documents.thaitext import wrap_text
from moi_desktop.errors import UserError
from moi_desktop.progress import Cancelled, Progress, check_cancelled
from moi_desktop.thai import to_thai_digits

COLUMNS, ROWS = 2, 4
CARD_W, CARD_H = 9.0 * CM, 6.2 * CM
PAD = 0.35 * CM
QR_SIZE = 2.7 * CM
HEADER_SIZE, NAME_SIZE, TEXT_SIZE = 11, 19, 13
PER_PAGE = COLUMNS * ROWS


@dataclass
class NameCard:
    name: str
    lines: Sequence[str] = ()  # organisation / position, sector, team …
    code: str = ""  # QR content (member id)


def render_namecards(
    cards: Sequence[NameCard],
    out: str | Path,
    *,
    header: str = "",
    title: str = "ป้ายชื่อภาคีเครือข่าย",
    thai_digits: bool = True,
    fonts: DocumentFonts | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    if not cards:
        raise UserError("ไม่มีรายชื่อสำหรับพิมพ์ป้ายชื่อ")
    out = Path(out)
    fonts = fonts or get_fonts()
    digits = to_thai_digits if thai_digits else (lambda s: s)
    width, height = page_size(landscape=False)
    left = (width - COLUMNS * CARD_W) / 2
    top = height - (height - ROWS * CARD_H) / 2
    canvas = Canvas(str(out), pagesize=(width, height), pageCompression=1, initialFontName=fonts.regular)
    canvas.setTitle(digits(title))
    canvas.setCreator("MOI District Desk")
    pages = (len(cards) + PER_PAGE - 1) // PER_PAGE
    for page in range(pages):
        check_cancelled(cancelled, CANCELLED)
        for slot, card in enumerate(cards[page * PER_PAGE : (page + 1) * PER_PAGE]):
            col, row = slot % COLUMNS, slot // COLUMNS
            _card(canvas, fonts, digits, card, header, left + col * CARD_W, top - row * CARD_H)
        canvas.showPage()
        if progress:
            progress(page + 1, pages, "กำลังสร้างป้ายชื่อ")
    canvas.save()
    return out


def _card(canvas: Canvas, fonts: DocumentFonts, digits: Callable[[str], str], card: NameCard, header: str, x: float,
          y: float) -> None:
    canvas.setStrokeColorRGB(0.7, 0.7, 0.7)
    canvas.setLineWidth(0.4)
    canvas.rect(x, y - CARD_H, CARD_W, CARD_H)
    canvas.setStrokeColorRGB(0, 0, 0)
    full_w = CARD_W - 2 * PAD
    beside_qr = full_w - (QR_SIZE + PAD if card.code else 0)
    cursor = y - PAD  # top of the next line
    if header:
        for line in wrap_text(digits(header), fonts.regular, HEADER_SIZE, full_w)[:2]:
            draw_text(canvas, x + CARD_W / 2, cursor - ASCENT * HEADER_SIZE, line, fonts.regular, HEADER_SIZE,
                      "center")
            cursor -= line_pitch(HEADER_SIZE)
        canvas.setLineWidth(0.6)
        canvas.line(x + PAD, cursor - 1, x + CARD_W - PAD, cursor - 1)
        cursor -= 5
    for line in wrap_text(digits(card.name), fonts.bold, NAME_SIZE, full_w, is_name=True)[:2]:
        draw_text(canvas, x + PAD, cursor - ASCENT * NAME_SIZE, line, fonts.bold, NAME_SIZE)
        cursor -= line_pitch(NAME_SIZE)
    bottom = y - CARD_H + PAD
    for text in card.lines:
        for line in wrap_text(digits(text), fonts.regular, TEXT_SIZE, beside_qr):
            if cursor - line_pitch(TEXT_SIZE) < bottom:
                break
            draw_text(canvas, x + PAD, cursor - ASCENT * TEXT_SIZE, line, fonts.regular, TEXT_SIZE)
            cursor -= line_pitch(TEXT_SIZE)
    if card.code:
        qr_x = x + CARD_W - PAD - QR_SIZE
        qr_y = y - CARD_H + PAD
        _draw_qr(canvas, qr_matrix(card.code), qr_x, qr_y, QR_SIZE)
        _hidden_text(canvas, qr_x, qr_y + 1, card.code, fonts.regular)
