"""Demo correspondence: the office's officials (the district chief and two deputies who sign), a
few letters issued from the register in the demo's year — a memo, a covering memo of a report, an
external letter — one number cancelled with its reason, and a draft still being written."""

from __future__ import annotations

import random
from datetime import timedelta

from moi_desktop.correspondence import (
    add_official,
    cancel_number,
    covering_memo,
    issue_letter,
    issue_number,
    new_letter,
)
from moi_desktop.db import Database
from moi_desktop.demo import REFERENCE_DATE
from moi_desktop.demo.names import fake_person
from moi_desktop.office import Office


def populate(db: Database, rng: random.Random, office: Office) -> None:
    district = office.org_name.removeprefix("ที่ทำการปกครอง").split(" จังหวัด")[0]  # อำเภอ…
    province = office.org_name.split(" ")[-1]  # จังหวัด…
    chief_position = f"นายอำเภอ{district.removeprefix('อำเภอ')}"
    # the office profile's chief name carries its title already ("นายสมชาย …")
    chief = add_official(db, name=office.chief_name or "สมมติ ทดสอบ", position=chief_position, sort_order=1)
    deputies = []
    for order, position in ((2, "ปลัดอำเภอ (หัวหน้าฝ่ายบริหารงานปกครอง)"), (3, "ปลัดอำเภอ")):
        person = fake_person(rng)
        deputies.append(add_official(
            db, title=person["title"], name=f"{person['first_name']} {person['last_name']}", position=position,
            signature_position=f"{position}\nปฏิบัติราชการแทน{chief_position}",
            sort_order=order))
    day = REFERENCE_DATE - timedelta(days=20)
    memo = new_letter(
        db, "memo", subject="ขอส่งรายงานผลการขับเคลื่อนหมู่บ้านเศรษฐกิจพอเพียง", to_whom=f"ผู้ว่าราชการ{province}",
        body=["ตามที่จังหวัดแจ้งให้อำเภอรายงานผลการขับเคลื่อนหมู่บ้านเศรษฐกิจพอเพียงเป็นประจำทุกเดือน นั้น",
              f"{district}ได้ดำเนินการลงพื้นที่ติดตามและสนับสนุนคณะกรรมการหมู่บ้านเป้าหมายครบทุกหมู่บ้านแล้ว "
              "รายละเอียดปรากฏตามรายงานที่แนบมาพร้อมนี้"],
        fields={"closing": "จึงเรียนมาเพื่อโปรดทราบ"}, signer_id=chief.id)
    issue_letter(db, memo.id, on=day)
    mistaken = issue_number(db, kind="letter", to_whom="นายกองค์การบริหารส่วนตำบล", subject="เชิญประชุมคณะทำงาน",
                            on=day + timedelta(days=2))
    cancel_number(db, mistaken.id, "พิมพ์ผู้รับผิด ออกเลขใหม่แทน")
    letter = new_letter(
        db, "letter", subject="เชิญประชุมคณะทำงานขับเคลื่อนการแก้ไขปัญหาความยากจน",
        to_whom="นายกองค์การบริหารส่วนตำบลทุกแห่ง", signer_id=deputies[0].id,
        attachments=["ระเบียบวาระการประชุม จำนวน ๑ ฉบับ"],
        body=[f"ด้วย{district}กำหนดประชุมคณะทำงานขับเคลื่อนการแก้ไขปัญหาความยากจนระดับอำเภอ "
              "เพื่อติดตามผลการช่วยเหลือครัวเรือนเป้าหมาย ณ ห้องประชุมที่ว่าการอำเภอ",
              "จึงเรียนมาเพื่อโปรดเข้าร่วมประชุมตามวัน เวลา และสถานที่ดังกล่าว"],
        fields={"office": f"ที่ว่าการ{district}\n{province}"})
    issue_letter(db, letter.id, on=day + timedelta(days=2))
    covering = covering_memo(db, subject="รายงานทะเบียนภาคีเครือข่าย",
                             attachments=["รายงานทะเบียนภาคีเครือข่าย (ไฟล์ PDF) จำนวน ๑ ชุด"], source="members.list")
    issue_letter(db, covering, on=day + timedelta(days=5))
    new_letter(db, "memo", subject="ขออนุมัติเดินทางไปราชการ", to_whom=chief_position,
               body=["ด้วยข้าพเจ้าได้รับมอบหมายให้เข้าร่วมประชุมชี้แจงแนวทางการดำเนินงานที่จังหวัด"],
               signer_id=deputies[1].id)
