"""The demo database: deterministic per seed, a filled pilot-district office, area extension."""

import re
import textwrap

import pytest

import moi_desktop.demo as demo
from moi_desktop.db import connect, open_database
from moi_desktop.errors import UserError
from moi_desktop.office import get_office
from moi_desktop.security.integrity import verify
from tests.fast_db import raw

# Values that legitimately differ between two builds: generated ids, clock times, hashes over them.
_VOLATILE = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<id>"),
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"), "<time>"),
    (re.compile(r"\b[0-9a-f]{32,}\b"), "<hash>"),
]


def _normalise(value):
    if isinstance(value, str):
        for pattern, placeholder in _VOLATILE:
            value = pattern.sub(placeholder, value)
    return value


def content(path) -> dict[str, list[tuple]]:
    """Every table's rows with volatile values masked, order-independent (row_seals left out:
    MACs over rows that hold the volatile ids and times)."""
    conn = raw(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM pragma_table_list WHERE schema='main' AND type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {}
        for table in (t for t in tables if t != "row_seals"):
            rows = [tuple(_normalise(v) for v in row) for row in conn.execute(f"SELECT * FROM [{table}]")]
            result[table] = sorted(rows, key=repr)
        return result
    finally:
        conn.close()


@pytest.fixture(scope="module")
def seed1(tmp_path_factory):
    return demo.build_demo(tmp_path_factory.mktemp("demo") / "a.sqlite3", seed=1)


@pytest.mark.slow
def test_builds_a_configured_pilot_district(seed1):
    db = open_database(seed1)
    try:
        office = get_office(db)
        assert office.district_code == "6205"  # seed 1: คลองขลุง, กำแพงเพชร
        assert office.org_name == "ที่ทำการปกครองอำเภอคลองขลุง จังหวัดกำแพงเพชร"
        assert office.ref_prefix == "กพ ๐๓๑๘"
        assert office.chief_position == "นายอำเภอคลองขลุง"
        assert re.fullmatch(r"(นาย|นาง|นางสาว)\S+ \S+", office.chief_name)
        assert re.fullmatch(r"0 55\d\d \d{4}", office.phone)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        assert meta[demo.DEMO_META_KEY] == "1"
        report = verify(db)  # every write the demo makes (marks, merges, imports …) is sealed
        assert report.ok, report.problems
        assert report.rows_checked > 1000
    finally:
        db.close()
    # Built beside the target and swapped in: no side files left behind.
    assert sorted(p.name for p in seed1.parent.iterdir()) == ["a.sqlite3"]


def test_pilot_district_codes_exist_and_seeds_rotate(db):
    codes = [code for code, _ in demo.PILOT_DISTRICTS]
    marks = ",".join("?" * len(codes))
    found = {r[0] for r in db.execute(f"SELECT district_code FROM districts WHERE district_code IN ({marks})", codes)}
    assert found == set(codes)
    assert [demo.pilot_district_code(s) for s in range(1, len(codes) + 1)] == codes
    assert demo.pilot_district_code(len(codes) + 1) == codes[0]


@pytest.mark.slow
def test_same_seed_same_content(seed1, tmp_path):
    again = demo.build_demo(tmp_path / "b.sqlite3", seed=1)
    assert content(again) == content(seed1)


@pytest.mark.slow
def test_other_seed_other_district(seed1, tmp_path):
    other = demo.build_demo(tmp_path / "c.sqlite3", seed=2)
    db = open_database(other)
    try:
        assert get_office(db).district_code == "6604"
    finally:
        db.close()
    assert content(other)["office"] != content(seed1)["office"]


def test_refuses_to_overwrite_a_real_database(tmp_path):
    path = tmp_path / "real.sqlite3"
    open_database(path).close()
    before = path.read_bytes()
    with pytest.raises(UserError) as err:
        demo.build_demo(path)
    assert "ไม่ใช่ฐานข้อมูลตัวอย่าง" in err.value.message
    assert path.read_bytes() == before


@pytest.mark.slow
def test_replaces_an_existing_demo_database(tmp_path):
    path = demo.build_demo(tmp_path / "d.sqlite3", seed=1)
    demo.build_demo(path, seed=3)
    db = connect(path)
    try:
        assert db.execute("SELECT district_code FROM office").fetchall() == [("4616",)]
    finally:
        db.close()


@pytest.fixture
def area_dir(tmp_path, monkeypatch):
    """An extra folder on the demo package's path, for area modules written by a test."""
    folder = tmp_path / "areas"
    folder.mkdir()
    monkeypatch.setattr(demo, "__path__", [*demo.__path__, str(folder)])
    yield folder
    import sys

    for name in [n for n in sys.modules if n.startswith("moi_desktop.demo.zz")]:
        del sys.modules[name]


def _write_area(folder, name, body):
    (folder / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")


@pytest.mark.slow
def test_area_modules_run_in_name_order_with_their_own_rng(area_dir, tmp_path):
    probe = """
        def populate(db, rng, office):
            db["meta"].insert({"key": "probe_%s", "value": f"{rng.random()}|{office.district_code}"})
    """
    _write_area(area_dir, "zz_b", probe % "b")
    _write_area(area_dir, "zz_a", probe % "a")
    _write_area(area_dir, "_zz_private", "raise AssertionError('helpers must not be imported')")
    assert demo.area_modules()[-2:] == ["zz_a", "zz_b"]
    assert "names" not in demo.area_modules() and "_zz_private" not in demo.area_modules()

    path = demo.build_demo(tmp_path / "e.sqlite3", seed=5)
    db = connect(path)
    try:
        meta = dict(db.execute("SELECT key, value FROM meta WHERE key LIKE 'probe_%'").fetchall())
    finally:
        db.close()
    import random

    district = demo.pilot_district_code(5)
    assert meta == {
        "probe_a": f"{random.Random('5:zz_a').random()}|{district}",
        "probe_b": f"{random.Random('5:zz_b').random()}|{district}",
    }


@pytest.mark.slow
def test_failing_area_leaves_nothing_behind(area_dir, tmp_path):
    _write_area(
        area_dir,
        "zz_broken",
        """
        def populate(db, rng, office):
            raise RuntimeError("area bug")
        """,
    )
    with pytest.raises(RuntimeError, match="area bug"):
        demo.build_demo(tmp_path / "f.sqlite3")
    assert list(tmp_path.glob("f.sqlite3*")) == []


@pytest.mark.slow
def test_a_training_has_open_roll_calls_today_so_the_desk_needs_no_backdating(seed1):
    """Issue 17: the course under way moves with the calendar (yesterday to tomorrow)."""
    from moi_desktop.trainings import mark_member

    db = open_database(seed1)
    try:
        today = demo.demo_today().isoformat()
        todays = db.execute(
            "SELECT s.id, s.training_id FROM training_sessions s WHERE s.day = ? AND s.closed_at IS NULL "
            "AND s.deleted_at IS NULL ORDER BY s.starts_at", [today]).fetchall()
        assert len(todays) == 3
        yesterday = db.execute("SELECT count(*), count(closed_at) FROM training_sessions WHERE training_id = ? "
                               "AND day < ?", [todays[0][1], today]).fetchone()
        assert yesterday[0] == yesterday[1] == 3  # yesterday's roll calls marked and closed
        member = db.execute("SELECT member_id FROM enrolments WHERE training_id = ?", [todays[0][1]]).fetchone()[0]
        db.conn.execute("BEGIN")  # rolled back: the module's demo stays as built
        try:
            result = mark_member(db, todays[0][0], member)  # the real clock, no backdated=True
        finally:
            db.conn.rollback()
        assert result.status in ("present", "late") and not result.backdated
    finally:
        db.close()
