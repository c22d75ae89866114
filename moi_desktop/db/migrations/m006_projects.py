"""Pilot projects: supporting agencies, projects, their activities, budgets by source,
monthly disbursements and before/after photos.

All are sync-ready user data. The link tables (project × subdistrict / SDG / indicator / sector /
agency, activity × sector) use natural keys and carry updated_at/origin/deleted_at so that a link
removed in one office travels as a tombstone. Agencies are seeded from seed 004's two tables with
deterministic ids, so two offices seeded separately merge instead of duplicating.
"""

from moi_desktop.db.clock import now_iso
from moi_desktop.db.migrations.m002_reference import seed_id
from moi_desktop.db.rows import create_sync_table, installation_id
from moi_desktop.db.types import Database

# Seed 004 §4.1.2 (1): MOI departments and state enterprises — (name, kind). "องค์การตลาต" in the
# OCR is องค์การตลาด.
MOI_AGENCIES = [
    ("กรมการปกครอง", "department"),
    ("กรมการพัฒนาชุมชน", "department"),
    ("กรมส่งเสริมการปกครองท้องถิ่น", "department"),
    ("กรมป้องกันและบรรเทาสาธารณภัย", "department"),
    ("กรมโยธาธิการและผังเมือง", "department"),
    ("การไฟฟ้าส่วนภูมิภาค", "state_enterprise"),
    ("องค์การตลาด", "state_enterprise"),
    ("องค์การจัดการน้ำเสีย", "state_enterprise"),
]

# Seed 004 §4.1.2 (2): agencies in the province.
AREA_AGENCIES = [
    ("สำนักงานเกษตรและสหกรณ์จังหวัด", "provincial"),
    ("สำนักงานชลประทานจังหวัด", "provincial"),
    ("สำนักงานปศุสัตว์จังหวัด", "provincial"),
    ("สำนักงานประมงจังหวัด", "provincial"),
    ("สำนักงานพาณิชย์จังหวัด", "provincial"),
    ("สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด", "provincial"),
    ("สำนักงานสาธารณสุขจังหวัด", "provincial"),
    ("สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด", "provincial"),
    ("สำนักงานการท่องเที่ยวและกีฬาจังหวัด", "provincial"),
    ("สำนักงานแรงงานจังหวัด", "provincial"),
    ("สำนักงานอุตสาหกรรมจังหวัด", "provincial"),
    ("สถาบันการศึกษาในพื้นที่", "academic"),
    ("องค์กรปกครองส่วนท้องถิ่น", "local_government"),
    ("ภาคเอกชน", "private"),
    ("ภาคศาสนา", "religious"),
]


def _link_table(db: Database, name: str, columns: dict[str, type], pk: tuple[str, str],
                foreign_keys: list[tuple[str, str, str]]) -> None:
    spec: dict[str, type] = dict(columns)
    spec.update({"created_at": str, "updated_at": str, "origin": str, "deleted_at": str})
    db.table(name).create(spec, pk=pk, not_null=set(pk) | {"created_at", "updated_at", "origin"},
                          foreign_keys=foreign_keys)
    db.table(name).create_index(["updated_at"], index_name=f"idx_{name}_updated_at")


def _agencies(db: Database) -> None:
    create_sync_table(
        db,
        "agencies",
        {
            "name_th": str,
            "grp": str,  # "moi" (seed 004 table 1) or "area" (table 2)
            # department / state_enterprise / provincial / local_government / academic / private / religious / other
            "kind": str,
            "sort": int,
            "active": int,
        },
        not_null={"name_th", "grp", "kind", "active"},
        defaults={"active": 1, "kind": "other", "grp": "area"},
    )
    db.table("agencies").create_index(["grp", "sort"])
    now = now_iso()
    origin = installation_id(db)
    rows = []
    for grp, items in (("moi", MOI_AGENCIES), ("area", AREA_AGENCIES)):
        for sort, (name, kind) in enumerate(items, start=1):
            rows.append((seed_id("agency", name), now, now, origin, None, name, grp, kind, sort, 1))
    # Written directly (not insert_row): change listeners' tables may come from later migrations.
    db.conn.executemany(
        "INSERT INTO agencies (id, created_at, updated_at, origin, deleted_at, name_th, grp, kind, sort, active) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _projects(db: Database) -> None:
    create_sync_table(
        db,
        "projects",
        {
            "title": str,
            "category": int,  # project_categories.code (the 5 of seed 004)
            "district_code": str,  # the district running it (a province installation merges many)
            "objectives": str,
            "problem": str,  # the problem it answers
            "data_source": str,  # tpmap / thai_qm / jpt (จปฐ.) / kchch2k (กชช.๒ค.) / other
            "data_source_note": str,
            "villages": str,  # target villages as written, e.g. "หมู่ ๑, ๓, ๕"
            "no_budget": int,  # "ไม่ใช้งบประมาณ": the project needs no money
            "timeframe": str,  # quick_win (≤ 5 months) / long_term (≥ 1 year)
            "start_date": str,  # ISO
            "end_date": str,
            "chain_upstream": str,  # value chain: ต้นทาง
            "chain_midstream": str,  # กลางทาง
            "chain_downstream": str,  # ปลายทาง
            "households_target": int,
            "persons_target": int,
            "project_value": float,  # มูลค่าโครงการ (baht) — what the inspector asked for
            "status": str,  # planned / in_progress / completed / suspended
            "progress": int,  # 0–100
            "notes": str,
        },
        not_null={"title", "category", "status", "progress", "no_budget"},
        defaults={"status": "planned", "progress": 0, "no_budget": 0},
        foreign_keys=[("category", "project_categories", "code"), ("district_code", "districts", "district_code")],
    )
    db.table("projects").create_index(["category"])
    db.table("projects").create_index(["status"])

    create_sync_table(
        db,
        "project_budgets",
        {
            "project_id": str,
            "source": str,  # moi / province / local_government / private / community / other
            "source_note": str,  # e.g. the fund's name
            "amount": float,
        },
        not_null={"project_id", "source", "amount"},
        foreign_keys=[("project_id", "projects", "id")],
    )
    db.table("project_budgets").create_index(["project_id"])

    _link_table(db, "project_subdistricts", {"project_id": str, "subdistrict_code": str},
                ("project_id", "subdistrict_code"),
                [("project_id", "projects", "id"), ("subdistrict_code", "subdistricts", "subdistrict_code")])
    _link_table(db, "project_sdgs", {"project_id": str, "goal": int}, ("project_id", "goal"),
                [("project_id", "projects", "id"), ("goal", "sdgs", "goal")])
    _link_table(db, "project_indicators", {"project_id": str, "indicator_id": str}, ("project_id", "indicator_id"),
                [("project_id", "projects", "id"), ("indicator_id", "indicators", "id")])
    _link_table(db, "project_sectors", {"project_id": str, "sector": str}, ("project_id", "sector"),
                [("project_id", "projects", "id"), ("sector", "sectors", "code")])
    _link_table(db, "project_agencies", {"project_id": str, "agency_id": str}, ("project_id", "agency_id"),
                [("project_id", "projects", "id"), ("agency_id", "agencies", "id")])
    db.table("project_agencies").create_index(["agency_id"])


def _activities(db: Database) -> None:
    create_sync_table(
        db,
        "activities",
        {
            "project_id": str,
            "title": str,
            "start_date": str,
            "end_date": str,
            "place": str,
            "agency_id": str,  # responsible agency
            "budget_planned": float,
            "households_actual": int,
            "persons_actual": int,
            "who": str,  # 5W1H: ใคร
            "what": str,  # ทำอะไร
            "where_": str,  # ที่ไหน
            "when_": str,  # เมื่อไร
            "why": str,  # ทำไม
            "how": str,  # อย่างไร
            "before_text": str,
            "after_text": str,
            "progress": int,  # 0–100
            "sort": int,
        },
        not_null={"project_id", "title", "progress"},
        defaults={"progress": 0},
        foreign_keys=[("project_id", "projects", "id"), ("agency_id", "agencies", "id")],
    )
    db.table("activities").create_index(["project_id", "sort"])
    db.table("activities").create_index(["agency_id"])
    _link_table(db, "activity_sectors", {"activity_id": str, "sector": str}, ("activity_id", "sector"),
                [("activity_id", "activities", "id"), ("sector", "sectors", "code")])

    create_sync_table(
        db,
        "activity_photos",
        {
            "activity_id": str,
            "stage": str,  # before / after
            "photo_hash": str,  # sha256 of the file under <data dir>/project_photos/
            "suffix": str,  # .jpg / .png
            "caption": str,
            "sort": int,
        },
        not_null={"activity_id", "stage", "photo_hash", "suffix"},
        foreign_keys=[("activity_id", "activities", "id")],
    )
    db.table("activity_photos").create_index(["activity_id", "stage"])

    # Spending as paid: the monthly disbursement report and "spent" everywhere are sums of these.
    create_sync_table(
        db,
        "disbursements",
        {
            "project_id": str,
            "activity_id": str,  # optional: spending charged to one activity
            "paid_on": str,  # ISO date
            "amount": float,
            "note": str,
        },
        not_null={"project_id", "paid_on", "amount"},
        foreign_keys=[("project_id", "projects", "id"), ("activity_id", "activities", "id")],
    )
    db.table("disbursements").create_index(["project_id", "paid_on"])
    db.table("disbursements").create_index(["activity_id"])
    db.table("disbursements").create_index(["paid_on"])


def up(db: Database) -> None:
    _agencies(db)
    _projects(db)
    _activities(db)
