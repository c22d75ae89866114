"""The reporting cycle: the reporting calendar, submissions and the governor's orders.

- reporting_obligations: what this office must report and when (rule: monthly on day N of the
  next month, quarterly by the Thai fiscal year, once before a date), with the reports each
  period's submission carries. Seeded with the programme's three; editable. Each office keeps its
  own calendar (it does not travel): a province matches districts' submissions by `code`.
- submissions: a district's built submission folders (one row per build), sync-ready; they travel,
  so the province also sees what a district built.
- submissions_received: a province's imported submission folders (its own bookkeeping).
- orders / order_actions: ข้อสั่งการ and what was done about them; they travel to the province.

Seeded rows have deterministic ids (seed_id) so two offices seeded separately agree.
"""

import json

from moi_desktop.db.clock import now_iso
from moi_desktop.db.migrations.m002_reference import seed_id
from moi_desktop.db.rows import create_sync_table, installation_id
from moi_desktop.db.types import Database

# (code, title, kind, due_day, recipient, reports: [[report key, params template]]).
# Templates name {period}, {start} and {end} (ISO dates of the period's first and last day).
SEED_OBLIGATIONS = [
    ("disbursement", "รายงานผลการเบิกจ่ายงบประมาณประจำเดือน", "monthly", 3, "ผู้ว่าราชการจังหวัด",
     [["disbursement-monthly", {"month": "{period}"}]]),
    ("progress", "รายงานความก้าวหน้าการดำเนินโครงการประจำเดือน", "monthly", 5, "ผู้ว่าราชการจังหวัด",
     [["projects-by-category", {}], ["projects-by-agency", {}]]),
    ("cases", "รายงานเรื่องราวปัญหาครัวเรือนประจำเดือน", "monthly", 10, "ผู้ว่าราชการจังหวัด",
     [["cases-by-status", {"date_to": "{end}"}], ["cases-by-indicator", {"date_to": "{end}"}]]),
]


def up(db: Database) -> None:
    create_sync_table(
        db,
        "reporting_obligations",
        {
            "code": str,  # stable name shared by district and province ("disbursement")
            "title": str,
            "kind": str,  # monthly / quarterly / once
            "due_day": int,  # day of the month after the period (monthly, quarterly)
            "due_date": str,  # ISO (once)
            "recipient": str,  # เรียน … on the covering memo
            "reports": str,  # JSON [[report key, {param: template}]]
            "first_period": str,  # no period before this one is due (NULL: from the current one)
            "active": int,
            "sort": int,
        },
        not_null={"code", "title", "kind", "reports", "active"},
        defaults={"active": 1, "reports": "[]", "due_day": 0},
    )
    db.execute("CREATE UNIQUE INDEX idx_reporting_obligations_code ON reporting_obligations(origin, code)")

    create_sync_table(
        db,
        "submissions",
        {
            "obligation_code": str,
            "period": str,  # "2026-11", "2027-Q1", "once"
            "due_date": str,  # ISO date
            "built_at": str,  # UTC ISO: when the folder's manifest was written
            "built_on": str,  # the office's (Bangkok) date of building: compared with due_date
            "district_code": str,
            "province_code": str,
            "folder": str,  # where it was written
            "manifest_sha256": str,
            "memo_number": str,  # the covering memo's number from the outgoing register
            "bundle_id": str,  # the data bundle inside (bundles_sent.id): its receipt closes it
            "files": int,
            "bytes": int,
        },
        not_null={"obligation_code", "period", "due_date", "built_at", "built_on", "manifest_sha256"},
    )
    db.table("submissions").create_index(["obligation_code", "period"])

    create_sync_table(
        db,
        "submissions_received",
        {
            "obligation_code": str,
            "period": str,
            "due_date": str,
            "built_at": str,  # from the manifest
            "built_on": str,
            "imported_at": str,  # UTC ISO
            "district_code": str,
            "province_code": str,
            "org_name": str,
            "manifest_sha256": str,
            "bundle_id": str,
            "filed_in": str,  # the folder under the data dir holding the documents
            "files": int,
        },
        not_null={"obligation_code", "period", "due_date", "built_on", "imported_at", "district_code",
                  "manifest_sha256"},
    )
    db.table("submissions_received").create_index(["obligation_code", "period", "district_code"])

    create_sync_table(
        db,
        "orders",
        {
            "from_whom": str,  # ผู้สั่งการ (ผู้ว่าราชการจังหวัด, ปลัดกระทรวงมหาดไทย …)
            "order_date": str,  # ISO
            "reference": str,  # the letter or meeting it came in ("มท ๐๒๑๑.๒/๑๙๓๕๕")
            "text": str,
            "due_date": str,  # ISO, NULL: no deadline
            "responsible_unit": str,
            "status": str,  # open / in_progress / done / cancelled
            "done_date": str,
            "district_code": str,
        },
        not_null={"order_date", "text", "status"},
        defaults={"status": "open"},
    )
    db.table("orders").create_index(["status", "due_date"])

    create_sync_table(
        db,
        "order_actions",
        {
            "order_id": str,
            "action_date": str,
            "what": str,  # the reply or action taken
            "by_unit": str,
            "reference": str,  # the reply letter's number, if any
        },
        not_null={"order_id", "action_date", "what"},
        foreign_keys=[("order_id", "orders", "id")],
    )
    db.table("order_actions").create_index(["order_id", "action_date"])

    now = now_iso()
    origin = installation_id(db)
    # Written directly (not insert_row): change listeners' tables may come from later migrations.
    db.conn.executemany(
        "INSERT INTO reporting_obligations (id, created_at, updated_at, origin, deleted_at, code, title, kind, "
        "due_day, due_date, recipient, reports, first_period, active, sort) "
        "VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, NULL, ?, ?, NULL, 1, ?)",
        [(seed_id("obligation", code), now, now, origin, code, title, kind, day, recipient,
          json.dumps(reports, ensure_ascii=False), sort)
         for sort, (code, title, kind, day, recipient, reports) in enumerate(SEED_OBLIGATIONS, start=1)],
    )
