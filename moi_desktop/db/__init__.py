"""The local store: one SQLite file per installation (see DESIGN §3)."""

from moi_desktop.db.clock import now_iso
from moi_desktop.db.connection import connect, open_database
from moi_desktop.db.ids import new_id
from moi_desktop.db.rows import insert_row, soft_delete, sync_columns, undelete, update_row
from moi_desktop.db.types import Database

__all__ = [
    "Database",
    "connect",
    "open_database",
    "new_id",
    "now_iso",
    "insert_row",
    "update_row",
    "soft_delete",
    "undelete",
    "sync_columns",
]
