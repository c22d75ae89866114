"""`lookup district` / `lookup province` end to end: JSON shape, text table, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from moi_desktop.cli import main
from moi_desktop.db import open_database

REPO = Path(__file__).resolve().parents[2]


def call(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_district_json_without_db(capsys, _isolated_data_dir):
    code, out, err = call(capsys, "lookup", "district", "เขียงของ", "--province", "เขียงราย", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert 1 <= len(found) <= 5
    top = {"code": "5703", "name": "เชียงของ", "province": "เชียงราย", "province_code": "57", "score": 97.0}
    assert found[0] == top
    assert all(set(c) == {"code", "name", "province", "province_code", "score"} for c in found)
    assert [c["score"] for c in found] == sorted((c["score"] for c in found), reverse=True)
    assert list(_isolated_data_dir.iterdir()) == []  # no database left behind


def test_district_with_db_limit_and_words(capsys, tmp_path):
    db_path = tmp_path / "office.sqlite3"
    open_database(db_path).close()
    args = ["lookup", "district", "อ.เชียงของ", "จ.เชียงราย", "--db", db_path, "--limit", 2, "--json"]
    code, out, _ = call(capsys, *args)
    assert code == 0
    found = json.loads(out)
    assert len(found) == 2 and found[0]["code"] == "5703" and found[0]["score"] == 100.0


def test_district_text_table(capsys):
    code, out, _ = call(capsys, "lookup", "district", "กุตุรง", "--province", "มหาสารคาม")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["รหัส", "อำเภอ/เขต", "จังหวัด", "คะแนน"]
    assert lines[1].split() == ["4412", "กุดรัง", "มหาสารคาม", "90.0"]


def test_province_json_and_text(capsys):
    code, out, _ = call(capsys, "lookup", "province", "อุดรดิตต์", "--json")
    assert code == 0
    found = json.loads(out)
    assert (found[0]["code"], found[0]["name"]) == ("53", "อุตรดิตถ์")
    assert set(found[0]) == {"code", "name", "name_en", "score"}
    code, out, _ = call(capsys, "lookup", "province", "กทม")
    assert code == 0 and out.splitlines()[1].split()[:2] == ["10", "กรุงเทพมหานคร"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["district", " "], "กรุณาระบุชื่ออำเภอ"),
        (["district", "qqqqzzzz"], "ไม่พบอำเภอ"),
        (["district", "เชียงของ", "--province", "zzzzzz"], "ไม่พบจังหวัด"),
        (["district", "เชียงของ", "--limit", "0"], "จำนวนผลลัพธ์"),
        (["province", "qqqqzzzz"], "ไม่พบจังหวัด"),
    ],
)
def test_failures_exit_nonzero_with_thai_message(capsys, args, message):
    code, out, err = call(capsys, "lookup", *args)
    assert code == 2 and out == ""
    assert message in err


def test_missing_db_file_is_refused(capsys, tmp_path):
    code, _, err = call(capsys, "lookup", "district", "เชียงของ", "--db", tmp_path / "none.sqlite3")
    assert code == 2 and "ไม่พบไฟล์ฐานข้อมูล" in err
    assert not (tmp_path / "none.sqlite3").exists()


def test_real_process_prints_utf8_json():
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "moi_desktop", "lookup", "district", "แหลมฉบัง", "--province", "ตราด", "--json"],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["name"] == "แหลมงอบ"
