"""Exchange benchmarks: export and import of a district with 10,000 members and 100,000 attendance
marks, against copying the same database with VACUUM INTO in the same run
(run: uv run pytest tests/benchmarks -p no:cacheprovider --benchmark-only).

The ratio (ours / VACUUM INTO) is recorded in benchmark.extra_info. VACUUM INTO copies pages with
no parsing, hashing, encryption or merge decisions; the bound catches a per-row query or a
quadratic merge, not noise.
"""

import random
import statistics
import time

import pytest

from moi_desktop.db import new_id, now_iso, open_database
from moi_desktop.db.rows import installation_id
from moi_desktop.exchange import export_bundle, import_bundle
from tests.exchange_support import PASSWORD, set_office

MEMBERS = 10_000
SESSIONS = 10
MAX_RATIO_EXPORT = 40
MAX_RATIO_IMPORT = 60
FIRST = ["สมชาย", "สมหญิง", "กาญจนา", "ประยุทธ์", "วิไลวรรณ", "ณัฐพล", "ศิริพร", "อนุชา"]
LAST = ["ใจดี", "กาญจนะจิตรา", "ศรีสุข", "วงศ์สวัสดิ์", "บุญมา", "แก้วมณี"]


def _fill(db) -> None:
    """10,000 members, one training of 10 sessions, 100,000 attendance marks — straight SQL."""
    rng = random.Random(8)
    now, origin = now_iso(), installation_id(db)
    stamp = (now, now, origin, None)
    members = [(new_id(), *stamp, rng.choice(["นาย", "นาง"]), rng.choice(FIRST), rng.choice(LAST),
                f"08{rng.randrange(10**8):08d}", "people", 1) for _ in range(MEMBERS)]
    training = new_id()
    sessions = [new_id() for _ in range(SESSIONS)]
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO members (id, created_at, updated_at, origin, deleted_at, title, first_name, last_name, "
            "phone, sector, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", members)
        db.execute(
            "INSERT INTO trainings (id, created_at, updated_at, origin, deleted_at, name, kind, start_date, end_date, "
            "threshold_pct, excused_counts, close_marks_absent) VALUES (?, ?, ?, ?, ?, 'หลักสูตรทดสอบ', 'dcast', "
            "'2022-08-29', '2022-09-02', 80.0, 0, 1)", [training, *stamp])
        db.conn.executemany(
            "INSERT INTO training_sessions (id, created_at, updated_at, origin, deleted_at, training_id, day, slot, "
            "starts_at) VALUES (?, ?, ?, ?, ?, ?, '2022-08-29', 'morning', '08:30')",
            [(s, *stamp, training) for s in sessions])
        db.conn.executemany(
            "INSERT INTO attendance (session_id, member_id, status, marked_at, marked_by, method, created_at, "
            "updated_at, origin, deleted_at) VALUES (?, ?, ?, ?, 'clerk', 'scan', ?, ?, ?, ?)",
            [(s, m[0], rng.choice(["present", "late", "absent"]), now, *stamp) for s in sessions for m in members])


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "district.sqlite3"
    db = open_database(path)
    set_office(db, "district", "6205")
    _fill(db)
    db.close()
    return path


def _best(fn, rounds=3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _vacuum_into(district, tmp_path) -> float:
    db = open_database(district)
    try:
        def copy():
            target = tmp_path / f"copy-{time.perf_counter_ns()}.sqlite3"
            db.execute("VACUUM INTO ?", [str(target)])
        return _best(copy)
    finally:
        db.close()


def _province(tmp_path, n):
    db = open_database(tmp_path / f"province-{n}.sqlite3")
    set_office(db, "province", "62")
    return db


def test_export_against_vacuum_into(benchmark, district, tmp_path):
    baseline = _vacuum_into(district, tmp_path)
    db = open_database(district)
    try:
        counter = iter(range(1000))
        result = benchmark.pedantic(
            lambda: export_bundle(db, tmp_path / f"b{next(counter)}.moib", PASSWORD, everything=True),
            rounds=3, iterations=1)
    finally:
        db.close()
    assert result.counts["members"] == MEMBERS and result.counts["attendance"] == MEMBERS * SESSIONS
    ours = benchmark.stats.stats.min
    benchmark.extra_info.update(vacuum_into_s=round(baseline, 3), export_s=round(ours, 3),
                                ratio=round(ours / baseline, 1), bundle_bytes=result.size)
    assert ours / baseline < MAX_RATIO_EXPORT


def test_import_against_vacuum_into(benchmark, district, tmp_path):
    baseline = _vacuum_into(district, tmp_path)
    db = open_database(district)
    path = export_bundle(db, tmp_path / "all.moib", PASSWORD, everything=True).path
    db.close()
    provinces = iter(_province(tmp_path, n) for n in range(1000))
    current = {}

    def setup():
        current["db"] = next(provinces)
        return (), {}

    report = benchmark.pedantic(lambda: import_bundle(current["db"], path, PASSWORD), setup=setup, rounds=3,
                                iterations=1)
    assert report.tables["attendance"]["new"] == MEMBERS * SESSIONS
    # Re-importing (all unchanged) is the common case at a province: measure it too.
    again = _best(lambda: import_bundle(current["db"], path, PASSWORD, dry_run=True), rounds=1)
    ours = benchmark.stats.stats.min
    benchmark.extra_info.update(vacuum_into_s=round(baseline, 3), import_s=round(ours, 3),
                                ratio=round(ours / baseline, 1), reimport_dry_run_s=round(again, 3),
                                median_s=round(statistics.median(benchmark.stats.stats.data), 3))
    assert ours / baseline < MAX_RATIO_IMPORT
