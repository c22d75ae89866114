"""Demo meetings: the district's monthly follow-up meetings of the pilot programme (seed 003
asks for them; seed 004 is such minutes) — two issued, the latest still a draft, with invitees
from the registry, attendance (a substitute, an absence with its reason), resolutions and
follow-up actions (one done, one open and overdue at the demo's "today").

Named series_meetings so it runs after demo/members.py (area modules run in name order)."""

import random
from datetime import date

from moi_desktop.db import Database
from moi_desktop.meetings import (
    MeetingRoll,
    add_action,
    add_invitee,
    add_item,
    add_participant,
    certify_previous,
    create_meeting,
    issue_minutes,
    record_substitute,
    set_action_status,
    set_invitee_status,
)
from moi_desktop.office import Office

SERIES = "ประชุมติดตามโครงการอำเภอนำร่อง"
ROLES = ("รองประธาน", "กรรมการ", "กรรมการ", "กรรมการ", "กรรมการ", "กรรมการ", "กรรมการและเลขานุการ")


def populate(db: Database, rng: random.Random, office: Office) -> None:
    members = [r[0] for r in db.execute(
        "SELECT id FROM members WHERE deleted_at IS NULL AND merged_into IS NULL ORDER BY name_sort LIMIT 40")]
    if len(members) < 10:
        return
    chosen = rng.sample(members, 9)
    days = (date(2022, 6, 28), date(2022, 7, 26), date(2022, 8, 25))  # the demo's "today" is 2022-08-30
    district = db.execute("SELECT name_th FROM districts WHERE district_code = ?",
                          [office.district_code]).fetchone()
    where = district[0] if district else ""
    chief = office.chief_name or "นายอำเภอ"
    chief_position = office.chief_position or f"นายอำเภอ{where}"
    previous_action = None
    for n, day in enumerate(days):
        meeting_id = create_meeting(db, {
            "title": SERIES, "date": day, "start_time": "09:30", "end_time": "12:00",
            "place": f"ห้องประชุมที่ว่าการอำเภอ{where}",
            "chair_name": chief, "chair_position": chief_position,
            "started_at": "09:35", "ended_at": "11:50",
            "recorder_name": "นางสาวจดบันทึก ตั้งใจ", "recorder_position": "เจ้าพนักงานปกครองชำนาญงาน",
            "checker_name": "นายตรวจทาน ถูกต้อง", "checker_position": "ปลัดอำเภอ (หัวหน้ากลุ่มงานบริหารงานปกครอง)",
        })
        chair = add_invitee(db, meeting_id, name=chief, position=chief_position, role="ประธาน")
        set_invitee_status(db, chair, "present")
        invited = [add_invitee(db, meeting_id, member_id=m, role=ROLES[i]) for i, m in enumerate(chosen[:7])]
        roll = MeetingRoll(db, meeting_id)
        for i, m in enumerate(chosen[:7]):
            if i == 3:
                record_substitute(db, invited[i], member_id=chosen[7])
            elif i == 5:
                set_invitee_status(db, invited[i], "absent", reason=rng.choice(("ติดราชการ", "ลาป่วย", "ติดภารกิจ")))
            else:
                roll.mark(m, method="paper")
        add_participant(db, meeting_id, member_id=chosen[8])
        if n:
            certify_previous(db, meeting_id)
        add_item(db, meeting_id, {"agenda_no": 1, "resolution": "รับทราบ",
                                  "body": "ประธานแจ้งความคืบหน้าโครงการอำเภอนำร่องและการติดตามครัวเรือนเป้าหมาย"})
        item = add_item(db, meeting_id, {
            "agenda_no": 4, "title": "แผนการลงพื้นที่ติดตามครัวเรือนเป้าหมาย",
            "body": "ฝ่ายเลขานุการเสนอแผนการลงพื้นที่ติดตามครัวเรือนเป้าหมายรายตำบล เดือนละ ๑ ครั้ง",
            "resolution": "เห็นชอบ และมอบหมายผู้รับผิดชอบดำเนินการตามแผน"})
        action = add_action(db, meeting_id, {
            "what": f"ลงพื้นที่ติดตามครัวเรือนเป้าหมาย รอบที่ {n + 1}", "owner_name": "สำนักงานพัฒนาชุมชนอำเภอ",
            "owner_kind": "agency", "due_date": date(2022, day.month + 1, 20), "item_id": item})
        if previous_action:
            set_action_status(db, previous_action, "done", note="ดำเนินการแล้วตามแผน")
        previous_action = action if n == 0 else None
        if n < 2:
            issue_minutes(db, meeting_id)
