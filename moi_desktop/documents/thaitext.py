"""Thai text for PDFs: HarfBuzz shaping with a correct ToUnicode map, the font's real vertical
extent (the leading that keeps one line's ุ ู ฐ off the next line's stacked tone marks), greedy
line filling by shaped width that breaks only between the segments of moi_desktop.thai.segment,
and Thai distributed justification (extra space spread over the gaps between character clusters).

Why our own shaper: reportlab's `shapeStr` gives substituted glyphs (low/left tone marks,
ligatures, descender-less ญ ฐ) private-use code points, so copy/paste from the PDF loses marks.
Here every glyph gets the text of its HarfBuzz cluster, and glyphs whose text differs from their
cmap character get a private code whose ToUnicode entry is that text.
"""

import math
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont

from moi_desktop.errors import UserError
from moi_desktop.thai.segment import THAI_LETTER, clusters, compound_parts, name_segments, segment
from moi_desktop.thai.text import describe_chars, printable

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


def _font_label(ttf: TTFont) -> str:
    return _face_key(ttf).split("+")[-1]


def _missing_glyphs(text: str, infos: Sequence[uharfbuzz.GlyphInfo], font_name: str) -> None:
    """A Thai UserError naming the characters the font has no glyph for (emoji, other scripts):
    drawn, each would be an empty box. Characters once found drawable in a font are remembered:
    a report's texts share a small alphabet, and looking at every glyph was a large part of
    measuring them."""
    drawable = _drawable.setdefault(font_name, set())
    if drawable.issuperset(text):
        return
    missing = [text[i.cluster] for i in infos if i.codepoint == 0 and i.cluster < len(text)]
    missing = [ch for ch in dict.fromkeys(missing) if not ch.isspace()]
    if missing:
        raise UserError(_undrawable_message(missing), field="text")
    drawable.update(text)


# Per font name: the characters shaping has found a glyph for (a glyph is the character's own,
# whatever its neighbours).
_drawable: dict[str, set[str]] = {}


def _undrawable_message(missing: Sequence[str]) -> str:
    shown = ", ".join(f"“{ch}” ({describe_chars([ch])})" for ch in missing)
    return f"แบบอักษรของเอกสารไม่มีตัวอักษร {shown} กรุณาลบหรือแทนด้วยข้อความ"


def check_drawable(texts: Iterable[str], font_names: Iterable[str]) -> None:
    """A Thai UserError naming every character of `texts` one of the fonts has no glyph for
    (emoji, Chinese …), before anything is drawn: a whole document's problems at once."""
    chars = {ch for text in texts for ch in printable(text) if not ch.isspace()}
    missing: set[str] = set()
    for name in font_names:
        hb = _hb_font(name)
        missing |= {ch for ch in chars if not hb.get_nominal_glyph(ord(ch))}
    if missing:
        raise UserError(_undrawable_message(sorted(missing)), field="text")


def _hb_shaped(text: str, font_name: str) -> uharfbuzz.Buffer:
    """`text` shaped by HarfBuzz in `font_name` (callers hold _lock): what _shape draws and
    _width1000 measures, shaped the same way."""
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(_hb_font(font_name), buf, _FEATURES)
    return buf


@lru_cache(maxsize=4096)
def _shape(text: str, font_name: str) -> ShapedStr:
    with _lock:
        ttf = pdfmetrics.getFont(font_name)
        buf = _hb_shaped(text, font_name)
        infos, positions = buf.glyph_infos, buf.glyph_positions
        _missing_glyphs(text, infos, font_name)
        n = len(infos)
        scale, widths, default_width = ttf.face._pdfScale, ttf.face.charWidths, ttf.face.defaultWidth
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
                x_offset = scale(pos.x_offset) if pos.x_offset else 0
                shift = x_offset if pos.x_advance == 0 and pos.x_offset < 0 else 0
                code = _code_for(ttf, infos[k].codepoint, pieces[k - i], -shift if shift else None)
                chars.append(chr(code))
                data.append(
                    ShapeData(
                        start,
                        scale(pos.x_advance),
                        scale(pos.y_advance) if pos.y_advance else 0,
                        x_offset,
                        scale(pos.y_offset) if pos.y_offset else 0,
                        widths.get(code, default_width),
                    )
                )
            i = j
        return ShapedStr("".join(chars), shapeData=data)


def shape(text: str, font_name: str) -> ShapedStr:
    """A reportlab ShapedStr for canvas.drawString with `font_name` (any size)."""
    return _shape(printable(text), font_name)


def shape_printable(text: str, font_name: str) -> ShapedStr:
    """shape() of a text already made printable (draw_text makes it so once per line)."""
    return _shape(text, font_name)


def cluster_ends(text: str) -> list[int]:
    """Offsets in `text` where one Thai character cluster (or any other character) ends and the
    next begins: the gaps Thai distributed justification widens. Never inside a cluster."""
    ends: list[int] = []
    pos = 0
    for part in clusters(text):
        pos += len(part)
        ends.append(pos)
    return ends[:-1]


def spaced(text: str, font_name: str, size: float, extra: float, gaps: Sequence[int]) -> ShapedStr:
    """`text` shaped, with `extra` points added after the glyphs that end at each offset in
    `gaps` (cluster_ends): reportlab writes the space as TJ adjustments, so the line stays one
    string and marks stay on their letters."""
    shaped = shape(text, font_name)
    data = list(shaped.__shapeData__)
    if not gaps or not extra:
        return shaped
    add = extra * 1000 / size
    g = 0
    for k, sd in enumerate(data):
        nxt = data[k + 1].cluster if k + 1 < len(data) else len(text)
        while g < len(gaps) and gaps[g] <= sd.cluster:
            g += 1
        if g < len(gaps) and nxt >= gaps[g] > sd.cluster:
            data[k] = ShapeData(sd.cluster, sd.x_advance + add, sd.y_advance, sd.x_offset, sd.y_offset, sd.width)
            g += 1
    return ShapedStr(str(shaped), shapeData=data)


# ---------------------------------------------------------------------------------------------
# Vertical extent

# Stacked marks reach highest over an upper vowel (ปี้ ปื๊ ปั๋), lower vowels and the tails of
# ฎ ฏ ฐ ญ ฤ reach lowest. ฎุ/ฏุ's extra-low vowel is left out: one rare pair must not spread every
# line of every document.
_ABOVE_PROBE = "ปี่ปี้ปี๊ปี๋ปิ่ปิ้ปื่ปื้ปั่ปั้ปั๊ปั๋ป็ป์ปํ่ที่นี้ฟิ้"
_BELOW_PROBE = "ปุปูปฺฎฏฐญฤฦผู้ญู"
LINE_GAP = 0.05  # em of white between one line's lowest ink and the next line's highest


@dataclass(frozen=True)
class LineMetrics:
    """How far the font's Thai ink reaches above and below the baseline, in em."""

    above: float
    below: float

    def leading(self, size: float) -> float:
        """Baseline to baseline so that nothing of one line touches the next, rounded up to a
        quarter point."""
        return math.ceil((self.above + self.below + LINE_GAP) * size * 4) / 4


@lru_cache(maxsize=32)
def line_metrics(font_name: str) -> LineMetrics:
    """The real extent of `font_name`'s shaped Thai: the top of its highest stacked tone mark and
    the bottom of its lowest common descender, measured from the glyphs HarfBuzz places."""
    ttf = pdfmetrics.getFont(font_name)
    hb = _hb_font(font_name)
    upem = ttf.hbFace.upem

    def extent(text: str) -> tuple[float, float]:
        buf = uharfbuzz.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        uharfbuzz.shape(hb, buf, _FEATURES)
        top, bottom = 0.0, 0.0
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            ext = hb.get_glyph_extents(info.codepoint)
            if ext is None:
                continue
            top = max(top, (pos.y_offset + ext.y_bearing) / upem)
            bottom = min(bottom, (pos.y_offset + ext.y_bearing + ext.height) / upem)
        return top, bottom

    with _lock:
        above, _ = extent(_ABOVE_PROBE)
        _, below = extent(_BELOW_PROBE)
    return LineMetrics(above, -below)


def leading(font_name: str, size: float) -> float:
    """Baseline-to-baseline distance for `size`-point text in `font_name` (see LineMetrics)."""
    return line_metrics(font_name).leading(size)


@lru_cache(maxsize=32768)
def _width1000(text: str, font_name: str) -> float:
    """The advance of printable(`text`) shaped as _shape shapes it (the same glyph advances, summed
    in the same order), without building the drawable string: measuring is most of a large
    report's work, and most measured texts are never drawn whole."""
    text = printable(text)
    if not text:
        return 0.0  # HarfBuzz gives no positions for an empty buffer
    with _lock:
        ttf = pdfmetrics.getFont(font_name)
        buf = _hb_shaped(text, font_name)
        _missing_glyphs(text, buf.glyph_infos, font_name)
        scale = ttf.face._pdfScale
        return sum(scale(pos.x_advance) for pos in buf.glyph_positions)


def text_width(text: str, font: str, size: float) -> float:
    """Shaped advance width in points."""
    return _width1000(text, font) * size / 1000


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
    """Split a token wider than a line: a date or phone number at its own spaces, a word at its
    dictionary words, else at Thai character clusters (Latin words stay whole)."""
    if " " in token.strip():
        return [part for part in re.split("( +)", token) if part]
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
    tokens: list[tuple[str, str]], size: float, width: float, first_indent: float = 0, *, pull_down: bool = True
) -> list[list[tuple[str, str]]]:
    """Greedy fill of (text, font) tokens into lines no wider than `width` (the first line is
    `first_indent` narrower). Whitespace tokens are break opportunities and vanish at line ends.
    Widths are summed per token; each finished line is re-measured once to catch kerning.

    `pull_down`: a last line of one word takes the word before it along (a paragraph never ends
    on a lone word), when that fits and leaves at least two words on the line above.

    A paragraph of three lines or more is then re-broken to spread the spare width evenly over
    its lines (as few lines as the greedy fill, the least squared slack): justified Thai text
    gets no line stretched far beside full ones."""
    lines: list[list[tuple[str, str]]] = []
    at_space: list[bool] = []  # per finished line: did a space stand where it broke?
    line: list[tuple[str, str]] = []
    used = 0.0
    pending_space: tuple[str, str] | None = None
    pending_width = 0.0
    limit = width - first_indent

    def finish(space: bool) -> None:
        nonlocal line, used, limit
        lines.append(line)
        at_space.append(space)
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
            finish(pending_space is not None)
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
            space = bool(line) and line[-1][0] == " "
            if space:
                line.pop()
            finish(space)
            queue.append((text, font))
    if line or not lines:
        lines.append(line)
    if len(lines) >= 3:
        balanced = _balanced(lines, at_space, size, width, first_indent, pull_down)
        if balanced is not None:
            return balanced
    if pull_down:
        _pull_down(lines, at_space, size, width)
    return lines


LINE_COST = 1e6  # every line costs this much: the fewest lines always win
LONE_WORD_COST = 1e4  # a last line of a single word


def _balanced(lines: list[list[tuple[str, str]]], at_space: list[bool], size: float, width: float,
              first_indent: float, pull_down: bool) -> list[list[tuple[str, str]]] | None:
    """The greedy lines' words re-broken with the least total squared slack (the last line's
    slack is free), keeping their number; None if kerning makes a chosen line too wide."""
    words: list[tuple[str, str]] = []
    space_before: list[float] = []  # width of the space before each word (0: none, or a line start)
    for n, line in enumerate(lines):
        pending = 0.0
        for k, (text, font) in enumerate(line):
            if text.isspace():
                pending = text_width(" ", font, size)
                continue
            joined = n > 0 and k == 0 and at_space[n - 1]
            space_before.append(text_width(" ", font, size) if joined else pending)
            words.append((text, font))
            pending = 0.0
    count = len(words)
    widths = [text_width(text, font, size) for text, font in words]
    best: list[float] = [0.0] + [math.inf] * count
    start: list[int] = [0] * (count + 1)
    for a in range(count):
        if best[a] == math.inf:
            continue
        limit = width - (first_indent if a == 0 else 0)
        used = 0.0
        for b in range(a + 1, count + 1):
            used += widths[b - 1] + (space_before[b - 1] if b - 1 > a else 0.0)
            if used > limit and b > a + 1:
                break
            if b == count:
                cost = LINE_COST + (LONE_WORD_COST if pull_down and a > 0 and b - a == 1 else 0.0)
            else:
                cost = LINE_COST + ((limit - used) / limit) ** 2 * 1000
            if best[a] + cost < best[b]:
                best[b], start[b] = best[a] + cost, a
    cuts = [count]
    while cuts[-1] > 0:
        cuts.append(start[cuts[-1]])
    cuts.reverse()
    out: list[list[tuple[str, str]]] = []
    for n, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
        chosen: list[tuple[str, str]] = []
        for k in range(a, b):
            if k > a and space_before[k]:
                chosen.append((" ", words[k][1]))
            chosen.append(words[k])
        limit = width - (first_indent if n == 0 else 0)
        if len(chosen) > 1 and _line_width(chosen, size) > limit + 0.01:
            return None
        out.append(chosen)
    return out if len(out) == len(lines) else None


def _words(line: list[tuple[str, str]]) -> int:
    return sum(1 for text, _ in line if not text.isspace())


def _pull_down(lines: list[list[tuple[str, str]]], at_space: list[bool], size: float, width: float) -> None:
    """Move the last word of the line before a one-word last line down to it, when it fits."""
    if len(lines) < 2 or _words(lines[-1]) != 1 or _words(lines[-2]) < 3:
        return
    above = lines[-2]
    word = above[-1]
    gap = [(" ", word[1])] if at_space[len(lines) - 2] else []
    last = [word, *gap, *lines[-1]]
    if _line_width(last, size) > width:
        return
    above.pop()
    if above and above[-1][0].isspace():
        above.pop()
    lines[-1] = last


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
