"""The Thai document engine: fonts, shaped and segmented text, page templates, specs.

Every Thai string that reaches a PDF goes through this package (see TECH_NOTES "Thai text in PDF").
"""

from moi_desktop.documents.fonts import (
    DocumentFonts,
    available_families,
    get_document_font,
    get_fonts,
    set_document_font,
)
from moi_desktop.documents.spec import MemoSpec, MinutesSpec, load_spec, parse_spec


def render_spec(spec, out, *, fonts: DocumentFonts | None = None, garuda_path=None):
    """Render a parsed memo or minutes spec to `out` (path or binary file)."""
    if isinstance(spec, MemoSpec):
        from moi_desktop.documents.memo import render_memo

        return render_memo(spec, out, fonts=fonts, garuda_path=garuda_path)
    from moi_desktop.documents.minutes import render_minutes

    return render_minutes(spec, out, fonts=fonts)


__all__ = [
    "DocumentFonts",
    "MemoSpec",
    "MinutesSpec",
    "available_families",
    "get_document_font",
    "get_fonts",
    "load_spec",
    "parse_spec",
    "render_spec",
    "set_document_font",
]
