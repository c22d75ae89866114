"""`officials …` and `letter …` end to end: officials, a memo written, issued, rendered, a
covering memo numbered at once, a cancelled number, the register in JSON and as a report."""

import json

import pytest
from pypdf import PdfReader

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.documents.garuda import placeholder_garuda
from moi_desktop.office import default_office_for_district, save_office, set_office_garuda


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages).replace("\u0e4d\u0e32", "\u0e33")


@pytest.fixture
def office_db(db_path):
    db = open_database(db_path)
    office = default_office_for_district(db, "6201")
    office.ref_prefix = "กพ 0318"
    save_office(db, office)
    set_office_garuda(db, placeholder_garuda())
    db.close()
    return db_path


def run(capsys, *argv) -> str:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out.strip()


def test_officials_letters_register_from_the_command_line(office_db, capsys, tmp_path):
    db = str(office_db)
    official = run(capsys, "officials", "add", "--db", db, "--title", "นาย", "--name", "สมชาย ใจดี",
                   "--position", "นายอำเภอเมืองกำแพงเพชร")
    run(capsys, "officials", "edit", official, "--db", db, "--signature-position",
        "นายอำเภอเมืองกำแพงเพชร\\nรักษาการแทน")
    (listed,) = json.loads(run(capsys, "officials", "list", "--db", db))
    assert listed["signature_position"] == "นายอำเภอเมืองกำแพงเพชร\nรักษาการแทน"

    letter = run(capsys, "letter", "new", "--db", db, "--kind", "memo", "--subject", "ขอส่งรายงานประจำเดือน",
                 "--to", "ผู้ว่าราชการจังหวัดกำแพงเพชร", "--body", "ด้วยอำเภอได้จัดทำรายงานแล้ว",
                 "--body", "จึงเรียนมาเพื่อโปรดทราบ", "--signer", official)
    (row,) = json.loads(run(capsys, "letter", "list", "--db", db, "--status", "draft"))
    assert row["id"] == letter and row["subject"] == "ขอส่งรายงานประจำเดือน"
    entry = json.loads(run(capsys, "letter", "issue", letter, "--db", db, "--date", "2026-12-05"))
    assert entry["number"] == 1 and entry["reference"] == "ที่ กพ ๐๓๑๘/๑"
    out = tmp_path / "memo.pdf"
    run(capsys, "letter", "render", letter, "--db", db, "--out", str(out))
    text = pdf_text(out)
    assert "กพ ๐๓๑๘/๑" in text and "ขอส่งรายงานประจำเดือน" in text and "รักษาการแทน" in text

    covering = json.loads(run(capsys, "letter", "covering", "--db", db, "--subject", "รายงานทะเบียนภาคีเครือข่าย",
                              "--attachment", "รายงาน จำนวน ๑ ชุด", "--issue", "--date", "2026-12-05"))
    assert covering["number"] == 2 and covering["kind"] == "covering"
    assert covering["to"] == "ผู้ว่าราชการจังหวัดกำแพงเพชร"

    other = json.loads(run(capsys, "letter", "number", "--db", db, "--to", "นายก อบต.", "--subject", "เชิญประชุม",
                           "--date", "5/12/2569"))
    assert other["number"] == 3
    cancelled = json.loads(run(capsys, "letter", "cancel", other["id"], "--db", db, "--reason", "ผิดเรื่อง"))
    assert cancelled["status"] == "cancelled"
    run(capsys, "letter", "cancel", letter, "--db", db, "--reason", "ส่งซ้ำ")
    register = json.loads(run(capsys, "letter", "register", "--db", db))
    assert [(e["number"], e["status"]) for e in register] == [(1, "cancelled"), (2, "issued"), (3, "cancelled")]

    copy = run(capsys, "letter", "duplicate", letter, "--db", db)
    assert copy != letter

    pdf = tmp_path / "register.pdf"
    run(capsys, "report", "correspondence.register", "--db", db, "--out", str(pdf), "--param", "year=2569")
    assert "ทะเบียนหนังสือส่ง" in pdf_text(pdf)


def test_bad_input_is_a_thai_error(office_db, capsys):
    assert main(["officials", "add", "--db", str(office_db), "--name", " ", "--position", "ปลัด"]) != 0
    assert "กรุณากรอกชื่อ" in capsys.readouterr().err
    draft = run(capsys, "letter", "new", "--db", str(office_db), "--subject", "ก")
    assert main(["letter", "issue", draft, "--db", str(office_db)]) != 0
    assert "ยังออกเลขไม่ได้" in capsys.readouterr().err
    assert main(["letter", "new", "--db", str(office_db), "--field", "novalue"]) != 0
    assert "KEY=VALUE" in capsys.readouterr().err
