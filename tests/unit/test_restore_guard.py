"""A restore brings back an office's own data: another office's or installation's backup, or one
without accounts, is refused (the database byte for byte as it was) unless an administrator
confirms a "replace this office" restore, which both databases record; a new, empty
installation takes any backup."""

import hashlib

import pytest

from moi_desktop import backup
from moi_desktop.db import insert_row, open_database
from moi_desktop.db.rows import create_sync_table
from moi_desktop.errors import UserError
from moi_desktop.security import act_as, create_user, get_user, has_users, list_entries, verify_chain

ADMIN_PW = "Admin-Strong-91"


def _office(make_office_db, name, code, *, accounts=True, rows=3):
    db = make_office_db(name, "district", code)
    # The test's own table is written before the accounts exist: no role may write a table the
    # permission map does not name.
    create_sync_table(db, "notes", {"text": str})
    for i in range(rows):
        insert_row(db, "notes", {"text": f"{name} {i}"})
    if accounts:
        boss = create_user(db, "boss", "ผู้ดูแล", "admin", ADMIN_PW)
        act_as(db, boss)  # the administrator adds the clerk and takes the backups
        create_user(db, "somsri", "สมศรี", "clerk", "Clerk-Strong-42")
    return db


def _digest(db) -> str:
    """The database's bytes, with every committed page in the main file."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(db.path.read_bytes()).hexdigest()


def _notes(path) -> list[str]:
    db = open_database(path)
    try:
        return [r[0] for r in db.execute("SELECT text FROM notes ORDER BY text")]
    finally:
        db.close()


@pytest.fixture
def here(make_office_db):
    return _office(make_office_db, "here", "6201")


@pytest.fixture
def other_backup(make_office_db, tmp_path):
    """A backup of another district's own installation (with its own accounts)."""
    there = _office(make_office_db, "there", "6205", rows=5)
    return backup.backup_to(there, tmp_path / "6205.sqlite3")


def test_another_districts_backup_is_refused_and_nothing_changes(here, other_backup):
    before = _digest(here)
    with pytest.raises(UserError) as info:
        backup.restore(here.path, other_backup, actor=get_user(here, "boss"))
    message = info.value.message
    assert message.startswith("ไม่กู้คืน") and "เครื่องอื่น" in message and "--replace-office" in message
    assert "ไม่ใช่ของ ที่ทำการปกครองอำเภอเมืองกำแพงเพชร" in message  # names the offices (here: 6201)
    assert _digest(here) == before
    assert not backup.list_backups(here)  # refused before any safety copy


def test_a_backup_without_accounts_is_refused(here, tmp_path):
    # The same installation and office, saved before accounts existed: restoring it would let
    # everyone in without a login.
    plain = backup.backup_to(here, tmp_path / "no-accounts.sqlite3")
    copy = open_database(plain)
    copy.execute("UPDATE users SET active = 0")  # the backup as it was before any account
    copy.close()
    digest = _digest(here)
    with pytest.raises(UserError) as info:
        backup.restore(here.path, plain, actor=get_user(here, "boss"))
    assert "ไม่มีบัญชีผู้ใช้" in info.value.message and "เครื่องอื่น" not in info.value.message
    assert _digest(here) == digest


def test_replace_office_needs_an_administrator(here, other_backup):
    before = _digest(here)
    with pytest.raises(UserError) as info:
        backup.restore(here.path, other_backup, actor=get_user(here, "somsri"), replace_office=True)
    assert "ไม่มีสิทธิ์กู้คืนไฟล์สำรองของสำนักงานอื่น" in info.value.message
    assert _digest(here) == before


def test_replace_office_by_an_administrator_is_audited_in_both_databases(here, other_backup):
    result = backup.restore(here.path, other_backup, actor=get_user(here, "boss"), replace_office=True)
    assert len(result.replaced_office) == 2 and not result.same_installation
    assert _notes(here.path) == [f"there {i}" for i in range(5)]

    old = open_database(result.safety_copy)  # the replaced database, as kept: with its own entry
    entry = list_entries(old, action="restore_replace_office")[0]
    assert entry.actor == "boss" and entry.details["incoming_district"] == "6205"
    assert entry.details["backup"] == "6205.sqlite3" and len(entry.details["reasons"]) == 2
    assert verify_chain(old).ok
    old.close()

    new = open_database(here.path)  # the restored one names who replaced what
    entry = list_entries(new, action="restore_replace_office")[0]
    assert entry.actor == "boss"
    assert entry.details["replaced_district"] == "6201"
    assert entry.details["replaced_office"] == "ที่ทำการปกครองอำเภอเมืองกำแพงเพชร จังหวัดกำแพงเพชร"
    assert verify_chain(new).ok
    new.close()


def test_a_new_empty_installation_takes_any_backup(make_office_db, other_backup):
    # A replaced PC: the program installed and its office chosen, no account, nothing entered.
    fresh = make_office_db("fresh", "district", "6201")
    assert not has_users(fresh)
    result = backup.restore(fresh.path, other_backup)
    assert result.replaced_office == ()
    assert _notes(fresh.path) == [f"there {i}" for i in range(5)]
    assert list_entries(fresh, action="restore")[0].actor == "system"


def test_an_installation_with_data_but_no_accounts_still_refuses_another_office(make_office_db, other_backup):
    busy = _office(make_office_db, "busy", "6201", accounts=False)
    before = _digest(busy)
    with pytest.raises(UserError):
        backup.restore(busy.path, other_backup)
    assert _digest(busy) == before


def test_restore_plan_reads_both_without_writing(here, other_backup):
    before = _digest(here)
    plan = backup.restore_plan(here, other_backup)
    assert plan.current.confirm_text == "เมืองกำแพงเพชร" and plan.backup.district_code == "6205"
    assert len(plan.problems) == 2 and plan.current.accounts == 2 and plan.current.has_data
    assert _digest(here) == before


def test_the_restore_itself_checks_who_restores(here, tmp_path):
    # The office's own backup, restored by someone the core must refuse: a clerk, or nobody
    # logged in on a database with accounts. Refused before the safety copy, nothing changed.
    own = backup.backup_to(here, tmp_path / "own.sqlite3")
    before = _digest(here)
    with pytest.raises(UserError) as info:
        backup.restore(here.path, own, actor=get_user(here, "somsri"))
    assert "ไม่มีสิทธิ์กู้คืนข้อมูลจากไฟล์สำรอง" in info.value.message
    with pytest.raises(UserError) as info:
        backup.restore(here.path, own)
    assert "กรุณาเข้าสู่ระบบก่อนกู้คืนข้อมูลจากไฟล์สำรอง" in info.value.message
    assert _digest(here) == before and not backup.list_backups(here)
    result = backup.restore(here.path, own, actor=get_user(here, "boss"))
    assert result.replaced_office == () and result.safety_copy is not None
