"""Checks on a spreadsheet before it is read: the zip package and every XML part, in bounded memory.

openpyxl trusts the file it opens: it inflates what a part's header claims, keeps every shared
string, pads each row to its last column and, for a sheet without a <dimension>, parses the whole
sheet while opening. A 1 MB file could so take gigabytes. `check_workbook` first reads the zip's
directory (part count, declared sizes, compression ratio), then streams every part through expat
64 KB at a time, counting and never keeping text, and refuses with a Thai message anything beyond
`SpreadsheetLimits`. Only a file that passes reaches openpyxl, whose memory is then bounded by
the same limits (README "Bounded input" states the bound; tests/unit/test_workbook_guard.py
measures it). zipfile itself never inflates a part past its declared size (it stops there and
fails the CRC), so the declared sizes checked here also bound what is read later.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from pyexpat import ExpatError, ParserCreate, XMLParserType
from typing import IO

from moi_desktop.errors import UserError
from moi_desktop.thai.digits import to_thai_digits

MB = 1 << 20
CHUNK = 64 * 1024
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384  # column XFD
RATIO_GRACE_BYTES = MB  # small parts compress well (a theme is 10x); the ratio counts above this
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22


@dataclass(frozen=True)
class SpreadsheetLimits:
    """What an imported spreadsheet may hold. The defaults fit the largest real district file
    (100,000 rows of 20 columns) with room to spare and keep the reader under ~0.5 GB (160 bytes a
    cell position and 4 a character at most: tests/unit/test_workbook_guard.py)."""

    max_parts: int = 1_000  # zip members; Excel writes tens
    max_directory_bytes: int = 4 * MB  # the zip's central directory (names of the parts)
    max_part_bytes: int = 200 * MB  # any part, uncompressed: a worksheet
    max_shared_strings_bytes: int = 100 * MB
    max_other_xml_bytes: int = 20 * MB  # styles, workbook, relationships, properties
    max_total_bytes: int = 500 * MB  # all parts together, uncompressed
    max_ratio: int = 100  # uncompressed ÷ compressed size of a part over 1 MB
    max_cell_chars: int = 32_767  # Excel's own limit for the text of one cell
    max_cells: int = 2_000_000  # per sheet: rows plus cell positions up to each row's last cell
    max_text_chars: int = 40_000_000  # the text of all cells and shared strings together
    max_csv_bytes: int = 100 * MB
    max_csv_line_chars: int = 2_000_000


DEFAULT_LIMITS = SpreadsheetLimits()


def check_workbook(path: Path, limits: SpreadsheetLimits = DEFAULT_LIMITS) -> None:
    """Raise UserError unless `path` is a zip package within `limits` whose XML declares no DTD
    and whose cells are within Excel's size; reads the file as a stream (memory O(64 KB))."""
    path = Path(path)
    _check_directory(path, limits)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged(path, exc) from exc
    with archive:
        parts = archive.infolist()
        _check_parts(path, parts, limits)
        context = _Context(path, limits, _sheet_titles(archive, limits))
        # The shared-string table first, so a sheet cell pointing at an over-long string is named.
        for info in sorted(parts, key=lambda i: "sharedstrings" not in i.filename.lower()):
            _PartScan(context, info.filename).run(archive, info)
        if context.long_shared:
            index, length = next(iter(context.long_shared.items()))
            raise UserError(f"ไฟล์ {path.name} มีข้อความลำดับที่ {to_thai_digits(index + 1)} ในตารางข้อความ "
                            f"ยาว {_count(length)} ตัวอักษร เกินขีดจำกัดของ Excel "
                            f"({_count(limits.max_cell_chars)} ตัวอักษรต่อเซลล์) จึงไม่นำเข้า", field="file")


def damaged(path: Path, exc: BaseException | None = None) -> UserError:
    """The one message for a file that is not a readable .xlsx (the cause goes to the log)."""
    hint = ""
    try:
        with open(path, "rb") as f:
            if f.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE: .xls, or an .xlsx with a password
                hint = " หากไฟล์ตั้งรหัสผ่านไว้ กรุณาเปิดใน Excel แล้วบันทึกใหม่โดยไม่ตั้งรหัสผ่าน"
    except OSError:
        pass  # the hint is optional; the message below is what the user needs
    return UserError(f"เปิดไฟล์ Excel ไม่ได้ (ไฟล์อาจเสียหายหรือไม่ใช่ .xlsx): {path.name}{hint}",
                     field="file", detail=repr(exc) if exc is not None else None)


def _count(n: int) -> str:
    return to_thai_digits(f"{n:,}")


def _size(n: int) -> str:
    return to_thai_digits(f"{n / MB:,.0f}" if n >= MB else f"{n / MB:,.1f}") + " MB"


def _refuse(path: Path, what: str) -> UserError:
    return UserError(f"ไม่เปิดไฟล์ {path.name}: {what} ซึ่งเกินกว่าไฟล์ Excel ปกติ "
                     "อาจเป็นไฟล์ที่ทำขึ้นเพื่อให้โปรแกรมใช้หน่วยความจำจนหยุดทำงาน", field="file")


def _check_directory(path: Path, limits: SpreadsheetLimits) -> None:
    """Part count and directory size from the end record, before zipfile builds its part list
    (which costs ~0.5 KB per part, whatever the file's size)."""
    try:
        with open(path, "rb") as f:
            size = f.seek(0, 2)
            tail_len = min(size, _EOCD_SIZE + 0xFFFF)
            f.seek(size - tail_len)
            tail = f.read(tail_len)
    except OSError as exc:
        raise UserError(f"อ่านไฟล์ {path.name} ไม่ได้", field="file", detail=str(exc)) from exc
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        raise damaged(path)
    entries, directory_bytes = struct.unpack_from("<H4xI", tail, at + 10)
    if entries >= min(limits.max_parts + 1, 0xFFFF):  # 0xFFFF: a ZIP64 directory, never a workbook's
        raise _refuse(path, f"มีส่วนประกอบย่อย {_count(entries)} ส่วน")
    if directory_bytes > limits.max_directory_bytes:
        raise _refuse(path, f"สารบัญของไฟล์ยาว {_size(directory_bytes)}")


def _check_parts(path: Path, parts: list[zipfile.ZipInfo], limits: SpreadsheetLimits) -> None:
    if len(parts) > limits.max_parts:
        raise _refuse(path, f"มีส่วนประกอบย่อย {_count(len(parts))} ส่วน")
    total = 0
    for info in parts:
        if info.flag_bits & 0x1:
            raise UserError(f"ไฟล์ {path.name} ถูกเข้ารหัสไว้ กรุณาเปิดใน Excel แล้วบันทึกใหม่โดยไม่ตั้งรหัสผ่าน",
                            field="file")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise damaged(path, ValueError(f"{info.filename}: compression method {info.compress_type}"))
        if info.file_size > limits.max_part_bytes:
            raise _refuse(path, f"ส่วน {info.filename} มีขนาด {_size(info.file_size)} เมื่อคลายการบีบอัด "
                                f"(ไม่เกิน {_size(limits.max_part_bytes)})")
        if info.file_size > RATIO_GRACE_BYTES and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(path, f"ส่วน {info.filename} ถูกบีบอัดไว้ {_count(ratio)} เท่า "
                                f"(ไม่เกิน {_count(limits.max_ratio)} เท่า)")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise _refuse(path, f"มีขนาดรวม {_size(total)} เมื่อคลายการบีบอัด (ไม่เกิน {_size(limits.max_total_bytes)})")


# -- XML --------------------------------------------------------------------------------------------

@dataclass
class _Context:
    path: Path
    limits: SpreadsheetLimits
    titles: dict[str, str]  # part name → sheet name
    long_shared: dict[int, int] = field(default_factory=dict)  # shared-string index → its length
    text_chars: int = 0


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _parser() -> XMLParserType:
    return ParserCreate(namespace_separator="}")  # as ElementTree does: the same names parse


_DIGITS = "0123456789"
_COLUMN_CACHE: dict[str, int] = {}


def _column_of(ref: str) -> int:
    """_column_number through a cache of the letters (this runs once per cell of every sheet)."""
    letters = ref.rstrip(_DIGITS)
    column = _COLUMN_CACHE.get(letters)
    if column is None:
        column = _column_number(letters)
        if column <= EXCEL_MAX_COLUMNS:
            _COLUMN_CACHE[letters] = column
    return column


def _column_number(ref: str) -> int:
    """1 for A1, 16384 for XFD7; 0 when the reference has no letters."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
        if n > EXCEL_MAX_COLUMNS:
            break
    return n


def _letters(column: int) -> str:
    """1 → A, 27 → AA (for a cell written without its reference)."""
    letters = ""
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _PartScan:
    """One zip part through expat. Its root element decides the rules: a worksheet (rows, cells,
    cell text), the shared-string table (string lengths, count) or any other part (size only).
    Every part refuses a DOCTYPE: OOXML never has one, and entities are how XML bombs inflate.
    Handlers raise UserError, which expat passes out of Parse(). Only start tags and text are
    handled (an end-tag handler would cost as much again): a cell is settled when the next cell,
    row or the part's end arrives, a shared string when the next one starts."""

    def __init__(self, context: _Context, part: str):
        self.context = context
        self.limits = context.limits
        self.part = part
        self.title = context.titles.get(part, part)
        self.kind = ""  # set by the root element: "sheet", "sst" or "other"
        self.byte_limit = self.limits.max_part_bytes
        self.cell_tag = self.row_tag = self.si_tag = ""  # the root's namespace + local name
        # sheet state
        self.positions = 0
        self.row = 0
        self.row_width = 0
        self.column = 0
        self.cell = ""  # reference of the latest <c>, "" before the first
        self.shared = False  # the latest cell holds a shared-string index
        self.chars = 0  # characters since the latest <c> (or <si>)
        self.value = ""  # its first characters: the shared-string index
        # shared-string state
        self.strings = -1  # index of the open <si>

    def run(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        parser = _parser()
        parser.buffer_text = True
        parser.buffer_size = CHUNK
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = self._root
        self.parser = parser
        fed = 0
        try:
            with archive.open(info) as stream:
                for chunk in _chunks(stream):
                    fed += len(chunk)
                    if fed > self.byte_limit:
                        raise _refuse(self.context.path, f"ส่วน {self.part} ยาวเกิน {_size(self.byte_limit)}")
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except ExpatError as exc:
            if self.kind in ("sheet", "sst"):
                raise damaged(self.context.path, exc) from exc
            # Not XML (a picture), or another part broken part-way: what came before the break was
            # checked, and openpyxl (same expat, same settings) stops at the same place if it reads it.
            return
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise damaged(self.context.path, exc) from exc
        if self.kind == "sheet":
            self._settle_cell()
        elif self.kind == "sst":
            self._settle_string()

    # -- handlers -----------------------------------------------------------------------------------
    def _doctype(self, *_: object) -> None:
        raise UserError(f"ไม่เปิดไฟล์ {self.context.path.name}: ส่วน {self.part} ประกาศ DTD/entity "
                        "ซึ่งไฟล์ Excel ไม่มี อาจเป็นไฟล์ที่ทำขึ้นเพื่อโจมตีโปรแกรม", field="file")

    def _root(self, name: str, attrs: dict[str, str]) -> None:
        namespace, _, root = name.rpartition("}")
        prefix = namespace + "}" if namespace else ""
        parser = self.parser
        if root == "worksheet":
            self.kind = "sheet"
            self.cell_tag, self.row_tag = prefix + "c", prefix + "row"
            parser.StartElementHandler = self._sheet_start
            parser.CharacterDataHandler = self._sheet_text
        elif root == "sst":
            self.kind = "sst"
            self.si_tag = prefix + "si"
            self.byte_limit = self.limits.max_shared_strings_bytes
            parser.StartElementHandler = self._sst_start
            parser.CharacterDataHandler = self._sst_text
        else:
            self.kind = "other"
            self.byte_limit = self.limits.max_other_xml_bytes
            parser.StartElementHandler = None

    def _count_text(self, n: int) -> None:
        context = self.context
        context.text_chars += n
        if context.text_chars > self.limits.max_text_chars:
            raise _refuse(context.path, f"มีข้อความรวมเกิน {_count(self.limits.max_text_chars)} ตัวอักษร")

    def _sheet_text(self, data: str) -> None:
        n = len(data)
        self.chars += n
        context = self.context
        context.text_chars += n
        if context.text_chars > self.limits.max_text_chars:
            self._count_text(0)
        if self.shared and len(self.value) < 12:
            self.value += data[:12]
        if self.chars > self.limits.max_cell_chars:
            if self.cell:
                raise self._too_long(self.cell, None)
            raise _refuse(self.context.path, f"แผ่นงาน “{self.title}” มีข้อความยาวเกิน "
                                             f"{_count(self.limits.max_cell_chars)} ตัวอักษรนอกเซลล์")

    def _sst_text(self, data: str) -> None:
        n = len(data)
        self.chars += n
        self._count_text(n)

    def _too_long(self, cell: str, length: int | None) -> UserError:
        size = f"ยาว {_count(length)} ตัวอักษร" if length is not None else "ยาว"
        return UserError(f"เซลล์ {cell} ในแผ่นงาน “{self.title}” ของไฟล์ {self.context.path.name} มีข้อความ{size}"
                         f"เกิน {_count(self.limits.max_cell_chars)} ตัวอักษร (ขีดจำกัดของ Excel ต่อเซลล์) "
                         "จึงไม่นำเข้า กรุณาแก้เซลล์นั้นแล้วนำเข้าใหม่", field="file")

    def _position(self, n: int) -> None:
        self.positions += n
        if self.positions > self.limits.max_cells:
            raise _refuse(self.context.path, f"แผ่นงาน “{self.title}” มีตารางใหญ่เกิน "
                                             f"{_count(self.limits.max_cells)} เซลล์ กรุณาแบ่งเป็นหลายไฟล์")

    def _settle_cell(self) -> None:
        """The latest cell is complete: if it points at an over-long shared string, name it."""
        if self.shared:
            self.shared = False
            index = self.value.strip()
            if index.isdigit():
                length = self.context.long_shared.get(int(index))
                if length is not None:
                    raise self._too_long(self.cell, length)

    def _sheet_start(self, name: str, attrs: dict[str, str]) -> None:
        if name == self.cell_tag:
            if self.shared:
                self._settle_cell()
            ref = attrs.get("r", "")
            column = (_column_of(ref) if ref else 0) or self.column + 1
            if column > EXCEL_MAX_COLUMNS:
                raise _refuse(self.context.path, f"เซลล์ {ref or column} ในแผ่นงาน “{self.title}” "
                                                 "อยู่นอกขอบเขตคอลัมน์ของ Excel")
            self.column = column
            if column > self.row_width:
                self.positions += column - self.row_width
                if self.positions > self.limits.max_cells:
                    self._position(0)
                self.row_width = column
            self.cell = ref or f"{_letters(column)}{self.row}"
            self.chars = 0
            if attrs.get("t") == "s":
                self.shared, self.value = True, ""
        elif name == self.row_tag:
            self._settle_cell()
            self.chars = 0
            number = attrs.get("r")
            try:
                self.row = int(number) if number is not None else self.row + 1
            except ValueError:
                raise damaged(self.context.path, ValueError(f"row r={number!r}")) from None
            if not 1 <= self.row <= EXCEL_MAX_ROWS:
                raise _refuse(self.context.path, f"แผ่นงาน “{self.title}” มีแถวที่ {_count(self.row)}")
            self.row_width = 0
            self.column = 0
            self._position(1)

    def _settle_string(self) -> None:
        if self.strings >= 0 and self.chars > self.limits.max_cell_chars:
            self.context.long_shared[self.strings] = self.chars

    def _sst_start(self, name: str, attrs: dict[str, str]) -> None:
        if name == self.si_tag:
            self._settle_string()
            self.strings += 1
            self.chars = 0
            if self.strings >= self.limits.max_cells:
                raise _refuse(self.context.path,
                              f"มีข้อความในตารางข้อความเกิน {_count(self.limits.max_cells)} ข้อความ")


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


# -- sheet names, for messages ------------------------------------------------------------------------

def _attributes(archive: zipfile.ZipFile, part: str, element: str, limits: SpreadsheetLimits) -> list[dict[str, str]]:
    """Attributes (local names) of every `element` in a small part; [] when the part is missing."""
    try:
        info = archive.getinfo(part)
    except KeyError:
        return []
    if info.file_size > limits.max_other_xml_bytes:
        return []  # the part scan refuses it with the reason
    found: list[dict[str, str]] = []
    parser = _parser()

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == element:
            found.append({_local(k): v for k, v in attrs.items()})

    def doctype(*_: object) -> None:
        raise ExpatError("DOCTYPE")  # the part scan refuses it with a Thai message

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(archive.read(info), True)
    except ExpatError:
        return []  # names are only for messages; a broken part is refused or reported elsewhere
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise damaged(Path(str(archive.filename)), exc) from exc
    return found


def _rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _target(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _sheets(archive: zipfile.ZipFile, limits: SpreadsheetLimits) -> list[tuple[str, str]]:
    """(worksheet part, sheet name) in the workbook's order, through workbook.xml's relationships;
    chartsheets and sheets whose part is missing are left out, as openpyxl leaves them out."""
    package = _attributes(archive, "_rels/.rels", "Relationship", limits)
    workbook = next((_target("", r.get("Target", "")) for r in package
                     if r.get("Type", "").endswith("/officeDocument")), "xl/workbook.xml")
    targets = {r.get("Id", ""): _target(workbook, r.get("Target", ""))
               for r in _attributes(archive, _rels_part(workbook), "Relationship", limits)
               if r.get("Type", "").endswith("/worksheet")}
    present = set(archive.namelist())
    return [(targets[s["id"]], s.get("name", "")) for s in _attributes(archive, workbook, "sheet", limits)
            if targets.get(s.get("id", "")) in present]


def _sheet_titles(archive: zipfile.ZipFile, limits: SpreadsheetLimits) -> dict[str, str]:
    return dict(_sheets(archive, limits))


def workbook_sheet_names(path: Path, limits: SpreadsheetLimits = DEFAULT_LIMITS) -> list[str]:
    """The worksheet names of a workbook, hidden ones included, from its directory and workbook.xml
    alone (listing the sheets never reads a sheet or the shared strings)."""
    path = Path(path)
    _check_directory(path, limits)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged(path, exc) from exc
    with archive:
        _check_parts(path, archive.infolist(), limits)
        names = [name for _, name in _sheets(archive, limits)]
    if not names:
        raise damaged(path, ValueError("no worksheet"))
    return names
