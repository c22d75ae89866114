"""Link tables with natural keys (project × SDG, activity × sector …): replace a set of links,
keeping removed ones as tombstones so that a removal travels in exchange bundles."""

from __future__ import annotations

from collections.abc import Iterable

from moi_desktop.db import Database
from moi_desktop.db.clock import now_iso
from moi_desktop.db.rows import soft_delete_where, upsert_links

# table -> (owner column, value column). The SQL below names only tables and columns from here
# (an unknown table is a KeyError); owners and values are bound parameters.
LINKS: dict[str, tuple[str, str]] = {
    "project_subdistricts": ("project_id", "subdistrict_code"),
    "project_sdgs": ("project_id", "goal"),
    "project_indicators": ("project_id", "indicator_id"),
    "project_sectors": ("project_id", "sector"),
    "project_agencies": ("project_id", "agency_id"),
    "activity_sectors": ("activity_id", "sector"),
}


# A link's value: a code (str) or an SDG goal number (int).
LinkValue = str | int


def linked(db: Database, table: str, owner: str) -> list[LinkValue]:
    key, value = LINKS[table]
    return [r[0] for r in db.execute(
        f"SELECT [{value}] FROM [{table}] WHERE [{key}] = ? AND deleted_at IS NULL ORDER BY [{value}]",  # noqa: S608
        [owner])]


def set_links(db: Database, table: str, owner: str, values: Iterable[LinkValue]) -> bool:
    """Make the live links of `owner` exactly `values`. Returns True when anything changed.
    Call inside the transaction that also stamps the owner row."""
    key, value = LINKS[table]
    wanted = list(dict.fromkeys(values))
    rows = {r[0]: r[1] for r in db.execute(
        f"SELECT [{value}], deleted_at FROM [{table}] WHERE [{key}] = ?", [owner])}  # noqa: S608
    now = now_iso()
    # New links, and removed ones coming back (their tombstone cleared).
    added = [{key: owner, value: v} for v in wanted if v not in rows or rows[v] is not None]
    upsert_links(db, table, (key, value), added, at=now, audit=False)
    removed = [v for v, deleted in rows.items() if deleted is None and v not in wanted]
    if removed:
        soft_delete_where(db, table, {key: owner, value: removed}, at=now, audit=False)
    return bool(added or removed)
