"""`python main.py --smoke`: the real entry point builds its window and exits 0 (CI's install check)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_main(tmp_path, *args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MOI_DESKTOP_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.mark.slow
def test_demo_smoke_exits_zero_and_logs(tmp_path):
    result = run_main(tmp_path, "--demo", "--smoke")
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    assert (data / "demo.sqlite3").stat().st_size > 0
    log = (data / "logs" / "moi_desktop.log").read_text(encoding="utf-8")
    assert "starting" in log and "exit 0" in log
    assert "document self-check" in log  # the installation can make Thai documents
    assert (data / "logs" / "faulthandler.log").exists()
    # --demo opens the demo database again while it is current (no 3 s rebuild at each
    # start); --new-demo builds a new one.
    assert "reusing the demo database" not in log
    assert run_main(tmp_path, "--demo", "--exit-when-shown").returncode == 0
    log = (data / "logs" / "moi_desktop.log").read_text(encoding="utf-8")
    assert log.count("reusing the demo database") == 1
    first_inode = (data / "demo.sqlite3").stat().st_ino, (data / "demo.sqlite3").stat().st_ctime_ns
    assert run_main(tmp_path, "--demo", "--new-demo", "--smoke").returncode == 0
    log = (data / "logs" / "moi_desktop.log").read_text(encoding="utf-8")
    assert log.count("reusing the demo database") == 1 and log.count("exit 0") == 3
    assert ((data / "demo.sqlite3").stat().st_ino, (data / "demo.sqlite3").stat().st_ctime_ns) != first_inode


@pytest.mark.slow
def test_smoke_on_a_new_database_builds_the_wizard_without_blocking(tmp_path):
    db = tmp_path / "new.sqlite3"
    result = run_main(tmp_path, "--db", str(db), "--smoke")
    assert result.returncode == 0, result.stderr
    assert db.exists()


def test_unreadable_database_is_refused_with_exit_code_1(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    result = run_main(tmp_path, "--db", str(bad), "--smoke")
    assert result.returncode == 1
    log = (tmp_path / "data" / "logs" / "moi_desktop.log").read_text(encoding="utf-8")
    assert "ไม่ใช่ฐานข้อมูลของโปรแกรม" in log
