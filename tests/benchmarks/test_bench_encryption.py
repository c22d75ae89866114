"""What encryption at rest and the row seals cost (run: uv run pytest
tests/benchmarks/test_bench_encryption.py --benchmark-only -p no:cacheprovider -s).

Each figure is a ratio measured in this run against a baseline in this run:
- encrypted vs unencrypted: one attendance mark (WAL, synchronous=FULL), a member-search
  keystroke over 20,000 members, a 5,000-row member import. The unencrypted baseline is the same
  program with SQLCipher's key pragma left out (`plain()` below), so only the cipher differs.
- sealed vs unsealed: one mark (without fsync, to see the code's own cost), and a 15,000-row
  bulk insert, with and without the row-seal listener (security/integrity.py).
- `audit verify` over 100,000 entries (and their 100,000 sealed rows) vs the chain check alone.
"""

import contextlib
import statistics
import time

import pytest

from moi_desktop.db import cipher, open_database
from moi_desktop.db.changes import unlisten
from moi_desktop.db.rows import create_sync_table
from moi_desktop.imports import plan_import, run_import
from moi_desktop.imports.bulk import insert_rows
from moi_desktop.members import MemberQuery, count_members, search_members
from moi_desktop.members.importer import SPEC
from moi_desktop.members.search import DENSE
from moi_desktop.security import integrity, verify_chain
from moi_desktop.trainings import mark
from tests.attendance_support import bkk
from tests.benchmarks.test_bench_attendance import _course, _members
from tests.data.members.make_workbooks import write_large_workbook

MARKS = 150
SEARCH_MEMBERS = 20_000
IMPORT_ROWS = 5_000
VERIFY_ENTRIES = 100_000


@contextlib.contextmanager
def plain():
    """Open and create databases unencrypted: the key pragma is left out, nothing else changes."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cipher, "_key_pragma", lambda key: "SELECT 1")
        mp.setattr(cipher, "is_plain", lambda path: False)  # not "converted" on open either
        yield


def _fresh(path, encrypted: bool):
    with contextlib.nullcontext() if encrypted else plain():
        return open_database(path)


def _mark_desk(db, marks: int) -> tuple:
    """A one-session course with `marks` enrolled members: (db, session id, members)."""
    people = _members(db, marks, seed=3)
    _, sessions = _course(db, people, days=1)
    return db, sessions[0]["id"], people, bkk(sessions[0]["day"], "08:40")


def _alternating_marks_ms(desks: dict) -> dict:
    """Median ms of one mark on each desk, the desks taking turns mark by mark (so the disk's
    and the machine's moods fall on all of them alike)."""
    times: dict = {name: [] for name in desks}
    for i in range(len(next(iter(desks.values()))[2])):
        for name, (db, session_id, people, now) in desks.items():
            start = time.perf_counter()
            mark(db, session_id, people[i], now=now)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t[10:]) * 1000 for name, t in times.items()}


def _report(name: str, encrypted: float, baseline: float, unit: str) -> float:
    ratio = encrypted / baseline
    print(f"\n{name}: {encrypted:.3f} {unit} vs {baseline:.3f} {unit} — ratio {ratio:.2f}x")
    return ratio


def test_encryption_cost_of_a_mark(benchmark, tmp_path):
    desks = {}
    for encrypted in (False, True):
        with contextlib.nullcontext() if encrypted else plain():
            desks[encrypted] = _mark_desk(open_database(tmp_path / f"mark-{encrypted}.sqlite3"), MARKS)
    medians = _alternating_marks_ms(desks)  # synchronous=FULL: as a real roll call
    for db, *_ in desks.values():
        db.close()
    enc, base = medians[True], medians[False]
    ratio = _report("one mark, synchronous=FULL (encrypted vs plain)", enc, base, "ms")
    benchmark.extra_info.update(mark_encrypted_ms=round(enc, 3), mark_plain_ms=round(base, 3), ratio=round(ratio, 2))
    benchmark.pedantic(lambda: None, rounds=1)
    assert ratio < 2.0


def test_encryption_cost_of_member_search(benchmark, tmp_path):
    dbs = {}
    for encrypted in (False, True):
        with contextlib.nullcontext() if encrypted else plain():
            dbs[encrypted] = open_database(tmp_path / f"search-{encrypted}.sqlite3")
            _members(dbs[encrypted], SEARCH_MEMBERS, seed=11)
    runs: dict[bool, dict[str, list[float]]] = {False: {}, True: {}}
    texts = ("สม", "สมชาย", "ศรีสุข", "สมชาย ศรี", "0812")
    for _ in range(15):  # interleaved keystrokes: both databases see the same machine
        for encrypted, db in dbs.items():
            for text in texts:
                query = MemberQuery(text=text)
                start = time.perf_counter()
                n = count_members(db, query, cap=DENSE)
                search_members(db, query, limit=200, dense=n >= DENSE)
                runs[encrypted].setdefault(text, []).append(time.perf_counter() - start)
    timings = {e: sum(statistics.median(r) for r in runs[e].values()) * 1000 for e in runs}
    for db in dbs.values():
        db.close()
    ratio = _report("search keystrokes, 5 texts (encrypted vs plain)", timings[True], timings[False], "ms")
    benchmark.extra_info.update(search_encrypted_ms=round(timings[True], 2), search_plain_ms=round(timings[False], 2),
                                ratio=round(ratio, 2))
    benchmark.pedantic(lambda: None, rounds=1)
    assert ratio < 2.0


def test_encryption_cost_of_member_import(benchmark, tmp_path):
    workbook = tmp_path / "registrants.xlsx"
    write_large_workbook(workbook, IMPORT_ROWS)
    plan = plan_import(SPEC, workbook)
    timings: dict[bool, list[float]] = {}
    for round_no, encrypted in enumerate((False, True, False, True)):
        with contextlib.nullcontext() if encrypted else plain():
            db = open_database(tmp_path / f"import-{round_no}.sqlite3")
            start = time.perf_counter()
            report = run_import(db, SPEC, plan, dry_run=False)
            timings.setdefault(encrypted, []).append(time.perf_counter() - start)
            db.close()
        assert report.imported > IMPORT_ROWS * 0.95
    enc, base = min(timings[True]), min(timings[False])
    ratio = _report(f"import {IMPORT_ROWS:,} members (encrypted vs plain)", enc, base, "s")
    benchmark.extra_info.update(import_encrypted_s=round(enc, 2), import_plain_s=round(base, 2), ratio=round(ratio, 2))
    benchmark.pedantic(lambda: None, rounds=1)
    assert ratio < 2.0


def test_seal_cost_of_a_mark_and_a_bulk_insert(benchmark, tmp_path):
    desks = {}
    for sealed in (True, False):
        db = open_database(tmp_path / f"seal-{sealed}.sqlite3")
        if not sealed:
            unlisten(db, integrity._on_change)
        db.execute("PRAGMA synchronous=OFF")  # the code's own cost, not the disk's
        desks[sealed] = _mark_desk(db, MARKS * 2)
    marks = _alternating_marks_ms(desks)
    bulks: dict[bool, list[float]] = {True: [], False: []}
    for round_no in range(2):
        for sealed, (db, *_) in desks.items():
            create_sync_table(db, f"bench{round_no}", {"name": str, "phone": str})
            rows = [{"name": f"สมชาย ใจดี {i}", "phone": "0812345678"} for i in range(15_000)]
            start = time.perf_counter()
            with db.atomic():
                insert_rows(db, f"bench{round_no}", rows)
            bulks[sealed].append(time.perf_counter() - start)
    for db, *_ in desks.values():
        db.close()
    mark_ratio = _report("one mark, no fsync (sealed vs unsealed)", marks[True], marks[False], "ms")
    bulk_ratio = _report("15,000-row bulk insert, audited (sealed vs unsealed)", min(bulks[True]), min(bulks[False]),
                         "s")
    benchmark.extra_info.update(mark_ratio=round(mark_ratio, 2), bulk_ratio=round(bulk_ratio, 2))
    benchmark.pedantic(lambda: None, rounds=1)
    assert mark_ratio < 2.0 and bulk_ratio < 2.5  # regression guards; the report has the figures


def test_audit_verify_100k_entries(benchmark, tmp_path):
    db = open_database(tmp_path / "trail.sqlite3")
    db.execute("PRAGMA synchronous=OFF")
    create_sync_table(db, "bench", {"name": str, "phone": str})
    with db.atomic():
        insert_rows(db, "bench", [{"name": f"สมชาย ใจดี {i}", "phone": "0812345678"} for i in range(VERIFY_ENTRIES)])
    start = time.perf_counter()
    chain = verify_chain(db)
    chain_s = time.perf_counter() - start
    report = benchmark.pedantic(integrity.verify, args=(db,), rounds=3)
    assert chain.ok and report.ok and report.chain.checked >= VERIFY_ENTRIES
    full_s = benchmark.stats.stats.median
    ratio = _report(f"audit verify, {report.chain.checked:,} entries + {report.rows_checked:,} sealed rows "
                    "(full vs chain only)", full_s, chain_s, "s")
    benchmark.extra_info.update(chain_s=round(chain_s, 2), full_s=round(full_s, 2), ratio=round(ratio, 2))
    db.close()
    assert ratio < 3.0
