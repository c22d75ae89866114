"""Importing projects and activities from the workbooks offices keep today (ImportSpec "projects").

One row per activity, with its project's title on every row (or only on the first row of each
project: a blank project cell continues the project above, as in a merged Excel cell). Project
columns (category, budget, value, beneficiaries…) are read from the first row that gives them.
A row naming a project but no activity adds only the project. Projects already in the database
are matched by title and get the new activities; an activity already there (same project, same
title) is a duplicate and skipped. Spending in a row becomes one disbursement dated on the
activity's end (or start) date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from moi_desktop.db import Database, insert_row
from moi_desktop.errors import UserError
from moi_desktop.imports.engine import ImportSpec, RowResult
from moi_desktop.imports.mapping import FieldSpec
from moi_desktop.imports.reader import cell_text
from moi_desktop.office import get_office
from moi_desktop.progress import Progress
from moi_desktop.projects.agencies import match_agency
from moi_desktop.projects.model import (
    STATUSES,
    amount_value,
    count_value,
    date_value,
    progress_value,
    text_value,
)
from moi_desktop.thai import normalize_text, to_arabic_digits

IMPORT_FIELDS: list[FieldSpec] = [
    FieldSpec("seq", "ลำดับ", ("ลำดับที่", "ที่", "no")),
    FieldSpec("project", "ชื่อโครงการ", ("โครงการ", "ชื่อโครงการ/กิจกรรม", "project")),
    FieldSpec("category", "ประเภทโครงการ", ("ประเภท", "ด้าน", "category")),
    FieldSpec("activity", "ชื่อกิจกรรม", ("กิจกรรม", "กิจกรรมย่อย", "activity")),
    FieldSpec("start_date", "วันเริ่มต้น", ("วันที่เริ่ม", "เริ่ม", "วันที่ดำเนินการ", "วันที่", "start")),
    FieldSpec("end_date", "วันสิ้นสุด", ("วันที่สิ้นสุด", "ถึงวันที่", "สิ้นสุด", "end")),
    FieldSpec("place", "สถานที่", ("สถานที่ดำเนินการ", "พื้นที่ดำเนินการ", "place")),
    FieldSpec("agency", "หน่วยงานรับผิดชอบ", ("หน่วยงาน", "หน่วยงานสนับสนุน", "ผู้รับผิดชอบ", "agency")),
    FieldSpec("budget", "งบประมาณ", ("งบประมาณ (บาท)", "งบประมาณที่ได้รับ", "วงเงิน", "budget")),
    FieldSpec("spent", "เบิกจ่าย", ("เบิกจ่าย (บาท)", "ผลการเบิกจ่าย", "ใช้จ่ายจริง", "spent")),
    FieldSpec("households", "ครัวเรือน", ("จำนวนครัวเรือน", "ครัวเรือนที่ได้รับประโยชน์", "ผู้รับประโยชน์ (ครัวเรือน)")),
    FieldSpec("persons", "จำนวนคน", ("ผู้รับประโยชน์", "ผู้รับประโยชน์ (คน)", "จำนวนผู้รับประโยชน์", "คน")),
    FieldSpec("project_value", "มูลค่าโครงการ", ("มูลค่า", "มูลค่าโครงการ (บาท)", "value")),
    FieldSpec("progress", "ความก้าวหน้า", ("ความก้าวหน้า (%)", "ร้อยละความก้าวหน้า", "ผลการดำเนินงาน (%)", "progress")),
    FieldSpec("status", "สถานะ", ("สถานะโครงการ", "status")),
    FieldSpec("notes", "หมายเหตุ", ("notes", "remark")),
]

_CATEGORY_WORDS = {1: ("คุณภาพชีวิต", "อาชีพ"), 2: ("ยากจน", "แก้จน"), 3: ("น้ำ",), 4: ("ท่องเที่ยว",),
                   5: ("ขยะ", "ภัยพิบัติ", "อื่น")}


def match_category(text: str) -> int | None:
    """1–5 from "1", "(๒)", "ด้านแก้ไขปัญหาความยากจน", "น้ำ" …; None when unrecognised."""
    key = to_arabic_digits(normalize_text(text or "")).strip("() .")
    if not key:
        return None
    if key[:1].isdigit() and int(key[:1]) in _CATEGORY_WORDS and (len(key) == 1 or not key[1].isdigit()):
        return int(key[:1])
    for code, words in _CATEGORY_WORDS.items():
        if any(w in key for w in words):
            return code
    return None


def match_status(text: str) -> str | None:
    key = normalize_text(text or "")
    if not key:
        return None
    if key in STATUSES:
        return key
    for code, words in (("completed", ("เสร็จ", "แล้ว")), ("in_progress", ("ระหว่าง", "กำลัง")),
                        ("suspended", ("ชะลอ", "ยุติ", "ยกเลิก")), ("planned", ("ยังไม่", "วางแผน"))):
        if any(w in key for w in words):
            return code
    best = max(STATUSES, key=lambda c: fuzz.ratio(key, STATUSES[c]))
    return best if fuzz.ratio(key, STATUSES[best]) >= 80 else None


@dataclass
class Context:
    db: Database
    district_code: str | None
    existing_projects: dict[str, str]  # normalised title -> id
    existing_activities: set[tuple[str, str]]  # (project key, activity key)
    seen_activities: dict[tuple[str, str], int] = field(default_factory=dict)
    last_project: str = ""
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)  # title key -> project values from rows


def _key(text: str) -> str:
    return normalize_text(text).replace(" ", "").lower()


def prepare(db: Database, options: Mapping[str, Any]) -> Context:
    office = get_office(db)
    activities = {(_key(p), _key(a)) for p, a in db.execute(
        "SELECT p.title, a.title FROM activities a JOIN projects p ON p.id = a.project_id "
        "WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL")}
    projects = {_key(t): i for i, t in db.execute("SELECT id, title FROM projects WHERE deleted_at IS NULL")}
    return Context(db, options.get("district_code") or (office.district_code if office else None), projects,
                   activities)


def check_row(ctx: Context, row_number: int, raw: Mapping[str, Any]) -> RowResult:
    result = RowResult(row_number)
    title = cell_text(raw.get("project")) or ctx.last_project
    if not title:
        result.errors.append(("project", "ไม่มีชื่อโครงการ — ข้ามแถวนี้"))
        return result
    ctx.last_project = title
    pkey = _key(title)
    project = ctx.projects.setdefault(pkey, {"title": title, "first_row": row_number})
    values: dict[str, Any] = {"project_key": pkey}
    try:
        category_text = cell_text(raw.get("category"))
        if category_text:
            category = match_category(category_text)
            if category is None:
                result.errors.append(("category", f"ไม่รู้จักประเภทโครงการ “{category_text}” (ใช้ ๑–๕ หรือชื่อประเภท)"))
            else:
                project.setdefault("category", category)
        for name, fn, label in (("project_value", amount_value, "มูลค่าโครงการ"),):
            if raw.get(name) not in (None, "") and name not in project:
                project[name] = fn(raw.get(name), label, name)
        status = cell_text(raw.get("status"))
        if status and "status" not in project:
            code = match_status(status)
            if code is None:
                result.warnings.append(("status", f"ไม่รู้จักสถานะ “{status}” — บันทึกเป็นยังไม่เริ่มดำเนินการ"))
            project["status"] = code or "planned"
        activity = cell_text(raw.get("activity"))
        values["activity"] = activity
        values["start_date"] = date_value(raw.get("start_date"), "วันเริ่มต้น", "start_date")
        values["end_date"] = date_value(raw.get("end_date"), "วันสิ้นสุด", "end_date")
        if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
            result.errors.append(("end_date", "วันสิ้นสุดอยู่ก่อนวันเริ่มต้น"))
        values["place"] = text_value(raw.get("place"), multiline=False)
        values["budget"] = amount_value(raw.get("budget"), "งบประมาณ", "budget")
        values["spent"] = amount_value(raw.get("spent"), "เบิกจ่าย", "spent")
        values["households"] = count_value(raw.get("households"), "จำนวนครัวเรือน", "households")
        values["persons"] = count_value(raw.get("persons"), "จำนวนคน", "persons")
        values["progress"] = progress_value(raw.get("progress")) if raw.get("progress") not in (None, "") else 0
        values["notes"] = text_value(raw.get("notes"))
    except UserError as exc:
        result.errors.append((exc.field, exc.message))
        return result
    agency_text = cell_text(raw.get("agency"))
    values["agency_id"] = match_agency(ctx.db, agency_text) if agency_text else None
    if agency_text and values["agency_id"] is None:
        result.warnings.append(("agency", f"ไม่พบหน่วยงาน “{agency_text}” ในรายชื่อ — เก็บไว้ในหมายเหตุ"))
        values["notes"] = "; ".join(x for x in (values["notes"], f"หน่วยงาน: {agency_text}") if x)
    if values["spent"] and not (values["end_date"] or values["start_date"]):
        result.errors.append(("spent", "มีเงินเบิกจ่ายแต่ไม่มีวันที่ — กรอกวันเริ่มต้นหรือวันสิ้นสุด"))
    if not activity and pkey in ctx.existing_projects:
        result.duplicate_of = "ข้อมูลเดิม"
        result.duplicate_reason = f"มีโครงการ “{title}” อยู่แล้ว"
    elif activity:
        akey = (pkey, _key(activity))
        if akey in ctx.existing_activities:
            result.duplicate_of = "ข้อมูลเดิม"
            result.duplicate_reason = f"มีกิจกรรม “{activity}” ในโครงการนี้อยู่แล้ว"
        elif akey in ctx.seen_activities:
            result.duplicate_of = ctx.seen_activities[akey]
            result.duplicate_reason = f"กิจกรรม “{activity}” ซ้ำกับแถว {ctx.seen_activities[akey]}"
        else:
            ctx.seen_activities[akey] = row_number
    if pkey not in ctx.existing_projects and "category" not in project and not result.errors:
        result.errors.append(("category", f"โครงการใหม่ “{title}” ต้องระบุประเภทโครงการ (๑–๕) ในแถวแรกของโครงการ"))
    if result.errors:
        return result
    result.values = values
    return result


def _values(result: RowResult) -> dict[str, Any]:
    """The values of a row apply() was given: the engine passes only rows check_row filled."""
    if result.values is None:
        raise ValueError(f"row {result.row} has no values to import")
    return result.values


def apply(db: Database, ctx: Context, results: list[RowResult], progress: Progress | None) -> int:
    """Create missing projects (a category is required for a new one), then the activities."""
    ids = dict(ctx.existing_projects)
    missing = [p for k, p in ctx.projects.items() if k not in ids and any(
        _values(r)["project_key"] == k for r in results)]
    for p in missing:
        if "category" not in p:
            raise UserError(f"โครงการ “{p['title']}” (แถว {p['first_row']}) ยังไม่ได้ระบุประเภทโครงการ",
                            field="category")
    for p in missing:
        ids[_key(p["title"])] = insert_row(db, "projects", {
            "title": p["title"], "category": p["category"], "district_code": ctx.district_code,
            "status": p.get("status", "planned"), "progress": 0, "no_budget": 0,
            "project_value": p.get("project_value"),
        })
    count = 0
    sorts: dict[str, int] = {}
    for n, r in enumerate(results, start=1):
        v = _values(r)
        project_id = ids[v["project_key"]]
        if v["activity"]:
            sort = sorts.get(project_id) or db.execute(
                "SELECT COALESCE(MAX(sort), 0) FROM activities WHERE project_id = ?", [project_id]).fetchone()[0]
            sorts[project_id] = sort + 1
            activity_id = insert_row(db, "activities", {
                "project_id": project_id, "title": v["activity"], "start_date": v["start_date"],
                "end_date": v["end_date"], "place": v["place"], "agency_id": v["agency_id"],
                "budget_planned": v["budget"], "households_actual": v["households"], "persons_actual": v["persons"],
                "progress": v["progress"], "sort": sort + 1, "what": v["activity"],
                "before_text": None, "after_text": v["notes"],
            })
            if v["spent"]:
                insert_row(db, "disbursements", {
                    "project_id": project_id, "activity_id": activity_id,
                    "paid_on": v["end_date"] or v["start_date"], "amount": v["spent"], "note": "นำเข้าจาก Excel",
                })
        elif v["budget"]:
            insert_row(db, "project_budgets", {"project_id": project_id, "source": "other", "amount": v["budget"],
                                               "source_note": "นำเข้าจาก Excel"})
        count += 1
        if progress and n % 100 == 0:
            progress(n, len(results), "กำลังบันทึกโครงการและกิจกรรม")
    return count


SPEC = ImportSpec(
    kind="projects",
    title="โครงการและกิจกรรม",
    fields=IMPORT_FIELDS,
    required=[("project",), ("activity", "category")],
    prepare=prepare,
    check_row=check_row,
    apply=apply,
    action="projects.edit",
    check_action="projects.view",
)
