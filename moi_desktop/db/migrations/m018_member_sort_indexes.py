"""Indexes for the member list's other sort orders at province scale: a page of 100,000
members sorted by organisation or by sector walks an index and stops at the page end instead of
sorting every member (~280 ms → a few ms).

- organisation: the list's own ORDER BY expressions (blank organisations last), live members only;
- sector and team role: (code, name_sort) over live members; members/search.py pages through the
  groups in their display order (sectors.sort, team_roles.sort) and walks each group's names.

A keystroke over 100,000 members reads indexes only: the name walk's index (replaced by one that
also holds first_name, last_name and phone, so "names starting with สม" are tested in the index
and only the page's rows are read), and live-only first/last name and phone indexes answer the
capped count of a short prefix without visiting the rows.

Self-contained (the lead may renumber it at a merge).
"""

from moi_desktop.db.types import Database

LIVE = "deleted_at IS NULL AND merged_into IS NULL"


def up(db: Database) -> None:
    db.execute("CREATE INDEX IF NOT EXISTS idx_members_live_organisation "
               f"ON members(organisation IS NULL, organisation, name_sort) WHERE {LIVE}")
    db.execute(f"CREATE INDEX IF NOT EXISTS idx_members_live_sector ON members(sector, name_sort) WHERE {LIVE}")
    db.execute(f"CREATE INDEX IF NOT EXISTS idx_members_live_team_role ON members(team_role, name_sort) WHERE {LIVE}")
    db.execute("DROP INDEX IF EXISTS idx_members_live_sort")
    db.execute("CREATE INDEX idx_members_live_sort ON members(name_sort, first_name, last_name, phone) "
               f"WHERE {LIVE}")
    for column in ("first_name", "last_name", "phone"):
        db.execute(f"CREATE INDEX IF NOT EXISTS idx_members_live_{column} ON members({column}) WHERE {LIVE}")
