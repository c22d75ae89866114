"""Meetings: monthly follow-up meetings with agenda, attendance, resolutions,
follow-up actions and minutes.

All five tables are sync-ready user data (id, created_at, updated_at, origin, deleted_at) and
travel to the province in bundles. Dates are ISO; meeting times are local (Asia/Bangkok) wall
clock "HH:MM" as printed on the minutes; mark times are UTC like every other timestamp.
Officials (chair, secretary, recorder, checker, invitees, action owners) are referenced by id
without a foreign key: the officials registry lives in the correspondence area and may reach a
database (or a bundle) after the meeting rows that name it; the printed name and position are
kept beside the id so minutes read the same whatever happens to the registry.
"""

from moi_desktop.db.rows import create_sync_table
from moi_desktop.db.types import Database


def up(db: Database) -> None:
    create_sync_table(
        db,
        "meetings",
        {
            "title": str,  # e.g. ประชุมติดตามโครงการอำเภอนำร่อง
            "series": str,  # the series key: meetings of one series are numbered together
            "year": int,  # calendar year (CE) of the date: numbers restart each year
            "number": int,  # ครั้งที่ N / year
            "date": str,  # ISO date
            "start_time": str,  # planned "HH:MM" local
            "end_time": str,
            "place": str,
            "chair_official_id": str,
            "chair_name": str,
            "chair_position": str,
            "secretary_official_id": str,
            "secretary_name": str,
            "secretary_position": str,
            "agenda_headings": str,  # JSON {"1": "heading", …}: overrides of the standard headings
            "started_at": str,  # "HH:MM" local: เริ่มประชุมเวลา
            "ended_at": str,  # "HH:MM" local: เลิกประชุมเวลา
            "recorder_official_id": str,
            "recorder_name": str,
            "recorder_position": str,
            "checker_official_id": str,
            "checker_name": str,
            "checker_position": str,
            "status": str,  # minutes: draft / issued
            "issued_at": str,  # UTC ISO of the latest issue
            "issued_by": str,
            "revision": int,  # 0 first issue; 1, 2 … amended re-issues
            "minutes_json": str,  # the issued minutes (frozen MinutesSpec as JSON)
            "amendment_note": str,  # what the certifying meeting changed (printed on the re-issue)
            "certifies_meeting_id": str,  # under วาระที่ ๒ this meeting certifies that one's minutes
            "certification": str,  # as_is / amended
            "certification_note": str,  # the amendments asked for
            "notes": str,
        },
        not_null={"title", "series", "year", "number", "date", "status", "revision"},
        defaults={"status": "draft", "revision": 0},
        foreign_keys=[("certifies_meeting_id", "meetings", "id")],
    )
    db.table("meetings").create_index(["series", "year", "number"])
    db.table("meetings").create_index(["date"])

    create_sync_table(
        db,
        "meeting_invitees",
        {
            "meeting_id": str,
            "kind": str,  # member / official / other
            "member_id": str,
            "official_id": str,
            "name": str,  # as printed (a member's or official's name at invitation)
            "position": str,
            "role": str,  # หน้าที่ในที่ประชุม: ประธาน / กรรมการ / เลขานุการ …
            "sort": int,
        },
        not_null={"meeting_id", "kind", "name", "sort"},
        defaults={"sort": 0},
        foreign_keys=[("meeting_id", "meetings", "id"), ("member_id", "members", "id")],
    )
    db.table("meeting_invitees").create_index(["meeting_id", "sort"])

    create_sync_table(
        db,
        "meeting_attendance",
        {
            "meeting_id": str,
            "invitee_id": str,  # the invited person this row is about (NULL: a participant not invited)
            "status": str,  # present / absent / substitute / participant
            "member_id": str,  # who came (a member), for present / substitute / participant
            "official_id": str,
            "name": str,  # who came, as printed
            "position": str,
            "reason": str,  # why an invitee did not come
            "marked_at": str,  # UTC ISO
            "marked_by": str,
            "method": str,  # scan / typed / paper / manual
            "sort": int,
        },
        not_null={"meeting_id", "status", "name", "marked_at", "marked_by", "method", "sort"},
        defaults={"sort": 0},
        foreign_keys=[("meeting_id", "meetings", "id"), ("invitee_id", "meeting_invitees", "id"),
                      ("member_id", "members", "id")],
    )
    db.table("meeting_attendance").create_index(["meeting_id", "invitee_id"])
    db.table("meeting_attendance").create_index(["member_id"])

    create_sync_table(
        db,
        "meeting_items",
        {
            "meeting_id": str,
            "agenda_no": int,  # ระเบียบวาระที่ 1–5
            "sort": int,  # order within the agenda number
            "title": str,  # the item's own heading (optional: 4.1 …)
            "body": str,  # text, paragraphs separated by line breaks
            "attachments": str,  # JSON list of attachment names
            "resolution": str,  # มติที่ประชุม
        },
        not_null={"meeting_id", "agenda_no", "sort"},
        defaults={"sort": 0},
        foreign_keys=[("meeting_id", "meetings", "id")],
    )
    db.table("meeting_items").create_index(["meeting_id", "agenda_no", "sort"])

    create_sync_table(
        db,
        "meeting_actions",
        {
            "meeting_id": str,  # the meeting whose resolution created it
            "item_id": str,  # the agenda item it came from
            "series": str,  # copied from the meeting: the next meeting of the series follows it up
            "what": str,
            "owner_kind": str,  # member / official / agency
            "owner_member_id": str,
            "owner_official_id": str,
            "owner_agency_id": str,
            "owner_name": str,  # as printed
            "due_date": str,  # ISO date
            "status": str,  # open / done / cancelled
            "status_note": str,
            "closed_at": str,  # UTC ISO when done or cancelled
            "project_id": str,
            "activity_id": str,
            "case_id": str,
        },
        not_null={"meeting_id", "series", "what", "owner_kind", "owner_name", "status"},
        defaults={"status": "open"},
        foreign_keys=[
            ("meeting_id", "meetings", "id"),
            ("item_id", "meeting_items", "id"),
            ("owner_member_id", "members", "id"),
            ("owner_agency_id", "agencies", "id"),
            ("project_id", "projects", "id"),
            ("activity_id", "activities", "id"),
            ("case_id", "cases", "id"),
        ],
    )
    db.table("meeting_actions").create_index(["series", "status"])
    db.table("meeting_actions").create_index(["meeting_id"])
