"""A mark's statements are compiled once, however many other statements the connection ran
before: the binding's statement cache must never be full (a statement first seen when it is full
is evicted by the next new one, so a mark's read and write were compiled again on every scan).

SQLite calls the authorizer only while it compiles a statement, so counting its calls counts
compilations: none may happen in a mark once its statements have run once."""

from moi_desktop.db import cipher
from moi_desktop.trainings import mark
from tests.attendance_support import bkk, setup_course


def _fill_the_cache(db, statements: int) -> None:
    """Run `statements` distinct statements, each a few times (a day of screens and reports)."""
    for _ in range(3):
        for n in range(statements):
            db.conn.execute(f"SELECT count(*) FROM members WHERE length(first_name) > {n}").fetchall()  # noqa: S608


def _compilations_in_marks(db, sessions, people) -> int:
    session = sessions[0]
    when = bkk(session["day"], "08:30")
    mark(db, session["id"], people[0], now=when)  # every statement of a mark has now run once
    compiled = [0]

    def authorizer(*_args):
        compiled[0] += 1
        return 0  # SQLITE_OK

    db.conn.set_authorizer(authorizer)  # (this expires the compiled statements: one more mark first)
    try:
        mark(db, session["id"], people[1], now=when)
        compiled[0] = 0
        for member_id in people[2:12]:
            assert mark(db, session["id"], member_id, now=when).status == "present"
    finally:
        db.conn.set_authorizer(None)
    return compiled[0]


def test_marks_compile_nothing_after_a_day_of_other_statements(db):
    _, sessions, people = setup_course(db, 15)
    _fill_the_cache(db, 400)
    assert _compilations_in_marks(db, sessions, people) == 0


def test_the_old_cache_size_would_compile_every_mark_again(db_path, migrated_template, monkeypatch):
    """The test above can fail: with the binding's default cache (128) the same marks recompile."""
    from moi_desktop.db import open_database
    from tests.fast_db import copy_database

    monkeypatch.setattr(cipher, "STATEMENT_CACHE", 128)
    copy_database(migrated_template, db_path)
    db = open_database(db_path)
    try:
        _, sessions, people = setup_course(db, 15)
        _fill_the_cache(db, 400)
        assert _compilations_in_marks(db, sessions, people) >= 10  # at least one statement per mark
    finally:
        db.close()
