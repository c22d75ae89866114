"""A4 page set-up with the official margins, the official page number "- ๒ -" (centred at the top of
every page but the first, as ระเบียบงานสารบรรณ prescribes for letters, memos and minutes), Thai
number formatting."""

from collections.abc import Callable
from pathlib import PurePath
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as to_landscape
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from moi_desktop.documents.flowables import draw_text
from moi_desktop.documents.fonts import get_fonts
from moi_desktop.thai import to_thai_digits

# ระเบียบงานสารบรรณ: left 3 cm, right 2 cm. A memo's first page starts 1.5 cm from the top (the
# Garuda sits there); later pages leave room above the body for the page number.
MARGIN_LEFT = 3 * cm
MARGIN_RIGHT = 2 * cm
MARGIN_TOP = 2.5 * cm
MARGIN_TOP_MEMO = 1.5 * cm
MARGIN_BOTTOM = 2 * cm
PAGE_NUMBER_FROM_TOP = 1.5 * cm  # baseline of "- ๒ -"
PAGE_NUMBER_SIZE = 16

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


def page_number_text(page: int, thai_digits: bool = True) -> str:
    """ "- ๒ -": the page number of official correspondence."""
    text = f"- {page} -"
    return to_thai_digits(text) if thai_digits else text


def make_doc(path_or_buffer: DocumentTarget, *, landscape: bool = False, title: str = "", author: str = "",
             on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
             top_margin: float = MARGIN_TOP, bottom_margin: float = MARGIN_BOTTOM,
             left_margin: float = MARGIN_LEFT, right_margin: float = MARGIN_RIGHT,
             first_top_margin: float | None = None, page_numbers: bool = False, thai_digits: bool = True,
             font: str | None = None) -> BaseDocTemplate:
    """A BaseDocTemplate with one zero-padding frame per page (SimpleDocTemplate's 6 pt padding
    would shift the official margins). `first_top_margin` gives the first page its own top margin;
    `page_numbers` writes "- ๒ -" centred at the top of every page but the first.
    `on_page(canvas, doc)` draws other per-page furniture. `font` (a registered name, default the
    document font) is the canvas's initial font, so no unembedded Helvetica is referenced."""
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
    number_font = font

    def furniture(canvas: Canvas, document: BaseDocTemplate) -> None:
        if on_page is not None:
            on_page(canvas, document)
        page = canvas.getPageNumber()
        if page_numbers and page > 1:
            draw_text(canvas, size[0] / 2, size[1] - PAGE_NUMBER_FROM_TOP, page_number_text(page, thai_digits),
                      number_font, PAGE_NUMBER_SIZE, align="center")

    def frame(top: float, name: str) -> Frame:
        return Frame(left_margin, bottom_margin, size[0] - left_margin - right_margin,
                     size[1] - top - bottom_margin, leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0, id=name)

    later = PageTemplate(id="page", frames=[frame(top_margin, "body")], onPage=furniture)
    if first_top_margin is None or first_top_margin == top_margin:
        doc.addPageTemplates([later])
    else:
        first = PageTemplate(id="first", frames=[frame(first_top_margin, "first")], onPage=furniture,
                             autoNextPageTemplate="page")
        doc.addPageTemplates([first, later])
    return doc


def frame_width(doc: BaseDocTemplate) -> float:
    return doc.width
