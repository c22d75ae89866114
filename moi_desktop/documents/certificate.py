"""Certificates (เกียรติบัตร/วุฒิบัตร), A4 landscape, one page per person.

Everything that is the same on every page — double border, logo, heading, course, dates,
signatures — is drawn once into a PDF form XObject and placed on each page; only the name, the
serial number and the "สำเนา" mark are drawn per page. 1,800 certificates stay a small file and
render in a few seconds (each distinct string is shaped once; thaitext caches shaping).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from moi_desktop.documents.flowables import draw_text
from moi_desktop.documents.fonts import DocumentFonts, get_fonts
from moi_desktop.documents.page import page_size
from moi_desktop.documents.report import CANCELLED
from moi_desktop.documents.table_report import ASCENT, CM, line_pitch
from moi_desktop.documents.thaitext import text_width, wrap_text
from moi_desktop.errors import UserError
from moi_desktop.progress import Cancelled, Progress, check_cancelled
from moi_desktop.thai import to_thai_digits

FRAME_COLOUR = (0.10, 0.20, 0.45)
COPY_COLOUR = (0.80, 0.10, 0.10)
NAME_SIZE = 36
NAME_MIN_SIZE = 22
BODY_SIZE = 20
HEADING_SIZE = 30
FORM_NAME = "certificate_background"


@dataclass
class CertificateItem:
    name: str  # ชื่อ–สกุล with title, e.g. "นางสาวกาญจนา ศรีสุข"
    serial: str = ""  # เลขที่ e.g. "๑/๒๕๖๕"
    copy: bool = False  # a re-issued copy carries a "สำเนา" mark
    detail: str = ""  # optional line under the name, e.g. the unit or partner sector


def render_certificates(
    items: Sequence[CertificateItem],
    out: str | Path,
    *,
    course: str,
    date_range_text: str,
    signatories: Sequence[tuple[str, str]],
    issuer: str = "",
    heading: str = "เกียรติบัตร",
    lead_text: str = "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า",
    passed_text: str = "ได้ผ่านการอบรม",
    given_text: str = "",
    logo: str | Path | None = None,
    thai_digits: bool = True,
    fonts: DocumentFonts | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write one certificate page per item to `out`.

    date_range_text: e.g. "ระหว่างวันที่ ๖ – ๙ สิงหาคม ๒๕๖๕" (see thai.format_thai_date_range).
    signatories: up to three (name, position) pairs, signed side by side.
    given_text: optional "ให้ไว้ ณ วันที่ ๙ สิงหาคม ๒๕๖๕".
    """
    if not items:
        raise UserError("ไม่มีรายชื่อผู้ได้รับเกียรติบัตร")
    if not 1 <= len(signatories) <= 3:
        raise UserError("เกียรติบัตรต้องมีผู้ลงนาม ๑ ถึง ๓ คน")
    if logo is not None and not Path(logo).is_file():
        raise UserError(f"ไม่พบไฟล์ตราสัญลักษณ์: {logo}", field="logo")
    out = Path(out)
    fonts = fonts or get_fonts()
    digits = to_thai_digits if thai_digits else (lambda s: s)
    width, height = page_size(landscape=True)
    canvas = Canvas(str(out), pagesize=(width, height), pageCompression=1, initialFontName=fonts.regular)
    canvas.setTitle(f"{heading} {digits(course)}")
    canvas.setCreator("MOI District Desk")

    layout = _Layout(fonts, width, height)
    name_y = layout.draw_background(
        canvas, heading=heading, issuer=digits(issuer), lead=lead_text, passed=passed_text,
        course=digits(course), dates=digits(date_range_text), given=digits(given_text),
        signatories=[(digits(n), digits(p)) for n, p in signatories], logo=logo,
    )
    for index, item in enumerate(items, start=1):
        if index % 100 == 0:
            check_cancelled(cancelled, CANCELLED)
            if progress:
                progress(index, len(items), "กำลังสร้างเกียรติบัตร")
        canvas.doForm(FORM_NAME)
        layout.draw_person(canvas, name_y, digits(item.name), digits(item.detail))
        if item.serial:
            draw_text(canvas, width - 2.2 * CM, height - 2.3 * CM, "เลขที่ " + digits(item.serial),
                      fonts.regular, 14, "right")
        if item.copy:
            _copy_mark(canvas, fonts, 2.3 * CM, height - 3.3 * CM)
        canvas.showPage()
    canvas.save()
    if progress:
        progress(len(items), len(items), "สร้างเกียรติบัตรเสร็จแล้ว")
    return out


class _Layout:
    """Positions shared by the background form and the per-person text."""

    def __init__(self, fonts: DocumentFonts, width: float, height: float) -> None:
        self.fonts = fonts
        self.width = width
        self.height = height
        self.centre = width / 2
        self.text_width = width - 7 * CM

    def draw_background(self, canvas: Canvas, *, heading: str, issuer: str, lead: str, passed: str, course: str,
                        dates: str, given: str, signatories: list[tuple[str, str]], logo: str | Path | None) -> float:
        """Draw the static parts into the form; returns the baseline reserved for the name."""
        f = self.fonts
        canvas.beginForm(FORM_NAME)
        _double_border(canvas, self.width, self.height)
        y = self.height - 2.2 * CM
        if logo is not None:
            image = ImageReader(str(logo))
            iw, ih = image.getSize()
            h = 2.6 * CM
            w = h * iw / ih
            canvas.drawImage(image, self.centre - w / 2, y - h, w, h, mask="auto")
            y -= h + 0.3 * CM
        else:
            y -= 0.6 * CM
        if issuer:
            y = self._lines(canvas, issuer, f.bold, BODY_SIZE + 2, y)
        y = self._lines(canvas, heading, f.bold, HEADING_SIZE, y - 0.1 * CM)
        y = self._lines(canvas, lead, f.regular, BODY_SIZE, y)
        name_y = y - ASCENT * NAME_SIZE - 0.2 * CM
        y = name_y - line_pitch(NAME_SIZE) * 0.45 - line_pitch(BODY_SIZE)  # room for a detail line
        y = self._lines(canvas, passed, f.regular, BODY_SIZE, y - 0.2 * CM)
        y = self._lines(canvas, course, f.bold, BODY_SIZE + 4, y)
        y = self._lines(canvas, dates, f.regular, BODY_SIZE, y)
        if given:
            y = self._lines(canvas, given, f.regular, BODY_SIZE, y)
        self._signatures(canvas, signatories, min(y - 0.6 * CM, 5.4 * CM))
        canvas.endForm()
        return name_y

    def draw_person(self, canvas: Canvas, y: float, name: str, detail: str) -> None:
        size = NAME_SIZE
        while size > NAME_MIN_SIZE and text_width(name, self.fonts.bold, size) > self.text_width:
            size -= 2  # a very long name shrinks rather than running into the border
        draw_text(canvas, self.centre, y, name, self.fonts.bold, size, "center")
        if detail:
            draw_text(canvas, self.centre, y - line_pitch(BODY_SIZE) * 1.05, detail, self.fonts.regular,
                      BODY_SIZE - 2, "center")

    def _lines(self, canvas: Canvas, text: str, font: str, size: float, top: float) -> float:
        """Centred wrapped text starting below `top`; returns the new top."""
        for line in wrap_text(text, font, size, self.text_width):
            draw_text(canvas, self.centre, top - ASCENT * size, line, font, size, "center")
            top -= line_pitch(size)
        return top

    def _signatures(self, canvas: Canvas, signatories: list[tuple[str, str]], top: float) -> None:
        f = self.fonts
        slot = self.text_width / len(signatories)
        left = self.centre - self.text_width / 2
        size = BODY_SIZE - 2
        for i, (name, position) in enumerate(signatories):
            x = left + slot * (i + 0.5)
            y = top - 1.2 * CM  # room for the handwritten signature
            canvas.setDash(1, 2)
            canvas.setLineWidth(0.6)
            canvas.line(x - 3 * CM, y, x + 3 * CM, y)
            canvas.setDash()
            y -= line_pitch(size)
            draw_text(canvas, x, y, f"({name})", f.regular, size, "center")
            for part in wrap_text(position, f.regular, size, slot - 0.5 * CM):
                y -= line_pitch(size)
                draw_text(canvas, x, y, part, f.regular, size, "center")


def _double_border(canvas: Canvas, width: float, height: float) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(*FRAME_COLOUR)
    canvas.setLineWidth(3)
    canvas.rect(1.0 * CM, 1.0 * CM, width - 2.0 * CM, height - 2.0 * CM)
    canvas.setLineWidth(0.8)
    canvas.rect(1.35 * CM, 1.35 * CM, width - 2.7 * CM, height - 2.7 * CM)
    canvas.restoreState()


def _copy_mark(canvas: Canvas, fonts: DocumentFonts, x: float, y: float) -> None:
    """A red stamp-like box saying สำเนา (copy), tilted like a rubber stamp."""
    size = 26
    w = text_width("สำเนา", fonts.bold, size) + 0.6 * CM
    h = line_pitch(size) + 0.2 * CM
    canvas.saveState()
    canvas.translate(x + w / 2, y)
    canvas.rotate(12)
    canvas.setStrokeColorRGB(*COPY_COLOUR)
    canvas.setFillColorRGB(*COPY_COLOUR)
    canvas.setLineWidth(2)
    canvas.rect(-w / 2, -h / 2, w, h)
    draw_text(canvas, 0, -h / 2 + 0.1 * CM + 0.30 * size, "สำเนา", fonts.bold, size, "center")
    canvas.restoreState()
