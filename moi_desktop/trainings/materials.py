"""Materials calculator: enough of everything for the people enrolled, plus a spare margin.

quantity is per person, per group of N (groups rounded up), per session, or a fixed amount;
total = ceil(base × (1 + spare % / 100)). Totals feed the printable procurement list.
"""

import math
from collections.abc import Mapping
from typing import Any, TypedDict

from moi_desktop.db import Database, insert_row, soft_delete, update_row
from moi_desktop.errors import UserError
from moi_desktop.thai import normalize_text
from moi_desktop.trainings.model import MATERIAL_BASES
from moi_desktop.trainings.store import require_training

FIELDS = ("name", "unit", "basis", "quantity", "group_size", "spare_pct", "unit_price", "sort", "notes")


class MaterialsNeed(TypedDict):
    people: int
    sessions: int
    items: list[dict[str, Any]]  # a training_materials row with basis_th, base, total and cost
    total_cost: float | None  # None when no item has a unit price


def _number(value: object, field: str, label: str, *, integer: bool = False,
            allow_none: bool = False) -> float | None:
    if value in (None, ""):
        if allow_none:
            return None
        raise UserError(f"กรุณาระบุ{label}", field=field)
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        raise UserError(f"{label}ต้องเป็นตัวเลข", field=field) from None
    if number < 0 or math.isnan(number) or math.isinf(number):
        raise UserError(f"{label}ต้องไม่ติดลบ", field=field)
    if integer:
        if not number.is_integer():
            raise UserError(f"{label}ต้องเป็นจำนวนเต็ม", field=field)
        return int(number)
    return number


def clean_material(data: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {k: data.get(k) for k in FIELDS}
    values["name"] = normalize_text(values["name"] or "")
    if not values["name"]:
        raise UserError("กรุณาระบุชื่อรายการวัสดุ", field="name")
    values["unit"] = normalize_text(values["unit"] or "") or "ชิ้น"
    if values["basis"] not in MATERIAL_BASES:
        raise UserError("กรุณาเลือกวิธีคำนวณ (ต่อคน ต่อกลุ่ม ต่อรอบ หรือจำนวนคงที่)", field="basis")
    values["quantity"] = _number(values["quantity"], "quantity", "จำนวน")
    if values["quantity"] == 0:
        raise UserError("จำนวนต้องมากกว่าศูนย์", field="quantity")
    values["group_size"] = _number(values["group_size"], "group_size", "จำนวนคนต่อกลุ่ม", integer=True,
                                   allow_none=values["basis"] != "per_group")
    if values["basis"] == "per_group" and values["group_size"] < 1:
        raise UserError("จำนวนคนต่อกลุ่มต้องอย่างน้อย ๑ คน", field="group_size")
    values["spare_pct"] = _number(values["spare_pct"] or 0, "spare_pct", "ร้อยละสำรอง")
    if values["spare_pct"] > 100:
        raise UserError("ร้อยละสำรองต้องไม่เกิน ๑๐๐", field="spare_pct")
    values["unit_price"] = _number(values["unit_price"], "unit_price", "ราคาต่อหน่วย", allow_none=True)
    values["sort"] = int(values["sort"] or 0)
    values["notes"] = normalize_text(values["notes"] or "") or None
    return values


def add_material(db: Database, training_id: str, data: Mapping[str, Any]) -> str:
    require_training(db, training_id)
    values = clean_material(data)
    if not values["sort"]:
        values["sort"] = db.execute("SELECT coalesce(max(sort), 0) + 1 FROM training_materials WHERE training_id = ?",
                                    [training_id]).fetchone()[0]
    return insert_row(db, "training_materials", {"training_id": training_id, **values})


def update_material(db: Database, material_id: str, changes: Mapping[str, Any]) -> None:
    rows = list(db.query("SELECT * FROM training_materials WHERE id = ? AND deleted_at IS NULL", [material_id]))
    if not rows:
        raise UserError("ไม่พบรายการวัสดุ")
    full = {k: rows[0][k] for k in FIELDS} | {k: v for k, v in changes.items() if k in FIELDS}
    values = clean_material(full)
    diff = {k: v for k, v in values.items() if rows[0][k] != v}
    if diff:
        update_row(db, "training_materials", material_id, diff)


def delete_material(db: Database, material_id: str) -> None:
    soft_delete(db, "training_materials", material_id)


def material_total(basis: str, quantity: float, group_size: int | None, spare_pct: float, people: int,
                   sessions: int) -> tuple[float, int]:
    """(base need, total to buy with the spare margin, rounded up to whole units)."""
    if basis == "per_person":
        base = quantity * people
    elif basis == "per_group":
        if not group_size:  # clean_material never stores a per-group item without a group size
            raise ValueError("a per-group material needs a group size of at least 1")
        base = quantity * math.ceil(people / group_size) if people else 0.0
    elif basis == "per_session":
        base = quantity * sessions
    else:
        base = quantity
    # Round away float noise before ceil: 100 × 1.1 is 110.00000000000001, not 111.
    return base, math.ceil(round(base * (1 + spare_pct / 100), 6))


def compute_materials(db: Database, training_id: str, *, people: int | None = None) -> MaterialsNeed:
    """Every material with its totals for the enrolled count (or `people`), and the grand cost."""
    require_training(db, training_id)
    if people is None:
        people = db.execute("SELECT count(*) FROM enrolments WHERE training_id = ? AND deleted_at IS NULL "
                            "AND source != 'substitute'", [training_id]).fetchone()[0]
    sessions = db.execute("SELECT count(*) FROM training_sessions WHERE training_id = ? AND deleted_at IS NULL",
                          [training_id]).fetchone()[0]
    items = []
    for row in db.query("SELECT * FROM training_materials WHERE training_id = ? AND deleted_at IS NULL "
                        "ORDER BY sort, id", [training_id]):
        base, total = material_total(row["basis"], row["quantity"], row["group_size"], row["spare_pct"], people,
                                     sessions)
        cost = total * row["unit_price"] if row["unit_price"] is not None else None
        items.append({**dict(row), "basis_th": MATERIAL_BASES[row["basis"]], "base": base, "total": total,
                      "cost": cost})
    costs = [i["cost"] for i in items if i["cost"] is not None]
    return {"people": people, "sessions": sessions, "items": items, "total_cost": sum(costs) if costs else None}
