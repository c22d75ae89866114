"""Crash safety: kill a writer with SIGKILL at ≥ 20 random moments per scenario; after each kill
the database passes integrity_check, its audit chain verifies, and it holds exactly the
transactions that were committed (every printed COMMIT present, nothing half-written).

SIGKILL ends the process but not the OS, so this proves SQLite's atomic commit as we use it (WAL,
one transaction per logical change); surviving a real power cut additionally relies on
synchronous=FULL, which test_db_store checks is set.
"""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HARNESS = Path(__file__).with_name("kill_harness.py")
KILL_POINTS = 20
READY_TIMEOUT = 30.0

sys.path.insert(0, str(HARNESS.parent))
from kill_harness import SCENARIOS  # noqa: E402


def _parse(lines: list[str]) -> tuple[list[str], list[str]]:
    begun, committed = [], []
    for line in lines:
        parts = line.split(" ")
        assert parts[0] != "ERROR", f"harness failed: {line}"
        if len(parts) != 2:
            continue  # a line cut off by the kill
        if parts[0] == "BEGIN":
            begun.append(parts[1])
        elif parts[0] == "COMMIT":
            committed.append(parts[1])
    return begun, committed


class ForkServer:
    """Talks to `kill_harness.py serve`: one import of the program, a fork per kill point."""

    def __init__(self, scenario: str):
        self.proc = subprocess.Popen(
            [sys.executable, str(HARNESS), "serve", scenario],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )
        line = self.proc.stdout.readline()
        assert line.startswith("SERVING"), f"fork server failed: {line!r} {self.proc.stderr.read()}"

    def run(self, db_path: Path, run_id: str, delay: float, out_file: Path) -> tuple[list[str], list[str]]:
        self.proc.stdin.write(f"run {db_path} {run_id} {out_file}\n")
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline().split()[1])
        deadline = time.monotonic() + READY_TIMEOUT
        while not (out_file.exists() and out_file.read_text(encoding="utf-8").startswith("READY")):
            text = out_file.read_text(encoding="utf-8") if out_file.exists() else ""
            assert "ERROR" not in text, text
            assert time.monotonic() < deadline, "child never became ready"
            time.sleep(0.005)
        time.sleep(delay)
        try:
            os.kill(pid, signal.SIGKILL)  # no cleanup, no atexit, no rollback by Python
        except ProcessLookupError:
            pass  # it died by itself: the status below says how
        status = int(self.proc.stdout.readline().split()[1])
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
            f"child ended by itself: {out_file.read_text(encoding='utf-8')[-500:]}"
        )
        return _parse(out_file.read_text(encoding="utf-8").splitlines()[1:])

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _spawn_run(db_path: Path, scenario: str, run_id: str, delay: float) -> tuple[list[str], list[str]]:
    """Where fork is missing (Windows): a fresh interpreter per kill point, lines on its stdout."""
    child = subprocess.Popen(
        [sys.executable, str(HARNESS), scenario, str(db_path), run_id],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    try:
        first = child.stdout.readline()
        assert first.startswith("READY"), f"harness failed to start: {first!r} {child.stderr.read()}"
        time.sleep(delay)
        child.kill()
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode != 0, f"harness ended by itself: {err}"
    return _parse(out.splitlines())


def _check_after_kill(db_path: Path, scenario, begun, committed) -> None:
    from moi_desktop.db import open_database
    from moi_desktop.security.integrity import verify

    db = open_database(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        report = verify(db)  # the chain, and every row's seal committed with the row itself
        assert report.ok, report.problems
        scenario.check(db, begun, committed)
    finally:
        db.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_kill_at_random_points_loses_nothing_committed(name, tmp_path):
    scenario = SCENARIOS[name]
    db_path = tmp_path / "kill.sqlite3"
    scenario.prepare(db_path)
    rng = random.Random()
    server = ForkServer(name) if hasattr(os, "fork") else None
    total_committed = in_flight_kills = 0
    try:
        for point in range(KILL_POINTS):
            delay = rng.uniform(0.05, 0.5)
            run_id = f"r{point}"
            if server:
                begun, committed = server.run(db_path, run_id, delay, tmp_path / f"{run_id}.out")
            else:
                begun, committed = _spawn_run(db_path, name, run_id, delay)
            _check_after_kill(db_path, scenario, begun, committed)
            total_committed += len(committed)
            in_flight_kills += bool(begun) and begun[-1] not in committed
    finally:
        if server:
            server.close()
    print(f"{name}: {total_committed} transactions committed, {in_flight_kills}/{KILL_POINTS} kills mid-transaction")
    assert total_committed > 0, "the child never committed anything: the test proved nothing"
    # Kills are random; most land inside a transaction (the writers spend most time there).
    assert in_flight_kills >= KILL_POINTS // 4, "too few kills hit a transaction in flight"
