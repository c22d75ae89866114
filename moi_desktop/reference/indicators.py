"""Editing the household indicator list (seed 004 prints only 27 of 37; offices add the rest)."""

from moi_desktop.db import Database
from moi_desktop.db.rows import insert_row, update_row
from moi_desktop.errors import UserError
from moi_desktop.reference.names import tidy


def _validated(db: Database, number_text: int | str, category_id: str, text: str, *,
               except_id: str | None = None) -> dict[str, object]:
    text = tidy(text or "")
    if not text:
        raise UserError("กรุณากรอกข้อความตัวชี้วัด", field="text")
    try:
        number = int(str(number_text).strip())
    except ValueError:
        raise UserError("เลขที่ตัวชี้วัดต้องเป็นตัวเลข", field="number") from None
    if number < 1:
        raise UserError("เลขที่ตัวชี้วัดต้องมากกว่า 0", field="number")
    live_category = db.execute(
        "SELECT 1 FROM indicator_categories WHERE id = ? AND deleted_at IS NULL", [category_id]
    ).fetchone()
    if not live_category:
        raise UserError("ไม่พบหมวดของตัวชี้วัดที่เลือก", field="category_id")
    clash = db.execute(
        "SELECT 1 FROM indicators WHERE number = ? AND deleted_at IS NULL AND id IS NOT ?", [number, except_id]
    ).fetchone()
    if clash:
        raise UserError(f"มีตัวชี้วัดเลขที่ {number} อยู่แล้ว", field="number")
    return {"number": number, "category_id": category_id, "text": text}


def add_indicator(db: Database, number: int | str, category_id: str, text: str, source: str | None = None) -> str:
    values = _validated(db, number, category_id, text)
    values["source"] = tidy(source or "") or None
    return insert_row(db, "indicators", values)


def update_indicator(db: Database, indicator_id: str, number: int | str, category_id: str, text: str) -> None:
    if not db.execute("SELECT 1 FROM indicators WHERE id = ?", [indicator_id]).fetchone():
        raise UserError("ไม่พบตัวชี้วัดนี้", field="id")
    update_row(db, "indicators", indicator_id, _validated(db, number, category_id, text, except_id=indicator_id))
