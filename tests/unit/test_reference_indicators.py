"""Editing the household indicator list: validation in Thai, nothing written on bad input."""

import pytest

from moi_desktop.db import soft_delete
from moi_desktop.errors import UserError
from moi_desktop.reference import add_indicator, indicator_categories, indicators, update_indicator


def _category(db, name="การศึกษา"):
    return next(c["id"] for c in indicator_categories(db) if c["name_th"] == name)


def test_add_a_missing_number(db):
    new_id = add_indicator(db, "10", _category(db), "  เด็กอายุ ๖ - ๑๔ ปี ไม่ได้เรียน ", source="สำนักงานอำเภอ")
    row = next(r for r in indicators(db) if r["id"] == new_id)
    assert (row["number"], row["text"], row["category_name"]) == (10, "เด็กอายุ ๖ - ๑๔ ปี ไม่ได้เรียน", "การศึกษา")
    assert row["origin"] and row["created_at"] and row["deleted_at"] is None
    assert [r["number"] for r in indicators(db)][9] == 10  # listed in number order


@pytest.mark.parametrize(
    "number, text, field",
    [
        (1, "ซ้ำกับข้อ ๑", "number"),
        ("abc", "ข้อความ", "number"),
        (0, "ข้อความ", "number"),
        (11, "   ", "text"),
    ],
)
def test_bad_input_changes_nothing(db, number, text, field):
    before = db["indicators"].count
    with pytest.raises(UserError) as err:
        add_indicator(db, number, _category(db), text)
    assert err.value.field == field and err.value.message
    assert db["indicators"].count == before


def test_unknown_or_deleted_category_is_refused(db):
    with pytest.raises(UserError):
        add_indicator(db, 11, "no-such-id", "ข้อความ")
    cat = _category(db)
    soft_delete(db, "indicator_categories", cat)
    with pytest.raises(UserError):
        add_indicator(db, 11, cat, "ข้อความ")


def test_update_and_number_reuse_after_delete(db):
    first = next(r for r in indicators(db) if r["number"] == 1)
    update_indicator(db, first["id"], 1, first["category_id"], "ไม่มีบ้านเป็นของตนเอง")
    again = next(r for r in indicators(db) if r["id"] == first["id"])
    assert again["text"] == "ไม่มีบ้านเป็นของตนเอง" and again["updated_at"] >= first["updated_at"]
    second = next(r for r in indicators(db) if r["number"] == 2)
    with pytest.raises(UserError):
        update_indicator(db, second["id"], 1, second["category_id"], "ชนกับข้อ ๑")
    soft_delete(db, "indicators", first["id"])
    assert 1 not in {r["number"] for r in indicators(db)}
    assert 1 in {r["number"] for r in indicators(db, include_deleted=True)}
    update_indicator(db, second["id"], 1, second["category_id"], second["text"])  # number 1 is free now
    with pytest.raises(UserError):
        update_indicator(db, "missing", 3, second["category_id"], "x")
