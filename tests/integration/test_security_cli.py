"""Headless security commands: users, acting as a named user, audit verify/list, backup/restore,
and the PDPA breach register."""

import json
import subprocess
import sys

import pytest

from moi_desktop.cli import main
from moi_desktop.db import insert_row, open_database
from moi_desktop.db.rows import create_sync_table
from moi_desktop.security import cli_actor, list_entries
from tests.fast_db import raw


@pytest.fixture
def db_path(migrated_db_path):
    """The commands here run on an already migrated database (saves the migrations per test)."""
    return migrated_db_path


@pytest.fixture
def run(capsys, monkeypatch):
    monkeypatch.delenv("MOI_DESKTOP_USER", raising=False)
    monkeypatch.delenv("MOI_DESKTOP_PASSWORD", raising=False)

    def invoke(*argv, env=None):
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        code = main([str(a) for a in argv])
        for key in env or {}:
            monkeypatch.delenv(key)
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


@pytest.fixture
def secured(run, db_path, tmp_path):
    """A database with an administrator and a trainer; returns the admin's password file."""
    code, out, err = run("users", "add", "--db", db_path, "admin", "--name", "ผู้ดูแล", "--role", "admin",
                         env={"MOI_DESKTOP_NEW_PASSWORD": "admin-pass-1"})
    assert code == 0, err
    pw = tmp_path / "admin.pw"
    pw.write_text("admin-pass-1\n", encoding="utf-8")
    code, _, err = run("users", "add", "--db", db_path, "krupa", "--name", "ครูปา", "--role", "trainer",
                       "--user", "admin", "--password-file", pw, env={"MOI_DESKTOP_NEW_PASSWORD": "train-pass-1"})
    assert code == 0, err
    return pw


def test_first_user_must_be_admin(run, db_path):
    code, _, err = run("users", "add", "--db", db_path, "somchai", "--name", "สมชาย", "--role", "clerk",
                       env={"MOI_DESKTOP_NEW_PASSWORD": "pass-1234"})
    assert code == 2 and "ผู้ดูแลระบบ" in err


def test_users_list_needs_login_once_users_exist(run, db_path, secured):
    code, _, err = run("users", "list", "--db", db_path, "--json")
    assert code == 2 and "--user" in err
    code, _, err = run("users", "list", "--db", db_path, "--user", "krupa", env={"MOI_DESKTOP_PASSWORD": "nope-nope"})
    assert code == 2 and "ไม่ถูกต้อง" in err
    code, _, err = run("users", "list", "--db", db_path, "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "train-pass-1"})
    assert code == 2 and "ไม่มีสิทธิ์จัดการบัญชีผู้ใช้" in err
    code, out, _ = run("users", "list", "--db", db_path, "--json", "--user", "admin", "--password-file", secured)
    assert code == 0
    assert {u["username"]: u["role"] for u in json.loads(out)} == {"admin": "admin", "krupa": "trainer"}


def test_passwd_own_and_by_admin(run, db_path, secured):
    code, _, err = run("users", "passwd", "--db", db_path, "krupa", "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "train-pass-1", "MOI_DESKTOP_NEW_PASSWORD": "train-pass-2"})
    assert code == 0, err
    code, _, err = run("users", "passwd", "--db", db_path, "admin", "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "train-pass-2", "MOI_DESKTOP_NEW_PASSWORD": "hijack-123"})
    assert code == 2 and "ไม่มีสิทธิ์" in err
    code, _, err = run("users", "passwd", "--db", db_path, "krupa", "--user", "admin", "--password-file", secured,
                       env={"MOI_DESKTOP_NEW_PASSWORD": "train-pass-3"})
    assert code == 0, err
    code, _, _ = run("users", "update", "--db", db_path, "krupa", "--role", "viewer", "--user", "krupa",
                     env={"MOI_DESKTOP_PASSWORD": "train-pass-3"})
    assert code == 2


def test_cli_actor_acts_as_system_until_users_exist_then_as_named_user(db, tmp_path, monkeypatch):
    monkeypatch.delenv("MOI_DESKTOP_USER", raising=False)
    monkeypatch.delenv("MOI_DESKTOP_PASSWORD", raising=False)

    class Args:
        user = None
        password_file = None

    assert cli_actor(Args(), db, "members.edit").username == "system"
    from moi_desktop.security import create_first_admin, create_user

    create_first_admin(db, "admin", "ผู้ดูแล", "admin-pass-1")
    create_user(db, "krupa", "ครูปา", "trainer", "train-pass-1")
    from moi_desktop.errors import UserError

    with pytest.raises(UserError):
        cli_actor(Args(), db, "members.edit")
    monkeypatch.setenv("MOI_DESKTOP_USER", "krupa")
    monkeypatch.setenv("MOI_DESKTOP_PASSWORD", "train-pass-1")
    with pytest.raises(UserError) as info:
        cli_actor(Args(), db, "members.export_personal")
    assert "ไม่มีสิทธิ์" in info.value.message
    assert cli_actor(Args(), db, "attendance.mark").username == "krupa"
    create_sync_table(db, "marks", {"x": str})
    insert_row(db, "marks", {"x": "1"})
    assert list_entries(db, table_name="marks")[0].actor == "krupa"


def test_audit_verify_detects_edit_behind_the_apps_back(db_path, db):
    create_sync_table(db, "notes", {"text": str})
    for i in range(5):
        insert_row(db, "notes", {"text": str(i)})
    db.close()
    cmd = [sys.executable, "-m", "moi_desktop", "audit", "verify", "--db", str(db_path)]
    ok = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    assert ok.returncode == 0 and "ครบถ้วน" in ok.stdout
    conn = raw(db_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'ghost' WHERE seq = 3")
    conn.close()
    bad = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    assert bad.returncode == 1
    assert "ลำดับที่ 3" in bad.stderr and "แก้ไข" in bad.stderr


def test_audit_list_with_filters(run, db_path, secured):
    code, out, err = run("audit", "list", "--db", db_path, "--action", "login", "--json",
                         "--user", "admin", "--password-file", secured)
    assert code == 0, err
    entries = json.loads(out)
    assert entries and all(e["action"] == "login" for e in entries)
    code, out, _ = run("audit", "list", "--db", db_path, "--table", "users", "--since", "01/01/2500", "--json",
                       "--user", "admin", "--password-file", secured)
    assert {e["action"] for e in json.loads(out)} == {"create"}
    code, _, err = run("audit", "list", "--db", db_path, "--since", "พรุ่งนี้",
                       "--user", "admin", "--password-file", secured)
    assert code == 2 and "--since" in err


def test_backup_and_restore_commands(run, db_path, secured, tmp_path):
    out_file = tmp_path / "usb" / "office.sqlite3"
    out_file.parent.mkdir()
    code, out, err = run("backup", "--db", db_path, "--out", out_file, "--json",
                         "--user", "admin", "--password-file", secured)
    assert code == 0, err
    assert json.loads(out)["file"] == str(out_file)
    code, _, err = run("restore", "--db", db_path, "--from", out_file, "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "train-pass-1"})
    assert code == 2 and "ไม่มีสิทธิ์กู้คืน" in err
    code, out, err = run("restore", "--db", db_path, "--from", out_file, "--json",
                         "--user", "admin", "--password-file", secured)
    assert code == 0, err
    result = json.loads(out)
    assert result["same_installation"] and result["safety_copy"]
    db = open_database(db_path)
    assert list_entries(db, action="restore")[0].actor == "admin"
    db.close()
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("x" * 100)
    code, _, err = run("restore", "--db", db_path, "--from", junk, "--user", "admin", "--password-file", secured)
    assert code == 2 and "ไม่ใช่ไฟล์สำรอง" in err


def test_breach_register_commands(run, db_path):
    code, out, err = run("breach", "add", "--db", db_path, "--description", "แฟลชไดรฟ์รายชื่อสูญหาย",
                         "--data", "ชื่อ เบอร์โทร", "--people", "120", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert added["status"] == "open" and added["deadline_text"].startswith("เหลือเวลาอีก 7")
    code, out, _ = run("breach", "add", "--db", db_path, "--description", "อีเมลส่งผิดคน",
                       "--discovered", "2024-01-01 09:00", "--json")
    assert json.loads(out)["deadline_text"].startswith("เกินกำหนด")
    code, out, _ = run("breach", "reported", "--db", db_path, added["id"], "--json")
    assert json.loads(out)["status"] == "reported"
    code, out, _ = run("breach", "list", "--db", db_path, "--open", "--json")
    assert [b["description"] for b in json.loads(out)] == ["อีเมลส่งผิดคน"]
    code, _, err = run("breach", "add", "--db", db_path, "--description", "x", "--discovered", "30 ส.ค.")
    assert code == 2 and "รูปแบบวันเวลา" in err


def test_demo_database_commands_run_without_login(tmp_path, monkeypatch):
    from moi_desktop.demo import build_demo
    from moi_desktop.demo.security import DEMO_PASSWORD

    monkeypatch.delenv("MOI_DESKTOP_USER", raising=False)
    demo = open_database(build_demo(tmp_path / "demo.sqlite3"))

    class Args:
        user = None
        password_file = None

    assert cli_actor(Args(), demo, "members.edit").username == "system"
    monkeypatch.setenv("MOI_DESKTOP_PASSWORD", DEMO_PASSWORD)
    Args.user = "trainer"
    assert cli_actor(Args(), demo, "attendance.mark").username == "trainer"  # named users still log in
    demo.close()


def test_safety_settings(run, db_path, secured):
    code, out, _ = run("safety", "--db", db_path, "--json")
    assert code == 0 and json.loads(out) == {"lock_minutes": 10, "backup_keep": 10}
    code, _, err = run("safety", "--db", db_path, "--lock-minutes", "5")
    assert code == 2 and "--user" in err  # changing policy needs the administrator
    code, out, err = run("safety", "--db", db_path, "--lock-minutes", "5", "--backup-keep", "30", "--json",
                         "--user", "admin", "--password-file", secured)
    assert code == 0, err
    assert json.loads(out) == {"lock_minutes": 5, "backup_keep": 30}
    code, _, err = run("safety", "--db", db_path, "--lock-minutes", "0", "--user", "admin", "--password-file", secured)
    assert code == 2 and "1 ถึง 240" in err


def test_audit_verify_command_catches_a_member_row_edited_with_the_key(run, db_path):
    from moi_desktop.members import add_member

    db = open_database(db_path)
    member = add_member(db, {"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345678"})
    db.close()
    code, out, _ = run("audit", "verify", "--db", db_path)
    assert code == 0 and "ตรงกับตราประทับ" in out
    conn = raw(db_path)
    conn.execute("UPDATE members SET phone = '0899999999' WHERE id = ?", [member])
    conn.close()
    code, _, err = run("audit", "verify", "--db", db_path, "--json")
    assert code == 1
    assert f"ข้อมูลตาราง members แถว {member} ถูกแก้ไขนอกโปรแกรม" in err


def test_recovery_key_is_shown_once_to_an_administrator(run, db_path, secured):
    code, _, err = run("security", "recovery-key", "--db", db_path, "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "train-pass-1"})
    assert code == 2 and "ไม่มีสิทธิ์แสดงรหัสกู้คืน" in err
    code, out, err = run("security", "recovery-key", "--db", db_path, "--user", "admin", "--password-file", secured)
    assert code == 0, err
    key = out.splitlines()[1]
    assert len(key.split("-")) == 11
    from moi_desktop.security import keystore

    assert keystore.parse_recovery_key(key) == keystore.pc_secret()
    code, _, err = run("security", "recovery-key", "--db", db_path, "--user", "admin", "--password-file", secured)
    assert code == 2 and "แสดงได้ครั้งเดียว" in err
    db = open_database(db_path)
    assert [e.actor for e in list_entries(db, action="recovery_key_shown")] == ["admin"]
    db.close()


def test_backup_and_restore_on_another_pc_with_the_recovery_key_file(run, db_path, secured, tmp_path, monkeypatch):
    from moi_desktop.security import keystore

    key_file = tmp_path / "recovery.txt"
    key_file.write_text(keystore.recovery_key_text(keystore.pc_secret()), encoding="utf-8")
    usb = tmp_path / "usb.sqlite3"
    code, _, err = run("backup", "--db", db_path, "--out", usb, "--user", "admin", "--password-file", secured)
    assert code == 0, err
    monkeypatch.setenv("MOI_DESKTOP_KEYSTORE_DIR", str(tmp_path / "other-pc-keys"))
    keystore.pc_secret()  # the other PC has a key of its own
    new_db = tmp_path / "other-pc.sqlite3"
    code, _, err = run("restore", "--db", new_db, "--from", usb)
    assert code == 2 and "กุญแจของเครื่องอื่น" in err and not new_db.exists()
    code, out, err = run("restore", "--db", new_db, "--from", usb, "--recovery-key-file", key_file, "--json")
    assert code == 0, err
    keystore.forget_recovery_keys()
    code, out, err = run("audit", "verify", "--db", new_db)
    assert code == 0, err
