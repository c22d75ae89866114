"""The plaintext inside the envelope: a zip holding manifest.json, its signature (manifest.sig),
one JSON-lines file per table and the photo files the rows name.

Each table file has one JSON array per row, values in the order of the manifest's `columns` for
that table (BLOBs as {"b64": …}). The manifest records every file's sha256 and the sending
installation's public key, and is signed with that installation's private key (signing.py), so
the signature covers every byte of the bundle.

Reading never trusts what the zip says about itself. Before anything is inflated: the member
count, each member's declared size, the totals and the compression ratio are checked against
Limits (limits.py). Then every member is read as a stream of chunks, each byte counted against
the same limits: a first pass checks hashes, row counts and line lengths; rows are parsed only in
the second pass, one bounded batch at a time (Bundle.batches), never a whole table at once.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import json.scanner
import re
import zipfile
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from moi_desktop.errors import UserError
from moi_desktop.exchange.crypto import DAMAGED, NEWER_FORMAT, DerivedKey
from moi_desktop.exchange.limits import DEFAULT_LIMITS, Limits, mib
from moi_desktop.exchange.signing import public_key_text, sign, verify

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
KIND = "moi-desktop-bundle"
MANIFEST_VERSION = 2  # 2: signed by the sending installation
SIGNED_PURPOSE = b"moi-desktop-bundle-manifest"
CHUNK = 1024 * 1024
BATCH_ROWS = 1000
BATCH_BYTES = 1024 * 1024
_MAX_SIGNATURE_BYTES = 1024

UNSIGNED = ("ชุดข้อมูลนี้สร้างด้วยโปรแกรมรุ่นเก่าที่ยังไม่ลงลายมือชื่อดิจิทัล จึงไม่นำเข้า — "
            "ให้ผู้ส่งปรับปรุงโปรแกรมเป็นรุ่นล่าสุดแล้วส่งออกชุดข้อมูลใหม่")
BAD_SIGNATURE = ("ลายมือชื่อดิจิทัลของชุดข้อมูลไม่ถูกต้อง จึงไม่นำเข้า — ไฟล์ถูกแก้ไขหลังส่งออก "
                 "หรือไม่ได้มาจากเครื่องที่ระบุว่าเป็นผู้ส่ง")
BOMB = ("ส่วน {name} ของชุดข้อมูลบีบอัดไว้มากผิดปกติ (ขยายแล้ว {size} จาก {packed} หรือ {ratio:,} เท่า) "
        "จึงไม่นำเข้า — ไฟล์อาจถูกสร้างขึ้นเพื่อทำให้หน่วยความจำของเครื่องเต็ม")
TOO_BIG = "ส่วน {name} ของชุดข้อมูลใหญ่เกินกำหนด ({size} เกิน {limit}) จึงไม่นำเข้า"
TOO_BIG_TOTAL = "{what}ในชุดข้อมูลรวมกันใหญ่เกินกำหนด ({size} เกิน {limit}) จึงไม่นำเข้า"
LINE_TOO_LONG = "รายการหนึ่งในตาราง {name} ยาวเกินกำหนด (เกิน {limit}) จึงไม่นำเข้า — ไฟล์อาจถูกสร้างขึ้นโดยจงใจ"
TOO_MANY = "ชุดข้อมูลมีไฟล์ย่อย {count:,} ไฟล์ เกินกำหนด {limit:,} ไฟล์ จึงไม่นำเข้า"
_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FILE_NAME = re.compile(r"^files/([a-z_]+)/([0-9a-f]{64})(\.jpg|\.png)$")


def _encode_value(value: Any) -> Any:
    """What JSON has no type for: bytes travel as {"b64": …}; anything else is a program error."""
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"cannot travel in a bundle: {type(value).__name__}")


def encode_rows(rows: Iterable[Sequence[Any]]) -> bytes:
    """JSON lines, one array per row (the C encoder writes a row tuple as an array, and calls
    _encode_value only for the rare blob)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                             default=_encode_value).encode
    lines = [dumps(row) for row in rows]
    if not lines:
        return b""
    lines.append("")  # every line ends with a newline
    return "\n".join(lines).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def table_file(name: str) -> str:
    return f"tables/{name}.jsonl"


def content_hash(manifest: dict) -> str:
    """One hash over every table's and file's hash, in a fixed order."""
    entries, files = manifest["tables"], manifest["files"]
    return sha256(
        "".join(entries[n]["sha256"] for n in sorted(entries)).encode("ascii")
        + "".join(files[p] for p in sorted(files)).encode("ascii")
    )


def build_zip(manifest: dict, tables: dict[str, bytes], files: dict[str, bytes], key: Ed25519PrivateKey) -> bytes:
    """The zip's bytes. `manifest` gets the hashes of every table and file and the public half of
    `key` filled in, and is signed with `key`."""
    manifest = dict(manifest)
    manifest["source"] = {**manifest["source"], "public_key": public_key_text(key)}
    entries = manifest["tables"]
    for name, data in tables.items():
        entries[name]["sha256"] = sha256(data)
        entries[name]["file"] = table_file(name)
    manifest["files"] = {path: sha256(data) for path, data in sorted(files.items())}
    manifest["content_sha256"] = content_hash(manifest)
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    buffer = io.BytesIO()
    # Photos are already compressed: storing them saves time, deflating them saves nothing.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(MANIFEST, manifest_bytes)
        zf.writestr(SIGNATURE, sign(key, SIGNED_PURPOSE, manifest_bytes).encode("ascii"))
        for name, data in tables.items():
            zf.writestr(table_file(name), data)
        for path, data in sorted(files.items()):
            zf.writestr(zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def _damaged(detail: str) -> UserError:
    return UserError(DAMAGED, detail=detail)


def _too_big(name: str, size: int, limit: int) -> UserError:
    return UserError(TOO_BIG.format(name=name, size=mib(size), limit=mib(limit)), detail=f"{name}: {size} > {limit}")


def _member_limit(name: str, limits: Limits) -> int | None:
    """How big the member `name` may be inflated (None: no such member in a bundle)."""
    if name == MANIFEST:
        return limits.manifest_bytes
    if name == SIGNATURE:
        return _MAX_SIGNATURE_BYTES
    if name.startswith("tables/"):
        return limits.table_bytes
    if name.startswith("files/"):
        return limits.photo_bytes
    return None


def check_sizes(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """What the zip declares, before anything is inflated: member count, each member's size and
    compression ratio, the totals."""
    if len(infos) > limits.entries:
        raise UserError(TOO_MANY.format(count=len(infos), limit=limits.entries))
    if len({i.filename for i in infos}) != len(infos):
        raise _damaged("duplicate member names")
    tables = photos = 0
    for info in infos:
        name = info.filename
        limit = _member_limit(name, limits)
        if limit is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
                or info.flag_bits & 0x1:  # unknown member, method, or a zip-encrypted member
            raise _damaged(f"member {name!r}")
        if info.file_size > limit:
            raise _too_big(name, info.file_size, limit)
        if info.file_size > limits.ratio_from_bytes and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise UserError(
                BOMB.format(name=name, size=mib(info.file_size), packed=mib(info.compress_size),
                            ratio=info.file_size // max(info.compress_size, 1)),
                detail=f"{name}: {info.file_size} from {info.compress_size}",
            )
        if name.startswith("tables/"):
            tables += info.file_size
        elif name.startswith("files/"):
            photos += info.file_size
    if tables > limits.tables_total_bytes:
        raise UserError(TOO_BIG_TOTAL.format(what="ตาราง", size=mib(tables), limit=mib(limits.tables_total_bytes)))
    if photos > limits.photos_total_bytes:
        raise UserError(TOO_BIG_TOTAL.format(what="รูปภาพ", size=mib(photos), limit=mib(limits.photos_total_bytes)))


def _chunks(zf: zipfile.ZipFile, name: str, limit: int) -> Iterator[bytes]:
    """The member's bytes, chunk by chunk, counted: more than `limit` or than the member declared
    (a lying header) is refused before the excess is held."""
    info = zf.getinfo(name)
    total = 0
    with zf.open(info) as f:
        while chunk := f.read(CHUNK):
            total += len(chunk)
            if total > limit or total > info.file_size:
                raise _too_big(name, total, min(limit, info.file_size))
            yield chunk


def _read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    return b"".join(_chunks(zf, name, limit))


def _line_blocks(zf: zipfile.ZipFile, name: str, table: str, limits: Limits) -> Iterator[list[bytes]]:
    """The member's lines (without the newline), each at most limits.line_bytes, a list per chunk
    read (so at most one chunk's lines are held). A last line without its newline is damage."""
    pending = b""
    for chunk in _chunks(zf, name, limits.table_bytes):
        lines = (pending + chunk if pending else chunk).split(b"\n")
        pending = lines.pop()
        if len(pending) > limits.line_bytes or (lines and max(map(len, lines)) > limits.line_bytes):
            raise UserError(LINE_TOO_LONG.format(name=table, limit=mib(limits.line_bytes)), detail=name)
        if lines:
            yield lines
    if pending:
        raise _damaged(f"unterminated line in {name}")


def _batch_end(lines: list[bytes], max_rows: int, max_bytes: int) -> int:
    """How many of `lines` make the next batch: up to `max_rows`, or through the line that brings
    it to `max_bytes`; 0 when neither limit is reached yet (wait for more lines)."""
    ends = list(accumulate(map(len, lines[:max_rows])))
    at = bisect_left(ends, max_bytes)  # the first line that reaches max_bytes
    if at < len(ends):
        return at + 1
    return len(ends) if len(ends) == max_rows else 0


_DECODER = json.JSONDecoder()
_SCAN = json.scanner.make_scanner(_DECODER)  # type: ignore[arg-type]


def _count_lines(zf: zipfile.ZipFile, name: str, table: str, limits: Limits, digest: Any) -> int:
    """How many lines _line_blocks() would yield, with the same checks (each line at most
    limits.line_bytes, the last one ended), counted chunk by chunk without splitting."""
    count, pending = 0, b""
    for chunk in _chunks(zf, name, limits.table_bytes):
        digest.update(chunk)
        data = pending + chunk if pending else chunk
        cut = data.rfind(b"\n") + 1  # 0: no line ends in it yet
        whole, pending = data[:cut], data[cut:]
        count += whole.count(b"\n")
        too_long = len(pending) > limits.line_bytes or (
            len(whole) > limits.line_bytes and max(map(len, whole.split(b"\n"))) > limits.line_bytes)
        if too_long:
            raise UserError(LINE_TOO_LONG.format(name=table, limit=mib(limits.line_bytes)), detail=name)
    if pending:
        raise _damaged(f"unterminated line in {name}")
    return count


def _decode_row(line: bytes, width: int) -> list:
    # The C scanner straight on the line's text: json.loads would sniff the encoding and match
    # whitespace around every row. A line with anything after the row goes the long way (which
    # allows whitespace and refuses the rest, as before).
    text = line.decode("utf-8")
    try:
        row, end = _SCAN(text, 0)
    except StopIteration:
        row, end = None, -1
    if end != len(text):
        row = _DECODER.decode(text)
    if type(row) is not list or len(row) != width:
        raise ValueError("row width")
    # No "{" and no "[" past the row's own: no nested value can be in it (the common case).
    if (b"{" in line or line.find(b"[", 1) >= 0) and any(isinstance(v, (dict, list)) for v in row):
        for i, v in enumerate(row):
            if isinstance(v, dict) and set(v) == {"b64"} and isinstance(v["b64"], str):
                row[i] = base64.b64decode(v["b64"], validate=True)
            elif isinstance(v, (dict, list)):
                raise ValueError("nested value")
    return row


def _decode_rows(lines: list[bytes], width: int) -> list[list]:
    """_decode_row of each line, in one pass of the C decoder over "[line,line,…]" when every line
    is a plain row: each line starts with "[" and ends with "]", no "{" and no other "[" anywhere
    (so every row begins at its line's start and ends at its line's end: no nested value, no line
    holding two rows or half of one), as many rows as lines, each a list of `width` values.
    Anything else goes line by line, with its checks and errors."""
    joined = b",".join(lines)
    if (b"{" not in joined and joined.count(b"[") == len(lines)
            and all(map(bytes.startswith, lines, repeat(b"["))) and all(map(bytes.endswith, lines, repeat(b"]")))):
        try:
            rows = json.loads(b"[" + joined + b"]")
        except ValueError:
            rows = None
        if (type(rows) is list and len(rows) == len(lines)
                and set(map(type, rows)) == {list} and set(map(len, rows)) == {width}):
            return rows
    return [_decode_row(line, width) for line in lines]


@dataclass
class Bundle:
    """A bundle whose envelope, signature, sizes and hashes have all been checked; its rows are
    read from the (in-memory, still compressed) zip on demand, batch by batch."""

    manifest: dict
    zf: zipfile.ZipFile = field(repr=False)
    limits: Limits = DEFAULT_LIMITS
    sha256: str = ""  # of the encrypted file as received
    file_name: str = ""
    derived: DerivedKey | None = field(default=None, repr=False)  # the envelope's key (for the receipt)

    @property
    def bundle_id(self) -> str:
        return str(self.manifest["bundle_id"])

    @property
    def source(self) -> dict:
        return dict(self.manifest["source"])

    def columns(self, table: str) -> list[str]:
        return list(self.manifest["tables"][table]["columns"])

    def row_count(self, table: str) -> int:
        return int(self.manifest["tables"][table]["rows"])

    @property
    def total_rows(self) -> int:
        return sum(self.row_count(t) for t in self.manifest["tables"])

    @property
    def file_paths(self) -> list[str]:
        return sorted(self.manifest["files"])

    def batches(self, table: str, max_rows: int = BATCH_ROWS, max_bytes: int = BATCH_BYTES) -> Iterator[list[list]]:
        """The table's rows as value lists, at most `max_rows` rows / `max_bytes` of JSON a batch."""
        width = len(self.columns(table))
        lines: list[bytes] = []
        try:
            for block in _line_blocks(self.zf, self.manifest["tables"][table]["file"], table, self.limits):
                lines = lines + block if lines else block
                while end := _batch_end(lines, max_rows, max_bytes):
                    yield _decode_rows(lines[:end], width)
                    lines = lines[end:]
            if lines:
                yield _decode_rows(lines, width)
        except (ValueError, TypeError, UnicodeDecodeError, RecursionError, zipfile.BadZipFile, zlib.error) as exc:
            raise _damaged(f"rows of {table}: {exc!r}") from None

    def read_file(self, path: str) -> bytes:
        """One photo file, checked against its hash again (at most limits.photo_bytes in memory)."""
        try:
            data = _read_member(self.zf, path, self.limits.photo_bytes)
        except (zipfile.BadZipFile, zlib.error) as exc:
            raise _damaged(f"file {path}: {exc!r}") from None
        if sha256(data) != self.manifest["files"][path]:
            raise _damaged(f"file {path}")
        return data

    def close(self) -> None:
        self.zf.close()


def open_zip(plaintext: io.BytesIO, limits: Limits = DEFAULT_LIMITS) -> Bundle:
    """Check the decrypted zip: sizes first, then the manifest, its signature, and (streaming)
    every member's hash, row count and line lengths. Rows are not parsed here."""
    try:
        zf = zipfile.ZipFile(plaintext)
        check_sizes(zf.infolist(), limits)
        names = set(zf.namelist())
        if MANIFEST not in names:
            raise _damaged("no manifest")
        manifest_bytes = _read_member(zf, MANIFEST, limits.manifest_bytes)
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        _check_manifest(manifest)
        if SIGNATURE not in names:
            raise UserError(BAD_SIGNATURE, detail="no signature")
        signature = _read_member(zf, SIGNATURE, _MAX_SIGNATURE_BYTES).decode("ascii")
        if not verify(manifest["source"]["public_key"], signature, SIGNED_PURPOSE, manifest_bytes):
            raise UserError(BAD_SIGNATURE)
        if manifest.get("content_sha256") != content_hash(manifest):
            raise _damaged("content hash")
        bundle = Bundle(manifest=manifest, zf=zf, limits=limits)
        _verify_members(bundle, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, KeyError, ValueError,
            TypeError, AttributeError, UnicodeDecodeError, EOFError, RecursionError) as exc:
        raise _damaged(f"zip: {exc!r}") from None
    return bundle


def _verify_members(bundle: Bundle, names: set[str]) -> None:
    """First pass, nothing parsed: each table's hash, row count (lines) and line lengths, each
    photo's hash — every byte counted as it is inflated."""
    zf, limits = bundle.zf, bundle.limits
    for name, entry in bundle.manifest["tables"].items():
        if entry["file"] not in names:
            raise _damaged(f"table {name}")
        digest = hashlib.sha256()
        lines = _count_lines(zf, entry["file"], name, limits, digest)
        if digest.hexdigest() != entry["sha256"]:
            raise _damaged(f"table {name}")
        if lines != entry["rows"]:
            raise _damaged(f"row count in {name}")
    for path, expected in bundle.manifest["files"].items():
        named = _FILE_NAME.match(path)  # _check_manifest has matched every path already
        if path not in names or named is None or named.group(2) != expected:
            raise _damaged(f"file {path}")
        digest = hashlib.sha256()
        for chunk in _chunks(zf, path, limits.photo_bytes):
            digest.update(chunk)
        if digest.hexdigest() != expected:
            raise _damaged(f"file {path}")


def _check_manifest(m: Any) -> None:
    if not isinstance(m, dict) or m.get("kind") != KIND:
        raise _damaged("manifest kind")
    if not isinstance(m.get("format_version"), int) or m["format_version"] < 1:
        raise _damaged("manifest format")
    if m["format_version"] > MANIFEST_VERSION:
        raise UserError(NEWER_FORMAT)
    if m["format_version"] < MANIFEST_VERSION:
        raise UserError(UNSIGNED)
    for key in ("bundle_id", "created_at", "destination", "scope"):
        if not isinstance(m.get(key), str):
            raise _damaged(f"manifest {key}")
    if not isinstance(m.get("schema_version"), int) or not isinstance(m.get("source"), dict):
        raise _damaged("manifest source")
    source = m["source"]
    if not isinstance(source.get("installation_id"), str) or not isinstance(source.get("public_key"), str):
        raise _damaged("manifest installation")
    tables, files = m.get("tables"), m.get("files")
    if not isinstance(tables, dict) or not isinstance(files, dict):
        raise _damaged("manifest tables")
    for name, entry in tables.items():
        if not _TABLE_NAME.match(name) or not isinstance(entry, dict):
            raise _damaged(f"table name {name!r}")
        cols, pk = entry.get("columns"), entry.get("pk")
        if not (isinstance(cols, list) and isinstance(pk, list) and pk and set(pk) <= set(cols)
                and all(isinstance(c, str) and _TABLE_NAME.match(c) for c in cols)
                and {"updated_at", "origin"} <= set(cols) and len(set(cols)) == len(cols)):
            raise _damaged(f"table {name} columns")
        if not isinstance(entry.get("rows"), int) or entry.get("file") != table_file(name) \
                or not isinstance(entry.get("sha256"), str):
            raise _damaged(f"table {name} entry")
    for path, digest in files.items():
        if not isinstance(path, str) or not _FILE_NAME.match(path) or not isinstance(digest, str):
            raise _damaged(f"file name {path!r}")
    if not isinstance(m.get("origins", {}), dict):
        raise _damaged("manifest origins")
