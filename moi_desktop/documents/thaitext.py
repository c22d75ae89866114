"""Thai text for PDFs: word segmentation, HarfBuzz shaping with a correct ToUnicode map, and
greedy line filling by shaped width, breaking only between segments.

Why our own shaper: reportlab's `shapeStr` gives substituted glyphs (low/left tone marks,
ligatures, descender-less ญ ฐ) private-use code points, so copy/paste from the PDF loses marks.
Here every glyph gets the text of its HarfBuzz cluster, and glyphs whose text differs from their
cmap character get a private code whose ToUnicode entry is that text.
"""

import csv
import re
import threading
from functools import lru_cache

import uharfbuzz
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from moi_desktop.paths import resource_path
from moi_desktop.thai import TITLES

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_FEATURES = {"kern": True, "liga": True}
_PRIVATE_FIRST, _PRIVATE_LAST = 0xE000, 0xF8FF

_THAI_LETTER = "\u0e01-\u0e4e"
_DIGIT = "0-9\u0e50-\u0e59"
_TOKEN_RE = re.compile(
    "|".join(
        [
            r"(?P<space>\s+)",
            r"(?P<etc>ฯลฯ)",
            # abbreviations: พ.ศ. ม.ค. โทร. น. (not the tail of a longer word)
            rf"(?P<abbr>(?<![{_THAI_LETTER}])(?:[{_THAI_LETTER}]{{1,4}}\.)+)",
            rf"(?P<number>[{_DIGIT}]+(?:[.,:/\-][{_DIGIT}]+)*%?)",
            r"(?P<latin>[A-Za-z](?:[A-Za-z0-9._@\-/:]*[A-Za-z0-9])?)",
            rf"(?P<thai>[{_THAI_LETTER}]+)",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)
# A ministry/province prefix (มท, ลพ, ศธ: two or three consonants) and an office code that starts
# with 0 (๐๓๑๘.๑): "ที่" numbers of official letters, never broken between the two.
_GOV_PREFIX = re.compile("^[\u0e01-\u0e2e]{2,3}$")
_GOV_CODE = re.compile(f"^[0\u0e50][{_DIGIT}]{{3}}")
_CLOSING = set(")]}”’,;:!?%…»") | {"ฯ"}
_OPENING = set("([{“‘«")


def clean_text(text: str) -> str:
    """Strip zero-width characters (fonts lack their glyphs) and compose ํา into ำ."""
    return text.translate(ZERO_WIDTH).replace("\u0e4d\u0e32", "\u0e33")


# ---------------------------------------------------------------------------------------------
# Segmentation


_PLACE_FILES = ("provinces.csv", "districts.csv", "subdistricts.csv")
_THAI_WORD = re.compile(f"^[{_THAI_LETTER}]+$")
# RLock: building the trie reads the word list, which takes the lock too. Worker threads and the
# GUI thread may segment at the same time; each structure is built once per process.
_dictionary_lock = threading.RLock()
_words: frozenset[str] | None = None
_words_trie = None


def _place_names() -> set[str]:
    """Every province, district and subdistrict name of the reference data (คลองขลุง, ศรีบรรพต):
    newmm cuts names it does not know into syllables (คลอง|ข|ลุง)."""
    names: set[str] = set()
    for file in _PLACE_FILES:
        with resource_path("reference", file).open(encoding="utf-8", newline="") as handle:
            names.update(row["name_th"].strip() for row in csv.DictReader(handle))
    # names with "-" or "." (สุไหงโก-ลก, จ.ป.ร.) never reach newmm, which sees only Thai-letter runs
    return {name for name in names if _THAI_WORD.match(name)}


def _dictionary() -> frozenset[str]:
    """The words of segmentation and compound splitting: pythainlp's word list ∪ place names."""
    global _words
    if _words is None:
        with _dictionary_lock:
            if _words is None:
                from pythainlp.corpus import thai_words

                _words = frozenset(thai_words()) | _place_names()
    return _words


def _trie():
    global _words_trie
    if _words_trie is None:
        with _dictionary_lock:
            if _words_trie is None:
                from pythainlp.util import dict_trie  # deferred: building takes ~0.6 s, once

                _words_trie = dict_trie(_dictionary())
    return _words_trie


def _newmm(run: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(run, custom_dict=_trie(), engine="newmm", keep_whitespace=False)


def _raw_tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "thai":
            tokens += [("thai", part) for part in _newmm(value)]
        elif kind == "etc":
            tokens.append(("thai", value))
        else:
            tokens.append((kind, value))
    return tokens


# Ranks written before names in official text, beyond the civil titles of moi_desktop.thai.
_RANKS = {
    "พลเอก", "พลโท", "พลตรี", "พันเอก", "พันโท", "พันตรี", "พลตำรวจเอก", "พลตำรวจโท", "พลตำรวจตรี",
    "พันตำรวจเอก", "พันตำรวจโท", "พันตำรวจตรี", "พลเรือเอก", "พลอากาศเอก", "ศาสตราจารย์",
    "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์", "ดร.",
}


def _is_title(value: str) -> bool:
    return value in TITLES or value in _RANKS


def _glue_names(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Title + first name, and a short surname after it, break only at spaces (newmm cuts names
    such as กาญจนะจิตรา)."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(tokens)

    def run_until_space(start: int) -> int:
        end = start
        while end < n and tokens[end][0] != "space":
            end += 1
        return end

    while i < n:
        kind, value = tokens[i]
        if kind in ("thai", "abbr") and _is_title(value):
            if i + 2 < n and tokens[i + 1][1] == " " and tokens[i + 2][0] == "thai":
                out += [(kind, value), tokens[i + 1]]  # "พลเอก ประวิตร": the name follows a space
                i += 2
                tokens[i] = ("thai", tokens[i][1])
                end = run_until_space(i)
                first = "".join(v for _, v in tokens[i:end])
                if len(first) > 30:
                    continue
                out.append(("thai", first))
                i = end
                if i + 1 < n and tokens[i][1] == " " and tokens[i + 1][0] == "thai":
                    last_end = run_until_space(i + 1)
                    last = "".join(v for _, v in tokens[i + 1:last_end])
                    if len(last) <= 20 and all(k in ("thai", "other") for k, _ in tokens[i + 1:last_end]):
                        out += [tokens[i], ("thai", last)]
                        i = last_end
                continue
            end = run_until_space(i)
            first = "".join(v for _, v in tokens[i:end])
            if end > i + 1 and len(first) <= 30:
                out.append(("thai", first))
                i = end
                if i + 1 < n and tokens[i][1] == " " and tokens[i + 1][0] == "thai":
                    last_end = run_until_space(i + 1)
                    last = "".join(v for _, v in tokens[i + 1:last_end])
                    if len(last) <= 20 and all(k in ("thai", "other") for k, _ in tokens[i + 1:last_end]):
                        out += [tokens[i], ("thai", last)]
                        i = last_end
                continue
        out.append((kind, value))
        i += 1
    return out


def _slash_breaks(tokens: list[tuple[str, str]], i: int) -> bool:
    """Whether a line may break after the "/" at tokens[i]: between two Thai words (ชำรุด/ทรุดโทรม,
    และ/หรือ), not in numbers, dates, references (๐๓๑๘.๑/ว ๑๒๓) or abbreviations (ส.ค./ก.ย.).
    One-letter sides (ก/ข, …/ว) stay glued: they are list marks and reference parts, not words."""
    return (
        0 < i < len(tokens) - 1
        and tokens[i - 1][0] == "thai" and len(tokens[i - 1][1]) > 1
        and tokens[i + 1][0] == "thai" and len(tokens[i + 1][1]) > 1
    )


def _glue(tokens: list[tuple[str, str]]) -> list[str]:
    out: list[list[str]] = []  # [kind, text]
    glue_next = False
    for i, (kind, value) in enumerate(tokens):
        prev = out[-1] if out else None
        if glue_next and prev is not None and kind != "space":
            prev[1] += value
            prev[0] = kind
            glue_next = value in _OPENING or value == "/"
            continue
        glue_next = False
        if prev is None:
            out.append([kind, value])
            glue_next = value in _OPENING
            continue
        if value == "ๆ" or (kind == "other" and value in _CLOSING) or value == "ฯ":
            # ๆ may follow a space ("ต่าง ๆ"): keep it on the word's line
            if prev[0] == "space" and value == "ๆ" and len(out) >= 2:
                out.pop()
                out[-1][1] += prev[1] + value
            elif prev[0] != "space":
                prev[1] += value
            else:
                out.append([kind, value])
            continue
        if value in _OPENING or value == '"' or value == "/":
            if value == "/" and prev[0] != "space":
                prev[1] += value  # "/" stays with the word before it
                glue_next = not _slash_breaks(tokens, i)
            else:
                out.append([kind, value])
                glue_next = True
            continue
        if prev[0] == "abbr" and kind in ("thai", "number"):
            # an abbreviation written flush against what it abbreviates: ต.วังบัว, ม.๓, โทร.๐๘๑…
            prev[1] += value
            prev[0] = kind
            continue
        if kind in ("number", "abbr") and len(out) >= 2 and prev[0] == "space" and prev[1] == " ":
            before = out[-2]
            # พ.ศ. ๒๕๖๒ / โทร. ๐๘๑… / ๑๔.๓๐ น. / ๓๐ ส.ค. ๖๕ stay on one line
            unit = kind == "abbr" and (value == "น." or value.count(".") >= 2)  # น., ส.ค. but not โทร.
            # government reference numbers: มท ๐๒๑๑.๒/๑๖๗๐๓, and the circular mark in …/ว ๑๒๓
            ref = kind == "number" and (
                (before[0] == "thai" and _GOV_PREFIX.match(before[1]) and _GOV_CODE.match(value))
                or before[1].endswith("/ว")
            )
            if (before[0] == "abbr" and kind == "number") or (before[0] == "number" and unit) or ref:
                out.pop()
                before[1] += " " + value
                before[0] = kind
                continue
        out.append([kind, value])
    return [text for _, text in out]


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[str, ...]:
    return tuple(_glue(_glue_names(_raw_tokens(text))))


def segment(text: str) -> list[str]:
    """Break opportunities: words, glued abbreviations/numbers/punctuation, and whitespace runs.

    "".join(segment(t)) == clean_text(t).
    """
    return list(_segment(clean_text(text)))


def name_segments(text: str) -> list[str]:
    """Personal names break only at spaces."""
    return [part for part in re.split(r"(\s+)", clean_text(text)) if part]


def clusters(token: str) -> list[str]:
    """Thai character clusters (a consonant with its marks is never split)."""
    from pythainlp.tokenize import subword_tokenize

    return [part for part in subword_tokenize(token, engine="tcc") if part]


# ---------------------------------------------------------------------------------------------
# Shaping

_lock = threading.RLock()
_hb_fonts: dict[str, uharfbuzz.Font] = {}
# face name (as in the PDF BaseFont, without subset prefix) -> {private code: text}
_TO_UNICODE: dict[str, dict[int, str]] = {}
_PRIVATE: dict[str, dict[tuple[int, str], int]] = {}


def _face_key(ttf) -> str:
    return (ttf.face.name + ttf.face.subfontNameX).decode("pdfdoc")


def _hb_font(font_name: str) -> uharfbuzz.Font:
    font = _hb_fonts.get(font_name)
    if font is None:
        font = _hb_fonts[font_name] = uharfbuzz.Font(pdfmetrics.getFont(font_name).hbFace)
    return font


def _code_for(ttf, gid: int, text: str, width: float | None = None) -> int:
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
    return _shape(clean_text(text), font_name)


@lru_cache(maxsize=65536)
def _width1000(text: str, font_name: str) -> float:
    return sum(sd.x_advance for sd in _shape(text, font_name).__shapeData__)


def text_width(text: str, font: str, size: float) -> float:
    """Shaped advance width in points."""
    return _width1000(clean_text(text), font) * size / 1000


def _to_unicode_cmap(fontname, subset, _original=ttfonts.makeToUnicodeCMap):
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
if not getattr(ttfonts.makeToUnicodeCMap, "_moi_patched", False):
    _to_unicode_cmap._moi_patched = True
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


# ---------------------------------------------------------------------------------------------
# Line filling


@lru_cache(maxsize=4096)
def compound_parts(token: str) -> tuple[str, ...]:
    """The fewest dictionary words (at least two) covering `token`, cut only between character
    clusters (รองประธานกรรมการ → รอง|ประธานกรรมการ), or (token,) when none do. These are the pieces
    the line filler breaks an over-long segment into first; finer pieces such as มหา|วิ|ทยา|ลัย
    would cut real words."""
    words = _dictionary()
    cuts = clusters(token)
    ends = [0]
    for c in cuts:
        ends.append(ends[-1] + len(c))
    best: dict[int, tuple[str, ...]] = {0: ()}
    for i in ends:
        if i not in best:
            continue
        for j in ends:
            if j > i and (i, j) != (0, len(token)) and token[i:j] in words:
                candidate = best[i] + (token[i:j],)
                if j not in best or len(candidate) < len(best[j]):
                    best[j] = candidate
    return best.get(len(token), (token,))


def subwords(token: str) -> list[str]:
    """All dictionary-word break points inside a compound segment, finest first
    (รองประธานกรรมการ → รอง, ประธาน, …), or the segment itself."""
    parts = compound_parts(token)
    if len(parts) == 1:
        return [token]
    return [w for part in parts for w in subwords(part)]


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
    if not re.search(f"[{_THAI_LETTER}]", token):
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

    def finish():
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
    for i, para in enumerate(clean_text(text).split("\n")):
        parts = name_segments(para) if is_name else segment(para)
        filled = fill_lines([(p, font) for p in parts], size, width, first_indent if i == 0 else 0)
        lines += ["".join(t for t, _ in line) for line in filled]
    return lines
