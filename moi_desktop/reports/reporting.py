"""Reports of the reporting cycle: the province's status board, the consolidated figures of a
period across its districts, and the orders (ข้อสั่งการ) list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.clock import BANGKOK, to_bangkok
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.office import get_office
from moi_desktop.reports import ReportParam, ReportSpec
from moi_desktop.thai import format_thai_date

TABLES = ("reporting_obligations", "submissions_received")


def _today() -> date:
    return datetime.now(BANGKOK).date()


def _obligation_choices(db: Database) -> list[tuple[str, str]]:
    # deferred: report discovery imports this module; the reporting area loads when a report is built
    from moi_desktop.reporting.calendar import obligations

    return [(o.code, o.title) for o in obligations(db)]


def _default_obligation(db: Database) -> str | None:
    choices = _obligation_choices(db)
    return choices[0][0] if choices else None


def _default_period(db: Database) -> str | None:
    # deferred: report discovery imports this module; the reporting area loads when a report is built
    from moi_desktop.reporting.calendar import current_period, obligations

    found = obligations(db)
    return current_period(found[0], _today()) if found else None


def _office_name(db: Database) -> list[str]:
    office = get_office(db)
    return [office.org_name] if office else []


def _periods_back(db: Database, code: str, last: str, count: int) -> list[str]:
    # deferred: report discovery imports this module; the reporting area loads when a report is built
    from moi_desktop.reporting.calendar import get_obligation
    from moi_desktop.reporting.periods import previous_period

    rule = get_obligation(db, code).rule
    periods = [last]
    while len(periods) < max(1, count):
        before = previous_period(rule, periods[-1])
        if before is None:
            break
        periods.append(before)
    return list(reversed(periods))


def status_board_report(db: Database, params: dict[str, Any]) -> ReportDefinition:
    # deferred: report discovery imports this module; the reporting area loads when a report is built
    from moi_desktop.reporting.province import status_board

    periods = _periods_back(db, params["obligation"], params["period"], params.get("periods") or 3)
    board = status_board(db, params["obligation"], periods)
    rule = board.obligation.rule
    # deferred: report discovery imports this module; the reporting area loads when a report is built
    from moi_desktop.reporting.periods import period_label

    columns = [Column("district", "อำเภอ", weight=2, kind="name")]
    for i, p in enumerate(periods):
        columns.append(Column(f"p{i}", period_label(rule, p, thai_digits=False), weight=2))
    rows = []
    for r in board.rows:
        row: dict[str, Any] = {"district": f"อำเภอ{r.district_name}"}
        for i, cell in enumerate(r.cells):
            text = cell.state_th
            if cell.built_on:
                text += f" (จัดทำ {format_thai_date(cell.built_on, 'medium', thai_digits=False)}"
                if cell.imported_at:
                    imported = to_bangkok(cell.imported_at).date()
                    text += f" นำเข้า {format_thai_date(imported, 'medium', thai_digits=False)}"
                text += ")"
            row[f"p{i}"] = text
        rows.append(row)
    last = board.counts(periods[-1])
    return ReportDefinition(
        title=["สถานะการส่งรายงานของอำเภอ", board.obligation.title],
        subtitle=_office_name(db), as_of=_today(), columns=columns, rows=rows, numbered=True,
        summary=[f"{period_label(rule, periods[-1], thai_digits=False)}: ส่งแล้ว {last['sent']} อำเภอ "
                 f"ส่งช้า {last['late']} อำเภอ ยังไม่ส่ง {last['missing']} อำเภอ"],
        prepared_by=PreparedBy(date=_today()), sheet_name="สถานะการส่งรายงาน", orientation="landscape",
    )


def consolidated_report(db: Database, params: dict[str, Any]) -> ReportDefinition:
    # deferred: report discovery imports this module; the reporting area loads when a report is built
    from moi_desktop.reporting.periods import period_label
    from moi_desktop.reporting.province import consolidated

    table = consolidated(db, params["obligation"], params["period"])
    columns = [Column("label", "รายการ", weight=3)]
    for i, (_, name) in enumerate(table.districts):
        columns.append(Column(f"d{i}", f"อำเภอ{name}", kind="number", decimals=0))
    columns.append(Column("total", "รวมทั้งจังหวัด", kind="number", decimals=0))
    rows = []
    for label, values, total in zip(table.labels, table.values, table.totals, strict=True):
        row: dict[str, Any] = {"label": label, "total": total}
        row.update({f"d{i}": v for i, v in enumerate(values)})
        rows.append(row)
    return ReportDefinition(
        title=[f"{table.obligation.title} (รวมระดับจังหวัด)",
               period_label(table.obligation.rule, table.period, thai_digits=False)],
        subtitle=_office_name(db), as_of=_today(), columns=columns, rows=rows,
        summary=["ตัวเลขของแต่ละอำเภอมาจากข้อมูลที่อำเภอส่งมาในชุดข้อมูล"],
        prepared_by=PreparedBy(date=_today()), sheet_name="รายงานรวม", orientation="landscape",
    )


def orders_report(db: Database, params: dict[str, Any]) -> ReportDefinition:
    # deferred: report discovery imports this module; the reporting area loads when a report is built
    from moi_desktop.reporting.orders import ORDER_STATUSES, list_orders

    today = _today()
    status = params.get("status") or None
    found = list_orders(db, overdue_on=today) if status == "overdue" else list_orders(db, status=status)
    columns = [
        Column("order_date", "วันที่สั่งการ", kind="date"), Column("from_whom", "ผู้สั่งการ", weight=1.5),
        Column("text", "ข้อสั่งการ", weight=4), Column("unit", "ผู้รับผิดชอบ", weight=1.5),
        Column("due", "กำหนดเสร็จ", kind="date"), Column("status", "สถานะ"), Column("last", "การดำเนินการล่าสุด", weight=3),
    ]
    rows = [{"order_date": o.order_date, "from_whom": o.from_whom, "text": o.text, "unit": o.responsible_unit,
             "due": o.due_date, "status": o.status_th + (" (เกินกำหนด)" if o.overdue(today) else ""),
             "last": o.last_action} for o in found]
    label = "เกินกำหนด" if status == "overdue" else ORDER_STATUSES.get(status or "", "ทั้งหมด")
    return ReportDefinition(
        title=["ติดตามข้อสั่งการ", f"สถานะ: {label}"], subtitle=_office_name(db), as_of=today, columns=columns,
        rows=rows, numbered=True, prepared_by=PreparedBy(date=today), sheet_name="ข้อสั่งการ", orientation="landscape",
    )


_OBLIGATION = ReportParam("obligation", "รายงาน", kind="choice", required=True, default=_default_obligation,
                          choices=_obligation_choices)
_PERIOD = ReportParam("period", "งวด (เช่น 2026-11)", required=True, default=_default_period)

REPORTS = [
    ReportSpec(
        key="reporting-status-board", title_th="สถานะการส่งรายงานของอำเภอ (ระดับจังหวัด)", area="reporting",
        build=status_board_report, requires_tables=TABLES, order=70,
        params=(_OBLIGATION, _PERIOD, ReportParam("periods", "จำนวนงวดย้อนหลัง", kind="int", default=lambda db: 3)),
        description="อำเภอ × งวด: ส่งแล้ว ส่งช้า ยังไม่ส่ง พร้อมวันที่จัดทำและวันที่นำเข้า",
    ),
    ReportSpec(
        key="reporting-consolidated", title_th="รายงานรวมระดับจังหวัดประจำงวด", area="reporting",
        build=consolidated_report, requires_tables=TABLES, order=71, params=(_OBLIGATION, _PERIOD),
        description="ตัวเลขของงวดแยกตามอำเภอ และยอดรวมทั้งจังหวัด",
    ),
    ReportSpec(
        key="orders-list", title_th="ติดตามข้อสั่งการ", area="reporting",
        build=orders_report, requires_tables=("orders",), order=72,
        params=(ReportParam("status", "สถานะ", kind="choice",
                            choices=lambda db: [("", "ทั้งหมด"), ("open", "ยังไม่เสร็จ"), ("overdue", "เกินกำหนด"),
                                                ("done", "ดำเนินการแล้ว")]),),
        description="ข้อสั่งการ ผู้รับผิดชอบ กำหนดเสร็จ สถานะ และการดำเนินการล่าสุด",
    ),
]
