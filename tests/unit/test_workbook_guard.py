"""Hostile spreadsheets meet the reader: each attack is refused with a Thai message (never a
traceback), before openpyxl inflates it, in bounded memory (tracemalloc peaks asserted)."""

import io
import random
import struct
import tracemalloc
import zipfile

import openpyxl  # noqa: F401  (imported before any peak is measured)
import pytest

from moi_desktop.errors import UserError
from moi_desktop.imports.reader import read_table, sheet_names
from moi_desktop.workbooks.guard import DEFAULT_LIMITS, SpreadsheetLimits
from tests.workbook_support import (
    header_and_row,
    repeated,
    shared_strings_xml,
    sheet_xml,
    write_workbook,
)

MB = 1 << 20
A_MEGABYTE = b"A" * MB
# A test's own workbooks are tiny and repetitive: let them through the ratio check when a test
# is about something else.
LOOSE_RATIO = SpreadsheetLimits(max_ratio=10**9)


def refused(path, limits=DEFAULT_LIMITS, sheet=None) -> tuple[str, int]:
    """The Thai message read_table raises and the peak traced memory (bytes) on the way."""
    tracemalloc.start()
    try:
        with pytest.raises(UserError) as caught:
            read_table(path, sheet, limits=limits)
        return caught.value.message, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def thai_random(n: int, seed: int = 1) -> bytes:
    """n random Thai consonants (they compress about 2x, as real text does)."""
    rng = random.Random(seed)
    return "".join(chr(0x0E01 + rng.randrange(46)) for _ in range(n)).encode()


# -- the finding: a small file with one huge cell ------------------------------------------------------

def test_a_small_file_whose_shared_string_inflates_past_the_limit_is_refused_unread(tmp_path):
    # The finding was 973 KB inflating to 1 GB (3.4 GB of memory and a traceback); 300 MB in
    # 300 KB is the same attack a third the size (the CLI test runs the full one).
    path = write_workbook(tmp_path / "bomb.xlsx", sheet_xml(header_and_row(b'<c r="B2" t="s"><v>0</v></c>')),
                          shared_strings_xml([b"<si><t>", *repeated(A_MEGABYTE, 300 * MB), b"</t></si>"]))
    assert path.stat().st_size < MB
    message, peak = refused(path)
    assert "xl/sharedStrings.xml" in message and "๓๐๐ MB" in message and "ไม่เปิดไฟล์ bomb.xlsx" in message
    assert peak < 2 * MB  # the zip's directory only


def test_an_over_long_cell_is_named_without_its_text_being_held(tmp_path):
    # 50 million characters inline in B2; the ratio check is loosened so the cell scan is what refuses.
    path = write_workbook(tmp_path / "long.xlsx", sheet_xml(header_and_row(
        b'<c r="B2" t="inlineStr"><is><t>' + b"A" * (50 * MB) + b"</t></is></c>")))
    message, peak = refused(path, LOOSE_RATIO)
    assert message.startswith("เซลล์ B2 ในแผ่นงาน “Sheet1” ของไฟล์ long.xlsx มีข้อความยาวเกิน ๓๒,๗๖๗ ตัวอักษร")
    assert peak < 2 * MB  # 64 KB at a time: a 50 MB string is never built


def test_an_over_long_shared_string_names_the_cell_that_uses_it(tmp_path):
    text = thai_random(40_000)  # real-looking text: no ratio trick needed
    path = write_workbook(tmp_path / "shared.xlsx", sheet_xml(header_and_row(b'<c r="B2" t="s"><v>1</v></c>')),
                          shared_strings_xml([b"<si><t>short</t></si><si><t>", text, b"</t></si>"]))
    message, _ = refused(path)
    assert message.startswith("เซลล์ B2 ในแผ่นงาน “Sheet1”") and "ยาว ๔๐,๐๐๐ ตัวอักษร" in message


def test_an_over_long_shared_string_no_cell_uses_is_still_refused(tmp_path):
    path = write_workbook(tmp_path / "orphan.xlsx", sheet_xml(header_and_row(b"")),
                          shared_strings_xml([b"<si><t>", thai_random(33_000), b"</t></si>"]))
    message, _ = refused(path)
    assert "ข้อความลำดับที่ ๑ ในตารางข้อความ ยาว ๓๓,๐๐๐ ตัวอักษร" in message


def test_a_cell_at_excels_own_limit_is_read(tmp_path):
    text = thai_random(DEFAULT_LIMITS.max_cell_chars)
    path = write_workbook(tmp_path / "edge.xlsx", sheet_xml(header_and_row(
        b'<c r="B2" t="inlineStr"><is><t>' + text + b"</t></is></c>")))
    rows = read_table(path).rows
    assert len(rows[1][1][1]) == DEFAULT_LIMITS.max_cell_chars


# -- the zip package ----------------------------------------------------------------------------------

def test_a_highly_compressed_part_is_refused_by_its_ratio(tmp_path):
    path = write_workbook(tmp_path / "ratio.xlsx", sheet_xml([b'<row r="1"><c r="A1" t="inlineStr"><is><t>',
                                                              *repeated(b"AAAA", 3 * MB), b"</t></is></c></row>"]))
    message, _ = refused(path)
    assert "xl/worksheets/sheet1.xml ถูกบีบอัดไว้" in message and "(ไม่เกิน ๑๐๐ เท่า)" in message


def test_a_part_that_claims_a_small_size_is_never_inflated_past_it(tmp_path):
    """The declared size is what the limits check; zipfile stops inflating there (and the CRC
    then fails), so a part cannot lie its way past the limits."""
    path = tmp_path / "liar.xlsx"
    write_workbook(path, None)  # the package's other parts
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b"A" * (60 * MB) + b"</worksheet>")
    data = bytearray(path.read_bytes())
    local, central = data.rfind(b"PK\x03\x04"), data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 1000)  # uncompressed size, local header
    struct.pack_into("<I", data, central + 24, 1000)  # and central directory
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    message, peak = refused(path, LOOSE_RATIO)
    assert message.startswith("เปิดไฟล์ Excel ไม่ได้ (ไฟล์อาจเสียหาย")
    assert peak < 2 * MB


def test_a_zip_with_too_many_parts_is_refused_before_its_directory_is_read(tmp_path):
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(2_000):
            z.writestr(f"x/{i}", b"")
    message, _ = refused(path)
    assert "มีส่วนประกอบย่อย ๒,๐๐๐ ส่วน" in message


def test_parts_whose_total_exceeds_the_limit_are_refused(tmp_path):
    path = write_workbook(tmp_path / "total.xlsx", sheet_xml(header_and_row(b"")),
                          extra={f"xl/media/pad{i}.bin": b"" for i in range(3)})
    message, _ = refused(path, SpreadsheetLimits(max_total_bytes=1000))
    assert "มีขนาดรวม" in message


@pytest.mark.parametrize("content, hint", [
    (b"not a zip at all", ""),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "ตั้งรหัสผ่าน"),  # OLE: an .xlsx with a password
    (b"PK\x05\x06" + b"\0" * 18, ""),  # an empty zip
])
def test_what_is_not_a_workbook_gets_one_thai_message(tmp_path, content, hint):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    message, _ = refused(path)
    assert message.startswith("เปิดไฟล์ Excel ไม่ได้") and hint in message
    with pytest.raises(UserError):
        sheet_names(path)


def test_a_truncated_workbook_gets_the_thai_message(tmp_path):
    good = write_workbook(tmp_path / "good.xlsx", sheet_xml(header_and_row(b"")))
    for cut in (50, len(good.read_bytes()) // 2, len(good.read_bytes()) - 10):
        path = tmp_path / f"cut{cut}.xlsx"
        path.write_bytes(good.read_bytes()[:cut])
        assert refused(path)[0].startswith("เปิดไฟล์ Excel ไม่ได้")


def test_an_encrypted_zip_part_is_refused(tmp_path):
    path = write_workbook(tmp_path / "enc.xlsx", sheet_xml(header_and_row(b"")))
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 8, struct.unpack_from("<H", data, central + 8)[0] | 1)
    path.write_bytes(bytes(data))
    assert "ถูกเข้ารหัสไว้" in refused(path)[0]


# -- XML ----------------------------------------------------------------------------------------------

BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b"<si><t>&lol9;</t></si></sst>")


def test_billion_laughs_in_the_shared_strings_is_refused(tmp_path):
    path = write_workbook(tmp_path / "lol.xlsx", sheet_xml(header_and_row(b'<c r="B2" t="s"><v>0</v></c>')),
                          [BILLION_LAUGHS])
    message, peak = refused(path)
    assert "ส่วน xl/sharedStrings.xml ประกาศ DTD/entity" in message
    assert peak < 2 * MB


def test_an_external_entity_in_the_workbook_part_is_refused(tmp_path):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>')
    path = write_workbook(tmp_path / "xxe.xlsx", [xxe])
    assert "ประกาศ DTD/entity" in refused(path)[0]


def test_rows_padded_to_the_last_column_are_counted_before_openpyxl_builds_them(tmp_path):
    # One number in column XFD of 2,000 rows: 20 KB of XML, 32 million padded cells in openpyxl.
    rows = (b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (r, r) for r in range(1, 2001))
    path = write_workbook(tmp_path / "wide.xlsx", sheet_xml(rows))
    message, peak = refused(path)
    assert "แผ่นงาน “Sheet1” มีตารางใหญ่เกิน ๒,๐๐๐,๐๐๐ เซลล์" in message
    assert peak < 2 * MB


def test_a_column_past_excels_last_is_refused(tmp_path):
    path = write_workbook(tmp_path / "col.xlsx", sheet_xml([b'<row r="1"><c r="ZZZ1"><v>1</v></c></row>']))
    assert "เซลล์ ZZZ1 ในแผ่นงาน “Sheet1” อยู่นอกขอบเขตคอลัมน์ของ Excel" in refused(path)[0]


def test_a_row_past_excels_last_is_refused(tmp_path):
    path = write_workbook(tmp_path / "row.xlsx", sheet_xml([b'<row r="2000000"><c><v>1</v></c></row>']))
    assert "มีแถวที่ ๒,๐๐๐,๐๐๐" in refused(path)[0]


def test_empty_rows_count_towards_the_sheet_limit(tmp_path):
    rows = (b'<row r="%d"/>' % r for r in range(1, 5001))
    path = write_workbook(tmp_path / "empty.xlsx", sheet_xml(rows))
    assert "มีตารางใหญ่เกิน ๔,๐๐๐ เซลล์" in refused(path, SpreadsheetLimits(max_cells=4_000))[0]


def test_the_text_of_all_cells_together_is_limited(tmp_path):
    rows = (b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (r, r, b"x" * 100)
            for r in range(1, 201))
    path = write_workbook(tmp_path / "text.xlsx", sheet_xml(rows))
    assert "มีข้อความรวมเกิน ๑๐,๐๐๐ ตัวอักษร" in refused(path, SpreadsheetLimits(max_text_chars=10_000))[0]


def test_broken_xml_inside_a_sheet_is_a_thai_error(tmp_path):
    path = write_workbook(tmp_path / "broken.xlsx", sheet_xml([b'<row r="1"><c r="A1"><v>1</v></c></row><row']))
    assert refused(path)[0].startswith("เปิดไฟล์ Excel ไม่ได้")


def test_random_damage_to_a_workbook_is_never_a_traceback(tmp_path):
    """Byte flips over a stored (uncompressed) workbook reach openpyxl's XML, styles and
    relationship parsing: every outcome is rows or a UserError."""
    buffer = io.BytesIO()
    rows = header_and_row(b'<c r="B2" t="s"><v>0</v></c>') + [b'<row r="3"><c r="A3" s="0"><v>44805</v></c></row>']
    source = tmp_path / "src.xlsx"
    write_workbook(source, sheet_xml(rows), shared_strings_xml([b"<si><t>ok</t></si>"]))
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info.filename))
    good = buffer.getvalue()
    rng = random.Random(13)
    outcomes = {"read": 0, "refused": 0}
    for i in range(300):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.choice(b'<>/"=&;#x0A \x00\xff')
        path = tmp_path / f"f{i}.xlsx"
        path.write_bytes(bytes(data))
        try:
            read_table(path)
            outcomes["read"] += 1
        except UserError:
            outcomes["refused"] += 1
        path.unlink()
    assert outcomes["read"] and outcomes["refused"]  # the damage hit both harmless and fatal places


# -- the memory bound ---------------------------------------------------------------------------------

def test_memory_while_reading_stays_within_the_stated_bound(tmp_path):
    """README "Bounded input": reading holds at most ~160 bytes per cell position plus 4 bytes per
    character of text, plus a few MB. The worst shape for that budget — every cell a distinct
    shared string, the table at the limits (scaled down 40x here) — stays under it."""
    limits = SpreadsheetLimits(max_cells=50_000, max_text_chars=1_000_000)
    width, height = 20, 2_350  # 49,350 positions with the row elements
    text = 750_000 // (width * height)  # characters per shared string; the <v> indexes count too

    def row(r: int) -> bytes:
        cells = (b'<c r="%s%d" t="s"><v>%d</v></c>' % (bytes([65 + c]), r, (r - 1) * width + c) for c in range(width))
        return b'<row r="%d">%s</row>' % (r, b"".join(cells))

    shared = (b"<si><t>%07d%s</t></si>" % (i, b"x" * (text - 7)) for i in range(width * height))
    path = write_workbook(tmp_path / "big.xlsx", sheet_xml(row(r) for r in range(1, height + 1)),
                          shared_strings_xml(shared))
    tracemalloc.start()
    try:
        table = read_table(path, limits=limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(table.rows) == height and table.rows[-1][1][-1].startswith(f"{width * height - 1:07d}")
    bound = 160 * limits.max_cells + 4 * limits.max_text_chars + 8 * MB
    assert peak < bound, f"peak {peak / MB:.1f} MB over the bound {bound / MB:.1f} MB"


# -- CSV ----------------------------------------------------------------------------------------------

def test_a_csv_line_longer_than_the_limit_is_refused_before_it_is_read_whole(tmp_path):
    path = tmp_path / "line.csv"
    with open(path, "wb") as f:
        f.write("ชื่อ,นามสกุล\n".encode())
        for _ in range(40):
            f.write(A_MEGABYTE)  # 40 MB without a line break
    message, peak = refused(path)
    assert "บรรทัดที่ ๒ ของไฟล์ line.csv ยาวเกิน ๒,๐๐๐,๐๐๐ ตัวอักษร" in message
    assert peak < 16 * MB  # one bounded line, not 40 MB


def test_an_over_long_csv_field_is_named(tmp_path):
    path = tmp_path / "field.csv"
    path.write_text("ชื่อ,นามสกุล\nสมชาย," + "ก" * 40_000 + "\n", encoding="utf-8")
    assert refused(path)[0].startswith("เซลล์ B2 ของไฟล์ field.csv มีข้อความยาวเกิน ๓๒,๗๖๗ ตัวอักษร")


def test_a_field_past_the_csv_modules_own_limit_is_a_thai_error(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text('ชื่อ,หมายเหตุ\nสมชาย,"' + "x\n" * 100_000 + '"\n', encoding="utf-8")
    assert refused(path)[0].startswith("แถวที่ ๒ ของไฟล์ quoted.csv อ่านไม่ได้")


def test_a_csv_over_the_size_limit_or_the_cell_limit_is_refused(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("a,b\n" + "1,2\n" * 5_000, encoding="utf-8")
    assert "เกินขีดจำกัด" in refused(path, SpreadsheetLimits(max_csv_bytes=10_000))[0]
    assert "มีตารางใหญ่เกิน ๑๐,๐๐๐ เซลล์" in refused(path, SpreadsheetLimits(max_cells=10_000))[0]
    assert len(read_table(path).rows) == 5_001


def test_a_cp874_csv_is_still_read_after_utf8_fails_part_way(tmp_path):
    path = tmp_path / "thai.csv"
    path.write_bytes(("a,b\n" * 30_000 + "สมชาย,ใจดี\n").encode("cp874"))
    assert read_table(path).rows[-1][1] == ("สมชาย", "ใจดี")
