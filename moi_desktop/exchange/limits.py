"""How big a received bundle may be: checked before anything is inflated, and again while reading.

An import holds the bundle file's decrypted zip in memory (it is never larger than the file, which
`file_bytes` caps) plus a bounded working set: one batch of rows, one photo, one 64 KiB chunk. What
the zip *claims* its members inflate to is never trusted: each member's declared size and the
totals are checked first, then every byte read is counted against the same limits.

Defaults suit a district's full bundle with photos; an office can change any of them in its
database (meta key "exchange.limit.<name>", a whole number), e.g. a province receiving unusually
large bundles.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from moi_desktop.db import Database
from moi_desktop.media import MAX_PHOTO_BYTES

MiB = 1024 * 1024
GiB = 1024 * MiB
META_PREFIX = "exchange.limit."


@dataclass(frozen=True)
class Limits:
    file_bytes: int = GiB  # the bundle file itself (encrypted, compressed)
    manifest_bytes: int = 16 * MiB
    table_bytes: int = 256 * MiB  # one table's JSON lines, inflated
    tables_total_bytes: int = GiB  # all tables together, inflated
    photo_bytes: int = MAX_PHOTO_BYTES  # one photo file (the program never stores larger ones)
    photos_total_bytes: int = GiB
    line_bytes: int = 4 * MiB  # one row's JSON line
    entries: int = 200_000  # zip members
    # Deflate reaches ~1000:1 on repeated bytes; real rows (ids, names, stamps) stay under ~15:1.
    ratio: int = 100
    ratio_from_bytes: int = MiB  # small members may compress better: the ratio counts above this


DEFAULT_LIMITS = Limits()


def limits_for(db: Database) -> Limits:
    """This office's limits: the defaults, with any positive whole number set in meta instead."""
    known = {f.name for f in fields(Limits)}
    rows = db.execute("SELECT key, value FROM meta WHERE key LIKE ?", [META_PREFIX + "%"]).fetchall()
    changes: dict[str, int] = {}
    for key, value in rows:
        name = key[len(META_PREFIX):]
        if name in known and str(value).strip().isdigit() and int(value) > 0:
            changes[name] = int(value)
    return replace(DEFAULT_LIMITS, **changes)


def mib(n: int) -> str:
    """A size for a Thai message: "256 MB"."""
    return f"{n / MiB:,.0f} MB" if n >= MiB else f"{n:,} ไบต์"
