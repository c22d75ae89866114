"""A4 page set-up with the official margins, page numbers "หน้า ๑/๓", Thai number formatting."""

from collections.abc import Callable
from pathlib import PurePath
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as to_landscape
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from moi_desktop.documents.flowables import draw_text
from moi_desktop.documents.fonts import get_fonts
from moi_desktop.thai import to_thai_digits

# ระเบียบงานสารบรรณ: left 3 cm, right 2 cm. Memos start 1.5 cm from the top (the Garuda sits there).
MARGIN_LEFT = 3 * cm
MARGIN_RIGHT = 2 * cm
MARGIN_TOP = 2.5 * cm
MARGIN_TOP_MEMO = 1.5 * cm
MARGIN_BOTTOM = 2 * cm

# Where a document is written: a path, or a binary file object (reportlab takes either).
type DocumentTarget = str | PurePath | BinaryIO


def thai_num(value: str | int | float, thai_digits: bool = True, decimals: int | None = None) -> str:
    """12345.5 → "๑๒,๓๔๕.๕" (thousands separators; `decimals` fixes the fraction digits)."""
    if isinstance(value, str):
        text = value
    elif decimals is not None:
        text = f"{value:,.{decimals}f}"
    elif isinstance(value, float) and not value.is_integer():
        text = f"{value:,}"
    else:
        text = f"{int(value):,}"
    return to_thai_digits(text) if thai_digits else text


def page_size(landscape: bool = False) -> tuple[float, float]:
    return to_landscape(A4) if landscape else A4


def make_doc(path_or_buffer: DocumentTarget, *, landscape: bool = False, title: str = "", author: str = "",
             on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
             top_margin: float = MARGIN_TOP, bottom_margin: float = MARGIN_BOTTOM,
             left_margin: float = MARGIN_LEFT, right_margin: float = MARGIN_RIGHT,
             font: str | None = None) -> BaseDocTemplate:
    """A BaseDocTemplate with one zero-padding frame (SimpleDocTemplate's 6 pt padding would shift
    the official margins). `on_page(canvas, doc)` draws per-page furniture. `font` (a registered
    name, default the document font) is the canvas's initial font, so no unembedded Helvetica is
    referenced."""
    if font is None:
        font = get_fonts().regular
    size = page_size(landscape)
    if isinstance(path_or_buffer, PurePath):
        path_or_buffer = str(path_or_buffer)  # reportlab accepts str paths or file objects only
    doc = BaseDocTemplate(
        path_or_buffer, pagesize=size, title=title, author=author, creator="MOI District Desk",
        leftMargin=left_margin, rightMargin=right_margin, topMargin=top_margin, bottomMargin=bottom_margin,
        initialFontName=font, initialFontSize=16,
    )
    frame = Frame(left_margin, bottom_margin, size[0] - left_margin - right_margin,
                  size[1] - top_margin - bottom_margin, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page or (lambda c, d: None))])
    return doc


def frame_width(doc: BaseDocTemplate) -> float:
    return doc.width


def numbered_canvas(font: str, *, size: float = 14, thai_digits: bool = True,
                    template: str = "หน้า {page}/{total}", position: str = "top-right",
                    skip_single: bool = False) -> type[Canvas]:
    """A canvasmaker for doc.build(..., canvasmaker=...) that writes "หน้า ๑/๓" on every page.

    Pages are kept until save() so the total is known (one pass, no second layout).
    `position`: "top-right", "top-center" or "bottom-center".
    """
    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's Canvas method name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                if not (skip_single and total == 1):
                    self._draw_number(self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_number(self, page: int, total: int) -> None:
            text = template.format(page=page, total=total)
            if thai_digits:
                text = to_thai_digits(text)
            width, height = self._pagesize
            if position == "bottom-center":
                draw_text(self, width / 2, MARGIN_BOTTOM / 2, text, font, size, align="center")
            elif position == "top-center":
                draw_text(self, width / 2, height - 1.2 * cm, text, font, size, align="center")
            else:
                draw_text(self, width - MARGIN_RIGHT, height - 1.2 * cm, text, font, size, align="right")

    return NumberedCanvas
