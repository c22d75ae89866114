"""Report registry and `python -m moi_desktop report` end to end."""

import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from moi_desktop.cli import main
from moi_desktop.errors import UserError
from moi_desktop.office import default_office_for_district, save_office
from moi_desktop.reports import available_reports, get_report, render_report, resolve_params

KEY = "reference.districts"


@pytest.fixture
def office_db(db):
    save_office(db, default_office_for_district(db, "9307"))  # ศรีบรรพต, พัทลุง
    return db


def test_registry_lists_foundation_report(office_db):
    keys = [s.key for s in available_reports(office_db)]
    assert KEY in keys
    spec = get_report(KEY)
    assert spec.title_th == "ข้อมูลพื้นฐาน: อำเภอและตำบลในจังหวัด"
    assert resolve_params(office_db, spec, {}) == {"province": "93"}  # the office's province


def test_foundation_report_counts(office_db, tmp_path):
    n_districts, n_sub = office_db.execute(
        "SELECT COUNT(DISTINCT d.district_code), COUNT(s.subdistrict_code) FROM districts d "
        "JOIN subdistricts s ON s.district_code = d.district_code WHERE d.province_code = '93'").fetchone()
    pdf = render_report(office_db, KEY, tmp_path / "r.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\u0e4d\u0e32", "\u0e33")
    assert "อำเภอและตำบลในจังหวัดพัทลุง" in text and "ศรีบรรพต" in text
    xlsx = render_report(office_db, KEY, tmp_path / "r.xlsx")
    data = list(load_workbook(xlsx)["ข้อมูล"].iter_rows(values_only=True))
    assert len(data) - 1 == n_districts
    assert sum(row[3] for row in data[1:]) == n_sub
    assert not list(tmp_path.glob(".moi-*"))


def test_bad_requests_are_user_errors(office_db, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(UserError, match="ไม่พบรายงาน"):
        render_report(office_db, "nope", tmp_path / "r.pdf")
    with pytest.raises(UserError, match=".pdf หรือ .xlsx"):
        render_report(office_db, KEY, tmp_path / "r.docx")
    with pytest.raises(UserError, match="ไม่อยู่ในรายการ"):
        render_report(office_db, KEY, tmp_path / "r.pdf", {"province": "99"})
    with pytest.raises(UserError, match="ไม่มีตัวเลือก"):
        render_report(office_db, KEY, tmp_path / "r.pdf", {"colour": "red"})
    assert not list(tmp_path.iterdir())


def test_cli_list_and_render(office_db, db_path, tmp_path, capsys):
    assert main(["report", "list", "--db", str(db_path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert KEY in [r["key"] for r in listed]
    out = tmp_path / "จังหวัด.xlsx"
    assert main(["report", KEY, "--db", str(db_path), "--out", str(out), "--param", "province=10"]) == 0
    assert str(out) in capsys.readouterr().out
    assert load_workbook(out)["ข้อมูล"].max_row == 51  # Bangkok: 50 khet


@pytest.mark.parametrize("args, message", [
    (["report", "nope", "--out", "x.pdf"], "ไม่พบรายงาน"),
    (["report", KEY, "--out", "x.txt"], ".pdf หรือ .xlsx"),
    (["report", KEY, "--out", "x.pdf", "--param", "oops"], "ชื่อ=ค่า"),
])
def test_cli_errors_exit_2_in_thai(office_db, db_path, tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    assert main([*args, "--db", str(db_path)]) == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.glob("x.*"))


@pytest.mark.slow
def test_cli_subprocess_pdf(office_db, db_path, tmp_path):
    out = tmp_path / "r.pdf"
    done = subprocess.run([sys.executable, "-m", "moi_desktop", "report", KEY, "--db", str(db_path), "--out",
                           str(out)], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
