"""One Thai label map for the forms and the audit viewer."""

from moi_desktop.labels import describe_details, field_label, form_label
from moi_desktop.security.roles import WRITE_ACTIONS

_BOOKKEEPING = {"id", "created_at", "updated_at", "origin"}


def test_every_field_a_user_can_change_has_a_thai_label(db):
    missing = {}
    for table in sorted(db.table_names()):
        if table not in WRITE_ACTIONS or table == "meta":  # meta is key/value: its keys are labelled apart
            continue
        unnamed = [c for c in db[table].columns_dict if c not in _BOOKKEEPING and field_label(table, c) == c]
        if unnamed:
            missing[table] = unnamed
    assert missing == {}


def test_details_read_in_thai():
    assert describe_details({"fields": ["closed_at", "closed_by"]}, "training_sessions") == \
        "ช่องที่แก้ไข: ปิดการลงเวลาเมื่อ, ผู้ปิดการลงเวลา"
    assert describe_details({"via": "gui", "must_change_password": False}) == \
        "ต้องเปลี่ยนรหัสผ่าน: ไม่ใช่; ช่องทาง: หน้าจอโปรแกรม"
    assert describe_details({"day": "2022-08-16", "method": "scan", "status": "present"}, "attendance") == \
        "วันของรอบ: 16 สิงหาคม 2565; วิธีลงเวลา: สแกน; สถานะ: มา"
    assert describe_details({}) == ""


def test_form_labels_mark_required_fields():
    assert form_label("cases", "project_ref") == "โครงการ/กิจกรรม"
    assert form_label("projects", "title", required=True) == "ชื่อโครงการ *"
    assert field_label("members", "first_name") == "ชื่อ" and field_label(None, "notes") == "หมายเหตุ"


def test_a_new_rows_fields_are_the_fields_recorded():
    assert describe_details({"fields": ["title"]}, "projects", "create") == "ช่องที่บันทึก: ชื่อโครงการ"
