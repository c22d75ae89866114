"""The one write path: link upserts, writes by condition, the write lock, and change announcements
that name the table and the rows touched — heard on the writing database only."""

import pytest

from moi_desktop.db import cipher, open_database
from moi_desktop.db.changes import listen, unlisten
from moi_desktop.db.rows import (
    Sql,
    create_sync_table,
    insert_row,
    put_records,
    set_meta,
    soft_delete_where,
    update_where,
    upsert_links,
    write_lock,
)
from moi_desktop.exchange import export_bundle, import_bundle
from moi_desktop.security import count_entries, list_entries, verify_chain
from moi_desktop.trainings import enrol_members, mark_member, undo_mark, withdraw
from tests.attendance_support import add_people, bkk, setup_course
from tests.exchange_support import PASSWORD


class Heard:
    """Records (table, action, ids, audited) of every change announced on one database."""

    def __init__(self, db):
        self.db, self.changes = db, []
        listen(db, self)

    def __call__(self, db, change):
        assert db is self.db
        self.changes.append((change.table, change.action, change.ids, change.audited))

    def tables(self) -> set[str]:
        return {c[0] for c in self.changes}

    def ids(self, table: str) -> list:
        return [i for c in self.changes if c[0] == table for i in c[2]]

    def close(self):
        unlisten(self.db, self)


@pytest.fixture
def other(db_path, db):
    """A second connection to the same file: writes on `db` must not reach its listeners."""
    second = open_database(db_path)
    yield second
    second.close()


# -- the three writes the issue names ------------------------------------------------------------
def test_a_mark_announces_its_row_and_scan_event_on_its_own_database_only(db, other):
    _, sessions, people = setup_course(db, 3)
    session = sessions[0]
    audited_before = count_entries(db)
    mine, theirs = Heard(db), Heard(other)
    result = mark_member(db, session["id"], people[0], now=bkk(session["day"], "08:30"))
    assert result.status == "present"
    assert mine.changes[0] == ("attendance", "upsert", [(session["id"], people[0])], False)
    event_id = db.execute("SELECT id FROM attendance_events WHERE member_id = ?", [people[0]]).fetchone()[0]
    assert mine.ids("attendance_events") == [event_id]
    assert mine.tables() == {"attendance", "attendance_events"}
    assert theirs.changes == []
    # The mark is its own record: still not copied into the audit chain.
    assert count_entries(db) == audited_before

    undo_mark(db, session["id"], people[0], now=bkk(session["day"], "08:31"))
    assert ("attendance", "delete", [(session["id"], people[0])], False) in mine.changes
    assert theirs.changes == []


def test_an_enrolment_announces_the_rows_it_wrote_and_nothing_when_nothing_changed(db, other):
    training_id, _, people = setup_course(db, 2)
    newcomer = add_people(db, 1, prefix="ผู้มาใหม่")[0]
    mine, theirs = Heard(db), Heard(other)
    assert enrol_members(db, training_id, [newcomer, people[0]]) == 1  # people[0] is enrolled already
    assert mine.changes == [("enrolments", "upsert", [(training_id, newcomer)], False)]
    withdraw(db, training_id, newcomer)
    assert mine.changes[-1] == ("enrolments", "delete", [(training_id, newcomer)], False)
    assert enrol_members(db, training_id, [newcomer]) == 1  # the tombstone comes back to life
    assert mine.changes[-1] == ("enrolments", "upsert", [(training_id, newcomer)], False)
    assert theirs.changes == []


def test_a_bundle_merge_announces_the_merged_rows_on_the_receiving_database_only(make_office_db, fast_kdf,
                                                                                 tmp_path):
    district = make_office_db("district", "district", "6205")
    province = make_office_db("province", "province", "62")
    people = add_people(district, 3)
    bundle = export_bundle(district, tmp_path / "b.moib", PASSWORD)
    also_province = open_database(province.path)
    try:
        at_province, at_district, elsewhere = Heard(province), Heard(district), Heard(also_province)
        report = import_bundle(province, bundle.path, PASSWORD)
        assert report.tables["members"]["new"] == 3
        assert ("members", "merge-create", people, False) in at_province.changes
        assert {"members", "bundles_received", "exchange_peers"} <= at_province.tables()
        assert at_province.ids("bundles_received") == [report.bundle_id]
        assert at_district.changes == [] and elsewhere.changes == []
        before = len(at_province.changes)
        import_bundle(province, bundle.path, PASSWORD)  # the same bundle again changes nothing
        assert len(at_province.changes) == before
    finally:
        also_province.close()


def test_a_background_style_second_connection_announces_to_its_own_listeners(db, other):
    _, sessions, people = setup_course(db, 1)
    mine, theirs = Heard(db), Heard(other)
    mark_member(other, sessions[0]["id"], people[0], now=bkk(sessions[0]["day"], "08:30"))
    assert theirs.ids("attendance") == [(sessions[0]["id"], people[0])]
    assert mine.changes == []


# -- link rows -----------------------------------------------------------------------------------
@pytest.fixture
def links(db):
    create_sync_table(db, "things", {"name": str})
    db["thing_links"].create(
        {"thing_id": str, "tag": str, "weight": int, "note": str, "created_at": str, "updated_at": str,
         "origin": str, "deleted_at": str}, pk=("thing_id", "tag"))
    return db


def _link(db, tag):
    return db.execute("SELECT weight, note, created_at, updated_at, deleted_at FROM thing_links WHERE tag = ?",
                      [tag]).fetchone()


def test_upsert_links_inserts_overwrites_and_revives_keeping_created_at(links):
    db = links
    keys = upsert_links(db, "thing_links", ("thing_id", "tag"), [{"thing_id": "t", "tag": "a", "weight": 1,
                                                                  "note": "x"}], at="2024-01-01T00:00:00.000Z",
                        audit=False)
    assert keys == [("t", "a")]
    soft_delete_where(db, "thing_links", {"thing_id": "t"}, at="2024-01-02T00:00:00.000Z", audit=False)
    assert _link(db, "a")[4] == "2024-01-02T00:00:00.000Z"
    upsert_links(db, "thing_links", ("thing_id", "tag"), [{"thing_id": "t", "tag": "a", "weight": 2, "note": None}],
                 at="2024-01-03T00:00:00.000Z", keep_if_null=("note",), audit=False)
    assert _link(db, "a") == (2, "x", "2024-01-01T00:00:00.000Z", "2024-01-03T00:00:00.000Z", None)


def test_upsert_links_only_if_leaves_other_rows_alone_and_returns_what_it_wrote(links):
    db = links
    rows = [{"thing_id": "t", "tag": tag, "weight": 1, "note": None} for tag in "ab"]
    upsert_links(db, "thing_links", ("thing_id", "tag"), rows, audit=False)
    heard = Heard(db)
    rows = [{"thing_id": "t", "tag": tag, "weight": 5, "note": None} for tag in "abc"]
    written = upsert_links(db, "thing_links", ("thing_id", "tag"), rows, only_if="thing_links.tag = 'b'",
                           audit=False)
    assert written == [("t", "b"), ("t", "c")]
    assert [_link(db, t)[0] for t in "abc"] == [1, 5, 5]
    assert heard.ids("thing_links") == [("t", "b"), ("t", "c")]


def test_soft_delete_where_tombstones_live_rows_only(links):
    db = links
    upsert_links(db, "thing_links", ("thing_id", "tag"),
                 [{"thing_id": "t", "tag": tag, "weight": 1, "note": None} for tag in "abc"], audit=False)
    assert soft_delete_where(db, "thing_links", {"thing_id": "t", "tag": ["a", "b"]}, audit=False) == [
        ("t", "a"), ("t", "b")]
    assert soft_delete_where(db, "thing_links", {"tag": ["a", "b"]}, audit=False) == []  # already gone
    assert _link(db, "c")[4] is None


def test_update_where_takes_sql_expressions_and_stamps_only_when_asked(links):
    db = links
    a = insert_row(db, "things", {"name": "ก"})
    stamped_before = db.execute("SELECT updated_at FROM things WHERE id = ?", [a]).fetchone()[0]
    upsert_links(db, "thing_links", ("thing_id", "tag"), [{"thing_id": a, "tag": "x", "weight": 1, "note": None}],
                 audit=False)
    assert update_where(db, "thing_links", {"weight": Sql("weight + 1")}, {"thing_id": a}, audit=False) == [(a, "x")]
    assert _link(db, "x")[0] == 2
    update_where(db, "things", {"name": "ข"}, {"id": a}, stamp=False, audit=False)
    assert db.execute("SELECT name, updated_at FROM things WHERE id = ?", [a]).fetchone() == ("ข", stamped_before)
    assert update_where(db, "things", {"name": "ค"}, {"id": "nobody"}, audit=False) == []


def test_audited_writes_by_condition_enter_the_chain_with_their_keys(links):
    db = links
    upsert_links(db, "thing_links", ("thing_id", "tag"), [{"thing_id": "t", "tag": "a", "weight": 1, "note": None}],
                 audit=True)
    soft_delete_where(db, "thing_links", {"thing_id": "t"}, audit=True)
    entries = list_entries(db, table_name="thing_links")
    assert [(e.action, e.row_id) for e in entries] == [("delete", '["t", "a"]'), ("upsert", '["t", "a"]')]
    assert verify_chain(db).ok


def test_put_records_conflict_modes(db):
    heard = Heard(db)
    row = {"installation_id": "i1", "level": "district", "province_code": "62", "district_code": "6205",
           "org_name": "เดิม", "first_seen_at": "a", "last_seen_at": "a"}
    assert put_records(db, "exchange_peers", ("installation_id",), [row]) == ["i1"]
    with pytest.raises(cipher.IntegrityError):
        put_records(db, "exchange_peers", ("installation_id",), [row])
    assert put_records(db, "exchange_peers", ("installation_id",), [{**row, "org_name": "ใหม่"}],
                       on_conflict="keep") == []
    put_records(db, "exchange_peers", ("installation_id",), [{**row, "org_name": "ใหม่", "last_seen_at": "b"}],
                on_conflict=("org_name", "last_seen_at"))
    assert db.execute("SELECT org_name, first_seen_at, last_seen_at FROM exchange_peers").fetchone() == (
        "ใหม่", "a", "b")
    set_meta(db, "some_setting", "1")
    assert heard.ids("exchange_peers") == ["i1", "i1"] and heard.ids("meta") == ["some_setting"]
    assert all(not audited for *_, audited in heard.changes)


# -- the write lock ------------------------------------------------------------------------------
def test_write_lock_holds_the_write_lock_from_the_start_and_commits(db, db_path):
    create_sync_table(db, "things", {"name": str})
    rival = cipher.raw_connect(db_path, cipher.secrets()[0], timeout=0, isolation_level=None)
    try:
        with write_lock(db):
            with pytest.raises(cipher.OperationalError, match="locked"):
                rival.execute("BEGIN IMMEDIATE")  # taken before our first write
            insert_row(db, "things", {"name": "ก"})
        assert not db.conn.in_transaction
        assert rival.execute("SELECT count(*) FROM things").fetchone()[0] == 1
    finally:
        rival.close()


def test_write_lock_rolls_back_on_error_and_nests_as_a_savepoint(db):
    create_sync_table(db, "things", {"name": str})
    with pytest.raises(RuntimeError):
        with write_lock(db):
            insert_row(db, "things", {"name": "ก"})
            raise RuntimeError("boom")
    assert db.execute("SELECT count(*) FROM things").fetchone()[0] == 0 and not db.conn.in_transaction
    with db.atomic():
        insert_row(db, "things", {"name": "outer"})
        with pytest.raises(RuntimeError):
            with write_lock(db):
                insert_row(db, "things", {"name": "inner"})
                raise RuntimeError("inner fails")
    assert [r[0] for r in db.execute("SELECT name FROM things")] == ["outer"]
