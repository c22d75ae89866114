"""PDPA tools for household members (as members/pdpa.py is for partner members): everything held
on one person, erasure, and members past the retention period.

Household members are personal data (some sensitive: disability). Exports need
cases.export_sensitive and are audited; erasure needs cases.edit and leaves a tombstone whose
personal fields are cleared (the household's head count stays right).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from moi_desktop.cases.household_members import PERSONAL_FIELDS, RELATIONS, require_member
from moi_desktop.db import Database, now_iso, update_row
from moi_desktop.db.rows import set_meta
from moi_desktop.errors import UserError
from moi_desktop.security.audit import audit
from moi_desktop.security.personal_export import write_personal_export
from moi_desktop.security.session import require
from moi_desktop.thai import format_national_id, to_thai_digits

log = logging.getLogger(__name__)

RETENTION_KEY = "households.retention_years"
DEFAULT_RETENTION_YEARS = 5
MAX_RETENTION_YEARS = 20
ERASED_NAME = "(ลบข้อมูลแล้ว)"


def _everything_about(db: Database, member_id: str) -> dict[str, Any]:
    row = require_member(db, member_id)
    household = dict(next(iter(db.query(
        "SELECT id, head_name, house_no, moo, village, subdistrict_code, latitude, longitude FROM households "
        "WHERE id = ?", [row["household_id"]]))))
    if row["national_id"]:
        row["national_id"] = format_national_id(row["national_id"])
    row["relation_th"] = RELATIONS.get(row["relation"] or "", "")
    return {"exported_at": now_iso(), "household_member": row, "household": household}


def export_household_member(db: Database, member_id: str) -> dict[str, Any]:
    """What the program holds on one household member, national ID in full (the person's own copy).
    Needs cases.export_sensitive; audited."""
    require(db, "cases.export_sensitive")
    data = _everything_about(db, member_id)
    audit(db, "export_personal", table_name="household_members", row_id=member_id, purpose="person export")
    return data


def write_member_export(db: Database, member_id: str, out: Path) -> Path:
    """export_household_member() written to a .json file; audited with the file's name."""
    return write_personal_export(db, action="cases.export_sensitive", table="household_members",
                                 row_id=member_id, collect=lambda: _everything_about(db, member_id), out=out)


def erase_household_member(db: Database, member_id: str) -> None:
    """Clear the member's personal fields and tombstone the row (needs cases.edit; audited)."""
    require(db, "cases.edit")
    current = require_member(db, member_id)
    now = now_iso()
    cleared: dict[str, Any] = dict.fromkeys(PERSONAL_FIELDS)
    cleared.update(full_name=ERASED_NAME, allowance_elderly=0, allowance_disability=0, allowance_child=0,
                   disabled=0, erased_at=now, deleted_at=current["deleted_at"] or now)
    with db.atomic():
        update_row(db, "household_members", member_id, cleared)
        audit(db, "erase", table_name="household_members", row_id=member_id, records=1)
    log.info("PDPA erasure of household member %s", member_id)


def get_retention_years(db: Database) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [RETENTION_KEY]).fetchone()
    try:
        years = int(row[0]) if row else DEFAULT_RETENTION_YEARS
    except ValueError:
        return DEFAULT_RETENTION_YEARS
    return years if 1 <= years <= MAX_RETENTION_YEARS else DEFAULT_RETENTION_YEARS


def set_retention_years(db: Database, years: object) -> int:
    require(db, "cases.edit")
    try:
        value = int(str(years).strip())
    except ValueError:
        raise UserError("ระยะเวลาเก็บรักษาต้องเป็นจำนวนปีเต็ม", field="years") from None
    if not 1 <= value <= MAX_RETENTION_YEARS:
        raise UserError(f"ระยะเวลาเก็บรักษาต้องอยู่ระหว่าง ๑ ถึง {to_thai_digits(MAX_RETENTION_YEARS)} ปี",
                        field="years")
    set_meta(db, RETENTION_KEY, str(value))
    return value


def retention_candidates(db: Database, years: int | None = None, *, today: date | None = None) -> list[dict[str, Any]]:
    """Members of households with no open case whose last activity (last case closed, or the
    household's or member's last change) is older than `years` (default: the office's setting)."""
    years = get_retention_years(db) if years is None else years
    if years < 0:
        raise UserError("ระยะเวลาเก็บรักษาต้องไม่ติดลบ", field="years")
    today = today or date.today()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    rows = [dict(r) for r in db.query(
        """
        SELECT m.id, m.full_name, m.household_id, h.head_name,
               MAX(COALESCE(MAX(c.closed_on), ''), substr(h.updated_at, 1, 10), substr(m.updated_at, 1, 10))
                   AS last_activity
        FROM household_members m
        JOIN households h ON h.id = m.household_id
        LEFT JOIN cases c ON c.household_id = h.id AND c.deleted_at IS NULL
        WHERE m.deleted_at IS NULL
        GROUP BY m.id
        HAVING SUM(CASE WHEN c.id IS NOT NULL AND c.closed_on IS NULL THEN 1 ELSE 0 END) = 0
           AND last_activity < ?
        ORDER BY last_activity
        """, [cutoff.isoformat()])]
    return rows
