"""Importing a bundle: verify everything first, preview, then merge in one transaction.

Before any row is read: the envelope, the sizes (limits.py), the signature and every hash
(container.py), then versions, destination and tables (check_bundle), then the sender against
the offices pinned here (trust.check_sender). Rows are then read table by table in bounded
batches; each row is judged by trust.RowRules (matched on the table's primary key):
- not here → new, if the sender may write it (its origin is the sender, or — from this district's
  own province — any office but this one);
- same content (every column but created_at/updated_at/origin) → unchanged, whatever the stamps
  say (rows seeded identically in two offices, a bundle imported twice);
- an older version of a row we hold → unchanged, whoever it names;
- this installation's own row, changed elsewhere → a conflict, listed; ours is kept;
- the sender's office's own row → a newer version is written (equal stamps too: our copy came
  without its personal fields);
- passed on by our province, last changed by two other offices → a conflict, listed; the later
  version wins (ties to the greater installation id);
- anything else (a row of another office, a row not from its origin, a stamp more than a day in
  the future) refuses the whole bundle with a Thai message naming the table and row.
Conflicts are kept in exchange_conflicts and listed in the report.

The merge writes as it reads, inside one write transaction: a refusal anywhere rolls all of it
back, so a refused bundle leaves the database as it was. A dry run judges the same way in a read
snapshot and writes nothing. Columns a bundle left out (personal fields of "aggregate only"
tables) are never touched on rows that exist here, and filled with "" on new rows where the
schema demands a value. Foreign keys are checked at commit (deferred), so parents and children
may arrive in any order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from moi_desktop.db import Database, cipher
from moi_desktop.db.checkpoint import deferred_checkpoint
from moi_desktop.db.clock import now_iso
from moi_desktop.db.rows import installation_id, merge_rows, put_records, write_lock
from moi_desktop.errors import UserError
from moi_desktop.exchange import attachments
from moi_desktop.exchange.container import Bundle, open_zip
from moi_desktop.exchange.crypto import (
    DAMAGED,
    HEADER_LEN,
    KIND_BUNDLE,
    TAG_LEN,
    DerivedKey,
    KeyPrefetch,
    open_envelope_file,
)
from moi_desktop.exchange.limits import DEFAULT_LIMITS, Limits, limits_for
from moi_desktop.exchange.offices import (
    describe_destination,
    describe_sender,
    is_for_us,
    require_office,
)
from moi_desktop.exchange.receipts import default_receipt_path, write_receipt
from moi_desktop.exchange.tables import TableInfo, exchange_tables
from moi_desktop.exchange.trust import RowRules, Sender, Verdict, check_sender, record_pin
from moi_desktop.members.search import REBUILD_MIN_ROWS, bulk_indexing
from moi_desktop.progress import Cancelled, Progress, check_cancelled, never_cancelled, no_progress
from moi_desktop.security import audit
from moi_desktop.security.session import require

STAMPS = ("created_at", "updated_at", "origin")
CONFLICT_COLUMNS = ("winner", "local_updated_at", "local_origin", "incoming_updated_at", "incoming_origin", "columns")
IMPORT_CANCELLED = "ยกเลิกการนำเข้าแล้ว"
BATCH = 200
MAX_LISTED_CONFLICTS = 1000
FTS_BULK_MIN_ROWS = 200  # from here one FTS insert … select beats a trigger run per member

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
class TableResult:
    info: TableInfo
    counts: Counts = field(default_factory=Counts)
    written: bool = False


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
    sender_registration: str = "known"  # new: this bundle registers (pins) its sender here; key; known
    sender_fingerprint: str = ""

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


def read_bundle_file(path: str | Path, password: str, limits: Limits = DEFAULT_LIMITS, *,
                     keys: KeyPrefetch | None = None) -> Bundle:
    """Read, decrypt and check a bundle file (no database involved): sizes, signature, hashes.
    `keys`: key derivations started ahead (import_bundles)."""
    path = Path(path)
    # The file holds the zip plus the envelope's header and tag: its size limit is the zip's.
    derived: list[DerivedKey] = []
    plaintext, digest = open_envelope_file(path, password, kind=KIND_BUNDLE,
                                           max_bytes=limits.file_bytes + HEADER_LEN + TAG_LEN, derived=derived,
                                           keys=keys)
    bundle = open_zip(plaintext, limits)
    bundle.sha256 = digest
    bundle.derived = derived[0]
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
# database's own exchange tables and columns (open_zip() checked their spelling), never other text.
# Values are always bound parameters.


def _local_rows(db: Database, info: TableInfo, columns: list[str], keys: list[tuple], pk_at: list[int],
                local_count: int) -> dict:
    """Local versions of the incoming rows, keyed by primary key."""
    select = ", ".join(f"[{c}]" for c in columns)
    if len(keys) * 4 >= local_count:
        # A large share of the table: one scan beats thousands of index probes.
        rows = db.execute(f"SELECT {select} FROM [{info.name}]").fetchall()  # noqa: S608 - checked names
        wanted = set(keys)
        return {k: row for row in rows if (k := tuple(row[i] for i in pk_at)) in wanted}
    found: dict[tuple, tuple] = {}
    if len(info.pk) > 1:  # probe only keys whose first part is here (a new training's marks: none)
        present = _present(db, info.name, info.pk[0], {k[0] for k in keys})
        keys = [k for k in keys if k[0] in present]
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


def _present(db: Database, table: str, column: str, values: set) -> set:
    """Which of `values` the table's `column` holds (the first column of its primary key: indexed)."""
    listed, found = list(values), set[Any]()
    for start in range(0, len(listed), BATCH * 2):
        chunk = listed[start:start + BATCH * 2]
        found.update(r[0] for r in db.execute(
            f"SELECT DISTINCT [{column}] FROM [{table}] WHERE [{column}] IN ({', '.join('?' * len(chunk))})",  # noqa: S608
            chunk))
    return found


def _fill_columns(db: Database, info: TableInfo, present: list[str]) -> list[str]:
    """Columns a new row needs a value for that the bundle left out (NOT NULL, no default)."""
    missing = []
    for _, name, _, notnull, default, pk in db.execute(f"PRAGMA table_info([{info.name}])").fetchall():
        if name not in present and notnull and default is None and not pk:
            missing.append(name)
    return missing


def _keys_getter(positions: list[int]) -> Callable[[list[list]], list[tuple]]:
    """rows → their primary keys, each a tuple (one column or several), made in C-level maps."""
    if len(positions) == 1:
        one = itemgetter(positions[0])
        return lambda rows: list(zip(map(one, rows)))
    several = itemgetter(*positions)
    return lambda rows: list(map(several, rows))


@contextmanager
def _bulk_writes(db: Database, table: str, incoming: int, local_count: int) -> Iterator[None]:
    """Write many rows the way a bulk load does, inside the merge's transaction (a refusal rolls
    the DDL back too): members index their search text once (members.search.bulk_indexing), and
    a table that receives at least as many rows as it holds rebuilds its plain indexes once at
    the end instead of inserting into each B-tree row by row."""
    if table == "members":
        if incoming >= FTS_BULK_MIN_ROWS:
            with bulk_indexing(db, rows=incoming):
                yield
            return
    elif incoming >= REBUILD_MIN_ROWS and incoming >= local_count:
        # Plain indexes only (sql is NULL for a primary key's; a UNIQUE one must check each row).
        indexes = [(name, sql) for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            [table]) if "UNIQUE" not in sql.upper()]
        for name, _ in indexes:
            db.execute(f"DROP INDEX [{name}]")
        yield
        for _, sql in indexes:
            db.execute(sql)
        return
    yield


class _Merge:
    """One pass over a bundle's rows: judge each, and (unless `apply` is False) write as it goes."""

    def __init__(self, db: Database, bundle: Bundle, rules: RowRules, *, apply: bool, record_conflicts: bool,
                 progress: Progress, cancelled: Cancelled) -> None:
        self.db, self.bundle, self.rules = db, bundle, rules
        self.apply, self.record_conflicts = apply, record_conflicts
        self.progress, self.cancelled = progress, cancelled
        self.conflicts: list[Conflict] = []
        self.conflicts_total = 0
        self.parents = _Parents(db)

    def run(self, infos: dict[str, TableInfo], base: int, total: int) -> list[TableResult]:
        ordered = [t for t in exchange_tables(self.db) if t.name in infos]
        results = []
        for i, info in enumerate(ordered):
            check_cancelled(self.cancelled, IMPORT_CANCELLED)
            self.progress(base + i, total, f"กำลังตรวจ {info.name} ({self.bundle.row_count(info.name):,} รายการ)")
            results.append(self.table(info))
        return results

    def table(self, info: TableInfo) -> TableResult:
        result = TableResult(info=info)
        if self.bundle.row_count(info.name):
            with ExitStack() as bulk:  # entered before the first insert, if there is one
                self._rows(info, result, bulk)
        return result

    def _rows(self, info: TableInfo, result: TableResult, bulk: ExitStack) -> None:
        db, bundle, name = self.db, self.bundle, info.name
        columns = bundle.columns(name)
        pk_at = [columns.index(c) for c in info.pk]
        data_at = [i for i, c in enumerate(columns) if c not in STAMPS]
        u_at, o_at = columns.index("updated_at"), columns.index("origin")
        stamps_at = [(i, c) for i, c in enumerate(columns) if c in ("created_at", "updated_at", "deleted_at")]
        local_count = db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]  # noqa: S608 - checked name
        fill = _fill_columns(db, info, columns) if self.apply else []
        bulk_ready = False
        counts = result.counts
        keys_of = _keys_getter(pk_at)
        stamps_of = itemgetter(u_at, o_at)
        for batch in bundle.batches(name):
            check_cancelled(self.cancelled, IMPORT_CANCELLED)
            keys = keys_of(batch)
            if None in set(chain.from_iterable(keys)) or not set(
                    map(type, chain.from_iterable(map(stamps_of, batch)))) <= {str}:
                raise UserError(DAMAGED, detail=f"row key/stamps in {name}")
            for i, column in stamps_at:
                self.rules.check_stamps(name, keys, column, list(map(itemgetter(i), batch)))
            if len(set(keys)) != len(keys):
                raise UserError(DAMAGED, detail=f"duplicate keys in {name}")
            local = _local_rows(db, info, columns, keys, pk_at, local_count) if local_count else {}
            inserts, updates, conflicts = [], [], []
            if not local:  # none of these rows is here: each is new if its origin may write it
                for origin in {row[o_at] for row in batch}:
                    first = next(i for i, row in enumerate(batch) if row[o_at] == origin)
                    self.rules.judge(name, keys[first], origin, batch[first][u_at], None, False)  # or refuses
                inserts = [row + [""] * len(fill) for row in batch] if fill else list(batch)
                counts.new += len(batch)
                batch = []
            for key, row in zip(keys, batch, strict=False):
                mine = local.get(key)
                differing = [columns[i] for i in data_at if row[i] != mine[i]] if mine is not None else []
                verdict = self.rules.judge(name, key, row[o_at], row[u_at],
                                           (mine[o_at], mine[u_at]) if mine is not None else None, bool(differing))
                if verdict == Verdict.NEW:
                    inserts.append(row + [""] * len(fill) if fill else row)
                    counts.new += 1
                elif verdict == Verdict.UPDATE:
                    updates.append(row)
                    counts.updated += 1
                elif verdict == Verdict.UNCHANGED:
                    counts.unchanged += 1
                elif mine is not None:  # a conflict: only ever about a row we hold
                    incoming = verdict == Verdict.CONFLICT_INCOMING
                    counts.conflicts += 1
                    conflicts.append(Conflict(
                        table=name, key=list(key), winner="incoming" if incoming else "local",
                        local_updated_at=mine[u_at], local_origin=mine[o_at], incoming_updated_at=row[u_at],
                        incoming_origin=row[o_at], columns=differing,
                    ))
                    if incoming:
                        updates.append(row)
            self.conflicts_total += len(conflicts)
            self.conflicts.extend(conflicts[:max(0, MAX_LISTED_CONFLICTS - len(self.conflicts))])
            if self.apply:
                if inserts and not bulk_ready:  # nothing new, no DDL: a re-import leaves the file as it was
                    bulk.enter_context(_bulk_writes(db, name, bundle.row_count(name), local_count))
                    bulk_ready = True
                merge_rows(db, name, [*columns, *fill], info.pk, inserts, existing=False)
                merge_rows(db, name, columns, info.pk, updates, existing=True)
                self.parents.add(name, [*columns, *fill], inserts, new=True)
                self.parents.add(name, columns, updates, new=False)
                result.written = result.written or bool(inserts or updates)
                if self.record_conflicts:
                    _record_conflicts(db, bundle.bundle_id, conflicts)


def _record_conflicts(db: Database, bundle_id: str, conflicts: list[Conflict]) -> None:
    put_records(db, "exchange_conflicts", ("bundle_id", "table_name", "row_key"), [{
        "bundle_id": bundle_id, "table_name": c.table, "row_key": json.dumps(c.key, ensure_ascii=False),
        "winner": c.winner, "local_updated_at": c.local_updated_at, "local_origin": c.local_origin,
        "incoming_updated_at": c.incoming_updated_at, "incoming_origin": c.incoming_origin,
        "columns": json.dumps(c.columns),
    } for c in conflicts], on_conflict=CONFLICT_COLUMNS)


def _check_foreign_keys(db: Database, tables: list[str]) -> None:
    """The whole-table check (PRAGMA foreign_key_check): names the first row whose parent is missing."""
    for table in tables:
        broken = db.execute(f"PRAGMA foreign_key_check([{table}])").fetchone()
        if broken:
            raise UserError(
                f"ข้อมูลในชุดนี้ ({table}) อ้างถึงรายการ{broken[2]}ที่ฐานข้อมูลนี้ยังไม่มี — "
                "อาจยังไม่ได้นำเข้าชุดข้อมูลก่อนหน้า ให้นำเข้าชุดก่อนหน้าก่อน หรือขอให้ผู้ส่งส่งข้อมูลทั้งหมด",
                detail=f"{table} rowid {broken[1]} -> {broken[2]}",
            )


@dataclass(frozen=True)
class _ForeignKey:
    column: str
    parent: str
    parent_column: str


class _Parents:
    """The parents the merge's written rows point at, checked once all tables are written.

    A whole-table PRAGMA foreign_key_check costs as much as the table is large — at a province,
    more with every district merged. This looks up only the distinct parent values the written
    rows name, through the parents' keys. Where it cannot judge a table alone (a composite or
    implicit parent key, a new row whose reference column the bundle left to the schema's default)
    or finds a value missing, the whole-table check runs for that table and names the row. SQLite
    itself refuses the commit on any broken reference besides (foreign keys on, deferred)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.keys: dict[str, list[_ForeignKey] | None] = {}  # None: only the whole-table check judges it
        self.wanted: dict[tuple[str, _ForeignKey], set] = {}
        self.whole: list[str] = []

    def _keys(self, table: str) -> list[_ForeignKey] | None:
        if table not in self.keys:
            found: dict[int, list[tuple]] = {}
            for row in self.db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
                found.setdefault(row[0], []).append(row)
            keys = [_ForeignKey(parts[0][3], parts[0][2], parts[0][4]) for parts in found.values()]
            judged = all(len(parts) == 1 and parts[0][4] is not None for parts in found.values())
            self.keys[table] = keys if judged else None
        return self.keys[table]

    def add(self, table: str, columns: list[str], rows: list, *, new: bool) -> None:
        """Rows written to `table` (value lists in `columns` order); `new`: inserted, so a reference
        column not among `columns` holds the schema's default."""
        if not rows or table in self.whole:
            return
        keys = self._keys(table)
        if keys is None or (new and any(k.column not in columns for k in keys)):
            self.whole.append(table)
            return
        for key in keys:
            if key.column in columns:
                at = columns.index(key.column)
                values = self.wanted.setdefault((table, key), set())
                values.update(map(itemgetter(at), rows))

    def check(self) -> None:
        """Refuse the bundle (UserError naming the row) if a written row's parent is missing."""
        suspect = list(self.whole)
        for (table, key), values in self.wanted.items():
            values.discard(None)  # NULL references nothing (MATCH SIMPLE)
            if table in suspect or not values:
                continue
            listed = list(values)
            for start in range(0, len(listed), BATCH * 2):
                chunk = listed[start:start + BATCH * 2]
                found = self.db.execute(
                    f"SELECT count(*) FROM [{key.parent}] WHERE [{key.parent_column}] IN "  # noqa: S608 - schema names
                    f"({', '.join('?' * len(chunk))})", chunk).fetchone()[0]
                if found < len(chunk):  # one missing (or a value stored under another type: the full check says)
                    suspect.append(table)
                    break
        _check_foreign_keys(self.db, suspect)


def _record(db: Database, bundle: Bundle, results: list[TableResult], sender: Sender) -> None:
    m, now = bundle.manifest, now_iso()
    src = m["source"]
    counts = {r.info.name: asdict(r.counts) for r in results}
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
    if sender.relay:
        # Second-hand (the offices behind our province's rows): only from our own province, and
        # never overriding what an office said itself. A district's list of offices is not taken.
        me = installation_id(db)
        second_hand = [peer(inst, office) for inst, office in (m.get("origins") or {}).items()
                       if inst != me and isinstance(office, dict)]
        put_records(db, "exchange_peers", ("installation_id",), second_hand, on_conflict="keep")
    record_pin(db, sender, bundle.bundle_id)
    totals = {k: sum(c[k] for c in counts.values()) for k in ("new", "updated", "unchanged", "conflicts")}
    audit(db, "import", table_name="bundle", row_id=bundle.bundle_id, kind="bundle", file=bundle.file_name,
          sender=src["installation_id"], **totals)


def _already_imported(db: Database, bundle_id: str) -> bool:
    return db.execute("SELECT 1 FROM bundles_received WHERE id = ?", [bundle_id]).fetchone() is not None


def _report(db: Database, bundle: Bundle, merge: _Merge, results: list[TableResult], sender: Sender, *,
            dry_run: bool, already: bool) -> ImportReport:
    m = bundle.manifest
    return ImportReport(
        bundle_id=bundle.bundle_id, file=bundle.file_name, sha256=bundle.sha256, sender=m["source"],
        sender_label=describe_sender(db, m["source"]), destination=m["destination"],
        destination_label=describe_destination(db, m["destination"]), created_at=m["created_at"],
        since=m.get("since"), until=m.get("until"), scope=m["scope"], aggregate_only=m.get("aggregate_only", []),
        dry_run=dry_run, already_imported=already,
        tables={r.info.name: asdict(r.counts) for r in results},
        conflicts=[asdict(c) for c in merge.conflicts], conflicts_total=merge.conflicts_total,
        files=len(bundle.file_paths), sender_registration=sender.registration, sender_fingerprint=sender.fingerprint,
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
    keys: KeyPrefetch | None = None,
) -> ImportReport:
    """Verify, preview (dry_run) or merge a bundle file; write a receipt for the sender after a merge.

    `receipt`: where to write it (default: beside the bundle, "<name>.receipt.moir"). Any failure
    before the commit leaves the database exactly as it was. Needs exchange.import (a preview too:
    it compares the bundle with this office's data). `keys`: key derivations started ahead.
    """
    require(db, "exchange.import")
    progress = progress or no_progress
    cancelled = cancelled or never_cancelled
    progress(0, 0, "กำลังถอดรหัสและตรวจสอบไฟล์")
    bundle = read_bundle_file(path, password, limits_for(db), keys=keys)
    try:
        infos = check_bundle(db, bundle)
        sender = check_sender(db, bundle.manifest["source"])
        rules = RowRules(db, sender)
        total = len(infos) + 2
        if dry_run:
            db.execute("BEGIN")  # one snapshot for the whole preview
            try:
                merge = _Merge(db, bundle, rules, apply=False, record_conflicts=False, progress=progress,
                               cancelled=cancelled)
                results = merge.run(infos, 1, total)
                already = _already_imported(db, bundle.bundle_id)
            finally:
                db.execute("COMMIT")
            progress(total, total, "ตรวจเสร็จแล้ว")
            return _report(db, bundle, merge, results, sender, dry_run=True, already=already)

        try:
            # The merge's commit leaves its pages in the WAL; they are checkpointed on another
            # thread while the photos and the receipt are written (db/checkpoint.py).
            with deferred_checkpoint(db), write_lock(db):
                db.execute("PRAGMA defer_foreign_keys = ON")
                already = _already_imported(db, bundle.bundle_id)
                # A bundle imported before has its conflicts listed already: the same bundle again
                # with nothing to write changes nothing at all (not even the record).
                merge = _Merge(db, bundle, rules, apply=True, record_conflicts=not already, progress=progress,
                               cancelled=cancelled)
                results = merge.run(infos, 1, total)
                report = _report(db, bundle, merge, results, sender, dry_run=False, already=already)
                written = [r.info.name for r in results if r.written]
                if not already or written:
                    progress(total - 1, total, "กำลังบันทึกข้อมูล")
                    merge.parents.check()
                    _record(db, bundle, results, sender)
                    if cancelled():
                        raise UserError(IMPORT_CANCELLED)
        except cipher.IntegrityError as exc:  # write_lock has rolled everything back
            raise UserError(
                "ข้อมูลในชุดนี้ขัดกับข้อมูลที่มีอยู่ จึงไม่ได้นำเข้า (ฐานข้อมูลไม่เปลี่ยนแปลง)", detail=str(exc)
            ) from exc
        report.files_written = attachments.store(bundle)
    finally:
        bundle.close()
    target = Path(receipt) if receipt else default_receipt_path(Path(path))
    try:
        report.receipt = str(write_receipt(db, report, target, password, bundle.derived))
    except UserError as exc:  # the merge is done; only the note for the sender is missing
        report.receipt_error = exc.message
    progress(total, total, "นำเข้าเสร็จแล้ว")
    return report


def import_bundles(db: Database, paths: Sequence[str | Path], password: str, *, dry_run: bool = False,
                   progress: Progress | None = None, cancelled: Cancelled | None = None) -> Iterator[ImportReport]:
    """import_bundle() of each file in turn (a province taking in its districts), each merged in its
    own transaction and yielded as it is done; the first failure stops the run (the files before it
    stay merged). While one file merges, the next file's key is derived on the other core."""
    require(db, "exchange.import")
    report_progress = progress or no_progress
    with KeyPrefetch(password) as keys:
        for i, path in enumerate(paths):
            if i + 1 < len(paths):  # the first file's key is derived as it opens: nothing to overlap yet
                keys.start(paths[i + 1])

            def step(done: int, total: int, message: str = "", at: int = i) -> None:
                report_progress(done, total, f"ไฟล์ที่ {at + 1}/{len(paths)}: {message}")

            yield import_bundle(db, path, password, dry_run=dry_run, progress=step, cancelled=cancelled, keys=keys)
