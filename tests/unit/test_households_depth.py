"""Household depth: members, income against the benchmark, location, the
priority list (TPMAP first, then vulnerable groups) and the PDPA tools for members."""

import json
from datetime import date

import pytest

from moi_desktop.cases import add_household, require_household, update_household
from moi_desktop.cases.household_members import add_member, list_members, member_flags, remove_member, update_member
from moi_desktop.cases.location import map_link, parse_location
from moi_desktop.cases.pdpa import (
    ERASED_NAME,
    erase_household_member,
    export_household_member,
    retention_candidates,
    set_retention_years,
    write_member_export,
)
from moi_desktop.cases.priority import household_income, income_benchmark, priority_households, set_income_benchmark
from moi_desktop.errors import UserError
from moi_desktop.exchange import exchange_tables
from tests.accounts_support import CLERK, VIEWER, login
from tests.attendance_support import valid_national_id

SUB = "500101"
TODAY = date(2025, 6, 1)


def _house(db, head="นายสมชาย ใจดี", no="12", **extra):
    return add_household(db, {"head_name": head, "house_no": no, "moo": "3", "subdistrict_code": SUB, **extra})


@pytest.mark.parametrize(("text", "expected"), [
    ("13.7563, 100.5018", (13.7563, 100.5018)),
    ("๑๓.๗๕, ๑๐๐.๕", (13.75, 100.5)),
    ("13.75 100.5", (13.75, 100.5)),
    ("(18.7883,98.9853)", (18.7883, 98.9853)),
    ("https://www.google.com/maps/@18.7883,98.9853,15z", (18.7883, 98.9853)),
    ("https://maps.google.com/?q=7.8804,98.3923", (7.8804, 98.3923)),
    ("https://www.google.com/maps/place/x/@18.70,98.90,17z/data=!3m1!4b1!4m5!3m4!1s0x0:0x0!8m2!3d18.7883!4d98.9853",
     (18.7883, 98.9853)),  # the pin (!3d!4d), not the map's centre
    ("geo:16.4322,102.8236", (16.4322, 102.8236)),
    ("", None),
])
def test_locations_typed_or_pasted_from_a_map_app(text, expected):
    assert parse_location(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("100.5018, 13.7563", "สลับกัน"),
    ("35.68, 139.76", "อยู่นอกประเทศไทย"),  # Tokyo
    ("บ้านผู้ใหญ่", "อ่านพิกัด"),
])
def test_bad_locations_are_refused_in_thai(text, message):
    with pytest.raises(UserError, match=message) as info:
        parse_location(text)
    assert info.value.field == "location"


def test_household_income_and_location_are_stored(db):
    hid = _house(db)
    update_household(db, hid, {"location": "https://www.google.com/maps/@18.7883,98.9853,15z",
                               "income_year": "๖๐,๐๐๐ บาท"})
    h = require_household(db, hid)
    assert (h["latitude"], h["longitude"], h["income_year"]) == (18.7883, 98.9853, 60000)
    assert map_link(h["latitude"], h["longitude"]).endswith("q=18.788300,98.985300")
    with pytest.raises(UserError, match="ต้องไม่ติดลบ"):
        update_household(db, hid, {"income_year": -5})
    with pytest.raises(UserError, match="อยู่นอกประเทศไทย"):
        update_household(db, hid, {"latitude": 35.6, "longitude": 139.7})
    update_household(db, hid, {"location": ""})  # cleared
    assert require_household(db, hid)["latitude"] is None


def test_members_are_checked_in_thai_and_their_ids_masked(db):
    hid = _house(db)
    nid = valid_national_id("110170012345")
    mid = add_member(db, hid, {"full_name": "นางสมศรี ใจดี", "birth_date": "01/01/2490", "relation": "บิดา/มารดา",
                               "national_id": nid, "allowance_elderly": "ได้รับ"}, today=TODAY)
    add_member(db, hid, {"full_name": "นายสมชาย ใจดี", "age_years": "๔๕", "relation": "head"}, today=TODAY)
    with pytest.raises(UserError, match="เลขประจำตัวประชาชนต้องมี ๑๓ หลัก") as info:
        add_member(db, hid, {"full_name": "เด็กชายหนึ่ง", "national_id": "12345"})
    assert info.value.field == "national_id"
    with pytest.raises(UserError, match="วันเกิดต้องไม่อยู่ในอนาคต"):
        add_member(db, hid, {"full_name": "เด็กชายหนึ่ง", "birth_date": "2026-01-01"}, today=TODAY)
    with pytest.raises(UserError, match="ความสัมพันธ์ “เพื่อนบ้าน” ไม่อยู่ในรายการ"):
        add_member(db, hid, {"full_name": "เด็กชายหนึ่ง", "relation": "เพื่อนบ้าน"})
    with pytest.raises(UserError, match="เป็นของ นางสมศรี ใจดี"):
        add_member(db, hid, {"full_name": "คนอื่น", "national_id": nid})
    members = list_members(db, hid, today=TODAY)
    assert [m["full_name"] for m in members] == ["นายสมชาย ใจดี", "นางสมศรี ใจดี"]  # head first
    grandma = members[1]
    assert grandma["age"] == 78 and grandma["relation_th"] == "บิดา/มารดา"
    assert grandma["national_id"] != nid and "xxxx" in grandma["national_id"] and grandma["id_masked"]
    assert grandma["allowances_th"] == ["เบี้ยยังชีพผู้สูงอายุ"]
    full = list_members(db, hid, reveal_ids=True, today=TODAY)[1]["national_id"]
    assert full.replace("-", "") == nid
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE table_name = 'household_members' "
                      "AND action = 'export_personal'").fetchone()[0] == 1
    update_member(db, mid, {"disabled": True}, today=TODAY)
    assert member_flags(list_members(db, hid, today=TODAY)[1], TODAY) == [
        "ผู้สูงอายุ", "ผู้พิการ (ยังไม่ได้รับเบี้ยความพิการ)"]
    remove_member(db, mid)
    assert len(list_members(db, hid)) == 1


def test_income_per_person_against_a_configurable_benchmark(db):
    hid = _house(db, income_year=100_000)
    for name in ("นายก", "นางข", "เด็กชายค"):
        add_member(db, hid, {"full_name": name})
    info = household_income(db, hid)
    assert (info["per_person"], info["people"], info["benchmark"], info["below"]) == (33333.33, 3, 38000, True)
    set_income_benchmark(db, "๓๐,๐๐๐")
    assert income_benchmark(db) == 30000
    assert household_income(db, hid)["below"] is False
    with pytest.raises(UserError, match="เกณฑ์รายได้ต้องเป็นจำนวนเงิน"):
        set_income_benchmark(db, "สามหมื่น")
    # Without the household's own figure, its members' incomes add up.
    other = _house(db, head="นางสาย ดี", no="13", members_count=2)
    add_member(db, other, {"full_name": "นางสาย ดี", "income_year": 20000})
    add_member(db, other, {"full_name": "นายเอ ดี", "income_year": 30000})
    assert household_income(db, other)["per_person"] == 25000


def test_priority_list_puts_tpmap_first_then_the_vulnerable_then_low_income(db):
    poor = _house(db, head="นายจน มาก", no="1", income_year=20_000, members_count=2)   # low income only
    tpmap_rich = _house(db, head="นายทีพี แมป", no="2", tpmap=True, income_year=500_000, members_count=2)
    tpmap_poor = _house(db, head="นางทีพี จน", no="3", tpmap=True, income_year=10_000, members_count=2)
    elderly = _house(db, head="นายสูง วัย", no="4")
    add_member(db, elderly, {"full_name": "นายสูง วัย", "age_years": 72}, today=TODAY)  # no allowance yet
    qm = _house(db, head="นางคิว เอ็ม", no="5", thai_qm=True)
    _house(db, head="นายปกติ ดี", no="6", income_year=400_000, members_count=2)  # none: not listed
    listed = priority_households(db, today=TODAY)
    assert [r["id"] for r in listed] == [tpmap_poor, tpmap_rich, qm, elderly, poor]  # no income known: by name
    assert [r["tier"] for r in listed] == [1, 1, 2, 2, 3]
    by_id = {r["id"]: r for r in listed}
    assert "ผู้สูงอายุ (ยังไม่ได้รับเบี้ยยังชีพ)" in by_id[elderly]["reasons"]
    assert any("ต่ำกว่าเกณฑ์ ๓๘,๐๐๐ บาท" in r for r in by_id[poor]["reasons"])


def test_pdpa_export_erase_and_retention(db, tmp_path):
    hid = _house(db)
    nid = valid_national_id("310170012345")
    mid = add_member(db, hid, {"full_name": "นางสมศรี ใจดี", "national_id": nid, "birth_date": "2490-01-01",
                               "income_year": 12000})
    data = export_household_member(db, mid)
    assert data["household_member"]["national_id"].replace("-", "") == nid  # the person's own copy
    out = write_member_export(db, mid, tmp_path / "person.json")
    assert json.loads(out.read_text(encoding="utf-8"))["household"]["head_name"] == "นายสมชาย ใจดี"
    assert retention_candidates(db, 5, today=date.today()) == []  # just written
    later = date(date.today().year + 6, 1, 1)
    assert [r["id"] for r in retention_candidates(db, 5, today=later)] == [mid]
    set_retention_years(db, 10)
    assert retention_candidates(db, today=later) == []  # the office keeps them longer now
    erase_household_member(db, mid)
    row = db.execute("SELECT full_name, national_id, birth_date, income_year, erased_at, deleted_at "
                     "FROM household_members WHERE id = ?", [mid]).fetchone()
    assert row[:4] == (ERASED_NAME, None, None, None) and row[4] and row[5]
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'erase' "
                      "AND table_name = 'household_members'").fetchone()[0] == 1


def test_household_members_travel_with_their_personal_columns_marked(db):
    tables = {t.name: t for t in exchange_tables(db)}
    personal = tables["household_members"].personal
    assert {"full_name", "national_id", "birth_date", "notes", "age_years", "income_year"} <= personal
    assert {"latitude", "longitude"} <= tables["households"].personal
    assert {"eval_scores", "eval_candidates", "eval_rubrics"} <= set(tables)


def test_a_viewer_may_not_change_members_nor_see_full_ids(accounts_db):
    login(accounts_db, CLERK)
    hid = _house(accounts_db)
    mid = add_member(accounts_db, hid, {"full_name": "นางสมศรี ใจดี"})
    login(accounts_db, VIEWER)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์เพิ่มหรือแก้ไขเรื่องราวครัวเรือน"):
        update_member(accounts_db, mid, {"full_name": "อื่น"})
    with pytest.raises(UserError, match="ไม่มีสิทธิ์แสดงหรือส่งออกข้อมูลอ่อนไหว"):
        list_members(accounts_db, hid, reveal_ids=True)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        export_household_member(accounts_db, mid)
    assert [m["full_name"] for m in list_members(accounts_db, hid)] == ["นางสมศรี ใจดี"]


def test_household_members_travel_to_the_province_in_a_bundle(make_office_db, fast_kdf, tmp_path):
    from moi_desktop.exchange import export_bundle, import_bundle
    from tests.exchange_support import PASSWORD

    district = make_office_db("d", "district", "6205")
    province = make_office_db("p", "province", "62")
    hid = add_household(district, {"head_name": "นายสมชาย ใจดี", "house_no": "12", "moo": "3",
                                   "subdistrict_code": "620501", "location": "16.48, 99.52", "income_year": 50000})
    add_member(district, hid, {"full_name": "นางสมศรี ใจดี", "national_id": valid_national_id("110170012345"),
                               "allowance_elderly": True})
    result = export_bundle(district, tmp_path / "b.moib", PASSWORD)
    import_bundle(province, result.path, PASSWORD)
    got = province.execute("SELECT m.full_name, m.allowance_elderly, h.latitude, h.income_year "
                           "FROM household_members m JOIN households h ON h.id = m.household_id").fetchall()
    assert [tuple(r) for r in got] == [("นางสมศรี ใจดี", 1, 16.48, 50000.0)]
