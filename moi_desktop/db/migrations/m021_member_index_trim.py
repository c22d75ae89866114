"""Fewer member indexes: six B-trees every member row paid for and no query needs.

Each member inserted — thousands a bundle when the province merges its districts — is written
into every index of the table, and each of those pages goes through the WAL and the page
encryption. The members table carried 18 indexes besides its primary key's; these six duplicate
others, as EXPLAIN QUERY PLAN over every members query of the program shows. Merging 12
districts' bundles (60,000 members, 240,000 marks) into a province: 8.04 → 7.69 CPU-seconds, the
files 212 → 203 MiB (interleaved runs, best of three).

Which remaining index answers the queries that could have used them:

- idx_members_first_name, idx_members_last_name, idx_members_phone (m003): the list and search
  read live members only, through idx_members_live_first_name / live_last_name / live_phone
  (m018), whose short-prefix conditions carry the live condition in each alternative of their OR
  (members/search.py). The duplicate check as a record is typed (members/duplicates.py
  find_duplicates) reads live rows the same way and merged tombstones through
  idx_members_merged_into; name_key and national_id keep their own indexes.
- idx_members_sector_name_sort, idx_members_team_role_name_sort (m003): every query filtering or
  grouping by sector or team role asks for live members, answered by idx_members_live_sector /
  live_team_role (m018) — the list's grouped pages and their counts, the members report, the
  dashboard's members by sector, the report's sector counts.
- idx_members_live_report (m020): the members report reads each sector over
  idx_members_live_sector in name order; only the "other" sector, grouped by its own text first,
  sorts its own members (members/reports_data.py).

Self-contained (the lead may renumber it at a merge).
"""

from moi_desktop.db.types import Database

DROPPED = (
    "idx_members_first_name",
    "idx_members_last_name",
    "idx_members_phone",
    "idx_members_sector_name_sort",
    "idx_members_team_role_name_sort",
    "idx_members_live_report",
)


def up(db: Database) -> None:
    for name in DROPPED:
        db.execute(f"DROP INDEX IF EXISTS {name}")
