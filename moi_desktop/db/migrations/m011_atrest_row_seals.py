"""Tamper evidence for the data: a keyed seal per row, and the audit head a province received.

row_seals holds, for every row of a sealed table (security/integrity.py), a MAC of the row as
the program last wrote it, under a key that is not in the database; `ncols` says how many of the
table's columns (in table order) the MAC covers, so a column added later leaves old seals valid.
The seals are filled by the first open after this migration (the key is not reachable from here).
bundles_received.audit_head keeps the sender's anchored audit head from each bundle's manifest.
"""

from moi_desktop.db.types import Database


def up(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE row_seals (
            table_name TEXT NOT NULL,
            row_key TEXT NOT NULL,
            ncols INTEGER NOT NULL,
            mac BLOB NOT NULL,
            PRIMARY KEY (table_name, row_key)
        ) WITHOUT ROWID
        """
    )
    if "bundles_received" in db.table_names():
        db.execute("ALTER TABLE bundles_received ADD COLUMN audit_head TEXT")
