"""Making a bundle: the rows changed since the last bundle to a destination (or all), encrypted.

Tombstones travel (deleted_at is just a column). The watermark of a destination is where the last
*confirmed* bundle to it stopped (a receipt came back); before any receipt, where the last sent one
stopped. Re-sending a row is harmless — import is idempotent — so the watermark is set a safety
margin before the read began: a write stamped just before the read but committed after it is
sent next time instead of never.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from operator import itemgetter
from pathlib import Path

from moi_desktop import __version__
from moi_desktop.db import Database
from moi_desktop.db.clock import iso, now_utc, to_bangkok
from moi_desktop.db.ids import new_id
from moi_desktop.db.rows import put_records
from moi_desktop.errors import UserError
from moi_desktop.exchange import attachments
from moi_desktop.exchange.container import KIND, MANIFEST_VERSION, build_zip, encode_rows, sha256
from moi_desktop.exchange.crypto import KIND_BUNDLE, password_problem, seal
from moi_desktop.exchange.offices import identity, parse_destination
from moi_desktop.exchange.signing import signing_key
from moi_desktop.exchange.tables import TableInfo, exchange_tables
from moi_desktop.progress import Cancelled, Progress, check_cancelled, never_cancelled, no_progress
from moi_desktop.security import audit
from moi_desktop.security.integrity import audit_anchor
from moi_desktop.security.session import require

SAFETY_MARGIN = timedelta(minutes=2)
EXPORT_CANCELLED = "ยกเลิกการส่งออกแล้ว"
BUNDLE_SUFFIX = ".moib"
ALL_TABLES = "all"


@dataclass
class ExportResult:
    bundle_id: str
    path: str
    destination: str
    scope: str  # all / changes
    since: str | None
    until: str
    counts: dict[str, int]
    aggregate_only: list[str]
    files: int
    size: int
    sha256: str
    rows_total: int = field(init=False)

    def __post_init__(self) -> None:
        self.rows_total = sum(self.counts.values())

    def to_json(self) -> dict:
        return asdict(self)


def watermark(db: Database, destination: str) -> str | None:
    """Where the next incremental bundle to `destination` starts (None: never sent → everything)."""
    for confirmed in (True, False):
        row = db.execute(
            "SELECT watermark FROM bundles_sent WHERE destination = ? AND (confirmed_at IS NOT NULL OR ?) "
            "ORDER BY created_at DESC LIMIT 1",
            [destination, not confirmed],
        ).fetchone()
        if row:
            return row[0]
    return None


def default_file_name(db: Database, created: str | None = None) -> str:
    """e.g. "ชุดข้อมูล-6205-20220830-1430.moib" (office code and Bangkok time)."""
    who = identity(db)
    code = who["district_code"] or who["province_code"]
    stamp = to_bangkok(created or iso(now_utc())).strftime("%Y%m%d-%H%M")
    return f"ชุดข้อมูล-{code}-{stamp}{BUNDLE_SUFFIX}"


def _aggregate_tables(tables: list[TableInfo], names: Iterable[str]) -> set[str]:
    names = list(names)
    known = {t.name for t in tables}
    if ALL_TABLES in names:
        return {t.name for t in tables if t.personal}
    unknown = sorted(set(names) - known)
    if unknown:
        raise UserError(f"ไม่มีตารางชื่อ {', '.join(unknown)} ในข้อมูลที่ส่งได้", field="--aggregate-only")
    return set(names)


def _read_table(db: Database, table: TableInfo, since: str | None,
                omit: frozenset[str]) -> tuple[list[str], list[tuple]]:
    # Table and column names come from this database's schema (exchange_tables); `since` is bound.
    columns = [c for c in table.columns if c not in omit]
    select = ", ".join(f"[{c}]" for c in columns)
    order = ", ".join(f"[{c}]" for c in table.pk)
    if since is None:
        rows = db.execute(f"SELECT {select} FROM [{table.name}] ORDER BY {order}").fetchall()  # noqa: S608
    else:
        rows = db.execute(
            f"SELECT {select} FROM [{table.name}] WHERE updated_at > ? ORDER BY {order}", [since]  # noqa: S608
        ).fetchall()
    return columns, rows


def _known_origins(db: Database) -> dict[str, dict]:
    """Offices behind installation ids this PC has seen, so a receiver can map rows to districts."""
    return {
        r[0]: {"level": r[1], "province_code": r[2], "district_code": r[3], "org_name": r[4]}
        for r in db.execute(
            "SELECT installation_id, level, province_code, district_code, org_name FROM exchange_peers"
        ).fetchall()
    }


def write_atomic(out: Path, data: bytes) -> None:
    if not out.parent.is_dir():
        raise UserError(f"ไม่พบโฟลเดอร์ปลายทาง: {out.parent}", field="--out")
    tmp = out.with_name(f".{out.name}.part")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # a USB stick pulled right after "saved" must still hold the file
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(
            f"บันทึกไฟล์ไม่ได้: {out} — ตรวจสอบว่าแฟลชไดรฟ์ยังเสียบอยู่ ไม่ได้ป้องกันการเขียน และมีที่ว่างพอ",
            detail=str(exc),
        ) from exc


def export_bundle(
    db: Database,
    out: str | Path,
    password: str,
    *,
    destination: str | None = None,
    everything: bool = False,
    aggregate_only: Iterable[str] = (),
    include_files: bool = True,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    log2_n: int | None = None,
) -> ExportResult:
    """Write a bundle to `out` (a file path, or a folder: then a default name inside it).
    Needs exchange.export; recorded in the audit trail."""
    require(db, "exchange.export")
    progress = progress or no_progress
    cancelled = cancelled or never_cancelled
    problem = password_problem(password)
    if problem:
        raise UserError(problem, field="password")
    source = identity(db)
    key = signing_key(db)  # before reading anything: a damaged key file stops here
    dest = parse_destination(db, destination)
    tables = exchange_tables(db)
    aggregate = _aggregate_tables(tables, aggregate_only)
    since = None if everything else watermark(db, dest)
    out = Path(out)

    total = len(tables) + 2
    table_data: dict[str, bytes] = {}
    files: dict[str, bytes] = {}
    entries: dict[str, dict] = {}
    counts: dict[str, int] = {}
    db.execute("BEGIN")  # one snapshot: every table as of the same moment
    try:
        db.execute("SELECT count(*) FROM meta").fetchone()  # the snapshot starts at the first read
        started = now_utc()
        for i, table in enumerate(tables):
            check_cancelled(cancelled, EXPORT_CANCELLED)
            progress(i, total, f"กำลังอ่าน {table.name}")
            omit = table.personal if table.name in aggregate else frozenset()
            columns, rows = _read_table(db, table, since, omit)
            table_data[table.name] = encode_rows(rows)
            entries[table.name] = {
                "columns": columns,
                "pk": list(table.pk),
                "rows": len(rows),
                "tombstones": len(rows) - list(map(itemgetter(columns.index("deleted_at")), rows)).count(None),
                "omitted": sorted(omit),
            }
            counts[table.name] = len(rows)
            if include_files and attachments.wanted(table.name, columns):
                files.update(attachments.collect(table.name, columns, rows))
        origins = _known_origins(db)
    finally:
        db.execute("COMMIT")  # read-only: ends the snapshot

    created = iso(started)
    bundle_id = new_id()
    manifest = {
        "kind": KIND,
        "format_version": MANIFEST_VERSION,
        "bundle_id": bundle_id,
        "schema_version": db.execute("PRAGMA user_version").fetchone()[0],
        "app_version": __version__,
        "created_at": created,
        "source": source,
        "origins": origins,
        "destination": dest,
        "scope": "all" if since is None else "changes",
        "since": since,
        "until": created,
        "aggregate_only": sorted(aggregate),
        "tables": entries,
        "audit_head": audit_anchor(db),  # the receiver keeps the sender's anchored audit head
    }
    check_cancelled(cancelled, EXPORT_CANCELLED)
    progress(len(tables), total, "กำลังเข้ารหัส")
    sealed = seal(build_zip(manifest, table_data, files, key), password, kind=KIND_BUNDLE, log2_n=log2_n)
    if out.is_dir():
        out = out / default_file_name(db, created)
    progress(len(tables) + 1, total, f"กำลังบันทึก {out.name}")
    write_atomic(out, sealed)
    digest = sha256(sealed)
    _record(db, manifest, out, digest, iso(started - SAFETY_MARGIN), counts)
    progress(total, total, "เสร็จแล้ว")
    return ExportResult(
        bundle_id=bundle_id, path=str(out), destination=dest, scope=manifest["scope"], since=since,
        until=created, counts=counts, aggregate_only=sorted(aggregate), files=len(files),
        size=len(sealed), sha256=digest,
    )


def _record(db: Database, manifest: dict, out: Path, digest: str, mark: str, counts: dict[str, int]) -> None:
    # The watermark never moves backwards (a bundle made with a clock set back, for instance).
    previous = watermark(db, manifest["destination"])
    with db.atomic():
        put_records(db, "bundles_sent", ("id",), [{
            "id": manifest["bundle_id"],
            "destination": manifest["destination"],
            "created_at": manifest["created_at"],
            "since": manifest["since"],
            "watermark": max(mark, previous) if previous else mark,
            "scope": manifest["scope"],
            "aggregate_only": json.dumps(manifest["aggregate_only"]),
            "counts": json.dumps(counts),
            "rows_total": sum(counts.values()),
            "file_name": out.name,
            "sha256": digest,
        }])
        personal = sorted(set(manifest["tables"]) - set(manifest["aggregate_only"]))
        audit(db, "export_personal", table_name="bundle", row_id=manifest["bundle_id"], kind="bundle",
              file=out.name, destination=manifest["destination"], rows=sum(counts.values()),
              tables_with_personal_fields=len(personal))
