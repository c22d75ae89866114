"""The audit trail: every row write logged in its transaction, no personal values, append-only,
and a hash chain that exposes edits, deletions and reordering made behind the program's back."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moi_desktop.db import cipher, insert_row, open_database, soft_delete, undelete, update_row
from moi_desktop.db.rows import create_sync_table
from moi_desktop.security import (
    User,
    act_as,
    audit,
    count_entries,
    current_actor,
    distinct_values,
    list_entries,
    verify_chain,
)
from tests.fast_db import raw


@pytest.fixture
def people(db, monkeypatch):
    """A table of this test's own, which the clerk's members.edit may write."""
    from moi_desktop.security import roles

    create_sync_table(db, "people", {"name": str, "national_id": str, "phone": str})
    monkeypatch.setitem(roles.WRITE_ACTIONS, "people", ("members.edit",))
    roles.writable.cache_clear()
    yield db
    roles.writable.cache_clear()


def test_row_writes_are_logged_with_field_names_only(people):
    db = people
    row = insert_row(db, "people", {"name": "สมชาย ใจดี", "national_id": "1101700230705", "phone": "0812345678"})
    update_row(db, "people", row, {"phone": "0899999999"})
    soft_delete(db, "people", row)
    undelete(db, "people", row)
    entries = list(reversed(list_entries(db, table_name="people")))
    assert [e.action for e in entries] == ["create", "update", "delete", "undelete"]
    assert all(e.row_id == row and e.actor == "system" for e in entries)
    assert entries[0].details == {"fields": ["name", "national_id", "phone"]}
    assert entries[1].details == {"fields": ["phone"]}
    stored = " ".join(r[0] for r in db.execute("SELECT details FROM audit_log"))
    for secret in ("สมชาย", "1101700230705", "0812345678", "0899999999"):
        assert secret not in stored


def test_entry_and_change_commit_or_vanish_together(people):
    db = people
    before = count_entries(db)
    with pytest.raises(RuntimeError):
        with db.atomic():
            insert_row(db, "people", {"name": "ก"})
            raise RuntimeError("boom")
    assert count_entries(db) == before
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_the_actor_belongs_to_its_connection_only(people, db_path):
    db = people
    other = open_database(db_path)
    try:
        act_as(db, User("u1", "somchai", "สมชาย", "admin"))
        insert_row(db, "people", {"name": "ก"})
        assert current_actor(other) == "system"  # nothing process-wide: another connection has its own
        insert_row(other, "people", {"name": "ข"})
        act_as(other, User("u2", "malee", "มาลี", "clerk"))
        insert_row(other, "people", {"name": "ค"})
        act_as(db, None)
        insert_row(db, "people", {"name": "ง"})
    finally:
        other.close()
    assert [e.actor for e in reversed(list_entries(db, table_name="people"))] == [
        "somchai", "system", "malee", "system"]
    assert verify_chain(db).ok  # two connections appended to one unbroken chain


def test_explicit_events_and_filters(people):
    db = people
    audit(db, "export_personal", report="members", rows=12)
    audit(db, "import", actor="malee", file="list.xlsx", imported=3)
    assert list_entries(db, action="export_personal")[0].details == {"report": "members", "rows": 12}
    assert [e.action for e in list_entries(db, actor="malee")] == ["import"]
    assert {"export_personal", "import"} <= set(distinct_values(db, "action"))
    assert list_entries(db, since="2999-01-01T00:00:00.000Z") == []
    assert len(list_entries(db, limit=1)) == 1
    with pytest.raises(ValueError):
        distinct_values(db, "details")


def test_audit_log_refuses_update_and_delete(people):
    db = people
    audit(db, "login", via="test")
    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(cipher.IntegrityError, match="append-only"):
            db.execute(sql)
    assert verify_chain(db).ok


def _tamper(db_path, *statements):
    """What someone with a plain SQLite tool could do: drop the guards and edit rows."""
    conn = raw(db_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.close()


@pytest.fixture
def chain(people, db_path):
    for i in range(6):
        insert_row(people, "people", {"name": f"คน {i}"})
    assert verify_chain(people).ok
    people.close()
    return db_path


@pytest.mark.parametrize(
    "statements, bad_seq",
    [
        (["UPDATE audit_log SET actor = 'ghost' WHERE seq = 4"], 4),
        (["UPDATE audit_log SET details = '{}' WHERE seq = 2"], 2),
        (["DELETE FROM audit_log WHERE seq = 3"], 3),
        (["UPDATE audit_log SET action = 'update', hash = 'x' WHERE seq = 5"], 5),
    ],
)
def test_verify_names_first_tampered_entry(chain, statements, bad_seq):
    _tamper(chain, *statements)
    db = open_database(chain)
    result = verify_chain(db)
    db.close()
    assert not result.ok
    assert result.first_bad_seq == bad_seq
    assert result.checked == bad_seq - 1
    assert f"ลำดับที่ {bad_seq}" in result.message_th


def test_recomputed_hash_still_breaks_the_link(chain):
    # An editor who recomputes the edited row's own hash still breaks the next row's link.
    from moi_desktop.security.audit import entry_hash

    conn = raw(chain)
    seq, at, actor, action, table, row, details, prev = conn.execute(
        "SELECT seq, at, actor, action, table_name, row_id, details, prev_hash FROM audit_log WHERE seq = 2"
    ).fetchone()
    conn.close()
    forged = entry_hash(prev, seq, at, "ghost", action, table, row, details)
    _tamper(chain, f"UPDATE audit_log SET actor = 'ghost', hash = '{forged}' WHERE seq = 2")
    db = open_database(chain)
    result = verify_chain(db)
    db.close()
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_empty_chain_is_intact(db):
    db.execute("SELECT 1")
    result = verify_chain(db)
    assert result.ok and result.first_bad_seq is None


@given(
    st.integers(1, 2**40),
    st.text(),
    st.text(),
    st.text(),
    st.one_of(st.none(), st.text()),
    st.one_of(st.none(), st.text()),
    st.text(),
)
def test_canonical_form_is_sorted_compact_json(seq, at, actor, action, table_name, row_id, details):
    from moi_desktop.security.audit import canonical

    entry = {"seq": seq, "at": at, "actor": actor, "action": action, "table_name": table_name,
             "row_id": row_id, "details": details}
    expected = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert canonical(seq, at, actor, action, table_name, row_id, details) == expected
