"""The indicator list as the cases area edits it: add and edit through moi_desktop.reference
(which keeps numbers unique), plus retiring an indicator without losing its cases."""

from typing import Any

from moi_desktop.db import Database, update_row
from moi_desktop.errors import UserError
from moi_desktop.reference import add_indicator, update_indicator


def list_indicators(db: Database, *, include_inactive: bool = True) -> list[dict[str, Any]]:
    """Indicators by number with category name, active flag and how many live cases use each."""
    where = "i.deleted_at IS NULL" + ("" if include_inactive else " AND i.active = 1")
    return [dict(r) for r in db.query(  # the WHERE clause is one of two fixed texts
        f"""
        SELECT i.id, i.number, i.text, i.category_id, i.active, i.source, c.name_th AS category_name,
               (SELECT COUNT(*) FROM cases k WHERE k.indicator_id = i.id AND k.deleted_at IS NULL) AS n_cases
        FROM indicators i JOIN indicator_categories c ON c.id = i.category_id
        WHERE {where} ORDER BY i.number, i.text
        """  # noqa: S608
    )]


def save_indicator(db: Database, indicator_id: str | None, number: int | str, category_id: str, text: str) -> str:
    """Add (indicator_id None) or edit one indicator; returns its id. Numbers must stay unique."""
    if indicator_id is None:
        return add_indicator(db, number, category_id, text, source="เพิ่มโดยสำนักงาน")
    update_indicator(db, indicator_id, number, category_id, text)
    return indicator_id


def set_indicator_active(db: Database, indicator_id: str, active: bool) -> None:
    """Deactivated indicators leave the picker for new cases; their cases stay and are reported."""
    row = db.execute("SELECT active FROM indicators WHERE id = ? AND deleted_at IS NULL", [indicator_id]).fetchone()
    if row is None:
        raise UserError("ไม่พบตัวชี้วัดนี้", field="id")
    if bool(row[0]) != bool(active):
        update_row(db, "indicators", indicator_id, {"active": 1 if active else 0})
