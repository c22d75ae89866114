"""Demo partner network: ~360 people across the 7 sectors, in the teams a pilot district builds.

Proportions follow seed 004: the change-agent team (100) mirrors the PDPA-training breakdown
(ราชการ 59 %, ประชาชน 14 %, วิชาการ 8 %, ประชาสังคม 7 %, เอกชน 5 %, การศึกษา 4 %, สื่อ 3 %, with
two monks taken from ราชการ so ศาสนา is present); the leader team (10) is mostly officials; village
committees and forum participants are mostly villagers and local officials. "ภาคีเครือข่ายด้าน
การศึกษา" is stored as other + text, as an import would. A few people are entered twice with a
typo, for the merge screen.
"""

import random
from datetime import timedelta

from moi_desktop.db import Database, update_row
from moi_desktop.demo import REFERENCE_DATE
from moi_desktop.demo.names import fake_national_id, fake_person, fake_phone
from moi_desktop.members import add_member
from moi_desktop.office import Office

EDUCATION = "ภาคีเครือข่ายด้านการศึกษา"

CHANGE_AGENT_MIX = {
    "government": 57, "people": 14, "academic": 8, "civil_society": 7, "private": 5,
    "education": 4, "media": 3, "religious": 2,
}  # fmt: skip
LEADER_MIX = {"government": 7, "people": 1, "private": 1, "religious": 1}
COMMITTEE_MIX = {"people": 110, "government": 30, "religious": 5, "civil_society": 5}
FORUM_MIX = {"people": 70, "government": 12, "civil_society": 6, "private": 5, "education": 4, "media": 3}

MONK_NAMES = ("สิริธรรมวัฒน์", "ปัญญาวุฒิคุณ", "สุนทรธรรมโชติ", "อุดมธรรมรักษ์", "วิมลศีลาจารย์", "ประภัสสรธรรม")


def _org(rng: random.Random, sector: str, district: str, sub: str) -> tuple[str, str]:
    """(organisation, position) typical of a sector."""
    choices = {
        "government": [
            (f"ที่ทำการปกครองอำเภอ{district}", "ปลัดอำเภอ"),
            (f"สำนักงานพัฒนาชุมชนอำเภอ{district}", "พัฒนาการอำเภอ"),
            (f"สำนักงานเกษตรอำเภอ{district}", "นักวิชาการส่งเสริมการเกษตร"),
            (f"โรงพยาบาล{district}", "พยาบาลวิชาชีพ"),
            (f"สถานีตำรวจภูธร{district}", "สารวัตร"),
            (f"องค์การบริหารส่วนตำบล{sub}", "ปลัด อบต."),
            (f"ตำบล{sub}", "กำนัน"),
            (f"ตำบล{sub}", "ผู้ใหญ่บ้าน"),
            (f"สำนักงานสาธารณสุขอำเภอ{district}", "สาธารณสุขอำเภอ"),
        ],
        "academic": [("มหาวิทยาลัยราชภัฏ", "อาจารย์"), ("มหาวิทยาลัยเทคโนโลยีราชมงคล", "ผู้ช่วยศาสตราจารย์")],
        "people": [
            (f"กลุ่มแม่บ้านตำบล{sub}", "ประธานกลุ่ม"),
            (f"วิสาหกิจชุมชนตำบล{sub}", "สมาชิก"),
            (f"อาสาสมัครสาธารณสุขประจำหมู่บ้าน ตำบล{sub}", "อสม."),
            ("ปราชญ์ชาวบ้าน", "เกษตรกร"),
        ],
        "private": [("หอการค้าจังหวัด", "กรรมการ"), (f"ห้างหุ้นส่วนจำกัด {sub}ค้าข้าว", "หุ้นส่วนผู้จัดการ")],
        "civil_society": [(f"มูลนิธิพัฒนา{district}", "เลขาธิการ"), (f"สมาคมผู้สูงอายุ{district}", "นายกสมาคม")],
        "media": [(f"สถานีวิทยุชุมชน{district}", "ผู้จัดรายการ"), ("ผู้สื่อข่าวท้องถิ่น", "ผู้สื่อข่าว")],
        "education": [(f"โรงเรียนบ้าน{sub}", "ผู้อำนวยการโรงเรียน"), (f"โรงเรียนบ้าน{sub}", "ครู")],
        "religious": [(f"วัด{sub}", "เจ้าอาวาส")],
    }
    return rng.choice(choices[sector])


def _person(rng: random.Random, sector: str, role: str, district: str, subs: list[dict]) -> dict:
    sub = rng.choice(subs)
    org, position = _org(rng, sector, district, sub["name_th"])
    if sector == "religious":
        person = {"title": "พระครู", "first_name": rng.choice(MONK_NAMES), "last_name": ""}
    else:
        person = fake_person(rng)
    data = {
        "title": person["title"],
        "first_name": person["first_name"],
        "last_name": person["last_name"],
        "national_id": fake_national_id(rng) if rng.random() < 0.7 else None,
        "phone": fake_phone(rng) if rng.random() < 0.92 else None,
        "organisation": org,
        "position": position,
        "sector": "other" if sector == "education" else sector,
        "sector_other": EDUCATION if sector == "education" else None,
        "team_role": role,
        "house_no": f"{rng.randint(1, 250)}" + (f"/{rng.randint(1, 9)}" if rng.random() < 0.2 else ""),
        "moo": str(rng.randint(1, 15)),
        "subdistrict_code": sub["subdistrict_code"],
    }
    if rng.random() < 0.15:
        data["email"] = f"member{rng.randint(1000, 9999)}@example.com"
    if rng.random() < 0.1:
        data["lawful_basis"] = "consent"
        data["consent_date"] = (REFERENCE_DATE - timedelta(days=rng.randint(30, 400))).isoformat()
        data["consent_scope"] = "ใช้ติดต่อประสานงานและรายงานผลโครงการอำเภอนำร่อง"
    return data


def populate(db: Database, rng: random.Random, office: Office) -> None:
    district = db.execute("SELECT name_th FROM districts WHERE district_code = ?", [office.district_code]).fetchone()
    district_name = district[0] if district else ""
    subs = [
        dict(r)
        for r in db.query(
            "SELECT subdistrict_code, name_th FROM subdistricts WHERE district_code = ? ORDER BY subdistrict_code",
            [office.district_code],
        )
    ]
    if not subs:
        return
    created: list[tuple[str, dict]] = []
    for role, mix in (
        ("leader10", LEADER_MIX),
        ("change_agent100", CHANGE_AGENT_MIX),
        ("village_committee", COMMITTEE_MIX),
        ("forum", FORUM_MIX),
    ):
        for sector, count in mix.items():
            for _ in range(count):
                data = _person(rng, sector, role, district_name, subs)
                created.append((add_member(db, data), data))
    # Some have left the network (for the active filter and the PDPA retention list).
    for member_id, _ in rng.sample(created, 12):
        since = REFERENCE_DATE - timedelta(days=rng.randint(100, 1500))
        update_row(db, "members", member_id, {"active": 0, "inactive_since": since.isoformat()})
    # Entered twice by different staff, once with a typo: candidates for the merge screen.
    for _, data in rng.sample([c for c in created if c[1]["last_name"]], 3):
        twin = dict(data, national_id=None, last_name=data["last_name"] + "ย์", phone=fake_phone(rng))
        add_member(db, twin)
