"""The members-by-sector report's rows: streamed sector by sector in the official order, "other"
grouped by its own text, each group by name — and every sector but "other" read in index order."""

import random

import pytest

from moi_desktop.imports.bulk import insert_rows
from moi_desktop.members import reports_data
from moi_desktop.members.keys import member_sort_key
from moi_desktop.members.reports_data import iter_members_for_report

SECTORS = ("government", "academic", "religious", "people", "private", "civil_society", "media", "other")


@pytest.fixture
def members(db):
    rng = random.Random(3)
    rows = []
    for i in range(120):
        first, last = rng.choice(["สมชาย", "กาญจนา", "อนุชา", "ศิริพร"]) + f"{i:03d}", rng.choice(["ใจดี", "บุญมา"])
        sector = rng.choice(SECTORS)
        rows.append({"first_name": first, "last_name": last, "sector": sector, "active": 1,
                     "sector_other": rng.choice(["ภาคการศึกษา", "ภาคีกลุ่มสตรี", None]) if sector == "other" else None,
                     "deleted_at": "2026-01-01T00:00:00" if i % 17 == 0 else None,
                     "name_sort": member_sort_key(first, last)})
    with db.atomic():
        insert_rows(db, "members", rows)
    return db


def test_rows_come_in_sector_order_other_by_its_text_then_by_name(members):
    got = [(r["sector"], r["sector_other"] or "", r["name_sort"]) for r in iter_members_for_report(members)]
    sort = {code: n for code, n in members.execute("SELECT code, sort FROM sectors")}
    expected = sorted(((r["sector"], r["sector_other"] or "", r["name_sort"]) for r in members.query(
        "SELECT * FROM members WHERE deleted_at IS NULL AND merged_into IS NULL AND active = 1")),
        key=lambda t: (sort[t[0]], t[1] if t[0] == "other" else "", t[2]))
    assert got == expected and len(got) == 112  # every 17th deleted: 8 of 120
    assert {t[1] for t in got if t[0] == "other"} >= {"ภาคการศึกษา", "ภาคีกลุ่มสตรี"}


def test_only_the_other_sector_is_sorted_by_sqlite(members):
    where, params = reports_data._where(None, None, True)
    for code, order, sorts in (("people", reports_data._BY_NAME, False),
                               ("other", reports_data._BY_OTHER_TEXT, True)):
        plan = " ".join(r[3] for r in members.execute(
            "EXPLAIN QUERY PLAN " + reports_data._REPORT_QUERY.format(where=where, order=order), [code, *params]))
        assert "idx_members_live_sector" in plan
        assert ("TEMP B-TREE" in plan) == sorts
