"""The bulk path: public insert_rows with chunk announcements and a batched audit chain, bulk index
rebuild, and the fast paths of the import (each must agree with the general helper it shortcuts)."""

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from moi_desktop.db import insert_row
from moi_desktop.db.changes import listen, unlisten
from moi_desktop.db.rows import BULK_CHUNK, create_sync_table, insert_rows
from moi_desktop.members import MemberQuery, clean_member, count_members, fast, field_problem, search_members
from moi_desktop.members.keys import consonant_skeleton, loose_key, skeleton_of_loose
from moi_desktop.members.search import REBUILD_MIN_ROWS, bulk_indexing
from moi_desktop.security import list_entries, verify_chain
from moi_desktop.thai import national_id_problem, normalize_national_id, normalize_phone, normalize_text, phone_problem
from moi_desktop.thai.names import split_name
from moi_desktop.thai.text import clean_str

# --- insert_rows and the audit trail ------------------------------------------------------------


@pytest.fixture
def people(db):
    create_sync_table(db, "people", {"name": str, "phone": str})
    return db


def test_insert_rows_stamps_and_audits_one_entry_per_row(people):
    db = people
    insert_row(db, "people", {"name": "ก่อน"})  # a chain already under way
    rows = [{"name": f"คน {i}", "phone": f"08{i:08d}"} for i in range(BULK_CHUNK + 7)]
    with db.atomic():
        ids = insert_rows(db, "people", rows)
    assert len(set(ids)) == len(rows) and ids == sorted(ids)  # time-ordered, in row order
    stored = db.execute("SELECT id, name, created_at, updated_at, origin, deleted_at FROM people "
                        "WHERE name != 'ก่อน' ORDER BY rowid").fetchall()
    assert [r[0] for r in stored] == ids and stored[0][1] == "คน 0"
    assert all(r[2] == r[3] and r[4] and r[5] is None for r in stored)
    entries = list(reversed(list_entries(db, table_name="people", limit=5000)))
    assert [e.row_id for e in entries[1:]] == ids
    assert all(e.action == "create" and e.details == {"fields": ["name", "phone"]} for e in entries[1:])
    result = verify_chain(db)
    assert result.ok and result.checked >= len(rows) + 1


def test_listeners_hear_each_chunk_once_with_every_row(people):
    db = people
    batches = []

    def on_change(conn, change):
        batches.append((change.table, change.action, change.ids))

    listen(db, on_change)
    try:
        with db.atomic():
            ids = insert_rows(db, "people", [{"name": str(i), "phone": None} for i in range(BULK_CHUNK + 1)])
        one = insert_row(db, "people", {"name": "x"})
    finally:
        unlisten(db, on_change)
    assert [len(b[2]) for b in batches] == [BULK_CHUNK, 1, 1]
    assert batches[0][:2] == ("people", "create") and batches[0][2] + batches[1][2] == ids
    assert batches[2][2] == [one]


def test_insert_rows_is_all_or_nothing_with_its_audit_entries(people):
    db = people
    before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(RuntimeError):
        with db.atomic():
            insert_rows(db, "people", [{"name": "ก", "phone": None}] * 50)
            raise RuntimeError("boom")
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert verify_chain(db).ok


def test_insert_rows_refuses_mixed_keys_and_runs_only_in_a_transaction(people):
    db = people
    with pytest.raises(RuntimeError):
        insert_rows(db, "people", [{"name": "ก", "phone": None}])
    with pytest.raises(ValueError):
        with db.atomic():
            insert_rows(db, "people", [{"name": "ก", "phone": None}, {"name": "ข"}])
    with db.atomic():
        kept = insert_rows(db, "people", [{"id": "fixed-id", "phone": "1", "name": "ค"}])  # any key order
    assert kept == ["fixed-id"]
    assert db.execute("SELECT name, phone FROM people WHERE id = 'fixed-id'").fetchone() == ("ค", "1")
    with db.atomic():
        assert insert_rows(db, "people", []) == []


# --- bulk indexing --------------------------------------------------------------------------------


def _member_rows(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        first, last = f"ทดสอบ{i}", "ใจดี"
        values, problems = clean_member(None, {"first_name": first, "last_name": last}, split_title=False)
        assert not problems
        rows.append({**values, "phone": f"08{i:08d}", "sector": "people", "active": 1, "lawful_basis": "public_task"})
    return rows


def _index_sql(db) -> list[tuple]:
    return db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' "
                      "ORDER BY name").fetchall()


def test_big_insert_into_small_table_rebuilds_the_same_indexes(db):
    before = _index_sql(db)
    with db.atomic(), bulk_indexing(db, rows=REBUILD_MIN_ROWS):
        dropped = _index_sql(db)
        insert_rows(db, "members", _member_rows(REBUILD_MIN_ROWS))
    assert len(dropped) < len(before)  # they really were rebuilt, not updated row by row
    assert _index_sql(db) == before
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    found = search_members(db, MemberQuery(text=f"ทดสอบ{REBUILD_MIN_ROWS - 1}"))
    assert [r["first_name"] for r in found] == [f"ทดสอบ{REBUILD_MIN_ROWS - 1}"]
    assert count_members(db, MemberQuery(text="08000000")) == 100  # 0800000000 … 0800000099


def test_failed_bulk_insert_leaves_indexes_and_rows_as_they_were(db):
    before = _index_sql(db)
    with pytest.raises(RuntimeError):
        with db.atomic(), bulk_indexing(db, rows=REBUILD_MIN_ROWS):
            insert_rows(db, "members", _member_rows(3))
            raise RuntimeError("boom")
    assert _index_sql(db) == before
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'members_fts_ai'").fetchone()[0] == 1


# --- fast paths agree with the helpers they stand for --------------------------------------------

_ID_TEXT = st.text(alphabet="0123456789- ๐๑๒๓๔๕๖๗๘๙\t‐x", max_size=20)


@given(_ID_TEXT | st.integers(min_value=0, max_value=10**13) | st.floats(allow_nan=False, allow_infinity=False))
def test_national_id_digits_is_normalize_national_id(raw):
    assert fast.national_id_digits(raw) == normalize_national_id(raw)


@given(st.text(alphabet="0123456789", min_size=13, max_size=13) | _ID_TEXT)
@example("1-1037-02071-98-6")  # valid, but not yet normalised
def test_national_id_ok_agrees_with_national_id_problem(text):
    for value in (text, normalize_national_id(text)):
        assert fast.national_id_ok(value) == (national_id_problem(value) is None)


_PHONE_TEXT = st.text(alphabet="0123456789-+ ()#xต่อ๐๘๙", max_size=18)


@given(_PHONE_TEXT | st.integers(min_value=0, max_value=10**12) | st.sampled_from(["66812345678", "+66 81 234 5678"]))
def test_phone_digits_is_normalize_phone(raw):
    assert fast.phone_digits(raw) == normalize_phone(raw)


@given(st.text(alphabet="0123456789", min_size=8, max_size=12) | _PHONE_TEXT)
@example("66600000000")  # +66 60 000 0000 written without the plus: the form accepts it
@example("660812345678")  # +66 (0)81 234 5678
@example("6681234567")  # ten digits: not a +66 number
def test_phone_ok_agrees_with_phone_problem(text):
    for value in (text, normalize_phone(text)):
        assert fast.phone_ok(value) == (phone_problem(value) is None)


@given(_PHONE_TEXT | st.integers(min_value=0, max_value=10**12))
@example("66600000000")
@example("+66 81 234 5678")
@example(66812345678)
def test_member_phone_as_imported_agrees_with_the_form(raw):
    """clean_member (the import and the save, through the shortcuts) stores the number the form
    checks and refuses it exactly when the form's check does."""
    values, problems = clean_member(None, {"phone": raw})
    stored = normalize_phone(raw)
    assert values["phone"] == (stored or None)
    refused = [p.message for p in problems if p.field == "phone"]
    if stored:  # no digits at all ("-", "ไม่มี") is a blank cell, not a wrong number
        assert refused == ([phone_problem(raw)] if phone_problem(raw) else [])
        assert field_problem("phone", raw) == phone_problem(raw)  # what the form shows as typed
    else:
        assert refused == []


_THAI_TEXT = st.text(
    alphabet=st.sampled_from(list("กขนมยรสอาำิีุเแโ่้๊๋์ํ ") + ["\u200b", "\t", "\n", "\x01", "\u00a0", "e", "\u0301", "A"]),
    max_size=16,
)


@settings(max_examples=300)
@given(_THAI_TEXT)
def test_the_normalisation_shortcut_is_normalize_text(text):
    assert clean_str(text) == normalize_text(text)
    assert split_name(text) == split_name.__wrapped__(text)  # the cache returns what it computed


_TONES = "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"


def _loose_two_pass(key: str) -> str:
    # The definition: drop silent letters (consonant, maybe ิ/ุ, then ์), then the tone marks.
    return re.sub("[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c", "", key).translate(str.maketrans("", "", _TONES))


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in range(0x0E01, 0x0E5C)] + [" ", "."]), max_size=14))
def test_one_pass_loose_key_matches_the_definition(key):
    assert loose_key(key) == _loose_two_pass(key)
    assert skeleton_of_loose(loose_key(key)) == consonant_skeleton(key)
