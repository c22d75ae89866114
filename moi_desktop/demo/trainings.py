"""Demo trainings: a finished DCAST cohort (4 days × 3 roll calls) and a leader course under way.

The DCAST cohort (รุ่นที่ ๒, 16–19 Aug 2565, as in seed 004) enrols the district's change-agent
team. Attendance is realistic and uneven: most people come to nearly everything, a few miss a day
or more, mornings bring late arrivals, three seniors send a delegate for a day (substitutes), two
people register at the desk (walk-ins), and a handful are scanned twice. Every session is closed,
so the unmarked are absent, and certificates are issued to those who reached 80 %. The leader
course moves with the calendar (demo_today()): it runs from yesterday to tomorrow, yesterday's roll
calls are marked and closed, today's and tomorrow's are open, so the "can still reach 80 %" column
and the desk (on today's roll call, without backdating) have something to show.
"""

import random
from datetime import date, datetime, time, timedelta

from moi_desktop.db import Database
from moi_desktop.db.clock import BANGKOK
from moi_desktop.demo import demo_today
from moi_desktop.demo.names import fake_person
from moi_desktop.office import Office
from moi_desktop.security.session import act_as
from moi_desktop.security.users import get_user
from moi_desktop.trainings import (
    add_material,
    close_session,
    create_training,
    enrol_members,
    generate_sessions,
    issue_certificates,
    mark_member,
    mark_substitute,
    sessions,
    set_status,
    set_targets,
    walk_in,
)

DCAST_START = date(2022, 8, 16)
MATERIALS = (
    ("เอกสารประกอบการอบรม", "เล่ม", "per_person", 1, None, 5, 120),
    ("กระเป๋าผ้า", "ใบ", "per_person", 1, None, 3, 85),
    ("ปากกา", "ด้าม", "per_person", 2, None, 10, 6),
    ("กระดาษฟลิปชาร์ต", "แผ่น", "per_group", 10, 10, 10, 4),
    ("ปากกาเคมี", "ชุด", "per_group", 1, 10, 0, 95),
    ("อาหารว่างและเครื่องดื่ม", "ชุด", "per_person", 8, None, 5, 35),
    ("ป้ายไวนิลหน้าห้องอบรม", "ผืน", "fixed", 1, None, 0, 450),
)  # fmt: skip


def _at(day: str, hhmm: str, minutes: float) -> datetime:
    """A UTC moment `minutes` after the local time hhmm on day."""
    h, m = (int(x) for x in hhmm.split(":"))
    local = datetime.combine(date.fromisoformat(day), time(h, m), BANGKOK) + timedelta(minutes=minutes)
    return local


def _team(db: Database, role: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT id FROM members WHERE team_role = ? AND deleted_at IS NULL AND merged_into IS NULL AND active = 1 "
        "ORDER BY name_sort, id", [role])]


def _roll_call(db: Database, rng: random.Random, session: dict, people: list[str], reliability: dict[str, float], *,
               late_share: float) -> None:
    # Arrival order: a queue in front of the desk, ~4–20 s apart, starting before the roll call.
    clock = -15.0 + rng.uniform(0, 5)
    for member_id in rng.sample(people, len(people)):
        if rng.random() > reliability[member_id]:
            continue
        late = rng.random() < late_share
        minutes = rng.uniform(31, 75) if late else clock
        clock += rng.uniform(4, 20) / 60
        mark_member(db, session["id"], member_id, now=_at(session["day"], session["starts_at"], minutes))
        if rng.random() < 0.02:  # scanned twice: the second scan only says "already"
            mark_member(db, session["id"], member_id, now=_at(session["day"], session["starts_at"], minutes + 0.3))


def _dcast(db: Database, rng: random.Random, office: Office) -> None:
    if office.district_code is None:
        raise ValueError("the demo office is a district office")
    district_code = office.district_code
    chief = (office.chief_name or "นายอำเภอ", office.chief_position or "นายอำเภอ")
    training_id = create_training(db, {
        "name": "หลักสูตรนักขับเคลื่อนยุทธศาสตร์การพัฒนาระดับอำเภอ (DCAST)", "kind": "dcast", "cohort": 2,
        "start_date": DCAST_START, "end_date": DCAST_START + timedelta(days=3),
        "venue": "วิทยาลัยการปกครอง กรมการปกครอง", "venue_province_code": "13",
        "organiser": "กรมการปกครอง กระทรวงมหาดไทย", "target_total": 100,
        "signatories": [["นายธนาคม จงจิระ", "อธิบดีกรมการปกครอง"], list(chief)],
    })
    generate_sessions(db, training_id)
    people = _team(db, "change_agent100")
    enrol_members(db, training_id, people, district_code=district_code)
    set_targets(db, training_id, "district", {district_code: 100})
    set_targets(db, training_id, "sector", {"government": 59, "people": 14, "academic": 8, "civil_society": 7,
                                            "private": 5, "media": 3, "religious": 2})
    # Most come to nearly everything; one in eight is often away.
    reliability = {m: (rng.uniform(0.45, 0.8) if rng.random() < 0.12 else rng.uniform(0.92, 1.0)) for m in people}
    seniors = rng.sample(people, 3)
    delegates = _team(db, "village_committee")[:3]
    all_sessions = sessions(db, training_id)
    for index, session in enumerate(all_sessions):
        day_index = index // 3
        present = [p for p in people if not (p in seniors and day_index == seniors.index(p) + 1)]
        _roll_call(db, rng, session, present, reliability, late_share=0.08 if session["slot"] == "morning" else 0.03)
        for k, senior in enumerate(seniors):  # a senior's delegate attends their day
            if day_index == k + 1:
                mark_substitute(db, session["id"], delegates[k], senior,
                                now=_at(session["day"], session["starts_at"], rng.uniform(-5, 10)))
        if index == 1:  # two people turn up unregistered on the first afternoon
            for _ in range(2):
                person = fake_person(rng)
                walk_in(db, session["id"], person={**person, "sector": "people", "team_role": "change_agent100",
                                                  "organisation": "ผู้สนใจเข้าร่วม"},
                        now=_at(session["day"], session["starts_at"], rng.uniform(0, 10)))
    for session in all_sessions[:3]:  # a sick note for the first day
        absentees = [p for p in people[:40] if reliability[p] < 0.8][:1]
        if absentees:
            set_status(db, [session["id"]], absentees, "excused", reason="ป่วย มีใบรับรองแพทย์",
                       now=_at(session["day"], session["starts_at"], 60))
    for session in all_sessions:
        close_session(db, session["id"], now=_at(session["day"], session["ends_at"] or session["starts_at"], 30))
    issue_certificates(db, training_id, issued_on=DCAST_START + timedelta(days=3))
    for name, unit, basis, qty, group, spare, price in MATERIALS:
        add_material(db, training_id, {"name": name, "unit": unit, "basis": basis, "quantity": qty,
                                       "group_size": group, "spare_pct": spare, "unit_price": price})


def _leader_course(db: Database, rng: random.Random, office: Office) -> None:
    start = demo_today() - timedelta(days=1)  # under way: day 2 of 3 is today
    training_id = create_training(db, {
        "name": "หลักสูตรผู้นำการเปลี่ยนแปลงระดับอำเภอ", "kind": "leader", "cohort": 1,
        "start_date": start, "end_date": start + timedelta(days=2),
        "venue": "ห้องประชุมที่ว่าการอำเภอ", "venue_province_code": office.province_code,
        "venue_district_code": office.district_code, "organiser": office.org_name, "target_total": 10,
    })
    generate_sessions(db, training_id)
    people = _team(db, "leader10")
    enrol_members(db, training_id, people)
    yesterday = [s for s in sessions(db, training_id) if s["day"] == start.isoformat()]
    for session in yesterday:
        _roll_call(db, rng, session, people, {p: 0.85 for p in people}, late_share=0.1)
        close_session(db, session["id"], now=_at(session["day"], session["ends_at"] or session["starts_at"], 30))


def populate(db: Database, rng: random.Random, office: Office) -> None:
    act_as(db, get_user(db, "trainer"))  # the demo trainer account (demo/security.py) runs the courses
    try:
        _dcast(db, rng, office)
        _leader_course(db, rng, office)
    finally:
        act_as(db, None)
