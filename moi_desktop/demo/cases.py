"""Demo household cases: about a quarter of seed 004's caseload, in the same proportions over
the 27 indicators it lists, spread over every status (some overdue) and the district's subdistricts."""

import random

from moi_desktop.cases.synthetic import create_synthetic_cases
from moi_desktop.db import Database, update_row
from moi_desktop.demo import REFERENCE_DATE
from moi_desktop.office import Office

# Seed 004 §2.3: cases per indicator number (see tests/data/cases/seed004_cases_table.csv).
SEED004_COUNTS = {
    1: 24, 2: 103, 3: 10, 4: 9, 5: 35, 6: 17, 7: 3, 8: 8, 9: 18, 12: 3, 13: 1, 14: 1, 15: 52, 16: 36,
    17: 41, 18: 29, 19: 19, 20: 11, 21: 3, 22: 8, 23: 7, 24: 8, 26: 1, 30: 1, 32: 1, 36: 1, 37: 81,
}  # fmt: skip
SHARE = 0.25

DESCRIPTIONS = {
    "บ้าน/ที่อยู่อาศัย": ("หลังคารั่ว ฝาผนังผุ ต้องการซ่อมแซมก่อนฤดูฝน", "อาศัยอยู่ในเพิงพักชั่วคราวบนที่ดินญาติ",
                          "ห้องส้วมชำรุด ใช้การไม่ได้"),
    "น้ำดื่ม/น้ำใช้": ("ขาดน้ำดื่มในฤดูแล้ง ต้องซื้อน้ำ", "ไม่มีภาชนะกักเก็บน้ำฝน"),
    "การศึกษา": ("บุตรออกจากโรงเรียนกลางคันเพื่อช่วยงานบ้าน",),
    "รายได้และอาชีพ": ("ว่างงานหลังโรงงานปิด ต้องการฝึกอาชีพ", "รายได้จากรับจ้างทั่วไปไม่แน่นอน มีหนี้นอกระบบ",
                       "ผู้สูงอายุต้องการอาชีพเสริมที่ทำได้ที่บ้าน"),
    "ความปลอดภัย": ("ทางเข้าบ้านไม่มีไฟส่องสว่าง", "สมาชิกในครอบครัวเกี่ยวข้องกับยาเสพติด ต้องการบำบัด"),
    "กลุ่มเปราะบาง": ("ผู้ป่วยติดเตียง ต้องการเตียงผู้ป่วยและผ้าอ้อมผู้ใหญ่", "ผู้พิการยังไม่ได้ขึ้นทะเบียนรับเบี้ยความพิการ",
                      "ผู้สูงอายุอยู่ลำพัง ต้องการผู้ดูแล"),
    "ความเดือดร้อนที่ไม่สามารถแก้ไขด้วยตนเองได้": ("ไม่มีบัตรประชาชน ทำให้เข้าถึงสวัสดิการไม่ได้",
                                                   "ขอรับการช่วยเหลือเครื่องอุปโภคบริโภค"),
}  # fmt: skip


def populate(db: Database, rng: random.Random, office: Office) -> None:
    subs = [r[0] for r in db.execute(
        "SELECT subdistrict_code FROM subdistricts WHERE district_code = ? ORDER BY subdistrict_code",
        [office.district_code],
    )]
    if not subs:
        return
    counts = {n: max(1, round(k * SHARE)) for n, k in SEED004_COUNTS.items()}
    create_synthetic_cases(db, counts, rng=rng, subdistrict_codes=subs, reference_date=REFERENCE_DATE, days_back=150)
    rows = db.execute(
        "SELECT c.id, ic.name_th FROM cases c JOIN indicators i ON i.id = c.indicator_id "
        "JOIN indicator_categories ic ON ic.id = i.category_id ORDER BY c.id"
    ).fetchall()
    for case_id, category in rows:
        if rng.random() < 0.6 and category in DESCRIPTIONS:
            update_row(db, "cases", case_id, {"description": rng.choice(DESCRIPTIONS[category])})
