"""Builds the sample workbook an office might keep its projects in (title rows above the table,
the project name only on its first row, Thai digits, a totals row)."""

from pathlib import Path

from openpyxl import Workbook


def make_projects_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "โครงการ"
    ws.append(["แบบรายงานโครงการอำเภอนำร่อง"])
    ws.append(["อำเภอตัวอย่าง"])
    ws.append(["ลำดับ", "ชื่อโครงการ", "ประเภทโครงการ", "กิจกรรม", "วันเริ่มต้น", "วันสิ้นสุด", "สถานที่",
               "หน่วยงานรับผิดชอบ", "งบประมาณ (บาท)", "เบิกจ่าย (บาท)", "ครัวเรือน", "ผู้รับประโยชน์ (คน)",
               "ความก้าวหน้า (%)"])
    ws.append([1, "โครงการธนาคารน้ำใต้ดิน", "(๓) ด้านบริหารจัดการน้ำอย่างยั่งยืน", "สำรวจพื้นที่", "1/6/2565",
               "3/6/2565", "หมู่ ๒", "กรมการปกครอง", "๑๐,๐๐๐", 4000, 20, 60, 100])
    ws.append([2, None, None, "ขุดบ่อธนาคารน้ำ", "๑๐ มิ.ย. ๖๕", "๒๐ มิ.ย. ๖๕", "หมู่ ๓", "สนง.เกษตรและสหกรณ์จังหวัด",
               25000, 12500.5, 35, 110, 60])
    ws.append([3, "โครงการตลาดชุมชน", "4", "จัดตลาดนัดชุมชน", "2022-07-01", None, "ลานวัด", "หน่วยงานที่ไม่มี",
               5000, None, None, 200, "๕๐"])
    ws.append([4, "โครงการตลาดชุมชน", "4", "จัดตลาดนัดชุมชน", "2022-07-01", None, "ลานวัด", None, 5000, None, None,
               200, 50])
    ws.append([5, "โครงการไม่มีประเภท", None, "กิจกรรมหนึ่ง", "31/02/2565", None, None, None, "abc", None, None,
               None, None])
    ws.append(["รวม", None, None, None, None, None, None, None, 45000, 16500.5])
    wb.save(path)
    return path
