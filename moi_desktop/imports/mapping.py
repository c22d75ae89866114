"""Finding the header row and proposing which column holds which field.

Offices put title rows above the table, merge header cells, split a header over two rows
("ที่อยู่" above "บ้านเลขที่ | หมู่ | ตำบล") and spell headers many ways. Headers are compared after
normalising (no spaces, punctuation or parenthesised notes, Thai digits as 0–9): an exact variant
scores 100, a close spelling (rapidfuzz) its similarity. The proposal is for the user to confirm.
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from moi_desktop.errors import UserError
from moi_desktop.imports.reader import column_index, column_letter
from moi_desktop.thai import normalize_text, to_arabic_digits

MIN_SCORE = 88
HEADER_SCAN_ROWS = 30

_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOISE = re.compile(r"[\s\-–—_.:;,*/\\'\"“”‘’#]+")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # Thai, shown in the mapping combo boxes
    variants: tuple[str, ...]
    # A header merged over blank-headed columns: how many extra columns -> the fields they hold.
    spans: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Column:
    index: int
    header: str
    field: str | None = None
    score: int = 0

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class Header:
    rows: list[int]  # Excel row numbers forming the header (one or two)
    columns: list[Column]
    data_start: int  # position in Table.rows of the first data row

    def mapping(self) -> dict[int, str]:
        return {c.index: c.field for c in self.columns if c.field}


def header_key(text: object) -> str:
    text = to_arabic_digits(normalize_text(str(text or ""))).lower()
    return _NOISE.sub("", _PARENS.sub("", text))


class Matcher:
    def __init__(self, fields: list[FieldSpec]) -> None:
        self.fields = {f.name: f for f in fields}
        self._exact: dict[str, str] = {}
        self._choices: list[tuple[str, str]] = []
        for spec in fields:
            for variant in (spec.label, *spec.variants):
                key = header_key(variant)
                if key:
                    self._exact.setdefault(key, spec.name)
                    self._choices.append((key, spec.name))

    def match(self, text: object) -> tuple[str | None, int]:
        key = header_key(text)
        if not key:
            return None, 0
        if key in self._exact:
            return self._exact[key], 100
        best: str | None = None
        score: float = 0
        for choice, name in self._choices:
            s = fuzz.ratio(key, choice)
            if s > score:
                best, score = name, s
        return (best, int(score)) if score >= MIN_SCORE else (None, 0)


def _matches(values: tuple, matcher: Matcher) -> dict[int, tuple[str, int]]:
    found: dict[int, tuple[str, int]] = {}
    for i, value in enumerate(values):
        if isinstance(value, str) and value.strip():
            name, score = matcher.match(value)
            if name:
                found[i] = (name, score)
    return found


def _text(value: object) -> str:
    return normalize_text(str(value)) if value is not None else ""


def detect_header(rows: list[tuple[int, tuple]], fields: list[FieldSpec], *, min_matches: int = 2) -> Header | None:
    """The header among the first rows: the row naming the most distinct fields (a second header
    row below it is merged in). None when no row names at least `min_matches` fields."""
    matcher = Matcher(fields)
    best_pos: int | None = None
    best_found: dict[int, tuple[str, int]] = {}
    for pos, (_, values) in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = _matches(values, matcher)
        if len({n for n, _ in found.values()}) > len({n for n, _ in best_found.values()}):
            best_pos, best_found = pos, found
    if best_pos is None or len({n for n, _ in best_found.values()}) < min_matches:
        return None
    number, values = rows[best_pos]
    texts = [_text(v) for v in values]
    header_rows = [number]
    data_start = best_pos + 1
    if data_start < len(rows):
        sub_number, sub_values = rows[data_start]
        sub_found = _matches(sub_values, matcher)
        # A second header row names fields under merged or group headings ("ที่อยู่", "ชื่อ-สกุล"):
        # it sits right below and names a field where the upper row is blank or names none.
        under_group = [i for i in sub_found if i not in best_found]
        if sub_number == number + 1 and (under_group or len(sub_found) >= 2):
            width = max(len(texts), len(sub_values))
            texts += [""] * (width - len(texts))
            for i, value in enumerate(sub_values):
                if i in sub_found or (not texts[i] and _text(value)):
                    texts[i] = _text(value)
            header_rows.append(sub_number)
            data_start += 1
    columns = [Column(i, t) for i, t in enumerate(texts)]
    _propose(columns, matcher, rows[data_start : data_start + 20])
    return Header(header_rows, columns, data_start)


def _propose(columns: list[Column], matcher: Matcher, sample: list[tuple[int, tuple]]) -> None:
    candidates = []
    for col in columns:
        name, score = matcher.match(col.header)
        if name:
            candidates.append((score, -col.index, col, name))
    taken: set[str] = set()
    for score, _, col, name in sorted(candidates, key=lambda c: (c[0], c[1]), reverse=True):
        if name not in taken:
            col.field, col.score = name, score
            taken.add(name)
    # A heading merged over several columns ("ชื่อ - สกุล" over first | last name) leaves the
    # columns after it without a header but with data: give them the fields the heading spans.
    for col in columns:
        spec = matcher.fields.get(col.field or "")
        if not spec or not spec.spans:
            continue
        extra = 0
        for nxt in columns[col.index + 1 :]:
            if nxt.header or nxt.field or not any(_cell(v, nxt.index) for _, v in sample):
                break
            extra += 1
        fields = spec.spans.get(extra)
        if not fields or any(f in taken for f in fields):
            continue
        taken.discard(col.field)
        for offset, name in enumerate(fields):
            target = columns[col.index + offset]
            target.field, target.score = name, col.score
            taken.add(name)


def _cell(values: tuple, index: int) -> bool:
    return index < len(values) and values[index] not in (None, "")


def apply_overrides(header: Header, overrides: dict[str, str | None], fields: list[FieldSpec]) -> None:
    """Let the user correct the proposal: keys are column letters ("B") or header texts, values a
    field name or None/"" to ignore the column. A field given to one column leaves any other."""
    known = {f.name for f in fields}
    for key, name in overrides.items():
        name = name or None
        if name is not None and name not in known:
            raise UserError(f"ไม่รู้จักช่องข้อมูล “{name}” (ใช้ได้: {', '.join(sorted(known))})", field="map")
        target = _find_column(header, key)
        if target is None:
            raise UserError(f"ไม่พบคอลัมน์ “{key}” ในแถวหัวตาราง", field="map")
        if name:
            for col in header.columns:
                if col.field == name:
                    col.field, col.score = None, 0
        target.field, target.score = name, 100 if name else 0


def _find_column(header: Header, key: str) -> Column | None:
    key = key.strip()
    if re.fullmatch(r"[A-Za-z]{1,3}", key):
        index = column_index(key)
        while len(header.columns) <= index:
            header.columns.append(Column(len(header.columns), ""))
        return header.columns[index]
    wanted = header_key(key)
    return next((c for c in header.columns if header_key(c.header) == wanted), None)
