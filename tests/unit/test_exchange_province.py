"""Province mode: rows mapped to districts through their origin; each district's last bundle."""

from moi_desktop.db.rows import insert_row
from moi_desktop.exchange import (
    district_choices,
    district_filter_sql,
    district_label,
    export_bundle,
    import_bundle,
    province_status,
    sent_bundles,
)
from tests.exchange_support import PASSWORD


def _member(db, name):
    return insert_row(db, "members", {"first_name": name, "sector": "people", "active": 1})


def _count(db, district):
    where, params = district_filter_sql(db, district, alias="m")
    return db.execute(f"SELECT count(*) FROM members m WHERE m.deleted_at IS NULL AND {where}", params).fetchone()[0]


def test_filter_status_and_choices(make_office_db, fast_kdf, tmp_path):
    a = make_office_db("a", "district", "6205")
    b = make_office_db("b", "district", "6201")
    province = make_office_db("p", "province", "62")
    for i in range(3):
        _member(a, f"ก{i}")
    _member(b, "ข")
    _member(province, "จังหวัด")  # the province's own row belongs to no district
    assert _count(a, "6205") == 3 and _count(a, "6201") == 0  # a district's own rows map to itself

    first = export_bundle(a, tmp_path / "a.moib", PASSWORD)
    import_bundle(province, first.path, PASSWORD)
    import_bundle(province, export_bundle(b, tmp_path / "b.moib", PASSWORD).path, PASSWORD)
    assert (_count(province, "6205"), _count(province, "6201"), _count(province, None)) == (3, 1, 5)
    assert district_filter_sql(province, "") == ("1 = 1", [])

    assert district_choices(province)[0] == ("", "ทุกอำเภอ")
    assert {c for c, _ in district_choices(province)[1:]} == {"6205", "6201"}
    assert district_label(province, "6205") == "อำเภอคลองขลุง" and district_label(province, None) == "ทุกอำเภอ"

    status = {s.district_code: s for s in province_status(province)}
    assert len(status) == province.execute("SELECT count(*) FROM districts WHERE province_code = '62'").fetchone()[0]
    assert status["6205"].received and status["6205"].last_bundle_id == first.bundle_id
    assert status["6205"].last_counts["members"]["new"] == 3
    assert not status["6203"].received and status["6203"].last_created_at is None

    assert [s.bundle_id for s in sent_bundles(a)] == [first.bundle_id]
    assert sent_bundles(a)[0].confirmed_at is None
