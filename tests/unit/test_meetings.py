"""Meetings core: numbering per series and year, validation (Thai, nothing changed), attendance
rows of their own (never the trainings' 80 % rule), actions carried to the next meeting under
วาระที่ ๓, certification under วาระที่ ๒, minutes frozen at issue and re-issued with a note."""

from datetime import date

import pytest

from moi_desktop.errors import UserError
from moi_desktop.meetings import (
    AGENDA,
    MeetingRoll,
    actions,
    add_action,
    add_invitee,
    add_item,
    add_participant,
    agenda,
    build_minutes_spec,
    carried_actions,
    certify_previous,
    create_meeting,
    get_meeting,
    issue_minutes,
    list_meetings,
    meeting_counts,
    meeting_title,
    meetings_on,
    minutes_spec,
    overdue_actions,
    record_substitute,
    resolve_item,
    set_action_status,
    set_invitee_status,
    update_item,
    update_meeting,
)
from moi_desktop.meetings.model import END_BEFORE_START, FROZEN, NO_CHAIR, NO_OWNER
from moi_desktop.trainings import scan
from tests.attendance_support import add_people

SERIES = "ประชุมติดตามโครงการอำเภอนำร่อง"


def meeting(db, day="2026-03-05", **extra) -> str:
    data = {"title": SERIES, "date": day, "start_time": "09:30", "end_time": "12:00", "place": "ห้องประชุมอำเภอ",
            "chair_name": "นายอำเภอ ทดสอบ", "chair_position": "นายอำเภอเมือง"}
    data.update(extra)
    return create_meeting(db, data)


def count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_numbers_run_within_the_series_and_restart_each_calendar_year(db):
    a, b = meeting(db, "2026-01-10"), meeting(db, "2026-02-10")
    other = meeting(db, "2026-02-11", title="ประชุมอื่น")
    c = meeting(db, "2027-01-05")
    assert [get_meeting(db, x)["number"] for x in (a, b, other, c)] == [1, 2, 1, 1]
    assert meeting_title(get_meeting(db, b)) == f"{SERIES} ครั้งที่ ๒/๒๕๖๙"
    assert meeting_title(get_meeting(db, c)) == f"{SERIES} ครั้งที่ ๑/๒๕๗๐"
    assert [m["id"] for m in list_meetings(db, series=SERIES)] == [c, b, a]


@pytest.mark.parametrize("change, message", [
    ({"chair_name": ""}, NO_CHAIR),
    ({"start_time": "13:00", "end_time": "12:00"}, END_BEFORE_START),
    ({"started_at": "๑๐.๐๐", "ended_at": "๐๙.๓๐ น."}, END_BEFORE_START),
])
def test_bad_meetings_get_a_thai_message_and_change_nothing(db, change, message):
    before = count(db, "meetings")
    with pytest.raises(UserError) as err:
        meeting(db, **change)
    assert err.value.message == message
    assert count(db, "meetings") == before
    ok = meeting(db)
    with pytest.raises(UserError, match=message[:10]):
        update_meeting(db, ok, change)
    assert get_meeting(db, ok)["chair_name"] == "นายอำเภอ ทดสอบ" and get_meeting(db, ok)["end_time"] == "12:00"


def test_an_action_without_an_owner_is_refused_and_nothing_changes(db):
    m = meeting(db)
    item = add_item(db, m, {"agenda_no": 4, "title": "การติดตามครัวเรือน", "resolution": "เห็นชอบ"})
    with pytest.raises(UserError) as err:
        add_action(db, m, {"what": "ลงพื้นที่เยี่ยมครัวเรือน", "item_id": item})
    assert err.value.message == NO_OWNER
    assert count(db, "meeting_actions") == 0


def test_attendance_rows_are_the_meetings_own(db):
    people = add_people(db, 4)
    m = meeting(db)
    inv = [add_invitee(db, m, member_id=p, role="กรรมการ") for p in people[:3]]
    before = count(db, "attendance")
    roll = MeetingRoll(db, m)
    assert roll.mark(people[0]).status == "present"
    assert roll.mark(people[0]).status == "already"
    refused = roll.mark(people[3])
    assert refused.status == "not_registered" and "ผู้เข้าประชุม" in refused.message_th
    sub = roll.mark_substitute(people[3], people[1])
    assert sub.substitute_for["id"] == people[1]
    set_invitee_status(db, inv[2], "absent", reason="ติดราชการ")
    assert count(db, "attendance") == before  # nothing in the trainings' table
    c = meeting_counts(db, m)
    assert (c["invited"], c["present"], c["substitutes"], c["absent"]) == (3, 2, 1, 1)
    spec = build_minutes_spec(db, m)
    assert [a.name for a in spec.present][1].endswith("00003 สกุล3")
    assert spec.present[1].position.startswith("(แทน)")
    assert [(a.reason) for a in spec.absent] == ["ติดราชการ"]
    roll.undo(people[3])
    assert meeting_counts(db, m)["substitutes"] == 0
    walk = roll.walk_in(member_id=people[3])
    assert walk.walk_in and build_minutes_spec(db, m).others[0].name.endswith("00003 สกุล3")
    member, _ = roll.resolve(scan.decode(people[0]))
    assert member["id"] == people[0]


def test_open_actions_are_carried_to_the_next_meeting_of_the_series_under_agenda_3(db):
    first = meeting(db, "2026-03-05")
    item = add_item(db, first, {"agenda_no": 4, "title": "แผนลงพื้นที่", "body": "ฝ่ายเลขานุการเสนอแผน",
                                "resolution": "เห็นชอบ"})
    a1 = add_action(db, first, {"what": "จัดทำแผนลงพื้นที่", "owner_name": "สำนักงานพัฒนาชุมชนอำเภอ",
                                "due_date": "2026-03-31", "item_id": item})
    a2 = add_action(db, first, {"what": "รายงานผลครัวเรือน", "owner_kind": "official", "owner_name": "ปลัดอำเภอ"})
    set_action_status(db, a2, "done", note="รายงานแล้ว")
    other_series = meeting(db, "2026-04-01", title="ประชุมอื่น")
    second = meeting(db, "2026-04-02")
    assert [a["id"] for a in carried_actions(db, second)] == [a1]
    assert carried_actions(db, other_series) == [] and carried_actions(db, first) == []
    three = agenda(db, second)[2]
    assert three["heading"] == AGENDA[3] and [a["id"] for a in three["carried_actions"]] == [a1]
    spec = build_minutes_spec(db, second)
    body = spec.agenda[2].body
    assert body[0] == "ติดตามผลการดำเนินงานตามมติที่ประชุมครั้งก่อน"
    assert "จัดทำแผนลงพื้นที่" in body[1] and "สำนักงานพัฒนาชุมชนอำเภอ" in body[1] and "เกินกำหนด" in body[1]
    assert [a["id"] for a in overdue_actions(db, date(2026, 4, 2))] == [a1]
    assert overdue_actions(db, date(2026, 3, 31)) == []
    assert {a["status"] for a in actions(db, series=SERIES)} == {"open", "done"}


def test_minutes_are_frozen_at_issue_then_certified_with_amendments_and_reissued_with_a_note(db):
    first = meeting(db, "2026-03-05", recorder_name="นางสาวบันทึก ดี", recorder_position="เจ้าพนักงานปกครอง")
    item = add_item(db, first, {"agenda_no": 1, "body": "ประธานแจ้งเรื่องงบประมาณ", "resolution": "รับทราบ"})
    spec = issue_minutes(db, first)
    assert spec.agenda[0].resolution == "รับทราบ" and [a.title for a in spec.agenda] == [AGENDA[n] for n in (1, 2, 3, 4)]
    for attempt in (lambda: update_item(db, item, {"resolution": "อื่น"}),
                    lambda: add_item(db, first, {"agenda_no": 5, "body": "x"}),
                    lambda: update_meeting(db, first, {"place": "ที่อื่น"})):
        with pytest.raises(UserError) as err:
            attempt()
        assert err.value.message == FROZEN
    second = meeting(db, "2026-04-02")
    certify_previous(db, second, amendments="แก้ไขชื่อผู้เข้าประชุมลำดับที่ ๓")
    two = build_minutes_spec(db, second).agenda[1]
    assert "ครั้งที่ ๑/๒๕๖๙" not in two.body[0] and "1/2569" in two.body[0]
    assert two.resolution.startswith("รับรองโดยมีการแก้ไข")
    assert get_meeting(db, first)["status"] == "draft"
    resolve_item(db, item, "รับทราบ และมอบหมายฝ่ายเลขานุการ")
    again = issue_minutes(db, first)
    assert get_meeting(db, first)["revision"] == 1
    assert again.note == "ฉบับแก้ไข ครั้งที่ 1: แก้ไขตามมติที่ประชุมครั้งที่ ๒/๒๕๖๙: แก้ไขชื่อผู้เข้าประชุมลำดับที่ ๓"
    assert minutes_spec(db, first).note == again.note and minutes_spec(db, first).agenda[0].resolution.endswith(
        "มอบหมายฝ่ายเลขานุการ")
    certify_previous(db, second)  # the certifying meeting may change its decision while the minutes are open
    assert build_minutes_spec(db, second).agenda[1].resolution == "รับรองโดยไม่มีการแก้ไข"


def test_certifying_as_is(db):
    first = meeting(db, "2026-03-05")
    second = meeting(db, "2026-04-02")
    with pytest.raises(UserError, match="ยังไม่ได้ออก"):
        certify_previous(db, second)
    issue_minutes(db, first)
    certify_previous(db, second)
    assert build_minutes_spec(db, second).agenda[1].resolution == "รับรองโดยไม่มีการแก้ไข"
    assert get_meeting(db, first)["status"] == "issued"


def test_officials_free_text_and_participants(db):
    m = meeting(db)
    inv = add_invitee(db, m, name="นายสมศักดิ์ ตัวอย่าง", position="ปลัดอำเภอ", role="เลขานุการ")
    record_substitute(db, inv, name="นางสาวแทน ชั่วคราว", position="เจ้าพนักงานปกครอง")
    add_participant(db, m, name="นายผู้สังเกต การณ์", position="พัฒนาการอำเภอ")
    spec = build_minutes_spec(db, m)
    assert (spec.present[0].name, spec.present[0].position, spec.present[0].role) == (
        "นางสาวแทน ชั่วคราว", "(แทน) ปลัดอำเภอ", "เลขานุการ")
    assert spec.others[0].position == "พัฒนาการอำเภอ"


def test_officials_chair_record_and_attend(db):
    from moi_desktop.correspondence.officials import add_official

    chair = add_official(db, title="นาย", name="สมชาย ใจดี", position="นายอำเภอเมืองลำพูน")
    clerk = add_official(db, title="นางสาว", name="บันทึก ถูกต้อง", position="ปลัดอำเภอ",
                         signature_position="ปลัดอำเภอ\nหัวหน้าฝ่ายบริหารงานปกครอง")
    m = meeting(db, chair_name="", chair_official_id=chair.id, recorder_official_id=clerk.id)
    stored = get_meeting(db, m)
    assert (stored["chair_name"], stored["chair_position"]) == ("นายสมชาย ใจดี", "นายอำเภอเมืองลำพูน")
    inv = add_invitee(db, m, official_id=chair.id, role="ประธาน")
    set_invitee_status(db, inv, "present")
    spec = build_minutes_spec(db, m)
    assert spec.present[0].name == "นายสมชาย ใจดี" and spec.present[0].role == "ประธาน"
    assert spec.recorder.name == "นางสาวบันทึก ถูกต้อง" and "หัวหน้าฝ่ายบริหารงานปกครอง" in spec.recorder.position
    with pytest.raises(UserError):
        meeting(db, chair_name="", chair_official_id="no-such-official")


def test_clerk_manages_viewer_reads_trainer_neither(accounts_db):
    from tests.accounts_support import CLERK, TRAINER, VIEWER, login

    login(accounts_db, CLERK)
    m = meeting(accounts_db)
    login(accounts_db, VIEWER)
    assert [x["id"] for x in list_meetings(accounts_db)] == [m]
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        meeting(accounts_db)
    login(accounts_db, TRAINER)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        list_meetings(accounts_db)


def test_meetings_travel_to_the_province_in_a_bundle(make_office_db, fast_kdf, tmp_path):
    from moi_desktop.exchange import exchange_tables, export_bundle, import_bundle
    from tests.exchange_support import PASSWORD

    district = make_office_db("d", "district", "6205")
    province = make_office_db("p", "province", "62")
    people = add_people(district, 2)
    m = meeting(district)
    inv = add_invitee(district, m, member_id=people[0], role="กรรมการ")
    set_invitee_status(district, inv, "present")
    item = add_item(district, m, {"agenda_no": 4, "title": "แผน", "resolution": "เห็นชอบ"})
    add_action(district, m, {"what": "ลงพื้นที่", "owner_name": "พัฒนาชุมชนอำเภอ", "item_id": item})
    tables = {t.name for t in exchange_tables(district)}
    assert {"meetings", "meeting_invitees", "meeting_attendance", "meeting_items", "meeting_actions"} <= tables
    result = export_bundle(district, tmp_path / "b.moib", PASSWORD)
    import_bundle(province, result.path, PASSWORD)
    for table in ("meetings", "meeting_invitees", "meeting_attendance", "meeting_items", "meeting_actions"):
        assert province.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1, table  # noqa: S608


def test_typed_text_loses_control_and_bidi_characters(db):
    m = meeting(db, title="ประชุม\x1b[31mติดตาม\u202e", place="ห้อง\x00ประชุม")
    stored = get_meeting(db, m)
    assert (stored["title"], stored["place"]) == ("ประชุม[31mติดตาม", "ห้องประชุม")


def test_an_action_links_to_a_project_activity_or_case(db):
    from moi_desktop.db import insert_row

    project = insert_row(db, "projects", {"title": "โครงการทดสอบ", "category": 1})
    other = insert_row(db, "projects", {"title": "โครงการอื่น", "category": 1})
    activity = insert_row(db, "activities", {"project_id": project, "title": "กิจกรรมทดสอบ"})
    m = meeting(db)
    linked = add_action(db, m, {"what": "ติดตามกิจกรรม", "owner_name": "อำเภอ", "activity_id": activity})
    row = actions(db, meeting_id=m)[0]
    assert row["id"] == linked and (row["project_id"], row["activity_id"]) == (project, activity)
    with pytest.raises(UserError, match="ไม่ได้อยู่ในโครงการ"):
        add_action(db, m, {"what": "x", "owner_name": "อำเภอ", "activity_id": activity, "project_id": other})
    with pytest.raises(UserError, match="ไม่พบ"):
        add_action(db, m, {"what": "x", "owner_name": "อำเภอ", "case_id": "no-such-case"})
    assert len(actions(db, meeting_id=m)) == 1


def test_issued_minutes_stay_as_issued_while_actions_move_on(db):
    first = meeting(db, "2026-03-05")
    action = add_action(db, first, {"what": "จัดทำแผน", "owner_name": "ปลัดอำเภอ", "owner_kind": "official"})
    issue_minutes(db, first)
    second = meeting(db, "2026-04-02")
    issue_minutes(db, second)
    set_action_status(db, action, "done", note="เสร็จแล้ว")
    assert build_minutes_spec(db, second).agenda[2].body == ["- ไม่มี -"]  # the live draft: nothing open
    frozen = minutes_spec(db, second).agenda[2].body
    assert "จัดทำแผน" in frozen[1] and "อยู่ระหว่างดำเนินการ" in frozen[1]  # as it was at issue


def test_the_home_page_lists_the_days_meetings(db):
    from moi_desktop.reporting.today import day_summary

    meeting(db, "2026-03-05")
    other = meeting(db, "2026-03-06")
    assert [m.id for m in meetings_on(db, date(2026, 3, 6))] == [other]
    summary = day_summary(db, date(2026, 3, 5))
    assert summary.meetings_available and "ครั้งที่ ๑/๒๕๖๙ เวลา ๐๙.๓๐ น. ณ ห้องประชุมอำเภอ" in summary.meetings[0]
