"""`init --province`: a province-office installation, with Thai messages and nothing left behind
on bad input; `--district` with `--province` as a name hint still makes a district office."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.office import get_office

REPO = Path(__file__).resolve().parents[2]


def call(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_init_province_by_code(tmp_path, capsys):
    path = tmp_path / "p.sqlite3"
    code, out, err = call(capsys, "init", "--db", path, "--province", "62", "--json")
    assert code == 0, err
    office = json.loads(out)["office"]
    assert (office["level"], office["province_code"], office["district_code"]) == ("province", "62", None)
    assert office["org_name"] == "ที่ทำการปกครองจังหวัดกำแพงเพชร"
    assert office["chief_position"] == "ผู้ว่าราชการจังหวัดกำแพงเพชร"
    db = open_database(path)
    try:
        assert get_office(db).level == "province"
        from moi_desktop.exchange import is_province_office
        from moi_desktop.reports import district_param

        assert is_province_office(db) and district_param().choices(db) == [("", "ทุกอำเภอ")]
    finally:
        db.close()


def test_init_province_by_name_and_thai_digits(tmp_path, capsys):
    code, out, err = call(capsys, "init", "--db", tmp_path / "a.sqlite3", "--province", "จ.กำแพงเพ็ชร", "--json")
    assert code == 0, err
    assert json.loads(out)["office"]["province_code"] == "62"
    code, out, err = call(capsys, "init", "--db", tmp_path / "b.sqlite3", "--province", "๖๒", "--json")
    assert code == 0, err
    assert json.loads(out)["office"]["province_code"] == "62"


def test_init_bangkok_has_its_own_names(tmp_path, capsys):
    code, out, err = call(capsys, "init", "--db", tmp_path / "b.sqlite3", "--province", "กรุงเทพ", "--json")
    assert code == 0, err
    office = json.loads(out)["office"]
    assert (office["province_code"], office["org_name"], office["chief_position"]) == (
        "10", "กรุงเทพมหานคร", "ผู้ว่าราชการกรุงเทพมหานคร")


def test_init_province_overrides_and_thai_confirmation(tmp_path, capsys):
    path = tmp_path / "p.sqlite3"
    code, out, err = call(capsys, "init", "--db", path, "--province", "62", "--ref-prefix", "กพ ๐๐๑๗",
                          "--chief-name", "นายสมชาย ใจดี")
    assert code == 0, err
    assert "ที่ทำการปกครองจังหวัดกำแพงเพชร" in out and "สำนักงานระดับจังหวัด" in out
    db = open_database(path)
    try:
        office = get_office(db)
        assert (office.ref_prefix, office.chief_name) == ("กพ ๐๐๑๗", "นายสมชาย ใจดี")
    finally:
        db.close()
    code, out, err = call(capsys, "info", "--db", path)
    assert code == 0 and "สำนักงานระดับจังหวัด: จังหวัดกำแพงเพชร" in out


def test_district_with_province_hint_is_still_a_district_office(tmp_path, capsys):
    code, out, err = call(capsys, "init", "--db", tmp_path / "a.sqlite3", "--district", "เฉลิมพระเกียรติ",
                          "--province", "น่าน", "--json")
    assert code == 0, err
    office = json.loads(out)["office"]
    assert (office["level"], office["district_code"]) == ("district", "5515")


def test_bad_province_input_exits_2_in_thai_and_leaves_no_file(tmp_path, capsys):
    path = tmp_path / "x.sqlite3"
    cases = [
        (["--province", "99"], "ไม่พบรหัสจังหวัด 99"),
        (["--province", "xqzv"], 'ไม่พบจังหวัดชื่อ "xqzv"'),
        (["--province", "สุพรรณ"], "ชื่อที่ใกล้เคียง: 72 สุพรรณบุรี"),
        (["--province", "  "], "กรุณาระบุรหัสหรือชื่อจังหวัด"),
        ([], "กรุณาระบุ --district (สำนักงานอำเภอ) หรือ --province (สำนักงานจังหวัด)"),
    ]
    for extra, message in cases:
        code, _, err = call(capsys, "init", "--db", path, *extra)
        assert code == 2, extra
        assert message in err, (extra, err)
        assert "Traceback" not in err
        assert not path.exists(), extra


def test_reconfiguring_needs_force(tmp_path, capsys):
    path = tmp_path / "d.sqlite3"
    assert call(capsys, "init", "--db", path, "--district", "6205")[0] == 0
    code, out, err = call(capsys, "init", "--db", path, "--province", "62")
    assert code == 2 and "--force" in err
    code, out, err = call(capsys, "init", "--db", path, "--province", "62", "--force", "--json")
    assert code == 0, err
    assert json.loads(out)["office"]["level"] == "province"


@pytest.mark.slow
def test_real_process(tmp_path):
    path = tmp_path / "p.sqlite3"
    done = subprocess.run([sys.executable, "-m", "moi_desktop", "init", "--db", str(path), "--province", "62"],
                          cwd=REPO, env=dict(os.environ, PYTHONIOENCODING="utf-8"), capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "ที่ทำการปกครองจังหวัดกำแพงเพชร" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "moi_desktop", "init", "--db", str(tmp_path / "q.sqlite3"),
                          "--province", "00"], cwd=REPO, env=dict(os.environ, PYTHONIOENCODING="utf-8"),
                         capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert bad.returncode == 2 and "ไม่พบรหัสจังหวัด 00" in bad.stderr
    assert not (tmp_path / "q.sqlite3").exists()
