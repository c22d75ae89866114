"""Households, cases, the status machine, the action log, photos and the filtered list."""

from datetime import date

import pytest

from moi_desktop.cases import (
    CaseQuery,
    add_action,
    add_case,
    add_case_photo,
    add_household,
    case_actions,
    case_photos,
    change_status,
    count_cases,
    delete_case,
    delete_household,
    get_case,
    list_indicators,
    save_indicator,
    search_cases,
    set_indicator_active,
    set_overdue_days,
    status_counts,
    update_case,
    update_household,
)
from moi_desktop.cases.model import dimension_code, mask_name, source_code
from moi_desktop.cases.status import STATUSES, TRANSITIONS, check_transition
from moi_desktop.cases.store import indicator_by_number
from moi_desktop.errors import UserError

TODAY = date(2022, 8, 30)
SUB = "500101"  # ศรีภูมิ, เมืองเชียงใหม่


def _household(db, **extra) -> str:
    data = {"head_name": "นายสมชาย ใจดี", "house_no": "12/3", "moo": "5", "subdistrict_code": SUB, **extra}
    return add_household(db, data)


def _case(db, number=2, on="2022-08-01", **extra) -> str:
    hid = extra.pop("household_id", None) or _household(db)
    return add_case(db, {"household_id": hid, "indicator_id": indicator_by_number(db, number)["id"],
                         "reported_on": on, **extra}, today=TODAY)


# -- households ------------------------------------------------------------------------------------
def test_household_is_normalised_and_one_house_is_one_household(db):
    hid = add_household(db, {"head_name": " นายสมชาย  ใจดี ", "house_no": "๑๒ / ๓", "moo": "หมู่ ๐๕",
                             "subdistrict_code": SUB, "phone": "081-234-5678", "tpmap": "✓", "members_count": "๔"})
    row = db["households"].get(hid)
    assert (row["head_name"], row["house_no"], row["moo"], row["phone"]) == ("นายสมชาย ใจดี", "12/3", "5", "0812345678")
    assert (row["tpmap"], row["thai_qm"], row["members_count"]) == (1, 0, 4)
    with pytest.raises(UserError, match="มีครัวเรือนบ้านเลขที่ 12/3"):
        add_household(db, {"head_name": "นางมาลี ใจดี", "house_no": "12/3", "moo": "5", "subdistrict_code": SUB})
    assert db["households"].count == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("head_name", "", "หัวหน้าครัวเรือน"),
    ("house_no", "12ก/abc", "บ้านเลขที่"),
    ("moo", "ห้า", "หมู่ที่"),
    ("subdistrict_code", "999999", "ไม่พบรหัสตำบล"),
    ("members_count", "0", "จำนวนสมาชิก"),
    ("phone", "12345", "หมายเลขโทรศัพท์"),
])
def test_bad_household_fields_are_refused_in_thai(db, field, value, message):
    data = {"head_name": "นายสมชาย ใจดี", "house_no": "12", "moo": "5", "subdistrict_code": SUB, field: value}
    with pytest.raises(UserError, match=message) as info:
        add_household(db, data)
    assert info.value.field == field
    assert db["households"].count == 0


def test_household_with_cases_cannot_be_deleted(db):
    case_id = _case(db)
    hid = get_case(db, case_id)["household_id"]
    with pytest.raises(UserError, match="ยังมีเรื่องราว 1 เรื่อง"):
        delete_household(db, hid)
    delete_case(db, case_id)
    delete_household(db, hid)
    assert db["households"].get(hid)["deleted_at"]


def test_update_household_keeps_unchanged_fields(db):
    hid = _household(db, phone="0812345678")
    update_household(db, hid, {"members_count": 6})
    row = db["households"].get(hid)
    assert (row["members_count"], row["phone"], row["house_no"]) == (6, "0812345678", "12/3")


# -- cases -----------------------------------------------------------------------------------------
def test_new_case_starts_received_with_a_log_entry(db):
    case_id = _case(db, source="ศูนย์ดำรงธรรมอำเภอ", dimension="ทั้งสองมิติ", on="30/07/2565")
    case = get_case(db, case_id)
    assert (case["status"], case["reported_on"], case["source"], case["dimension"]) == (
        "received", "2022-07-30", "damrongtham", "both")
    log = case_actions(db, case_id)
    assert [(e["action_on"], e["status_to"]) for e in log] == [("2022-07-30", "received")]
    assert "ศูนย์ดำรงธรรม" in log[0]["what"]


def test_vulnerable_group_cases_are_sensitive_by_default(db):
    assert get_case(db, _case(db, number=23))["sensitive"] == 1  # มีผู้พิการไม่ได้รับการดูแล
    hid = _household(db, house_no="99")
    assert get_case(db, _case(db, number=2, household_id=hid))["sensitive"] == 0
    assert get_case(db, _case(db, number=5, household_id=hid, sensitive=True))["sensitive"] == 1


@pytest.mark.parametrize(("change", "message"), [
    ({"reported_on": "2099-01-01"}, "อนาคต"),
    ({"reported_on": "31/02/2565"}, "31/02/2565"),
    ({"source": "ไปรษณีย์นกพิราบ"}, "แหล่งที่มา"),
    ({"dimension": "มิติจีน"}, "มิติ"),
    ({"indicator_id": None}, "ตัวชี้วัด"),
    ({"household_id": "no-such-id"}, "ครัวเรือน"),
])
def test_bad_case_input_changes_nothing(db, change, message):
    hid = _household(db)
    data = {"household_id": hid, "indicator_id": indicator_by_number(db, 2)["id"], "reported_on": "2022-08-01",
            **change}
    with pytest.raises(UserError, match=message):
        add_case(db, data, today=TODAY)
    assert db["cases"].count == 0 and db["case_actions"].count == 0


def test_case_moves_through_its_statuses_and_the_log_tells_the_story(db):
    case_id = _case(db)
    change_status(db, case_id, "in_progress", on="2022-08-05", note="ลงพื้นที่เยี่ยมบ้าน", by_whom="ปลัดอำเภอ", today=TODAY)
    add_action(db, case_id, "มอบวัสดุซ่อมหลังคา", on="2022-08-10", by_whom="อบต.", today=TODAY)
    change_status(db, case_id, "ช่วยเหลือแล้ว", on="2022-08-20", today=TODAY)
    case = get_case(db, case_id)
    assert (case["status"], case["status_on"], case["closed_on"]) == ("helped", "2022-08-20", "2022-08-20")
    log = case_actions(db, case_id)
    assert [e["what"] for e in log][1:] == ["ลงพื้นที่เยี่ยมบ้าน", "มอบวัสดุซ่อมหลังคา", "เปลี่ยนสถานะเป็น “ช่วยเหลือแล้ว”"]
    assert [(e["status_from"], e["status_to"]) for e in log] == [
        (None, "received"), ("received", "in_progress"), (None, None), ("in_progress", "helped")]
    # Reopened when the problem comes back: open again, closed_on cleared.
    change_status(db, case_id, "in_progress", on="2022-08-25", today=TODAY)
    assert get_case(db, case_id)["closed_on"] is None


@pytest.mark.parametrize(("start", "target"), [
    ("received", "helped"), ("received", "received"), ("helped", "referred"), ("referred", "self_resolved"),
])
def test_invalid_transitions_are_refused_and_nothing_is_logged(db, start, target):
    case_id = _case(db, status=start)
    before = len(case_actions(db, case_id))
    with pytest.raises(UserError, match="สถานะ"):
        change_status(db, case_id, target, on="2022-08-10", today=TODAY)
    assert get_case(db, case_id)["status"] == start
    assert len(case_actions(db, case_id)) == before


def test_transition_table_is_closed_and_every_status_is_reachable():
    reachable = {"received"}
    for targets in TRANSITIONS.values():
        reachable.update(targets)
    assert reachable == set(STATUSES) == set(TRANSITIONS)
    check_transition("in_progress", "referred")
    with pytest.raises(UserError, match="เปลี่ยนได้เป็น"):
        check_transition("received", "helped")


def test_status_change_cannot_go_back_in_time(db):
    case_id = _case(db, on="2022-08-10")
    with pytest.raises(UserError, match="ไม่ก่อน"):
        change_status(db, case_id, "in_progress", on="2022-08-01", today=TODAY)
    with pytest.raises(UserError, match="ไม่ก่อนวันที่รับเรื่อง"):
        add_action(db, case_id, "โทรสอบถาม", on="2022-08-09", today=TODAY)


def test_update_case_refuses_a_status_change_and_inactive_indicator_on_change(db):
    case_id = _case(db)
    with pytest.raises(UserError, match="ปุ่มเปลี่ยนสถานะ"):
        update_case(db, case_id, {"status": "helped"}, today=TODAY)
    update_case(db, case_id, {"description": "หลังคารั่ว"}, today=TODAY)
    assert get_case(db, case_id)["description"] == "หลังคารั่ว"
    retired = indicator_by_number(db, 3)
    set_indicator_active(db, retired["id"], False)
    with pytest.raises(UserError, match="ปิดใช้งาน"):
        update_case(db, case_id, {"indicator_id": retired["id"]}, today=TODAY)


def test_photos_are_stored_once_by_content(db, tmp_path, _isolated_data_dir):
    case_id = _case(db)
    picture = tmp_path / "before.JPG"
    picture.write_bytes(b"\xff\xd8 not really a jpeg but bytes are bytes")
    photo_id = add_case_photo(db, case_id, picture, caption="ก่อนซ่อม")
    stored = list((_isolated_data_dir / "case_photos").iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".jpg"
    with pytest.raises(UserError, match="แนบไว้"):
        add_case_photo(db, case_id, picture)
    with pytest.raises(UserError, match=".jpg หรือ .png"):
        add_case_photo(db, case_id, tmp_path / "x.gif")
    assert [p["id"] for p in case_photos(db, case_id)] == [photo_id]


# -- queries -----------------------------------------------------------------------------------------
def test_filters_and_overdue_run_in_sql(db):
    hid_a = _household(db)
    hid_b = _household(db, house_no="7", subdistrict_code="500102")
    old = _case(db, number=2, on="2022-06-01", household_id=hid_a)  # 90 days before TODAY
    recent = _case(db, number=15, on="2022-08-25", household_id=hid_b)
    closed = _case(db, number=5, on="2022-06-01", household_id=hid_b)
    change_status(db, closed, "self_resolved", on="2022-06-02", today=TODAY)

    def ids(**kw):
        return {r["id"] for r in search_cases(db, CaseQuery(**kw), today=TODAY)}

    assert ids(overdue=True) == {old}
    assert ids(subdistrict_code="500102") == {recent, closed}
    assert ids(status="open") == {old, recent}
    assert ids(status="self_resolved") == {closed}
    assert ids(indicator_id=indicator_by_number(db, 15)["id"]) == {recent}
    category = indicator_by_number(db, 2)["category_id"]
    assert ids(category_id=category) == {old, closed}
    assert ids(text="สมชาย") == {old, recent, closed}
    assert count_cases(db, CaseQuery(overdue=True), today=TODAY) == 1
    set_overdue_days(db, 100)
    assert ids(overdue=True) == set()
    with pytest.raises(UserError):
        set_overdue_days(db, "ศูนย์")
    rows = search_cases(db, CaseQuery(sort="days_open"), today=TODAY)
    assert rows[0]["id"] in (old, closed) and rows[-1]["id"] == recent
    assert {r["id"]: r["days_open"] for r in rows}[closed] == 1
    counts = status_counts(db, today=TODAY)
    assert (counts["received"], counts["self_resolved"], counts["overdue"]) == (2, 1, 0)


def test_paging_is_stable(db):
    hid = _household(db)
    made = {_case(db, number=n, household_id=hid) for n in (1, 2, 3, 4, 5, 6, 7)}
    pages = [search_cases(db, CaseQuery(), limit=3, offset=o, today=TODAY) for o in (0, 3, 6)]
    seen = [r["id"] for page in pages for r in page]
    assert len(seen) == 7 and set(seen) == made


# -- indicator editor core --------------------------------------------------------------------------
def test_indicator_editor_add_edit_deactivate(db):
    rows = list_indicators(db)
    assert len(rows) == 27 and all(r["active"] == 1 for r in rows)
    category = rows[0]["category_id"]
    new_id = save_indicator(db, None, 10, category, "บ้านไม่มีไฟฟ้าส่องสว่าง")
    with pytest.raises(UserError, match="เลขที่ 10 อยู่แล้ว"):
        save_indicator(db, None, "10", category, "ซ้ำ")
    with pytest.raises(UserError, match="มีตัวชี้วัดเลขที่ 1 อยู่แล้ว"):
        save_indicator(db, new_id, 1, category, "ชนกับข้อ ๑")
    save_indicator(db, new_id, 11, category, "บ้านไม่มีไฟฟ้าส่องสว่างเพียงพอ")
    set_indicator_active(db, new_id, False)
    assert [r["number"] for r in list_indicators(db, include_inactive=False)].count(11) == 0
    row = next(r for r in list_indicators(db) if r["id"] == new_id)
    assert (row["number"], row["active"], row["text"]) == (11, 0, "บ้านไม่มีไฟฟ้าส่องสว่างเพียงพอ")


def test_free_text_codes_and_masking():
    assert source_code("ร้องเรียนผ่านศูนย์ดำรงธรรม") == "damrongtham"
    assert source_code("TPMAP") == "tpmap" and source_code("ลงพื้นที่สำรวจ") == "survey"
    assert source_code("จดหมาย") is None
    assert dimension_code("มิติฝรั่ง") == "farang" and dimension_code("มิติยาไทย") == "ya_thai"
    assert dimension_code("ฝรั่งและยาไทย") == "both"
    assert mask_name("นายสมชาย ใจดี") == "นายสมชาย ใ***"
    assert mask_name("") == ""
