"""Province mode: rows mapped to districts through their origin; each district's last bundle."""

import pytest

from moi_desktop.db.rows import insert_row
from moi_desktop.exchange import (
    district_choices,
    district_filter_sql,
    district_label,
    export_bundle,
    import_bundle,
    import_bundles,
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


@pytest.mark.slow
def test_province_merge_of_12_districts_is_exact_and_idempotent(make_office_db, fast_kdf, tmp_path):
    """Issue 18's acceptance at small size (the benchmark runs it at 12 × 25,000 rows): every row of
    12 districts arrives once, the search index holds every member, and importing every bundle
    again writes nothing at all — not a byte of the file."""
    from tests.benchmarks.test_bench_exchange import _fill
    from tests.exchange_support import file_state

    province = make_office_db("p48", "province", "48")
    codes = [r[0] for r in province.execute(
        "SELECT district_code FROM districts WHERE province_code = '48' ORDER BY district_code")]
    assert len(codes) == 12
    bundles = []
    for n, code in enumerate(codes):
        district = make_office_db(f"d{code}", "district", code)
        _fill(district, 30, 3, seed=n)
        bundles.append(export_bundle(district, tmp_path / f"{code}.moib", PASSWORD, everything=True).path)
    reports = list(import_bundles(province, bundles, PASSWORD))  # the next key derived while one merges
    assert [r.tables["members"]["new"] for r in reports] == [30] * 12
    assert [r.sender["district_code"] for r in reports] == codes  # in the order given
    assert [r.tables["attendance"]["new"] for r in reports] == [90] * 12
    counts = [province.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed names
              for t in ("members", "attendance", "trainings", "training_sessions", "members_fts", "members_fts_map")]
    assert counts == [360, 1080, 12, 36, 360, 360]
    assert {c for c, _ in district_choices(province)[1:]} == set(codes)
    assert all(_count(province, code) == 30 for code in codes)
    province.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = file_state(province.path)
    again = [import_bundle(province, path, PASSWORD) for path in bundles]
    assert all(r.already_imported and not r.changed for r in again)
    assert file_state(province.path) == before


def test_a_big_bundle_is_merged_in_bulk_with_the_same_schema_and_search(make_office_db, fast_kdf, tmp_path):
    """Enough rows for the bulk path (members indexed for search in one statement, attendance's
    indexes rebuilt once): the schema ends as it was, every member is searchable, seals verify."""
    from moi_desktop.exchange.merge import FTS_BULK_MIN_ROWS
    from moi_desktop.members import MemberQuery, count_members
    from moi_desktop.members.search import REBUILD_MIN_ROWS
    from moi_desktop.security import integrity
    from tests.benchmarks.test_bench_exchange import _fill

    province = make_office_db("p", "province", "62")
    schema = province.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    district = make_office_db("a", "district", "6205")
    _fill(district, 250, 10)
    assert 250 >= FTS_BULK_MIN_ROWS and 2500 >= REBUILD_MIN_ROWS
    report = import_bundle(province, export_bundle(district, tmp_path / "a.moib", PASSWORD, everything=True).path,
                           PASSWORD)
    assert report.tables["members"]["new"] == 250 and report.tables["attendance"]["new"] == 2500
    assert province.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == schema
    assert province.execute("SELECT count(*) FROM members_fts").fetchone()[0] == 250
    assert count_members(province, MemberQuery(text="สมชาย")) == count_members(district, MemberQuery(text="สมชาย")) > 0
    assert integrity.verify(province).ok


def test_several_bundles_stop_at_the_first_refused_one(make_office_db, fast_kdf, tmp_path):
    from moi_desktop.errors import UserError
    from moi_desktop.exchange.crypto import WRONG_PASSWORD

    province = make_office_db("p", "province", "62")
    paths = []
    for name, code in (("a", "6205"), ("b", "6201"), ("c", "6202")):
        district = make_office_db(name, "district", code)
        _member(district, name)
        password = "another-password" if name == "b" else PASSWORD
        paths.append(export_bundle(district, tmp_path / f"{name}.moib", password).path)
    done = []
    with pytest.raises(UserError) as refused:
        done.extend(import_bundles(province, paths, PASSWORD))
    assert refused.value.message == WRONG_PASSWORD
    assert [r.sender["district_code"] for r in done] == ["6205"]  # merged, and kept
    assert (_count(province, "6205"), _count(province, "6201"), _count(province, "6202")) == (1, 0, 0)
