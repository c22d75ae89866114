"""Importing a bundle: verify everything first, preview, then merge in one transaction.

Per row (matched on the table's primary key):
- not here → new;
- same content (every column but created_at/updated_at/origin) → unchanged, whatever the stamps
  say (rows seeded identically in two offices, a bundle imported twice);
- different, and the local copy's last change came from the same installation as the incoming one
  → a newer version: updated when the incoming row's updated_at is later (or equal: the same version,
  our copy having come without its personal fields), else unchanged (stale);
- different, and the local copy was last changed by someone else → a conflict (both sides changed
  it since they last agreed). The version with the later updated_at wins, ties go to the greater
  installation id; every conflict is listed in the report and kept in exchange_conflicts.

Columns a bundle left out (personal fields of "aggregate only" tables) are never touched on rows
that exist here, and filled with "" on new rows where the schema demands a value.
Foreign keys are checked at commit (deferred), so parents and children may arrive in any order.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from moi_desktop.db import Database, cipher
from moi_desktop.db.clock import now_iso
from moi_desktop.db.rows import installation_id, merge_rows, put_records, write_lock
from moi_desktop.errors import UserError
from moi_desktop.exchange import attachments
from moi_desktop.exchange.container import Bundle, read_zip, sha256
from moi_desktop.exchange.crypto import DAMAGED, KIND_BUNDLE, open_envelope
from moi_desktop.exchange.offices import (
    describe_destination,
    describe_sender,
    is_for_us,
    require_office,
)
from moi_desktop.exchange.receipts import default_receipt_path, write_receipt
from moi_desktop.exchange.tables import TableInfo, exchange_tables
from moi_desktop.progress import Cancelled, Progress, check_cancelled, never_cancelled, no_progress
from moi_desktop.security import audit

STAMPS = ("created_at", "updated_at", "origin")
CONFLICT_COLUMNS = ("winner", "local_updated_at", "local_origin", "incoming_updated_at", "incoming_origin", "columns")
IMPORT_CANCELLED = "ยกเลิกการนำเข้าแล้ว"
BATCH = 200
MAX_LISTED_CONFLICTS = 1000

NEWER_SCHEMA = (
    "ชุดข้อมูลนี้มาจากโปรแกรมรุ่นที่ใหม่กว่า (รุ่นโครงสร้างข้อมูล {theirs} แต่โปรแกรมนี้รู้จักถึง {ours}) "
    "กรุณาปรับปรุงโปรแกรมให้เป็นรุ่นล่าสุดก่อนนำเข้า"
)


@dataclass
class Counts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0


@dataclass
class Conflict:
    table: str
    key: list
    winner: str  # incoming / local
    local_updated_at: str
    local_origin: str
    incoming_updated_at: str
    incoming_origin: str
    columns: list[str]


@dataclass
class TablePlan:
    info: TableInfo
    columns: list[str]
    inserts: list[list] = field(default_factory=list)
    updates: list[list] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class ImportReport:
    bundle_id: str
    file: str
    sha256: str
    sender: dict
    sender_label: str
    destination: str
    destination_label: str
    created_at: str
    since: str | None
    until: str | None
    scope: str
    aggregate_only: list[str]
    dry_run: bool
    already_imported: bool
    tables: dict[str, dict[str, int]]
    conflicts: list[dict]
    conflicts_total: int
    files: int = 0  # photo files in the bundle
    files_written: int = 0
    receipt: str | None = None
    receipt_error: str | None = None

    @property
    def totals(self) -> dict[str, int]:
        keys = ("new", "updated", "unchanged", "conflicts")
        return {k: sum(t[k] for t in self.tables.values()) for k in keys}

    @property
    def changed(self) -> bool:
        t = self.totals
        return bool(t["new"] or t["updated"] or t["conflicts"])

    def to_json(self) -> dict:
        data = asdict(self)
        data["totals"] = self.totals
        return data


def read_bundle_file(path: str | Path, password: str) -> Bundle:
    """Read, decrypt and check a bundle file (no database involved)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"ไม่พบไฟล์ชุดข้อมูล: {path}") from None
    except OSError as exc:
        raise UserError(f"อ่านไฟล์ชุดข้อมูลไม่ได้: {path} — ตรวจสอบว่าแฟลชไดรฟ์ยังเสียบอยู่", detail=str(exc)) from exc
    bundle = read_zip(open_envelope(data, password, kind=KIND_BUNDLE))
    bundle.sha256 = sha256(data)
    bundle.file_name = path.name
    return bundle


def check_bundle(db: Database, bundle: Bundle) -> dict[str, TableInfo]:
    """Versions, destination and tables, before anything is read from or written to the database."""
    m = bundle.manifest
    ours = db.execute("PRAGMA user_version").fetchone()[0]
    if m["schema_version"] > ours:
        raise UserError(NEWER_SCHEMA.format(theirs=m["schema_version"], ours=ours))
    office = require_office(db)
    if not is_for_us(office, m["destination"]):
        raise UserError(
            f"ชุดข้อมูลนี้ส่งถึง{describe_destination(db, m['destination'])} ไม่ใช่สำนักงานนี้ "
            f"({office.org_name}) — ตรวจสอบว่าเลือกไฟล์ถูกต้อง"
        )
    if m["source"]["installation_id"] == installation_id(db):
        raise UserError("ชุดข้อมูลนี้ส่งออกจากเครื่องนี้เอง — นำเข้าที่สำนักงานปลายทางแทน")
    local = {t.name: t for t in exchange_tables(db)}
    infos = {}
    for name, entry in m["tables"].items():
        info = local.get(name)
        if info is None:
            raise UserError(f"ชุดข้อมูลมีตาราง {name} ที่ฐานข้อมูลนี้ไม่รับ — ผู้ส่งอาจใช้โปรแกรมรุ่นอื่น")
        unknown = set(entry["columns"]) - set(info.columns)
        if unknown or list(entry["pk"]) != list(info.pk):
            raise UserError(
                f"โครงสร้างตาราง {name} ในชุดข้อมูลไม่ตรงกับฐานข้อมูลนี้ — ผู้ส่งอาจใช้โปรแกรมรุ่นอื่น",
                detail=f"unknown columns {sorted(unknown)}, pk {entry['pk']} vs {list(info.pk)}",
            )
        infos[name] = info
    return infos


# SQL below names tables and columns in f-strings: check_bundle() has accepted only names of this
# database's own exchange tables and columns (read_zip() checked their spelling), never other text.
# Values are always bound parameters.


def _local_rows(db: Database, info: TableInfo, columns: list[str], keys: list[tuple], pk_at: list[int]) -> dict:
    """Local versions of the incoming rows, keyed by primary key."""
    select = ", ".join(f"[{c}]" for c in columns)
    local_count = db.execute(f"SELECT count(*) FROM [{info.name}]").fetchone()[0]  # noqa: S608 - checked names
    if len(keys) * 4 >= local_count:
        # A large share of the table: one scan beats thousands of index probes.
        rows = db.execute(f"SELECT {select} FROM [{info.name}]").fetchall()  # noqa: S608 - checked names
        return {tuple(row[i] for i in pk_at): row for row in rows}
    found: dict[tuple, tuple] = {}
    for start in range(0, len(keys), BATCH):
        chunk = keys[start:start + BATCH]
        if len(info.pk) == 1:
            where = f"[{info.pk[0]}] IN ({', '.join('?' * len(chunk))})"
            params = [k[0] for k in chunk]
        else:  # OR of equalities: each term uses the primary-key index (row-value IN (VALUES …) scans)
            one = "(" + " AND ".join(f"[{c}] = ?" for c in info.pk) + ")"
            where = " OR ".join([one] * len(chunk))
            params = [v for k in chunk for v in k]
        for row in db.execute(f"SELECT {select} FROM [{info.name}] WHERE {where}", params).fetchall():  # noqa: S608
            found[tuple(row[i] for i in pk_at)] = row
    return found


def plan_table(db: Database, bundle: Bundle, info: TableInfo) -> TablePlan:
    columns = bundle.columns(info.name)
    plan = TablePlan(info=info, columns=columns)
    rows = bundle.rows(info.name)
    if not rows:
        return plan
    pk_at = [columns.index(c) for c in info.pk]
    data_at = [i for i, c in enumerate(columns) if c not in STAMPS]
    u_at, o_at = columns.index("updated_at"), columns.index("origin")
    keys = []
    for row in rows:
        key = tuple(row[i] for i in pk_at)
        if any(k is None for k in key) or not isinstance(row[u_at], str) or not isinstance(row[o_at], str):
            raise UserError(DAMAGED, detail=f"row key/stamps in {info.name}")
        keys.append(key)
    if len(set(keys)) != len(keys):
        raise UserError(DAMAGED, detail=f"duplicate keys in {info.name}")
    empty = db.execute(f"SELECT 1 FROM [{info.name}] LIMIT 1").fetchone() is None  # noqa: S608 - checked name
    local = {} if empty else _local_rows(db, info, columns, keys, pk_at)
    counts = plan.counts
    for key, row in zip(keys, rows, strict=True):
        mine = local.get(key)
        if mine is None:
            plan.inserts.append(row)
            counts.new += 1
            continue
        differing = [columns[i] for i in data_at if row[i] != mine[i]]
        if not differing:
            counts.unchanged += 1
            continue
        incoming_wins = (row[u_at], row[o_at]) > (mine[u_at], mine[o_at])
        if mine[o_at] == row[o_at]:
            # Same version (equal stamps) yet different: our copy came in an aggregate-only bundle
            # and this one has the personal fields — fill them in.
            if row[u_at] >= mine[u_at]:
                plan.updates.append(row)
                counts.updated += 1
            else:
                counts.unchanged += 1  # an older version of a row we already have
            continue
        counts.conflicts += 1
        plan.conflicts.append(Conflict(
            table=info.name, key=list(key), winner="incoming" if incoming_wins else "local",
            local_updated_at=mine[u_at], local_origin=mine[o_at],
            incoming_updated_at=row[u_at], incoming_origin=row[o_at], columns=differing,
        ))
        if incoming_wins:
            plan.updates.append(row)
    return plan


def plan_bundle(db: Database, bundle: Bundle, infos: dict[str, TableInfo], progress: Progress, cancelled: Cancelled,
                base: int = 0, total: int = 0) -> list[TablePlan]:
    plans = []
    ordered = [t for t in exchange_tables(db) if t.name in infos]
    for i, info in enumerate(ordered):
        check_cancelled(cancelled, IMPORT_CANCELLED)
        progress(base + i, total, f"กำลังตรวจ {info.name} ({bundle.row_count(info.name):,} รายการ)")
        plans.append(plan_table(db, bundle, info))
    return plans


def _fill_columns(db: Database, info: TableInfo, present: list[str]) -> list[str]:
    """Columns a new row needs a value for that the bundle left out (NOT NULL, no default)."""
    missing = []
    for _, name, _, notnull, default, pk in db.execute(f"PRAGMA table_info([{info.name}])").fetchall():
        if name not in present and notnull and default is None and not pk:
            missing.append(name)
    return missing


def _apply_plan(db: Database, plan: TablePlan) -> None:
    name, columns, pk = plan.info.name, plan.columns, plan.info.pk
    if plan.inserts:
        fill = _fill_columns(db, plan.info, columns)
        extra = [""] * len(fill)
        merge_rows(db, name, [*columns, *fill], pk, [row + extra for row in plan.inserts] if fill else plan.inserts,
                   existing=False)
    if plan.updates:
        merge_rows(db, name, columns, pk, plan.updates, existing=True)


def _check_foreign_keys(db: Database, tables: list[str]) -> None:
    for table in tables:
        broken = db.execute(f"PRAGMA foreign_key_check([{table}])").fetchone()
        if broken:
            raise UserError(
                f"ข้อมูลในชุดนี้ ({table}) อ้างถึงรายการ{broken[2]}ที่ฐานข้อมูลนี้ยังไม่มี — "
                "อาจยังไม่ได้นำเข้าชุดข้อมูลก่อนหน้า ให้นำเข้าชุดก่อนหน้าก่อน หรือขอให้ผู้ส่งส่งข้อมูลทั้งหมด",
                detail=f"{table} rowid {broken[1]} -> {broken[2]}",
            )


def _record(db: Database, bundle: Bundle, plans: list[TablePlan]) -> None:
    m, now = bundle.manifest, now_iso()
    src = m["source"]
    counts = {p.info.name: asdict(p.counts) for p in plans}
    put_records(db, "bundles_received", ("id",), [{
        "id": bundle.bundle_id, "sender_installation": src["installation_id"], "sender_level": src.get("level"),
        "sender_province_code": src.get("province_code"), "sender_district_code": src.get("district_code"),
        "sender_org_name": src.get("org_name"), "created_at": m["created_at"], "since": m.get("since"),
        "until": m.get("until"), "scope": m["scope"], "schema_version": m["schema_version"],
        "aggregate_only": json.dumps(m.get("aggregate_only", [])), "imported_at": now, "counts": json.dumps(counts),
        "rows_total": bundle.total_rows, "file_name": bundle.file_name, "sha256": bundle.sha256,
        "audit_head": json.dumps(m["audit_head"]) if isinstance(m.get("audit_head"), dict) else None,
    }], on_conflict=("imported_at", "counts", "file_name"))

    def peer(inst: str, office: dict) -> dict:
        return {"installation_id": inst, "level": office.get("level") or "district",
                "province_code": office.get("province_code"), "district_code": office.get("district_code"),
                "org_name": office.get("org_name"), "first_seen_at": now, "last_seen_at": now}

    put_records(db, "exchange_peers", ("installation_id",), [peer(src["installation_id"], src)],
                on_conflict=("level", "province_code", "district_code", "org_name", "last_seen_at"))
    me = installation_id(db)
    # Second-hand (the offices behind a province's rows): never overrides what a sender said itself.
    second_hand = [peer(inst, office) for inst, office in (m.get("origins") or {}).items()
                   if inst != me and isinstance(office, dict)]
    put_records(db, "exchange_peers", ("installation_id",), second_hand, on_conflict="keep")
    put_records(db, "exchange_conflicts", ("bundle_id", "table_name", "row_key"), [{
        "bundle_id": bundle.bundle_id, "table_name": c.table, "row_key": json.dumps(c.key, ensure_ascii=False),
        "winner": c.winner, "local_updated_at": c.local_updated_at, "local_origin": c.local_origin,
        "incoming_updated_at": c.incoming_updated_at, "incoming_origin": c.incoming_origin,
        "columns": json.dumps(c.columns),
    } for p in plans for c in p.conflicts], on_conflict=CONFLICT_COLUMNS)
    totals = {k: sum(c[k] for c in counts.values()) for k in ("new", "updated", "unchanged", "conflicts")}
    audit(db, "import", table_name="bundle", row_id=bundle.bundle_id, kind="bundle", file=bundle.file_name,
          sender=src["installation_id"], **totals)


def _already_imported(db: Database, bundle_id: str) -> bool:
    return db.execute("SELECT 1 FROM bundles_received WHERE id = ?", [bundle_id]).fetchone() is not None


def _report(db: Database, bundle: Bundle, plans: list[TablePlan], *, dry_run: bool, already: bool) -> ImportReport:
    m = bundle.manifest
    conflicts = [asdict(c) for p in plans for c in p.conflicts]
    return ImportReport(
        bundle_id=bundle.bundle_id, file=bundle.file_name, sha256=bundle.sha256, sender=m["source"],
        sender_label=describe_sender(db, m["source"]), destination=m["destination"],
        destination_label=describe_destination(db, m["destination"]), created_at=m["created_at"],
        since=m.get("since"), until=m.get("until"), scope=m["scope"], aggregate_only=m.get("aggregate_only", []),
        dry_run=dry_run, already_imported=already,
        tables={p.info.name: asdict(p.counts) for p in plans},
        conflicts=conflicts[:MAX_LISTED_CONFLICTS], conflicts_total=len(conflicts), files=len(bundle.files),
    )


def import_bundle(
    db: Database,
    path: str | Path,
    password: str,
    *,
    dry_run: bool = False,
    receipt: str | Path | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Verify, preview (dry_run) or merge a bundle file; write a receipt for the sender after a merge.

    `receipt`: where to write it (default: beside the bundle, "<name>.receipt.moir"). Any failure
    before the commit leaves the database exactly as it was.
    """
    progress = progress or no_progress
    cancelled = cancelled or never_cancelled
    progress(0, 0, "กำลังถอดรหัสและตรวจสอบไฟล์")
    bundle = read_bundle_file(path, password)
    infos = check_bundle(db, bundle)
    total = len(infos) + 2
    if dry_run:
        db.execute("BEGIN")  # one snapshot for the whole preview
        try:
            plans = plan_bundle(db, bundle, infos, progress, cancelled, 1, total)
            already = _already_imported(db, bundle.bundle_id)
        finally:
            db.execute("COMMIT")
        progress(total, total, "ตรวจเสร็จแล้ว")
        return _report(db, bundle, plans, dry_run=True, already=already)

    try:
        with write_lock(db):
            db.execute("PRAGMA defer_foreign_keys = ON")
            plans = plan_bundle(db, bundle, infos, progress, cancelled, 1, total)
            already = _already_imported(db, bundle.bundle_id)
            report = _report(db, bundle, plans, dry_run=False, already=already)
            # The same bundle again with nothing to write changes nothing at all (not even the record).
            if not already or any(p.inserts or p.updates for p in plans):
                progress(total - 1, total, "กำลังบันทึกข้อมูล")
                for p in plans:
                    _apply_plan(db, p)
                _check_foreign_keys(db, [p.info.name for p in plans if p.inserts or p.updates])
                _record(db, bundle, plans)
                if cancelled():
                    raise UserError(IMPORT_CANCELLED)
    except cipher.IntegrityError as exc:  # write_lock has rolled everything back
        raise UserError(
            "ข้อมูลในชุดนี้ขัดกับข้อมูลที่มีอยู่ จึงไม่ได้นำเข้า (ฐานข้อมูลไม่เปลี่ยนแปลง)", detail=str(exc)
        ) from exc
    report.files_written = attachments.store(bundle.files)
    target = Path(receipt) if receipt else default_receipt_path(Path(path))
    try:
        report.receipt = str(write_receipt(db, bundle, report, target, password))
    except UserError as exc:  # the merge is done; only the note for the sender is missing
        report.receipt_error = exc.message
    progress(total, total, "นำเข้าเสร็จแล้ว")
    return report
