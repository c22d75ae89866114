"""The merge's reference check looks up only the parents the written rows name, and falls back to
the whole-table check (which names the row) when it finds one missing or cannot judge alone."""

import pytest

from moi_desktop.db import new_id, now_iso
from moi_desktop.errors import UserError
from moi_desktop.exchange import merge

COLUMNS = ["id", "created_at", "updated_at", "origin", "deleted_at", "training_id", "day", "slot", "starts_at"]


def _session(training_id):
    now = now_iso()
    return [new_id(), now, now, "elsewhere", None, training_id, "2022-08-29", "morning", "08:30"]


@pytest.fixture
def writing(db):
    """An open write transaction with references checked at commit, as the merge runs; rolled back."""
    now = now_iso()
    training = new_id()
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("PRAGMA defer_foreign_keys = ON")
    db.conn.execute(
        "INSERT INTO trainings (id, created_at, updated_at, origin, name, start_date, end_date) "
        "VALUES (?, ?, ?, 'elsewhere', 'x', '2022-08-29', '2022-08-29')", [training, now, now])
    yield db, training
    db.conn.rollback()


def _write(db, rows, columns=COLUMNS):
    db.conn.executemany(f"INSERT INTO training_sessions ({', '.join(columns)}) "
                        f"VALUES ({', '.join('?' * len(columns))})", rows)


@pytest.fixture
def whole_checks(monkeypatch):
    calls = []
    real = merge._check_foreign_keys
    monkeypatch.setattr(merge, "_check_foreign_keys", lambda db, tables: (calls.append(list(tables)), real(db, tables)))
    return calls


def test_present_parents_pass_without_the_whole_table_check(writing, whole_checks):
    db, training = writing
    rows = [_session(training) for _ in range(3)]
    _write(db, rows)
    parents = merge._Parents(db)
    parents.add("training_sessions", COLUMNS, rows, new=True)
    parents.check()
    assert whole_checks == [[]]


def test_a_missing_parent_is_refused_naming_the_table(writing, whole_checks):
    db, training = writing
    rows = [_session(training), _session("no-such-training")]
    _write(db, rows)
    parents = merge._Parents(db)
    parents.add("training_sessions", COLUMNS, rows, new=True)
    with pytest.raises(UserError) as info:
        parents.check()
    assert "training_sessions" in info.value.message and "ยังไม่มี" in info.value.message
    assert whole_checks == [["training_sessions"]]


def test_an_update_to_a_missing_parent_is_refused(writing):
    db, training = writing
    row = _session(training)
    _write(db, [row])
    db.conn.execute("UPDATE training_sessions SET training_id = 'gone' WHERE id = ?", [row[0]])
    parents = merge._Parents(db)
    parents.add("training_sessions", COLUMNS, [[*row[:5], "gone", *row[6:]]], new=False)
    with pytest.raises(UserError):
        parents.check()


def test_a_reference_left_to_the_default_goes_to_the_whole_table_check(writing, whole_checks):
    db, training = writing
    columns = [c for c in COLUMNS if c != "training_id"]
    parents = merge._Parents(db)
    parents.add("training_sessions", columns, [[new_id()]], new=True)
    parents.check()  # nothing is broken: the whole-table check finds nothing
    assert whole_checks == [["training_sessions"]]
