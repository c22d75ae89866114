"""The member indexes migration m021 dropped stay unneeded: the queries that used them are
answered by the live-only indexes that remain, never by a scan of the whole table, and the
duplicate check still finds merged tombstones."""

import pytest

from moi_desktop.db.migrations.m021_member_index_trim import DROPPED
from moi_desktop.members import (
    MemberQuery,
    add_member,
    delete_member,
    duplicates,
    find_duplicates,
    merge_members,
    search,
)
from moi_desktop.members.duplicates import DUPLICATE_NAME_PHONE, SIMILAR_NAME


def _plan(db, sql: str, params: list) -> str:
    return " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))


def _scans_members(plan: str) -> bool:
    """A full pass over the table (a walk of an index in order is "SCAN m USING INDEX …")."""
    return any(step.strip() in ("SCAN m", "SCAN members") for step in plan.split("|"))


def test_the_dropped_indexes_are_gone_and_their_live_twins_remain(db):
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members'")}
    assert not names & set(DROPPED)
    assert {"idx_members_live_first_name", "idx_members_live_last_name", "idx_members_live_phone",
            "idx_members_live_sector", "idx_members_live_team_role", "idx_members_merged_into"} <= names


@pytest.mark.parametrize(("text", "indexes"), [
    ("สม", ("idx_members_live_first_name", "idx_members_live_last_name")),
    ("สม ใจ", ("idx_members_live_first_name", "idx_members_live_last_name")),
    ("08", ("idx_members_live_phone",)),
])
def test_a_short_prefix_is_found_through_the_live_name_and_phone_indexes(db, text, indexes):
    where, params = search._where(MemberQuery(text=text))
    for sql in (f"SELECT count(*) FROM members m WHERE {where}",
                f"SELECT {search.COLUMNS} {search._FROM} WHERE {where} ORDER BY m.name_sort LIMIT 200"):
        plan = _plan(db, sql, params)
        assert all(f"SEARCH m USING INDEX {name}" in plan for name in indexes), plan
        assert not _scans_members(plan) and "idx_members_live_sort" not in plan


@pytest.mark.parametrize("data", [
    {"first_name": "สมชาย", "last_name": "ใจดี", "national_id": "1101700230705"},
    {"first_name": "สมชาย", "last_name": "ใจดี"},
    {"first_name": "สมชาย"},
])
def test_the_duplicate_check_reads_indexes_only(db, data):
    first, last = data.get("first_name", ""), data.get("last_name", "")
    where = ["name_key = ?", *(["national_id = ?"] if "national_id" in data else []),
             *(["first_name = ?"] if first else []), *(["last_name = ?"] if last else [])]
    params = ["key", *([data["national_id"]] if "national_id" in data else []),
              *([first] if first else []), *([last] if last else [])]
    plan = _plan(db, *duplicates._candidates_sql(where, params))
    assert not _scans_members(plan), plan
    assert "idx_members_merged_into" in plan
    if first:
        assert "idx_members_live_first_name" in plan


def test_the_duplicate_check_still_finds_live_rows_by_one_name_and_tombstones(db):
    survivor = add_member(db, {"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345678"})
    variant = add_member(db, {"first_name": "สมชาญ", "last_name": "ใจดี", "phone": "0899999999"})
    deleted = add_member(db, {"first_name": "มาลี", "last_name": "ศรีสุข", "phone": "0811111111"})
    merge_members(db, survivor, variant)
    delete_member(db, deleted)
    # the last name one letter off: found through the first name alone (the name keys differ)
    assert [(m.kind, m.ref) for m in find_duplicates(db, {"first_name": "สมชาย", "last_name": "ใจดีย์"})] == [
        (SIMILAR_NAME, survivor)]
    # the merged-away spelling and its phone: the tombstone stands for its survivor
    found = find_duplicates(db, {"first_name": "สมชาญ", "last_name": "ใจดี", "phone": "0899999999"})
    assert (DUPLICATE_NAME_PHONE, survivor) in [(m.kind, m.ref) for m in found]
    # a deleted (not merged) member is no duplicate
    assert find_duplicates(db, {"first_name": "มาลี", "last_name": "ศรีสุข", "phone": "0811111111"}) == []
