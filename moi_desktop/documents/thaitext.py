"""Thai text for PDFs: HarfBuzz shaping with a correct ToUnicode map, and greedy line filling by
shaped width, breaking only between the segments of moi_desktop.thai.segment.

Why our own shaper: reportlab's `shapeStr` gives substituted glyphs (low/left tone marks,
ligatures, descender-less ญ ฐ) private-use code points, so copy/paste from the PDF loses marks.
Here every glyph gets the text of its HarfBuzz cluster, and glyphs whose text differs from their
cmap character get a private code whose ToUnicode entry is that text.
"""

import re
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache

import uharfbuzz
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont

from moi_desktop.thai.segment import THAI_LETTER, clusters, compound_parts, name_segments, segment
from moi_desktop.thai.text import printable

_FEATURES = {"kern": True, "liga": True}
_PRIVATE_FIRST, _PRIVATE_LAST = 0xE000, 0xF8FF


# ---------------------------------------------------------------------------------------------
# Shaping

_lock = threading.RLock()
_hb_fonts: dict[str, uharfbuzz.Font] = {}
# face name (as in the PDF BaseFont, without subset prefix) -> {private code: text}
_TO_UNICODE: dict[str, dict[int, str]] = {}
# face name -> {(glyph id, text, forced width or None): private code}
_PRIVATE: dict[str, dict[tuple[int, str, float | None], int]] = {}


def _face_key(ttf: TTFont) -> str:
    return (ttf.face.name + ttf.face.subfontNameX).decode("pdfdoc")


def _hb_font(font_name: str) -> uharfbuzz.Font:
    font = _hb_fonts.get(font_name)
    if font is None:
        font = _hb_fonts[font_name] = uharfbuzz.Font(pdfmetrics.getFont(font_name).hbFace)
    return font


def _code_for(ttf: TTFont, gid: int, text: str, width: float | None = None) -> int:
    """The character code to draw glyph `gid` with so that copy/paste yields `text`.

    `width` forces the code's PDF advance: a mark moved left by HarfBuzz gets an advance equal to
    that shift, so reportlab needs no negative TJ kern after it (which extractors read as a space).
    """
    face = ttf.face
    natural = len(text) == 1 and face.charToGlyph.get(ord(text)) == gid
    if natural and (width is None or face.charWidths.get(ord(text)) == width):
        return ord(text)
    key = _face_key(ttf)
    private = _PRIVATE.setdefault(key, {})
    code = private.get((gid, text, width))
    if code is not None and face.charToGlyph.get(code) == gid:
        return code
    mapping = _TO_UNICODE.setdefault(key, {})
    code = _PRIVATE_FIRST
    while code in face.charToGlyph or code in mapping:
        code += 1
    if code > _PRIVATE_LAST:
        raise RuntimeError("out of private-use codes for shaped glyphs")
    face.charToGlyph[code] = gid
    face.glyphToChar.setdefault(gid, []).append(code)
    face.charWidths[code] = face._pdfScale(face.hmetrics[gid][0]) if width is None else width
    private[(gid, text, width)] = code
    mapping[code] = text
    return code


def _cluster_texts(text: str, count: int, group_text: str) -> list[str]:
    """Spread a cluster's text over its glyphs in logical order (ligatures take the rest)."""
    if count > len(group_text):
        group_text = group_text.replace("\u0e33", "\u0e4d\u0e32")  # ำ draws as ํ + า
    pieces = [group_text[i] if i < len(group_text) else "" for i in range(count - 1)]
    pieces.append(group_text[count - 1:])
    return pieces


@lru_cache(maxsize=16384)
def _shape(text: str, font_name: str) -> ShapedStr:
    with _lock:
        ttf = pdfmetrics.getFont(font_name)
        buf = uharfbuzz.Buffer()
        buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.add_str(text)
        buf.guess_segment_properties()
        uharfbuzz.shape(_hb_font(font_name), buf, _FEATURES)
        infos, positions = buf.glyph_infos, buf.glyph_positions
        n = len(infos)
        chars: list[str] = []
        data: list[ShapeData] = []
        i = 0
        while i < n:
            start = infos[i].cluster
            j = i
            while j < n and infos[j].cluster == start:
                j += 1
            end = infos[j].cluster if j < n else len(text)
            pieces = _cluster_texts(text, j - i, text[start:end])
            for k in range(i, j):
                pos = positions[k]
                shift = ttf.pdfScale(pos.x_offset) if pos.x_advance == 0 and pos.x_offset < 0 else 0
                code = _code_for(ttf, infos[k].codepoint, pieces[k - i], -shift if shift else None)
                chars.append(chr(code))
                data.append(
                    ShapeData(
                        start,
                        ttf.pdfScale(pos.x_advance),
                        ttf.pdfScale(pos.y_advance),
                        ttf.pdfScale(pos.x_offset),
                        ttf.pdfScale(pos.y_offset),
                        ttf.face.charWidths.get(code, ttf.face.defaultWidth),
                    )
                )
            i = j
        return ShapedStr("".join(chars), shapeData=data)


def shape(text: str, font_name: str) -> ShapedStr:
    """A reportlab ShapedStr for canvas.drawString with `font_name` (any size)."""
    return _shape(printable(text), font_name)


@lru_cache(maxsize=65536)
def _width1000(text: str, font_name: str) -> float:
    return sum(sd.x_advance for sd in _shape(text, font_name).__shapeData__)


def text_width(text: str, font: str, size: float) -> float:
    """Shaped advance width in points."""
    return _width1000(printable(text), font) * size / 1000


def _to_unicode_cmap(fontname: str, subset: Sequence[int],
                     _original: Callable[[str, Sequence[int]], str] = ttfonts.makeToUnicodeCMap) -> str:
    """reportlab's ToUnicode CMap, with our private codes mapped back to their Thai text."""
    mapping = _TO_UNICODE.get(fontname.split("+", 1)[-1])
    if not mapping or not any(code in mapping for code in subset):
        return _original(fontname, subset)
    entries = []
    for i, code in enumerate(subset):
        text = mapping.get(code, chr(code))
        entries.append(f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>")
    marker = f"{len(subset)} beginbfchar"
    head, _, rest = _original(fontname, subset).partition(marker)
    tail = rest[rest.index("endbfchar"):]
    return "\n".join([head + marker, *entries, tail])


# Installed once: reportlab looks the function up in its module when it writes each font subset.
# The mark sits on reportlab's module, so a reloaded thaitext does not wrap its own patch.
if not getattr(ttfonts, "_moi_to_unicode_patched", False):
    ttfonts._moi_to_unicode_patched = True
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


# ---------------------------------------------------------------------------------------------
# Line filling


def _pieces(token: str, font: str, size: float, width: float) -> list[str]:
    """Break points of an over-long segment: its largest dictionary words that fit, split further
    only where still too wide, character clusters as the last resort."""
    out: list[str] = []
    for part in compound_parts(token):
        if text_width(part, font, size) <= width:
            out.append(part)
        elif len(compound_parts(part)) > 1:
            out += _pieces(part, font, size, width)
        else:
            out += clusters(part)
    return out


def _split_long(token: str, font: str, size: float, width: float) -> list[str]:
    """Split a token wider than a line: at dictionary words, else at Thai character clusters
    (Latin words stay whole)."""
    if not re.search(f"[{THAI_LETTER}]", token):
        return [token]
    pieces = _pieces(token, font, size, width)
    parts: list[str] = []
    current = ""
    for piece in pieces:
        if current and text_width(current + piece, font, size) > width:
            parts.append(current)
            current = piece
        else:
            current += piece
    if current:
        parts.append(current)
    return parts


def fill_lines(
    tokens: list[tuple[str, str]], size: float, width: float, first_indent: float = 0
) -> list[list[tuple[str, str]]]:
    """Greedy fill of (text, font) tokens into lines no wider than `width` (the first line is
    `first_indent` narrower). Whitespace tokens are break opportunities and vanish at line ends.
    Widths are summed per token; each finished line is re-measured once to catch kerning."""
    lines: list[list[tuple[str, str]]] = []
    line: list[tuple[str, str]] = []
    used = 0.0
    pending_space: tuple[str, str] | None = None
    pending_width = 0.0
    limit = width - first_indent

    def finish() -> None:
        nonlocal line, used, limit
        lines.append(line)
        line, used, limit = [], 0.0, width

    queue = list(tokens)
    queue.reverse()
    while queue:
        text, font = queue.pop()
        if text.isspace():
            if line:
                pending_space, pending_width = (" ", font), text_width(" ", font, size)
            continue
        w = text_width(text, font, size)
        extra = pending_width if line and pending_space else 0.0
        if line and used + extra + w > limit:
            finish()
            pending_space = None
            queue.append((text, font))
            continue
        if not line and w > limit:
            parts = _split_long(text, font, size, limit)
            if len(parts) > 1:
                for part in reversed(parts):
                    queue.append((part, font))
                continue
        if line and pending_space:
            line.append(pending_space)
            used += pending_width
        pending_space = None
        line.append((text, font))
        used += w
        # kerning across segment joins can make the real line a hair wider than the sum
        if len(line) > 1 and used > limit * 0.97 and _line_width(line, size) > limit + 0.01:
            line.pop()
            if line and line[-1][0] == " ":
                line.pop()
            finish()
            queue.append((text, font))
    if line or not lines:
        lines.append(line)
    return lines


def _line_width(line: list[tuple[str, str]], size: float) -> float:
    total = 0.0
    for font, group in _font_groups(line):
        total += text_width(group, font, size)
    return total


def _font_groups(line: list[tuple[str, str]]) -> list[tuple[str, str]]:
    groups: list[tuple[str, str]] = []
    for text, font in line:
        if groups and groups[-1][0] == font:
            groups[-1] = (font, groups[-1][1] + text)
        else:
            groups.append((font, text))
    return groups


def wrap_text(
    text: str, font: str, size: float, width: float, *, first_indent: float = 0, is_name: bool = False
) -> list[str]:
    """Lines of `text` that fit `width` points; newlines force breaks."""
    lines: list[str] = []
    for i, para in enumerate(printable(text).split("\n")):
        parts = name_segments(para) if is_name else segment(para)
        filled = fill_lines([(p, font) for p in parts], size, width, first_indent if i == 0 else 0)
        lines += ["".join(t for t, _ in line) for line in filled]
    return lines
