"""Synthetic households and cases from counts per indicator number: the demo database and the
seed 004 check (its table of 27 indicators × counts) are both built this way.

Nothing here is about real people: heads of household come from moi_desktop.demo.names. Dates are
derived from `reference_date`, never from today, so a seed always gives the same data.
"""

import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from moi_desktop.cases.households import address_key
from moi_desktop.cases.model import SOURCES
from moi_desktop.cases.status import CLOSED_STATUSES, IN_PROGRESS, RECEIVED, STATUSES
from moi_desktop.cases.store import default_sensitive
from moi_desktop.db import Database
from moi_desktop.demo.names import fake_person, fake_phone, full_name
from moi_desktop.errors import UserError
from moi_desktop.imports.bulk import insert_rows

# How a district's caseload typically stands: most cases in hand, a third closed one way or another.
STATUS_WEIGHTS = {RECEIVED: 20, IN_PROGRESS: 35, "helped": 30, "self_resolved": 7, "referred": 8}
SOURCE_WEIGHTS = {"survey": 45, "tpmap": 20, "thai_qm": 15, "complaint": 12, "damrongtham": 8}
DIMENSION_WEIGHTS = {"farang": 50, "ya_thai": 25, "both": 25}
AGENCIES = (
    ("government", "องค์การบริหารส่วนตำบล"), ("government", "สำนักงานพัฒนาชุมชนอำเภอ"),
    ("government", "โรงพยาบาลส่งเสริมสุขภาพตำบล"), ("government", "ที่ทำการปกครองอำเภอ"),
    ("government", "สำนักงานเกษตรอำเภอ"), ("people", "อาสาสมัครสาธารณสุขประจำหมู่บ้าน"),
    ("private", "ห้างหุ้นส่วนจำกัดในพื้นที่"), ("religious", "วัดในตำบล"),
    ("civil_society", "มูลนิธิในอำเภอ"), ("academic", "มหาวิทยาลัยราชภัฏ"),
)  # fmt: skip
VILLAGES = ("หนองแวง", "โนนสูง", "ดอนแดง", "นาคำ", "หนองบัว", "โคกกลาง", "ป่าแดง", "ท่าช้าง", "สระแก้ว", "ห้วยทราย")
ACTIONS = ("ลงพื้นที่เยี่ยมบ้านและสอบถามความต้องการ", "ประสานหน่วยงานที่เกี่ยวข้อง",
           "มอบถุงยังชีพ", "ซ่อมแซมบ้านร่วมกับภาคีเครือข่าย", "ส่งเสริมอาชีพและติดตามผล")


def _pick(rng: random.Random, weights: Mapping[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# One action-log entry a synthetic case will get: (date, status from, status to, what was done).
PlannedAction = tuple[str, str | None, str, str]


def create_synthetic_cases(
    db: Database,
    counts: Mapping[int, int],
    *,
    rng: random.Random,
    subdistrict_codes: list[str],
    reference_date: date,
    status_weights: Mapping[str, int] = STATUS_WEIGHTS,
    days_back: int = 180,
) -> dict[str, int]:
    """Create sum(counts) cases — counts[n] of them under indicator number n — over synthetic
    households (one to three cases each) in the given subdistricts. Returns {households, cases,
    actions}. Runs in one transaction; an unknown indicator number is a UserError."""
    if not subdistrict_codes:
        raise UserError("ไม่มีตำบลสำหรับสร้างครัวเรือนตัวอย่าง")
    indicators = {
        r["number"]: r for r in db.query(
            "SELECT i.id, i.number, c.name_th AS category_name FROM indicators i "
            "JOIN indicator_categories c ON c.id = i.category_id WHERE i.deleted_at IS NULL"
        )
    }
    missing = sorted(set(counts) - set(indicators))
    if missing:
        raise UserError(f"ไม่พบตัวชี้วัดข้อ {', '.join(map(str, missing))}")
    numbers = [n for n, k in sorted(counts.items()) for _ in range(k)]
    rng.shuffle(numbers)

    households: list[dict[str, Any]] = []
    used: set[str | None] = set()  # address keys (never None here: every house has a number)
    case_rows: list[dict[str, Any]] = []
    plans: list[list[PlannedAction]] = []  # per case
    slot_open = 0
    seen: set[int] = set()  # indicators the current household already has
    for number in numbers:
        if not households or slot_open <= 0 or number in seen:
            seen = set()
            sub = rng.choice(subdistrict_codes)
            moo = str(rng.randint(1, 12))
            while True:
                house = str(rng.randint(1, 300)) + (f"/{rng.randint(1, 9)}" if rng.random() < 0.15 else "")
                key = address_key(sub, moo, house)
                if key not in used:
                    used.add(key)
                    break
            households.append({
                "house_no": house, "moo": moo, "village": rng.choice(VILLAGES), "subdistrict_code": sub,
                "head_name": full_name(fake_person(rng)), "members_count": rng.randint(1, 8),
                "phone": fake_phone(rng) if rng.random() < 0.7 else None,
                "tpmap": 1 if rng.random() < 0.6 else 0, "thai_qm": 1 if rng.random() < 0.5 else 0,
                "notes": None, "address_key": key,
            })
            slot_open = rng.choice((1, 1, 1, 2, 2, 3))
        slot_open -= 1
        seen.add(number)
        indicator = indicators[number]
        reported = reference_date - timedelta(days=rng.randint(0, days_back))
        status = _pick(rng, status_weights)
        plan: list[PlannedAction] = [(reported.isoformat(), None, RECEIVED, f"รับเรื่อง ({SOURCES['survey']})")]
        last = reported
        if status != RECEIVED:
            if status == IN_PROGRESS or status == "helped" or rng.random() < 0.5:
                last = min(reference_date, last + timedelta(days=rng.randint(1, 20)))
                plan.append((last.isoformat(), RECEIVED, IN_PROGRESS, rng.choice(ACTIONS)))
            if status in CLOSED_STATUSES:
                last = min(reference_date, last + timedelta(days=rng.randint(1, 40)))
                plan.append((last.isoformat(), plan[-1][2], status, f"เปลี่ยนสถานะเป็น “{STATUSES[status]}”"))
        source = _pick(rng, SOURCE_WEIGHTS)
        plan[0] = (plan[0][0], None, RECEIVED, f"รับเรื่อง ({SOURCES[source]})")
        sector, agency = rng.choice(AGENCIES)
        case_rows.append({
            "household_id": len(households) - 1,  # replaced by the id below
            "indicator_id": indicator["id"], "description": None, "reported_on": reported.isoformat(),
            "source": source, "dimension": _pick(rng, DIMENSION_WEIGHTS), "agency": agency,
            "partner_sector": sector, "status": status, "status_on": last.isoformat(),
            "closed_on": last.isoformat() if status in CLOSED_STATUSES else None, "project_ref": None,
            "sensitive": default_sensitive(indicator), "notes": None,
        })
        plans.append(plan)

    with db.atomic():
        household_ids = insert_rows(db, "households", households)
        for row in case_rows:
            row["household_id"] = household_ids[row["household_id"]]
        case_ids = insert_rows(db, "cases", case_rows)
        action_rows = [
            {"case_id": case_id, "action_on": on, "what": what, "by_whom": None,
             "status_from": status_from, "status_to": status_to}
            for case_id, plan in zip(case_ids, plans, strict=True)
            for on, status_from, status_to, what in plan
        ]
        insert_rows(db, "case_actions", action_rows)
    return {"households": len(households), "cases": len(case_rows), "actions": len(action_rows)}
