"""Targets in phases against actuals.

A project (or one of its activities) has milestones — phases ending on a due date, each with
what the phase should achieve: households, persons, value (baht) and targets per household
indicator. Actuals are recorded per period against a milestone (what was achieved in that period);
a milestone's actual is the sum of its periods.

Plausibility (what seed 004's inspectors ask for: real numbers): figures are never negative;
due dates and periods lie inside the project's period; and an actual that brings a milestone more
than 50 % past its target must carry a confirming note saying who checked it and why it is right
(`OVER_TARGET_RATIO`). Targets are per phase, not cumulative; the report adds them up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.errors import UserError
from moi_desktop.projects.model import amount_value, count_value, date_value, text_value
from moi_desktop.projects.store import require_activity, require_project
from moi_desktop.security.session import require
from moi_desktop.thai import format_thai_date, to_arabic_digits

# A milestone's measures: column stem → Thai label (with its unit).
MEASURES: dict[str, str] = {
    "households": "จำนวนครัวเรือน",
    "persons": "จำนวนคน",
    "value": "มูลค่า (บาท)",
}
OVER_TARGET_RATIO = 1.5  # an actual above 150 % of its target needs a confirming note


@dataclass(frozen=True)
class Exceedance:
    """One measure of a milestone whose actual passes its target by more than 50 %."""

    label: str  # "จำนวนครัวเรือน", or the indicator's "๑๒. ..." text
    actual: float
    target: float

    @property
    def percent(self) -> float | None:
        return self.actual * 100 / self.target if self.target else None

    def phrase(self) -> str:
        pct = f" (ร้อยละ {self.percent:,.0f} ของเป้าหมาย)" if self.percent is not None else ""
        return f"{self.label} {_num(self.actual)} เทียบกับเป้าหมาย {_num(self.target)}{pct}"


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _period_check(project: Mapping[str, Any], day: str, label: str, field: str) -> None:
    """Refuse a date outside the project's period (when the project has one)."""
    start, end = project.get("start_date"), project.get("end_date")
    if start and day < start:
        raise UserError(f"{label} ({format_thai_date(day, 'medium')}) อยู่ก่อนวันเริ่มโครงการ "
                        f"({format_thai_date(start, 'medium')})", field=field)
    if end and day > end:
        raise UserError(f"{label} ({format_thai_date(day, 'medium')}) อยู่หลังวันสิ้นสุดโครงการ "
                        f"({format_thai_date(end, 'medium')})", field=field)


def _indicator_values(db: Database, given: Mapping[str, Any] | None, label: str) -> dict[str, float]:
    """{indicator id: non-negative number}; an indicator may be named by id or by its number."""
    out: dict[str, float] = {}
    for key, raw in (given or {}).items():
        indicator_id = _indicator_id(db, key)
        value = amount_value(raw, f"{label}ตัวชี้วัด {key}", "indicators", allow_none=True)
        if value is not None:
            out[indicator_id] = value
    return out


def _indicator_id(db: Database, key: Any) -> str:
    text = to_arabic_digits(str(key)).strip()
    row = db.execute("SELECT id FROM indicators WHERE id = ? AND deleted_at IS NULL", [text]).fetchone()
    if row is None and text.isdigit():
        row = db.execute("SELECT id FROM indicators WHERE number = ? AND deleted_at IS NULL ORDER BY id",
                         [int(text)]).fetchone()
    if row is None:
        raise UserError(f"ไม่พบตัวชี้วัด {key}", field="indicators")
    return str(row[0])


def indicator_label(db: Database, indicator_id: str) -> str:
    row = db.execute("SELECT number, text FROM indicators WHERE id = ?", [indicator_id]).fetchone()
    return f"ตัวชี้วัด {row[0]}. {row[1]}" if row else f"ตัวชี้วัด {indicator_id}"


# -- milestones ------------------------------------------------------------------------------
def _clean_milestone(db: Database, project: Mapping[str, Any], values: Mapping[str, Any],
                     current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    merged = {**(current or {}), **values}
    out: dict[str, Any] = {}
    title = text_value(merged.get("title"), multiline=False)
    if not title:
        raise UserError("กรุณากรอกชื่อระยะ/เป้าหมาย", field="title")
    out["title"] = title
    due = date_value(merged.get("due_date"), "วันครบกำหนด", "due_date")
    if due is None:
        raise UserError("กรุณากรอกวันครบกำหนดของระยะนี้", field="due_date")
    _period_check(project, due, "วันครบกำหนด", "due_date")
    out["due_date"] = due
    activity_id = merged.get("activity_id") or None
    if activity_id:
        activity = require_activity(db, activity_id)
        if activity["project_id"] != project["id"]:
            raise UserError("กิจกรรมที่เลือกไม่อยู่ในโครงการนี้", field="activity_id")
    out["activity_id"] = activity_id
    out["households_target"] = count_value(merged.get("households_target"), "เป้าหมายจำนวนครัวเรือน",
                                           "households_target")
    out["persons_target"] = count_value(merged.get("persons_target"), "เป้าหมายจำนวนคน", "persons_target")
    out["value_target"] = amount_value(merged.get("value_target"), "เป้าหมายมูลค่า", "value_target")
    out["note"] = text_value(merged.get("note"))
    return out


def _set_indicator_targets(db: Database, milestone_id: str, targets: Mapping[str, float]) -> None:
    live = {r[1]: r[0] for r in db.execute(
        "SELECT id, indicator_id FROM milestone_indicator_targets WHERE milestone_id = ? AND deleted_at IS NULL",
        [milestone_id])}
    for indicator_id, row_id in live.items():
        if indicator_id not in targets:
            soft_delete(db, "milestone_indicator_targets", row_id)
    for indicator_id, target in targets.items():
        if indicator_id in live:
            update_row(db, "milestone_indicator_targets", live[indicator_id], {"target": target})
        else:
            insert_row(db, "milestone_indicator_targets",
                       {"milestone_id": milestone_id, "indicator_id": indicator_id, "target": target})


def add_milestone(db: Database, project_id: str, values: Mapping[str, Any],
                  indicator_targets: Mapping[str, Any] | None = None) -> str:
    """A new phase of `project_id`: title, due_date, households/persons/value targets, optional
    activity_id and note; `indicator_targets` maps indicator id (or number) → target."""
    require(db, "projects.edit")
    project = require_project(db, project_id)
    row = _clean_milestone(db, project, values)
    targets = _indicator_values(db, indicator_targets, "เป้าหมาย")
    with db.atomic():
        row["sort"] = db.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM milestones WHERE project_id = ?",
                                 [project_id]).fetchone()[0]
        milestone_id = insert_row(db, "milestones", {"project_id": project_id, **row})
        _set_indicator_targets(db, milestone_id, targets)
    return milestone_id


def require_milestone(db: Database, milestone_id: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM milestones WHERE id = ? AND deleted_at IS NULL", [milestone_id]))
    if not rows:
        raise UserError("ไม่พบระยะ/เป้าหมายที่เลือก", field="milestone")
    return dict(rows[0])


def update_milestone(db: Database, milestone_id: str, values: Mapping[str, Any],
                     indicator_targets: Mapping[str, Any] | None = None) -> None:
    """Change a milestone; `indicator_targets` (when given) replaces its indicator targets."""
    require(db, "projects.edit")
    current = require_milestone(db, milestone_id)
    project = require_project(db, current["project_id"])
    row = _clean_milestone(db, project, values, current)
    with db.atomic():
        update_row(db, "milestones", milestone_id, row)
        if indicator_targets is not None:
            _set_indicator_targets(db, milestone_id, _indicator_values(db, indicator_targets, "เป้าหมาย"))


def delete_milestone(db: Database, milestone_id: str) -> None:
    """Soft-delete a milestone with its targets and actuals (their tombstones travel)."""
    require(db, "projects.edit")
    require_milestone(db, milestone_id)
    with db.atomic():
        soft_delete(db, "milestones", milestone_id)
        for table, key in (("milestone_indicator_targets", "milestone_id"), ("milestone_actuals", "milestone_id")):
            for (row_id,) in db.execute(f"SELECT id FROM [{table}] WHERE [{key}] = ? AND deleted_at IS NULL",  # noqa: S608
                                        [milestone_id]).fetchall():
                soft_delete(db, table, row_id)


def indicator_targets(db: Database, milestone_id: str) -> dict[str, float]:
    return {r[0]: r[1] for r in db.execute(
        "SELECT indicator_id, target FROM milestone_indicator_targets WHERE milestone_id = ? AND deleted_at IS NULL "
        "ORDER BY indicator_id", [milestone_id])}


def _actual_totals(db: Database, milestone_id: str) -> dict[str, float]:
    row = db.execute(
        "SELECT SUM(households), SUM(persons), SUM(value), COUNT(*) FROM milestone_actuals "
        "WHERE milestone_id = ? AND deleted_at IS NULL", [milestone_id]).fetchone()
    return {"households": row[0], "persons": row[1], "value": row[2], "periods": row[3]}


def _indicator_actuals(db: Database, milestone_id: str) -> dict[str, float]:
    return {r[0]: r[1] for r in db.execute(
        """
        SELECT i.indicator_id, SUM(i.value) FROM milestone_indicator_actuals i
        JOIN milestone_actuals a ON a.id = i.actual_id
        WHERE a.milestone_id = ? AND a.deleted_at IS NULL AND i.deleted_at IS NULL
        GROUP BY i.indicator_id
        """, [milestone_id])}


def list_milestones(db: Database, project_id: str) -> list[dict[str, Any]]:
    """The project's milestones by due date, each with its targets, its actual totals (None where
    nothing was recorded), indicator targets/actuals, whether it is over target by more than 50 %
    and whether a confirming note was given."""
    require(db, "projects.view")
    out = []
    for found in db.query(
            "SELECT m.*, a.title AS activity_title FROM milestones m LEFT JOIN activities a ON a.id = m.activity_id "
            "WHERE m.project_id = ? AND m.deleted_at IS NULL ORDER BY m.due_date, m.sort, m.id", [project_id]):
        m = dict(found)
        totals = _actual_totals(db, m["id"])
        m.update({f"{k}_actual": totals[k] for k in MEASURES})
        m["periods"] = totals["periods"]
        m["indicator_targets"] = indicator_targets(db, m["id"])
        m["indicator_actuals"] = _indicator_actuals(db, m["id"])
        m["over_target"] = [e.phrase() for e in _exceedances(db, m, {})]
        m["confirm_notes"] = [r[0] for r in db.execute(
            "SELECT confirm_note FROM milestone_actuals WHERE milestone_id = ? AND deleted_at IS NULL "
            "AND confirm_note IS NOT NULL ORDER BY period_end, created_at", [m["id"]])]
        out.append(m)
    return out


def milestone_choices(db: Database, project_id: str) -> list[tuple[str, str]]:
    return [(r[0], f"{format_thai_date(r[2], 'medium')} — {r[1]}") for r in db.execute(
        "SELECT id, title, due_date FROM milestones WHERE project_id = ? AND deleted_at IS NULL "
        "ORDER BY due_date, sort, id", [project_id])]


# -- actuals ---------------------------------------------------------------------------------
def _exceedances(db: Database, milestone: Mapping[str, Any], adding: Mapping[str, Any],
                 adding_indicators: Mapping[str, float] | None = None) -> list[Exceedance]:
    """Measures whose actual (recorded + `adding`) exceeds 150 % of a set target."""
    totals = _actual_totals(db, milestone["id"])
    found = []
    for key, label in MEASURES.items():
        target = milestone.get(f"{key}_target")
        total = (totals[key] or 0) + (adding.get(key) or 0)
        if target is not None and total > target * OVER_TARGET_RATIO:
            found.append(Exceedance(label, total, target))
    recorded = _indicator_actuals(db, milestone["id"])
    for indicator_id, target in indicator_targets(db, milestone["id"]).items():
        total = recorded.get(indicator_id, 0) + (adding_indicators or {}).get(indicator_id, 0)
        if total > target * OVER_TARGET_RATIO:
            found.append(Exceedance(indicator_label(db, indicator_id), total, target))
    return found


def _clean_figures(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "households": count_value(values.get("households"), "จำนวนครัวเรือนที่ได้ผล", "households"),
        "persons": count_value(values.get("persons"), "จำนวนคนที่ได้ผล", "persons"),
        "value": amount_value(values.get("value"), "มูลค่าที่ได้ผล", "value"),
    }


def check_actual(db: Database, milestone_id: str, values: Mapping[str, Any],
                 indicators: Mapping[str, Any] | None = None) -> list[Exceedance]:
    """What recording `values` would push more than 50 % past a target (the form asks for a
    confirming note before saving). Raises a UserError for figures it cannot read."""
    milestone = require_milestone(db, milestone_id)
    figures = _clean_figures(values)
    return _exceedances(db, milestone, figures, _indicator_values(db, indicators, "ผล"))


def record_actual(db: Database, milestone_id: str, values: Mapping[str, Any],
                  indicators: Mapping[str, Any] | None = None) -> str:
    """Record what was achieved in one period: period_end (the last day of the period),
    households, persons, value, confirm_note, note; `indicators` maps indicator id (or number) →
    achieved value. Refuses negative figures, a period outside the project's, and — without a
    confirming note — a figure taking the milestone more than 50 % past its target."""
    require(db, "projects.edit")
    milestone = require_milestone(db, milestone_id)
    project = require_project(db, milestone["project_id"])
    period = date_value(values.get("period_end"), "งวดที่รายงาน", "period_end")
    if period is None:
        raise UserError("กรุณากรอกวันสิ้นสุดงวดที่รายงาน", field="period_end")
    _period_check(project, period, "งวดที่รายงาน", "period_end")
    if period > date.today().isoformat():
        raise UserError("ยังบันทึกผลของงวดที่ยังไม่สิ้นสุดไม่ได้ (วันสิ้นสุดงวดอยู่หลังวันนี้)", field="period_end")
    figures = _clean_figures(values)
    achieved = _indicator_values(db, indicators, "ผล")
    targets = indicator_targets(db, milestone_id)
    unknown = [i for i in achieved if i not in targets]
    if unknown:
        raise UserError(f"{indicator_label(db, unknown[0])} ไม่มีเป้าหมายในระยะนี้ — เพิ่มเป้าหมายของตัวชี้วัดก่อน",
                        field="indicators")
    if all(v is None for v in figures.values()) and not achieved:
        raise UserError("กรุณากรอกผลการดำเนินงานอย่างน้อยหนึ่งรายการ", field="households")
    confirm = text_value(values.get("confirm_note"))
    over = _exceedances(db, milestone, figures, achieved)
    if over and not confirm:
        raise UserError("ผลการดำเนินงานเกินเป้าหมายมากกว่าร้อยละ ๕๐: " + "; ".join(e.phrase() for e in over)
                        + " — กรุณาระบุหมายเหตุยืนยันตัวเลข (ผู้ตรวจสอบและเหตุผลที่ผลเกินเป้าหมาย)",
                        field="confirm_note")
    with db.atomic():
        actual_id = insert_row(db, "milestone_actuals", {
            "milestone_id": milestone_id, "period_end": period, **figures,
            "confirm_note": confirm, "note": text_value(values.get("note")),
        })
        for indicator_id, value in achieved.items():
            insert_row(db, "milestone_indicator_actuals",
                       {"actual_id": actual_id, "indicator_id": indicator_id, "value": value})
    return actual_id


def list_actuals(db: Database, milestone_id: str) -> list[dict[str, Any]]:
    require(db, "projects.view")
    out = []
    for found in db.query("SELECT * FROM milestone_actuals WHERE milestone_id = ? AND deleted_at IS NULL "
                          "ORDER BY period_end, created_at, id", [milestone_id]):
        row = dict(found)
        row["indicators"] = {r[0]: r[1] for r in db.execute(
            "SELECT indicator_id, value FROM milestone_indicator_actuals WHERE actual_id = ? AND deleted_at IS NULL",
            [row["id"]])}
        out.append(row)
    return out


def delete_actual(db: Database, actual_id: str) -> None:
    require(db, "projects.edit")
    if not db.execute("SELECT 1 FROM milestone_actuals WHERE id = ? AND deleted_at IS NULL", [actual_id]).fetchone():
        raise UserError("ไม่พบผลการดำเนินงานที่เลือก", field="actual")
    with db.atomic():
        soft_delete(db, "milestone_actuals", actual_id)
        for (row_id,) in db.execute("SELECT id FROM milestone_indicator_actuals WHERE actual_id = ? "
                                    "AND deleted_at IS NULL", [actual_id]).fetchall():
            soft_delete(db, "milestone_indicator_actuals", row_id)


# -- the report's rows -----------------------------------------------------------------------
def phase_rows(db: Database, project_id: str) -> list[dict[str, Any]]:
    """One row per milestone and measure that has a target or an actual: target, actual, percent,
    the running (cumulative) target and actual over the phases, and the remark (over target,
    confirmed or not)."""
    rows: list[dict[str, Any]] = []
    running: dict[str, list[float]] = {}
    for m in list_milestones(db, project_id):
        measures: list[tuple[str, str, float | None, float | None]] = [
            (key, label, m[f"{key}_target"], m[f"{key}_actual"]) for key, label in MEASURES.items()]
        measures += [(f"ind:{i}", indicator_label(db, i), t, m["indicator_actuals"].get(i))
                     for i, t in m["indicator_targets"].items()]
        first = True
        for key, label, target, actual in measures:
            if target is None and actual is None:
                continue
            cum = running.setdefault(key, [0.0, 0.0])
            cum[0] += target or 0
            cum[1] += actual or 0
            over = target is not None and (actual or 0) > target * OVER_TARGET_RATIO
            remark = ""
            if over:
                remark = ("เกินเป้าเกินร้อยละ ๕๐ ยืนยันแล้ว" if m["confirm_notes"]
                          else "เกินเป้าเกินร้อยละ ๕๐ ยังไม่ยืนยัน")
            rows.append({
                "milestone_id": m["id"], "phase": m["title"] if first else "",
                "due_date": m["due_date"] if first else None, "measure": label,
                "target": target, "actual": actual,
                "percent": round(actual * 100 / target, 1) if target and actual is not None else None,
                "cum_target": cum[0], "cum_actual": cum[1], "over": over, "remark": remark,
                "confirm_notes": m["confirm_notes"] if over else [],
            })
            first = False
    return rows
