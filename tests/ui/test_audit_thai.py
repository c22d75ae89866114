"""The audit page speaks Thai: field names and event details from the shared label map."""

import re

from moi_desktop.security.audit import audit
from moi_desktop.trainings import close_session
from tests.attendance_support import setup_course
from ui.pages.audit import COLUMNS, AuditPage


def test_audit_details_name_fields_and_values_in_thai(ctx, qtbot):
    _, sessions, _ = setup_course(ctx.db, 2)
    close_session(ctx.db, sessions[0]["id"], mark_absent=False)
    audit(ctx.db, "login", actor="admin", via="gui", must_change_password=False)
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    model = page.audit_tab.model
    rows = [[model.data(model.index(r, c)) for c in range(len(COLUMNS))] for r in range(model.rowCount())]
    login = next(r for r in rows if r[3] == "เข้าสู่ระบบ")
    assert login[6] == "ต้องเปลี่ยนรหัสผ่าน: ไม่ใช่; ช่องทาง: หน้าจอโปรแกรม"
    closed = next(r for r in rows if r[4] == "ช่วงการอบรม" and r[3] == "แก้ไขข้อมูล")
    assert closed[6] == "ช่องที่แก้ไข: ปิดการลงเวลาเมื่อ, ผู้ปิดการลงเวลา"
    from PySide6.QtCore import Qt

    assert model.data(model.index(rows.index(closed), 6), Qt.ItemDataRole.ToolTipRole) == closed[6]
    for row in rows:  # no database field name (snake_case) and no "via" anywhere in the details
        assert not re.search(r"[a-z]+_[a-z]+|\bvia\b|ช่อง: ", row[6]), row
