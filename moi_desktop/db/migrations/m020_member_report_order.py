"""An index in the members report's own order — each sector's live members by their "other"
text, then by name — so a report of 100,000 members walks it sector by sector and streams its
rows, instead of SQLite sorting every member in memory first (~100 MB at that size).

Self-contained (the lead may renumber it at a merge).
"""

from moi_desktop.db.types import Database

LIVE = "deleted_at IS NULL AND merged_into IS NULL"


def up(db: Database) -> None:
    db.execute("CREATE INDEX IF NOT EXISTS idx_members_live_report "
               f"ON members(sector, coalesce(sector_other, ''), name_sort) WHERE {LIVE}")
