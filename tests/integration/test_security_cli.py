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
                         env={"MOI_DESKTOP_NEW_PASSWORD": "Mango-Tree-71"})
    assert code == 0, err
    pw = tmp_path / "admin.pw"
    pw.write_text("Mango-Tree-71\n", encoding="utf-8")
    code, _, err = run("users", "add", "--db", db_path, "krupa", "--name", "ครูปา", "--role", "trainer",
                       "--user", "admin", "--password-file", pw, env={"MOI_DESKTOP_NEW_PASSWORD": "Rice-Field-73"})
    assert code == 0, err
    return pw


def test_first_user_must_be_admin(run, db_path):
    code, _, err = run("users", "add", "--db", db_path, "somchai", "--name", "สมชาย", "--role", "clerk",
                       env={"MOI_DESKTOP_NEW_PASSWORD": "Kite-Wind-1234"})
    assert code == 2 and "ผู้ดูแลระบบ" in err


def test_users_list_needs_login_once_users_exist(run, db_path, secured):
    code, _, err = run("users", "list", "--db", db_path, "--json")
    assert code == 2 and "--user" in err
    code, _, err = run("users", "list", "--db", db_path, "--user", "krupa", env={"MOI_DESKTOP_PASSWORD": "nope-nope"})
    assert code == 2 and "ไม่ถูกต้อง" in err
    code, _, err = run("users", "list", "--db", db_path, "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "Rice-Field-73"})
    assert code == 2 and "ไม่มีสิทธิ์จัดการบัญชีผู้ใช้" in err
    code, out, _ = run("users", "list", "--db", db_path, "--json", "--user", "admin", "--password-file", secured)
    assert code == 0
    assert {u["username"]: u["role"] for u in json.loads(out)} == {"admin": "admin", "krupa": "trainer"}


def test_passwd_own_and_by_admin(run, db_path, secured):
    code, _, err = run("users", "passwd", "--db", db_path, "krupa", "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "Rice-Field-73", "MOI_DESKTOP_NEW_PASSWORD": "Rice-Field-74"})
    assert code == 0, err
    code, _, err = run("users", "passwd", "--db", db_path, "admin", "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "Rice-Field-74", "MOI_DESKTOP_NEW_PASSWORD": "hijack-123"})
    assert code == 2 and "ไม่มีสิทธิ์" in err
    code, _, err = run("users", "passwd", "--db", db_path, "krupa", "--user", "admin", "--password-file", secured,
                       env={"MOI_DESKTOP_NEW_PASSWORD": "Rice-Field-75"})
    assert code == 0, err
    code, _, _ = run("users", "update", "--db", db_path, "krupa", "--role", "viewer", "--user", "krupa",
                     env={"MOI_DESKTOP_PASSWORD": "Rice-Field-75"})
    assert code == 2


def test_cli_actor_acts_as_system_until_users_exist_then_as_named_user(db, tmp_path, monkeypatch):
    monkeypatch.delenv("MOI_DESKTOP_USER", raising=False)
    monkeypatch.delenv("MOI_DESKTOP_PASSWORD", raising=False)

    class Args:
        user = None
        user_password_file = None

    assert cli_actor(Args(), db, "members.edit").username == "system"
    from moi_desktop.security import act_as, audit, authenticate, create_first_admin, create_user

    create_first_admin(db, "admin", "ผู้ดูแล", "Mango-Tree-71")
    authenticate(db, "admin", "Mango-Tree-71")
    create_user(db, "krupa", "ครูปา", "trainer", "Rice-Field-73")
    act_as(db, None)
    from moi_desktop.errors import UserError

    with pytest.raises(UserError):
        cli_actor(Args(), db, "members.edit")
    monkeypatch.setenv("MOI_DESKTOP_USER", "krupa")
    monkeypatch.setenv("MOI_DESKTOP_PASSWORD", "Rice-Field-73")
    with pytest.raises(UserError) as info:
        cli_actor(Args(), db, "members.export_personal")
    assert "ไม่มีสิทธิ์" in info.value.message
    assert cli_actor(Args(), db, "attendance.mark").username == "krupa"
    audit(db, "lock")
    assert list_entries(db, action="lock")[0].actor == "krupa"


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
                       env={"MOI_DESKTOP_PASSWORD": "Rice-Field-73"})
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
        user_password_file = None

    assert cli_actor(Args(), demo, "members.edit").username == "system"
    monkeypatch.setenv("MOI_DESKTOP_PASSWORD", DEMO_PASSWORD)
    Args.user = "trainer"
    assert cli_actor(Args(), demo, "attendance.mark").username == "trainer"  # named users still log in
    demo.close()


def test_safety_settings(run, db_path, secured):
    code, out, _ = run("safety", "--db", db_path, "--json")
    assert code == 0 and json.loads(out) == {"lock_minutes": 10, "backup_keep": 10, "lock_after": 5}
    code, _, err = run("safety", "--db", db_path, "--lock-minutes", "5")
    assert code == 2 and "--user" in err  # changing policy needs the administrator
    code, out, err = run("safety", "--db", db_path, "--lock-minutes", "5", "--backup-keep", "30", "--lock-after", "4",
                         "--json", "--user", "admin", "--password-file", secured)
    assert code == 0, err
    assert json.loads(out) == {"lock_minutes": 5, "backup_keep": 30, "lock_after": 4}
    code, _, err = run("safety", "--db", db_path, "--lock-minutes", "0", "--user", "admin", "--password-file", secured)
    assert code == 2 and "1 ถึง 240" in err


# --- the attacks of the trust review: brute force, weak passwords, another office's backup ------


@pytest.fixture
def clock(monkeypatch):
    """The login guard's clock, moved by hand past each wait."""
    from datetime import timedelta

    from moi_desktop.security import logins

    class Clock:
        now = logins.now_utc()

        def advance(self, seconds):
            self.now += timedelta(seconds=seconds)

    clock = Clock()
    monkeypatch.setattr(logins, "now_utc", lambda: clock.now)
    return clock


def test_fifteen_wrong_passwords_then_the_right_one_stays_locked_until_admin_unlocks(run, db_path, secured, clock):
    for _ in range(15):
        code, _, err = run("users", "passwd", "--db", db_path, "krupa", "--user", "krupa",
                           env={"MOI_DESKTOP_PASSWORD": "guess-guess-1", "MOI_DESKTOP_NEW_PASSWORD": "Rice-Field-74"})
        assert code == 2
        clock.advance(120)
    assert "ถูกล็อก" in err
    code, _, err = run("audit", "list", "--db", db_path, "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "Rice-Field-73"})
    assert code == 2 and "บัญชีนี้ถูกล็อกเพราะใส่รหัสผ่านผิดหลายครั้ง" in err
    code, out, err = run("users", "list", "--db", db_path, "--json", "--user", "admin", "--password-file", secured)
    assert {u["username"]: u["locked"] for u in json.loads(out)} == {"admin": False, "krupa": True}
    code, _, err = run("users", "unlock", "--db", db_path, "krupa", "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "Rice-Field-73"})
    assert code == 2  # a locked account cannot unlock itself
    code, out, err = run("users", "unlock", "--db", db_path, "krupa", "--user", "admin", "--password-file", secured)
    assert code == 0 and "ปลดล็อกบัญชี krupa แล้ว" in out
    code, _, err = run("users", "passwd", "--db", db_path, "krupa", "--user", "krupa",
                       env={"MOI_DESKTOP_PASSWORD": "Rice-Field-73", "MOI_DESKTOP_NEW_PASSWORD": "Rice-Field-74"})
    assert code == 0, err
    db = open_database(db_path)
    assert [e.actor for e in list_entries(db, action="account_unlocked")] == ["admin"]
    assert len(list_entries(db, action="account_locked")) == 1
    db.close()


def test_weak_passwords_are_refused_by_the_cli(run, db_path, secured):
    for weak, why in (("password", "10 ตัวอักษร"), ("password123", "ใช้กันมาก"), ("ยฟหหไนพก2567", "ใช้กันมาก")):
        code, _, err = run("users", "add", "--db", db_path, "somchai", "--name", "สมชาย", "--role", "clerk",
                           "--user", "admin", "--password-file", secured, env={"MOI_DESKTOP_NEW_PASSWORD": weak})
        assert code == 2 and why in err, weak


def test_an_old_weak_password_must_be_changed_with_users_password(run, db_path, secured):
    from moi_desktop.security import act_as, get_user, hash_password

    db = open_database(db_path)  # an account from before the policy, password "pass-1234"
    act_as(db, get_user(db, "admin"))  # the administrator made it
    insert_row(db, "users", {"username": "somchai", "display_name": "สมชาย", "role": "clerk",
                             "password_hash": hash_password("pass-1234"), "active": 1, "last_login": None})
    db.close()
    code, _, err = run("backup", "--db", db_path, "--out", db_path.parent / "b.sqlite3", "--user", "somchai",
                       env={"MOI_DESKTOP_PASSWORD": "pass-1234"})
    assert code == 2 and "ต้องเปลี่ยนรหัสผ่านก่อนใช้งาน" in err and "users passwd somchai" in err
    assert not (db_path.parent / "b.sqlite3").exists()
    code, _, err = run("users", "password", "--db", db_path, "somchai", "--user", "somchai",
                       env={"MOI_DESKTOP_PASSWORD": "pass-1234", "MOI_DESKTOP_NEW_PASSWORD": "Kite-Wind-1234"})
    assert code == 0, err
    code, _, err = run("backup", "--db", db_path, "--out", db_path.parent / "b.sqlite3", "--user", "somchai",
                       env={"MOI_DESKTOP_PASSWORD": "Kite-Wind-1234"})
    assert code == 0, err


def _file_digest(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _other_district_backup(tmp_path, run):
    """A backup made by another district's installation (its own accounts)."""
    other = tmp_path / "other.sqlite3"
    assert run("init", "--db", other, "--district", "6205")[0] == 0
    assert run("users", "add", "--db", other, "boss", "--name", "ผู้ดูแล", "--role", "admin",
               env={"MOI_DESKTOP_NEW_PASSWORD": "Other-Office-55"})[0] == 0
    out = tmp_path / "usb-6205.sqlite3"
    code, _, err = run("backup", "--db", other, "--out", out, "--user", "boss",
                       env={"MOI_DESKTOP_PASSWORD": "Other-Office-55"})
    assert code == 0, err
    return out


def test_restore_of_another_districts_backup_is_refused_byte_identical(run, tmp_path):
    here = tmp_path / "here.sqlite3"
    assert run("init", "--db", here, "--district", "6201")[0] == 0
    assert run("users", "add", "--db", here, "admin", "--name", "ผู้ดูแล", "--role", "admin",
               env={"MOI_DESKTOP_NEW_PASSWORD": "Mango-Tree-71"})[0] == 0
    other = _other_district_backup(tmp_path, run)
    before = _file_digest(here)
    code, _, err = run("restore", "--db", here, "--from", other, "--user", "admin",
                       env={"MOI_DESKTOP_PASSWORD": "Mango-Tree-71"})
    assert code == 2 and "ไม่กู้คืน" in err and "--replace-office" in err
    assert _file_digest(here) == before  # refused before the login: not even a login entry
    code, out, err = run("restore", "--db", here, "--from", other, "--replace-office", "--json", "--user", "admin",
                         env={"MOI_DESKTOP_PASSWORD": "Mango-Tree-71"})
    assert code == 0, err
    result = json.loads(out)
    assert len(result["replaced_office"]) == 2
    db = open_database(here)
    entry = list_entries(db, action="restore_replace_office")[0]
    assert entry.actor == "admin" and entry.details["replaced_district"] == "6201"
    db.close()
    safety = open_database(result["safety_copy"])
    assert list_entries(safety, action="restore_replace_office")[0].details["incoming_district"] == "6205"
    safety.close()


def test_restore_without_accounts_is_refused_and_into_an_empty_installation_allowed(run, db_path, secured, tmp_path):
    naked = tmp_path / "naked.sqlite3"  # the same installation before its accounts existed
    db = open_database(db_path)
    from moi_desktop.backup import backup_to
    from moi_desktop.security import act_as, get_user

    act_as(db, get_user(db, "admin"))  # the administrator takes the backup
    backup_to(db, naked)
    db.close()
    conn = raw(naked)
    conn.execute("UPDATE users SET active = 0")
    conn.close()
    code, _, err = run("restore", "--db", db_path, "--from", naked, "--user", "admin", "--password-file", secured)
    assert code == 2 and "ไม่มีบัญชีผู้ใช้" in err

    fresh = tmp_path / "new-pc.sqlite3"  # a replaced PC: installed, office chosen, nothing else
    assert run("init", "--db", fresh, "--district", "6205")[0] == 0
    code, _, err = run("restore", "--db", fresh, "--from", naked)
    assert code == 0, err


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
                       env={"MOI_DESKTOP_PASSWORD": "Rice-Field-73"})
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
