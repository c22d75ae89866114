"""The 5W1H activity report (seed 004: ใคร ทำอะไร ที่ไหน เมื่อไร อย่างไร, with before/after
comparison and photos true to reality): one activity on one or two pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from moi_desktop.documents.project_brief import InfoSheet, Section, info_sheet_definition, render_info_sheet_pdf
from moi_desktop.documents.xlsx import render_xlsx


@dataclass
class ActivityReport:
    title: Sequence[str]  # e.g. ["รายงานผลการดำเนินกิจกรรม", "กิจกรรมขุดลอกคลอง"]
    subtitle: Sequence[str] = ()
    facts: Sequence[tuple[str, str]] = ()  # project, dates, place, agency, budget, beneficiaries …
    five_w: Sequence[tuple[str, str]] = ()  # (ใคร, text) … in 5W1H order
    before_text: str = ""
    after_text: str = ""
    before_photos: Sequence[tuple[Path | None, str]] = field(default_factory=list)
    after_photos: Sequence[tuple[Path | None, str]] = field(default_factory=list)
    footer: str = ""
    thai_digits: bool = True


def activity_sheet(report: ActivityReport) -> InfoSheet:
    sections = [
        Section("ข้อมูลกิจกรรม", facts=report.facts),
        Section("สรุปการดำเนินงาน: ใคร ทำอะไร ที่ไหน เมื่อไร ทำไม อย่างไร",
                table=(["ประเด็น", "รายละเอียด"], [[label, text or "-"] for label, text in report.five_w]),
                table_widths=[1.0, 4.0], table_align=["left", "left"]),
        Section("การเปรียบเทียบก่อนและหลังดำเนินการ",
                table=(["ก่อนดำเนินการ", "หลังดำเนินการ"], [[report.before_text or "-", report.after_text or "-"]]),
                table_widths=[1.0, 1.0], table_align=["left", "left"]),
    ]
    if report.before_photos or report.after_photos:
        # Pair pictures row by row so a before sits beside its after.
        sections.append(Section("ภาพก่อนและหลังดำเนินการ", photos=[
            ("ก่อนดำเนินการ", list(report.before_photos)), ("หลังดำเนินการ", list(report.after_photos))]))
    return InfoSheet(title=report.title, subtitle=report.subtitle, sections=sections, footer=report.footer,
                     thai_digits=report.thai_digits, sheet_name="รายงานกิจกรรม")


def render_activity_report(report: ActivityReport, out: str | Path, fmt: str = "pdf") -> Path:
    sheet = activity_sheet(report)
    if fmt == "pdf":
        return render_info_sheet_pdf(sheet, out)
    return render_xlsx(info_sheet_definition(sheet), out)
