"""Demo results and evaluation: milestones with actuals, partner sectors that vary,
lessons learned and satisfaction counts for the demo projects (runs after demo/projects.py).

Actuals are the demo activities' own beneficiary counts, recorded per month against the phase
the activity ended in, through the same core call a clerk uses — so where a phase passes its
target by more than 50 % (the water project: 285 households against a target of 104, counted per
activity, one household taking part in several), the demo carries the confirming note the check
asks for.
"""

from __future__ import annotations

import calendar
import random
from datetime import date

from moi_desktop.db import Database
from moi_desktop.demo import REFERENCE_DATE
from moi_desktop.office import Office
from moi_desktop.projects.lessons import add_lesson, add_survey
from moi_desktop.projects.links import set_links
from moi_desktop.projects.milestones import add_milestone, check_actual, record_actual

SEVEN = ["government", "academic", "religious", "people", "private", "civil_society", "media"]
PHASES = (("ระยะที่ 1: เตรียมการและสำรวจครัวเรือนเป้าหมาย", 0.4), ("ระยะที่ 2: ดำเนินกิจกรรมหลัก", 0.35),
          ("ระยะที่ 3: ขยายผลและติดตามประเมินผล", 0.25))
CONFIRM = ("ตรวจสอบกับบัญชีรายชื่อผู้ร่วมกิจกรรมแล้ว (ปลัดอำเภอผู้รับผิดชอบโครงการ): ผลนับตามผู้ร่วมแต่ละกิจกรรม "
           "ครัวเรือนเดียวกันร่วมได้หลายกิจกรรม และมีครัวเรือนนอกเป้าหมายในหมู่บ้านข้างเคียงขอร่วมด้วย")
LESSONS = {
    "worked": "ภาคีเครือข่ายทั้งภาครัฐ ภาคศาสนา และภาคเอกชนร่วมลงแรงและสมทบวัสดุ ชุมชนเป็นเจ้าของโครงการ",
    "problems": "ฝนตกชุกช่วงดำเนินกิจกรรม ทำให้งานล่าช้า และครัวเรือนเป้าหมายบางส่วนไปทำงานต่างถิ่น",
    "solutions": "ปรับแผนให้ทำงานช่วงเช้า แบ่งกลุ่มรับผิดชอบรายหมู่บ้าน และใช้กลุ่มไลน์ติดตามผลรายสัปดาห์",
    "recommendations": "ควรวางแผนให้สอดคล้องกับฤดูกาล และกำหนดเป้าหมายเป็นครัวเรือนไม่ซ้ำตั้งแต่ต้นโครงการ",
}


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _vary_partners(db: Database, rng: random.Random) -> None:
    """Seed 004 counts projects and activities by how many of the 7 partners take part: give the
    demo activities from one partner to all seven (the water project's weir building, seed 004's own
    example, takes all seven)."""
    activities = db.execute("SELECT a.id, p.category, a.sort FROM activities a JOIN projects p ON p.id = a.project_id "
                            "WHERE a.deleted_at IS NULL ORDER BY p.category, a.sort").fetchall()
    for activity_id, category, sort in activities:
        if category == 3 and sort == 2:  # สร้างฝายมีชีวิต
            chosen = SEVEN
        else:
            chosen = rng.sample(SEVEN, rng.choice([1, 2, 3, 4, 5, 7]))
        set_links(db, "activity_sectors", activity_id, chosen)
    projects = db.execute("SELECT id, category FROM projects WHERE deleted_at IS NULL ORDER BY category").fetchall()
    for project_id, category in projects:
        if category == 5:  # a small project of two partners (its activities may bring more)
            set_links(db, "project_sectors", project_id, ["government", "people"])


def populate(db: Database, rng: random.Random, office: Office) -> None:
    _vary_partners(db, rng)
    projects = db.execute(
        "SELECT id, category, start_date, end_date, households_target, persons_target, status FROM projects "
        "WHERE deleted_at IS NULL ORDER BY category").fetchall()
    for project_id, category, start_s, end_s, households, persons, status in projects:
        start, end = date.fromisoformat(start_s), date.fromisoformat(end_s)
        activities = db.execute(
            "SELECT end_date, households_actual, persons_actual FROM activities WHERE project_id = ? "
            "AND deleted_at IS NULL ORDER BY sort, id", [project_id]).fetchall()
        indicator = db.execute("SELECT indicator_id FROM project_indicators WHERE project_id = ? "
                               "AND deleted_at IS NULL ORDER BY indicator_id", [project_id]).fetchone()
        # the activities in three phases, in their order; a phase ends with its last activity
        cuts = [0, max(1, round(len(activities) * 0.4)), max(2, round(len(activities) * 0.75)), len(activities)]
        sums: dict[tuple[int, date], list[int]] = {}
        h_left, p_left = households, persons
        for n, (title, share) in enumerate(PHASES):
            chunk = activities[cuts[n]:cuts[n + 1]]
            last = n == len(PHASES) - 1
            due = end if last or not chunk else min(end, max(start, date.fromisoformat(chunk[-1][0])))
            h_target = h_left if last else round(households * share)
            p_target = p_left if last else round(persons * share)
            h_left, p_left = h_left - h_target, p_left - p_target
            targets = {indicator[0]: round(h_target * 0.6)} if indicator and n > 0 else None
            milestone_id = add_milestone(db, project_id, {"title": title, "due_date": due.isoformat(),
                                                          "households_target": h_target,
                                                          "persons_target": p_target}, targets)
            # actuals: each finished activity's beneficiaries, per month, in its phase
            for a_end, a_households, a_persons in chunk:
                if a_households is None:
                    continue
                period = min(_month_end(date.fromisoformat(a_end)), REFERENCE_DATE, end)
                acc = sums.setdefault((n, period), [0, 0])
                acc[0] += a_households
                acc[1] += a_persons or 0
            for (phase, period), (h, p) in sorted(sums.items()):
                if phase != n:
                    continue
                values: dict[str, object] = {"period_end": period.isoformat(), "households": h, "persons": p}
                achieved = {next(iter(targets)): round(h * 0.5)} if targets else None
                if check_actual(db, milestone_id, values, achieved):
                    values["confirm_note"] = CONFIRM
                record_actual(db, milestone_id, values, achieved)
        if status == "completed" or rng.random() < 0.5:
            add_lesson(db, project_id, {**LESSONS, "recorded_on": min(end, REFERENCE_DATE).isoformat(),
                                        "recorded_by": "ปลัดอำเภอผู้รับผิดชอบโครงการ"})
        if sums:
            counts = [rng.randint(15, 40), rng.randint(10, 30), rng.randint(2, 10), rng.randint(0, 3),
                      rng.randint(0, 1)]
            add_survey(db, project_id, {
                "surveyed_on": min(end, REFERENCE_DATE).isoformat(),
                **{f"level_{5 - i}": c for i, c in enumerate(counts)},
                "note": "แบบสอบถามผู้ร่วมกิจกรรม ๕ ระดับ" if category != 3 else "สอบถามครัวเรือนที่ได้รับน้ำจากฝาย",
            })
