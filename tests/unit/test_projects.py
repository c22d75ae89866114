"""Projects core: validation, links with tombstones, money, photos, summaries, dashboard."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moi_desktop.errors import UserError
from moi_desktop.projects import (
    activity_photos,
    add_activity,
    add_activity_photo,
    add_agency,
    add_disbursement,
    add_project,
    agencies,
    by_agency,
    dashboard_data,
    delete_project,
    get_activity,
    get_project,
    largest_remainder,
    list_activities,
    list_projects,
    match_agency,
    monthly_disbursement,
    months_with_spending,
    photo_file,
    restore_project,
    set_budgets,
    update_project,
)
from moi_desktop.projects.importer import match_category


def _project(db, **extra):
    values = {"title": "โครงการทดสอบ", "category": 3, "start_date": "1/6/2565", "end_date": "30/9/2565"}
    values.update(extra)
    return add_project(db, values)


# -- largest remainder -------------------------------------------------------------------------
def test_seed_004_categories_sum_to_100():
    # Rounded one by one, 27/24/16/5/4 of 76 give 36+32+21+7+5 = 101.
    assert [round(c * 100 / 76) for c in (27, 24, 16, 5, 4)] == [36, 32, 21, 7, 5]
    assert largest_remainder([27, 24, 16, 5, 4]) == [35, 32, 21, 7, 5]


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12))
def test_largest_remainder_always_sums_to_100(counts):
    result = largest_remainder(counts)
    if sum(counts) == 0:
        assert result == [0] * len(counts)
        return
    assert sum(result) == 100
    for c, pct in zip(counts, result, strict=True):
        assert abs(pct - c * 100 / sum(counts)) < 1  # never more than one unit off the exact share


@given(st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=8))
def test_largest_remainder_with_decimals(counts):
    result = largest_remainder(counts, decimals=1)
    assert round(sum(result), 1) == 100.0


# -- projects and activities -------------------------------------------------------------------
def test_project_validation_messages_and_nothing_written(db):
    with pytest.raises(UserError) as exc:
        add_project(db, {"title": " ", "category": 1})
    assert exc.value.field == "title"
    with pytest.raises(UserError) as exc:
        add_project(db, {"title": "ก", "category": 9})
    assert exc.value.field == "category"
    with pytest.raises(UserError) as exc:
        add_project(db, {"title": "ก", "category": 1, "start_date": "30/9/2565", "end_date": "1/6/2565"})
    assert "วันสิ้นสุด" in exc.value.message
    with pytest.raises(UserError):
        add_project(db, {"title": "ก", "category": 1, "progress": 120})
    with pytest.raises(UserError):
        add_project(db, {"title": "ก", "category": 1}, sdgs=[99])
    assert db.execute("SELECT COUNT(*) FROM projects").fetchone()[0] == 0


def test_project_fields_and_links_round_trip(db):
    agency = agencies(db, "moi")[0]["id"]
    subs = [r["subdistrict_code"] for r in db.query("SELECT subdistrict_code FROM subdistricts LIMIT 2")]
    pid = add_project(db, {"title": "  โครงการ   น้ำ ", "category": "3", "project_value": "๑,๒๕๐,๐๐๐",
                             "households_target": "๑๒๐", "timeframe": "quick_win", "data_source": "Thai QM"},
                        sdgs=[6, 2], sectors=["people"], agencies=[agency], subdistricts=subs)
    p = get_project(db, pid)
    assert p["title"] == "โครงการ น้ำ"
    assert p["project_value"] == 1_250_000 and p["households_target"] == 120
    assert p["data_source"] == "thai_qm"
    assert p["sdgs"] == [2, 6] and p["agencies"] == [agency] and sorted(p["subdistricts"]) == sorted(subs)
    update_project(db, pid, sdgs=[6])
    assert get_project(db, pid)["sdgs"] == [6]
    # the removed link stays as a tombstone (it must travel to other offices)
    assert db.execute("SELECT deleted_at IS NOT NULL FROM project_sdgs WHERE project_id = ? AND goal = 2",
                      [pid]).fetchone()[0] == 1
    update_project(db, pid, sdgs=[2, 6])
    assert get_project(db, pid)["sdgs"] == [2, 6]
    assert db.execute("SELECT COUNT(*) FROM project_sdgs WHERE project_id = ?", [pid]).fetchone()[0] == 2


def test_activities_spending_and_delete_restore(db):
    pid = _project(db)
    ids = [add_activity(db, pid, {"title": f"กิจกรรม {n}", "budget_planned": 1000 * n, "progress": 50})
           for n in (1, 2, 3)]
    assert [a["sort"] for a in list_activities(db, pid)] == [1, 2, 3]
    set_budgets(db, pid, [{"source": "moi", "amount": "5,000"}, {"source": "private", "amount": 1000}])
    add_disbursement(db, pid, "15 ส.ค. 65", "1,500", activity_id=ids[0])
    add_disbursement(db, pid, "2022-09-01", 500)
    p = get_project(db, pid)
    assert (p["budget_total"], p["spent_total"], p["activities_count"]) == (6000, 2000, 3)
    assert get_activity(db, ids[0])["spent"] == 1500
    with pytest.raises(UserError):
        add_disbursement(db, pid, "1/8/2565", 0)
    with pytest.raises(UserError):
        set_budgets(db, pid, [{"source": "moi", "amount": 100}], no_budget=True)
    delete_project(db, pid)
    assert list_projects(db) == []
    assert db.execute("SELECT COUNT(*) FROM activities WHERE deleted_at IS NULL").fetchone()[0] == 0
    restore_project(db, pid)
    assert get_project(db, pid)["activities_count"] == 3


def test_activity_in_other_project_rejected_for_disbursement(db):
    a, b = _project(db, title="ก"), _project(db, title="ข")
    activity = add_activity(db, b, {"title": "x"})
    with pytest.raises(UserError) as exc:
        add_disbursement(db, a, "1/8/2565", 100, activity_id=activity)
    assert exc.value.field == "activity_id"


def test_photos_stored_once_by_hash(db, tmp_path, _isolated_data_dir):
    pid = _project(db)
    a1 = add_activity(db, pid, {"title": "ก"})
    a2 = add_activity(db, pid, {"title": "ข"})
    picture = tmp_path / "x.PNG"
    picture.write_bytes(b"\x89PNG fake but fine for storage")
    add_activity_photo(db, a1, picture, "before", "ก่อน")
    add_activity_photo(db, a2, picture, "after")
    with pytest.raises(UserError):
        add_activity_photo(db, a1, picture, "after")  # same picture twice on one activity
    with pytest.raises(UserError):
        add_activity_photo(db, a1, tmp_path / "x.gif", "before")
    files = list((_isolated_data_dir / "project_photos").iterdir())
    assert len(files) == 1 and files[0].suffix == ".png"
    rows = activity_photos(db, a1)
    assert rows[0]["stage"] == "before" and photo_file(rows[0]) == files[0]


def test_agency_matching(db):
    assert match_agency(db, "สนง.เกษตรและสหกรณ์จังหวัด") is not None
    assert match_agency(db, "อปท.") == match_agency(db, "องค์กรปกครองส่วนท้องถิ่น")
    assert match_agency(db, "บริษัทที่ไม่รู้จัก") is None
    new = add_agency(db, "สำนักงานพลังงานจังหวัด", "area", "provincial")
    assert match_agency(db, "สำนักงานพลังงานจังหวัด") == new
    with pytest.raises(UserError):
        add_agency(db, "สำนักงานพลังงานจังหวัด")


def test_agencies_seeded_from_seed_004(db):
    moi = [a["name_th"] for a in agencies(db, "moi")]
    area = [a["name_th"] for a in agencies(db, "area")]
    assert len(moi) == 8 and moi[0] == "กรมการปกครอง" and "องค์การตลาด" in moi
    assert len(area) == 15 and area[-1] == "ภาคศาสนา"


# -- summaries ---------------------------------------------------------------------------------
def test_by_agency_counts_projects_and_activities(db):
    gov, cdd = (a["id"] for a in agencies(db, "moi")[:2])
    p1 = add_project(db, {"title": "ก", "category": 1}, agencies=[gov])
    p2 = add_project(db, {"title": "ข", "category": 2})
    for _ in range(3):
        add_activity(db, p1, {"title": "x"})
    add_activity(db, p2, {"title": "y", "agency_id": cdd})
    add_activity(db, p2, {"title": "z", "agency_id": gov})
    rows = {r["name_th"]: r for r in by_agency(db)["moi"]}
    # gov supports p1 (3 activities) and runs one activity of p2
    assert (rows["กรมการปกครอง"]["projects"], rows["กรมการปกครอง"]["activities"]) == (2, 4)
    assert (rows["กรมการพัฒนาชุมชน"]["projects"], rows["กรมการพัฒนาชุมชน"]["activities"]) == (1, 1)
    delete_project(db, p1)
    rows = {r["name_th"]: r for r in by_agency(db)["moi"]}
    assert (rows["กรมการปกครอง"]["projects"], rows["กรมการปกครอง"]["activities"]) == (1, 1)


def test_monthly_disbursement(db):
    pid = _project(db)
    set_budgets(db, pid, [{"source": "moi", "amount": 10_000}])
    add_disbursement(db, pid, "2022-07-10", 1000)
    add_disbursement(db, pid, "2022-08-01", 2500)
    add_disbursement(db, pid, "2022-09-01", 4000)
    [row] = monthly_disbursement(db, "2022-08")
    assert (row["this_month"], row["to_date"], row["remaining"], row["percent"]) == (2500, 3500, 6500, 35.0)
    assert months_with_spending(db) == ["2022-07", "2022-08", "2022-09"]


def test_seed_scale_dashboard(db):
    from moi_desktop.demo.projects import generate_scale

    assert generate_scale(db, random.Random(1)) == {"projects": 76, "activities": 343}
    data = dashboard_data(db)
    assert [c["count"] for c in data["projects_by_category"]] == [27, 24, 16, 5, 4]
    assert [c["percent"] for c in data["projects_by_category"]] == [35, 32, 21, 7, 5]
    assert sum(b["count"] for b in data["activity_progress"]) == 343
    assert data["budget"]["by"] == "category" and len(data["budget"]["rows"]) == 5
    counts = db.execute("SELECT COUNT(*) FROM activities GROUP BY project_id").fetchall()
    assert max(c[0] for c in counts) == 13 and min(c[0] for c in counts) == 1
    moi = {r["name_th"]: r["projects"] for r in by_agency(db)["moi"]}
    assert moi["กรมการปกครอง"] == 43 and moi["กรมการพัฒนาชุมชน"] == 38  # seed 004's table


def test_dashboard_area_charts_follow_tables(db):
    data = dashboard_data(db)
    assert data["members_by_sector"] is not None and data["cases_by_status"] is not None
    pid = _project(db)
    add_activity(db, pid, {"title": "ก", "progress": 100})
    data = dashboard_data(db)
    assert data["budget"]["by"] == "project" and data["budget"]["rows"][0]["label"] == "โครงการทดสอบ"
    assert {b["key"]: b["count"] for b in data["activity_progress"]}["completed"] == 1
    db.execute("DROP TABLE case_photos")
    db.execute("DROP TABLE case_actions")
    db.execute("DROP TABLE cases")
    assert dashboard_data(db)["cases_by_status"] is None


@pytest.mark.parametrize("text, code", [("1", 1), ("(๒)", 2), ("ด้านบริหารจัดการน้ำอย่างยั่งยืน", 3),
                                        ("ท่องเที่ยวชุมชน", 4), ("ขยะ", 5), ("12", None), ("อะไร", None)])
def test_match_category(text, code):
    assert match_category(text) == code
