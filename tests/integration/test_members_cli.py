"""Headless members commands: import (JSON contract), template, list, merge, PDPA tools."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.members import get_member
from tests.data.members.make_workbooks import write_registrant_workbook

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def setup(tmp_path, db_path):
    open_database(db_path).close()
    path = tmp_path / "registrants.xlsx"
    return db_path, path, write_registrant_workbook(path)


def run_json(capsys, argv):
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_import_json_contract_subprocess(setup):
    db_path, path, expected = setup
    cmd = [sys.executable, "-m", "moi_desktop", "import", "members", str(path), "--db", str(db_path),
           "--dry-run", "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=True)
    out = json.loads(done.stdout)
    assert list(out) == ["rows", "valid", "imported", "errors", "duplicates", "warnings"]
    assert out["imported"] == 0 and out["valid"] == expected["valid"]
    assert all(set(e) == {"row", "field", "message"} for e in out["errors"] + out["warnings"])
    assert all(set(d) == {"row", "of"} for d in out["duplicates"])


def test_import_then_reimport(setup, capsys, tmp_path):
    db_path, path, expected = setup
    errors_out = tmp_path / "problems.xlsx"
    first = run_json(capsys, ["import", "members", str(path), "--db", str(db_path), "--json",
                              "--errors-out", str(errors_out)])
    assert first["imported"] == expected["imported"]
    assert {e["row"] for e in first["errors"]} == set(expected["errors"])
    assert load_workbook(errors_out).active.max_row > 1
    again = run_json(capsys, ["import", "members", str(path), "--db", str(db_path), "--json"])
    assert again["imported"] == 0 and len(again["duplicates"]) == expected["valid"]
    db = open_database(db_path)
    ids = {r[0] for r in db.execute("SELECT id FROM members")}
    db.close()
    assert {d["of"] for d in again["duplicates"]} <= ids


def test_import_map_override_and_defaults(setup, capsys):
    db_path, path, _ = setup
    # Ignore the phone column: the bad phone of row 18 is then never read.
    out = run_json(capsys, ["import", "members", str(path), "--db", str(db_path), "--json", "--dry-run",
                            "--map", "E=", "--set", "team_role=forum"])
    assert 18 not in {e["row"] for e in out["errors"]}  # the bad phone is no longer read


def test_import_bad_map_is_a_thai_error(setup, capsys):
    db_path, path, _ = setup
    assert main(["import", "members", str(path), "--db", str(db_path), "--map", "E=religion"]) == 2
    assert "ไม่รู้จักช่องข้อมูล" in capsys.readouterr().err


def test_template_and_summary(tmp_path, db_path, capsys):
    open_database(db_path).close()
    out = tmp_path / "template.xlsx"
    assert main(["members", "template", "--out", str(out)]) == 0
    headers = [c.value for c in load_workbook(out).active[3]]
    assert "เลขประจำตัวประชาชน" in headers and "ภาคี" in headers
    # An empty template is a valid (empty) import.
    capsys.readouterr()
    assert main(["import", "members", str(out), "--db", str(db_path)]) == 0
    assert "อ่าน 0 แถว" in capsys.readouterr().out


def test_list_masks_ids_unless_asked(setup, capsys):
    db_path, path, expected = setup
    main(["import", "members", str(path), "--db", str(db_path), "--json"])
    masked = run_json(capsys, ["members", "list", "--db", str(db_path), "--search", "มาลี"])
    assert masked[0]["national_id"].count("x") == 8
    shown = run_json(capsys, ["members", "list", "--db", str(db_path), "--search", "มาลี", "--show-ids"])
    assert shown[0]["national_id"].replace("-", "") == expected["ids"]["B"]
    db = open_database(db_path)
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE action = 'export_personal'")]
    db.close()
    assert actions == ["export_personal"]


def test_duplicates_merge_export_erase_retention(setup, capsys, tmp_path):
    db_path, path, _ = setup
    main(["import", "members", str(path), "--db", str(db_path), "--json"])
    pairs = run_json(capsys, ["members", "duplicates", "--db", str(db_path)])
    assert len(pairs) == 1 and pairs[0]["kind"] == "similar_name"  # สมชาย ใจดี / ใจดีย์
    survivor, merged = pairs[0]["of"], pairs[0]["member"]
    assert main(["members", "merge", survivor, merged, "--db", str(db_path)]) == 0
    out = tmp_path / "person.json"
    assert main(["members", "export-person", survivor, "--db", str(db_path), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["merged_records"][0]["id"] == merged
    assert main(["members", "erase", survivor, "--db", str(db_path)]) == 2  # needs --yes
    assert main(["members", "erase", survivor, "--db", str(db_path), "--yes"]) == 0
    db = open_database(db_path)
    assert get_member(db, survivor)["erased_at"]
    db.close()
    assert run_json(capsys, ["members", "retention", "--db", str(db_path), "--years", "1"]) == []
