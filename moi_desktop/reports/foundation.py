"""Foundation reports: built from the reference tables every installation has."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from moi_desktop.db import Database
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.errors import UserError
from moi_desktop.office import get_office
from moi_desktop.reports import ReportParam, ReportSpec

BANGKOK = ZoneInfo("Asia/Bangkok")


def _province_choices(db: Database) -> list[tuple[str, str]]:
    return [(code, name) for code, name in db.execute(
        "SELECT province_code, name_th FROM provinces ORDER BY name_th COLLATE NOCASE")]


def _office_province(db: Database) -> str | None:
    office = get_office(db)
    return office.province_code if office else None


def districts_of_province(db: Database, params: dict[str, Any]) -> ReportDefinition:
    code = params.get("province")
    row = db.execute("SELECT name_th FROM provinces WHERE province_code = ?", [code]).fetchone()
    if row is None:
        raise UserError("กรุณาเลือกจังหวัด (ยังไม่ได้ตั้งค่าสำนักงาน)", field="province")
    province = row[0]
    rows = db.execute(
        """
        SELECT d.district_code, d.name_th, d.kind, d.postal_code,
               COUNT(s.subdistrict_code) AS n_sub
        FROM districts d
        LEFT JOIN subdistricts s ON s.district_code = d.district_code
        WHERE d.province_code = ?
        GROUP BY d.district_code
        ORDER BY d.district_code
        """,
        [code],
    ).fetchall()
    n_sub = sum(r[4] for r in rows)
    unit = "เขต" if any(r[2] == "khet" for r in rows) else "อำเภอ"
    sub_unit = "แขวง" if unit == "เขต" else "ตำบล"
    today = datetime.now(BANGKOK).date()
    return ReportDefinition(
        title=["ข้อมูลพื้นฐาน", f"{unit}และ{sub_unit}ในจังหวัด{province}"],
        subtitle=[],
        as_of=today,
        columns=[
            Column("code", "รหัส", weight=0.8, align="center"),
            Column("name", unit, weight=2.5),
            Column("n_sub", f"จำนวน{sub_unit}", weight=1.2, kind="int"),
            Column("postal", "รหัสไปรษณีย์", weight=1.2, align="center"),
        ],
        rows=[
            {"code": r[0], "name": r[1], "n_sub": r[4], "postal": r[3] or ""}
            for r in rows
        ],
        numbered=True,
        totals=True,
        summary=[f"จังหวัด{province} มี{unit} {len(rows):,} {unit} และ{sub_unit} {n_sub:,} {sub_unit}"],
        prepared_by=PreparedBy(date=today),
        sheet_name="อำเภอและตำบล",
    )


REPORTS = [
    ReportSpec(
        key="reference.districts",
        title_th="ข้อมูลพื้นฐาน: อำเภอและตำบลในจังหวัด",
        area="reference",
        build=districts_of_province,
        params=(
            ReportParam("province", "จังหวัด", kind="choice", required=True,
                        default=_office_province, choices=_province_choices),
        ),
        requires_tables=("provinces", "districts", "subdistricts"),
        description="จำนวนตำบลและรหัสไปรษณีย์ของแต่ละอำเภอในจังหวัดของสำนักงาน",
        order=10,
    ),
]
