"""Installation identity, key/value settings and the office profile."""

from moi_desktop.db.clock import now_iso
from moi_desktop.db.ids import new_id
from moi_desktop.db.rows import create_sync_table
from moi_desktop.db.types import Database


def up(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("meta").insert_all(
        [
            {"key": "installation_id", "value": new_id()},
            {"key": "created_at", "value": now_iso()},
        ]
    )
    # One row: the office this installation serves and its memo header.
    create_sync_table(
        db,
        "office",
        {
            "level": str,  # "district" or "province"
            "province_code": str,
            "district_code": str,
            "org_name": str,  # ส่วนราชการ
            "ref_prefix": str,  # ที่ … e.g. มท ๐๓๑๘.๑
            "phone": str,
            "chief_name": str,
            "chief_position": str,
            "garuda_path": str,  # optional image file for memo headers
        },
    )
