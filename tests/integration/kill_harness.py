"""Child process for the crash-safety tests: a burst of committed writes, killed at random.

Run as `python kill_harness.py SCENARIO DB_PATH RUN_ID`. After setting up it prints `READY`, then
for each transaction `BEGIN <tag>` before starting it and `COMMIT <tag>` right after it
committed, flushing every line.

`python kill_harness.py serve SCENARIO` is a fork server (POSIX): it imports the program once,
then for each `run DB_PATH RUN_ID OUT_FILE` line on stdin forks a child that does the same as
above but writes its lines straight to OUT_FILE (unbuffered write(2), so every line written
before the kill is kept), answers `PID <pid>`, and `EXIT <status>` once the child has died. A
fresh interpreter per kill point would spend most of the test importing. The parent kills it
(SIGKILL) at a random moment, reopens the database and calls the scenario's
`check(db, begun, committed)`: every committed tag must be there completely, anything else
absent or — only the one in flight — present completely.

Add a scenario (attendance marks, bundle imports …) by writing a class with `preload()` (imports,
in the fork server), `prepare(db_path)` (in the test, once per database), `run(db_path, run_id,
emit)` (in the child, loops until killed) and `check(db, begun, committed)`, and registering it
in SCENARIOS.
"""

import sys
from pathlib import Path


def _emit(kind: str, tag: str) -> None:
    sys.stdout.write(f"{kind} {tag}\n")
    sys.stdout.flush()


def _assert_exact(present: dict[str, int], expected_size: int, begun: list[str], committed: list[str]) -> None:
    """present: tag -> rows found for it. Committed tags complete; at most the in-flight one extra."""
    for tag, count in present.items():
        assert count == expected_size, f"transaction {tag} is half-written: {count}/{expected_size} rows"
    missing = [t for t in committed if t not in present]
    assert not missing, f"committed transactions lost: {missing}"
    extra = set(present) - set(committed)
    in_flight = {begun[-1]} if begun and begun[-1] not in committed else set()
    assert extra <= in_flight, f"rows from transactions never begun or not last: {sorted(extra - in_flight)}"


class RowBurst:
    """Three inserts and one update of a shared counter per transaction, through insert_row /
    update_row (so the audit trail's entries are in the same transactions)."""

    name = "rows"
    ROWS_PER_TXN = 3

    def preload(self) -> None:
        import moi_desktop.db
        import moi_desktop.security  # noqa: F401

    def prepare(self, db_path: Path) -> None:
        from moi_desktop.db import insert_row, open_database
        from moi_desktop.db.rows import create_sync_table

        db = open_database(db_path)
        create_sync_table(db, "kill_rows", {"txn": str, "part": int, "payload": str})
        create_sync_table(db, "kill_counter", {"value": int, "last_txn": str})
        insert_row(db, "kill_counter", {"id": "counter", "value": 0, "last_txn": None})
        db.close()

    def run(self, db_path: Path, run_id: str, emit) -> None:
        from moi_desktop.db import insert_row, open_database, update_row

        db = open_database(db_path)
        emit("READY", run_id)
        n = 0
        while True:
            n += 1
            tag = f"{run_id}-{n}"
            emit("BEGIN", tag)
            with db.atomic():
                for part in range(self.ROWS_PER_TXN):
                    insert_row(db, "kill_rows", {"txn": tag, "part": part, "payload": "ข้อมูลทดสอบ " * 20})
                value = db.execute("SELECT value FROM kill_counter WHERE id = 'counter'").fetchone()[0]
                update_row(db, "kill_counter", "counter", {"value": value + 1, "last_txn": tag})
            emit("COMMIT", tag)

    def check(self, db, begun: list[str], committed: list[str]) -> None:
        present = dict(db.execute("SELECT txn, count(*) FROM kill_rows GROUP BY txn").fetchall())
        mine = {t: c for t, c in present.items() if t.startswith(begun[0].rsplit("-", 1)[0] + "-")} if begun else {}
        _assert_exact(mine, self.ROWS_PER_TXN, begun, committed)
        value, last = db.execute("SELECT value, last_txn FROM kill_counter WHERE id = 'counter'").fetchone()
        assert value == len(present), f"counter {value} != {len(present)} transactions present"
        if mine:
            assert last == max(mine, key=lambda t: int(t.rsplit("-", 1)[1]))
        logged = db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'kill_rows'").fetchone()[0]
        assert logged == sum(present.values()), "audit entries and rows disagree"


class MemberImport:
    """Member imports through the real importer: each transaction imports one CSV of new people."""

    name = "member_import"
    ROWS_PER_FILE = 30
    _FIRST = ("สมชาย", "สมศรี", "มานะ", "มานี", "ปิติ", "ชูใจ", "วีระ", "ดวงใจ", "สุดา", "ประยุทธ")
    _LAST = ("ใจดี", "รักชาติ", "มีสุข", "ทองคำ", "ศรีสุข", "บุญมา", "แก้วใส", "สายทอง", "พรหมมา", "ชัยชนะ")
    _SECTORS = ("ภาคราชการ", "ภาคประชาชน", "ภาควิชาการ", "ภาคเอกชน", "ภาคศาสนา", "ภาคประชาสังคม", "ภาคสื่อมวลชน")

    def preload(self) -> None:
        import moi_desktop.db
        import moi_desktop.security  # noqa: F401
        from moi_desktop.imports import get_importer

        get_importer("members")

    def prepare(self, db_path: Path) -> None:
        from moi_desktop.db import open_database

        open_database(db_path).close()

    def _write_file(self, folder: Path, tag: str, serial: int) -> Path:
        path = folder / f"{tag}.csv"
        lines = ["ลำดับ,ชื่อ-สกุล,โทรศัพท์,หน่วยงาน,ภาคี"]
        for i in range(self.ROWS_PER_FILE):
            k = serial * self.ROWS_PER_FILE + i
            first = self._FIRST[k % 10] + self._FIRST[(k // 10) % 10][:2]
            last = self._LAST[(k // 100) % 10] + self._LAST[k % 7]
            phone = f"08{k:08d}"
            lines.append(f"{i + 1},นาย{first} {last},{phone},{tag},{self._SECTORS[k % 7]}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def run(self, db_path: Path, run_id: str, emit) -> None:
        from moi_desktop.db import open_database
        from moi_desktop.imports import get_importer, plan_import, run_import

        db = open_database(db_path)
        spec = get_importer("members")
        folder = db_path.parent / f"files-{run_id}"
        folder.mkdir(exist_ok=True)
        run_no = int(run_id.rsplit("r", 1)[1])
        emit("READY", run_id)
        n = 0
        while True:
            n += 1
            tag = f"{run_id}-{n}"
            path = self._write_file(folder, tag, run_no * 1000 + n)
            emit("BEGIN", tag)
            report = run_import(db, spec, plan_import(spec, path), dry_run=False)
            if report.imported != self.ROWS_PER_FILE:
                raise SystemExit(f"import {tag} imported {report.imported}: "
                                 f"{report.errors[:3]} {report.duplicates[:3]}")
            emit("COMMIT", tag)

    def check(self, db, begun: list[str], committed: list[str]) -> None:
        prefix = begun[0].rsplit("-", 1)[0] + "-" if begun else "\x00"
        present = dict(
            db.execute(
                "SELECT organisation, count(*) FROM members WHERE organisation LIKE ? GROUP BY organisation",
                [prefix + "%"],
            ).fetchall()
        )
        _assert_exact(present, self.ROWS_PER_FILE, begun, committed)
        imports = db.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'import' AND json_extract(details, '$.file') LIKE ?",
            [prefix + "%"],
        ).fetchone()[0]
        assert imports == len(present), "import audit entries and imported files disagree"


class AttendanceBurst:
    """The attendance desk: one scan per transaction (the attendance row and its scan event)
    through trainings.mark — the desk's whole path: decode the code, resolve, mark — on a demo
    database with three long trainings of every member."""

    name = "attendance"

    def preload(self) -> None:
        import moi_desktop.db
        import moi_desktop.security  # noqa: F401
        import moi_desktop.trainings  # noqa: F401

    def prepare(self, db_path: Path) -> None:
        from moi_desktop.db import open_database
        from moi_desktop.demo import build_demo
        from moi_desktop.trainings.enrol import enrol_members
        from moi_desktop.trainings.schedule import generate_sessions
        from moi_desktop.trainings.store import create_training

        build_demo(db_path)
        db = open_database(db_path)
        # Three 31-day trainings (31 days is the longest one may run) × 3 roll calls × every demo
        # member ≈ 100,000 marks to make: far more than 20 runs use up even where an fsync is
        # cheap, so every kill finds the child still writing.
        members = [r[0] for r in db.execute("SELECT id FROM members WHERE deleted_at IS NULL ORDER BY id")]
        trainings = []
        for start, end in (("2022-09-01", "2022-10-01"), ("2022-10-03", "2022-11-02"), ("2022-11-07", "2022-12-07")):
            training = create_training(
                db, {"name": f"ทดสอบไฟดับระหว่างลงเวลา {start}", "kind": "other", "start_date": start, "end_date": end},
            )
            generate_sessions(db, training)
            enrol_members(db, training, members)
            trainings.append(training)
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('kill_training', ?)", [",".join(trainings)])
        db.close()

    @staticmethod
    def _trainings(db) -> list[str]:
        return db.execute("SELECT value FROM meta WHERE key = 'kill_training'").fetchone()[0].split(",")

    @classmethod
    def _open_pairs(cls, db) -> list[tuple[str, str]]:
        trainings = cls._trainings(db)
        marks = ", ".join("?" * len(trainings))
        return db.execute(
            "SELECT s.id, e.member_id FROM training_sessions s JOIN enrolments e ON e.training_id = s.training_id "
            f"WHERE s.training_id IN ({marks}) AND s.deleted_at IS NULL AND e.deleted_at IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.member_id = e.member_id) "
            "ORDER BY s.day, s.starts_at, e.member_id",
            trainings,
        ).fetchall()

    def run(self, db_path: Path, run_id: str, emit) -> None:
        from moi_desktop.db import open_database
        from moi_desktop.trainings import mark

        db = open_database(db_path)
        pairs = self._open_pairs(db)
        emit("READY", run_id)
        for session_id, member_id in pairs:
            tag = f"{session_id}:{member_id}"
            emit("BEGIN", tag)
            # the name card's code is the member id; the sessions are in 2022, so the marks are backdated
            result = mark(db, session_id, member_id, method="scan", backdated=True)
            if result.status not in ("present", "late"):
                raise SystemExit(f"unexpected mark result {result.status} for {tag}")
            emit("COMMIT", tag)
        raise SystemExit("ran out of unmarked people before the kill")

    def check(self, db, begun: list[str], committed: list[str]) -> None:
        trainings = self._trainings(db)
        marks = ", ".join("?" * len(trainings))
        # Both sides counted with one grouped scan each (a correlated count per row took ~0.4 s).
        events = {
            (s, m): n
            for s, m, n in db.execute(
                "SELECT v.session_id, v.member_id, count(*) FROM attendance_events v JOIN training_sessions s "
                f"ON s.id = v.session_id WHERE s.training_id IN ({marks}) AND v.result IN ('present', 'late') "
                "GROUP BY v.session_id, v.member_id",
                trainings,
            )
        }
        rows = db.execute(
            "SELECT a.session_id, a.member_id FROM attendance a JOIN training_sessions s ON s.id = a.session_id "
            f"WHERE s.training_id IN ({marks})",
            trainings,
        ).fetchall()
        marked = {f"{s}:{m}": events.get((s, m), 0) for s, m in rows}
        # Each mark is one row plus exactly one scan event, or neither.
        begun_tags = set(begun)
        ours = {tag: count for tag, count in marked.items() if tag in begun_tags}
        _assert_exact(ours, 1, begun, committed)
        assert all(count == 1 for count in marked.values()), "a mark without (or with two) scan events"
        orphans = len(set(events) - {(s, m) for s, m in rows})
        assert orphans == 0, f"{orphans} scan events without their attendance row"


class BundleImport:
    """USB bundle merges into a province installation. Bundle k (cumulative: every member the
    district has so far) brings batch k of new members; a merge is one transaction, so batch j
    is present exactly when some bundle ≥ j was recorded as received."""

    name = "bundle_import"
    PASSWORD = "รหัสผ่าน-ทดสอบ-2565"
    BUNDLES = 160  # enough merging that most kills land mid-import (80 ran out once imports got faster)
    PER_BATCH = 10

    def preload(self) -> None:
        import moi_desktop.db
        import moi_desktop.security  # noqa: F401
        from moi_desktop.exchange import crypto

        # Bundles here use scrypt n = 2**10 (made with log2_n=10): key cost is not under test.
        crypto.LOG2_N_RANGE = range(10, 21)

    @staticmethod
    def _office(db, level: str, code: str) -> None:
        from moi_desktop.office import Office, default_office_for_district, save_office

        if level == "district":
            office = default_office_for_district(db, code)
            office.ref_prefix = "มท ๐๓๑๘"
        else:
            office = Office(level="province", province_code=code, district_code=None,
                            org_name="ที่ทำการปกครองจังหวัดกำแพงเพชร", ref_prefix="มท ๐๐๑๘")
        save_office(db, office)

    def prepare(self, db_path: Path) -> None:
        from moi_desktop.db import insert_row, open_database
        from moi_desktop.exchange import export_bundle

        province = open_database(db_path)
        self._office(province, "province", "62")
        province.close()
        folder = db_path.parent / "bundles"
        folder.mkdir()
        district = open_database(db_path.parent / "district.sqlite3")
        self._office(district, "district", "6205")
        for k in range(self.BUNDLES):
            with district.atomic():
                for i in range(self.PER_BATCH):
                    insert_row(district, "members", {"first_name": f"คนที่{k}-{i}", "last_name": "ทดสอบ",
                                                     "organisation": f"batch-{k:03d}", "sector": "people"})
            export_bundle(district, folder / f"b{k:03d}.moib", self.PASSWORD, everything=True, log2_n=10)
        district.close()

    def run(self, db_path: Path, run_id: str, emit) -> None:
        import time

        from moi_desktop.db import open_database
        from moi_desktop.exchange import import_bundle

        db = open_database(db_path)
        done = {r[0] for r in db.execute("SELECT file_name FROM bundles_received")}
        todo = sorted(p for p in (db_path.parent / "bundles").glob("b*.moib") if p.name not in done)
        receipts = db_path.parent / f"receipts-{run_id}"
        receipts.mkdir()
        emit("READY", run_id)
        for path in todo:
            emit("BEGIN", path.name)
            import_bundle(db, path, self.PASSWORD, receipt=receipts / (path.stem + ".moir"))
            emit("COMMIT", path.name)
        while True:  # every bundle is in: wait for the kill
            time.sleep(1)

    def check(self, db, begun: list[str], committed: list[str]) -> None:
        recorded = {r[0] for r in db.execute("SELECT file_name FROM bundles_received")}
        ours = {name: 1 for name in recorded if name in set(begun)}
        _assert_exact(ours, 1, begun, committed)
        newest = max((int(name[1:4]) for name in recorded), default=-1)
        batches = dict(db.execute(
            "SELECT organisation, count(*) FROM members WHERE organisation LIKE 'batch-%' GROUP BY organisation"
        ).fetchall())
        for k in range(self.BUNDLES):
            expected = self.PER_BATCH if k <= newest else 0
            assert batches.get(f"batch-{k:03d}", 0) == expected, f"batch {k}: {batches.get(f'batch-{k:03d}')}"
        merges = db.execute("SELECT count(*) FROM audit_log WHERE action = 'import' AND table_name = 'bundle'")
        assert merges.fetchone()[0] == len(recorded), "bundle audit entries and recorded bundles disagree"


SCENARIOS = {s.name: s for s in (RowBurst(), MemberImport(), AttendanceBurst(), BundleImport())}


def _serve(name: str) -> int:
    import os

    scenario = SCENARIOS[name]
    scenario.preload()
    sys.stdout.write("SERVING\n")
    sys.stdout.flush()
    for line in sys.stdin:
        command, db_path, run_id, out_file = line.split()
        assert command == "run", line
        pid = os.fork()
        if pid == 0:  # the child: run until killed
            fd = os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)

            def emit(kind: str, tag: str, fd: int = fd) -> None:  # this child's own file
                os.write(fd, f"{kind} {tag}\n".encode())

            try:
                scenario.run(Path(db_path), run_id, emit)
            except BaseException as exc:  # report, then leave without running the parent's cleanup
                os.write(fd, f"ERROR {type(exc).__name__}: {exc}\n".encode())
            finally:
                os._exit(3)
        sys.stdout.write(f"PID {pid}\n")
        sys.stdout.flush()
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(f"EXIT {status}\n")
        sys.stdout.flush()
    return 0


def main(argv: list[str]) -> int:
    if argv[0] == "serve":
        return _serve(argv[1])
    scenario, db_path, run_id = argv
    SCENARIOS[scenario].run(Path(db_path), run_id, _emit)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
