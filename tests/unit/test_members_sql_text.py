"""Text a user types stays data in the SQL the members area builds: search terms become bound
parameters or quoted FTS5 phrases, sort keys come from a fixed table, names are bound values."""

import pytest

from moi_desktop.members import MemberQuery, add_member, count_members, find_duplicates, member_ids, search_members

HOSTILE = [
    "') OR 1=1 --",
    '" OR first_name MATCH "*',
    "x'; DROP TABLE members; --",
    "NEAR(สมชาย ใจดี)",
    "สมชาย OR มาลี",
]


@pytest.fixture
def somchai(db):
    return add_member(db, {"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345678"})


@pytest.mark.parametrize("text", HOSTILE)
def test_search_text_with_sql_or_fts_syntax_matches_only_as_text(db, somchai, text):
    assert search_members(db, MemberQuery(text=text)) == []
    assert count_members(db, MemberQuery(text=text)) == 0
    assert count_members(db, MemberQuery(text=text), cap=10) == 0
    assert member_ids(db, MemberQuery(text=text)) == []
    assert count_members(db, MemberQuery()) == 1  # nothing dropped or changed


def test_unknown_sort_key_falls_back_to_name_order(db, somchai):
    rows = search_members(db, MemberQuery(sort="m.id; DROP TABLE members"))
    assert [r["id"] for r in rows] == [somchai]
    assert member_ids(db, MemberQuery(sort="1) UNION SELECT national_id FROM members --")) == [somchai]


def test_duplicate_check_binds_the_names_it_is_given(db, somchai):
    assert find_duplicates(db, {"first_name": "x' OR '1'='1", "last_name": "' OR ''='"}) == []
    same = {"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345678"}
    assert [m.ref for m in find_duplicates(db, same)] == [somchai]
