"""Results and evaluation reports: targets against actuals per phase,
the 7-partner integration table in seed 004's wording, lessons learned, beneficiary satisfaction."""

from __future__ import annotations

from typing import Any

from moi_desktop.db import Database
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.errors import UserError
from moi_desktop.projects import project_choices
from moi_desktop.projects.integration import SEVEN, integration_table
from moi_desktop.projects.lessons import (
    LESSON_FIELDS,
    LEVELS,
    list_lessons,
    satisfaction_band,
    satisfaction_by_project,
)
from moi_desktop.projects.milestones import phase_rows
from moi_desktop.reports import ReportParam, ReportSpec, district_param, only_district
from moi_desktop.reports.projects import PROGRAMME, _office_line, _today

BASE = ("projects", "activities")
MILESTONE_TABLES = (*BASE, "milestones", "milestone_actuals", "milestone_indicator_targets",
                    "milestone_indicator_actuals")
DISTRICT = district_param()
PROJECT = ReportParam("project", "โครงการ (ว่าง = ทุกโครงการ)", kind="choice", choices=project_choices)


# -- targets against actuals per phase -------------------------------------------------------
def milestones_report(db: Database, params: dict[str, Any]) -> ReportDefinition:
    """One project's phases: per measure the target, the actual, the percent and the running
    totals; a phase more than 50 % over target is marked, its confirming notes listed below."""
    project_id = params["project"]
    title = next((t for pid, t in project_choices(db) if pid == project_id), None)
    if title is None:
        raise UserError("ไม่พบโครงการที่เลือก", field="project")
    rows = phase_rows(db, project_id)
    phases = sum(1 for r in rows if r["phase"])
    over = [r for r in rows if r["over"]]
    unconfirmed = [r for r in over if not r["confirm_notes"]]
    notes: dict[str, list[str]] = {}
    phase = ""
    for r in rows:
        phase = r["phase"] or phase
        if r["confirm_notes"]:
            notes.setdefault(phase, r["confirm_notes"])
    summary = [f"เป้าหมาย {phases} ระยะ ผลที่เกินเป้าหมายมากกว่าร้อยละ 50 จำนวน {len(over)} รายการ"
               + (f" ยังไม่มีหมายเหตุยืนยัน {len(unconfirmed)} รายการ" if unconfirmed else "")
               if rows else "ยังไม่ได้กำหนดเป้าหมายรายระยะของโครงการนี้"]
    summary += [f"หมายเหตุยืนยัน{name}: " + " / ".join(texts) for name, texts in notes.items()]
    summary.append("หมายเหตุ: เป้าหมายและผลงานเป็นของแต่ละระยะ (ไม่สะสม) ช่องสะสมรวมตั้งแต่ระยะแรกถึงระยะนั้น "
                   "ผลที่เกินเป้าหมายมากกว่าร้อยละ 50 ต้องมีหมายเหตุยืนยันตัวเลขจากผู้ตรวจสอบ")
    today = _today()
    name = title if title.startswith("โครงการ") else "โครงการ" + title
    return ReportDefinition(
        title=["รายงานผลการดำเนินงานเทียบกับเป้าหมายรายระยะ", name],
        subtitle=_office_line(db, params),
        as_of=today,
        orientation="landscape",
        columns=[
            Column("phase", "ระยะ / เป้าหมาย", weight=2.4),
            Column("due_date", "ครบกำหนด", kind="date"),
            Column("measure", "รายการ", weight=2.6),
            Column("target", "เป้าหมาย", kind="number", decimals=0),
            Column("actual", "ผลงาน", kind="number", decimals=0),
            Column("percent", "ร้อยละ", kind="percent"),
            Column("cum_target", "เป้าหมายสะสม", kind="number", decimals=0),
            Column("cum_actual", "ผลสะสม", kind="number", decimals=0),
            Column("remark", "หมายเหตุ", weight=1.4),
        ],
        rows=rows,
        summary=summary,
        prepared_by=PreparedBy(date=today),
        font_size=14,
        sheet_name="เป้าหมายรายระยะ",
    )


def _default_project(db: Database) -> str | None:
    choices = project_choices(db)
    return choices[0][0] if choices else None


# -- the 7-partner integration table ---------------------------------------------------------
def integration_report(db: Database, params: dict[str, Any]) -> ReportDefinition:
    with only_district(db, "projects", params):
        table = integration_table(db)
    full = table["full"]
    rows = [{
        "partners": f"{r['partners']} ภาคี" + (" (ครบทั้ง 7 ภาคี)" if r["partners"] == len(SEVEN) else "")
        if r["partners"] else "ไม่ระบุภาคีเครือข่าย",
        "projects": r["projects"], "activities_in_projects": r["activities_in_projects"],
        "activities": r["activities"],
        "examples": "; ".join([*(e if e.startswith("โครงการ") else f"โครงการ{e}" for e in r["project_examples"]),
                               *(f"กิจกรรม{e}" for e in r["activity_examples"])]),
    } for r in table["rows"]]
    example_text = ""
    if full["project_examples"] or full["activity_examples"]:
        parts = [f"โครงการ{e}" if not e.startswith("โครงการ") else e for e in full["project_examples"][:1]]
        parts += [f"กิจกรรม{e}" for e in full["activity_examples"][:2]]
        example_text = " เช่น " + " ".join(parts) + " เป็นต้น"
    today = _today()
    return ReportDefinition(
        title=["โครงการ/กิจกรรม ที่บูรณาการความร่วมมือโดย ๗ ภาคีเครือข่าย", PROGRAMME],
        subtitle=_office_line(db, params),
        as_of=today,
        orientation="portrait",
        columns=[
            Column("partners", "จำนวนภาคีเครือข่ายที่ร่วม", weight=1.3),
            Column("projects", "จำนวนโครงการ", kind="int"),
            Column("activities_in_projects", "กิจกรรมในโครงการดังกล่าว", kind="int"),
            Column("activities", "จำนวนกิจกรรม", kind="int"),
            Column("examples", "ตัวอย่างโครงการ/กิจกรรม", weight=4),
        ],
        rows=rows,
        totals={"projects": table["projects"], "activities_in_projects": table["activities"],
                "activities": table["activities"]},
        summary=[
            f"โครงการ/กิจกรรม ที่มีการบูรณาการความร่วมมือโดย ๗ ภาคีเครือข่ายในพื้นที่ จำนวน {full['projects']} โครงการ "
            f"{full['activities']} กิจกรรม{example_text}",
            f"จากโครงการทั้งสิ้น {table['projects']} โครงการ {table['activities']} กิจกรรม",
            "หมายเหตุ: ภาคีเครือข่าย ๗ ภาคี ได้แก่ ภาคราชการ ภาควิชาการ ภาคศาสนา ภาคประชาชน ภาคเอกชน "
            "ภาคประชาสังคม และภาคสื่อมวลชน (ภาคอื่น ๆ ไม่นับ) ภาคีของโครงการนับรวมภาคีที่ร่วมในกิจกรรมของโครงการ "
            "ภาคีของกิจกรรมนับเฉพาะที่บันทึกไว้กับกิจกรรมนั้น",
        ],
        prepared_by=PreparedBy(date=today),
        font_size=14,
        sheet_name="บูรณาการ ๗ ภาคี",
    )


# -- lessons learned -------------------------------------------------------------------------
def lessons_report(db: Database, params: dict[str, Any]) -> ReportDefinition:
    with only_district(db, "projects", params):
        chosen = params.get("project")
        lessons = list_lessons(db, chosen) if chosen else list_lessons(db)
    today = _today()
    return ReportDefinition(
        title=["สรุปบทเรียนจากการดำเนินงาน (After Action Review)", PROGRAMME],
        subtitle=_office_line(db, params),
        as_of=today,
        orientation="landscape",
        numbered=True,
        columns=[
            Column("project_title", "โครงการ", weight=1.6),
            Column("recorded_on", "วันที่สรุป", kind="date"),
            *[Column(key, label, weight=2) for key, label in LESSON_FIELDS.items()],
            Column("recorded_by", "ผู้สรุป"),
        ],
        rows=lessons,
        summary=[f"บันทึกบทเรียน {len(lessons)} รายการ จาก {len({r['project_id'] for r in lessons})} โครงการ"
                 if lessons else "ยังไม่มีการบันทึกบทเรียน"],
        prepared_by=PreparedBy(date=today),
        font_size=14,
        sheet_name="บทเรียน",
    )


# -- beneficiary satisfaction ----------------------------------------------------------------
def satisfaction_report(db: Database, params: dict[str, Any]) -> ReportDefinition:
    with only_district(db, "projects", params):
        rows = satisfaction_by_project(db)
    totals: dict[str, Any] = {k: sum(r[k] or 0 for r in rows) for k in (*LEVELS, "respondents")}
    n = totals["respondents"]
    mean = sum(totals[k] * s for k, s in zip(LEVELS, (5, 4, 3, 2, 1), strict=True)) / n if n else None
    totals.update({"mean": round(mean, 2) if mean is not None else None, "band": satisfaction_band(mean),
                   "satisfied_percent": round((totals["level_5"] + totals["level_4"]) * 100 / n, 1) if n else None})
    today = _today()
    return ReportDefinition(
        title=["ผลการสำรวจความพึงพอใจของผู้รับประโยชน์", PROGRAMME],
        subtitle=_office_line(db, params),
        as_of=today,
        orientation="landscape",
        numbered=True,
        columns=[
            Column("title", "โครงการ", weight=6),
            *[Column(key, label, kind="int") for key, label in LEVELS.items()],
            Column("respondents", "ผู้ตอบ (คน)", kind="int"),
            Column("mean", "ค่าเฉลี่ย", kind="number"),
            Column("band", "ระดับ"),
            Column("satisfied_percent", "ร้อยละพึงพอใจ", kind="percent"),
        ],
        rows=rows,
        totals=totals,
        summary=[
            (f"ผู้ตอบแบบสำรวจ {n} คน ความพึงพอใจเฉลี่ย {totals['mean']:.2f} จาก 5 อยู่ในระดับ{totals['band']}"
             if n else "ยังไม่มีผลการสำรวจความพึงพอใจ"),
            "ร้อยละพึงพอใจ คือ ร้อยละของผู้ตอบระดับมากและมากที่สุด "
            "เกณฑ์การแปลผลค่าเฉลี่ย: 4.21-5.00 มากที่สุด 3.41-4.20 มาก 2.61-3.40 ปานกลาง 1.81-2.60 น้อย "
            "1.00-1.80 น้อยที่สุด",
        ],
        prepared_by=PreparedBy(date=today),
        font_size=14,
        sheet_name="ความพึงพอใจ",
    )


REPORTS = [
    ReportSpec(
        key="project-milestones", title_th="ผลการดำเนินงานเทียบกับเป้าหมายรายระยะ", area="projects",
        build=milestones_report, requires_tables=MILESTONE_TABLES, order=25,
        params=(ReportParam("project", "โครงการ", kind="choice", required=True, default=_default_project,
                            choices=project_choices),),
        description="เป้าหมายและผลงานแต่ละระยะ (ครัวเรือน คน มูลค่า ตัวชี้วัด) ร้อยละ ผลสะสม และหมายเหตุยืนยันผลที่เกินเป้าหมาย",
    ),
    ReportSpec(
        key="projects-integration-7", title_th="โครงการ/กิจกรรมที่บูรณาการความร่วมมือโดย ๗ ภาคีเครือข่าย",
        area="projects", build=integration_report, requires_tables=BASE, order=26, params=(DISTRICT,),
        description="จำนวนโครงการและกิจกรรมตามจำนวนภาคีเครือข่ายที่ร่วม (๑-๗ ภาคี) พร้อมตัวอย่าง ตามแบบเอกสาร ๐๐๔",
    ),
    ReportSpec(
        key="project-lessons", title_th="สรุปบทเรียนจากการดำเนินงาน", area="projects",
        build=lessons_report, requires_tables=(*BASE, "project_lessons"), order=27, params=(PROJECT, DISTRICT),
        description="สิ่งที่ทำได้ดี ปัญหาและอุปสรรค แนวทางการแก้ไข และข้อเสนอแนะ ของแต่ละโครงการ",
    ),
    ReportSpec(
        key="project-satisfaction", title_th="ความพึงพอใจของผู้รับประโยชน์", area="projects",
        build=satisfaction_report, requires_tables=(*BASE, "project_satisfaction"), order=28, params=(DISTRICT,),
        description="จำนวนผู้ตอบแต่ละระดับ (๕ ระดับ) ค่าเฉลี่ย ระดับความพึงพอใจ และร้อยละผู้ที่พึงพอใจมาก-มากที่สุด",
    ),
]
