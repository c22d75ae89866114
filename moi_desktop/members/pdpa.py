"""PDPA tools (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒): what we hold on one person, erasure,
and members past a retention period."""

import logging
from datetime import date
from pathlib import Path
from typing import Any

from moi_desktop.db import Database, now_iso, update_row
from moi_desktop.db.rows import set_meta
from moi_desktop.errors import UserError
from moi_desktop.members.links import linked_rows
from moi_desktop.members.merge import merge_history
from moi_desktop.members.model import LABELS, PERSONAL_FIELDS, display_name
from moi_desktop.members.store import forget_photo_if_unused, require_member
from moi_desktop.security.audit import audit
from moi_desktop.security.personal_export import write_personal_export
from moi_desktop.security.session import require
from moi_desktop.thai import to_thai_digits

log = logging.getLogger(__name__)

ERASED = '{"erased": true}'


def _person_ids(db: Database, member_id: str) -> list[str]:
    """The member and every tombstone merged into it (the same person)."""
    ids = [member_id]
    ids += [r[0] for r in db.execute("SELECT id FROM members WHERE merged_into = ?", [member_id])]
    return ids


def _everything_about(db: Database, member_id: str) -> dict[str, Any]:
    row = require_member(db, member_id)
    ids = _person_ids(db, member_id)
    merged = [dict(r) for r in db.query("SELECT * FROM members WHERE merged_into = ?", [member_id])]
    log.info("PDPA export of member %s (national ID included)", member_id)
    return {
        "exported_at": now_iso(),
        "member": row,
        "labels": LABELS,
        "merged_records": merged,
        "merge_history": merge_history(db, member_id),
        "linked": linked_rows(db, ids),
    }


def export_person(db: Database, member_id: str) -> dict[str, Any]:
    """Everything held about one person: the record (with Thai labels), merged-away records,
    merge history and rows elsewhere that refer to them. National ID shown in full: this is the
    data subject's own copy. Needs members.export_personal; audited."""
    require(db, "members.export_personal")
    data = _everything_about(db, member_id)
    audit(db, "export_personal", table_name="members", row_id=member_id, purpose="person export")
    return data


def write_person_export(db: Database, member_id: str, out: Path) -> Path:
    """export_person() written to a .json file; audited with the file's name."""
    return write_personal_export(db, action="members.export_personal", table="members", row_id=member_id,
                                 collect=lambda: _everything_about(db, member_id), out=out)


def erase_person(db: Database, member_id: str) -> list[str]:
    """Clear every personal field of the person (and records merged into them) and leave tombstones.

    Links elsewhere keep the bare id (attendance counts stay right) but no longer lead to a name.
    Merge snapshots holding the person's data are blanked. Needs members.edit; each row cleared is
    in the audit trail, and the erasure itself is one more entry. Returns the ids erased.
    """
    require(db, "members.edit")
    row = require_member(db, member_id)
    ids = _person_ids(db, member_id)
    photos = {row["photo_hash"]}
    now = now_iso()
    with db.atomic():
        for person_id in ids:
            current = require_member(db, person_id)
            photos.add(current["photo_hash"])
            cleared: dict[str, str | None] = dict.fromkeys(PERSONAL_FIELDS)
            cleared.update(first_name="", erased_at=now, deleted_at=current["deleted_at"] or now)
            update_row(db, "members", person_id, cleared)
        marks = ", ".join("?" * len(ids))  # placeholders only; the ids are bound
        for (merge_id,) in db.execute(
            f"SELECT id FROM member_merges WHERE survivor_id IN ({marks}) OR merged_id IN ({marks})",  # noqa: S608
            ids + ids
        ).fetchall():
            update_row(db, "member_merges", merge_id, {"survivor_before": ERASED, "merged_snapshot": ERASED})
        audit(db, "erase", table_name="members", row_id=member_id, records=len(ids))
    for photo in photos:
        forget_photo_if_unused(db, photo)
    log.info("PDPA erasure of member %s (%d records)", member_id, len(ids))
    return ids


RETENTION_KEY = "members_retention_years"
DEFAULT_RETENTION_YEARS = 2
MAX_RETENTION_YEARS = 20


def get_retention_years(db: Database) -> int:
    """The office's retention period for inactive members, in years (meta table; default 2)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [RETENTION_KEY]).fetchone()
    try:
        years = int(row[0]) if row else DEFAULT_RETENTION_YEARS
    except ValueError:
        log.warning("meta %s is not a number: %r", RETENTION_KEY, row[0])
        return DEFAULT_RETENTION_YEARS
    return years if 1 <= years <= MAX_RETENTION_YEARS else DEFAULT_RETENTION_YEARS


def set_retention_years(db: Database, years: object) -> int:
    """Store the retention period (1–20 whole years); UserError, and nothing stored, otherwise."""
    try:
        value = int(str(years).strip())
    except ValueError:
        raise UserError("ระยะเวลาเก็บรักษาต้องเป็นจำนวนปีเต็ม", field="years") from None
    if not 1 <= value <= MAX_RETENTION_YEARS:
        raise UserError(f"ระยะเวลาเก็บรักษาต้องอยู่ระหว่าง ๑ ถึง {to_thai_digits(MAX_RETENTION_YEARS)} ปี", field="years")
    set_meta(db, RETENTION_KEY, str(value))
    return value


def retention_candidates(db: Database, years: int, *, today: date | None = None) -> list[dict[str, Any]]:
    """Members marked inactive for longer than `years` (candidates for erasure)."""
    if years < 0:
        raise UserError("ระยะเวลาเก็บรักษาต้องไม่ติดลบ", field="years")
    today = today or date.today()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    rows = [
        dict(r)
        for r in db.query(
            "SELECT id, title, first_name, last_name, organisation, inactive_since, updated_at FROM members "
            "WHERE deleted_at IS NULL AND active = 0 AND inactive_since IS NOT NULL AND inactive_since < ? "
            "ORDER BY inactive_since",
            [cutoff.isoformat()],
        )
    ]
    for r in rows:
        r["name"] = display_name(r)
        r["days_inactive"] = (today - date.fromisoformat(r["inactive_since"])).days
    return rows


