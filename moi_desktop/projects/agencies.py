"""Supporting agencies (หน่วยงานสนับสนุน): seeded from seed 004's two tables, editable."""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz

from moi_desktop.db import Database, insert_row, update_row
from moi_desktop.errors import UserError
from moi_desktop.projects.model import AGENCY_GROUPS, AGENCY_KINDS, choice_value, text_value
from moi_desktop.thai import normalize_text

MATCH_MIN_SCORE = 88


def agencies(db: Database, grp: str | None = None, *, include_inactive: bool = False) -> list[dict[str, Any]]:
    where = ["deleted_at IS NULL"]
    params: list[str] = []
    if grp:
        where.append("grp = ?")
        params.append(grp)
    if not include_inactive:
        where.append("active = 1")
    return [dict(r) for r in db.query(  # fixed conditions; the group is a bound parameter
        f"SELECT * FROM agencies WHERE {' AND '.join(where)} ORDER BY grp = 'area', sort, name_th",  # noqa: S608
        params)]


def add_agency(db: Database, name: str, grp: str = "area", kind: str = "other") -> str:
    name_th = text_value(name, multiline=False)
    if not name_th:
        raise UserError("กรุณากรอกชื่อหน่วยงาน", field="name_th")
    group = choice_value(grp, AGENCY_GROUPS, "กลุ่มหน่วยงาน", "grp", default="area")
    kind_code = choice_value(kind, AGENCY_KINDS, "ประเภทหน่วยงาน", "kind", default="other")
    if db.execute("SELECT 1 FROM agencies WHERE name_th = ? AND deleted_at IS NULL", [name_th]).fetchone():
        raise UserError(f"มีหน่วยงาน “{name_th}” อยู่แล้ว", field="name_th")
    sort = db.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM agencies WHERE grp = ?", [group]).fetchone()[0]
    return insert_row(db, "agencies", {"name_th": name_th, "grp": group, "kind": kind_code, "sort": sort, "active": 1})


def update_agency(db: Database, agency_id: str, *, name: str | None = None, active: bool | None = None) -> None:
    if not db.execute("SELECT 1 FROM agencies WHERE id = ? AND deleted_at IS NULL", [agency_id]).fetchone():
        raise UserError("ไม่พบหน่วยงานที่เลือก", field="agency")
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name_th"] = text_value(name, multiline=False)
        if not changes["name_th"]:
            raise UserError("กรุณากรอกชื่อหน่วยงาน", field="name_th")
    if active is not None:
        changes["active"] = 1 if active else 0
    if changes:
        update_row(db, "agencies", agency_id, changes)


def match_agency(db: Database, text: str) -> str | None:
    """The id of the agency a free text names ("สนง.เกษตรฯ จังหวัด" is close enough), or None."""
    key = _key(text)
    if not key:
        return None
    best: str | None = None
    best_score = 0.0
    for row in db.execute("SELECT id, name_th FROM agencies WHERE deleted_at IS NULL"):
        candidate = _key(row[1])
        if candidate == key:
            return row[0]
        score = fuzz.ratio(key, candidate)
        if score > best_score:
            best, best_score = row[0], score
    return best if best_score >= MATCH_MIN_SCORE else None


def _key(text: str | None) -> str:
    text = normalize_text(text or "").replace(" ", "")
    for short, long in (("สนง.", "สำนักงาน"), ("จ.", "จังหวัด"), ("อปท.", "องค์กรปกครองส่วนท้องถิ่น")):
        text = text.replace(short, long)
    return text.replace("ฯ", "")
