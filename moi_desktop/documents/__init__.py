"""The Thai document engine: fonts, shaped and segmented text, page templates, specs.

Every Thai string that reaches a PDF goes through this package (see TECH_NOTES "Thai text in PDF").
"""

import io
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from moi_desktop.documents.flowables import draw_text
from moi_desktop.documents.fonts import (
    DocumentFonts,
    available_families,
    default_family,
    get_document_font,
    get_fonts,
    set_document_font,
)
from moi_desktop.documents.memo import render_memo
from moi_desktop.documents.minutes import render_minutes
from moi_desktop.documents.page import DocumentTarget
from moi_desktop.documents.spec import MemoSpec, MinutesSpec, load_spec, parse_spec
from moi_desktop.documents.thaitext import wrap_text
from moi_desktop.thai.segment import segment


def render_spec(spec: MemoSpec | MinutesSpec, out: DocumentTarget, *, fonts: DocumentFonts | None = None,
                garuda_path: str | Path | None = None) -> DocumentTarget:
    """Render a parsed memo or minutes spec to `out` (path or binary file)."""
    if isinstance(spec, MemoSpec):
        return render_memo(spec, out, fonts=fonts, garuda_path=garuda_path)
    return render_minutes(spec, out, fonts=fonts)


def self_check() -> int:
    """Prove that this installation can make a Thai document: the segmenter's word list, HarfBuzz
    and the bundled fonts are all present (an installer that dropped one would misprint silently
    or fail only when the user prints). Renders a short paragraph to memory; returns its size."""
    if segment("ผู้ใหญ่บ้านกำนัน") != ["ผู้ใหญ่บ้าน", "กำนัน"]:
        raise RuntimeError("Thai word segmentation is not working: is pythainlp's word list bundled?")
    fonts = get_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for n, line in enumerate(wrap_text("ที่ว่าการอำเภอขอรับรองว่าผู้ใหญ่บ้านได้ผ่านการอบรม", fonts.regular, 16, 150)):
        draw_text(canvas, 72, 700 - 20 * n, line, fonts.bold if n == 0 else fonts.regular, 16)
    canvas.save()
    return len(buffer.getvalue())


__all__ = [
    "DocumentFonts",
    "MemoSpec",
    "MinutesSpec",
    "available_families",
    "default_family",
    "get_document_font",
    "get_fonts",
    "load_spec",
    "parse_spec",
    "render_spec",
    "self_check",
    "set_document_font",
]
