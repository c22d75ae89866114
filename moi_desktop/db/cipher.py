"""SQLCipher underneath sqlite-utils: keyed connections, and turning a plain file into an encrypted one.

Every database file the program writes — the live database, its backups, the copy taken before a
migration — is encrypted with SQLCipher (AES-256, each page authenticated with HMAC-SHA512). The
key is a raw 256-bit key (`PRAGMA key = "x'…'"`), so no key derivation runs per connection. It
is derived from a secret of this PC's user account that `security/keystore.py` keeps outside the
database (the OS credential store, or a protected key file); that module registers itself here
with set_secret_source(), because db/ imports nothing above it. Before the first connection this
module runs moi_desktop/trust.py, which loads the security package (the package root registers
it there), so no database is ever opened without its key source, audit trail, write guard and
row seals, whoever imported what first. A connection opened with no source registered is refused rather than
written in plain text.

SQLCipher's Python module raises its own exception classes (not the stdlib sqlite3's): catch
`cipher.Error`, `cipher.IntegrityError`, … from here. Temporary tables and sort files stay in
memory (`temp_store=MEMORY`): nothing leaves the process unencrypted.
"""

import hashlib
import hmac
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import sqlcipher3.dbapi2 as _sqlcipher

from moi_desktop import trust
from moi_desktop.db.types import Connection

Error: type[Exception] = _sqlcipher.Error
DatabaseError: type[Exception] = _sqlcipher.DatabaseError
IntegrityError: type[Exception] = _sqlcipher.IntegrityError
OperationalError: type[Exception] = _sqlcipher.OperationalError
ProgrammingError: type[Exception] = _sqlcipher.ProgrammingError
sqlite_version: str = _sqlcipher.sqlite_version

SECRET_BYTES = 32
PLAIN_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every unencrypted SQLite file
_KEY_LABEL = b"moi-desktop/sqlcipher-key/v1"

# The secrets that may open a database, this PC's first: set by security/keystore.py.
SecretSource = Callable[[], Sequence[bytes]]
_source: list[SecretSource] = []


def set_secret_source(source: SecretSource) -> None:
    """Register where secrets come from (security/keystore.py does, when it is imported)."""
    _source[:] = [source]


def secrets() -> Sequence[bytes]:
    """This PC's secret first, then any recovery secret given to this process."""
    trust.attach()  # the security package, loaded before the first connection
    if not _source:
        raise RuntimeError("no key source registered: moi_desktop.security (security/keystore.py) did not load")
    found = _source[0]()
    if not found:
        raise RuntimeError("the key source gave no secret")
    return found


def database_key(secret: bytes) -> bytes:
    """The raw SQLCipher key of databases made under `secret` (the secret itself never keys a file)."""
    return hmac.new(secret, _KEY_LABEL, hashlib.sha256).digest()


def _key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


# The binding's statement cache (sqlcipher3 keeps pysqlite's older one) ranks statements by how
# often they ran, and a statement first seen once it is full goes in last — where the next new
# statement evicts it. Two such statements taking turns (a mark's read and its write, first used
# after a report filled the cache) were compiled again on every call: 40-60 µs each, a third of
# a mark. At ~4 KB a compiled statement, room for 2,048 (8 MB at most) holds every distinct
# statement a working day runs, so the cache never fills.
STATEMENT_CACHE = 2048


def raw_connect(target: str | Path, secret: bytes | None, *, uri: bool = False, **kwargs: Any) -> Connection:
    """A SQLCipher connection keyed with the key derived from `secret` (None: an unencrypted file,
    read only to convert or restore it). Nothing is read yet: a wrong key shows at the first query."""
    trust.attach()  # the security package, loaded before the first connection
    kwargs.setdefault("cached_statements", STATEMENT_CACHE)
    conn = _sqlcipher.connect(str(target), uri=uri, **kwargs)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our UserError, not noise on stderr
    if secret is not None:
        conn.execute(_key_pragma(database_key(secret)))
    conn.execute("PRAGMA temp_store = MEMORY")
    return cast(Connection, conn)


def readable(conn: Connection) -> bool:
    """Whether the connection's key opens its file (a wrong key reads as 'not a database')."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except DatabaseError:
        return False


def is_plain(path: Path) -> bool:
    """An existing unencrypted SQLite file (written before encryption at rest, or by another tool)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def export_encrypted(source: Connection, target: Path, secret: bytes | None) -> None:
    """Write the whole of `source` (keyed or plain) into a new file `target` encrypted under
    `secret` (None: unencrypted — only tests write one), with sqlcipher_export: the one copy
    SQLCipher makes from a plain file. The schema version (user_version) is copied too:
    sqlcipher_export leaves it out."""
    version = source.execute("PRAGMA user_version").fetchone()[0]
    key = f"x'{database_key(secret).hex()}'" if secret is not None else ""
    source.execute("ATTACH DATABASE ? AS moi_export KEY ?", [str(target), key])
    try:
        source.execute("SELECT sqlcipher_export('moi_export')")
        source.execute(f"PRAGMA moi_export.user_version = {int(version)}")
    finally:
        source.execute("DETACH DATABASE moi_export")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sidecars(path: Path) -> list[Path]:
    """The WAL and shared-memory files SQLite keeps beside a database."""
    return [path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def encrypt_plain_file(path: Path, secret: bytes, *, keep_copy: bool = True) -> Path | None:
    """Turn the unencrypted database at `path` into an encrypted one, losing nothing if killed.

    First an encrypted copy beside it (`<name>.before-encryption-<time>.sqlite3`, the backup the
    upgrade keeps) when `keep_copy`; then the encrypted file is built as `<name>.encrypting`,
    checked, synced and renamed over the original. Killed before the rename, the plain original
    is untouched (a left-over `.encrypting` is rebuilt next time); after it, the encrypted file is
    complete. Returns the backup copy's path. Every other connection must be closed.
    """
    part = path.with_name(path.name + ".encrypting")
    part.unlink(missing_ok=True)
    plain = raw_connect(path, None, isolation_level=None)
    backup: Path | None = None
    try:
        # Fold the WAL into the file: the export reads through it anyway, and no stale -wal must
        # outlive the plain file it belongs to.
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if keep_copy:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = path.with_name(f"{path.stem}.before-encryption-{stamp}{path.suffix}")
            n = 1
            while backup.exists():
                backup = path.with_name(f"{path.stem}.before-encryption-{stamp}-{n}{path.suffix}")
                n += 1
            export_encrypted(plain, backup, secret)
            _fsync(backup)
        export_encrypted(plain, part, secret)
    finally:
        plain.close()
    check = raw_connect(part, secret)
    try:
        problem = check.execute("PRAGMA integrity_check").fetchall()
    finally:
        check.close()
    if [r[0] for r in problem] != ["ok"]:
        part.unlink(missing_ok=True)
        raise DatabaseError(f"encrypted copy of {path.name} failed its integrity check: {problem[:3]}")
    _fsync(part)
    for extra in sidecars(path):
        extra.unlink(missing_ok=True)  # checkpointed above: they hold nothing the file lacks
    os.replace(part, path)
    if os.name != "nt":  # make the rename itself survive a power cut (Windows cannot open a folder)
        _fsync(path.parent)
    return backup
