"""Trainings: records, schedule and Friday afternoons, enrolment (registry and workbook),
eligibility over all scheduled sessions, certificates and their register, materials."""

from datetime import date, timedelta

import pytest
from openpyxl import Workbook

from moi_desktop.errors import UserError
from moi_desktop.trainings import (
    CAN_REACH,
    CANNOT_REACH,
    ELIGIBLE,
    add_material,
    add_session,
    close_session,
    compute_materials,
    delete_session,
    eligibility,
    enrol_members,
    enrolment_counts,
    friday_conflicts,
    generate_sessions,
    get_training,
    import_registrants,
    issue_certificates,
    mark_member,
    register,
    sessions,
    sessions_needed,
    set_friday_areas,
    set_targets,
    update_training,
)
from moi_desktop.trainings.certificates import certificate_batch
from moi_desktop.trainings.materials import material_total
from tests.attendance_support import START, add_people, bkk, make_training, setup_course


def test_training_validation_in_thai(db):
    with pytest.raises(UserError, match="ชื่อ"):
        make_training(db, name=" ")
    with pytest.raises(UserError, match="วันสิ้นสุด"):
        make_training(db, end_date=START - timedelta(days=1))
    with pytest.raises(UserError, match="เกณฑ์"):
        make_training(db, threshold_pct=120)
    training_id = make_training(db, start_date="๑๖ ส.ค. ๖๕", end_date="19/08/2565")
    t = get_training(db, training_id)
    assert (t["start_date"], t["end_date"], t["threshold_pct"]) == ("2022-08-16", "2022-08-19", 80.0)
    update_training(db, training_id, {"threshold_pct": 75, "signatories": [["นายหนึ่ง", "ผอ."]]})
    assert get_training(db, training_id)["signatories"] == [["นายหนึ่ง", "ผอ."]]


def test_schedule_is_days_times_roll_calls_and_idempotent(db):
    training_id = make_training(db)
    result = generate_sessions(db, training_id)
    assert len(result.created) == 12 and not result.warnings  # Bangkok-area venue (13)
    assert generate_sessions(db, training_id).created == []
    slots = [(s["day"], s["slot"], s["starts_at"], s["late_after"]) for s in sessions(db, training_id)[:3]]
    assert slots == [("2022-08-16", "morning", "08:30", "09:00"), ("2022-08-16", "noon", "13:00", "13:15"),
                     ("2022-08-16", "evening", "16:30", "16:45")]


def test_friday_afternoon_warning_in_southern_border_provinces(db):
    training_id = make_training(db, province="94")  # ปัตตานี; the 19th is a Friday
    result = generate_sessions(db, training_id)
    friday = [(s["day"], s["slot"]) for s in result.friday_afternoon]
    assert friday == [("2022-08-19", "noon"), ("2022-08-19", "evening")]
    assert "บ่ายวันศุกร์" in result.warnings[0]
    assert len(friday_conflicts(db, training_id)) == 2
    skipping = make_training(db, province="96")
    result = generate_sessions(db, skipping, skip_friday_afternoon=True)
    assert len(result.created) == 10 and len(result.skipped) == 2 and friday_conflicts(db, skipping) == []
    # the list is configurable: a district code works too
    set_friday_areas(db, ["9003"])
    assert friday_conflicts(db, training_id) == []
    chana = make_training(db, province="90", venue_district_code="9003")
    assert len(generate_sessions(db, chana).friday_afternoon) == 2


def test_sessions_can_be_edited_and_marked_ones_not_deleted(db):
    training_id, sess, people = setup_course(db, 2)
    extra = add_session(db, training_id, {"day": "2022-08-17", "slot": "other", "starts_at": "๑๙.๐๐"})
    assert next(s for s in sessions(db, training_id) if s["id"] == extra)["starts_at"] == "19:00"
    with pytest.raises(UserError, match="นอกช่วง"):
        add_session(db, training_id, {"day": "2022-09-01", "starts_at": "09:00"})
    mark_member(db, sess[0]["id"], people[0], now=bkk(sess[0]["day"], "08:40"))
    with pytest.raises(UserError, match="ลบไม่ได้"):
        delete_session(db, sess[0]["id"])
    delete_session(db, extra)
    assert len(sessions(db, training_id)) == 12


def test_enrolment_counts_against_targets(db):
    training_id = make_training(db)
    gov = add_people(db, 3, sector="government")
    ppl = add_people(db, 2, prefix="ประชาชน", sector="people")
    assert enrol_members(db, training_id, gov + ppl + gov) == 5
    assert enrol_members(db, training_id, gov) == 0
    set_targets(db, training_id, "sector", {"government": 4, "media": 1})
    counts = enrolment_counts(db, training_id)
    by_sector = {r["code"]: (r["enrolled"], r["target"]) for r in counts["by_sector"]}
    assert counts["total"] == 5 and by_sector == {"government": (3, 4), "people": (2, None), "media": (0, 1)}


def _registrants(path, existing_name: str):
    wb = Workbook()
    ws = wb.active
    ws.append(["แบบรายชื่อผู้เข้ารับการอบรม"])
    ws.append(["ลำดับ", "ชื่อ-สกุล", "หน่วยงาน", "ภาคี"])
    ws.append([1, existing_name, "อำเภอ", "ภาคราชการ"])
    ws.append([2, "นางสาวใหม่ มาจากไฟล์", "โรงเรียน", "ภาคการศึกษา"])
    ws.append([3, "นายใหม่สอง ในไฟล์", "วัด", "ภาคศาสนา"])
    ws.append([4, "นายใหม่สอง ในไฟล์", "วัด", "ภาคศาสนา"])  # entered twice in the same file
    wb.save(path)
    return path


def test_registrant_workbook_enrols_known_and_new_people(db, tmp_path):
    training_id = make_training(db)
    known = add_people(db, 1, prefix="เดิม")[0]
    path = _registrants(tmp_path / "registrants.xlsx", "นายเดิม00000 สกุล0")
    preview = import_registrants(db, training_id, path, dry_run=True)
    assert (preview.new_members, preview.existing_members, preview.enrolled) == (2, 1, 0)
    assert enrolment_counts(db, training_id)["total"] == 0
    result = import_registrants(db, training_id, path, dry_run=False)
    assert (result.new_members, result.existing_members, result.enrolled) == (2, 1, 3)
    assert known in result.member_ids and len(result.member_ids) == 3
    assert enrolment_counts(db, training_id)["total"] == 3


def test_eligibility_counts_all_scheduled_sessions_and_can_still_reach(db):
    training_id, sess, people = setup_course(db, 3)
    assert sessions_needed(12, 80) == 10 and sessions_needed(10, 80) == 8
    # person 0 attends 2 of the first 3; person 1 misses 3 of the first 3; person 2 all first 3
    plan = {0: [0, 1], 1: [], 2: [0, 1, 2]}
    for who, attended in plan.items():
        for i in attended:
            mark_member(db, sess[i]["id"], people[who], now=bkk(sess[i]["day"], "08:35"))
    for s in sess[:3]:
        close_session(db, s["id"])
    rows = {r.member_id: r for r in eligibility(db, training_id)}
    assert rows[people[0]].percent == pytest.approx(16.7) and rows[people[0]].status == CAN_REACH  # 2 + 9 ≥ 10
    assert rows[people[1]].status == CANNOT_REACH and rows[people[1]].undecided == 9  # 0 + 9 < 10
    assert rows[people[2]].status == CAN_REACH and rows[people[2]].absent == 0
    for s in sess[3:]:
        mark_member(db, s["id"], people[2], now=bkk(s["day"], "08:35"))
    assert {r.member_id: r.status for r in eligibility(db, training_id)}[people[2]] == ELIGIBLE


def test_excused_counts_only_when_the_training_says_so(db):
    from moi_desktop.trainings import set_status

    training_id, sess, people = setup_course(db, 1)
    for s in sess[:10]:
        mark_member(db, s["id"], people[0], now=bkk(s["day"], "08:35"))
    set_status(db, [s["id"] for s in sess[10:]], people, "excused", reason="ประชุมด่วน")
    row = eligibility(db, training_id)[0]
    assert row.attended == 10 and row.percent == pytest.approx(83.3)
    update_training(db, training_id, {"excused_counts": 1})
    assert eligibility(db, training_id)[0].attended == 12


def _attend(db, sess, people, n_sessions):
    for person, n in zip(people, n_sessions, strict=False):
        for s in sess[:n]:
            mark_member(db, s["id"], person, now=bkk(s["day"], "08:35"))


def test_certificates_serials_override_reason_and_copies(db, tmp_path):
    from moi_desktop.security import list_entries

    training_id, sess, people = setup_course(db, 4)
    _attend(db, sess, people, [12, 10, 9, 3])
    issued = issue_certificates(db, training_id, issued_on=date(2022, 8, 19))
    assert len(issued) == 2
    assert [r["serial"] for r in register(db, training_id)] == ["1/2565", "2/2565"]
    assert issue_certificates(db, training_id) == []  # nobody new is eligible
    with pytest.raises(UserError, match="เหตุผล"):
        issue_certificates(db, training_id, member_ids=[people[2]], override_reason="สั้น")
    issue_certificates(db, training_id, member_ids=[people[2]], issued_on=date(2022, 8, 20),
                       override_reason="ป่วยเข้าโรงพยาบาล มีใบรับรองแพทย์ ผู้อำนวยการอนุมัติ")
    reg = register(db, training_id)
    assert reg[-1]["serial"] == "3/2565" and reg[-1]["eligible"] == 0 and "ใบรับรองแพทย์" in reg[-1]["override_reason"]
    entry = list_entries(db, action="certificate_override")[0]
    assert entry.row_id == reg[-1]["id"] and "ใบรับรองแพทย์" not in str(entry.details)
    # a new year starts again at 1
    other, osess, opeople = setup_course(db, 1)
    _attend(db, osess, opeople, [12])
    issue_certificates(db, other, issued_on=date(2023, 1, 5))
    assert register(db, other)[0]["serial"] == "1/2566"
    # first print: originals; second print: copies
    batch = certificate_batch(db, training_id)
    assert [c["print_count"] for c in batch.certificates] == [0, 0, 0]
    batch.render(tmp_path / "c1.pdf", "pdf")
    again = certificate_batch(db, training_id)
    assert [c["print_count"] for c in again.certificates] == [1, 1, 1]


def test_material_totals():
    assert material_total("per_person", 2, None, 10, 100, 12) == (200, 220)
    assert material_total("per_group", 1, 8, 0, 100, 12) == (13, 13)  # ceil(100 / 8) groups
    assert material_total("per_session", 3, None, 0, 100, 12) == (36, 36)
    assert material_total("fixed", 1, None, 50, 100, 12) == (1, 2)
    assert material_total("per_person", 1, None, 10, 100, 12)[1] == 110  # no float overshoot to 111


def test_materials_for_the_enrolled_count(db):
    training_id, _, _ = setup_course(db, 30)
    add_material(db, training_id, {"name": "ปากกา", "unit": "ด้าม", "basis": "per_person", "quantity": 2,
                                   "spare_pct": 10, "unit_price": 5})
    add_material(db, training_id, {"name": "ฟลิปชาร์ต", "basis": "per_group", "quantity": 5, "group_size": 8})
    with pytest.raises(UserError, match="กลุ่ม"):
        add_material(db, training_id, {"name": "x", "basis": "per_group", "quantity": 1, "group_size": 0})
    result = compute_materials(db, training_id)
    assert result["people"] == 30 and [i["total"] for i in result["items"]] == [66, 20]
    assert result["total_cost"] == 330
