"""A big write's WAL checkpoint runs beside the program: the commit leaves the pages in the WAL
(durable, readable), a thread with its own connection moves them into the database file, and
a failure there is logged, never silent."""

import logging

import pytest

from moi_desktop.db import checkpoint, open_database
from moi_desktop.db.connection import secret_of
from moi_desktop.db.rows import write_lock
from moi_desktop.exchange import export_bundle, import_bundle
from moi_desktop.members import add_member
from tests.exchange_support import PASSWORD


def _write_pages(db, n: int) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS filler (n INTEGER PRIMARY KEY, body TEXT)")
    with write_lock(db):
        db.conn.executemany("INSERT INTO filler (body) VALUES (?)", [("ก" * 1000,) for _ in range(n)])


@pytest.fixture
def deferred(monkeypatch):
    """The checkpoints the code asked for, not started: (path, secret) each."""
    asked: list[tuple] = []
    monkeypatch.setattr(checkpoint, "start_checkpoint", lambda path, secret: asked.append((path, secret)))
    return asked


def test_the_commit_leaves_its_pages_in_the_wal_and_the_thread_moves_them(db, db_path, deferred):
    _write_pages(db, 10)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db_path.stat().st_size
    with checkpoint.deferred_checkpoint(db):
        _write_pages(db, 1500)  # 4.5 MB: past the 1,000 pages at which SQLite would checkpoint in the commit
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000  # small commits checkpoint again
    assert deferred == [(db_path, secret_of(db))]
    assert db_path.stat().st_size == before  # all still in the WAL
    assert db.execute("SELECT count(*) FROM filler").fetchone()[0] == 1510  # and read from there
    checkpoint._checkpoint(db_path, secret_of(db))  # what the thread runs
    assert db_path.stat().st_size > before + 1500 * 3000
    reopened = open_database(db_path)
    try:
        assert reopened.execute("SELECT count(*) FROM filler").fetchone()[0] == 1510
    finally:
        reopened.close()


def test_nothing_written_or_a_failed_write_asks_for_no_checkpoint(db, deferred):
    with checkpoint.deferred_checkpoint(db):
        db.execute("SELECT count(*) FROM members").fetchone()
    with pytest.raises(RuntimeError), checkpoint.deferred_checkpoint(db), write_lock(db):
        add_member(db, {"first_name": "สมชาย", "last_name": "ใจดี", "sector": "people"})
        raise RuntimeError("cut short")
    assert deferred == []
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    assert db.execute("SELECT count(*) FROM members WHERE first_name = 'สมชาย'").fetchone()[0] == 0


def test_a_checkpoint_that_fails_on_its_thread_is_logged(tmp_path, caplog):
    missing = tmp_path / "no such folder" / "gone.sqlite3"
    with caplog.at_level(logging.ERROR, logger="moi_desktop.db.checkpoint"):
        checkpoint.start_checkpoint(missing, b"k" * 32)
        checkpoint.wait_for_checkpoints()
    assert "gone.sqlite3" in caplog.text and "stay in the WAL" in caplog.text
    assert not checkpoint._running


def test_an_import_checkpoints_on_a_thread_and_the_file_holds_every_row(make_office_db, fast_kdf, tmp_path):
    district = make_office_db("district", "district", "6205")
    province = make_office_db("province", "province", "62")
    for i in range(300):
        add_member(district, {"first_name": f"สมาชิก{i}", "last_name": "ทดสอบ", "sector": "people"})
    bundle = export_bundle(district, tmp_path / "d.moib", PASSWORD).path
    province.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = province.path.stat().st_size
    report = import_bundle(province, bundle, PASSWORD)
    checkpoint.wait_for_checkpoints()
    assert report.tables["members"]["new"] == 300
    assert province.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    assert province.path.stat().st_size > before  # moved into the file by the thread
    busy, frames, moved = province.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and frames == moved
