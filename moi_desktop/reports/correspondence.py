"""The outgoing register (ทะเบียนหนังสือส่ง) of a year, printable as PDF and XLSX."""

from __future__ import annotations

from typing import Any

from moi_desktop.correspondence.register import list_register, today
from moi_desktop.db import Database
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.office import get_office
from moi_desktop.reports import ReportParam, ReportSpec
from moi_desktop.thai import BE_OFFSET


def _this_year(db: Database) -> int:
    return today().year + BE_OFFSET


def outgoing_register(db: Database, params: dict[str, Any]) -> ReportDefinition:
    year_be = int(params.get("year") or _this_year(db))
    year = year_be - BE_OFFSET if year_be > 2400 else year_be  # พ.ศ. as printed; ค.ศ. accepted
    entries = list_register(db, year)
    office = get_office(db)
    cancelled = sum(e.cancelled for e in entries)
    rows = [{
        "number": e.number, "date": e.date, "to": e.to_whom, "subject": e.subject, "kind": e.kind_th,
        "note": f"ยกเลิก: {e.cancel_reason}" if e.cancelled else "",
    } for e in entries]
    return ReportDefinition(
        title=["ทะเบียนหนังสือส่ง", f"ประจำปี พ.ศ. {year + BE_OFFSET}"],
        subtitle=[office.org_name] if office else [],
        as_of=today(),
        columns=[
            Column("number", "เลขที่", weight=0.6, kind="int", align="center"),
            Column("date", "ลงวันที่", weight=1.3, kind="date"),
            Column("to", "ถึง", weight=2.2),
            Column("subject", "เรื่อง", weight=3.0),
            Column("kind", "ชนิด", weight=1.5),
            Column("note", "หมายเหตุ", weight=2.0),
        ],
        rows=rows,
        summary=[f"ออกเลขหนังสือ {len(entries):,} เลข ยกเลิก {cancelled:,} เลข"],
        prepared_by=PreparedBy(date=today()),
        orientation="landscape",
        sheet_name="ทะเบียนหนังสือส่ง",
    )


REPORTS = [
    ReportSpec(
        key="correspondence.register",
        title_th="ทะเบียนหนังสือส่ง",
        area="correspondence",
        build=outgoing_register,
        params=(ReportParam("year", "ปี พ.ศ.", kind="int", default=_this_year),),
        requires_tables=("outgoing_letters",),
        description="เลขหนังสือที่ออกในปี พร้อมวันที่ ผู้รับ เรื่อง และเลขที่ยกเลิก",
        order=90,
    ),
]
