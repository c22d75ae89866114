"""Bulk inserts for importers: the public moi_desktop.db.rows.insert_rows (one prepared statement
per chunk, listeners and the audit trail notified once per chunk). Kept here under its old name
because importers of several areas use it."""

from moi_desktop.db.rows import BULK_CHUNK as CHUNK
from moi_desktop.db.rows import insert_rows

__all__ = ["CHUNK", "insert_rows"]
