"""Registrant workbooks "as offices really send them", generated for the import tests.

    uv run python tests/data/members/make_workbooks.py OUT_DIR   # writes the files to look at

`write_registrant_workbook` returns what a correct import must report (row numbers as in Excel).
"""

import random
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from moi_desktop.demo.names import fake_national_id, fake_person, fake_phone
from moi_desktop.thai import to_thai_digits
from moi_desktop.thai.national_id import check_digit


def with_check(first12: str) -> str:
    return first12 + str(check_digit(first12))


def dashed(nid: str) -> str:
    return f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"


ID_A = with_check("310090023456")  # row 6 and its duplicate row 12
ID_B = with_check("110370208488")
ID_C = with_check("150990001234")
ID_D = with_check("360010077777")
ID_BAD = ID_B[:12] + str((int(ID_B[12]) + 1) % 10)  # wrong check digit
PHONE_X = "0864445555"


def write_registrant_workbook(path: Path) -> dict:
    wb = Workbook()
    ws = wb.active
    ws.title = "ภาคีเครือข่าย"
    ws["A1"] = "บัญชีรายชื่อภาคีเครือข่าย ๗ ภาคี อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่"
    ws.merge_cells("A1:L1")
    ws["A2"] = "โครงการอำเภอนำร่อง “บำบัดทุกข์ บำรุงสุข” แบบบูรณาการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๕"
    ws.merge_cells("A2:L2")
    # Two header rows with merged cells: ลำดับ over two rows, ชื่อ - สกุล and ที่อยู่ over sub-headings.
    ws["A4"] = "ลำดับ"
    ws.merge_cells("A4:A5")
    ws["B4"] = "ชื่อ - สกุล"
    ws.merge_cells("B4:C4")
    ws["B5"], ws["C5"] = "ชื่อ", "นามสกุล"
    ws["D4"] = "เลขประจำตัวประชาชน\n(13 หลัก)"
    ws.merge_cells("D4:D5")
    ws["E4"] = "เบอร์โทรศัพท์"
    ws.merge_cells("E4:E5")
    ws["F4"] = "ภาคีเครือข่าย"
    ws.merge_cells("F4:F5")
    ws["G4"] = "หน่วยงาน/องค์กร"
    ws.merge_cells("G4:G5")
    ws["H4"] = "ตำแหน่ง"
    ws.merge_cells("H4:H5")
    ws["I4"] = "ที่อยู่"
    ws.merge_cells("I4:L4")
    ws["I5"], ws["J5"], ws["K5"], ws["L5"] = "บ้านเลขที่", "หมู่ที่", "ตำบล", "อำเภอ"
    for cell in ws[4] + ws[5]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)

    t = to_thai_digits
    rows = {
        6: [t(1), "นายสมชาย", "ใจดี", t(dashed(ID_A)), t("081-234-5678"), "ภาคราชการ", "ที่ว่าการอำเภอเมืองเชียงใหม่",
            "ปลัดอำเภอ", t("12/1"), t(3), "ศรีภูมิ", "เมืองเชียงใหม่"],
        7: [t(2), "นางสาวมาลี", "ศรีสุข", int(ID_B), 891112222, "ภาคประชาชน", "กลุ่มแม่บ้าน", "ประธาน",
            "45", "หมู่ 7", "ต.ช้างเผือก", "อ.เมืองเชียงใหม่"],
        # 8: blank
        9: [t(3), "นางสมศรี", "มีสุข", dashed(ID_BAD), "0812223333", "ภาคประชาชน", None, None, None, None, None, None],
        10: [t(4), None, None, ID_C, "0813334444", "ภาคเอกชน", "บริษัท ตัวอย่าง จำกัด", None, None, None, None, None],
        11: [t(5), "ดร.วิชัย", "ก้าวหน้า", ID_C, "053-111-222", "ภาคการศึกษา", "โรงเรียนบ้านตัวอย่าง",
             "ผู้อำนวยการ", None, None, None, None],
        12: [t(6), "นายสมชาย", "ใจดี", dashed(ID_A), "0812345678", "ราชการ", None, None, None, None, None, None],
        13: [t(7), "นายประเสริฐ", "ทองคำ", None, PHONE_X, "ภาคเอกชน", "หอการค้าจังหวัด", "กรรมการ",
             None, None, None, None],
        14: [t(8), "ประเสริฐ", "ทองคำ", None, "086-444-5555", "เอกชน", None, None, None, None, None, None],
        15: [t(9), "พระครูสิริธรรมวัฒน์", None, None, None, "ภาคศาสนา", "วัดตัวอย่าง", "เจ้าอาวาส",
             None, None, None, None],
        16: [t(10), "น.ส.จันทร์เพ็ญ\u200b", "แก้วมณี", f"{ID_D[:1]} {ID_D[1:5]} {ID_D[5:10]} {ID_D[10:]}",
             "0898887777", "ภาคสื่อมวลชน", "สถานีวิทยุชุมชน", "ผู้จัดรายการ", None, None, None, None],
        17: [t(11), "นายสมชาย", "ใจดีย์", None, "0815556666", "ภาคประชาสังคม", "มูลนิธิตัวอย่าง", None,
             None, None, None, None],
        18: [t(12), "นายวิโรจน์", "รักษ์ไทย", None, "12345", "ภาควิชาการ", "มหาวิทยาลัยเชียงใหม่", "อาจารย์",
             None, None, None, None],
        19: ["รวม ๑๒ คน"] + [None] * 11,
        21: [None, "ลงชื่อ ......................................... ผู้รายงาน"] + [None] * 10,
    }
    for number, values in rows.items():
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=number, column=col, value=value)
    ws.merge_cells("A19:C19")
    wb.save(path)
    return {
        "rows": 12,
        "valid": 9,
        "imported": 7,
        "errors": {9: "national_id", 10: "first_name", 18: "phone"},
        "duplicates": {12: 6, 14: 13},
        "warning_rows": {8, 11, 17, 19, 20, 21},
        "good_rows": [6, 7, 11, 13, 15, 16, 17],
        "sector_other_row": 11,
        "similar_row": 17,
        "ids": {"A": ID_A, "B": ID_B, "C": ID_C, "D": ID_D},
    }


def write_large_workbook(path: Path, n: int = 15000, seed: int = 1) -> None:
    """n registrants under a title row, one header row; realistic cell types and sizes."""
    rng = random.Random(seed)
    sectors = ["ภาคราชการ"] * 59 + ["ภาคเอกชน"] * 5 + ["ภาคประชาชน"] * 14 + ["ภาคประชาสังคม"] * 7 + \
        ["ภาควิชาการ"] * 8 + ["ภาคการศึกษา"] * 4 + ["ภาคสื่อมวลชน"] * 3
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("รายชื่อ")
    ws.append(["รายชื่อผู้เข้าร่วมเวทีประชาคม"])
    ws.append([])
    ws.append(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "โทรศัพท์", "ภาคี", "หน่วยงาน", "ตำแหน่ง", "หมู่ที่",
               "ทีม"])
    for i in range(1, n + 1):
        p = fake_person(rng)
        ws.append([i, f"{p['title']}{p['first_name']} {p['last_name']}", dashed(fake_national_id(rng)),
                   fake_phone(rng), rng.choice(sectors), f"หน่วยงานที่ {rng.randint(1, 300)}", "สมาชิก",
                   rng.randint(1, 15), "เวทีประชาคม"])
    wb.save(path)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    print(write_registrant_workbook(out / "registrants.xlsx"))
    write_large_workbook(out / "registrants_15000.xlsx")
