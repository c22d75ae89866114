"""PDPA breach register: the 72-hour notification deadline and its display."""

from datetime import UTC, datetime, timedelta

import pytest

from moi_desktop.errors import UserError
from moi_desktop.pdpa_register import add_breach, list_breaches, mark_reported, parse_when, set_status
from moi_desktop.security import list_entries

T0 = datetime(2025, 8, 30, 7, 30, tzinfo=UTC)  # 14:30 in Bangkok


def test_deadline_is_72_hours_after_discovery(db):
    b = add_breach(db, description="แฟลชไดรฟ์หาย", discovered_at="2025-08-30 14:30", people_affected=120)
    assert b.discovered_at == "2025-08-30T07:30:00.000Z"  # naive input is Bangkok time
    assert b.deadline == T0 + timedelta(hours=72)
    assert b.deadline_text(T0 + timedelta(hours=1)) == "เหลือเวลาอีก 71 ชั่วโมง"
    assert b.deadline_text(T0 + timedelta(hours=73)) == "เกินกำหนด 1 ชั่วโมง"
    assert b.deadline_text(T0 + timedelta(days=10)) == "เกินกำหนด 7 วัน"
    reported = mark_reported(db, b.id, "2025-09-01 09:00")
    assert reported.status == "reported" and reported.deadline_text(T0 + timedelta(days=30)) == "แจ้งแล้วภายในกำหนด"
    late = add_breach(db, description="อีเมลผิดคน", discovered_at="2025-08-01 08:00")
    assert mark_reported(db, late.id, "2025-08-10 08:00").deadline_text() == "แจ้งแล้ว (หลังกำหนด)"


def test_bad_input_is_refused_and_nothing_written(db):
    for kwargs, field in (
        ({"description": "  "}, "description"),
        ({"description": "x", "people_affected": -1}, "people_affected"),
        ({"description": "x", "discovered_at": "30 ส.ค. 68"}, "discovered_at"),
        ({"description": "x", "discovered_at": datetime.now(UTC) + timedelta(days=1)}, "discovered_at"),
    ):
        with pytest.raises(UserError) as info:
            add_breach(db, **kwargs)
        assert info.value.field == field
    assert list_breaches(db) == []


def test_status_rules_and_audit(db):
    b = add_breach(db, description="เอกสารรายชื่อวางทิ้งไว้", discovered_at=T0)
    with pytest.raises(UserError):
        mark_reported(db, b.id, T0 - timedelta(hours=1))  # before discovery
    with pytest.raises(UserError):
        set_status(db, b.id, "not_required")  # needs a written reason
    done = set_status(db, b.id, "not_required", "ข้อมูลเป็นชื่อหน่วยงาน ไม่มีความเสี่ยงต่อบุคคล")
    assert done.deadline_text() == "ไม่ต้องแจ้ง"
    with pytest.raises(UserError):
        set_status(db, b.id, "lost")
    assert list_breaches(db, include_closed=False) == []
    assert [e.action for e in reversed(list_entries(db, table_name="breach_log"))] == ["create", "update"]


def test_parse_when_accepts_aware_and_iso():
    assert parse_when(T0, field="x") == T0
    assert parse_when("2025-08-30T07:30:00Z", field="x") == T0
