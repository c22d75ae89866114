"""Backups: backup-API copies checked with integrity_check, rotation, daily schedule, and a restore
that verifies the backup, keeps a safety copy and is recorded in the audit trail."""

import sqlite3  # only to write a foreign, unencrypted SQLite file
from datetime import UTC, datetime, timedelta

import pytest

from moi_desktop import backup
from moi_desktop.db import insert_row, migrations, open_database
from moi_desktop.db.rows import create_sync_table
from moi_desktop.errors import UserError
from moi_desktop.security import User, list_entries, verify_chain
from tests.fast_db import raw


@pytest.fixture
def filled(db):
    create_sync_table(db, "notes", {"text": str})
    with db.atomic():  # one commit: per-row commits each pay an fsync (synchronous=FULL)
        for i in range(200):
            insert_row(db, "notes", {"text": f"บันทึก {i} " * 20})
    return db


def _count(path) -> int:
    conn = raw(path)
    try:
        return conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    finally:
        conn.close()


def test_backup_is_one_checked_file_with_every_committed_row(filled, tmp_path):
    out = backup.backup_to(filled, tmp_path / "copy.sqlite3")
    assert out.exists() and not out.with_name(out.name + "-wal").exists()
    conn = raw(out)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert _count(out) == 200
    assert list_entries(filled, action="backup")[0].details["file"] == "copy.sqlite3"


def test_backup_refuses_missing_folder_and_the_live_file(filled, tmp_path, db_path):
    with pytest.raises(UserError) as info:
        backup.backup_to(filled, tmp_path / "nowhere" / "x.sqlite3")
    assert info.value.field == "--out"
    with pytest.raises(UserError):
        backup.backup_to(filled, db_path)


def test_backup_progress_and_cancel_leave_no_file(filled, tmp_path):
    seen = []
    backup.backup_to(filled, tmp_path / "a.sqlite3", progress=lambda d, t, m: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    with pytest.raises(backup.BackupCancelled):
        backup.backup_to(filled, tmp_path / "b.sqlite3", cancelled=lambda: True)
    assert not list(tmp_path.glob("b.sqlite3*"))


def test_auto_backups_rotate_per_reason(filled):
    backup.set_backup_keep(filled, 3)
    made = [backup.auto_backup(filled, "close") for _ in range(5)]
    backup.auto_backup(filled, "daily")
    kept = backup.list_backups(filled)
    assert [b.path for b in kept if b.reason == "close"] == list(reversed(made[-3:]))
    assert [b.reason for b in kept].count("daily") == 1
    with pytest.raises(UserError):
        backup.set_backup_keep(filled, 0)


def test_daily_backup_only_when_due(filled):
    assert backup.auto_backup_if_due(filled) is not None
    assert backup.auto_backup_if_due(filled) is None
    later = datetime.now(UTC) + timedelta(hours=25)
    assert backup.auto_backup_if_due(filled, now=later) is not None


def test_restore_keeps_safety_copy_and_is_audited(filled, tmp_path, db_path):
    saved = backup.backup_to(filled, tmp_path / "saved.sqlite3")
    insert_row(filled, "notes", {"text": "หลังสำรอง"})
    result = backup.restore(db_path, saved, actor=User(id=None, username="admin", display_name="ผู้ดูแล", role="admin"))
    assert result.same_installation
    assert _count(db_path) == 200
    assert _count(result.safety_copy) == 201  # what was replaced is kept
    assert filled.execute("SELECT count(*) FROM notes").fetchone()[0] == 200  # open connections see it
    db2 = open_database(db_path)
    entry = list_entries(db2, action="restore")[0]
    assert entry.actor == "admin" and entry.details["backup"] == "saved.sqlite3"
    assert verify_chain(db2).ok
    db2.close()


def test_restore_into_missing_database(filled, tmp_path):
    saved = backup.backup_to(filled, tmp_path / "saved.sqlite3")
    target = tmp_path / "new" / "moi.sqlite3"
    target.parent.mkdir()
    result = backup.restore(target, saved)
    assert result.safety_copy is None and _count(target) == 200


def test_restore_over_a_damaged_database_keeps_its_bytes(filled, tmp_path, db_path):
    saved = backup.backup_to(filled, tmp_path / "saved.sqlite3")
    filled.close()
    for leftover in (db_path.with_name(db_path.name + s) for s in ("-wal", "-shm")):
        leftover.unlink(missing_ok=True)
    db_path.write_bytes(b"garbage after a power cut" * 100)
    result = backup.restore(db_path, saved)
    assert result.safety_copy.read_bytes().startswith(b"garbage")
    assert _count(db_path) == 200


def _refused(db_path, source) -> UserError:
    before = _count(db_path)
    with pytest.raises(UserError) as info:
        backup.restore(db_path, source)
    assert _count(db_path) == before  # nothing changed
    return info.value


def test_restore_refuses_bad_backups(filled, tmp_path, db_path):
    assert "ไม่พบไฟล์" in _refused(db_path, tmp_path / "missing.sqlite3").message

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 50)
    assert "ไม่ใช่ไฟล์สำรอง" in _refused(db_path, junk).message

    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE x (a)")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    assert "ไม่ใช่ไฟล์สำรอง" in _refused(db_path, foreign).message

    newer = backup.backup_to(filled, tmp_path / "newer.sqlite3")
    conn = raw(newer)
    conn.execute(f"PRAGMA user_version = {migrations.count() + 1}")
    conn.close()
    assert "ใหม่กว่า" in _refused(db_path, newer).message

    assert "ฐานข้อมูลที่ใช้อยู่" in _refused(db_path, db_path).message


def test_restore_refuses_corrupted_backup(filled, tmp_path, db_path):
    bad = backup.backup_to(filled, tmp_path / "bad.sqlite3")
    conn = raw(bad)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'notes'").fetchone()[0]
    page = int(conn.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher answers in text
    conn.close()
    data = bytearray(bad.read_bytes())
    data[(root - 1) * page : (root - 1) * page + 64] = b"\xff" * 64  # smash the table's root page header
    bad.write_bytes(bytes(data))
    assert "เสียหาย" in _refused(db_path, bad).message
    assert not backup.list_backups(filled)  # refused before any safety copy was taken
