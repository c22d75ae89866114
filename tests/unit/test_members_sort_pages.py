"""Sorted member list pages: a dense list sorted by sector or team role is paged group by
group over the (code, name_sort) indexes; the pages are exactly the ORDER BY's."""

import random

import pytest

from moi_desktop.imports.bulk import insert_rows
from moi_desktop.members import MemberQuery, search_members
from moi_desktop.members.keys import member_sort_key

SECTORS = ("government", "academic", "religious", "people", "private", "civil_society", "media", "other")
ROLES = ("leader10", "change_agent100", "village_committee", "forum", "other", None)


@pytest.fixture
def members(db):
    rng = random.Random(5)
    rows = []
    for i in range(90):
        first, last = f"สมชาย{i:03d}", rng.choice(["ใจดี", "ศรีสุข", "บุญมา"])
        rows.append({"first_name": first, "last_name": last, "sector": rng.choice(SECTORS),
                     "team_role": rng.choice(ROLES), "organisation": rng.choice([None, "อบต.", "โรงเรียน"]),
                     "active": 1, "name_sort": member_sort_key(first, last)})
    with db.atomic():
        insert_rows(db, "members", rows)
    return db


@pytest.mark.parametrize("sort", ["sector", "team_role", "organisation", "name", "created"])
@pytest.mark.parametrize("descending", [False, True])
def test_dense_pages_are_the_order_by_pages(members, sort, descending):
    query = MemberQuery(sort=sort, descending=descending)
    everyone = [m["id"] for m in search_members(members, query, limit=1000, dense=False)]
    assert len(everyone) == 90
    for offset, limit in [(0, 10), (7, 25), (40, 40), (85, 20), (90, 5)]:
        page = [m["id"] for m in search_members(members, query, limit=limit, offset=offset, dense=True)]
        assert page == everyone[offset:offset + limit], (offset, limit)


def test_sorted_pages_use_the_live_indexes(members):
    plan = " ".join(r[3] for r in members.execute(
        "EXPLAIN QUERY PLAN SELECT m.id FROM members m WHERE m.deleted_at IS NULL AND m.merged_into IS NULL "
        "ORDER BY m.organisation IS NULL, m.organisation, m.name_sort LIMIT 10"))
    assert "idx_members_live_organisation" in plan and "TEMP B-TREE" not in plan
    plan = " ".join(r[3] for r in members.execute(
        "EXPLAIN QUERY PLAN SELECT m.id FROM members m WHERE m.deleted_at IS NULL AND m.merged_into IS NULL "
        "AND m.sector = 'people' ORDER BY m.name_sort LIMIT 10"))
    assert "idx_members_live_sector" in plan and "TEMP B-TREE" not in plan
