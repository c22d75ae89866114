"""Province mode across reports: two demo districts merged into a province office; every
per-district report adds up across districts, and filtered by one district gives that district's
own figures. At a district office the district option changes nothing."""

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from moi_desktop.cli import main
from tests.exchange_support import FAST_LOG2_N, PASSWORD, set_office

pytestmark = pytest.mark.slow  # builds two demo districts once for the module (~10 s)

D1, D2 = "6205", "6604"  # demo seeds 1 and 2: คลองขลุง (กำแพงเพชร), ตะพานหิน (พิจิตร)


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    """Two demo districts and a province office (กำแพงเพชร) that imported both districts' bundles."""
    from moi_desktop.db import open_database
    from moi_desktop.demo import build_demo
    from moi_desktop.exchange import crypto, export_bundle, import_bundle

    base = tmp_path_factory.mktemp("province")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MOI_DESKTOP_DATA_DIR", str(base / "data"))  # demo photos stay out of the real data dir
        mp.setattr(crypto, "DEFAULT_LOG2_N", FAST_LOG2_N)
        mp.setattr(crypto, "LOG2_N_RANGE", range(FAST_LOG2_N, 21))
        paths = {"d1": build_demo(base / "d1.sqlite3", 1), "d2": build_demo(base / "d2.sqlite3", 2),
                 "p": base / "p.sqlite3"}
        province = open_database(paths["p"])
        set_office(province, "province", "62")
        for name in ("d1", "d2"):
            district = open_database(paths[name])
            bundle = export_bundle(district, base / f"{name}.moib", PASSWORD, destination="province:62")
            district.close()
            import_bundle(province, bundle.path, PASSWORD)
        province.close()
    return paths


@pytest.fixture(scope="module")
def dbs(merged):
    from moi_desktop.db import open_database

    opened = {name: open_database(path) for name, path in merged.items()}
    yield opened
    for db in opened.values():
        db.close()


def build(db, key, **params):
    from moi_desktop.reports import get_report, resolve_params

    spec = get_report(key)
    return spec.build(db, resolve_params(db, spec, params))


def column(report, key) -> dict:
    """{first column's label: value of `key`} for a report's rows."""
    first = report.columns[0].key
    return {r[first]: r.get(key) for r in report.rows}


def add(*maps: dict) -> dict:
    out: dict = {}
    for m in maps:
        for k, v in m.items():
            if v is not None:
                out[k] = out.get(k, 0) + v
    return out


def nonzero(m: dict) -> dict:
    return {k: v for k, v in m.items() if v}


# -- counting reports: unfiltered = both districts, filtered = the district's own ---------------------
def test_members_sector_summary_by_district(dbs):
    p, d1, d2 = dbs["p"], dbs["d1"], dbs["d2"]
    own = {code: column(build(db, "members-sector-summary"), "count") for code, db in ((D1, d1), (D2, d2))}
    assert own[D1] and own[D2]
    every = build(p, "members-sector-summary")
    assert column(every, "count") == add(own[D1], own[D2])
    assert every.totals["count"] == sum(own[D1].values()) + sum(own[D2].values())
    for code in (D1, D2):
        assert column(build(p, "members-sector-summary", district=code), "count") == own[code]


def test_cases_reports_by_district(dbs):
    p, d1, d2 = dbs["p"], dbs["d1"], dbs["d2"]
    for key, value in (("cases-by-indicator", "count"), ("cases-by-status", "count"),
                       ("cases-by-subdistrict", "count"), ("cases-by-category", "count")):
        own = {code: nonzero(column(build(db, key), value)) for code, db in ((D1, d1), (D2, d2))}
        assert own[D1] and own[D2], key
        assert nonzero(column(build(p, key), value)) == add(own[D1], own[D2]), key
        for code in (D1, D2):
            assert nonzero(column(build(p, key, district=code), value)) == own[code], (key, code)
    listed = {code: len(build(p, "cases-list", district=code).rows) for code in (D1, D2)}
    assert listed == {D1: len(build(d1, "cases-list").rows), D2: len(build(d2, "cases-list").rows)}
    assert len(build(p, "cases-list").rows) == listed[D1] + listed[D2]


def test_projects_reports_by_district(dbs):
    p, d1, d2 = dbs["p"], dbs["d1"], dbs["d2"]
    for field in ("projects", "activities", "budget", "persons"):
        own = {code: column(build(db, "projects-by-category"), field) for code, db in ((D1, d1), (D2, d2))}
        assert column(build(p, "projects-by-category"), field) == add(own[D1], own[D2]), field
        for code in (D1, D2):
            assert column(build(p, "projects-by-category", district=code), field) == own[code], (field, code)
    for code, db in ((D1, d1), (D2, d2)):
        assert build(p, "projects-by-agency", district=code).rows == build(db, "projects-by-agency").rows
        month = db.execute("SELECT max(substr(paid_on, 1, 7)) FROM disbursements "
                           "WHERE deleted_at IS NULL").fetchone()[0]
        mine = build(db, "disbursement-monthly", month=month)
        theirs = build(p, "disbursement-monthly", month=month, district=code)
        assert theirs.rows == mine.rows and theirs.totals == mine.totals and mine.rows


def test_attendance_reports_by_district(dbs):
    p, d1 = dbs["p"], dbs["d1"]
    training = d1.execute("SELECT id FROM trainings WHERE deleted_at IS NULL ORDER BY start_date LIMIT 1").fetchone()[0]
    for key in ("attendance-summary", "attendance-eligibility", "attendance-matrix", "certificate-register"):
        mine = build(d1, key, training=training)
        assert mine.rows, key
        assert build(p, key, training=training, district=D1).rows == mine.rows, key
        assert build(p, key, training=training).rows == mine.rows, key  # nobody else attended it
        other = build(p, key, training=training, district=D2)  # another district's people: none
        assert all(set(r) == {"name"} for r in other.rows), key  # section headings only


# -- subtitles and the district office ---------------------------------------------------------------
def test_subtitle_names_the_district_at_a_province_office(dbs):
    p = dbs["p"]
    assert "อำเภอคลองขลุง" in build(p, "members-sector-summary", district=D1).subtitle
    assert "ทุกอำเภอ" in build(p, "members-sector-summary").subtitle
    assert "อำเภอตะพานหิน" in build(p, "projects-by-category", district=D2).subtitle
    assert any("อำเภอคลองขลุง" in line for line in build(p, "cases-by-status", district=D1).subtitle)
    assert any("ทุกอำเภอ" in line for line in build(p, "cases-by-indicator").subtitle)


def test_district_office_reports_ignore_the_district_option(dbs):
    from moi_desktop.reports import district_param

    d1 = dbs["d1"]
    assert district_param().choices(d1) == [("", "ทุกอำเภอ")]
    for key in ("members-sector-summary", "cases-by-indicator", "projects-by-category"):
        plain = build(d1, key)
        other = build(d1, key, district=D2)  # not applicable here: ignored, never an empty report
        assert other.rows == plain.rows and other.subtitle == plain.subtitle, key
        assert not any("ทุกอำเภอ" in line for line in plain.subtitle), key


def test_unknown_district_is_refused_in_thai(dbs):
    from moi_desktop.errors import UserError

    with pytest.raises(UserError) as caught:
        build(dbs["p"], "members-sector-summary", district="9999")
    assert "ไม่อยู่ในรายการ" in caught.value.message and caught.value.field == "district"


def test_scoped_table_is_restored_after_an_error(dbs):
    from moi_desktop.reports import only_district

    p = dbs["p"]
    total = p.execute("SELECT count(*) FROM projects").fetchone()[0]
    with pytest.raises(RuntimeError), only_district(p, "projects", {"district": D1}):
        assert 0 < p.execute("SELECT count(*) FROM projects").fetchone()[0] < total
        raise RuntimeError("boom")
    assert p.execute("SELECT count(*) FROM projects").fetchone()[0] == total
    assert p.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0


# -- command line ------------------------------------------------------------------------------------
def _cells(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def test_cli_report_with_district(merged, tmp_path, capsys):
    province = shutil.copy(merged["p"], tmp_path / "p.sqlite3")
    out = tmp_path / "d1.xlsx"
    code = main(["report", "members-sector-summary", "--db", str(province), "--param", f"district={D1}",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "อำเภอคลองขลุง" in _cells(out) and "อำเภอตะพานหิน" not in _cells(out)
    code = main(["report", "cases-by-indicator", "--db", str(province), "--out", str(tmp_path / "all.xlsx")])
    assert code == 0 and "ทุกอำเภอ" in _cells(tmp_path / "all.xlsx")
    capsys.readouterr()
    code = main(["report", "cases-by-indicator", "--db", str(province), "--param", "district=0000",
                 "--out", str(tmp_path / "bad.xlsx")])
    err = capsys.readouterr().err
    assert code == 2 and "อำเภอ '0000' ไม่อยู่ในรายการที่เลือกได้" in err
    assert not (tmp_path / "bad.xlsx").exists()
