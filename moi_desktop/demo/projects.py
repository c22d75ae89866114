"""Demo projects: one project per category of seed 004 for the demo district, with activities,
budgets by source, monthly spending, beneficiaries and generated before/after pictures.

`generate_scale(db, rng)` fills a database at the scale of seed 004 (76 projects in 76 districts,
343 activities, categories 27/24/16/5/4, agency support as in seed 004's two tables) for the
dashboard benchmark and report checks.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from moi_desktop.db import Database, insert_row
from moi_desktop.demo import REFERENCE_DATE
from moi_desktop.office import Office
from moi_desktop.projects.links import set_links
from moi_desktop.projects.photos import attach_photo_bytes

# (category, project title, problem, [activity titles], value chain (up, mid, down))
PROJECTS = [
    (1, "ส่งเสริมอาชีพการแปรรูปผลผลิตการเกษตรสร้างรายได้ให้ครัวเรือนเปราะบาง",
     "ครัวเรือนในพื้นที่มีรายได้ไม่เพียงพอ ตกเกณฑ์ จปฐ. ด้านรายได้",
     ["อบรมการแปรรูปกล้วยและพริกแกง", "จัดตั้งกลุ่มอาชีพและกองทุนหมุนเวียน", "ออกร้านจำหน่ายสินค้าชุมชน",
      "พัฒนาบรรจุภัณฑ์และตราสินค้า"],
     ("ปลูกกล้วยและพืชผักสวนครัวในครัวเรือน", "แปรรูปเป็นกล้วยฉาบและพริกแกงโดยกลุ่มอาชีพ",
      "จำหน่ายผ่านตลาดชุมชนและร้านค้าออนไลน์")),
    (2, "แก้ไขปัญหาความยากจนแบบพุ่งเป้าครัวเรือนตกเกณฑ์ TPMAP",
     "ครัวเรือนยากจนตามฐานข้อมูล TPMAP ขาดที่ทำกินและเงินทุน",
     ["สำรวจและยืนยันข้อมูลครัวเรือนเป้าหมาย", "ปลูกผักสวนครัวรั้วกินได้", "เลี้ยงไก่ไข่ลดรายจ่ายครัวเรือน"],
     ("สำรวจครัวเรือนเป้าหมายร่วมกับทีมปฏิบัติการตำบล", "สนับสนุนปัจจัยการผลิตและพี่เลี้ยง",
      "ติดตามรายได้ครัวเรือนทุกเดือนจนพ้นเกณฑ์")),
    (3, "บริหารจัดการน้ำตามแนวทางโคก หนอง นา และธนาคารน้ำใต้ดิน",
     "พื้นที่เกษตรขาดน้ำในฤดูแล้งและน้ำท่วมขังในฤดูฝน (ข้อมูล กชช.๒ค.)",
     ["ขุดลอกคลองส่งน้ำสาธารณะ", "สร้างฝายมีชีวิต", "ทำธนาคารน้ำใต้ดินระบบปิดในครัวเรือน",
      "อบรมการใช้น้ำอย่างรู้คุณค่า", "ปลูกหญ้าแฝกป้องกันการพังทลายของดิน"],
     ("สำรวจแหล่งน้ำและทางน้ำร่วมกับชุมชน", "ก่อสร้างฝายและธนาคารน้ำใต้ดินโดยจิตอาสา",
      "ใช้น้ำเพื่อการเกษตรตลอดปีและลดน้ำท่วมขัง")),
    (4, "ท่องเที่ยวชุมชนวิถีถิ่น กระตุ้นเศรษฐกิจฐานราก",
     "ชุมชนมีแหล่งท่องเที่ยวแต่ขาดการจัดการและการประชาสัมพันธ์",
     ["จัดทำเส้นทางท่องเที่ยวชุมชน", "อบรมมัคคุเทศก์น้อย", "จัดงานเทศกาลอาหารพื้นถิ่น"],
     ("สำรวจทุนทางวัฒนธรรมและแหล่งท่องเที่ยว", "พัฒนาโฮมสเตย์และมัคคุเทศก์ชุมชน",
      "ประชาสัมพันธ์และรับนักท่องเที่ยว รายได้เข้ากองทุนหมู่บ้าน")),
    (5, "ชุมชนปลอดขยะ คัดแยกขยะต้นทาง",
     "ปริมาณขยะในชุมชนเพิ่มขึ้น จุดทิ้งขยะไม่เพียงพอ",
     ["ธนาคารขยะรีไซเคิลในโรงเรียนและหมู่บ้าน", "ทำปุ๋ยหมักจากขยะอินทรีย์", "รณรงค์ลดใช้ถุงพลาสติก"],
     ("คัดแยกขยะในครัวเรือน", "รับซื้อขยะรีไซเคิลผ่านธนาคารขยะ", "นำรายได้เข้าสวัสดิการชุมชน")),
]

WHO = ("นายอำเภอ ทีมผู้นำนักขับเคลื่อน ๑๐ คน และภาคีเครือข่าย ๗ ภาค",
       "ทีมนักขับเคลื่อน ๑๐๐ คน ร่วมกับ อปท. และจิตอาสา",
       "พัฒนาการอำเภอ เกษตรอำเภอ และคณะกรรมการหมู่บ้าน")
HOW = ("ประชุมวางแผนร่วมกับชุมชน แบ่งงานตามความถนัด และลงมือทำพร้อมกัน",
       "ใช้หลักปรัชญาของเศรษฐกิจพอเพียง ระดมทรัพยากรจากภาคีเครือข่ายโดยไม่ใช้งบประมาณมาก",
       "อบรมเชิงปฏิบัติการ แล้วติดตามผลรายครัวเรือนทุกสัปดาห์")
BEFORE = ("ชาวบ้านขาดความรู้และไม่มีการรวมกลุ่ม รายได้ไม่แน่นอน",
          "พื้นที่รกร้าง แห้งแล้ง ใช้ประโยชน์ไม่ได้",
          "ไม่มีการจัดการร่วมกัน ต่างคนต่างทำ")
AFTER = ("เกิดกลุ่มอาชีพที่มีสมาชิกต่อเนื่อง มีรายได้เสริมทุกเดือน",
         "พื้นที่ได้รับการปรับปรุง มีน้ำใช้และพืชผลเจริญงอกงาม",
         "ชุมชนมีข้อตกลงร่วมกันและดูแลต่อเนื่องด้วยตนเอง")

SEED_CATEGORY_COUNTS = (27, 24, 16, 5, 4)  # seed 004 §4.1.1
# Seed 004 §4.1.2: projects each agency supports, in the seeded agencies' order.
SEED_AGENCY_PROJECTS = {
    "moi": (43, 38, 3, 2, 1, 1, 12, 1),
    "area": (36, 2, 10, 12, 3, 4, 16, 10, 8, 2, 2, 21, 39, 30, 17),
}
SEED_ACTIVITIES = 343
SEED_MAX_ACTIVITIES = 13


def _month_days(start: date, end: date, rng: random.Random, n: int) -> list[date]:
    span = max((end - start).days, 1)
    return sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(n))


def _picture(rng: random.Random, stage: str, label: int) -> bytes:
    """A small drawn landscape: dry and bare before, green with water after (PNG bytes)."""
    from PIL import Image, ImageDraw

    w, h = 480, 320
    img = Image.new("RGB", (w, h), (150, 200, 235))
    d = ImageDraw.Draw(img)
    horizon = 130 + rng.randint(-15, 15)
    if stage == "before":
        d.rectangle([0, horizon, w, h], fill=(196, 164, 110))
        for _ in range(14):  # cracks in dry soil
            x, y = rng.randint(0, w), rng.randint(horizon + 10, h)
            d.line([x, y, x + rng.randint(-40, 40), y + rng.randint(5, 30)], fill=(120, 90, 50), width=2)
        for _ in range(4):  # dead shrubs
            x = rng.randint(20, w - 20)
            d.line([x, horizon + 40, x, horizon + 5], fill=(110, 80, 40), width=3)
        d.ellipse([380, 20, 440, 80], fill=(250, 200, 60))
    else:
        d.rectangle([0, horizon, w, h], fill=(90, 170, 80))
        d.polygon([(0, h), (w * 0.45, horizon + 40), (w * 0.7, h)], fill=(70, 140, 210))
        for _ in range(9):  # trees
            x = rng.randint(20, w - 20)
            y = rng.randint(horizon - 10, horizon + 60)
            d.rectangle([x - 3, y, x + 3, y + 30], fill=(100, 70, 40))
            d.ellipse([x - 22, y - 35, x + 22, y + 5], fill=(40, 120 + rng.randint(0, 40), 50))
        d.ellipse([380, 20, 440, 80], fill=(255, 230, 120))
    d.rectangle([8, 8, 70, 34], fill=(255, 255, 255))
    d.text((16, 14), f"{'B' if stage == 'before' else 'A'}-{label}", fill=(0, 0, 0))
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _agency_ids(db: Database) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"moi": [], "area": []}
    for grp, agency_id in db.execute("SELECT grp, id FROM agencies WHERE deleted_at IS NULL ORDER BY grp, sort"):
        out.setdefault(grp, []).append(agency_id)
    return out


def populate(db: Database, rng: random.Random, office: Office) -> None:
    district = office.district_code if office else None
    subs = [r[0] for r in db.execute("SELECT subdistrict_code FROM subdistricts WHERE district_code = ? "
                                     "ORDER BY subdistrict_code", [district])] if district else []
    agencies = _agency_ids(db)
    indicators = [r[0] for r in db.execute("SELECT id FROM indicators WHERE deleted_at IS NULL ORDER BY number")]
    sectors = [r[0] for r in db.execute("SELECT code FROM sectors WHERE code != 'other' ORDER BY sort")]
    programme_start = date(2022, 5, 1)  # seed 004: May – August 2565
    for n, (category, title, problem, activities, chain) in enumerate(PROJECTS, start=1):
        start = programme_start + timedelta(days=rng.randint(0, 20))
        quick = category != 3
        end = start + timedelta(days=150 if quick else 400)
        households = rng.randint(40, 180)
        row = {
            "title": title, "category": category, "district_code": district,
            "objectives": f"เพื่อ{problem.split(' ')[0]}ได้รับการแก้ไขอย่างยั่งยืน และยกระดับคุณภาพชีวิตของครัวเรือนเป้าหมาย",
            "problem": problem, "data_source": rng.choice(["tpmap", "thai_qm", "jpt", "kchch2k"]),
            "villages": f"หมู่ {', '.join(str(m) for m in sorted(rng.sample(range(1, 13), 3)))}",
            "timeframe": "quick_win" if quick else "long_term",
            "start_date": start.isoformat(), "end_date": end.isoformat(),
            "chain_upstream": chain[0], "chain_midstream": chain[1], "chain_downstream": chain[2],
            "households_target": households, "persons_target": households * rng.randint(3, 4),
            "project_value": float(rng.randint(20, 150) * 10_000),
            "status": "in_progress" if n != 5 else "completed", "progress": 100 if n == 5 else rng.randint(35, 80),
            "no_budget": 0,
        }
        project_id = insert_row(db, "projects", row)
        set_links(db, "project_subdistricts", project_id, rng.sample(subs, min(len(subs), rng.randint(2, 4))))
        set_links(db, "project_sdgs", project_id, sorted(rng.sample([1, 2, 6, 8, 11, 12, 13, 15], 3)))
        set_links(db, "project_indicators", project_id, rng.sample(indicators, min(3, len(indicators))))
        set_links(db, "project_sectors", project_id, rng.sample(sectors, 4))
        supporting = [agencies["moi"][0], agencies["moi"][1]] + rng.sample(agencies["area"], 3)
        set_links(db, "project_agencies", project_id, supporting)
        budget = 0.0
        for source in rng.sample(["moi", "province", "local_government", "private", "community"], 2):
            amount = float(rng.randint(5, 40) * 5_000)
            budget += amount
            insert_row(db, "project_budgets", {"project_id": project_id, "source": source, "amount": amount,
                                               "source_note": None})
        day = start
        for k, activity_title in enumerate(activities, start=1):
            a_start = day + timedelta(days=rng.randint(3, 20))
            a_end = a_start + timedelta(days=rng.randint(0, 10))
            day = a_end
            done = a_end < REFERENCE_DATE
            planned = round(budget / len(activities) / 100) * 100
            activity_id = insert_row(db, "activities", {
                "project_id": project_id, "title": activity_title, "sort": k,
                "start_date": a_start.isoformat(), "end_date": a_end.isoformat(),
                "place": f"ศาลาประชาคมหมู่ {rng.randint(1, 12)}", "agency_id": rng.choice(supporting),
                "budget_planned": planned,
                "households_actual": rng.randint(10, households) if done else None,
                "persons_actual": rng.randint(30, households * 3) if done else None,
                "who": rng.choice(WHO), "what": activity_title, "where_": f"หมู่ {rng.randint(1, 12)}",
                "when_": None, "why": problem, "how": rng.choice(HOW),
                "before_text": rng.choice(BEFORE), "after_text": rng.choice(AFTER) if done else None,
                "progress": 100 if done else rng.choice([0, 20, 50]),
            })
            set_links(db, "activity_sectors", activity_id, rng.sample(sectors, 3))
            if done:
                for paid in _month_days(a_start, min(a_end + timedelta(days=20), REFERENCE_DATE), rng, 2):
                    insert_row(db, "disbursements", {
                        "project_id": project_id, "activity_id": activity_id, "paid_on": paid.isoformat(),
                        "amount": float(round(planned * rng.uniform(0.3, 0.5) / 10) * 10), "note": "ค่าวัสดุและค่าอาหาร",
                    })
            if k <= 2:  # pictures for the first activities (the 5W1H report shows them)
                attach_photo_bytes(db, activity_id, _picture(rng, "before", n * 10 + k), ".png", "before",
                                   "สภาพก่อนดำเนินการ")
                if done:
                    attach_photo_bytes(db, activity_id, _picture(rng, "after", n * 10 + k), ".png", "after",
                                       "สภาพหลังดำเนินการ")


def _split_activities(rng: random.Random, projects: int, total: int) -> list[int]:
    """Activity counts per project: between 1 and 13, summing to `total`, one project at 13 and
    one at 1 (seed 004: most in ศรีบรรพต, fewest in หนองหญ้าปล้อง)."""
    counts = [1, SEED_MAX_ACTIVITIES] + [2] * (projects - 2)
    left = total - sum(counts)
    while left > 0:
        i = rng.randrange(2, projects)
        if counts[i] < SEED_MAX_ACTIVITIES - 1:
            counts[i] += 1
            left -= 1
    rng.shuffle(counts)
    return counts


def generate_scale(db: Database, rng: random.Random, *, projects: int = 76, activities: int = SEED_ACTIVITIES) -> dict:
    """Add `projects` projects with `activities` activities in the proportions of seed 004 (one
    project per district, one district per province). Returns what was added."""
    if projects < 2 or activities < projects + SEED_MAX_ACTIVITIES:
        raise ValueError("need at least 2 projects and enough activities for the 1..13 spread")
    districts = [r[0] for r in db.execute(
        "SELECT MIN(district_code) FROM districts WHERE province_code != '10' GROUP BY province_code "
        "ORDER BY province_code")]
    categories = [c for c, n in enumerate(SEED_CATEGORY_COUNTS, start=1) for _ in range(n)]
    while len(categories) < projects:
        categories += categories
    categories = categories[:projects]
    rng.shuffle(categories)
    agencies = _agency_ids(db)
    supporters: list[list[str]] = [[] for _ in range(projects)]
    for grp, wanted in SEED_AGENCY_PROJECTS.items():
        # The seed's counts for the seed's agencies; agencies an office added support none.
        for agency_id, n in zip(agencies[grp], wanted, strict=False):
            for p in rng.sample(range(projects), min(projects, round(n * projects / 76))):
                supporters[p].append(agency_id)
    counts = _split_activities(rng, projects, activities)
    sectors = [r[0] for r in db.execute("SELECT code FROM sectors WHERE code != 'other' ORDER BY sort")]
    start = date(2022, 5, 1)
    with db.atomic():
        for p in range(projects):
            s = start + timedelta(days=rng.randint(0, 60))
            project_id = insert_row(db, "projects", {
                "title": f"โครงการอำเภอนำร่องที่ {p + 1}: {PROJECTS[categories[p] - 1][1]}",
                "category": categories[p], "district_code": districts[p % len(districts)],
                "problem": PROJECTS[categories[p] - 1][2], "timeframe": "quick_win",
                "start_date": s.isoformat(), "end_date": (s + timedelta(days=150)).isoformat(),
                "households_target": rng.randint(30, 300), "persons_target": rng.randint(100, 900),
                "project_value": float(rng.randint(5, 300) * 10_000), "status": "in_progress",
                "progress": rng.randint(0, 100), "no_budget": 0,
            })
            set_links(db, "project_agencies", project_id, supporters[p])
            set_links(db, "project_sectors", project_id, rng.sample(sectors, rng.randint(2, 7)))
            budget = float(rng.randint(2, 60) * 10_000)
            insert_row(db, "project_budgets", {"project_id": project_id, "source": "moi", "amount": budget})
            for k in range(counts[p]):
                a_start = s + timedelta(days=k * 7)
                activity_id = insert_row(db, "activities", {
                    "project_id": project_id, "title": f"กิจกรรมที่ {k + 1}", "sort": k + 1,
                    "start_date": a_start.isoformat(), "end_date": (a_start + timedelta(days=2)).isoformat(),
                    "agency_id": rng.choice(supporters[p]) if supporters[p] else None,
                    "budget_planned": round(budget / counts[p], 2), "progress": rng.choice([0, 30, 60, 100]),
                    "households_actual": rng.randint(5, 60), "persons_actual": rng.randint(10, 200),
                })
                if rng.random() < 0.6:
                    insert_row(db, "disbursements", {
                        "project_id": project_id, "activity_id": activity_id,
                        "paid_on": (a_start + timedelta(days=3)).isoformat(),
                        "amount": round(budget / counts[p] * rng.uniform(0.2, 0.9), 2),
                    })
    return {"projects": projects, "activities": sum(counts)}
