"""Demo ข้อสั่งการ: three orders of the governor and the ministry (one done, one in progress with a
reply, one past its due date), dated around REFERENCE_DATE."""

import random
from datetime import timedelta

from moi_desktop.db import Database
from moi_desktop.db.rows import insert_row
from moi_desktop.demo import REFERENCE_DATE
from moi_desktop.office import Office

ORDERS = (
    # (from whom, days before REFERENCE_DATE, text, due in days, unit, status)
    ("ผู้ว่าราชการจังหวัด", 40, "เร่งรัดการเบิกจ่ายงบประมาณโครงการให้เป็นไปตามแผน และรายงานผลภายในวันที่ ๓ ของทุกเดือน",
     20, "ฝ่ายบริหารงานปกครอง", "done"),
    ("ปลัดกระทรวงมหาดไทย", 25, "ให้ทีมนักขับเคลื่อนลงพื้นที่เยี่ยมครัวเรือนเป้าหมายตามข้อมูล TPMAP ให้ครบทุกครัวเรือน",
     45, "ทีมนักขับเคลื่อนระดับอำเภอ", "in_progress"),
    ("ผู้ว่าราชการจังหวัด", 15, "สรุปผลการจัดเวทีประชาคมหมู่บ้านพร้อมภาพถ่ายก่อน-หลัง ส่งจังหวัด", 10,
     "ฝ่ายบริหารงานปกครอง", "open"),
)


def populate(db: Database, rng: random.Random, office: Office) -> None:
    for from_whom, ago, text, due_in, unit, status in ORDERS:
        on = REFERENCE_DATE - timedelta(days=ago + rng.randint(0, 3))
        order_id = insert_row(db, "orders", {
            "from_whom": from_whom, "order_date": on.isoformat(), "reference": "", "text": text,
            "due_date": (on + timedelta(days=due_in)).isoformat(), "responsible_unit": unit, "status": status,
            "done_date": (on + timedelta(days=due_in - 2)).isoformat() if status == "done" else None,
            "district_code": office.district_code,
        })
        if status != "open":
            insert_row(db, "order_actions", {
                "order_id": order_id, "action_date": (on + timedelta(days=5)).isoformat(),
                "what": "มอบหมายผู้รับผิดชอบและรายงานความก้าวหน้าต่อจังหวัดแล้ว", "by_unit": unit, "reference": "",
            })
