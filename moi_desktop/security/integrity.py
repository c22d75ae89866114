"""Tamper evidence beyond the audit chain: row seals, the audit table's guards, the anchored head.

The hash chain (audit.py) shows an entry edited or removed in the middle, but anyone with the
database key could edit a data row, drop the append-only triggers, cut the newest entries off or
recompute the whole chain with the public entry_hash(). Three checks close those gaps; verify()
runs them all with the chain:

- **Row seals.** Every row of a sealed table (all tables with the sync bookkeeping — the same
  set that travels in bundles, plus the office profile, accounts and the breach register) has
  a seal in `row_seals`: a keyed MAC (BLAKE2b) of the row as the program last wrote it, under the audit key
  derived from the PC secret (keystore.py), which is not in the database. Every write through
  db/rows.py reseals the rows it touched — audited or not (marks, merges, bundle rows), inside
  the same transaction. verify() recomputes each seal: a row changed, added or removed behind
  the program's back shows. Rows written before this existed are sealed at the first open
  (trust on first use); rows a migration inserts are sealed at the open that ran it.
- **Guards.** The two triggers that make audit_log append-only must exist with their bodies.
- **Anchored head.** The chain's last entry (seq, hash) with an HMAC under the audit key is kept
  outside the database: in a file per database path in the data folder (anchors/), refreshed
  after each command, each GUI write and each explicit audit event; in every backup (meta
  `audit_anchor`); and in every bundle's manifest (`audit_head`), which the province keeps. A
  chain shorter than an anchor, or whose entry at the anchor's seq has another hash, was cut or
  rewritten; an anchor whose MAC fails was forged.

What it cannot see is said in the README ("What the audit trail can and cannot detect").
"""

import hashlib
import hmac
import json
import logging
import marshal
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.changes import Change, RowKey, listen
from moi_desktop.db.connection import OPEN_HOOKS, database_file, secret_of
from moi_desktop.db.rows import installation_id, set_meta
from moi_desktop.paths import data_dir
from moi_desktop.progress import Progress
from moi_desktop.security import keystore
from moi_desktop.security.audit import AFTER_EVENT, GENESIS, VerifyResult, audit, verify_chain
from moi_desktop.security.session import bookkeeping

log = logging.getLogger(__name__)

SEALS = "row_seals"  # the table (named literally in the SQL below)
ANCHOR_META = "audit_anchor"
SEALED_VERSION_META = "row_seals_version"
SYNC_MARKERS = frozenset({"updated_at", "origin", "deleted_at"})
MAC_BYTES = 16
GUARDS = {
    "audit_log_no_update": "BEFORE UPDATE ON audit_log",
    "audit_log_no_delete": "BEFORE DELETE ON audit_log",
}
_CHUNK = 500
_FEW = 8


# -- keys and row shapes -------------------------------------------------------------------------
def _mac_key(db: Database) -> bytes:
    key: bytes | None = db.__dict__.get("_moi_audit_key")
    if key is None:
        key = db.__dict__["_moi_audit_key"] = keystore.audit_key(secret_of(db))
    return key


@dataclass(frozen=True)
class TableShape:
    name: str
    columns: tuple[str, ...]
    pk: tuple[str, ...]


def _schema_version(db: Database) -> int:
    version: int = db.conn.execute("PRAGMA schema_version").fetchone()[0]
    return version


def sealed_tables(db: Database, version: int | None = None) -> dict[str, TableShape]:
    """The tables whose rows are sealed, with their columns (in table order) and key — read again
    whenever the schema changed (a table made or altered on this connection; `version`: the
    schema version the caller just read)."""
    if version is None:
        version = _schema_version(db)
    cached: tuple[int, dict[str, TableShape]] | None = db.__dict__.get("_moi_sealed_tables")
    if cached is not None and cached[0] == version:
        return cached[1]
    found: dict[str, TableShape] = {}
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for name in names:
        info = db.execute(f"PRAGMA table_info([{name}])").fetchall()
        columns = tuple(c[1] for c in info)
        if not SYNC_MARKERS <= set(columns):
            continue
        pk = tuple(c[1] for c in sorted(info, key=lambda c: c[5]) if c[5])
        if pk:  # every sync table has a key; a table without one is nobody's data
            found[name] = TableShape(name, columns, pk)
    db.__dict__["_moi_sealed_tables"] = (version, found)
    return found


_KEY_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _key_text(key: Sequence[Any]) -> str:
    """A row's key as stored in row_seals (the audit trail's row_id form: text, or a JSON list).
    Keys of plain strings (ids) are joined directly — the text json.dumps writes, ~10× faster."""
    if len(key) == 1:
        return str(key[0])
    try:
        joined = '","'.join(key)
    except TypeError:  # not all text
        return _KEY_JSON(list(key))
    # No quote, backslash or control character in any part: JSON writes each as itself.
    if joined.isprintable() and "\\" not in joined and joined.count('"') == 2 * (len(key) - 1):
        return '["' + joined + '"]'
    return _KEY_JSON(list(key))


def _key_texts(keys: list[tuple[Any, ...]], width: int) -> list[str]:
    """_key_text of each composite key, its checks made once over the whole list (the common case:
    all parts plain text)."""
    try:
        inner = list(map('","'.join, keys))
    except TypeError:  # not all text
        return [_key_text(k) for k in keys]
    everything = "".join(inner)
    if everything.isprintable() and "\\" not in everything and everything.count('"') == 2 * (width - 1) * len(keys):
        return ['["' + text + '"]' for text in inner]
    return [_key_text(k) for k in keys]


# The sealed message: (table, key text, values) in marshal's version-2 form, which has no
# back-references (its bytes depend on the values alone, never on which objects are shared) and
# tags every value with its type and length — one exact form per row, built in C at ~4× the speed
# of repr(). Version 2 is a fixed historical format: later Pythons still write it byte for byte.
_MARSHAL_VERSION = 2


def _message(table: str, key_text: str, values: tuple[Any, ...]) -> bytes:
    return marshal.dumps((table, key_text, values), _MARSHAL_VERSION)


def _legacy_message(table: str, key_text: str, values: tuple[Any, ...]) -> bytes:
    """The form seals were first written in (repr, UTF-8): still accepted from rows not written
    since. It can never equal a marshal message — repr starts "('", marshal "(" and a length byte."""
    return repr((table, key_text, values)).encode("utf-8")


def _seal(mac_key: bytes, table: str, key_text: str, values: tuple[Any, ...]) -> bytes:
    """Keyed BLAKE2b (a MAC by design, and 4× faster than HMAC per call: verify seals every row)
    over the row's values: text, integers, reals, NULL and blobs each have one fixed form."""
    return hashlib.blake2b(_message(table, key_text, values), key=mac_key, digest_size=MAC_BYTES).digest()


def _seal_matches(mac_key: bytes, table: str, key_text: str, values: tuple[Any, ...], stored: bytes) -> bool:
    if hmac.compare_digest(_seal(mac_key, table, key_text, values), stored):
        return True
    legacy = hashlib.blake2b(_legacy_message(table, key_text, values), key=mac_key, digest_size=MAC_BYTES).digest()
    return hmac.compare_digest(legacy, stored)


def _seals(mac_key: bytes, table: str, key_texts: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> list[bytes]:
    """_seal of each row (with its key text), the same bytes: the per-row steps run as C-level maps
    (no Python frame per row), and the MAC's parameters are bound once."""
    messages = map(marshal.dumps, zip(repeat(table), key_texts, rows), repeat(_MARSHAL_VERSION))
    return list(map(_DIGEST, map(partial(hashlib.blake2b, key=mac_key, digest_size=MAC_BYTES), messages)))


_DIGEST = hashlib.blake2b.digest


def _rows_by_key(db: Database, shape: TableShape, keys: Sequence[RowKey]) -> Iterator[tuple[Any, ...]]:
    """The stored rows (all columns, table order) of the given keys."""
    cols = ", ".join(f"[{c}]" for c in shape.columns)
    width = len(shape.pk)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        if width == 1:
            sql = f"SELECT {cols} FROM [{shape.name}] WHERE [{shape.pk[0]}] IN ({', '.join('?' * len(chunk))})"  # noqa: S608 - names from the schema
            params: list[Any] = list(chunk)
        else:
            row_value = "(" + ", ".join("?" * width) + ")"
            key_cols = ", ".join(f"[{c}]" for c in shape.pk)
            sql = (f"SELECT {cols} FROM [{shape.name}] WHERE ({key_cols}) IN "  # noqa: S608 - names from the schema
                   f"(VALUES {', '.join([row_value] * len(chunk))})")
            params = [part for key in chunk for part in key]
        yield from db.conn.execute(sql, params)


def _key_positions(shape: TableShape) -> list[int]:
    return [shape.columns.index(c) for c in shape.pk]


def _seal_rows(db: Database, shape: TableShape, keys: Sequence[RowKey]) -> None:
    """(Re)seal the rows with these keys; drop the seals of keys no longer stored."""
    if not keys:
        return
    mac_key, positions, ncols = _mac_key(db), _key_positions(shape), len(shape.columns)
    written: dict[str, tuple[str, str, int, bytes]] = {}
    name = shape.name
    if len(positions) == 1:
        at = positions[0]
        for row in _rows_by_key(db, shape, keys):
            text = str(row[at])
            written[text] = (name, text, ncols, _seal(mac_key, name, text, row))
    else:
        for row in _rows_by_key(db, shape, keys):
            text = _key_text([row[i] for i in positions])
            written[text] = (name, text, ncols, _seal(mac_key, name, text, row))
    gone: list[tuple[str, str]] = []
    if len(written) < len(set(keys)):  # some rows are no longer stored (else every key was found)
        wanted = {_key_text(k if isinstance(k, tuple) else (k,)) for k in keys}
        gone = [(name, k) for k in wanted - written.keys()]
    conn = db.conn
    if written:
        conn.executemany("INSERT OR REPLACE INTO row_seals (table_name, row_key, ncols, mac) VALUES (?, ?, ?, ?)",
                         list(written.values()))
    if gone:
        conn.executemany("DELETE FROM row_seals WHERE table_name = ? AND row_key = ?", gone)


# Python types a column of each affinity stores exactly as given (SQLite's affinity rules): a value
# of another type could be converted on the way in (an int into TEXT becomes text, a float into
# INTEGER or "" into nothing), and a NaN float is stored as NULL — floats are never taken on trust.
_KEPT_TYPES: dict[str, frozenset[type]] = {
    "TEXT": frozenset({str, type(None)}),
    "INTEGER": frozenset({int, type(None)}),
    "NUMERIC": frozenset({int, type(None)}),
    "REAL": frozenset({type(None)}),
    "BLOB": frozenset({str, int, bytes, type(None)}),
}
_WRITES_TO = re.compile(
    r"\b(?:update(?:\s+or\s+\w+)?|insert(?:\s+or\s+\w+)?\s+into|replace\s+into|delete\s+from)\s+[\[\"`]?(\w+)",
    re.IGNORECASE)


def _affinity(declared: str) -> str:
    upper = declared.upper()
    if "INT" in upper:
        return "INTEGER"
    if any(t in upper for t in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if not upper or "BLOB" in upper:
        return "BLOB"
    if any(t in upper for t in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def _kept_types(db: Database, shape: TableShape, version: int) -> tuple[frozenset[type], ...] | None:
    """Per column (table order), the value types stored exactly as bound; None when a trigger on
    the table writes to the table itself (a row could differ from what was inserted or returned).
    `version`: the schema version the caller just read."""
    cache: dict[str, Any] = db.__dict__.setdefault("_moi_kept_types", {})
    if cache.get("version") != version:
        cache.clear()
        cache["version"] = version
    if shape.name not in cache:
        triggers = db.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                   [shape.name]).fetchall()
        if any(name.lower() == shape.name.lower() for (sql,) in triggers for name in _WRITES_TO.findall(sql or "")):
            cache[shape.name] = None
        else:
            declared = {r[1]: r[2] for r in db.conn.execute(f"PRAGMA table_info([{shape.name}])")}
            cache[shape.name] = tuple(_KEPT_TYPES[_affinity(declared[c])] for c in shape.columns)
    kept: tuple[frozenset[type], ...] | None = cache[shape.name]
    return kept


def _inserted_rows(db: Database, shape: TableShape, written: tuple[Sequence[str], Sequence[Sequence[Any]]],
                   version: int) -> list[tuple[Any, ...]] | None:
    """The rows a plain INSERT just wrote, in table order, taken from the values bound to it —
    only when every column was bound and every value is stored exactly as given (else None: the
    caller reads the rows back)."""
    columns, rows = written
    if len(columns) != len(shape.columns) or set(columns) != set(shape.columns):
        return None
    kept = _kept_types(db, shape, version)
    if kept is None:
        return None
    if tuple(columns) == shape.columns:
        ordered = list(map(tuple, rows))
    else:
        ordered = list(map(itemgetter(*[list(columns).index(c) for c in shape.columns]), rows))
    if len(ordered) <= _FEW:  # a row or two (a mark): each value checked directly
        ok = all(type(value) in allowed for row in ordered for value, allowed in zip(row, kept, strict=True))
        return ordered if ok else None
    for column, allowed in zip(zip(*ordered, strict=True), kept, strict=True):  # column by column, at C speed
        if not set(map(type, column)) <= allowed:
            return None
    return ordered


def _seal_written(db: Database, shape: TableShape, rows: list[tuple[Any, ...]]) -> None:
    mac_key, positions, ncols, name = _mac_key(db), _key_positions(shape), len(shape.columns), shape.name
    if len(positions) == 1:
        at = positions[0]
        texts = [str(row[at]) for row in rows]
    else:
        texts = _key_texts(list(map(itemgetter(*positions), rows)), len(positions))
    sql = "INSERT OR REPLACE INTO row_seals (table_name, row_key, ncols, mac) VALUES (?, ?, ?, ?)"
    if len(rows) == 1:  # a mark's row: one statement costs less than executemany's setup
        db.conn.execute(sql, (name, texts[0], ncols, _seal(mac_key, name, texts[0], rows[0])))
        return
    db.conn.executemany(sql, zip(repeat(name), texts, repeat(ncols), _seals(mac_key, name, texts, rows), strict=False))


def _ready(db: Database) -> bool:
    if db.__dict__.get("_moi_seals_ready"):
        return True
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [SEALS]).fetchone()
    if found:
        db.__dict__["_moi_seals_ready"] = True
    return found is not None


def _on_change(db: Database, change: Change) -> None:
    if not _ready(db):
        return
    version = _schema_version(db)
    shape = sealed_tables(db, version).get(change.table)
    if shape is None:
        return
    if not change.replaced:  # the rows as written are at hand: seal them without reading them back
        # (RETURNING gives the row before any trigger ran: a table whose trigger rewrites its own
        # rows has no kept types, and is read back)
        if change.stored is not None and _kept_types(db, shape, version) is not None:
            _seal_written(db, shape, [tuple(row) for row in change.stored])
            return
        if change.action in ("create", "merge-create") and change.written is not None:
            rows = _inserted_rows(db, shape, change.written, version)
            if rows is not None:
                _seal_written(db, shape, rows)
                return
    _seal_rows(db, shape, [*change.ids, *change.replaced])


# -- sealing whole tables --------------------------------------------------------------------------
def _unsealed_keys(db: Database, shape: TableShape) -> list[RowKey]:
    key_cols = ", ".join(f"t.[{c}]" for c in shape.pk)
    if len(shape.pk) == 1:
        text = f"CAST(t.[{shape.pk[0]}] AS TEXT)"
    else:
        text = f"json_array({key_cols})"
    rows = db.execute(
        f"SELECT {key_cols} FROM [{shape.name}] t WHERE NOT EXISTS "  # noqa: S608 - names from the schema
        f"(SELECT 1 FROM row_seals s WHERE s.table_name = ? AND s.row_key = {text})", [shape.name]).fetchall()
    return [r[0] if len(r) == 1 else tuple(r) for r in rows]


def seal_unsealed(db: Database) -> dict[str, int]:
    """Seal every row that has no seal yet (after an upgrade, or rows a migration inserted)."""
    sealed: dict[str, int] = {}
    with db.atomic():
        for shape in sealed_tables(db).values():
            keys = _unsealed_keys(db, shape)
            _seal_rows(db, shape, keys)
            if keys:
                sealed[shape.name] = len(keys)
    return sealed


def _on_open(db: Database) -> None:
    """After migrations: seal what a new schema version brought, once per version."""
    listen(db, _on_change)
    if not _ready(db):
        return
    version = str(db.execute("PRAGMA user_version").fetchone()[0])
    row = db.execute("SELECT value FROM meta WHERE key = ?", [SEALED_VERSION_META]).fetchone()
    if row and row[0] == version:
        return
    had_trail = db.execute("SELECT 1 FROM audit_log LIMIT 1").fetchone() is not None
    with db.atomic():
        sealed = seal_unsealed(db)
        with bookkeeping(db):  # the program's own record, at an open nobody has logged in to yet
            set_meta(db, SEALED_VERSION_META, version)
        if sealed and had_trail:  # on an existing database the baseline is itself evidence
            audit(db, "seal_baseline", schema_version=int(version), rows=sum(sealed.values()), tables=sealed)


if _on_open not in OPEN_HOOKS:
    OPEN_HOOKS.append(_on_open)


def reseal(db: Database, *, previous_secret: bytes | None, reason: str) -> None:
    """Seal every row again under this database's key (a restore of a backup made under another
    secret). The rows that did not match their old seals are counted in the audit entry first."""
    mismatched, anchor_problems = 0, list[str]()
    stored = db.execute("SELECT value FROM meta WHERE key = ?", [ANCHOR_META]).fetchone()
    if previous_secret is not None:
        old_key = keystore.audit_key(previous_secret)
        mismatched = len(list(_row_problems(db, old_key)))
        if stored:
            _check_anchor(db, json.loads(stored[0]), "", anchor_problems, old_key)
    with db.atomic():
        db.execute("DELETE FROM row_seals")
        sealed = seal_unsealed(db)
        audit(db, "seal_baseline", reason=reason, rows=sum(sealed.values()), mismatched_before=mismatched,
              anchor_problems_before=len(anchor_problems), checked_before=previous_secret is not None)
        if stored:
            stamp_anchor(db)  # the copy's anchor, MAC'd again under this database's key


# -- anchors ---------------------------------------------------------------------------------------
def _head(db: Database) -> tuple[int, str]:
    row = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def _anchor_mac(key: bytes, installation: str, seq: int, digest: str) -> str:
    return hmac.new(key, f"audit-anchor\n{installation}\n{seq}\n{digest}".encode(), hashlib.sha256).hexdigest()


def audit_anchor(db: Database) -> dict[str, Any]:
    """The chain's head with its MAC: what bundles, backups and the local anchor file carry."""
    seq, digest = _head(db)
    inst = installation_id(db)
    return {"installation_id": inst, "seq": seq, "hash": digest, "mac": _anchor_mac(_mac_key(db), inst, seq, digest)}


def stamp_anchor(db: Database) -> None:
    """Store the anchor in the database's own meta, so that a backup copied now carries it."""
    with bookkeeping(db):  # the program's own record: whoever may back up or restore stamps it
        set_meta(db, ANCHOR_META, json.dumps(audit_anchor(db)))


def anchor_file(db: Database) -> Path | None:
    """The local anchor of the database file `db` (None for an in-memory database)."""
    path = database_file(db)
    if path is None:
        return None
    name = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:32]
    return data_dir() / "anchors" / f"{name}.json"


def _read_anchor(path: Path) -> dict[str, Any] | None:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"broken": True}
    return found if isinstance(found, dict) else {"broken": True}


def _write_anchor(path: Path, anchor: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    part.write_text(json.dumps(dict(anchor)), encoding="utf-8")
    os.replace(part, path)


def refresh_local_anchor(db: Database) -> None:
    """Move the local anchor up to the chain's committed head (never back; outside a transaction)."""
    if db.conn.in_transaction or not _ready(db):
        return
    path = anchor_file(db)
    if path is None:
        return
    head = _head(db)
    if db.__dict__.get("_moi_anchored") == head:
        return
    stored = _read_anchor(path)
    anchor = audit_anchor(db)
    if stored and not stored.get("broken") and stored.get("installation_id") == anchor["installation_id"] \
            and int(stored.get("seq", 0)) >= anchor["seq"]:
        db.__dict__["_moi_anchored"] = head
        return
    _write_anchor(path, anchor)
    db.__dict__["_moi_anchored"] = head


def reset_local_anchor(db: Database) -> None:
    """Anchor the current head whatever was anchored before (after a restore)."""
    path = anchor_file(db)
    if path is not None:
        _write_anchor(path, audit_anchor(db))
        db.__dict__["_moi_anchored"] = _head(db)


# -- verify ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowProblem:
    table: str
    key: str
    kind: str  # changed / added / removed

    @property
    def message_th(self) -> str:
        what = {"changed": "ถูกแก้ไข", "added": "ถูกเพิ่ม", "removed": "ถูกลบ"}[self.kind]
        return f"ข้อมูลตาราง {self.table} แถว {self.key} {what}นอกโปรแกรม"


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    chain: VerifyResult
    rows_checked: int
    problems: list[str] = field(default_factory=list)  # Thai, the most telling first
    notes: list[str] = field(default_factory=list)
    row_problems: list[RowProblem] = field(default_factory=list)

    @property
    def message_th(self) -> str:
        if self.ok:
            return (f"{self.chain.message_th} · ข้อมูล {self.rows_checked:,} แถวตรงกับตราประทับ "
                    "· ตัวป้องกันและจุดยึดครบ")
        return self.problems[0]


def _row_problems(db: Database, mac_key: bytes, counter: list[int] | None = None) -> Iterator[RowProblem]:
    for shape in sealed_tables(db).values():
        seals = {k: (n, m) for k, n, m in db.execute(
            "SELECT row_key, ncols, mac FROM row_seals WHERE table_name = ?", [shape.name])}
        positions = _key_positions(shape)
        single = positions[0] if len(positions) == 1 else None
        cols = ", ".join(f"[{c}]" for c in shape.columns)
        for row in db.execute(f"SELECT {cols} FROM [{shape.name}]"):  # noqa: S608 - names from the schema
            text = str(row[single]) if single is not None else _key_text([row[i] for i in positions])
            found = seals.pop(text, None)
            if counter is not None:
                counter[0] += 1
            if found is None:
                yield RowProblem(shape.name, text, "added")
            elif not _seal_matches(mac_key, shape.name, text, row[:found[0]], found[1]):
                yield RowProblem(shape.name, text, "changed")
        for text in seals:
            yield RowProblem(shape.name, text, "removed")


def _missing_guards(db: Database) -> list[str]:
    found = {name: (sql or "") for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")}
    missing = []
    for name, clause in GUARDS.items():
        sql = " ".join(found.get(name, "").split())
        if clause not in sql or "RAISE(ABORT" not in sql.replace(" (", "("):
            missing.append(name)
    return missing


def _check_anchor(db: Database, anchor: Mapping[str, Any], where: str, problems: list[str],
                  mac_key: bytes | None = None) -> None:
    """One anchor against the chain: its MAC (when it is this installation's) and its entry."""
    try:
        seq, digest = int(anchor["seq"]), str(anchor["hash"])
    except (KeyError, TypeError, ValueError):
        problems.append(f"จุดยึด{where}อ่านไม่ได้ (ถูกแก้ไข)")
        return
    inst = installation_id(db)
    if anchor.get("installation_id") not in (None, inst):
        problems.append(f"จุดยึด{where}เป็นของฐานข้อมูลอื่น: ไฟล์ฐานข้อมูลนี้ถูกแทนที่นอกโปรแกรม")
        return
    mac = anchor.get("mac")
    key = mac_key if mac_key is not None else _mac_key(db)
    if mac is not None and not hmac.compare_digest(str(mac), _anchor_mac(key, inst, seq, digest)):
        problems.append(f"จุดยึด{where}ถูกปลอม (รหัสตรวจสอบไม่ตรง)")
        return
    if seq == 0:
        return
    row = db.execute("SELECT hash FROM audit_log WHERE seq = ?", [seq]).fetchone()
    last = _head(db)[0]
    if row is None and last < seq:
        problems.append(f"บันทึกการใช้งานหลังลำดับที่ {last:,} ถูกตัดทิ้งนอกโปรแกรม "
                        f"(จุดยึด{where}ยืนยันว่ามีถึงลำดับที่ {seq:,})")
    elif row is None or row[0] != digest:
        problems.append(f"บันทึกการใช้งานถึงลำดับที่ {seq:,} ไม่ตรงกับจุดยึด{where} (ถูกเขียนใหม่นอกโปรแกรม)")


def verify(db: Database, *, anchors: Iterable[Mapping[str, Any]] = (),
           progress: Progress | None = None) -> IntegrityReport:
    """The whole check: chain, guards, anchors (the local one, the one a backup carries, and any
    given — e.g. the head a province received), and every sealed row."""
    chain = verify_chain(db, progress)
    problems: list[str] = [] if chain.ok else [chain.message_th]
    notes: list[str] = []
    for name in _missing_guards(db):
        problems.append(f"ตัวป้องกันการแก้ไขบันทึกการใช้งาน ({name}) หายไป: มีผู้ปิดการป้องกันนอกโปรแกรม")
    path = anchor_file(db)
    local = _read_anchor(path) if path is not None else None
    if local is None:
        notes.append("ยังไม่มีจุดยึดของไฟล์นี้ในเครื่องนี้ (ไฟล์ใหม่ ย้ายมา หรือจุดยึดถูกลบ)")
    else:
        _check_anchor(db, local, "ในเครื่องนี้", problems)
    row = db.execute("SELECT value FROM meta WHERE key = ?", [ANCHOR_META]).fetchone()
    if row:
        try:
            _check_anchor(db, json.loads(row[0]), "ที่บันทึกไว้ในไฟล์", problems)
        except ValueError:
            problems.append("จุดยึดที่บันทึกไว้ในไฟล์อ่านไม่ได้ (ถูกแก้ไข)")
    for given in anchors:
        _check_anchor(db, given, "ที่ได้รับ", problems)
    counter = [0]
    row_problems = list(_row_problems(db, _mac_key(db), counter)) if _ready(db) else []
    for found in row_problems[:20]:
        problems.append(found.message_th)
    if len(row_problems) > 20:
        problems.append(f"และข้อมูลอีก {len(row_problems) - 20:,} แถวไม่ตรงกับตราประทับ")
    ok = not problems
    if ok:
        refresh_local_anchor(db)
    return IntegrityReport(ok, chain, counter[0], problems, notes, row_problems)


if refresh_local_anchor not in AFTER_EVENT:
    AFTER_EVENT.append(refresh_local_anchor)
