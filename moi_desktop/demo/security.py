"""Demo accounts (one per role, password DEMO_PASSWORD) and two entries in the PDPA breach register.

Salts come from the area's rng so the same seed gives byte-identical password hashes.
"""

import random
from datetime import UTC, datetime, timedelta

from moi_desktop.db import Database
from moi_desktop.db.clock import iso
from moi_desktop.db.rows import insert_row
from moi_desktop.demo import REFERENCE_DATE
from moi_desktop.office import Office
from moi_desktop.security.passwords import SALT_BYTES, hash_password

DEMO_PASSWORD = "demo-desk-2567"  # noqa: S105 - the published password of the demo accounts (invented people)

DEMO_USERS = (
    ("admin", "ผู้ดูแลระบบ (ตัวอย่าง)", "admin"),
    ("clerk", "เจ้าหน้าที่ปกครอง (ตัวอย่าง)", "clerk"),
    ("trainer", "วิทยากรประจำหลักสูตร (ตัวอย่าง)", "trainer"),
    ("viewer", "ผู้บริหาร (ตัวอย่าง)", "viewer"),
)


def populate(db: Database, rng: random.Random, office: Office) -> None:
    for username, display_name, role in DEMO_USERS:
        salt = bytes(rng.getrandbits(8) for _ in range(SALT_BYTES))
        insert_row(
            db,
            "users",
            {
                "username": username,
                "display_name": display_name,
                "role": role,
                "password_hash": hash_password(DEMO_PASSWORD, salt=salt),
                "active": 1,
                "last_login": None,
            },
        )
    noon = datetime.combine(REFERENCE_DATE, datetime.min.time(), tzinfo=UTC) + timedelta(hours=5)
    insert_row(db, "breach_log", {
        "discovered_at": iso(noon - timedelta(days=20)),
        "description": "แฟลชไดรฟ์ที่มีรายชื่อผู้เข้าอบรมสูญหายระหว่างเดินทางกลับจากศูนย์ฝึกอบรม",
        "data_affected": "ชื่อ-สกุล เบอร์โทรศัพท์ หน่วยงาน",
        "people_affected": rng.randint(80, 120),
        "actions_taken": "แจ้งผู้เกี่ยวข้อง เปลี่ยนรหัสผ่านชุดข้อมูล และแจ้งสำนักงานคณะกรรมการฯ",
        "reported_to_office_at": iso(noon - timedelta(days=19)),
        "status": "reported",
        "reported_by": "admin",
    })
    insert_row(db, "breach_log", {
        "discovered_at": iso(noon - timedelta(hours=30)),
        "description": "ส่งไฟล์รายชื่อภาคีเครือข่ายทางอีเมลผิดผู้รับ",
        "data_affected": "ชื่อ-สกุล เบอร์โทรศัพท์",
        "people_affected": rng.randint(5, 30),
        "actions_taken": "ขอให้ผู้รับลบไฟล์",
        "reported_to_office_at": None,
        "status": "open",
        "reported_by": "clerk",
    })
