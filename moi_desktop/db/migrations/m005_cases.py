"""Household problem cases: households, cases against the indicator list, the action log
and photos. All four are sync-ready user data. Indicators gain an `active` flag so an office can
retire one from the picker while the cases recorded against it stay in every report.
"""

from moi_desktop.db.rows import create_sync_table
from moi_desktop.db.types import Database


def up(db: Database) -> None:
    db.table("indicators").add_column("active", int, not_null_default=1)

    create_sync_table(
        db,
        "households",
        {
            "house_no": str,  # บ้านเลขที่ as written (Arabic digits), e.g. "12/3"
            "moo": str,  # หมู่ที่
            "village": str,  # ชื่อหมู่บ้าน
            "subdistrict_code": str,
            "head_name": str,  # หัวหน้าครัวเรือน, full name as one text
            "members_count": int,
            "phone": str,  # digits only
            "tpmap": int,  # listed in TPMAP (the poverty map)
            "thai_qm": int,  # listed in Thai QM
            "notes": str,
            "address_key": str,  # subdistrict|moo|house no, normalised: finds the same house again
        },
        not_null={"head_name", "tpmap", "thai_qm"},
        defaults={"tpmap": 0, "thai_qm": 0},
        foreign_keys=[("subdistrict_code", "subdistricts", "subdistrict_code")],
    )
    db.table("households").create_index(["subdistrict_code", "moo"])
    db.table("households").create_index(["address_key"])

    create_sync_table(
        db,
        "cases",
        {
            "household_id": str,
            "indicator_id": str,
            "description": str,
            "reported_on": str,  # ISO date
            "source": str,  # survey / complaint / damrongtham / tpmap / thai_qm
            "dimension": str,  # farang (survive now) / ya_thai (lasting fix) / both
            "agency": str,  # responsible agency or partner, as text
            "partner_sector": str,  # sectors.code of that partner, when known
            "status": str,  # received / in_progress / helped / self_resolved / referred
            "status_on": str,  # ISO date of the last status change
            "closed_on": str,  # ISO date it reached a closed status (NULL while open)
            "project_ref": str,  # project or activity id (plain text until projects exist)
            "sensitive": int,  # health / disability details: masked in exports unless confirmed
            "notes": str,
        },
        not_null={"household_id", "indicator_id", "reported_on", "source", "dimension", "status", "sensitive"},
        defaults={"status": "received", "sensitive": 0, "source": "survey", "dimension": "farang"},
        foreign_keys=[
            ("household_id", "households", "id"),
            ("indicator_id", "indicators", "id"),
            ("partner_sector", "sectors", "code"),
        ],
    )
    for cols in (["household_id"], ["indicator_id"], ["status", "reported_on"], ["reported_on"]):
        db.table("cases").create_index(cols)

    create_sync_table(
        db,
        "case_actions",
        {
            "case_id": str,
            "action_on": str,  # ISO date
            "what": str,
            "by_whom": str,
            "status_from": str,  # set when the entry records a status change
            "status_to": str,
        },
        not_null={"case_id", "action_on", "what"},
        foreign_keys=[("case_id", "cases", "id")],
    )
    db.table("case_actions").create_index(["case_id", "action_on"])

    create_sync_table(
        db,
        "case_photos",
        {
            "case_id": str,
            "photo_hash": str,  # sha256 of the file under <data dir>/case_photos/
            "suffix": str,  # .jpg / .png
            "caption": str,
        },
        not_null={"case_id", "photo_hash", "suffix"},
        foreign_keys=[("case_id", "cases", "id")],
    )
    db.table("case_photos").create_index(["case_id"])
