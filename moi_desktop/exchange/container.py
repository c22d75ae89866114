"""The plaintext inside the envelope: a zip holding manifest.json, one JSON-lines file per table and
the photo files the rows name.

Each table file has one JSON array per row, values in the order of the manifest's `columns` for
that table (BLOBs as {"b64": …}). The manifest records every file's sha256; reading checks them
all before any row is looked at.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from moi_desktop.errors import UserError
from moi_desktop.exchange.crypto import DAMAGED, FORMAT_VERSION, NEWER_FORMAT

MANIFEST = "manifest.json"
KIND = "moi-desktop-bundle"
_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FILE_NAME = re.compile(r"^files/([a-z_]+)/([0-9a-f]{64})(\.jpg|\.png)$")


def _encode_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode("ascii")}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        return base64.b64decode(value["b64"])
    return value


def encode_rows(rows: Iterable[Sequence[Any]]) -> bytes:
    """JSON lines, one array per row."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    out = io.StringIO()
    for row in rows:
        values = [_encode_value(v) for v in row] if any(isinstance(v, bytes) for v in row) else list(row)
        out.write(dumps(values))
        out.write("\n")
    return out.getvalue().encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def table_file(name: str) -> str:
    return f"tables/{name}.jsonl"


def build_zip(manifest: dict, tables: dict[str, bytes], files: dict[str, bytes]) -> bytes:
    """The zip's bytes. `manifest` gets the hashes of every table and file filled in."""
    manifest = dict(manifest)
    entries = manifest["tables"]
    for name, data in tables.items():
        entries[name]["sha256"] = sha256(data)
        entries[name]["file"] = table_file(name)
    manifest["files"] = {path: sha256(data) for path, data in sorted(files.items())}
    manifest["content_sha256"] = sha256(
        "".join(entries[n]["sha256"] for n in sorted(entries)).encode("ascii")
        + "".join(manifest["files"].values()).encode("ascii")
    )
    buffer = io.BytesIO()
    # Photos are already compressed: storing them saves time, deflating them saves nothing.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        for name, data in tables.items():
            zf.writestr(table_file(name), data)
        for path, data in sorted(files.items()):
            zf.writestr(zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


@dataclass
class Bundle:
    """A bundle whose envelope, zip and hashes have all been checked."""

    manifest: dict
    tables: dict[str, bytes]
    files: dict[str, bytes] = field(default_factory=dict)
    sha256: str = ""  # of the encrypted file as received
    file_name: str = ""
    _parsed: dict[str, list[list]] = field(default_factory=dict, repr=False)

    @property
    def bundle_id(self) -> str:
        return self.manifest["bundle_id"]

    def columns(self, table: str) -> list[str]:
        return list(self.manifest["tables"][table]["columns"])

    def rows(self, table: str) -> list[list]:
        """The table's rows (parsed once, when the bundle is read)."""
        if table not in self._parsed:
            self._parsed[table] = list(_parse_lines(self.tables[table]))
        return self._parsed[table]

    def row_count(self, table: str) -> int:
        return int(self.manifest["tables"][table]["rows"])

    @property
    def total_rows(self) -> int:
        return sum(self.row_count(t) for t in self.manifest["tables"])


def _parse_lines(data: bytes) -> Iterator[list]:
    blobs = b'{"b64":' in data  # BLOB values are rare: skip the per-value check when there are none
    loads = json.loads
    for line in data.decode("utf-8").splitlines():
        if line:
            row = loads(line)
            if blobs and isinstance(row, list) and any(isinstance(v, dict) for v in row):
                row = [_decode_value(v) for v in row]
            yield row


def _damaged(detail: str) -> UserError:
    return UserError(DAMAGED, detail=detail)


def read_zip(plaintext: bytes) -> Bundle:
    """Parse and check the decrypted zip: manifest shape, every hash, every row's width."""
    try:
        with zipfile.ZipFile(io.BytesIO(plaintext)) as zf:
            names = set(zf.namelist())
            if MANIFEST not in names:
                raise _damaged("no manifest")
            manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
            _check_manifest(manifest)
            tables = {}
            for name, entry in manifest["tables"].items():
                data = zf.read(entry["file"]) if entry["file"] in names else None
                if data is None or sha256(data) != entry["sha256"]:
                    raise _damaged(f"table {name}")
                tables[name] = data
            files = {}
            for path, digest in manifest["files"].items():
                data = zf.read(path) if path in names else None
                named = _FILE_NAME.match(path)  # _check_manifest has matched every path already
                if data is None or named is None or sha256(data) != digest or named.group(2) != digest:
                    raise _damaged(f"file {path}")
                files[path] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, TypeError, AttributeError,
            UnicodeDecodeError, EOFError) as exc:
        raise _damaged(f"zip: {exc!r}") from None
    bundle = Bundle(manifest=manifest, tables=tables, files=files)
    _check_rows(bundle)
    return bundle


def _check_manifest(m: Any) -> None:
    if not isinstance(m, dict) or m.get("kind") != KIND:
        raise _damaged("manifest kind")
    if not isinstance(m.get("format_version"), int) or m["format_version"] < 1:
        raise _damaged("manifest format")
    if m["format_version"] > FORMAT_VERSION:
        raise UserError(NEWER_FORMAT)
    for key in ("bundle_id", "created_at", "destination", "scope"):
        if not isinstance(m.get(key), str):
            raise _damaged(f"manifest {key}")
    if not isinstance(m.get("schema_version"), int) or not isinstance(m.get("source"), dict):
        raise _damaged("manifest source")
    if not isinstance(m["source"].get("installation_id"), str):
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
        if not isinstance(entry.get("rows"), int) or entry.get("file") != table_file(name):
            raise _damaged(f"table {name} entry")
    for path in files:
        if not isinstance(path, str) or not _FILE_NAME.match(path):
            raise _damaged(f"file name {path!r}")


def _check_rows(bundle: Bundle) -> None:
    for name in bundle.manifest["tables"]:
        width = len(bundle.columns(name))
        try:
            rows = bundle.rows(name)
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise _damaged(f"rows of {name}: {exc!r}") from None
        if any(not isinstance(row, list) or len(row) != width for row in rows):
            raise _damaged(f"row width in {name}")
        if len(rows) != bundle.row_count(name):
            raise _damaged(f"row count in {name}")
