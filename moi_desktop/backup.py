"""Online backups with SQLite's backup API, rotating automatic backups, and a verified restore.

Never a file copy: a live WAL database keeps committed pages in the -wal file. Every backup is a
single rollback-journal file checked with `PRAGMA integrity_check` before it gets its final name,
so a half-written backup never looks like a good one. Backups are encrypted like the database
(SQLCipher's backup API between two keyed connections; db/cipher.py) and carry the audit
trail's anchored head (security/integrity.py). Restore verifies the backup, checks it is this
office's own (restore_guard.py: another office's or installation's backup needs an
administrator's "replace this office" confirmation) and that the user acting may restore
(security.require on the current database), saves a safety copy of the current database first,
copies the backup in through the backup API (other open connections see the new contents; a
backup made under another PC's recovery key is re-encrypted under this PC's key on the way) and
records the restore in the audit trail.
"""

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from moi_desktop.db import Database, cipher, connect, migrations, open_database
from moi_desktop.db.checkpoint import wait_for_checkpoints
from moi_desktop.db.clock import now_iso, parse_iso
from moi_desktop.db.connection import database_file, secret_of
from moi_desktop.db.rows import installation_id, set_meta
from moi_desktop.db.types import Connection
from moi_desktop.errors import UserError
from moi_desktop.paths import backups_dir
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.restore_guard import Holder, check_restore_allowed, describe, restore_problems
from moi_desktop.security import SYSTEM_USER, User, audit, integrity
from moi_desktop.security.session import act_as, require

DEFAULT_KEEP = 10
KEEP_KEY = "backup_keep"
LAST_AUTO_KEY = "last_auto_backup_at"
REASONS = {
    "daily": "รายวัน",
    "close": "ปิดโปรแกรม",
    "manual": "สำรองเอง",
    "before-restore": "ก่อนกู้คืน",
    "before-restore-damaged": "ก่อนกู้คืน (ฐานข้อมูลเดิมเสียหาย)",
}
_PAGES_PER_STEP = 1024


class BackupCancelled(UserError):  # noqa: N818 - the user stopped it; named like progress.Cancelled
    def __init__(self) -> None:
        super().__init__("ยกเลิกการสำรองข้อมูลแล้ว")


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    schema_version: int
    installation_id: str
    office_name: str | None
    created_at: str | None  # when the installation was created (meta), UTC ISO


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    reason: str
    taken_at: datetime  # local time, from the file name
    size: int


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupCheck
    safety_copy: Path | None
    same_installation: bool
    replaced_office: tuple[str, ...] = ()  # the reasons an administrator's confirmation overrode


@dataclass(frozen=True)
class RestorePlan:
    """What a restore of `backup` over the current database would do (read before asking)."""

    current: Holder
    backup: Holder
    problems: tuple[str, ...]  # non-empty: only a confirmed "replace this office" restore may go on


def _integrity(conn: Connection) -> str:
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "ok" if [r[0] for r in rows] == ["ok"] else "; ".join(str(r[0]) for r in rows[:5])


def _copy(source: Connection, target: Path, progress: Progress | None, cancelled: Cancelled | None,
          check: bool, secret: bytes) -> None:
    """Backup-API copy of `source` into a new single file at `target` encrypted under `secret`,
    checked, then renamed in."""
    if source.in_transaction:
        raise RuntimeError("cannot back up inside an open transaction")
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)

    def step(status: int, remaining: int, total: int) -> None:
        if cancelled and cancelled():
            raise BackupCancelled()
        if progress:
            progress(total - remaining, total, "กำลังสำรองข้อมูล")

    try:
        dest = cipher.raw_connect(part, secret)
        try:
            source.backup(dest, pages=_PAGES_PER_STEP, progress=step)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            problem = _integrity(dest) if check else "ok"
        finally:
            dest.close()
        if problem != "ok":
            raise UserError("สำเนาที่ได้ไม่ผ่านการตรวจสอบความสมบูรณ์ ฐานข้อมูลอาจเสียหาย", detail=problem)
        os.replace(part, target)
    except cipher.Error as exc:
        raise UserError(f"สำรองข้อมูลไปที่ {target} ไม่สำเร็จ", detail=str(exc)) from exc
    except OSError as exc:
        raise UserError(f"เขียนไฟล์สำรองที่ {target} ไม่ได้ (ไดรฟ์เต็มหรือถูกถอดออก?)", detail=str(exc)) from exc
    finally:
        part.unlink(missing_ok=True)


def backup_to(
    db: Database,
    out_path: str | Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    record: bool = True,
) -> Path:
    """Back the database up to `out_path` (e.g. a USB drive): a copy of everything, so it needs
    backup.create. Records it in the audit trail."""
    require(db, "backup.create")
    out = Path(out_path)
    if out.suffix == "":
        out = out.with_suffix(".sqlite3")
    if not out.parent.is_dir():
        raise UserError(f"ไม่พบโฟลเดอร์ปลายทาง: {out.parent}", field="--out")
    if out.exists() and database_file(db) == out.resolve():
        raise UserError("ไฟล์ปลายทางคือฐานข้อมูลที่ใช้อยู่ กรุณาเลือกไฟล์อื่น", field="--out")
    integrity.stamp_anchor(db)  # the backup carries the trail's head, MAC'd
    _copy(db.conn, out, progress, cancelled, check=True, secret=secret_of(db))
    if record:
        audit(db, "backup", file=out.name, size=out.stat().st_size)
    return out



def backup_keep(db: Database) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [KEEP_KEY]).fetchone()
    try:
        return max(1, int(row[0])) if row else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP


def set_backup_keep(db: Database, keep: int) -> None:
    if not 1 <= int(keep) <= 365:
        raise UserError("จำนวนไฟล์สำรองที่เก็บไว้ต้องอยู่ระหว่าง 1 ถึง 365", field="keep")
    set_meta(db, KEEP_KEY, str(int(keep)))


def installation_backups_dir(db_or_id: Database | str) -> Path:
    """Automatic backups of one installation live in their own folder, so two databases on one
    PC (the real one and a demo) never rotate each other's files away."""
    inst = db_or_id if isinstance(db_or_id, str) else installation_id(db_or_id)
    path = backups_dir() / inst
    path.mkdir(parents=True, exist_ok=True)
    return path


def list_backups(db: Database) -> list[BackupInfo]:
    """Automatic backups of this installation, newest first."""
    found = []
    for path in installation_backups_dir(db).glob("*.sqlite3"):
        parts = path.stem.split("_", 1)
        try:
            taken = datetime.strptime(parts[0], "%Y%m%d-%H%M%S-%f")
        except ValueError:
            continue  # not one of ours
        found.append(BackupInfo(path, parts[1] if len(parts) > 1 else "", taken, path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _rotate(db: Database, reason: str, keep: int) -> None:
    same = [b for b in list_backups(db) if b.reason == reason]
    for old in same[keep:]:
        old.path.unlink(missing_ok=True)


def auto_backup(
    db: Database,
    reason: str,
    *,
    keep: int | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """An automatic backup into the data dir's backups folder; keeps the newest N per reason."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = installation_backups_dir(db) / f"{stamp}_{reason}.sqlite3"
    # A safety copy must exist even if the live database is damaged: it is not integrity-checked.
    if reason != "before-restore":  # a damaged database must still be copied as it is
        integrity.stamp_anchor(db)
    _copy(db.conn, target, progress, cancelled, check=reason != "before-restore", secret=secret_of(db))
    set_meta(db, LAST_AUTO_KEY, now_iso())
    _rotate(db, reason, keep or backup_keep(db))
    return target


def auto_backup_if_due(db: Database, *, now: datetime | None = None) -> Path | None:
    """The daily backup: taken when the last automatic one is more than a day old."""
    now = now or datetime.now(UTC)
    row = db.execute("SELECT value FROM meta WHERE key = ?", [LAST_AUTO_KEY]).fetchone()
    if row and now - parse_iso(row[0]) < timedelta(days=1):
        return None
    return auto_backup(db, "daily")


def _open_readonly(path: Path) -> Connection:
    return _open_backup(path)[0]


def _open_backup(path: Path) -> tuple[Connection, bytes | None]:
    """A read-only connection to a backup and the secret that opens it: this PC's, a recovery
    key given to the process, or None for an unencrypted backup made before encryption at rest."""
    candidates: list[bytes | None] = [*cipher.secrets(), None]
    for mode in ("mode=ro", "immutable=1"):  # a WAL file on read-only media cannot make its -shm
        for secret in candidates:
            conn = cipher.raw_connect(path.resolve().as_uri() + "?" + mode, secret, uri=True)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn, secret
            except cipher.Error:
                conn.close()
    raise cipher.DatabaseError("file is not a database (or needs another PC's recovery key)")


def inspect_backup(path: str | Path) -> BackupCheck:
    """Verify a backup file: readable SQLite, intact, not from a newer program, one of ours."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"ไม่พบไฟล์สำรอง: {path}", field="--from")
    try:
        conn = _open_readonly(path)
    except cipher.Error as exc:
        raise UserError(f"ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูล หรือไฟล์เสียหาย หรือเข้ารหัสด้วยกุญแจของเครื่องอื่น "
                        f"(ใช้รหัสกู้คืนของเครื่องนั้น): {path.name}", field="--from", detail=str(exc)) from exc
    try:
        problem = _integrity(conn)
        if problem != "ok":
            raise UserError(f"ไฟล์สำรอง {path.name} เสียหาย (ตรวจความสมบูรณ์ไม่ผ่าน) ไม่สามารถใช้กู้คืนได้",
                            field="--from", detail=problem)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.count():
            raise UserError(
                f"ไฟล์สำรองนี้มาจากโปรแกรมรุ่นที่ใหม่กว่า (รุ่นโครงสร้าง {version}) กรุณาปรับปรุงโปรแกรมก่อนกู้คืน",
                field="--from",
            )
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except cipher.Error:
            meta = {}
        if not meta.get("installation_id") or version < 1:
            raise UserError(f"ไฟล์ {path.name} ไม่ใช่ไฟล์สำรองข้อมูลของโปรแกรมนี้", field="--from")
        try:
            office = conn.execute(
                "SELECT org_name FROM office WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1"
            ).fetchone()
        except cipher.Error:
            office = None
    except cipher.Error as exc:
        raise UserError(f"อ่านไฟล์สำรอง {path.name} ไม่ได้ ไฟล์อาจเสียหาย", field="--from", detail=str(exc)) from exc
    finally:
        conn.close()
    return BackupCheck(path, version, meta["installation_id"], office[0] if office else None, meta.get("created_at"))


def restore_plan(db: Database, backup_file: str | Path) -> RestorePlan:
    """Whether `backup_file` is this office's own backup (reads both, writes nothing): the GUI
    asks for the typed confirmation and the CLI refuses before any login when it is not."""
    path = Path(backup_file)
    if not path.is_file():
        raise UserError(f"ไม่พบไฟล์สำรอง: {path}", field="--from")
    try:
        conn = _open_readonly(path)
    except cipher.Error as exc:
        raise UserError(f"ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูล หรือไฟล์เสียหาย: {path.name}", field="--from", detail=str(exc)) from exc
    try:
        incoming = describe(conn)
    finally:
        conn.close()
    current = describe(db.conn)
    return RestorePlan(current, incoming, tuple(restore_problems(current, incoming)))


def _describe_file(path: Path) -> Holder | None:
    """Whose data the database file at `path` holds; None when there is none or it cannot be read."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = _open_readonly(path)
    except cipher.Error:
        return None  # damaged: restoring is the way out of it (the safety copy keeps its bytes)
    try:
        return describe(conn)
    finally:
        conn.close()


def _open_current(db_path: Path) -> Database | None:
    """The database a restore is about to replace, opened; None when there is none, or this
    program cannot open it (damaged): then it holds nothing a login protects, the restore is the
    way out of it, and the safety copy keeps its bytes."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        return open_database(db_path, migrate=False)
    except (cipher.Error, UserError):
        return None


def _authorize(db_path: Path, actor: User | None, replaced: list[str], incoming: Holder, backup_name: str) -> User:
    """Check, on the database about to be replaced with `actor` acting on it, that they may
    restore (backup.restore) and, when `replaced` is not empty, confirm replacing this office
    (backup.replace_office) — then write that replacement into it, before its safety copy so the
    copy keeps the entry. Returns who acts (SYSTEM_USER: nobody, on a database open to the system)."""
    db = _open_current(db_path)
    if db is None:
        if replaced:
            raise UserError("บันทึกการแทนที่ลงในฐานข้อมูลเดิมไม่ได้ จึงยังไม่กู้คืน")
        return actor or SYSTEM_USER
    try:
        act_as(db, actor)
        if replaced:  # the narrower permission first: its refusal says what was asked
            require(db, "backup.replace_office")
        who = require(db, "backup.restore")
        if replaced:
            audit(db, "restore_replace_office", actor=who.username, backup=backup_name, reasons=replaced,
                  incoming_installation=incoming.installation_id, incoming_office=incoming.label,
                  incoming_district=incoming.district_code, incoming_province=incoming.province_code)
        return who
    finally:
        db.close()


def restore(
    db_path: str | Path,
    backup_file: str | Path,
    *,
    actor: User | None = None,
    replace_office: bool = False,
    progress: Progress | None = None,
) -> RestoreResult:
    """Replace the database at `db_path` with a verified backup, after saving a safety copy.

    A backup of another installation or office, or one without accounts over a database with
    them, is refused unless `replace_office` (an administrator's explicit confirmation); that
    restore is recorded in both databases.

    `actor` is the user the caller logged in (None: nobody — the system, allowed only on a database
    without accounts or a demo); it acts on the current database, which must let them restore
    (backup.restore, and backup.replace_office for a replace) before anything is written."""
    db_path, backup_file = Path(db_path), Path(backup_file)
    wait_for_checkpoints()  # no other connection of ours may still be moving pages into the file
    check = inspect_backup(backup_file)
    if db_path.exists() and db_path.resolve() == backup_file.resolve():
        raise UserError("ไฟล์สำรองคือฐานข้อมูลที่ใช้อยู่ กรุณาเลือกไฟล์อื่น", field="--from")
    incoming = _describe_file(backup_file)
    if incoming is None:  # inspect_backup read it a moment ago
        raise UserError(f"อ่านไฟล์สำรอง {backup_file.name} ไม่ได้", field="--from")
    current = _describe_file(db_path)
    replaced = check_restore_allowed(current, incoming, replace_office=replace_office)
    actor = _authorize(db_path, actor, replaced, incoming, backup_file.name)
    safety, previous_id = None, None
    if db_path.exists() and db_path.stat().st_size > 0:
        safety, previous_id = _save_current(db_path, check)
    try:
        live = connect(db_path)
    except cipher.Error as exc:
        raise UserError("เปิดฐานข้อมูลปลายทางไม่ได้ ยังไม่ได้กู้คืน", detail=str(exc)) from exc
    source_secret: bytes | None = None
    try:
        source, source_secret = _open_backup(backup_file)
        try:
            step = (lambda s, r, t: progress(t - r, t, "กำลังกู้คืนข้อมูล")) if progress else None
            # All pages are written in one transaction on the target: a failure leaves it as it was.
            source.backup(live.conn, pages=_PAGES_PER_STEP, progress=step)
        finally:
            source.close()
    except cipher.Error as exc:
        raise UserError("กู้คืนข้อมูลไม่สำเร็จ ฐานข้อมูลเดิมยังไม่ถูกเปลี่ยน", detail=str(exc)) from exc
    finally:
        live.close()
    db = open_database(db_path)  # migrates a backup from an older program
    try:
        problem = _integrity(db.conn)
        if problem != "ok":
            raise UserError("ฐานข้อมูลหลังกู้คืนตรวจความสมบูรณ์ไม่ผ่าน กรุณากู้คืนจากสำเนาก่อนกู้คืน", detail=problem)
        details: dict[str, Any] = {}
        if replaced and current is not None:  # who replaced what, in the restored database too
            details = {"reasons": replaced, "replaced_installation": current.installation_id,
                       "replaced_office": current.label, "replaced_district": current.district_code,
                       "replaced_province": current.province_code}
        _adopt_restored(db, source_secret)
        audit(
            db,
            "restore_replace_office" if replaced else "restore",
            actor=actor.username,
            backup=backup_file.name,
            safety_copy=safety.name if safety else None,
            backup_schema_version=check.schema_version,
            from_installation=check.installation_id,
            **details,
        )
        integrity.reset_local_anchor(db)  # the restored trail is this file's trail from now on
    finally:
        db.close()
    return RestoreResult(check, safety, previous_id is None or previous_id == check.installation_id, tuple(replaced))


def _adopt_restored(db: Database, source_secret: bytes | None) -> None:
    """The restored rows' seals were made under the backup's secret: under another PC's recovery
    key (or none, for a backup from before encryption) they are checked with that secret and
    sealed again under this database's (security/integrity.py)."""
    if source_secret != secret_of(db):
        integrity.reseal(db, previous_secret=source_secret, reason="restore")


def _save_current(db_path: Path, check: BackupCheck) -> tuple[Path, str | None]:
    """Safety copy of the database about to be replaced; returns (copy, its installation id).

    Through the backup API when the database opens; a damaged file that SQLite refuses is copied
    byte for byte (with its -wal) and moved out of the way so the restore starts from a new file.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    try:
        live = connect(db_path)
    except (cipher.Error, UserError):
        live = None
    if live is not None:
        try:
            try:
                previous_id = installation_id(live)
            except (cipher.Error, RuntimeError):
                previous_id = None
            target = installation_backups_dir(previous_id or check.installation_id) / f"{stamp}_before-restore.sqlite3"
            # Not integrity-checked: a damaged database is exactly what must still be kept.
            _copy(live.conn, target, None, None, check=False, secret=secret_of(live))
            return target, previous_id
        except UserError:
            pass  # unreadable pages: fall back to a byte copy below
        finally:
            live.close()
    target = installation_backups_dir(check.installation_id) / f"{stamp}_before-restore-damaged.sqlite3"
    try:
        shutil.copy2(db_path, target)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, target.with_name(target.name + "-wal"))
        for leftover in (db_path, wal, db_path.with_name(db_path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    except OSError as exc:
        raise UserError("บันทึกสำเนาของฐานข้อมูลเดิมไม่ได้ จึงยังไม่กู้คืน", detail=str(exc)) from exc
    return target, None
