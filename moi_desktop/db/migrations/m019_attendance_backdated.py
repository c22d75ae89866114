"""Backdated marks: a mark made on another day than its roll call's (`บันทึกย้อนหลัง`)
says so, on the mark and on its scan-log entry. Existing rows were all made at the desk: 0.
"""

from moi_desktop.db.types import Database


def up(db: Database) -> None:
    for name in ("attendance", "attendance_events"):
        table = db.table(name)
        if table.exists() and "backdated" not in table.columns_dict:
            table.add_column("backdated", int, not_null_default=0)
