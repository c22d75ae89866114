"""Merging two records of the same person; the merged one stays as a tombstone with history.

The survivor takes the values the user chose (by default its own, with blanks filled from the
other record); the other becomes a tombstone whose `merged_into` names the survivor; rows in other
tables that pointed at it are moved to the survivor; both records as they were are kept in
member_merges so the merge can be reviewed later.
"""

import json
from dataclasses import dataclass
from typing import Any

from moi_desktop.db import Database, insert_row, now_iso, update_row
from moi_desktop.db.rows import update_where
from moi_desktop.errors import UserError
from moi_desktop.members.links import member_columns
from moi_desktop.members.model import FIELDS
from moi_desktop.members.store import require_member, update_member
from moi_desktop.security.session import require


@dataclass
class MergeResult:
    survivor_id: str
    merged_id: str
    merge_id: str
    repointed: dict[str, int]


def proposed_values(survivor: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """The survivor's values, with its blanks filled from the other record."""
    values: dict[str, Any] = {}
    for field in FIELDS:
        mine = survivor.get(field)
        values[field] = mine if mine not in (None, "") else other.get(field)
    if survivor.get("sector") == "other" and other.get("sector") not in (None, "other"):
        values["sector"], values["sector_other"] = other["sector"], other.get("sector_other")
    return values


def _snapshot(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def _repoint(db: Database, survivor_id: str, merged_id: str) -> dict[str, int]:
    moved: dict[str, int] = {}
    now = now_iso()
    for table, column in member_columns(db):
        # OR IGNORE: a link the survivor already has (e.g. both attended one session) stays with
        # the tombstone rather than failing the merge; readers follow merged_into.
        keys = update_where(db, table, {column: survivor_id}, {column: merged_id}, at=now, or_ignore=True,
                            audit=False)
        if keys:
            moved[f"{table}.{column}"] = len(keys)
    return moved


def merge_members(db: Database, survivor_id: str, merged_id: str, values: dict[str, Any] | None = None) -> MergeResult:
    """Merge `merged_id` into `survivor_id` in one transaction. `values` (field → value) are the
    survivor's final values; missing fields default to `proposed_values`."""
    require(db, "members.edit")
    if survivor_id == merged_id:
        raise UserError("เลือกรายการเดียวกันสองครั้ง: ต้องเลือกสองรายการที่ต่างกัน")
    survivor = require_member(db, survivor_id)
    merged = require_member(db, merged_id)
    for row in (survivor, merged):
        if row["deleted_at"]:
            raise UserError("รายการที่เลือกถูกลบหรือถูกรวมไปแล้ว")
    final = proposed_values(survivor, merged)
    final.update({k: v for k, v in (values or {}).items() if k in FIELDS})
    with db.atomic():
        # The tombstone goes first so its national ID no longer blocks the survivor from taking it.
        now = now_iso()
        update_row(db, "members", merged_id, {"merged_into": survivor_id, "deleted_at": now})
        # Earlier merges into the tombstone now point straight at the survivor (no chains).
        for (older,) in db.execute("SELECT id FROM members WHERE merged_into = ?", [merged_id]).fetchall():
            update_row(db, "members", older, {"merged_into": survivor_id})
        update_member(db, survivor_id, final)
        repointed = _repoint(db, survivor_id, merged_id)
        merge_id = insert_row(
            db,
            "member_merges",
            {
                "survivor_id": survivor_id,
                "merged_id": merged_id,
                "survivor_before": _snapshot(survivor),
                "merged_snapshot": _snapshot(merged),
                "repointed": json.dumps(repointed, ensure_ascii=False),
            },
        )
    return MergeResult(survivor_id, merged_id, merge_id, repointed)


def merge_history(db: Database, member_id: str) -> list[dict[str, Any]]:
    """Merges this member took part in, newest first, with the snapshots decoded."""
    rows = [
        dict(r)
        for r in db.query(
            "SELECT * FROM member_merges WHERE (survivor_id = ? OR merged_id = ?) AND deleted_at IS NULL "
            "ORDER BY created_at DESC",
            [member_id, member_id],
        )
    ]
    for row in rows:
        for key in ("survivor_before", "merged_snapshot", "repointed"):
            row[key] = json.loads(row[key]) if row[key] else None
    return rows


def resolve_member_id(db: Database, member_id: str) -> str:
    """The id that now stands for this member (follows merged_into), e.g. for a scanned name card."""
    row = db.execute("SELECT merged_into FROM members WHERE id = ?", [member_id]).fetchone()
    return row[0] if row and row[0] else member_id
