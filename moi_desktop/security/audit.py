"""The audit trail: an append-only, hash-chained log of who changed what and when.

Every audited write through db/rows.py (insert_row / insert_rows / update_row / soft_delete /
undelete, and writes by condition that ask for it) is logged by a change listener attached to each
database open_database() returns, inside the writing transaction, so a change and its entry
commit or vanish together — one entry per row, a bulk insert's entries appended with one statement. Entries name the
fields that changed, never their values: personal data stays out of the log. Each entry's hash
covers the previous entry's hash, so editing, deleting or reordering a row behind the program's
back breaks the chain, and verify_chain() names the first broken entry. Triggers (migration
m004) refuse UPDATE and DELETE on audit_log.
"""

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.changes import Change, listen
from moi_desktop.db.clock import now_iso
from moi_desktop.db.connection import OPEN_HOOKS
from moi_desktop.db.rows import write_lock
from moi_desktop.progress import Progress
from moi_desktop.security.session import current_actor

GENESIS = "0" * 64
# Called after an explicit event has committed on its own (integrity.py moves the anchor up).
AFTER_EVENT: list[Callable[[Database], None]] = []
# Bookkeeping columns change on every write; naming them in each entry would only add noise.
_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "origin"})

# Thai labels for the viewer; the listener's four row actions and the explicit events.
ACTION_LABELS: dict[str, str] = {
    "create": "เพิ่มข้อมูล",
    "update": "แก้ไขข้อมูล",
    "delete": "ลบข้อมูล",
    "undelete": "กู้คืนรายการที่ลบ",
    "login": "เข้าสู่ระบบ",
    "login_failed": "เข้าสู่ระบบไม่สำเร็จ",
    "logout": "ออกจากระบบ",
    "lock": "ล็อกหน้าจอ",
    "unlock": "ปลดล็อกหน้าจอ",
    "import": "นำเข้าข้อมูล",
    "export_personal": "ส่งออกข้อมูลส่วนบุคคล",
    "certificate_override": "ออกเกียรติบัตรกรณีพิเศษ",
    "backup": "สำรองข้อมูล",
    "restore": "กู้คืนฐานข้อมูล",
    "breach": "บันทึกเหตุการณ์ละเมิดข้อมูล",
    "erase": "ลบข้อมูลส่วนบุคคล (PDPA)",
    # login hardening and office restores (LOGIN+RESTORE)
    "account_locked": "ล็อกบัญชี (ใส่รหัสผ่านผิดหลายครั้ง)",
    "account_unlocked": "ปลดล็อกบัญชี",
    "login_policy": "ตั้งค่าการล็อกบัญชี",
    "restore_replace_office": "แทนที่ข้อมูลสำนักงานด้วยไฟล์สำรองของที่อื่น",
    # EXCHANGE trust
    "exchange_pin": "ลงทะเบียนเครื่องของสำนักงานผู้ส่ง",
    "exchange_unpin": "ยกเลิกการลงทะเบียนเครื่องของสำนักงานผู้ส่ง",
    # AT-REST (encryption at rest and tamper evidence)
    "recovery_key_shown": "แสดงรหัสกู้คืนกุญแจเข้ารหัส",
    "seal_baseline": "ประทับตราข้อมูลทั้งหมด (เริ่มต้น/กู้คืน)",
    # GUI-A: another day's roll call marked at the desk
    "attendance_backdated": "ลงเวลาย้อนหลัง",
}


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    table_name: str | None
    row_id: str | None
    details: dict

    @property
    def action_th(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None
    message_th: str


_encode_str = json.encoder.encode_basestring  # the C string encoder json.dumps uses (ensure_ascii=False)
_DETAILS = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _js(value: str | None) -> str:
    return "null" if value is None else _encode_str(value)


def canonical(seq: int, at: str, actor: str, action: str, table_name: str | None, row_id: str | None,
              details: str) -> str:
    """The entry as compact JSON with sorted keys — exactly what
    json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")) gives, built
    directly because the audit listener runs for every row an import writes."""
    return (
        f'{{"action":{_js(action)},"actor":{_js(actor)},"at":{_js(at)},"details":{_js(details)},'
        f'"row_id":{_js(row_id)},"seq":{int(seq)},"table_name":{_js(table_name)}}}'
    )


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, table_name: str | None,
               row_id: str | None, details: str) -> str:
    text = prev_hash + canonical(seq, at, actor, action, table_name, row_id, details)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _ready(db: Database) -> bool:
    """Whether this database has the audit table yet (not during migrations before m004)."""
    if getattr(db, "_moi_audit_ready", False):
        return True
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='audit_log'").fetchone()
    if found:
        db._moi_audit_ready = True  # type: ignore[attr-defined]
    return found is not None


def _append(db: Database, actor: str, action: str, table_name: str | None, row_id: str | None, details: str,
            at: str | None = None) -> int:
    # Must run inside a write transaction: the read of the chain's tail and the insert are then
    # serialised against other connections (WAL allows one writer), so the chain never forks.
    # The tail is read each time rather than cached: another connection may have appended, and a
    # rolled-back savepoint may have removed our own last entry.
    conn = db.conn
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = at or now_iso()
    digest = entry_hash(prev, seq, at, actor, action, table_name, row_id, details)
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, table_name, row_id, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, at, actor, action, table_name, row_id, details, prev, digest],
    )
    return seq


def _append_many(db: Database, rows: Sequence[tuple[str, str, str, str | None, str | None, str]]) -> None:
    """Append entries (at, actor, action, table_name, row_id, details) in order with one
    executemany: the chain is computed here, each entry hashing the one before, exactly as
    _append would one by one. Same transaction rule as _append."""
    conn = db.conn
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    sha256, params = hashlib.sha256, []
    # A batch repeats its time, actor, action, table and details: encode each distinct value once.
    # The text is canonical()'s, field for field (verify_chain recomputes it with canonical()).
    head_of: dict[tuple, str] = {}
    tail_of: dict[str | None, str] = {}
    for at, actor, action, table_name, row_id, details in rows:
        head = head_of.get((action, actor, at, details))
        if head is None:
            head = head_of[(action, actor, at, details)] = (
                f'{{"action":{_js(action)},"actor":{_js(actor)},"at":{_js(at)},"details":{_js(details)},"row_id":'
            )
        tail = tail_of.get(table_name)
        if tail is None:
            tail = tail_of[table_name] = f',"table_name":{_js(table_name)}}}'
        text = f'{prev}{head}{_js(row_id)},"seq":{seq}{tail}'
        digest = sha256(text.encode("utf-8")).hexdigest()
        params.append((seq, at, actor, action, table_name, row_id, details, prev, digest))
        seq, prev = seq + 1, digest
    conn.executemany(
        "INSERT INTO audit_log (seq, at, actor, action, table_name, row_id, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params,
    )


@lru_cache(maxsize=256)
def _fields_json(fields: tuple[str, ...]) -> str:
    # Bulk imports log thousands of rows with the same field list: encode each list once.
    return _DETAILS.encode({"fields": list(fields)})


def _details(action: str, values: Mapping[str, Any]) -> str:
    if action in ("create", "update"):
        return _fields_json(tuple(sorted(k for k in values if k not in _BOOKKEEPING and k != "deleted_at")))
    return "{}"


def _row_id(key: Any) -> str:
    # A link row's natural key is a tuple: logged as a JSON list of its parts.
    return key if isinstance(key, str) else json.dumps(list(key) if isinstance(key, tuple) else [key])


def _on_changes(db: Database, change: Change) -> None:
    """One entry per changed row, appended in one go for a batch (insert_rows)."""
    if not change.audited or change.table == "audit_log" or not change.ids or not _ready(db):
        return
    if change.values is None:
        raise ValueError(f"an audited change of {change.table} must carry the values written")
    actor = current_actor(db)
    entries = []
    by_keys: dict[tuple[str, ...], str] = {}  # a batch's rows share their keys: build the details text once per key set
    for row_id, values in zip(change.ids, change.values, strict=True):
        # The row's own timestamp: the entry then says exactly when the change was stamped.
        at = values.get("updated_at") or values.get("deleted_at")
        signature = tuple(values)
        details = by_keys.get(signature)
        if details is None:
            details = by_keys[signature] = _details(change.action, values)
        entries.append((at if isinstance(at, str) else now_iso(), actor, change.action, change.table,
                        _row_id(row_id), details))
    _append_many(db, entries)


def attach(db: Database) -> None:
    """Log the audited writes on `db` from now on (run by open_database() for every database)."""
    listen(db, _on_changes)


if attach not in OPEN_HOOKS:
    OPEN_HOOKS.append(attach)


def audit(
    db: Database,
    action: str,
    *,
    table_name: str | None = None,
    row_id: str | None = None,
    actor: str | None = None,
    **details: Any,
) -> int:
    """Log an event that is not a row write (login, import, export of personal data, restore …).

    `details` must not carry personal data — counts, file names, reasons, field names. Joins the
    caller's transaction if one is open, else commits on its own. Returns the entry's seq.
    """
    who = actor or current_actor(db)
    text = _DETAILS.encode(details)
    with write_lock(db):  # the write lock before reading the chain's tail
        seq = _append(db, who, action, table_name, row_id, text)
    if not db.conn.in_transaction:
        for hook in AFTER_EVENT:
            hook(db)
    return seq


def verify_chain(
    db: Database, progress: Progress | None = None
) -> VerifyResult:
    """Recompute every entry's hash in order and check each links to the one before."""
    total = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    prev, expected_seq, checked = GENESIS, 1, 0
    cursor = db.execute(
        "SELECT seq, at, actor, action, table_name, row_id, details, prev_hash, hash FROM audit_log ORDER BY seq"
    )
    for seq, at, actor, action, table_name, row_id, details, prev_hash, digest in cursor:
        if seq != expected_seq:
            first = expected_seq
            return VerifyResult(False, checked, first, f"บันทึกการใช้งานลำดับที่ {first} หายไป (ถูกลบออกนอกโปรแกรม)")
        if prev_hash != prev:
            return VerifyResult(
                False, checked, seq, f"บันทึกการใช้งานลำดับที่ {seq} ไม่ต่อเนื่องกับรายการก่อนหน้า (ถูกแก้ไขนอกโปรแกรม)"
            )
        if entry_hash(prev, seq, at, actor, action, table_name, row_id, details) != digest:
            return VerifyResult(False, checked, seq, f"บันทึกการใช้งานลำดับที่ {seq} ถูกแก้ไขนอกโปรแกรม")
        prev, expected_seq, checked = digest, seq + 1, checked + 1
        if progress and checked % 5000 == 0:
            progress(checked, total, "กำลังตรวจสอบบันทึกการใช้งาน")
    return VerifyResult(True, checked, None, f"บันทึกการใช้งานครบถ้วน ตรวจแล้ว {checked:,} รายการ")


def _where(actor: str | None = None, action: str | None = None, table_name: str | None = None,
           since: str | None = None, until: str | None = None, row_id: str | None = None) -> tuple[str, list[str]]:
    """A WHERE clause over constant column names, the values bound as parameters."""
    clauses: list[str] = []
    params: list[str] = []
    for column, value in (("actor", actor), ("action", action), ("table_name", table_name), ("row_id", row_id)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if since:
        clauses.append("at >= ?")
        params.append(since)
    if until:
        clauses.append("at < ?")
        params.append(until)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_entries(
    db: Database,
    *,
    actor: str | None = None,
    action: str | None = None,
    table_name: str | None = None,
    row_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[AuditEntry]:
    """Newest first. `since` / `until` are UTC ISO strings (until exclusive)."""
    where, params = _where(actor, action, table_name, since, until, row_id)
    rows = db.execute(
        f"SELECT seq, at, actor, action, table_name, row_id, details FROM audit_log{where} "  # noqa: S608 - see _where
        "ORDER BY seq DESC LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    ).fetchall()
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if r[6] else {}) for r in rows]


def count_entries(db: Database, **filters: str | None) -> int:
    where, params = _where(**filters)
    return int(db.execute(f"SELECT count(*) FROM audit_log{where}", params).fetchone()[0])  # noqa: S608 - see _where


def distinct_values(db: Database, column: str) -> list[str]:
    """Values present for a filter drop-down (actor, action or table_name)."""
    if column not in ("actor", "action", "table_name"):
        raise ValueError(column)
    # `column` is one of the three names just checked.
    rows = db.execute(f"SELECT DISTINCT {column} FROM audit_log WHERE {column} IS NOT NULL ORDER BY 1").fetchall()  # noqa: S608
    return [r[0] for r in rows]
