"""Which tables travel in bundles, their keys, and which of their columns are personal.

Discovery is generic: every table carrying the sync bookkeeping (updated_at, origin, deleted_at)
travels — user-data tables keyed by `id` and link tables keyed by their natural PRIMARY KEY —
unless it is named in LOCAL_ONLY. Reference tables (provinces, sectors …) have no bookkeeping and
are the same in every installation, so they never travel. A new area's tables travel without any
change here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from moi_desktop.db import Database

BOOKKEEPING = ("created_at", "updated_at", "origin", "deleted_at")
SYNC_MARKERS = frozenset({"updated_at", "origin", "deleted_at"})

# Sync-ready tables that stay on this PC. The office profile does not travel as a row (a province
# would end up with many "own" offices); the sender's office rides in the manifest instead.
LOCAL_ONLY = frozenset({
    "office",  # this installation's own profile
    "users",  # accounts and password hashes
    "breach_log",  # this office's own PDPA register
    "audit_log",
    "meta",
    "bundles_sent",
    "bundles_received",
    "exchange_peers",
    "exchange_conflicts",
    "exchange_pins",
    # REPORTING: each office's own calendar; a province's record of imported folders
    "reporting_obligations",
    "submissions_received",
})

# Personal fields (left out of "aggregate only" bundles): names, national IDs, phones, addresses,
# photos, free text that may describe a person. Matched against column names; PERSONAL_OVERRIDES
# adds or keeps columns per table where a name pattern is wrong either way.
PERSONAL_PATTERNS = tuple(re.compile(p) for p in (
    r"^(first_name|last_name|full_name|head_name|nickname)$",
    r"^name_(key|sort)$",  # derived from the person's name
    r"national_id",
    r"phone",
    r"^(email|line_id)$",
    r"^(house_no|address.*)$",  # หมู่/ตำบล stay: figures are counted by them
    r"photo",
    r"^birth",
    r"^(notes|caption|reason|detail)$",
    r"_(snapshot|before)$",  # member merge history keeps whole records
))

PERSONAL_OVERRIDES: dict[str, dict[str, frozenset[str]]] = {
    "cases": {"add": frozenset({"description"})},  # what is wrong in a household, in words
    "case_actions": {"add": frozenset({"what", "by_whom"})},
    "members": {"add": frozenset({"consent_scope"})},
    "attendance_events": {"add": frozenset({"by_user"})},
    "member_merges": {"add": frozenset({"repointed"})},
    # MEETINGS: names of the people invited, present and owning actions
    "meeting_invitees": {"add": frozenset({"name"})},
    "meeting_attendance": {"add": frozenset({"name"})},
    "meeting_actions": {"add": frozenset({"owner_name"})},
    # -- EVALUATION + HOUSEHOLDS: a house's position points at the people in it
    "households": {"add": frozenset({"latitude", "longitude"})},
    "household_members": {"add": frozenset({"age_years", "income_year", "erased_at"})},
    "eval_committee": {"add": frozenset({"name"})},
    "referrals": {"add": frozenset({"reply_text"})},  # what the agency said about the household
}


# Thai names for the tables people see in previews and status; others show their table name.
TABLE_LABELS: dict[str, str] = {
    "members": "ภาคีเครือข่าย",
    "member_merges": "ประวัติการรวมรายชื่อซ้ำ",
    "trainings": "หลักสูตรอบรม",
    "training_sessions": "ช่วงการอบรม",
    "training_targets": "เป้าหมายผู้เข้าอบรม",
    "training_materials": "วัสดุการอบรม",
    "enrolments": "ผู้ลงทะเบียนอบรม",
    "attendance": "การลงเวลาเข้าอบรม",
    "attendance_events": "บันทึกการสแกนลงเวลา",
    "certificates": "เกียรติบัตร",
    "projects": "โครงการ",
    "project_budgets": "งบประมาณโครงการ",
    "activities": "กิจกรรม",
    "activity_photos": "ภาพกิจกรรม",
    "disbursements": "การเบิกจ่าย",
    "agencies": "หน่วยงานสนับสนุน",
    "households": "ครัวเรือน",
    "cases": "เรื่องราวปัญหาครัวเรือน",
    "case_actions": "การดำเนินการช่วยเหลือ",
    "case_photos": "ภาพเรื่องราว",
    "indicators": "ตัวชี้วัด",
    "indicator_categories": "หมวดตัวชี้วัด",
    # CORRESPONDENCE
    "officials": "เจ้าหน้าที่ผู้ลงนาม",
    "outgoing_letters": "ทะเบียนหนังสือส่ง",
    "letters": "ร่างหนังสือราชการ",
    # MEETINGS
    "meetings": "การประชุม",
    "meeting_invitees": "ผู้ได้รับเชิญประชุม",
    "meeting_attendance": "การลงเวลาเข้าประชุม",
    "meeting_items": "ระเบียบวาระการประชุม",
    "meeting_actions": "งานที่ต้องติดตามจากมติที่ประชุม",
    # REPORTING
    "submissions": "การส่งรายงานประจำงวด",
    "orders": "ข้อสั่งการ",
    "order_actions": "การดำเนินการตามข้อสั่งการ",
    # RESULTS + EVALUATION
    "milestones": "เป้าหมายรายระยะ",
    "milestone_indicator_targets": "เป้าหมายตามตัวชี้วัด",
    "milestone_actuals": "ผลการดำเนินงานรายงวด",
    "milestone_indicator_actuals": "ผลตามตัวชี้วัด",
    "project_lessons": "บทเรียนจากการดำเนินงาน",
    "project_satisfaction": "ความพึงพอใจของผู้รับประโยชน์",
    # -- EVALUATION + HOUSEHOLDS
    "household_members": "สมาชิกในครัวเรือน",
    "eval_rubrics": "หลักเกณฑ์การคัดเลือก",
    "eval_criteria": "ข้อหลักเกณฑ์การคัดเลือก",
    "eval_rounds": "รอบการคัดเลือกอำเภอ",
    "eval_committee": "คณะกรรมการคัดเลือก",
    "eval_candidates": "อำเภอที่เข้ารับการคัดเลือก",
    "eval_scores": "คะแนนการคัดเลือก",
    "referrals": "การส่งต่อเรื่องราวให้หน่วยงาน",
}


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


def personal_columns(table: str, columns: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The personal columns of `table` among `columns` (never a key or bookkeeping column)."""
    override = PERSONAL_OVERRIDES.get(table, {})
    found = {c for c in columns if any(p.search(c) for p in PERSONAL_PATTERNS)}
    if "title" in columns and "first_name" in columns:  # a person's title (นาย/นาง), not a project's
        found.add("title")
    found |= set(override.get("add", ())) & set(columns)
    found -= set(override.get("keep", ()))
    return frozenset(found - set(BOOKKEEPING) - {"id"})


@dataclass(frozen=True)
class TableInfo:
    name: str
    columns: tuple[str, ...]
    pk: tuple[str, ...]
    not_null: frozenset[str]
    personal: frozenset[str]
    parents: frozenset[str] = field(default_factory=frozenset)  # tables its foreign keys point at

    @property
    def data_columns(self) -> tuple[str, ...]:
        """Columns compared when deciding whether two versions of a row differ."""
        return tuple(c for c in self.columns if c not in ("created_at", "updated_at", "origin"))


def _table_info(db: Database, name: str) -> TableInfo | None:
    info = db.execute(f"PRAGMA table_info([{name}])").fetchall()
    columns = tuple(r[1] for r in info)
    if not SYNC_MARKERS <= set(columns):
        return None
    pk = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
    if not pk:
        return None  # no key to merge on: cannot travel
    parents = frozenset(r[2] for r in db.execute(f"PRAGMA foreign_key_list([{name}])").fetchall()) - {name}
    return TableInfo(
        name=name,
        columns=columns,
        pk=pk,
        not_null=frozenset(r[1] for r in info if r[3]),
        personal=personal_columns(name, columns) - set(pk),
        parents=parents,
    )


def exchange_tables(db: Database) -> list[TableInfo]:
    """Every table that travels, parents before the tables whose foreign keys point at them —
    read again whenever the schema changed (kept per connection and schema version: an import asks
    more than once)."""
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    cached: tuple[int, list[TableInfo]] | None = db.__dict__.get("_moi_exchange_tables")
    if cached is not None and cached[0] == version:
        return list(cached[1])
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY name"
    ).fetchall()]
    found = {}
    for name in names:
        if name in LOCAL_ONLY:
            continue
        info = _table_info(db, name)
        if info is not None:
            found[name] = info
    ordered = _parents_first(found)
    db.__dict__["_moi_exchange_tables"] = (version, ordered)
    return list(ordered)


def _parents_first(tables: dict[str, TableInfo]) -> list[TableInfo]:
    ordered: list[TableInfo] = []
    done: set[str] = set()
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in done or name in visiting:
            return  # a cycle is fine: foreign keys are checked at commit
        visiting.add(name)
        for parent in sorted(tables[name].parents):
            if parent in tables:
                visit(parent)
        visiting.discard(name)
        done.add(name)
        ordered.append(tables[name])

    for name in sorted(tables):
        visit(name)
    return ordered
