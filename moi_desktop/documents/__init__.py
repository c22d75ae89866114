"""The Thai document engine: fonts, shaped and segmented text, page templates, specs.

Every Thai string that reaches a PDF goes through this package (see TECH_NOTES "Thai text in PDF").

The package's names load on first use (PEP 562 `__getattr__`): code that needs only a spec
dataclass or the Garuda check (`documents.spec`, `documents.garuda`) must not pull reportlab and
the Thai segmenter into every process that imports it (the window's cold start, CLI commands).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from moi_desktop.documents.fonts import (
        DocumentFonts,
        available_families,
        default_family,
        get_document_font,
        get_fonts,
        set_document_font,
    )
    from moi_desktop.documents.garuda import GarudaImage, check_garuda, placeholder_garuda, read_garuda_file
    from moi_desktop.documents.page import DocumentTarget
    from moi_desktop.documents.spec import (
        LetterSpec,
        MemoSpec,
        MinutesSpec,
        Spec,
        StampedSpec,
        load_spec,
        parse_spec,
    )

# name -> the submodule that defines it, imported when the name is first asked for
_LAZY = {
    **dict.fromkeys(("DocumentFonts", "available_families", "default_family", "get_document_font", "get_fonts",
                     "set_document_font"), "moi_desktop.documents.fonts"),
    **dict.fromkeys(("GarudaImage", "check_garuda", "placeholder_garuda", "read_garuda_file"),
                    "moi_desktop.documents.garuda"),
    **dict.fromkeys(("LetterSpec", "MemoSpec", "MinutesSpec", "Spec", "StampedSpec", "load_spec", "parse_spec"),
                    "moi_desktop.documents.spec"),
    "DocumentTarget": "moi_desktop.documents.page",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def render_spec(spec: Spec, out: DocumentTarget, *, fonts: DocumentFonts | None = None,
                garuda: GarudaImage | str | Path | None = None) -> DocumentTarget:
    """Render a parsed spec to `out` (path or binary file). Memos and letters take the Garuda named
    in the spec, else `garuda` (the office's image), and are refused without one."""
    # deferred: the renderers load reportlab and the segmenter (see the module docstring)
    from moi_desktop.documents.letter import render_letter, render_stamped
    from moi_desktop.documents.memo import render_memo
    from moi_desktop.documents.minutes import render_minutes
    from moi_desktop.documents.spec import LetterSpec, MemoSpec, StampedSpec

    if isinstance(spec, MemoSpec):
        return render_memo(spec, out, fonts=fonts, garuda=garuda)
    if isinstance(spec, LetterSpec):
        return render_letter(spec, out, fonts=fonts, garuda=garuda)
    if isinstance(spec, StampedSpec):
        return render_stamped(spec, out, fonts=fonts, garuda=garuda)
    return render_minutes(spec, out, fonts=fonts)


def self_check() -> int:
    """Prove that this installation can make a Thai document: the segmenter's word list, HarfBuzz
    and the bundled fonts are all present (an installer that dropped one would misprint silently
    or fail only when the user prints). Renders a short paragraph to memory; returns its size."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    # deferred: the engine loads reportlab and the segmenter (see the module docstring)
    from moi_desktop.documents.flowables import draw_text
    from moi_desktop.documents.fonts import get_fonts
    from moi_desktop.documents.thaitext import wrap_text
    from moi_desktop.thai.segment import segment

    if segment("ผู้ใหญ่บ้านกำนัน") != ["ผู้ใหญ่บ้าน", "กำนัน"]:
        raise RuntimeError("Thai word segmentation is not working: is pythainlp's word list bundled?")
    if segment("ในพื้นที่เกิด") != ["ใน", "พื้นที่", "เกิด"]:
        raise RuntimeError("Thai word re-cutting is not working: is pythainlp's tnc_freq.txt bundled?")
    fonts = get_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for n, line in enumerate(wrap_text("ที่ว่าการอำเภอขอรับรองว่าผู้ใหญ่บ้านได้ผ่านการอบรม", fonts.regular, 16, 150)):
        draw_text(canvas, 72, 700 - 20 * n, line, fonts.bold if n == 0 else fonts.regular, 16)
    canvas.save()
    return len(buffer.getvalue())


__all__ = [
    "DocumentFonts",
    "GarudaImage",
    "LetterSpec",
    "MemoSpec",
    "MinutesSpec",
    "Spec",
    "StampedSpec",
    "available_families",
    "check_garuda",
    "default_family",
    "get_document_font",
    "get_fonts",
    "load_spec",
    "parse_spec",
    "placeholder_garuda",
    "read_garuda_file",
    "render_spec",
    "self_check",
    "set_document_font",
]
