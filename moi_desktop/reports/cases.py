"""Household case reports: by category and indicator (seed 004's layout), by category, by status,
by subdistrict, the case list and one household's card.

Counting reports show numbers only. Reports that name households mask sensitive cases (health,
disability) unless the show_sensitive option is confirmed, which is audited.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from moi_desktop.cases.exports import mask_case, protect_cases, record_disclosure
from moi_desktop.cases.households import household_address, require_household
from moi_desktop.cases.model import DIMENSION_SHORT, MASK, mask_name
from moi_desktop.cases.query import (
    OPEN_STATUSES,
    CaseQuery,
    count_cases,
    household_cases,
    overdue_cutoff,
    overdue_days,
    search_cases,
)
from moi_desktop.cases.status import STATUSES, status_label
from moi_desktop.cases.store import case_actions
from moi_desktop.db import Database
from moi_desktop.db.clock import BANGKOK
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.office import get_office
from moi_desktop.reports import (
    ReportParam,
    ReportSpec,
    district_param,
    district_row_ids,
    district_subtitle,
    district_where,
)
from moi_desktop.thai import (
    format_phone,
    format_thai_date,
    format_thai_time,
    phone_problem,
)

TABLES = ("cases", "households", "case_actions", "indicators")
# An SQL list of the open status codes (constants of cases.query, never user text).
_OPEN = "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"


def now_bangkok() -> datetime:
    """When the report's data was read (a function so tests can pin it)."""
    return datetime.now(BANGKOK)


def as_of_line(moment: datetime) -> str:
    """"ข้อมูล ณ วันที่ ๒๙ สิงหาคม ๒๕๖๕ เวลา ๑๑.๕๒ น." as under seed 004's table."""
    return f"ข้อมูล ณ วันที่ {format_thai_date(moment.date(), 'full')} เวลา {format_thai_time(moment)}"


# -- parameters ------------------------------------------------------------------------------------
def _subdistrict_choices(db: Database) -> list[tuple[str, str]]:
    rows = db.execute(
        "SELECT DISTINCT s.subdistrict_code, s.name_th FROM households h "
        "JOIN subdistricts s ON s.subdistrict_code = h.subdistrict_code WHERE h.deleted_at IS NULL "
        "ORDER BY s.subdistrict_code"
    ).fetchall()
    return [("", "ทุกตำบล"), *((code, f"ตำบล{name}") for code, name in rows)]


def _status_choices(db: Database) -> list[tuple[str, str]]:
    return [("", "ทุกสถานะ"), ("open", "ยังไม่ปิดเรื่อง"), ("closed", "ปิดเรื่องแล้ว"), *STATUSES.items()]


def _household_choices(db: Database) -> list[tuple[str, str]]:
    rows = db.query(
        "SELECT h.*, s.name_th AS subdistrict_name FROM households h "
        "LEFT JOIN subdistricts s ON s.subdistrict_code = h.subdistrict_code WHERE h.deleted_at IS NULL "
        "ORDER BY s.name_th, CAST(h.moo AS INTEGER), h.house_no"
    )
    return [(r["id"], f"{r['head_name']} — {household_address(r)}") for r in rows]


def _first_reported(db: Database) -> date | None:
    row = db.execute("SELECT MIN(reported_on) FROM cases WHERE deleted_at IS NULL").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def _last_reported(db: Database) -> date | None:
    row = db.execute("SELECT MAX(reported_on) FROM cases WHERE deleted_at IS NULL").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


SUBDISTRICT = ReportParam("subdistrict", "ตำบล", kind="choice", choices=_subdistrict_choices)
STATUS = ReportParam("status", "สถานะ", kind="choice", choices=_status_choices)
DATE_FROM = ReportParam("date_from", "รับเรื่องตั้งแต่วันที่", kind="date", default=_first_reported)
DATE_TO = ReportParam("date_to", "ถึงวันที่", kind="date", default=_last_reported)
SHOW_SENSITIVE = ReportParam("show_sensitive", "แสดงข้อมูลอ่อนไหว (สุขภาพ/ความพิการ) — ยืนยันแล้ว", kind="bool",
                             action="cases.export_sensitive")
DISTRICT = district_param()


def _filters(db: Database, params: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    """SQL conditions on cases c / households h for the common options, and their Thai description.
    The conditions are fixed SQL; every chosen value is a bound parameter."""
    where = ["c.deleted_at IS NULL"]
    args: list[str] = []
    said = list(district_subtitle(db, params))
    if params.get("district"):
        district_sql, district_args = district_where(db, params, alias="c")
        where.append(district_sql)
        args.extend(district_args)
    if params.get("subdistrict"):
        where.append("h.subdistrict_code = ?")
        args.append(params["subdistrict"])
        name = db.execute("SELECT name_th FROM subdistricts WHERE subdistrict_code = ?",
                          [params["subdistrict"]]).fetchone()
        said.append(f"ตำบล{name[0] if name else params['subdistrict']}")
    status = params.get("status")
    if status == "open":
        where.append(f"c.status IN {_OPEN}")
        said.append("เฉพาะเรื่องที่ยังไม่ปิด")
    elif status == "closed":
        where.append(f"c.status NOT IN {_OPEN}")
        said.append("เฉพาะเรื่องที่ปิดแล้ว")
    elif status:
        where.append("c.status = ?")
        args.append(status)
        said.append(f"สถานะ{status_label(status)}")
    first, last = params.get("date_from"), params.get("date_to")
    if first:
        where.append("c.reported_on >= ?")
        args.append(first.isoformat())
    if last:
        where.append("c.reported_on <= ?")
        args.append(last.isoformat())
    if (first and first != _first_reported(db)) or (last and last != _last_reported(db)):
        if first and last:
            said.append(f"รับเรื่องระหว่าง {format_thai_date(first, 'medium')} – {format_thai_date(last, 'medium')}")
        elif first:
            said.append(f"รับเรื่องตั้งแต่ {format_thai_date(first, 'medium')}")
        elif last:
            said.append(f"รับเรื่องถึง {format_thai_date(last, 'medium')}")
    return " AND ".join(where), args, said


def _place(db: Database) -> str:
    office = get_office(db)
    if office and office.district_code:
        row = db.execute(
            "SELECT d.name_th, d.kind, p.name_th FROM districts d "
            "JOIN provinces p ON p.province_code = d.province_code WHERE d.district_code = ?",
            [office.district_code]).fetchone()
        if row:
            return f"{'เขต' if row[1] == 'khet' else 'อำเภอ'}{row[0]} จังหวัด{row[2]}"
    return office.org_name if office else ""


def _subtitle(db: Database, said: list[str], moment: datetime) -> list[str]:
    lines = [x for x in (_place(db), " · ".join(said)) if x]
    return [*lines, as_of_line(moment)]


# -- by category and indicator (seed 004 §2.3) -----------------------------------------------------
def indicator_counts(db: Database, params: dict[str, Any]) -> list[dict[str, Any]]:
    """[{number, category, problem, count, category_sort}] — indicators with cases, by number
    (all active indicators too when include_empty)."""
    where, args, _ = _filters(db, params)
    rows = [dict(r) for r in db.query(
        f"""
        SELECT i.number, ic.name_th AS category, ic.sort AS category_sort, i.text AS problem, i.active,
               COUNT(c.id) AS count
        FROM indicators i
        JOIN indicator_categories ic ON ic.id = i.category_id
        LEFT JOIN (cases c JOIN households h ON h.id = c.household_id) ON c.indicator_id = i.id AND {where}
        WHERE i.deleted_at IS NULL
        GROUP BY i.id
        ORDER BY i.number
        """,  # noqa: S608 - where: _filters' fixed conditions, values bound
        args,
    )]
    keep_empty = bool(params.get("include_empty"))
    return [r for r in rows if r["count"] or (keep_empty and r["active"])]


def category_totals(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(category, cases) in the categories' own order, from indicator_counts rows."""
    totals: dict[str, list[int]] = {}  # category -> [sort, cases]
    for r in rows:
        entry = totals.setdefault(r["category"], [r["category_sort"], 0])
        entry[1] += r["count"]
    return [(name, n) for name, (_, n) in sorted(totals.items(), key=lambda kv: kv[1][0])]


def cases_by_indicator(db: Database, params: dict[str, Any]) -> ReportDefinition:
    moment = now_bangkok()
    _, _, said = _filters(db, params)
    rows = indicator_counts(db, params)
    total = sum(r["count"] for r in rows)
    categories = category_totals(rows)
    summary = [f"ประเภทปัญหา จำแนกได้ {len(categories)} ประเภท ดังนี้"]
    summary += [f"- {name} จำนวน {n:,}" for name, n in categories]
    summary.append(f"รวม {total:,} เรื่องราว")
    return ReportDefinition(
        title=["ข้อมูลเรื่องราวครัวเรือน", "จำแนกตามประเภทปัญหาและตัวชี้วัด"],
        subtitle=_subtitle(db, said, moment),
        columns=[
            Column("number", "ปัญหาที่", weight=0.5, align="center"),
            Column("category", "ประเภท", weight=1.6),
            Column("problem", "ปัญหา", weight=3.2),
            Column("count", "จำนวนเรื่องราว", weight=0.8, kind="int"),
        ],
        rows=[{"number": str(r["number"]), "category": r["category"], "problem": r["problem"], "count": r["count"]}
              for r in rows],
        totals={"count": total},
        summary=summary,
        prepared_by=PreparedBy(date=moment.date()),
        sheet_name="ตามตัวชี้วัด",
    )


def cases_by_category(db: Database, params: dict[str, Any]) -> ReportDefinition:
    moment = now_bangkok()
    _, _, said = _filters(db, params)
    counts = indicator_counts(db, {**params, "include_empty": False})
    categories = category_totals(counts)
    total = sum(n for _, n in categories)
    indicators_used: dict[str, int] = {}
    for r in counts:
        indicators_used[r["category"]] = indicators_used.get(r["category"], 0) + 1
    return ReportDefinition(
        title=["ข้อมูลเรื่องราวครัวเรือน", "จำแนกตามประเภทปัญหา"],
        subtitle=_subtitle(db, said, moment),
        columns=[
            Column("category", "ประเภทปัญหา", weight=3),
            Column("indicators", "จำนวนตัวชี้วัดที่พบ", weight=1, kind="int"),
            Column("count", "จำนวนเรื่องราว", weight=1, kind="int"),
            Column("percent", "ร้อยละ", weight=0.8, kind="percent"),
        ],
        rows=[{"category": name, "indicators": indicators_used[name], "count": n,
               "percent": 100 * n / total if total else 0.0} for name, n in categories],
        numbered=True,
        totals={"indicators": sum(indicators_used.values()), "count": total, "percent": 100.0 if total else 0.0},
        prepared_by=PreparedBy(date=moment.date()),
        sheet_name="ตามประเภทปัญหา",
    )


# -- by status and by subdistrict ------------------------------------------------------------------
def cases_by_status(db: Database, params: dict[str, Any]) -> ReportDefinition:
    moment = now_bangkok()
    where, args, said = _filters(db, {**params, "status": None})
    cutoff = overdue_cutoff(db, moment.date())
    counts = {s: [0, 0] for s in STATUSES}
    for status, n, late in db.execute(
        # _OPEN: constant status codes; where: _filters' fixed conditions, values bound
        f"SELECT c.status, COUNT(*), SUM(c.status IN {_OPEN} AND c.reported_on < ?) "  # noqa: S608
        f"FROM cases c JOIN households h ON h.id = c.household_id WHERE {where} GROUP BY c.status",
        [cutoff, *args],
    ):
        counts[status] = [n, late or 0]
    total = sum(n for n, _ in counts.values())
    days = overdue_days(db)
    return ReportDefinition(
        title=["ข้อมูลเรื่องราวครัวเรือน", "จำแนกตามสถานะการช่วยเหลือ"],
        subtitle=_subtitle(db, said, moment),
        columns=[
            Column("status", "สถานะ", weight=2.5),
            Column("count", "จำนวนเรื่องราว", weight=1, kind="int"),
            Column("percent", "ร้อยละ", weight=0.8, kind="percent"),
            Column("overdue", f"เกิน {days} วัน", weight=1, kind="int"),
        ],
        rows=[{"status": label, "count": counts[code][0],
               "percent": 100 * counts[code][0] / total if total else 0.0,
               "overdue": counts[code][1] if code in OPEN_STATUSES else None}
              for code, label in STATUSES.items()],
        totals={"count": total, "percent": 100.0 if total else 0.0,
                "overdue": sum(late for _, late in counts.values())},
        summary=[f"เรื่องที่ยังไม่ปิดและรับเรื่องมาแล้วเกิน {days} วัน ถือว่าเกินกำหนด"],
        prepared_by=PreparedBy(date=moment.date()),
        sheet_name="ตามสถานะ",
    )


def cases_by_subdistrict(db: Database, params: dict[str, Any]) -> ReportDefinition:
    moment = now_bangkok()
    where, args, said = _filters(db, {**params, "subdistrict": None})
    cutoff = overdue_cutoff(db, moment.date())
    rows = [dict(r) for r in db.query(
        f"""
        SELECT coalesce(s.name_th, 'ไม่ระบุตำบล') AS subdistrict,
               COUNT(DISTINCT h.id) AS households, COUNT(c.id) AS count,
               SUM(c.status = 'received') AS received, SUM(c.status = 'in_progress') AS in_progress,
               SUM(c.status NOT IN {_OPEN}) AS closed,
               SUM(c.status IN {_OPEN} AND c.reported_on < ?) AS overdue
        FROM cases c JOIN households h ON h.id = c.household_id
        LEFT JOIN subdistricts s ON s.subdistrict_code = h.subdistrict_code
        WHERE {where}
        GROUP BY h.subdistrict_code ORDER BY h.subdistrict_code IS NULL, h.subdistrict_code
        """,  # noqa: S608 - _OPEN: constant status codes; where: _filters' fixed conditions, values bound
        [cutoff, *args],
    )]
    return ReportDefinition(
        title=["ข้อมูลเรื่องราวครัวเรือน", "จำแนกตามตำบล"],
        subtitle=_subtitle(db, said, moment),
        columns=[
            Column("subdistrict", "ตำบล", weight=4),
            Column("households", "ครัวเรือน", weight=1, kind="int"),
            Column("count", "เรื่องราว", weight=1, kind="int"),
            Column("received", "รับเรื่อง", weight=1, kind="int"),
            Column("in_progress", "กำลังดำเนินการ", weight=1.2, kind="int"),
            Column("closed", "ปิดเรื่องแล้ว", weight=1, kind="int"),
            Column("overdue", "เกินกำหนด", weight=1, kind="int"),
        ],
        rows=rows,
        numbered=True,
        totals=True,
        orientation="landscape",
        summary=[(f"ปิดเรื่องแล้ว = ช่วยเหลือแล้ว แก้ไขได้ด้วยตนเอง หรือส่งต่อหน่วยงาน · "
                  f"เกินกำหนด = ยังไม่ปิดและรับเรื่องมาเกิน {overdue_days(db)} วัน")],
        prepared_by=PreparedBy(date=moment.date()),
        sheet_name="ตามตำบล",
    )


# -- lists that name households --------------------------------------------------------------------
def register_address(row: dict[str, Any]) -> str:
    """"12/3 หมู่ 5 บ้านหนองแวง ต.ในเมือง": the column is titled ที่อยู่, so no บ้านเลขที่."""
    return household_address(row).removeprefix("บ้านเลขที่ ")


def problem_text(number: object, text: str | None) -> str:
    """"(2) บ้านมีสภาพชำรุด…": the indicator's number leads its text instead of taking a column."""
    return f"({number}) {text or ''}".strip() if number is not None else (text or "")


def cases_list(db: Database, params: dict[str, Any]) -> ReportDefinition:
    moment = now_bangkok()
    _, _, said = _filters(db, params)
    first, last = params.get("date_from"), params.get("date_to")
    query = CaseQuery(subdistrict_code=params.get("subdistrict") or None, status=params.get("status") or None,
                      reported_from=first.isoformat() if first else None,
                      reported_to=last.isoformat() if last else None, sort="reported_on", descending=False)
    rows = search_cases(db, query, limit=count_cases(db, query) + 1, today=moment.date())
    wanted = district_row_ids(db, "cases", params)
    if wanted is not None:
        rows = [r for r in rows if r["id"] in wanted]
    show = bool(params.get("show_sensitive"))
    rows = protect_cases(db, rows, show_sensitive=show, purpose="cases-list report")
    hidden = sum(1 for r in rows if r["masked"])
    summary = [f"ปกปิดข้อมูลอ่อนไหว (สุขภาพ/ความพิการ) {hidden:,} เรื่อง"] if hidden else []
    return ReportDefinition(
        title=["ทะเบียนเรื่องราวครัวเรือน"],
        subtitle=_subtitle(db, said, moment),
        # Landscape A4 keeps every head's name on one line at 14 pt or more, in rows about three
        # lines tall, only with short dates, the indicator number inside the problem text and no
        # days-open or มิติ column (the date says the first; the household card shows the second).
        columns=[
            Column("reported_on", "วันที่รับเรื่อง", weight=1.0, kind="date", date_style="short"),
            Column("head_name", "หัวหน้าครัวเรือน", weight=1.6, kind="name"),
            Column("address", "ที่อยู่", weight=1.5),
            Column("problem", "ปัญหา (ข้อ)", weight=2.4),
            Column("description", "รายละเอียด", weight=2.4),
            Column("status", "สถานะ", weight=1.2),
        ],
        rows=[{
            "reported_on": r["reported_on"], "head_name": r["head_name"],
            "address": register_address(r), "problem": problem_text(r["indicator_number"], r["indicator_text"]),
            "description": r["description"] or "", "status": status_label(r["status"]),
        } for r in rows],
        numbered=True,
        orientation="landscape",
        summary=summary,
        prepared_by=PreparedBy(date=moment.date()),
        sheet_name="ทะเบียนเรื่องราว",
    )


def household_card(db: Database, params: dict[str, Any]) -> ReportDefinition:
    moment = now_bangkok()
    household = require_household(db, params["household"])
    cases = household_cases(db, household["id"], today=moment.date())
    show = bool(params.get("show_sensitive"))
    sensitive = [c for c in cases if c["sensitive"]]
    if show and sensitive:
        record_disclosure(db, "household card", len(sensitive))
    masked = bool(sensitive) and not show
    head = mask_name(household["head_name"]) if masked else household["head_name"]
    house_no = "***" if masked and household["house_no"] else household["house_no"]
    info = household_address({**household, "house_no": house_no})
    details: list[str] = []
    if household["members_count"]:
        details.append(f"สมาชิก {household['members_count']} คน")
    if household["phone"]:
        details.append("โทร. " + (MASK if masked else _phone(household["phone"])))
    lists = [name for flag, name in ((household["tpmap"], "TPMAP"), (household["thai_qm"], "Thai QM")) if flag]
    if lists:
        details.append("อยู่ในบัญชี " + " และ ".join(lists))

    shown = [mask_case(c) if c["sensitive"] and not show else c for c in cases]
    summary: list[str] = []
    for n, case in enumerate(shown, start=1):
        summary.append(f"เรื่องที่ {n}: ปัญหาที่ {case['indicator_number']} {case['indicator_text']}")
        for action in case_actions(db, case["id"]):
            what = MASK if case.get("masked") and not action["status_to"] else action["what"]
            by = f" (โดย {action['by_whom']})" if action["by_whom"] and not case.get("masked") else ""
            summary.append(f"– {format_thai_date(action['action_on'], 'medium')} {what}{by}")
    if masked:
        summary.append(f"ปกปิดข้อมูลอ่อนไหว (สุขภาพ/ความพิการ) {len(sensitive)} เรื่อง")
    return ReportDefinition(
        title=["บัตรครัวเรือน", head],
        subtitle=[info, " · ".join(details), as_of_line(moment)],
        columns=[
            Column("reported_on", "วันที่รับเรื่อง", weight=1.1, kind="date"),
            Column("problem", "ปัญหา", weight=2.4),
            Column("description", "รายละเอียด", weight=2),
            Column("dimension", "มิติ", weight=0.9),
            Column("agency", "ผู้รับผิดชอบ", weight=1.4),
            Column("status", "สถานะ", weight=1.2),
        ],
        rows=[{
            "reported_on": c["reported_on"], "problem": f"{c['indicator_number']}. {c['indicator_text']}",
            "description": c["description"] or "", "dimension": DIMENSION_SHORT.get(c["dimension"], ""),
            "agency": c["agency"] or "", "status": status_label(c["status"]),
        } for c in shown],
        numbered=True,
        orientation="landscape",
        summary=summary,
        prepared_by=PreparedBy(date=moment.date()),
        sheet_name="บัตรครัวเรือน",
    )


def _phone(value: str) -> str:
    return format_phone(value) if phone_problem(value) is None else value


_COMMON = (DISTRICT, SUBDISTRICT, DATE_FROM, DATE_TO)

REPORTS = [
    ReportSpec(
        key="cases-by-indicator",
        title_th="เรื่องราวครัวเรือน: จำแนกตามประเภทปัญหาและตัวชี้วัด",
        area="cases",
        build=cases_by_indicator,
        params=(*_COMMON, STATUS, ReportParam("include_empty", "แสดงตัวชี้วัดที่ยังไม่มีเรื่องราว", kind="bool")),
        requires_tables=TABLES,
        description="ปัญหาที่ ประเภท ปัญหา และจำนวนเรื่องราวของแต่ละตัวชี้วัด พร้อมยอดรวมแต่ละประเภท",
        order=50,
    ),
    ReportSpec(
        key="cases-by-category",
        title_th="เรื่องราวครัวเรือน: จำแนกตามประเภทปัญหา",
        area="cases",
        build=cases_by_category,
        params=(*_COMMON, STATUS),
        requires_tables=TABLES,
        description="จำนวนเรื่องราวและร้อยละของแต่ละประเภทปัญหา",
        order=51,
    ),
    ReportSpec(
        key="cases-by-status",
        title_th="เรื่องราวครัวเรือน: จำแนกตามสถานะการช่วยเหลือ",
        area="cases",
        build=cases_by_status,
        params=_COMMON,
        requires_tables=TABLES,
        description="จำนวนเรื่องราวในแต่ละสถานะ และเรื่องที่เกินกำหนด",
        order=52,
    ),
    ReportSpec(
        key="cases-by-subdistrict",
        title_th="เรื่องราวครัวเรือน: จำแนกตามตำบล",
        area="cases",
        build=cases_by_subdistrict,
        params=(DISTRICT, DATE_FROM, DATE_TO, STATUS),
        requires_tables=TABLES,
        description="ครัวเรือน เรื่องราว และความคืบหน้าของแต่ละตำบล",
        order=53,
    ),
    ReportSpec(
        key="cases-list",
        title_th="เรื่องราวครัวเรือน: ทะเบียนเรื่องราว",
        area="cases",
        build=cases_list,
        params=(*_COMMON, STATUS, SHOW_SENSITIVE),
        requires_tables=TABLES,
        description="รายการเรื่องราวทั้งหมดพร้อมครัวเรือนและสถานะ (ปกปิดข้อมูลอ่อนไหวเว้นแต่ยืนยัน)",
        order=54,
    ),
    ReportSpec(
        key="household-card",
        title_th="เรื่องราวครัวเรือน: บัตรครัวเรือน",
        area="cases",
        build=household_card,
        params=(ReportParam("household", "ครัวเรือน", kind="choice", required=True, choices=_household_choices),
                SHOW_SENSITIVE),
        requires_tables=TABLES,
        description="ข้อมูลครัวเรือน เรื่องราว และบันทึกการดำเนินการ",
        order=55,
    ),
]
