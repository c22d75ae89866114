"""Money: a project's budget by source, and spending as paid (disbursements), month by month.

"Spent" anywhere in the program is the sum of disbursements — never a second number typed
elsewhere — so the monthly disbursement report and the dashboard always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.errors import UserError
from moi_desktop.projects.model import BUDGET_SOURCES, amount_value, choice_value, date_value, text_value
from moi_desktop.projects.store import require_activity, require_project


def budgets(db: Database, project_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT * FROM project_budgets WHERE project_id = ? AND deleted_at IS NULL ORDER BY created_at, id",
        [project_id])]


def set_budgets(db: Database, project_id: str, lines: Iterable[Mapping[str, Any]], *, no_budget: bool = False) -> None:
    """Replace the project's budget lines ({source, amount, source_note}). `no_budget` records
    "ไม่ใช้งบประมาณ" and allows no lines (and refuses any)."""
    require_project(db, project_id)
    cleaned = []
    for n, line in enumerate(lines, start=1):
        source = choice_value(line.get("source"), BUDGET_SOURCES, "แหล่งงบประมาณ", "source")
        if source is None:
            raise UserError(f"งบประมาณรายการที่ {n}: กรุณาเลือกแหล่งงบประมาณ", field="source")
        amount = amount_value(line.get("amount"), f"จำนวนเงินรายการที่ {n}", "amount", allow_none=False)
        cleaned.append({"source": source, "amount": amount, "source_note": text_value(line.get("source_note"))})
    if no_budget and any(line["amount"] for line in cleaned):
        raise UserError("โครงการที่ระบุว่าไม่ใช้งบประมาณ ต้องไม่มีรายการงบประมาณ", field="no_budget")
    with db.atomic():
        for old in budgets(db, project_id):
            soft_delete(db, "project_budgets", old["id"])
        for line in cleaned:
            insert_row(db, "project_budgets", {"project_id": project_id, **line})
        update_row(db, "projects", project_id, {"no_budget": 1 if no_budget else 0})


def add_disbursement(db: Database, project_id: str, paid_on: date | str, amount: float | str, *,
                     activity_id: str | None = None, note: str | None = None) -> str:
    require_project(db, project_id)
    if activity_id:
        activity = require_activity(db, activity_id)
        if activity["project_id"] != project_id:
            raise UserError("กิจกรรมที่เลือกไม่อยู่ในโครงการนี้", field="activity_id")
    day = date_value(paid_on, "วันที่เบิกจ่าย", "paid_on")
    if day is None:
        raise UserError("กรุณากรอกวันที่เบิกจ่าย", field="paid_on")
    value = amount_value(amount, "จำนวนเงินที่เบิกจ่าย", "amount", allow_none=False)
    if value == 0:
        raise UserError("จำนวนเงินที่เบิกจ่ายต้องมากกว่า ๐", field="amount")
    return insert_row(db, "disbursements", {
        "project_id": project_id, "activity_id": activity_id or None, "paid_on": day, "amount": value,
        "note": text_value(note),
    })


def delete_disbursement(db: Database, disbursement_id: str) -> None:
    if not db.execute("SELECT 1 FROM disbursements WHERE id = ? AND deleted_at IS NULL", [disbursement_id]).fetchone():
        raise UserError("ไม่พบรายการเบิกจ่ายที่เลือก", field="disbursement")
    soft_delete(db, "disbursements", disbursement_id)


def disbursements(db: Database, project_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT d.*, a.title AS activity_title FROM disbursements d "
        "LEFT JOIN activities a ON a.id = d.activity_id "
        "WHERE d.project_id = ? AND d.deleted_at IS NULL ORDER BY d.paid_on, d.created_at, d.id", [project_id])]


def month_key(value: date | str) -> str:
    """"2022-08" for a date, an ISO date string or a "YYYY-MM" key."""
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value)
    if len(text) >= 7 and text[4] == "-":
        return text[:7]
    raise UserError(f"อ่านเดือน “{value}” ไม่ได้ (ใช้รูปแบบ 2022-08)", field="month")


def months_with_spending(db: Database) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT substr(d.paid_on, 1, 7) FROM disbursements d JOIN projects p ON p.id = d.project_id "
        "WHERE d.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY 1")]


def monthly_disbursement(db: Database, month: str) -> list[dict[str, Any]]:
    """Per live project: budget, paid in `month`, paid up to the end of `month`, remaining, %.

    Budget is the sum of the project's budget lines; a project that needs no budget shows 0 and
    no percentage."""
    month = month_key(month)
    rows = db.query(
        """
        SELECT p.id, p.title, p.category, c.short_th AS category_name, p.no_budget,
               COALESCE((SELECT SUM(amount) FROM project_budgets b WHERE b.project_id = p.id
                         AND b.deleted_at IS NULL), 0) AS budget,
               COALESCE((SELECT SUM(amount) FROM disbursements d WHERE d.project_id = p.id
                         AND d.deleted_at IS NULL AND substr(d.paid_on, 1, 7) = :month), 0) AS this_month,
               COALESCE((SELECT SUM(amount) FROM disbursements d WHERE d.project_id = p.id
                         AND d.deleted_at IS NULL AND substr(d.paid_on, 1, 7) <= :month), 0) AS to_date
        FROM projects p JOIN project_categories c ON c.code = p.category
        WHERE p.deleted_at IS NULL
        ORDER BY p.category, p.title COLLATE NOCASE, p.id
        """, {"month": month})
    out = []
    for found in rows:
        r = dict(found)
        r["remaining"] = round(r["budget"] - r["to_date"], 2)
        r["percent"] = round(r["to_date"] * 100 / r["budget"], 1) if r["budget"] else None
        out.append(r)
    return out
