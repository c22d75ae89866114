"""Moving a big write's pages from the WAL into the database file beside the program, not in its way.

SQLite copies the WAL into the database file (a checkpoint) inside the commit that takes the WAL
past 1,000 pages: a bundle merge's commit spent 0.1-0.25 s of a 1.4 s import on it while the
clerk waited. Within `deferred_checkpoint(db)` commits leave the WAL as it is; once the block has
written and committed, the checkpoint runs on a thread with a connection of its own, and the
import's report, photos and receipt go on meanwhile.

Nothing committed depends on it: a committed transaction is already durable in the WAL (synced at
the commit), readers find its pages there, and a checkpoint cut short (the program closing, a
power cut) leaves them there for the next one. A PASSIVE checkpoint waits for no reader or
writer. `wait_for_checkpoints()` joins those still running — at exit, and before a restore
replaces the database.
"""

import atexit
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from moi_desktop.db import cipher
from moi_desktop.db.connection import database_file, secret_of
from moi_desktop.db.types import Database

log = logging.getLogger(__name__)

_running: set[threading.Thread] = set()
_lock = threading.Lock()


@contextmanager
def deferred_checkpoint(db: Database) -> Iterator[None]:
    """Run the block's commits without SQLite's automatic checkpoint; when the block ends without
    an error having written something, checkpoint on another thread. Use it around one big write
    (a bundle merge), not around a session: small commits keep their automatic checkpoints."""
    path = database_file(db)
    if path is None:  # an in-memory database has no WAL
        yield
        return
    conn = db.conn
    previous = int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
    changes = conn.total_changes
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {previous}")
    if conn.total_changes != changes and not conn.in_transaction:
        start_checkpoint(path, secret_of(db))


def start_checkpoint(path: Path, secret: bytes | None) -> threading.Thread:
    """Checkpoint the database at `path` (keyed with `secret`) on a thread of its own."""
    thread = threading.Thread(target=_checkpoint, args=(path, secret), name="moi-checkpoint", daemon=True)
    with _lock:
        _running.add(thread)
    thread.start()
    return thread


def _checkpoint(path: Path, secret: bytes | None) -> None:
    try:
        conn = cipher.raw_connect(path, secret, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            conn.close()
    except Exception:  # a thread's error would vanish: the pages stay in the WAL, say so
        log.exception("checkpoint of %s on a background thread failed; its pages stay in the WAL", path.name)
    finally:
        with _lock:
            _running.discard(threading.current_thread())


def wait_for_checkpoints(timeout: float | None = None) -> None:
    """Join the background checkpoints still running (each waits `timeout` at most)."""
    with _lock:
        running = list(_running)
    for thread in running:
        thread.join(timeout)


atexit.register(wait_for_checkpoints)
