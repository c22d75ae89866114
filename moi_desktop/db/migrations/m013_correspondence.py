"""Correspondence: the office's officials, the outgoing register and letter drafts.

officials: the small registry of people who sign (name, position, the lines under the signature);
also used by meetings. outgoing_letters: ทะเบียนหนังสือส่ง — one row per number ever issued, kept
when cancelled (status 'cancelled' with a reason); numbers run per calendar year and per issuing
office (a province receives the registers of many districts in bundles, each with its own ๑). The
UNIQUE index is what makes a number impossible to hand out twice. letters: editable drafts, frozen
once issued (outgoing_id set).
"""

from moi_desktop.db.rows import create_sync_table
from moi_desktop.db.types import Database


def up(db: Database) -> None:
    create_sync_table(
        db,
        "officials",
        {
            "title": str,  # นาย / นาง / นางสาว / ว่าที่ร้อยตรี …
            "name": str,
            "position": str,  # ตำแหน่ง, e.g. ปลัดอำเภอ
            "signature_position": str,  # lines under the signature ("\n"-separated), e.g. นายอำเภอ…
            "sort_order": int,
            "active": int,
        },
        not_null={"name", "position", "sort_order", "active"},
        defaults={"sort_order": 0, "active": 1},
    )
    db.table("officials").create_index(["active", "sort_order"])

    create_sync_table(
        db,
        "outgoing_letters",
        {
            "office_code": str,  # the issuing office's district (or province) code; "" before set-up
            "year": int,  # Gregorian calendar year of issue
            "number": int,
            "date": str,  # ISO date of issue
            "to_whom": str,
            "subject": str,
            "kind": str,  # memo / letter / stamped / minutes / covering / referral / reminder …
            "letter_id": str,  # the draft it was issued from (no foreign key: other areas number too)
            "status": str,  # issued / cancelled
            "cancel_reason": str,
            "issued_by": str,
        },
        not_null={"office_code", "year", "number", "date", "kind", "status"},
        defaults={"status": "issued", "office_code": ""},
    )
    db.execute("CREATE UNIQUE INDEX idx_outgoing_letters_number ON outgoing_letters(office_code, year, number)")

    create_sync_table(
        db,
        "letters",
        {
            "kind": str,  # memo / letter / stamped / minutes
            "subject": str,  # denormalised from fields for listing
            "to_whom": str,
            "fields": str,  # JSON object of the regulation's fields (date, office, refer_to, …)
            "body": str,  # JSON list of paragraphs
            "attachments": str,  # JSON list of strings
            "signer_id": str,
            "status": str,  # draft / issued
            "outgoing_id": str,
            "source": str,  # what the letter was made for, e.g. "report:members" for a covering memo
        },
        not_null={"kind", "status", "fields", "body", "attachments"},
        defaults={"status": "draft", "fields": "{}", "body": "[]", "attachments": "[]"},
        foreign_keys=[("signer_id", "officials", "id"), ("outgoing_id", "outgoing_letters", "id")],
    )
    db.table("letters").create_index(["status", "updated_at"])
