"""One report definition, two renderings: a PDF table report and an Excel workbook.

Areas (members, attendance, projects, cases …) build a `ReportDefinition` from their queries and
hand it to `table_report.render_pdf` / `xlsx.render_xlsx`; neither renderer needs to know where the
data came from.
Values stay raw (int, float, date, ISO date string, str); formatting — Thai digits, Buddhist-era
dates, thousands separators — happens here, once, so PDF and Excel always agree.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from moi_desktop.errors import UserError
from moi_desktop.thai import format_thai_date, to_thai_digits

KINDS = ("text", "int", "number", "percent", "date", "name")
ALIGNS = ("left", "center", "right")
NUMERIC_KINDS = ("int", "number", "percent")
ORIENTATIONS = ("auto", "portrait", "landscape")
_DEFAULT_DECIMALS = {"int": 0, "number": 2, "percent": 1}

CANCELLED = "ยกเลิกการสร้างเอกสารแล้ว"


@dataclass
class Column:
    """One table column.

    kind: text | int | number | percent | date | name. `percent` values are percent points
    (59.2 means 59.2 %) and are shown without a sign — title the column "ร้อยละ".
    `name` cells wrap only at spaces (personal names must not be cut). `weight` shares the spare
    width between columns after every column got the width its widest word needs.
    """

    key: str
    title: str
    weight: float = 1.0
    kind: str = "text"
    align: str | None = None
    decimals: int | None = None
    date_style: str = "medium"  # for PDF cells: "medium" → ๓๐ ส.ค. ๒๕๖๕, "full" → ๓๐ สิงหาคม ๒๕๖๕

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key!r}: unknown kind {self.kind!r}")
        if self.align is None:
            self.align = "right" if self.kind in NUMERIC_KINDS else "center" if self.kind == "date" else "left"
        if self.align not in ALIGNS:
            raise ValueError(f"column {self.key!r}: unknown align {self.align!r}")
        if self.decimals is None:
            self.decimals = _DEFAULT_DECIMALS.get(self.kind, 0)
        if self.weight <= 0:
            raise ValueError(f"column {self.key!r}: weight must be positive")


@dataclass
class PreparedBy:
    """The ผู้จัดทำ block at the end of a report. A blank name leaves a dotted line to sign on."""

    name: str = ""
    position: str = ""
    date: date | None = None
    label: str = "ผู้จัดทำ"


class ColumnSums:
    """Running sums of the summed columns (ints and floats; booleans and text are not numbers)."""

    def __init__(self, summed: list[bool]) -> None:
        self._summed = summed
        self._sums: list[int | float] = [0] * len(summed)

    def add(self, values: Sequence[Any]) -> None:
        for i, on in enumerate(self._summed):
            value = values[i]
            if on and isinstance(value, (int, float)) and not isinstance(value, bool):
                self._sums[i] += value

    def values(self) -> list[Any]:
        return [total if on else None for on, total in zip(self._summed, self._sums, strict=True)]


@dataclass
class ReportDefinition:
    """Everything a table report says, independent of the output format.

    rows: dicts keyed by Column.key, or tuples in column order — a list, or any iterable (a
    generator over a database cursor) for a report of any size: the renderers read it once and
    keep what they need of it in a temporary file, never all of it in memory.
    totals: None (no totals row), True (sum the int/number columns), or the values (dict/tuple).
    numbered: prepend a "ลำดับ" column numbering the rows 1, 2, 3 …
    as_of: adds "ข้อมูล ณ วันที่ ๓๐ สิงหาคม ๒๕๖๕" under the subtitle lines.
    orientation: "portrait", "landscape", or "auto" — portrait unless the table's names, dates,
    numbers and words cannot fit whole even at min_font_size, then landscape.
    font_size: the table's size when it fits; the PDF steps it down by whole points to
    min_font_size (14 pt: the smallest for official reports) before anything else gives way.
    Arabic digits in every text (titles, cells, summary) become Thai digits when thai_digits is on.
    """

    title: str | Sequence[str]
    columns: Sequence[Column]
    rows: Iterable[Mapping[str, Any] | Sequence[Any]] = ()
    subtitle: str | Sequence[str] = ()
    as_of: date | None = None
    totals: Mapping[str, Any] | Sequence[Any] | bool | None = None
    totals_label: str = "รวม"
    summary: Sequence[str] = ()
    prepared_by: PreparedBy | None = None
    orientation: str = "auto"
    thai_digits: bool = True
    numbered: bool = False
    font_size: float = 16
    min_font_size: float = 14
    sheet_name: str = "รายงาน"
    _columns: list[Column] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.orientation not in ORIENTATIONS:
            raise ValueError(f"unknown orientation {self.orientation!r}")
        if self.font_size <= 0 or self.min_font_size <= 0:
            raise ValueError("font sizes must be positive")
        columns = list(self.columns)
        if not columns:
            raise ValueError("a report needs at least one column")
        if self.numbered:
            columns.insert(0, Column("_no", "ลำดับ", weight=0.01, kind="int", align="center"))
        keys = [c.key for c in columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate column keys: {keys}")
        self._columns = columns

    # -- structure -------------------------------------------------------------------------
    @property
    def all_columns(self) -> list[Column]:
        """The columns as rendered (with the ลำดับ column when numbered)."""
        return self._columns

    @property
    def title_lines(self) -> list[str]:
        return [self.title] if isinstance(self.title, str) else list(self.title)

    @property
    def subtitle_lines(self) -> list[str]:
        lines = [self.subtitle] if isinstance(self.subtitle, str) else list(self.subtitle)
        if self.as_of is not None:
            lines.append("ข้อมูล ณ วันที่ " + format_thai_date(self.as_of, "full", thai_digits=self.thai_digits))
        return [line for line in lines if line]

    def iter_row_values(self) -> Iterator[list[Any]]:
        """Raw values of each data row in rendered column order, one row at a time."""
        data_columns = [c for c in self._columns if c.key != "_no"]
        for index, row in enumerate(self.rows, start=1):
            if isinstance(row, Mapping):
                values = [row.get(c.key) for c in data_columns]
            else:
                values = list(row)
                if len(values) != len(data_columns):
                    raise ValueError(f"row {index} has {len(values)} values, expected {len(data_columns)}")
            if self.numbered:
                values.insert(0, index)
            yield values

    def row_values(self) -> list[list[Any]]:
        """Raw values of every data row, in rendered column order."""
        return list(self.iter_row_values())

    def column_sums(self) -> ColumnSums:
        """An accumulator of the int/number columns, fed row by row, for a `totals=True` row."""
        return ColumnSums([c.kind in ("int", "number") and c.key != "_no" for c in self._columns])

    def totals_values(self, rows: Iterable[list[Any]] | ColumnSums | None = None) -> list[Any] | None:
        """The totals row in rendered column order, or None. The label goes into the first
        text-like column (or the ลำดับ column when numbered). With `totals=True` the sums come
        from `rows` (a ColumnSums already fed, or row values; by default this definition's rows)."""
        if self.totals is None or self.totals is False:
            return None
        columns = self._columns
        if self.totals is True:
            if isinstance(rows, ColumnSums):
                sums = rows
            else:
                sums = self.column_sums()
                for values in self.iter_row_values() if rows is None else rows:
                    sums.add(values)
            values = sums.values()
        elif isinstance(self.totals, Mapping):
            values = [self.totals.get(c.key) for c in columns]
        else:
            values = list(self.totals)
            if self.numbered:
                values.insert(0, None)
            if len(values) != len(columns):
                raise ValueError(f"totals have {len(values)} values, expected {len(columns)}")
        label_at = next((i for i, c in enumerate(columns) if c.kind in ("text", "name")), 0)
        if self.numbered:
            label_at = 0
        if values[label_at] is None:
            values[label_at] = self.totals_label
        return values

    # -- formatting ------------------------------------------------------------------------
    def digits(self, text: str) -> str:
        return thai_digits_outside_addresses(text) if self.thai_digits else text

    def cell_text(self, column: Column, value: Any) -> str:
        """What a cell shows in the PDF."""
        return self.digits(format_value(column, value))


# E-mail and web addresses keep their 0–9: member๘๑๖๖@example.com reaches nobody.
_ADDRESS = re.compile(r"\S*(?:@|://|www\.)\S*", re.IGNORECASE)
_ARABIC_DIGIT = re.compile("[0-9]")


def thai_digits_outside_addresses(text: str) -> str:
    if not _ARABIC_DIGIT.search(text):  # most cells (names, sectors): nothing to change
        return text
    out: list[str] = []
    last = 0
    for match in _ADDRESS.finditer(text):
        out += [to_thai_digits(text[last:match.start()]), match.group()]
        last = match.end()
    out.append(to_thai_digits(text[last:]))
    return "".join(out)


def as_date(value: Any) -> date | None:
    """Dates arrive as date/datetime objects or as the ISO strings the database stores."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def format_value(column: Column, value: Any) -> str:
    """Arabic-digit display text of one value (Thai digits are applied by the definition)."""
    if value is None or value == "":
        return ""
    kind = column.kind
    if kind in NUMERIC_KINDS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.{column.decimals}f}"
    if kind == "date":
        d = as_date(value)
        if d is not None:
            return format_thai_date(d, column.date_style, thai_digits=False)
    return str(value)


def prepared_by_lines(defn: ReportDefinition) -> list[str]:
    """The signature block under the table (ลงชื่อ … / (name) / ตำแหน่ง … / วันที่ …), as both renderers print it."""
    pb = defn.prepared_by
    if pb is None:
        return []
    dots = "." * 40
    lines = [f"ลงชื่อ {dots} {pb.label}", f"({pb.name})" if pb.name else f"({dots})",
             f"ตำแหน่ง {pb.position or dots}"]
    if pb.date is not None:
        lines.append("วันที่ " + format_thai_date(pb.date, "full", thai_digits=defn.thai_digits))
    return [defn.digits(line) for line in lines]


def verify_document_file(path: str | Path) -> int:
    """Re-read a written PDF/XLSX and check it is whole (USB sticks get pulled early).

    Returns the size in bytes; raises UserError with a Thai message when the file is broken.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"ไม่พบไฟล์ที่บันทึก: {path}")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"ไฟล์ที่บันทึกว่างเปล่า: {path}")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        with path.open("rb") as fh:
            head = fh.read(5)
            fh.seek(max(0, size - 1024))
            tail = fh.read()
        if head != b"%PDF-" or b"%%EOF" not in tail:
            raise UserError(f"ไฟล์ PDF ที่บันทึกไม่สมบูรณ์: {path}")
    elif suffix == ".xlsx":
        try:
            with zipfile.ZipFile(path) as zf:
                bad = zf.testzip()
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            raise UserError(f"ไฟล์ Excel ที่บันทึกไม่สมบูรณ์: {path}") from None
        if bad is not None or "xl/workbook.xml" not in names:
            raise UserError(f"ไฟล์ Excel ที่บันทึกไม่สมบูรณ์: {path}")
    return size
