"""`init`, `info` and `demo` end to end: exit codes, Thai messages, JSON shape, counts."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import moi_desktop
from moi_desktop.cli import main
from moi_desktop.db import connect, migrations, open_database, soft_delete

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The real process, as a clerk would run it (env carries the test's isolated data dir)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "moi_desktop", *map(str, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def call(capsys, *args) -> tuple[int, str, str]:
    """In-process run of the CLI (fast) for the many small cases."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def user_tables(path) -> set[str]:
    db = connect(path)
    try:
        return {
            r[0]
            for r in db.execute("SELECT name FROM pragma_table_list WHERE schema='main' AND type='table'")
            if not r[0].startswith("sqlite_")
        }
    finally:
        db.close()


# --- subprocess: the real entry point -----------------------------------------------------------


@pytest.mark.slow
def test_init_then_info_as_processes(tmp_path):
    path = tmp_path / "office.sqlite3"
    done = run_cli("init", "--db", path, "--district", "6205", "--json")
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    assert created["office"]["district_code"] == "6205"

    done = run_cli("info", "--db", path, "--json")
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["schema_version"] == migrations.count()
    assert info["app_version"] == moi_desktop.__version__
    assert info["installation_id"] == created["installation_id"]
    office = info["office"]
    assert office["district_name"] == "คลองขลุง" and office["province_name"] == "กำแพงเพชร"
    assert office["org_name"] == "ที่ทำการปกครองอำเภอคลองขลุง จังหวัดกำแพงเพชร"
    assert office["chief_position"] == "นายอำเภอคลองขลุง"
    counts = info["counts"]
    assert (counts["provinces"], counts["districts"], counts["subdistricts"]) == (77, 928, 7436)
    assert counts["office"] == 1 and counts["sdgs"] == 17
    assert "deleted_at" in info["counts_note"]
    # Every table is listed (the FTS case has its own test), migration bookkeeping is not.
    assert set(counts) >= {"meta", "office", "provinces", "districts", "subdistricts", "sdgs", "sectors",
                           "project_categories", "indicator_categories", "indicators"}
    assert "_sqlite_migrations" not in counts and "_sqlite_migrations" in user_tables(path)
    assert set(counts) == user_tables(path) - {"_sqlite_migrations"}


def test_bad_district_exits_2_in_thai_and_creates_nothing(tmp_path):
    folder = tmp_path / "office"
    folder.mkdir()
    done = run_cli("init", "--db", folder / "x.sqlite3", "--district", "9999")
    assert done.returncode == 2
    assert "ไม่พบรหัสอำเภอ 9999" in done.stderr
    assert done.stdout == ""
    assert list(folder.iterdir()) == []


@pytest.mark.slow
def test_demo_as_process(tmp_path):
    path = tmp_path / "demo.sqlite3"
    done = run_cli("demo", "--db", path, "--seed", "2", "--json")
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["office"]["district_name"] == "ตะพานหิน"
    assert info["counts"]["subdistricts"] == 7436

    done = run_cli("demo", "--db", path)
    assert done.returncode == 2
    assert "มีไฟล์" in done.stderr and "--force" in done.stderr


# --- init ---------------------------------------------------------------------------------------


def test_init_refuses_a_configured_database(tmp_path, capsys):
    path = tmp_path / "o.sqlite3"
    assert call(capsys, "init", "--db", path, "--district", "6205")[0] == 0
    code, out, err = call(capsys, "init", "--db", path, "--district", "6604")
    assert code == 2
    assert "ตั้งค่าสำนักงานไว้แล้ว" in err
    db = open_database(path)
    try:
        assert db.execute("SELECT district_code FROM office").fetchall() == [("6205",)]
    finally:
        db.close()


def test_init_force_reconfigures_the_office_and_keeps_data(tmp_path, capsys):
    path = tmp_path / "o.sqlite3"
    call(capsys, "init", "--db", path, "--district", "6205")
    db = open_database(path)
    indicator = db.execute("SELECT id FROM indicators ORDER BY number LIMIT 1").fetchone()[0]
    soft_delete(db, "indicators", indicator)
    db.close()
    code, out, err = call(capsys, "init", "--db", path, "--district", "6604", "--force", "--json")
    assert code == 0, err
    info = json.loads(out)
    assert info["office"]["district_name"] == "ตะพานหิน"
    assert info["counts"]["office"] == 1
    assert info["counts"]["indicators"] == 26  # the earlier deletion survived, and is not counted


def test_init_accepts_the_office_header_flags(tmp_path, capsys):
    code, out, err = call(
        capsys, "init", "--db", tmp_path / "o.sqlite3", "--district", "๖๒๐๕", "--json",
        "--org-name", "ที่ว่าการอำเภอคลองขลุง", "--ref-prefix", "กพ ๐๓๑๘", "--phone", "0 5578 1234",
        "--chief-name", "นายสมมุติ ทดสอบดี", "--chief-position", "นายอำเภอคลองขลุง",
    )
    assert code == 0, err
    office = json.loads(out)["office"]
    assert office["district_code"] == "6205"  # Thai digits accepted
    assert (office["org_name"], office["ref_prefix"], office["phone"], office["chief_name"]) == (
        "ที่ว่าการอำเภอคลองขลุง", "กพ ๐๓๑๘", "0 5578 1234", "นายสมมุติ ทดสอบดี",
    )


def test_init_rejects_a_bad_phone_and_leaves_no_file(tmp_path, capsys):
    path = tmp_path / "o.sqlite3"
    code, out, err = call(capsys, "init", "--db", path, "--district", "6205", "--phone", "12")
    assert code == 2 and "(--phone)" in err
    assert not path.exists()


def test_init_by_name(tmp_path, capsys):
    code, out, err = call(capsys, "init", "--db", tmp_path / "a.sqlite3", "--district", "คลองขลุง", "--json")
    assert code == 0, err
    assert json.loads(out)["office"]["district_code"] == "6205"


def test_init_by_ambiguous_name_lists_candidates(tmp_path, capsys):
    path = tmp_path / "a.sqlite3"
    code, out, err = call(capsys, "init", "--db", path, "--district", "เฉลิมพระเกียรติ")
    assert code == 2
    assert "หลายอำเภอ" in err and "จ.น่าน" in err and "5515" in err and "--province" in err
    assert not path.exists()
    code, out, err = call(capsys, "init", "--db", path, "--district", "เฉลิมพระเกียรติ", "--province", "น่าน", "--json")
    assert code == 0, err
    assert json.loads(out)["office"]["district_code"] == "5515"


def test_init_by_unknown_name_suggests(tmp_path, capsys):
    code, out, err = call(capsys, "init", "--db", tmp_path / "a.sqlite3", "--district", "เมือง")
    assert code == 2
    assert 'ไม่พบอำเภอชื่อ "เมือง"' in err and "ชื่อที่ใกล้เคียง" in err


def test_init_prints_thai_confirmation(tmp_path, capsys):
    code, out, err = call(capsys, "init", "--db", tmp_path / "a.sqlite3", "--district", "6205")
    assert code == 0
    assert "สร้างฐานข้อมูล" in out and "อำเภอคลองขลุง จังหวัดกำแพงเพชร" in out


# --- info ---------------------------------------------------------------------------------------


def test_info_missing_database(tmp_path, capsys):
    path = tmp_path / "missing.sqlite3"
    code, out, err = call(capsys, "info", "--db", path, "--json")
    assert code == 2
    assert "ไม่พบไฟล์ฐานข้อมูล" in err
    assert not path.exists()


def test_info_on_unconfigured_database(tmp_path, capsys):
    path = tmp_path / "bare.sqlite3"
    open_database(path).close()
    code, out, err = call(capsys, "info", "--db", path, "--json")
    assert code == 0
    info = json.loads(out)
    assert info["office"] is None and info["counts"]["office"] == 0
    code, out, err = call(capsys, "info", "--db", path)
    assert "ยังไม่ได้ตั้งค่า" in out


def test_info_text_summary(tmp_path, capsys):
    path = tmp_path / "o.sqlite3"
    call(capsys, "init", "--db", path, "--district", "6205")
    code, out, err = call(capsys, "info", "--db", path)
    assert code == 0
    assert "ที่ทำการปกครองอำเภอคลองขลุง" in out
    assert "จำนวนข้อมูล" in out
    assert any(line.split() == ["subdistricts", "7,436"] for line in out.splitlines())


def test_info_skips_fts_shadow_tables(tmp_path, capsys):
    path = tmp_path / "o.sqlite3"
    db = open_database(path)
    db["notes"].insert({"text": "ทดสอบ"})
    db["notes"].enable_fts(["text"], tokenize="trigram")
    db.close()
    code, out, err = call(capsys, "info", "--db", path, "--json")
    counts = json.loads(out)["counts"]
    assert counts["notes"] == 1
    assert not [name for name in counts if name.startswith("notes_fts")]


@pytest.fixture
def extra_module(tmp_path, monkeypatch):
    """A throw-away top-level module of moi_desktop, to exercise the info_extra convention."""
    folder = tmp_path / "pkg"
    folder.mkdir()
    monkeypatch.setattr(moi_desktop, "__path__", [*moi_desktop.__path__, str(folder)])

    def write(body: str) -> None:
        (folder / "zz_info_probe.py").write_text(textwrap.dedent(body), encoding="utf-8")

    yield write
    sys.modules.pop("moi_desktop.zz_info_probe", None)


def test_areas_contribute_info_keys(tmp_path, capsys, extra_module):
    extra_module(
        """
        def info_extra(db):
            return {"probe": {"provinces": db.execute("SELECT count(*) FROM provinces").fetchone()[0]}}
        """
    )
    path = tmp_path / "o.sqlite3"
    open_database(path).close()
    code, out, err = call(capsys, "info", "--db", path, "--json")
    assert code == 0, err
    assert json.loads(out)["probe"] == {"provinces": 77}


def test_info_extra_may_not_replace_base_keys(tmp_path, capsys, extra_module):
    extra_module(
        """
        def info_extra(db):
            return {"counts": {}}
        """
    )
    path = tmp_path / "o.sqlite3"
    open_database(path).close()
    with pytest.raises(RuntimeError, match="counts"):
        main(["info", "--db", str(path), "--json"])


# --- demo ---------------------------------------------------------------------------------------


def test_demo_force_replaces_any_file(tmp_path, capsys):
    path = tmp_path / "d.sqlite3"
    call(capsys, "init", "--db", path, "--district", "6205")
    code, out, err = call(capsys, "demo", "--db", path)
    assert code == 2 and "--force" in err
    code, out, err = call(capsys, "demo", "--db", path, "--force", "--seed", "3")
    assert code == 0, err
    assert "สร้างฐานข้อมูลตัวอย่าง" in out and "อำเภอนาคู จังหวัดกาฬสินธุ์" in out


def test_demo_into_a_folder_is_refused(tmp_path, capsys):
    code, out, err = call(capsys, "demo", "--db", tmp_path, "--force")
    assert code == 2 and "โฟลเดอร์" in err


def test_init_on_a_file_that_is_not_a_database_keeps_it(tmp_path, capsys):
    path = tmp_path / "notes.sqlite3"
    path.write_text("ไม่ใช่ฐานข้อมูล " * 200, encoding="utf-8")
    before = path.read_bytes()
    code, out, err = call(capsys, "init", "--db", path, "--district", "6205")
    assert code == 2 and "ไม่ใช่ฐานข้อมูล" in err
    assert path.read_bytes() == before


def test_every_command_help_renders(capsys):
    """argparse formats help with %: an unescaped % in any help text crashes --help."""
    import argparse

    from moi_desktop.cli import build_parser

    def walk(parser):
        parser.format_help()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    walk(sub)

    walk(build_parser())
