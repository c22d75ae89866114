"""Project reports: by category (seed 004 §4.1.1), by supporting agency (§4.1.2's two tables),
the one-page project brief, the 5W1H activity report and the monthly disbursement report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from moi_desktop.db import Database
from moi_desktop.documents.activity_report import ActivityReport, render_activity_report
from moi_desktop.documents.page import thai_num
from moi_desktop.documents.project_brief import (
    InfoSheet,
    Section,
    info_sheet_definition,
    render_info_sheet_pdf,
)
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.documents.xlsx import render_xlsx
from moi_desktop.office import get_office
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.projects import (
    BUDGET_SOURCES,
    DATA_SOURCES,
    FIVE_W_ONE_H,
    STATUSES,
    TIMEFRAMES,
    activity_choices,
    activity_photos,
    budgets,
    by_agency,
    by_category,
    get_activity,
    get_project,
    month_key,
    monthly_disbursement,
    months_with_spending,
    photo_file,
    project_choices,
    totals,
)
from moi_desktop.projects.model import AGENCY_GROUPS, VALUE_CHAIN
from moi_desktop.projects.progress import progress_text
from moi_desktop.projects.summary import counts_by_district
from moi_desktop.reports import (
    ReportParam,
    ReportSpec,
    district_param,
    district_subtitle,
    only_district,
)
from moi_desktop.thai import (
    THAI_MONTHS,
    format_thai_date,
    format_thai_date_range,
    to_thai_digits,
)

BANGKOK = ZoneInfo("Asia/Bangkok")
PROGRAMME = "โครงการอำเภอนำร่อง “บำบัดทุกข์ บำรุงสุข” แบบบูรณาการ"
TABLES = ("projects", "activities", "agencies", "project_budgets", "disbursements")
# At a province office: the projects a district sent; their activities, budgets and payments follow them.
DISTRICT = district_param()


def _today() -> date:
    return datetime.now(BANGKOK).date()


def _office_line(db: Database, params: dict[str, Any] | None = None) -> list[str]:
    office = get_office(db)
    lines = [office.org_name] if office and office.org_name else []
    return lines + (district_subtitle(db, params) if params is not None else [])


def _baht(value: int | float | None, digits: bool = True) -> str:
    return thai_num(value or 0, digits, decimals=2) + " บาท"


# -- projects by category ----------------------------------------------------------------------
def category_phrase(count: int, percent: int, unit: str) -> str:
    """Seed 004's wording: "27 อำเภอ (ร้อยละ 36)" (digits become Thai in the document)."""
    return f"{count} {unit} (ร้อยละ {percent})"


def projects_by_category(db: Database, params: dict[str, Any]) -> ReportDefinition:
    with only_district(db, "projects", params):
        rows = by_category(db)
        n_projects, n_districts = counts_by_district(db)
    # Seed 004 counts districts (one project each); a district office counts its projects.
    unit = "อำเภอ" if n_districts > 1 and n_districts == n_projects else "โครงการ"
    summary = [f"{PROGRAMME} มีทั้งสิ้น {n_projects} โครงการ "
               f"{sum(r['activities'] for r in rows)} กิจกรรม จำแนกได้ {len(rows)} ประเภท ดังนี้"]
    for r in rows:
        line = f"({r['code']}) {r['name_th']} {category_phrase(r['projects'], r['percent'], unit)}"
        if unit == "อำเภอ" and r["districts"]:
            line += " ได้แก่ อำเภอ" + " ".join(sorted(r["districts"]))
        summary.append(line)
    summary.append("หมายเหตุ: ร้อยละคิดจากจำนวนโครงการทั้งหมด ปัดเป็นจำนวนเต็มด้วยวิธีเศษเหลือมากที่สุด "
                   "ผลรวมจึงเท่ากับร้อยละ 100 พอดี")
    today = _today()
    return ReportDefinition(
        title=["สรุป" + PROGRAMME, "จำแนกตามประเภทโครงการ"],
        subtitle=_office_line(db, params),
        as_of=today,
        orientation="landscape",
        columns=[
            Column("name", "ประเภทโครงการ", weight=4),
            Column("projects", unit, kind="int"),
            Column("percent", "ร้อยละ", kind="percent", decimals=0),
            Column("activities", "กิจกรรม", kind="int"),
            Column("budget", "งบประมาณ (บาท)", kind="number", decimals=0),
            Column("project_value", "มูลค่า (บาท)", kind="number", decimals=0),
            Column("households", "ครัวเรือน", kind="int"),
            Column("persons", "คน", kind="int"),
        ],
        rows=[{**r, "name": f"({r['code']}) {r['name_th']}"} for r in rows],
        totals={
            "projects": sum(r["projects"] for r in rows),
            "percent": 100 if n_projects else 0,
            **{k: sum(r[k] for r in rows) for k in ("activities", "budget", "project_value", "households", "persons")},
        },
        summary=summary,
        prepared_by=PreparedBy(date=today),
        sheet_name="ตามประเภทโครงการ",
    )


# -- projects and activities per agency --------------------------------------------------------
def projects_by_agency(db: Database, params: dict[str, Any]) -> ReportDefinition:
    with only_district(db, "projects", params):
        groups = by_agency(db)
        overall = totals(db)
    rows: list[dict[str, Any]] = []
    for number, (grp, title) in enumerate(AGENCY_GROUPS.items(), start=1):
        rows.append({"no": "", "name": f"({number}) โครงการ/กิจกรรม ที่เกี่ยวข้องกับภารกิจของ{title}",
                     "projects": None, "activities": None})
        for i, r in enumerate(groups.get(grp, []), start=1):
            rows.append({"no": str(i), "name": r["name_th"], "projects": r["projects"], "activities": r["activities"]})
    today = _today()
    return ReportDefinition(
        title=["การสนับสนุน" + PROGRAMME, "จำแนกตามหน่วยงานที่สนับสนุน"],
        subtitle=_office_line(db, params),
        as_of=today,
        columns=[
            Column("no", "ลำดับ", weight=0.3, align="center"),
            Column("name", "หน่วยงาน", weight=4),
            Column("projects", "จำนวนโครงการ", kind="int"),
            Column("activities", "จำนวนกิจกรรม", kind="int"),
        ],
        rows=rows,
        summary=[
            f"รวมทั้งสิ้น {overall['projects']} โครงการ {overall['activities']} กิจกรรม",
            "หมายเหตุ: ในแต่ละโครงการ/กิจกรรม มีหน่วยงานที่มีภารกิจที่ต้องบูรณาการร่วมกัน จึงเป็นเหตุผลว่า"
            "จำนวนโครงการ/กิจกรรมจากการจำแนกมากกว่าจำนวนรวมโครงการ/กิจกรรมที่ปรากฏ",
        ],
        prepared_by=PreparedBy(date=today),
        sheet_name="ตามหน่วยงาน",
    )


# -- monthly disbursement ----------------------------------------------------------------------
def month_label(key: str, thai_digits: bool = True) -> str:
    year, month = int(key[:4]), int(key[5:7])
    text = f"{THAI_MONTHS[month - 1]} {year + 543}"
    return to_thai_digits(text) if thai_digits else text


def _month_choices(db: Database) -> list[tuple[str, str]]:
    """Every month from the first project start or payment to this month, newest first."""
    spending = months_with_spending(db)
    first = db.execute("SELECT MIN(start_date) FROM projects WHERE deleted_at IS NULL").fetchone()[0]
    today = _today()
    last = max([f"{today.year:04d}-{today.month:02d}", *spending[-1:]])
    start = min([m for m in (first[:7] if first else None, *spending[:1]) if m] or [last])
    year, month = int(start[:4]), int(start[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [(m, month_label(m, False)) for m in reversed(months)]


def _default_month(db: Database) -> str:
    months = months_with_spending(db)
    if months:
        return months[-1]
    today = _today()
    return f"{today.year:04d}-{today.month:02d}"


def disbursement_monthly(db: Database, params: dict[str, Any]) -> ReportDefinition:
    month = month_key(params["month"])
    with only_district(db, "projects", params):
        rows = monthly_disbursement(db, month)
    budget = sum(r["budget"] for r in rows)
    to_date = sum(r["to_date"] for r in rows)
    percent = round(to_date * 100 / budget, 1) if budget else None
    today = _today()
    return ReportDefinition(
        title=["รายงานผลการเบิกจ่ายงบประมาณ" + PROGRAMME, f"ประจำเดือน{month_label(month, False)}"],
        subtitle=_office_line(db, params) + ["(รายงานภายในวันที่ 3 ของเดือนถัดไป)"],
        as_of=today,
        orientation="landscape",
        numbered=True,
        columns=[
            Column("title", "โครงการ", weight=3),
            Column("category_name", "ประเภท", weight=1.2),
            Column("budget", "งบประมาณ (บาท)", kind="number"),
            Column("this_month", "เบิกจ่ายเดือนนี้ (บาท)", kind="number"),
            Column("to_date", "เบิกจ่ายสะสม (บาท)", kind="number"),
            Column("remaining", "คงเหลือ (บาท)", kind="number"),
            Column("percent", "ร้อยละ", kind="percent"),
        ],
        rows=rows,
        totals={"budget": budget, "this_month": sum(r["this_month"] for r in rows), "to_date": to_date,
                "remaining": round(budget - to_date, 2), "percent": percent},
        summary=[f"เบิกจ่ายสะสมถึงสิ้นเดือน{month_label(month, False)} {to_date:,.2f} บาท จากงบประมาณ "
                 f"{budget:,.2f} บาท" + (f" คิดเป็นร้อยละ {percent:.1f}" if percent is not None else "")],
        prepared_by=PreparedBy(date=today),
        # Seven columns of baht with satang: at 16 pt the project names get one word per line.
        font_size=14,
        sheet_name="เบิกจ่ายรายเดือน",
    )


# -- one-page project brief --------------------------------------------------------------------
def _names(db: Database, sql: str, ids: Iterable[str]) -> list[str]:
    """The first column of `sql` (a constant with one "IN ({})") for these ids, bound as parameters."""
    wanted = list(ids)
    if not wanted:
        return []
    return [r[0] for r in db.execute(sql.format(", ".join("?" * len(wanted))), wanted)]


def project_sheet(db: Database, project_id: str) -> InfoSheet:
    p = get_project(db, project_id)
    category = db.execute("SELECT name_th FROM project_categories WHERE code = ?", [p["category"]]).fetchone()[0]
    district = db.execute("SELECT d.name_th, v.name_th FROM districts d JOIN provinces v USING (province_code) "
                          "WHERE d.district_code = ?", [p["district_code"]]).fetchone() if p["district_code"] else None
    subs = _names(db, "SELECT name_th FROM subdistricts WHERE subdistrict_code IN ({}) ORDER BY name_th",
                  p["subdistricts"])
    sdgs = [f"เป้าหมายที่ {g}" for g in sorted(p["sdgs"])]
    indicators = _names(db, "SELECT number || '. ' || text FROM indicators WHERE id IN ({}) ORDER BY number",
                        p["indicators"])
    sectors = _names(db, "SELECT name_th FROM sectors WHERE code IN ({}) ORDER BY sort", p["sectors"])
    agencies = _names(db, "SELECT name_th FROM agencies WHERE id IN ({}) ORDER BY grp = 'area', sort", p["agencies"])
    period = ""
    if p["start_date"] and p["end_date"]:
        period = format_thai_date_range(p["start_date"], p["end_date"], thai_digits=False)
    elif p["start_date"]:
        period = "เริ่ม " + format_thai_date(p["start_date"], "full", thai_digits=False)
    source = DATA_SOURCES.get(p["data_source"] or "", "")
    if p["data_source_note"]:
        source = f"{source} ({p['data_source_note']})" if source else p["data_source_note"]
    budget_rows = [(BUDGET_SOURCES.get(b["source"], b["source"])
                    + (f" ({b['source_note']})" if b["source_note"] else ""), f"{b['amount']:,.2f} บาท")
                   for b in budgets(db, project_id)]
    if p["no_budget"]:
        budget_rows = [("ไม่ใช้งบประมาณ", "-")]
    spent_pct = f" (ร้อยละ {p['spent_total'] * 100 / p['budget_total']:.1f})" if p["budget_total"] else ""
    budget_rows += [("รวมงบประมาณ", f"{p['budget_total']:,.2f} บาท"),
                    ("เบิกจ่ายแล้ว", f"{p['spent_total']:,.2f} บาท{spent_pct}")]
    area = ", ".join(f"ต.{s}" for s in subs) + (f" ({p['villages']})" if p["villages"] else "")
    sections = [
        Section("ข้อมูลโครงการ", facts=[
            ("ประเภทโครงการ", category),
            ("อำเภอ", f"อำเภอ{district[0]} จังหวัด{district[1]}" if district else "-"),
            ("ระยะเวลา", " ".join(x for x in (TIMEFRAMES.get(p["timeframe"] or "", ""), period) if x)),
            ("สถานะ / ความก้าวหน้า", f"{STATUSES.get(p['status'], p['status'])} "
                                      f"{progress_text(p, thai_digits=False, always_label=True)}"
                                      f" (กิจกรรม {p['activities_count']} กิจกรรม)"),
            ("พื้นที่เป้าหมาย", area or "-"),
            ("วัตถุประสงค์", p["objectives"] or "-"), ("ปัญหาที่แก้ไข", p["problem"] or "-"),
            ("แหล่งข้อมูลปัญหา", source or "-"),
        ]),
        Section("ห่วงโซ่คุณค่า (Value Chain)", chain=[(label, p[key] or "-") for key, label in VALUE_CHAIN.items()]),
        Section("งบประมาณตามแหล่งที่มา", facts=budget_rows),
        Section("ผลที่คาดว่าจะได้รับ", facts=[
            ("ผู้รับประโยชน์เป้าหมาย", f"{p['households_target'] or 0:,} ครัวเรือน {p['persons_target'] or 0:,} คน"),
            ("ผู้รับประโยชน์จริง", f"{p['households_actual']:,} ครัวเรือน {p['persons_actual']:,} คน"),
            ("มูลค่าโครงการ", f"{p['project_value'] or 0:,.2f} บาท"),
            ("เป้าหมายการพัฒนาที่ยั่งยืน (SDGs)", ", ".join(sdgs) or "-"),
            ("ตัวชี้วัดครัวเรือน", "; ".join(indicators) or "-"),
            ("ภาคีเครือข่าย", ", ".join(sectors) or "-"),
            ("หน่วยงานสนับสนุน", ", ".join(agencies) or "-"),
        ]),
    ]
    as_of = "ข้อมูล ณ วันที่ " + format_thai_date(_today(), "full", thai_digits=False)
    return InfoSheet(title=["สรุปโครงการ (Project Brief)", p["title"]], subtitle=[*_office_line(db), as_of],
                     sections=sections, size=12, sheet_name="สรุปโครงการ")


@dataclass
class _SheetReport:
    sheet: InfoSheet

    def render(self, out: Path, fmt: str, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> Path:
        if fmt == "pdf":
            return render_info_sheet_pdf(self.sheet, out, one_page=True)
        return render_xlsx(info_sheet_definition(self.sheet), out)


def project_brief(db: Database, params: dict[str, Any]) -> _SheetReport:
    return _SheetReport(project_sheet(db, params["project"]))


def _default_project(db: Database) -> str | None:
    choices = project_choices(db)
    return choices[0][0] if choices else None


# -- 5W1H activity report ----------------------------------------------------------------------
def activity_report_data(db: Database, activity_id: str) -> ActivityReport:
    a = get_activity(db, activity_id)
    project = db.execute("SELECT title FROM projects WHERE id = ?", [a["project_id"]]).fetchone()[0]
    period = ""
    if a["start_date"]:
        period = format_thai_date_range(a["start_date"], a["end_date"] or a["start_date"], thai_digits=False)
    sectors = _names(db, "SELECT name_th FROM sectors WHERE code IN ({}) ORDER BY sort", a["sectors"])
    photos: dict[str, list[tuple[Path | None, str]]] = {"before": [], "after": []}
    for row in activity_photos(db, activity_id):
        photos[row["stage"]].append((photo_file(row), row["caption"] or ""))
    five_w = [(label, a[key] or "") for key, label in FIVE_W_ONE_H.items()]
    # Fill the obvious ones from the record when the clerk left them blank.
    fallback = {"ทำอะไร": a["title"], "ที่ไหน": a["place"] or "", "เมื่อไร": period}
    five_w = [(label, text or fallback.get(label, "")) for label, text in five_w]
    return ActivityReport(
        title=["รายงานผลการดำเนินกิจกรรม", a["title"]],
        subtitle=_office_line(db),
        facts=[
            ("โครงการ", project), ("วันที่ดำเนินการ", period or "-"), ("สถานที่", a["place"] or "-"),
            ("หน่วยงานรับผิดชอบ", a["agency_name"] or "-"), ("ภาคีเครือข่ายที่ร่วม", ", ".join(sectors) or "-"),
            ("งบประมาณ", f"วางแผน {a['budget_planned'] or 0:,.2f} บาท ใช้จ่ายจริง {a['spent']:,.2f} บาท"),
            ("ผู้รับประโยชน์", f"{a['households_actual'] or 0:,} ครัวเรือน {a['persons_actual'] or 0:,} คน"),
            ("ความก้าวหน้า", f"ร้อยละ {a['progress']}"),
        ],
        five_w=five_w, before_text=a["before_text"] or "", after_text=a["after_text"] or "",
        before_photos=photos["before"], after_photos=photos["after"],
        footer="ข้อมูล ณ วันที่ " + format_thai_date(_today(), "full", thai_digits=False),
    )


@dataclass
class _ActivityDoc:
    report: ActivityReport

    def render(self, out: Path, fmt: str, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> Path:
        return render_activity_report(self.report, out, fmt)


def activity_report(db: Database, params: dict[str, Any]) -> _ActivityDoc:
    return _ActivityDoc(activity_report_data(db, params["activity"]))


def _default_activity(db: Database) -> str | None:
    choices = activity_choices(db)
    return choices[0][0] if choices else None


REPORTS = [
    ReportSpec(
        key="projects-by-category", title_th="โครงการจำแนกตามประเภท (จำนวนและร้อยละ)", area="projects",
        build=projects_by_category, requires_tables=TABLES, order=20, params=(DISTRICT,),
        description="จำนวนโครงการ กิจกรรม งบประมาณ มูลค่า และผู้รับประโยชน์ ตามประเภทโครงการ ๕ ประเภท",
    ),
    ReportSpec(
        key="projects-by-agency", title_th="โครงการและกิจกรรมจำแนกตามหน่วยงานที่สนับสนุน", area="projects",
        build=projects_by_agency, requires_tables=TABLES, order=21, params=(DISTRICT,),
        description="ตารางหน่วยงานระดับกรม/รัฐวิสาหกิจ และส่วนราชการในพื้นที่ ตามแบบรายงานของกระทรวง",
    ),
    ReportSpec(
        key="project-brief", title_th="สรุปโครงการ ๑ หน้า (Project Brief)", area="projects",
        build=project_brief, requires_tables=TABLES, order=22,
        params=(ReportParam("project", "โครงการ", kind="choice", required=True, default=_default_project,
                            choices=project_choices),),
        description="ห่วงโซ่คุณค่า งบประมาณ SDGs ผู้รับประโยชน์ และมูลค่าโครงการ",
    ),
    ReportSpec(
        key="activity-5w1h", title_th="รายงานกิจกรรม 5W1H พร้อมภาพก่อน-หลัง", area="projects",
        build=activity_report, requires_tables=TABLES, order=23,
        params=(ReportParam("activity", "กิจกรรม", kind="choice", required=True, default=_default_activity,
                            choices=activity_choices),),
        description="ใคร ทำอะไร ที่ไหน เมื่อไร ทำไม อย่างไร และการเปรียบเทียบก่อน-หลังดำเนินการ",
    ),
    ReportSpec(
        key="disbursement-monthly", title_th="รายงานผลการเบิกจ่ายงบประมาณประจำเดือน", area="projects",
        build=disbursement_monthly, requires_tables=TABLES, order=24,
        params=(ReportParam("month", "เดือน", kind="choice", required=True, default=_default_month,
                            choices=_month_choices), DISTRICT),
        description="งบประมาณ เบิกจ่ายเดือนนี้ เบิกจ่ายสะสม คงเหลือ และร้อยละ (ส่งภายในวันที่ ๓ ของเดือน)",
    ),
]
