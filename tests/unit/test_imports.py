"""Generic import machinery: reading, header detection, mapping, overrides, exports."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from moi_desktop.errors import UserError
from moi_desktop.imports import (
    FieldSpec,
    apply_overrides,
    column_index,
    column_letter,
    detect_header,
    header_key,
    read_table,
    write_template,
)

FIELDS = [
    FieldSpec("full_name", "ชื่อ-สกุล", ("ชื่อ-นามสกุล",), spans={1: ("first_name", "last_name")}),
    FieldSpec("first_name", "ชื่อ", ()),
    FieldSpec("last_name", "นามสกุล", ()),
    FieldSpec("national_id", "เลขประจำตัวประชาชน", ("เลขบัตรประชาชน",)),
    FieldSpec("phone", "โทรศัพท์", ("เบอร์โทร",)),
    FieldSpec("organisation", "หน่วยงาน", ("ชื่อหน่วยงาน",)),
]


def xlsx(tmp_path, rows, name="t.xlsx"):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


@given(st.integers(min_value=0, max_value=20000))
def test_column_letters_round_trip(index):
    assert column_index(column_letter(index)) == index


def test_column_letter_examples():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


@given(st.text(max_size=40))
def test_header_key_is_idempotent_and_spacing_free(text):
    key = header_key(text)
    assert header_key(key) == key
    assert " " not in key


def test_header_key_variants():
    assert header_key("ชื่อ - สกุล") == header_key("ชื่อ-สกุล") == "ชื่อสกุล"
    assert header_key("เลขประจำตัวประชาชน\n(๑๓ หลัก)") == "เลขประจำตัวประชาชน"


def test_header_found_under_title_rows(tmp_path):
    path = xlsx(tmp_path, [["รายชื่อภาคีเครือข่าย"], [], ["ที่", "ชื่อ-สกุล", "เบอร์โทร", "ชื่อหน่วยงาน"],
                           [1, "นายก ข", "0812345678", "อำเภอ"]])
    table = read_table(path)
    header = detect_header(table.rows, FIELDS)
    assert header.rows == [3]
    assert header.mapping() == {1: "full_name", 2: "phone", 3: "organisation"}
    assert table.rows[header.data_start][0] == 4


def test_fuzzy_header_spelling(tmp_path):
    path = xlsx(tmp_path, [["ชื่อ", "นามสกุล", "เลขประจําตัวประชาชน"]])  # ํา typed as two characters
    header = detect_header(read_table(path).rows, FIELDS)
    assert header.mapping() == {0: "first_name", 1: "last_name", 2: "national_id"}


def test_merged_name_heading_spans_two_columns(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["ชื่อ - สกุล", None, "เบอร์โทร"])
    ws.merge_cells("A1:B1")
    ws.append(["นายสมชาย", "ใจดี", "0812345678"])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    header = detect_header(read_table(path).rows, FIELDS)
    assert header.mapping() == {0: "first_name", 1: "last_name", 2: "phone"}


def test_no_header_gives_none(tmp_path):
    path = xlsx(tmp_path, [["ก", "ข"], [1, 2]])
    assert detect_header(read_table(path).rows, FIELDS) is None


def test_overrides_by_letter_and_header(tmp_path):
    path = xlsx(tmp_path, [["ชื่อ-สกุล", "เบอร์โทร", "อื่น"], ["นายก ข", "0812345678", "x"]])
    header = detect_header(read_table(path).rows, FIELDS)
    apply_overrides(header, {"C": "organisation", "เบอร์โทร": ""}, FIELDS)
    assert header.mapping() == {0: "full_name", 2: "organisation"}
    apply_overrides(header, {"B": "organisation"}, FIELDS)  # a field moves, never doubles
    assert header.mapping() == {0: "full_name", 1: "organisation"}
    with pytest.raises(UserError):
        apply_overrides(header, {"B": "religion"}, FIELDS)
    with pytest.raises(UserError):
        apply_overrides(header, {"ไม่มีคอลัมน์นี้": "phone"}, FIELDS)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_csv_encodings_and_delimiters(tmp_path, encoding):
    path = tmp_path / "x.csv"
    path.write_bytes("ชื่อ;นามสกุล\r\nสมชาย;ใจดี\r\n\r\nมาลี;ศรีสุข\r\n".encode(encoding))
    table = read_table(path)
    assert [n for n, _ in table.rows] == [1, 2, 4]
    assert table.rows[1][1] == ("สมชาย", "ใจดี")


def test_reader_refuses_other_files(tmp_path):
    for name, fragment in (("a.xls", ".xlsx"), ("a.pdf", ".xlsx"), ("missing.xlsx", "ไม่พบ")):
        path = tmp_path / name
        if name != "missing.xlsx":
            path.write_bytes(b"junk")
        with pytest.raises(UserError, match=fragment):
            read_table(path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UserError, match="เปิดไฟล์ Excel ไม่ได้"):
        read_table(broken)


def test_template_reads_back_as_header(tmp_path):
    out = write_template(FIELDS[1:], tmp_path / "tpl.xlsx", title="แบบฟอร์ม", notes=["กรอกหนึ่งคนต่อแถว"])
    header = detect_header(read_table(out).rows, FIELDS)
    assert header.rows == [3]
    assert set(header.mapping().values()) == {f.name for f in FIELDS[1:]}
    wb = load_workbook(out)
    assert wb.sheetnames == ["รายชื่อ", "คำอธิบาย"]
    with pytest.raises(UserError):
        write_template(FIELDS, tmp_path / "tpl.csv", title="x")


@given(st.text(alphabet=st.sampled_from(list("กขคนมยรลวสหอาำิีึืุู่้๊๋็์ํเแโใไ ะั\u200b\t\n-.12๑๒ aZ")), max_size=30))
def test_fast_clean_text_matches_normalize_text(text):
    from moi_desktop.thai import normalize_text
    from moi_desktop.thai.text import clean_text

    assert clean_text(text) == normalize_text(text)


def test_clean_text_of_cell_values():
    from moi_desktop.thai.text import clean_text

    assert [clean_text(v) for v in (None, 12.0, 12.5, 812345678, "  a  b ")] == ["", "12", "12.5", "812345678", "a b"]
