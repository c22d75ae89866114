"""The store: pragmas, migrations (fresh, upgrade with backup, refuse newer), ids, sync rows."""

import pytest

from moi_desktop.db import insert_row, migrations, new_id, open_database, soft_delete, update_row
from moi_desktop.errors import UserError
from tests.fast_db import raw


def test_fresh_database_has_pragmas_and_all_migrations(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.count()
    assert migrations.count() >= 1
    assert db.execute("SELECT value FROM meta WHERE key='installation_id'").fetchone()[0]


def test_reopening_applies_nothing_and_keeps_installation_id(db_path):
    first = open_database(db_path)
    inst = first.execute("SELECT value FROM meta WHERE key='installation_id'").fetchone()[0]
    first.close()
    again = open_database(db_path)
    assert again.execute("SELECT value FROM meta WHERE key='installation_id'").fetchone()[0] == inst
    assert not list(db_path.parent.glob("*.before-v*"))  # nothing to migrate: no backup


def test_newer_database_is_refused_with_thai_message(db_path):
    open_database(db_path).close()
    conn = raw(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.count() + 5}")
    conn.close()
    with pytest.raises(UserError) as info:
        open_database(db_path)
    assert "รุ่นที่ใหม่กว่า" in info.value.message


def test_upgrade_backs_up_then_migrates(db_path, monkeypatch):
    # Open with only the first migration known, then with all of them: an upgrade.
    real = migrations._modules()
    assert len(real) >= 2  # m001 core + m002 reference at least: the upgrade path really runs
    monkeypatch.setattr(migrations, "_modules", lambda: real[:1])
    old = open_database(db_path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "provinces" not in old.table_names()
    inst = old.execute("SELECT value FROM meta WHERE key='installation_id'").fetchone()[0]
    old.close()
    monkeypatch.setattr(migrations, "_modules", lambda: real)
    new = open_database(db_path)
    assert new.execute("PRAGMA user_version").fetchone()[0] == len(real)
    assert new.execute("SELECT value FROM meta WHERE key='installation_id'").fetchone()[0] == inst
    assert new.execute("SELECT COUNT(*) FROM provinces").fetchone()[0] == 77
    backups = list(db_path.parent.glob("test.before-v1-*.sqlite3"))
    assert len(backups) == 1
    bak = raw(backups[0])
    assert bak.execute("PRAGMA user_version").fetchone()[0] == 1
    bak.close()


def test_garbage_file_is_refused_with_thai_message(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(UserError) as info:
        open_database(bad)
    assert "ไม่ใช่ฐานข้อมูล" in info.value.message


def test_ids_are_unique_and_time_ordered():
    ids = [new_id() for _ in range(5000)]
    assert len(set(ids)) == 5000
    assert ids == sorted(ids)


def test_ids_are_uuid7_in_the_standard_text_form():
    import time
    import uuid

    before = time.time_ns() // 1_000_000
    for text in (new_id() for _ in range(200)):
        parsed = uuid.UUID(text)
        assert str(parsed) == text  # lower-case hex in 8-4-4-4-12 groups
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
        assert before <= parsed.int >> 80 <= time.time_ns() // 1_000_000 + 1  # the 48-bit ms timestamp


def test_sync_rows_are_stamped(db):
    from moi_desktop.db.rows import create_sync_table

    with db.atomic():
        create_sync_table(db, "things", {"name": str})
    row_id = insert_row(db, "things", {"name": "ก"})
    row = db["things"].get(row_id)
    assert row["origin"] == db.execute("SELECT value FROM meta WHERE key='installation_id'").fetchone()[0]
    assert row["created_at"] == row["updated_at"] and row["created_at"].endswith("Z")
    assert row["deleted_at"] is None
    update_row(db, "things", row_id, {"name": "ข"})
    updated = db["things"].get(row_id)
    assert updated["name"] == "ข" and updated["updated_at"] >= row["updated_at"]
    soft_delete(db, "things", row_id)
    assert db["things"].get(row_id)["deleted_at"] is not None
