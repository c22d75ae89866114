"""Lessons learned and evaluation.

Per project, an after-action record — what worked, problems, solutions, recommendations (the
four headings seed 004 uses for its own summary: ปัญหา อุปสรรค แนวทางการแก้ไข ข้อเสนอแนะ) — and
the beneficiaries' satisfaction (seed 001: ความพึงพอใจของผู้ได้รับบริการ) as a simple survey count
on the usual five-level scale. The mean score is read with the usual five bands (4.21–5.00
มากที่สุด … 1.00–1.80 น้อยที่สุด).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.errors import UserError
from moi_desktop.projects.model import count_value, date_value, text_value
from moi_desktop.projects.store import require_project
from moi_desktop.security.session import require
from moi_desktop.thai import format_thai_date

LESSON_FIELDS: dict[str, str] = {
    "worked": "สิ่งที่ทำได้ดี / ปัจจัยความสำเร็จ",
    "problems": "ปัญหาและอุปสรรค",
    "solutions": "แนวทางการแก้ไข",
    "recommendations": "ข้อเสนอแนะ",
}
# Five levels, best first: column → Thai label.
LEVELS: dict[str, str] = {
    "level_5": "มากที่สุด",
    "level_4": "มาก",
    "level_3": "ปานกลาง",
    "level_2": "น้อย",
    "level_1": "น้อยที่สุด",
}
DEFAULT_TOPIC = "ความพึงพอใจต่อโครงการโดยรวม"


def satisfaction_band(mean: float | None) -> str:
    """The usual reading of a five-level mean: 4.21–5.00 มากที่สุด, 3.41–4.20 มาก, 2.61–3.40
    ปานกลาง, 1.81–2.60 น้อย, 1.00–1.80 น้อยที่สุด."""
    if mean is None:
        return "-"
    for floor, label in ((4.21, "มากที่สุด"), (3.41, "มาก"), (2.61, "ปานกลาง"), (1.81, "น้อย")):
        if round(mean, 2) >= floor:
            return label
    return "น้อยที่สุด"


# -- after-action records --------------------------------------------------------------------
def _clean_lesson(project: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    day = date_value(values.get("recorded_on"), "วันที่สรุปบทเรียน", "recorded_on")
    if day is None:
        raise UserError("กรุณากรอกวันที่สรุปบทเรียน", field="recorded_on")
    if project.get("start_date") and day < project["start_date"]:
        raise UserError(f"วันที่สรุปบทเรียนอยู่ก่อนวันเริ่มโครงการ ({format_thai_date(project['start_date'], 'medium')})",
                        field="recorded_on")
    out["recorded_on"] = day
    for name in LESSON_FIELDS:
        out[name] = text_value(values.get(name))
    if not any(out[name] for name in LESSON_FIELDS):
        raise UserError("กรุณากรอกบทเรียนอย่างน้อยหนึ่งหัวข้อ (สิ่งที่ทำได้ดี ปัญหา แนวทางแก้ไข หรือข้อเสนอแนะ)",
                        field="worked")
    out["recorded_by"] = text_value(values.get("recorded_by"), multiline=False)
    return out


def add_lesson(db: Database, project_id: str, values: Mapping[str, Any]) -> str:
    require(db, "projects.edit")
    project = require_project(db, project_id)
    return insert_row(db, "project_lessons", {"project_id": project_id, **_clean_lesson(project, values)})


def _require_lesson(db: Database, lesson_id: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM project_lessons WHERE id = ? AND deleted_at IS NULL", [lesson_id]))
    if not rows:
        raise UserError("ไม่พบบันทึกบทเรียนที่เลือก", field="lesson")
    return dict(rows[0])


def update_lesson(db: Database, lesson_id: str, values: Mapping[str, Any]) -> None:
    require(db, "projects.edit")
    current = _require_lesson(db, lesson_id)
    project = require_project(db, current["project_id"])
    update_row(db, "project_lessons", lesson_id, _clean_lesson(project, {**current, **values}))


def delete_lesson(db: Database, lesson_id: str) -> None:
    require(db, "projects.edit")
    _require_lesson(db, lesson_id)
    soft_delete(db, "project_lessons", lesson_id)


def list_lessons(db: Database, project_id: str | None = None) -> list[dict[str, Any]]:
    """After-action records (of one project, or of all live projects), oldest first."""
    require(db, "projects.view")
    where, params = ("AND l.project_id = ?", [project_id]) if project_id else ("", [])
    return [dict(r) for r in db.query(
        f"""
        SELECT l.*, p.title AS project_title FROM project_lessons l JOIN projects p ON p.id = l.project_id
        WHERE l.deleted_at IS NULL AND p.deleted_at IS NULL {where}
        ORDER BY p.category, p.title COLLATE NOCASE, l.recorded_on, l.created_at
        """, params)]  # noqa: S608 - fixed condition, bound value


# -- satisfaction surveys --------------------------------------------------------------------
def _clean_survey(project: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    day = date_value(values.get("surveyed_on"), "วันที่สำรวจ", "surveyed_on")
    if day is None:
        raise UserError("กรุณากรอกวันที่สำรวจความพึงพอใจ", field="surveyed_on")
    if project.get("start_date") and day < project["start_date"]:
        raise UserError(f"วันที่สำรวจอยู่ก่อนวันเริ่มโครงการ ({format_thai_date(project['start_date'], 'medium')})",
                        field="surveyed_on")
    out: dict[str, Any] = {"surveyed_on": day,
                           "topic": text_value(values.get("topic"), multiline=False) or DEFAULT_TOPIC,
                           "note": text_value(values.get("note"))}
    for key, label in LEVELS.items():
        out[key] = count_value(values.get(key), f"จำนวนผู้ตอบระดับ{label}", key) or 0
    if not any(out[k] for k in LEVELS):
        raise UserError("กรุณากรอกจำนวนผู้ตอบแบบสำรวจอย่างน้อยหนึ่งระดับ", field="level_5")
    return out


def add_survey(db: Database, project_id: str, values: Mapping[str, Any]) -> str:
    """A satisfaction count: surveyed_on, topic, level_5 … level_1 (respondents per level), note."""
    require(db, "projects.edit")
    project = require_project(db, project_id)
    return insert_row(db, "project_satisfaction", {"project_id": project_id, **_clean_survey(project, values)})


def delete_survey(db: Database, survey_id: str) -> None:
    require(db, "projects.edit")
    if not db.execute("SELECT 1 FROM project_satisfaction WHERE id = ? AND deleted_at IS NULL", [survey_id]).fetchone():
        raise UserError("ไม่พบผลสำรวจที่เลือก", field="survey")
    soft_delete(db, "project_satisfaction", survey_id)


def _scored(row: dict[str, Any]) -> dict[str, Any]:
    counts = [row[k] or 0 for k in LEVELS]
    n = sum(counts)
    mean = sum(c * s for c, s in zip(counts, (5, 4, 3, 2, 1), strict=True)) / n if n else None
    row["respondents"] = n
    row["mean"] = round(mean, 2) if mean is not None else None
    row["band"] = satisfaction_band(mean)
    # satisfied = มาก + มากที่สุด, in percent of respondents
    row["satisfied_percent"] = round((counts[0] + counts[1]) * 100 / n, 1) if n else None
    return row


def list_surveys(db: Database, project_id: str) -> list[dict[str, Any]]:
    require(db, "projects.view")
    return [_scored(dict(r)) for r in db.query(
        "SELECT * FROM project_satisfaction WHERE project_id = ? AND deleted_at IS NULL "
        "ORDER BY surveyed_on, created_at, id", [project_id])]


def satisfaction_by_project(db: Database) -> list[dict[str, Any]]:
    """Every live project with a survey: the counts per level summed over its surveys, the number
    of respondents, the mean score (1–5), its band and the percent satisfied (มาก + มากที่สุด)."""
    require(db, "projects.view")
    rows = db.query(
        """
        SELECT p.id, p.title, COUNT(s.id) AS surveys,
               SUM(s.level_5) AS level_5, SUM(s.level_4) AS level_4, SUM(s.level_3) AS level_3,
               SUM(s.level_2) AS level_2, SUM(s.level_1) AS level_1
        FROM projects p JOIN project_satisfaction s ON s.project_id = p.id AND s.deleted_at IS NULL
        WHERE p.deleted_at IS NULL
        GROUP BY p.id ORDER BY p.category, p.title COLLATE NOCASE, p.id
        """)
    return [_scored(dict(r)) for r in rows]
