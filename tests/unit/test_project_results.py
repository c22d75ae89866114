"""Issue 19 points 1, 2, 6: milestones against actuals (with the plausibility checks), the
7-partner integration table, lessons learned and satisfaction counts."""

import pytest

from moi_desktop.db.rows import insert_row, soft_delete
from moi_desktop.errors import UserError
from moi_desktop.exchange import exchange_tables
from moi_desktop.projects import add_activity, add_project, delete_activity
from moi_desktop.projects.integration import integration_table
from moi_desktop.projects.lessons import (
    add_lesson,
    add_survey,
    list_lessons,
    list_surveys,
    satisfaction_band,
    satisfaction_by_project,
    update_lesson,
)
from moi_desktop.projects.links import set_links
from moi_desktop.projects.milestones import (
    add_milestone,
    check_actual,
    delete_actual,
    delete_milestone,
    list_actuals,
    list_milestones,
    phase_rows,
    record_actual,
    update_milestone,
)
from moi_desktop.security.session import act_as
from tests.accounts_support import CLERK, TRAINER, VIEWER, login

NEW_TABLES = {"milestones", "milestone_indicator_targets", "milestone_actuals", "milestone_indicator_actuals",
              "project_lessons", "project_satisfaction"}


def _project(db, **extra):
    values = {"title": "บริหารจัดการน้ำ", "category": 3, "start_date": "1/6/2565", "end_date": "30/9/2565",
              "households_target": 104}
    values.update(extra)
    return add_project(db, values)


def _indicator(db):
    return db.execute("SELECT id, number FROM indicators WHERE deleted_at IS NULL ORDER BY number").fetchone()


# -- milestones ------------------------------------------------------------------------------
def test_phases_with_targets_and_actuals_per_period(db):
    pid = _project(db)
    ind_id, ind_no = _indicator(db)
    m1 = add_milestone(db, pid, {"title": "ระยะที่ ๑", "due_date": "๓๑/๗/๒๕๖๕", "households_target": "๔๐",
                                 "persons_target": 120, "value_target": "50,000"}, {str(ind_no): 10})
    m2 = add_milestone(db, pid, {"title": "ระยะที่ ๒", "due_date": "30/9/2565", "households_target": 64})
    record_actual(db, m1, {"period_end": "30/6/2565", "households": 15, "persons": 50}, {ind_id: 4})
    record_actual(db, m1, {"period_end": "31/7/2565", "households": 20, "value": 30000}, {ind_id: 5})
    record_actual(db, m2, {"period_end": "31/8/2565", "households": 30})
    phases = list_milestones(db, pid)
    assert [m["title"] for m in phases] == ["ระยะที่ ๑", "ระยะที่ ๒"]
    first = phases[0]
    assert first["due_date"] == "2022-07-31"
    assert (first["households_target"], first["persons_target"], first["value_target"]) == (40, 120, 50000.0)
    assert (first["households_actual"], first["persons_actual"], first["value_actual"]) == (35, 50, 30000.0)
    assert first["indicator_targets"] == {ind_id: 10.0} and first["indicator_actuals"] == {ind_id: 9.0}
    assert first["periods"] == 2 and first["over_target"] == []
    assert phases[1]["persons_actual"] is None  # nothing recorded is not zero
    rows = phase_rows(db, pid)
    households = [r for r in rows if r["measure"] == "จำนวนครัวเรือน"]
    assert [(r["target"], r["actual"], r["percent"], r["cum_target"], r["cum_actual"]) for r in households] == [
        (40, 35, 87.5, 40, 35), (64, 30, 46.9, 104, 65)]
    assert rows[0]["phase"] == "ระยะที่ ๑" and rows[1]["phase"] == ""  # the phase is named on its first row
    assert any(r["measure"].startswith(f"ตัวชี้วัด {ind_no}.") and r["actual"] == 9 for r in rows)


def test_over_target_by_more_than_half_needs_a_confirming_note(db):
    pid = _project(db)
    m = add_milestone(db, pid, {"title": "ทั้งโครงการ", "due_date": "30/9/2565", "households_target": 104})
    record_actual(db, m, {"period_end": "31/7/2565", "households": 150})  # 144 %: no note needed
    over = check_actual(db, m, {"households": 135})
    assert [(e.actual, e.target) for e in over] == [(285, 104)]
    with pytest.raises(UserError) as err:
        record_actual(db, m, {"period_end": "31/8/2565", "households": 135})
    assert err.value.field == "confirm_note"
    assert "เกินเป้าหมายมากกว่าร้อยละ ๕๐" in err.value.message and "หมายเหตุยืนยัน" in err.value.message
    assert "285" in err.value.message and "104" in err.value.message
    assert len(list_actuals(db, m)) == 1  # nothing saved
    record_actual(db, m, {"period_end": "31/8/2565", "households": 135,
                          "confirm_note": "ตรวจสอบแล้ว: ครัวเรือนเดียวกันร่วมหลายกิจกรรม"})
    (phase,) = list_milestones(db, pid)
    assert phase["households_actual"] == 285
    assert phase["confirm_notes"] == ["ตรวจสอบแล้ว: ครัวเรือนเดียวกันร่วมหลายกิจกรรม"]
    (row,) = phase_rows(db, pid)
    assert row["over"] and row["remark"] == "เกินเป้าเกินร้อยละ ๕๐ ยืนยันแล้ว"
    assert row["confirm_notes"] == ["ตรวจสอบแล้ว: ครัวเรือนเดียวกันร่วมหลายกิจกรรม"]


def test_exactly_half_over_is_still_plausible_and_indicators_are_checked_too(db):
    pid = _project(db)
    ind_id, _ = _indicator(db)
    m = add_milestone(db, pid, {"title": "ระยะที่ ๑", "due_date": "30/9/2565", "households_target": 10},
                      {ind_id: 4})
    record_actual(db, m, {"period_end": "31/7/2565", "households": 15})  # 150 % exactly
    with pytest.raises(UserError, match="ตัวชี้วัด"):
        record_actual(db, m, {"period_end": "31/8/2565"}, {ind_id: 7})


def test_negative_values_and_dates_outside_the_project_are_refused(db):
    pid = _project(db)
    with pytest.raises(UserError, match="ติดลบ") as err:
        add_milestone(db, pid, {"title": "ก", "due_date": "31/7/2565", "households_target": -1})
    assert err.value.field == "households_target"
    with pytest.raises(UserError, match="หลังวันสิ้นสุดโครงการ") as err:
        add_milestone(db, pid, {"title": "ก", "due_date": "1/10/2565"})
    assert err.value.field == "due_date"
    with pytest.raises(UserError, match="กรุณากรอกวันครบกำหนด"):
        add_milestone(db, pid, {"title": "ก"})
    m = add_milestone(db, pid, {"title": "ก", "due_date": "31/7/2565", "households_target": 5})
    with pytest.raises(UserError, match="ก่อนวันเริ่มโครงการ") as err:
        record_actual(db, m, {"period_end": "31/5/2565", "households": 1})
    assert err.value.field == "period_end"
    with pytest.raises(UserError, match="ติดลบ"):
        record_actual(db, m, {"period_end": "30/6/2565", "households": -3})
    with pytest.raises(UserError, match="ต้องเป็นตัวเลข"):
        record_actual(db, m, {"period_end": "30/6/2565", "persons": "สิบ"})
    with pytest.raises(UserError, match="อย่างน้อยหนึ่งรายการ"):
        record_actual(db, m, {"period_end": "30/6/2565"})
    ind_id, _ = _indicator(db)
    with pytest.raises(UserError, match="ไม่มีเป้าหมายในระยะนี้"):
        record_actual(db, m, {"period_end": "30/6/2565"}, {ind_id: 1})
    with pytest.raises(UserError, match="ไม่พบตัวชี้วัด"):
        update_milestone(db, m, {}, {"no-such": 3})


def test_milestone_of_an_activity_must_belong_to_the_project(db):
    pid, other = _project(db), _project(db, title="อื่น")
    activity = add_activity(db, other, {"title": "ขุดลอกคลอง"})
    with pytest.raises(UserError, match="ไม่อยู่ในโครงการนี้"):
        add_milestone(db, pid, {"title": "ก", "due_date": "31/7/2565", "activity_id": activity})
    mine = add_activity(db, pid, {"title": "สร้างฝาย"})
    m = add_milestone(db, pid, {"title": "ฝายเสร็จ", "due_date": "31/7/2565", "activity_id": mine})
    assert list_milestones(db, pid)[0]["activity_title"] == "สร้างฝาย"
    update_milestone(db, m, {"title": "ฝายเสร็จ ๓ แห่ง"})
    assert list_milestones(db, pid)[0]["title"] == "ฝายเสร็จ ๓ แห่ง"


def test_deleting_keeps_tombstones(db):
    pid = _project(db)
    ind_id, _ = _indicator(db)
    m = add_milestone(db, pid, {"title": "ก", "due_date": "31/7/2565", "households_target": 5}, {ind_id: 2})
    a = record_actual(db, m, {"period_end": "30/6/2565", "households": 1}, {ind_id: 1})
    delete_actual(db, a)
    assert list_milestones(db, pid)[0]["households_actual"] is None
    record_actual(db, m, {"period_end": "30/6/2565", "households": 2})
    delete_milestone(db, m)
    assert list_milestones(db, pid) == []
    for table in NEW_TABLES - {"project_lessons", "project_satisfaction"}:
        live = db.execute(f"SELECT COUNT(*) FROM [{table}] WHERE deleted_at IS NULL").fetchone()[0]
        dead = db.execute(f"SELECT COUNT(*) FROM [{table}] WHERE deleted_at IS NOT NULL").fetchone()[0]
        assert live == 0 and dead >= 1, table


# -- sync, roles -----------------------------------------------------------------------------
def test_new_tables_travel_in_bundles(db):
    assert NEW_TABLES <= {t.name for t in exchange_tables(db)}


def test_viewers_read_clerks_write_trainers_neither(accounts_db):
    login(accounts_db, CLERK)
    pid = _project(accounts_db)
    m = add_milestone(accounts_db, pid, {"title": "ก", "due_date": "31/7/2565", "households_target": 5})
    add_lesson(accounts_db, pid, {"recorded_on": "30/9/2565", "worked": "ชุมชนร่วมมือดี"})
    audited = accounts_db.execute("SELECT COUNT(*) FROM audit_log WHERE actor = 'malee' AND table_name IN "
                                  "('milestones', 'project_lessons')").fetchone()[0]
    assert audited == 2
    login(accounts_db, VIEWER)
    assert len(list_milestones(accounts_db, pid)) == 1
    with pytest.raises(UserError, match="ไม่มีสิทธิ์เพิ่มหรือแก้ไขโครงการ"):
        record_actual(accounts_db, m, {"period_end": "30/6/2565", "households": 1})
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        add_survey(accounts_db, pid, {"surveyed_on": "30/9/2565", "level_5": 3})
    login(accounts_db, TRAINER)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์ดูข้อมูลโครงการ"):
        list_milestones(accounts_db, pid)
    act_as(accounts_db, None)


# -- lessons and satisfaction ----------------------------------------------------------------
def test_lessons_record_the_four_headings(db):
    pid = _project(db)
    lesson = add_lesson(db, pid, {"recorded_on": "30/9/2565", "worked": "ภาคีเครือข่ายร่วมลงแรง",
                                  "problems": "ฝนตกหนักช่วงก่อสร้าง", "solutions": "เลื่อนงานไปต้นเดือน",
                                  "recommendations": "วางแผนตามฤดูกาล", "recorded_by": "ปลัดอำเภอ"})
    update_lesson(db, lesson, {"problems": "ฝนตกหนัก\u202e ช่วงก่อสร้าง"})
    (row,) = list_lessons(db, pid)
    assert row["problems"] == "ฝนตกหนัก ช่วงก่อสร้าง"  # hostile characters stripped at the boundary
    assert row["recommendations"] == "วางแผนตามฤดูกาล" and row["project_title"] == "บริหารจัดการน้ำ"
    with pytest.raises(UserError, match="อย่างน้อยหนึ่งหัวข้อ"):
        add_lesson(db, pid, {"recorded_on": "30/9/2565"})
    with pytest.raises(UserError, match="ก่อนวันเริ่มโครงการ"):
        add_lesson(db, pid, {"recorded_on": "1/1/2565", "worked": "x"})


def test_satisfaction_counts_mean_and_band(db):
    pid = _project(db)
    add_survey(db, pid, {"surveyed_on": "30/9/2565", "level_5": 20, "level_4": 15, "level_3": 5})
    add_survey(db, pid, {"surveyed_on": "30/9/2565", "level_5": "๑๐", "level_2": 0, "level_1": 0,
                         "topic": "ความพึงพอใจต่อวิทยากร"})
    first, second = list_surveys(db, pid)
    assert first["respondents"] == 40 and first["mean"] == 4.38 and first["band"] == "มากที่สุด"
    assert first["satisfied_percent"] == 87.5 and first["topic"] == "ความพึงพอใจต่อโครงการโดยรวม"
    assert second["mean"] == 5.0
    (total,) = satisfaction_by_project(db)
    assert (total["respondents"], total["level_5"], total["surveys"]) == (50, 30, 2)
    assert total["mean"] == 4.5  # (30×5 + 15×4 + 5×3) / 50
    with pytest.raises(UserError, match="อย่างน้อยหนึ่งระดับ"):
        add_survey(db, pid, {"surveyed_on": "30/9/2565"})
    with pytest.raises(UserError, match="ติดลบ") as err:
        add_survey(db, pid, {"surveyed_on": "30/9/2565", "level_3": -2})
    assert err.value.field == "level_3"
    assert [satisfaction_band(x) for x in (4.21, 4.2, 3.41, 2.61, 1.81, 1.8, None)] == [
        "มากที่สุด", "มาก", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด", "-"]


# -- the 7-partner integration table ---------------------------------------------------------
def test_integration_table_on_a_hand_made_database(db):
    """Three projects, five activities, partner counts worked out by hand:
    P1: project {gov, academic, religious, people} + activities {private, civil_society, media} -> 7
        A1 {private, civil_society, media, other} -> 3 ('other' is not one of the seven)
        A2 {} -> 0
    P2: project {gov, people}; A3 {gov, people, media} -> project 3, A3 3; A4 deleted {all 7} -> ignored
    P3: project all seven -> 7; A5 all seven -> 7
    P4 (deleted) all seven -> ignored."""
    seven = ["government", "academic", "religious", "people", "private", "civil_society", "media"]
    p1, p2, p3, p4 = (_project(db, title=t) for t in ("น้ำ", "ขยะ", "ท่องเที่ยว", "ลบแล้ว"))
    set_links(db, "project_sectors", p1, seven[:4])
    a1 = add_activity(db, p1, {"title": "A1"}, sectors=["private", "civil_society", "media", "other"])
    add_activity(db, p1, {"title": "A2"})
    set_links(db, "project_sectors", p2, ["government", "people"])
    add_activity(db, p2, {"title": "A3"}, sectors=["government", "people", "media"])
    a4 = add_activity(db, p2, {"title": "A4"}, sectors=seven)
    delete_activity(db, a4)
    set_links(db, "project_sectors", p3, seven)
    add_activity(db, p3, {"title": "A5"}, sectors=seven)
    set_links(db, "project_sectors", p4, seven)
    soft_delete(db, "projects", p4)
    assert a1
    table = integration_table(db)
    by_k = {r["partners"]: r for r in table["rows"]}
    assert [r["partners"] for r in table["rows"]] == [7, 6, 5, 4, 3, 2, 1, 0]
    assert (by_k[7]["projects"], by_k[7]["activities"], by_k[7]["activities_in_projects"]) == (2, 1, 3)
    assert (by_k[3]["projects"], by_k[3]["activities"], by_k[3]["activities_in_projects"]) == (1, 2, 1)
    assert (by_k[0]["projects"], by_k[0]["activities"]) == (0, 1)
    assert sum(r["projects"] for r in table["rows"]) == table["projects"] == 3
    assert sum(r["activities"] for r in table["rows"]) == table["activities"] == 4
    assert by_k[7]["project_examples"] == ["ท่องเที่ยว", "น้ำ"] and by_k[7]["activity_examples"] == ["A5"]
    # A partner link removed travels as a tombstone and stops counting.
    set_links(db, "project_sectors", p3, seven[:6])
    assert {r["partners"]: r["projects"] for r in integration_table(db)["rows"]}[7] == 2  # A5 still brings media
    insert_row(db, "projects", {"title": "ไม่มีภาคี", "category": 1, "status": "planned", "progress": 0,
                                "no_budget": 0})
    assert {r["partners"]: r["projects"] for r in integration_table(db)["rows"]}[0] == 1


def test_results_travel_from_district_to_province(make_office_db, fast_kdf, tmp_path):
    from moi_desktop.exchange import export_bundle, import_bundle
    from tests.exchange_support import PASSWORD

    district = make_office_db("d", "district", "6205")
    province = make_office_db("p", "province", "62")
    pid = _project(district, district_code="6205")
    ind_id, _ = _indicator(district)
    m = add_milestone(district, pid, {"title": "ระยะที่ ๑", "due_date": "31/7/2565", "households_target": 40},
                      {ind_id: 10})
    record_actual(district, m, {"period_end": "30/6/2565", "households": 70, "confirm_note": "ตรวจแล้ว"}, {ind_id: 4})
    add_lesson(district, pid, {"recorded_on": "30/9/2565", "worked": "ชุมชนร่วมแรง"})
    add_survey(district, pid, {"surveyed_on": "30/9/2565", "level_5": 3, "level_4": 1})
    result = export_bundle(district, tmp_path / "b.moib", PASSWORD)
    import_bundle(province, result.path, PASSWORD)
    for table in NEW_TABLES:
        assert province.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0] == 1, table
    (phase,) = list_milestones(province, pid)
    assert phase["households_actual"] == 70 and phase["confirm_notes"] == ["ตรวจแล้ว"]
    assert phase["indicator_actuals"] == {ind_id: 4.0}
