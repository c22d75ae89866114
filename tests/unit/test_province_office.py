"""The province office's default profile, and the district report option at each kind of office."""

import pytest

from moi_desktop.db.rows import insert_row
from moi_desktop.errors import UserError
from moi_desktop.office import Office, default_office_for_province, save_office


def test_default_office_for_province(db):
    office = default_office_for_province(db, "50")
    assert (office.level, office.province_code, office.district_code) == ("province", "50", None)
    assert office.org_name == "ที่ทำการปกครองจังหวัดเชียงใหม่"
    assert office.chief_position == "ผู้ว่าราชการจังหวัดเชียงใหม่"
    office.ref_prefix = "ชม ๐๐๑๗"
    assert save_office(db, office).id  # a valid profile as it stands


def test_unknown_province_is_refused(db):
    with pytest.raises(UserError) as caught:
        default_office_for_province(db, "99")
    assert caught.value.message == "ไม่พบรหัสจังหวัด 99" and caught.value.field == "province"


def _report_param(db, value):
    from moi_desktop.reports import get_report, resolve_params

    return resolve_params(db, get_report("members-sector-summary"), {"district": value})["district"]


def test_district_option_applies_only_at_a_province_office(db):
    from moi_desktop.exchange import is_province_office
    from moi_desktop.reports import district_param

    assert not is_province_office(db)  # no office yet
    save_office(db, Office(level="district", province_code="62", district_code="6205",
                           org_name="ที่ทำการปกครองอำเภอคลองขลุง", ref_prefix="มท ๐๓๑๘"))
    assert district_param().choices(db) == [("", "ทุกอำเภอ")]
    assert _report_param(db, "6205") is None and _report_param(db, "no-such") is None  # ignored here

    save_office(db, Office(level="province", province_code="62", district_code=None,
                           org_name="ที่ทำการปกครองจังหวัดกำแพงเพชร", ref_prefix="มท ๐๐๑๗"))
    assert is_province_office(db)
    assert _report_param(db, "") is None
    with pytest.raises(UserError) as caught:
        _report_param(db, "6205")  # no bundle from คลองขลุง yet: not a choice
    assert caught.value.field == "district"


def test_only_district_without_a_district_changes_nothing(db):
    from moi_desktop.reports import district_row_ids, district_subtitle, only_district

    insert_row(db, "members", {"first_name": "สมชาย", "sector": "people", "active": 1})
    with only_district(db, "members", {"district": None}):
        assert db.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
    assert district_row_ids(db, "members", {}) is None
    assert district_subtitle(db, {}) == []  # no office: not province mode
