"""หน้าหลัก: what the clerk must do today first (today's sessions and meetings, reports due this
week, overdue cases and orders, bundles waiting for a receipt; at a province the districts' status
board), then which office this is, its memo header, how much data it holds, and the charts."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget
from shiboken6 import isValid

from moi_desktop import reference
from moi_desktop.db.clock import BANGKOK
from moi_desktop.office import LEVELS, Office
from moi_desktop.stats import table_counts
from ui import formatting
from ui.context import AppContext
from ui.pages import PageSpec

if TYPE_CHECKING:
    from moi_desktop.reporting.today import DaySummary
    from ui.widgets.dashboard import Dashboard

# Tables shown under "ข้อมูลของสำนักงาน", in this order, when they exist in the database.
DATA_TABLE_LABELS = {
    "projects": "โครงการ",
    "members": "ภาคีเครือข่าย",
    "trainings": "หลักสูตรการอบรม",
    "training_sessions": "รอบการอบรม",
    "attendance": "การลงเวลา",
    "households": "ครัวเรือน",
    "cases": "เรื่องราวครัวเรือน",
    "meetings": "การประชุม",
    "indicators": "ตัวชี้วัด",
}
REFERENCE_TABLE_LABELS = {
    "provinces": "จังหวัด",
    "districts": "อำเภอ / เขต",
    "subdistricts": "ตำบล / แขวง",
    "sectors": "ภาคีเครือข่ายทั้ง ๗ ภาค (รวมอื่น ๆ)",
    "project_categories": "ประเภทโครงการ",
    "sdgs": "เป้าหมายการพัฒนาที่ยั่งยืน (SDGs)",
}


def today() -> date:
    """Today in Thailand (the day the home page lists)."""
    return datetime.now(BANGKOK).date()


class HomePage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = QLabel()
        self.title.setObjectName("office_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.place = QLabel()
        self.place.setObjectName("office_place")
        self.day_box = QGroupBox("งานวันนี้")
        self.day_box.setObjectName("day_box")
        self.day_layout = QVBoxLayout(self.day_box)
        self.day_labels: dict[str, QLabel] = {}
        self.day: DaySummary | None = None
        self.dashboard: Dashboard | None = None  # built with the day's work (_fill_rest)

        self.header_box = QGroupBox("หัวบันทึกข้อความ")
        self.header_form = QFormLayout(self.header_box)
        self.data_box = QGroupBox("ข้อมูลของสำนักงาน")
        self.data_grid = QGridLayout(self.data_box)
        self.reference_box = QGroupBox("ข้อมูลอ้างอิง")
        self.reference_grid = QGridLayout(self.reference_box)
        self.count_labels: dict[str, QLabel] = {}

        content = QWidget()
        self._layout = QVBoxLayout(content)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.place)
        self._layout.addWidget(self.day_box)
        self._layout.addWidget(self.header_box)
        self._layout.addWidget(self.data_box)
        self._layout.addWidget(self.reference_box)
        self._sections_end = self._layout.count()
        self._layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        # Several tables change in one go (an import): refresh once, after the burst.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        # A bound slot (not a lambda) so Qt drops the connection when the page is destroyed
        # while the context lives on.
        ctx.data_changed.connect(self._on_data_changed)
        self._fill_office()
        # The day's work and the charts, at start-up a moment after the window is painted (issue
        # 18: they cost more than the rest of the window); built at once otherwise.
        waiting = QLabel("กำลังรวบรวมงานวันนี้…")
        waiting.setObjectName("day_waiting")
        self.day_layout.addWidget(waiting)
        ctx.after_first_paint(self._fill_rest)

    def _fill_rest(self) -> None:
        if not isValid(self.data_grid):  # the page went before the window was painted
            return
        self._fill_day()
        # Issue 6: the charts of projects, members, attendance and cases (they refresh themselves).
        # Loaded here, after the first paint at start-up: QtCharts and the dashboard's queries.
        from ui.widgets.dashboard import Dashboard

        self.dashboard = Dashboard(self.ctx)
        self.add_section(self.dashboard)

    def _on_data_changed(self, _table: str) -> None:
        self._refresh_timer.start()

    def add_section(self, widget: QWidget) -> None:
        """Append a section (e.g. the project dashboard's charts) below the counts."""
        self._layout.insertWidget(self._sections_end, widget)
        self._sections_end += 1

    def refresh(self) -> None:
        if not isValid(self.data_grid):  # a refresh queued while the page was being destroyed
            return
        self._fill_office()
        self._fill_day()

    def _fill_office(self) -> None:
        """Everything but the day's work: the office, its memo header, the counts."""
        office = self.ctx.office
        self.title.setText(office.org_name if office else "ยังไม่ได้ตั้งค่าสำนักงาน")
        self.place.setText(self._place_text(office))
        self._fill_header(office)
        counts = table_counts(self.ctx.db)
        self.count_labels = {}
        self._fill_counts(self.data_grid, DATA_TABLE_LABELS, counts)
        self._fill_counts(self.reference_grid, REFERENCE_TABLE_LABELS, counts)
        self.data_box.setVisible(any(t in counts for t in DATA_TABLE_LABELS))

    def _fill_day(self) -> None:
        # Loaded with the day's work, which comes after the first paint at start-up (issue 18).
        from moi_desktop.reporting.today import day_summary

        day = self.day = day_summary(self.ctx.db, today())
        today_ = day.today
        while self.day_layout.count():
            item = self.day_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget:
                widget.hide()
                widget.deleteLater()
        self.day_labels = {}
        self.day_box.setTitle(f"งานวันนี้ — {formatting.thai_date(today_, 'full')}")

        def line(key: str, text: str) -> None:
            label = QLabel(text)
            label.setObjectName(f"day_{key}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.day_layout.addWidget(label)
            self.day_labels[key] = label

        sessions = "; ".join(f"{s.training} {s.label} {s.starts_at} น." + (f" ณ {s.venue}" if s.venue else "")
                             for s in day.sessions)
        line("sessions", f"การอบรมวันนี้: {sessions or 'ไม่มี'}")
        if day.meetings_available:
            line("meetings", f"การประชุมวันนี้: {'; '.join(day.meetings) or 'ไม่มี'}")
        if day.due:
            due = "\n".join(f"• {e.obligation.title} {formatting.digits(e.label)} — กำหนดส่ง "
                             f"{formatting.thai_date(e.due, 'medium')}: {e.state_th}"
                             + (f" ({formatting.thai_date(e.built_on, 'medium')})" if e.built_on else "")
                             for e in day.due)
            line("due", f"รายงานที่ครบกำหนดสัปดาห์นี้และที่เลยกำหนด:\n{due}")
        elif not day.boards:
            line("due", "รายงานที่ครบกำหนดสัปดาห์นี้: ไม่มี")
        line("cases", f"เรื่องราวครัวเรือนที่เกินกำหนด: {day.overdue_cases:,} เรื่อง")
        orders = "\n".join(f"• {o.text} ({o.from_whom}) กำหนด {formatting.thai_date(o.due_date, 'medium')}"
                            for o in day.overdue_orders[:5] if o.due_date)
        line("orders", f"ข้อสั่งการที่เกินกำหนด: {len(day.overdue_orders):,} เรื่อง" + (f"\n{orders}" if orders else ""))
        if day.meetings_available:
            overdue = day.overdue_meeting_actions
            listed = "\n".join(
                formatting.digits(f"• {a['what'].splitlines()[0]} — {a['owner_name']} "
                               f"(เกินกำหนด {a['days_overdue']:,} วัน; จากการประชุมครั้งที่ {a['meeting_number']}/"
                               f"{int(a['meeting_year']) + 543})")
                for a in overdue[:5])
            more = f"\nและอีก {len(overdue) - 5:,} เรื่อง (ดูที่หน้าการประชุม)" if len(overdue) > 5 else ""
            line("meeting_actions", f"เรื่องที่ต้องดำเนินการตามมติที่ประชุมที่เกินกำหนด: {len(overdue):,} เรื่อง"
                 + (f"\n{listed}{more}" if listed else ""))
        line("receipts", f"ชุดข้อมูลที่รอใบตอบรับจากผู้รับ: {day.awaiting_receipt:,} ชุด")
        for b in day.boards:
            line(f"board_{b.obligation}", formatting.digits(
                f"{b.obligation} {b.period_label}: ส่งแล้ว {b.sent} ส่งช้า {b.late} ยังไม่ส่ง {b.missing} อำเภอ"))

    def _place_text(self, office: Office | None) -> str:
        if office is None:
            return ""
        if office.level == "district" and office.district_code:
            d = reference.district(self.ctx.db, office.district_code)
            if d:
                unit = "เขต" if d.get("kind") == "khet" else "อำเภอ"
                return f"{unit}{d['name_th']} จังหวัด{d['province_name']}"
        province = reference.province(self.ctx.db, office.province_code)
        name = province["name_th"] if province else office.province_code
        return f"สำนักงานระดับ{LEVELS.get(office.level, '')} — จังหวัด{name}"

    def _fill_header(self, office: Office | None) -> None:
        while self.header_form.rowCount():
            self.header_form.removeRow(0)
        if office is None:
            return
        position = f"({office.chief_position})" if office.chief_position else ""
        chief = " ".join(x for x in (office.chief_name, position) if x)
        for label, value in (("ส่วนราชการ", office.org_name), ("ที่", office.ref_prefix),
                             ("โทร.", office.phone), ("หัวหน้าส่วนราชการ", chief)):
            value_label = QLabel(value or "—")
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.header_form.addRow(label, value_label)

    def _fill_counts(self, grid: QGridLayout, labels: dict[str, str], counts: dict[str, int]) -> None:
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget:
                widget.hide()  # deleteLater alone leaves it painted until the next turn
                widget.deleteLater()
        row = 0
        for table, label in labels.items():
            if table not in counts:
                continue
            number = QLabel(formatting.number(counts[table]))
            number.setObjectName(f"count_{table}")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(QLabel(formatting.digits(label)), row, 0)
            grid.addWidget(number, row, 1)
            self.count_labels[table] = number
            row += 1
        grid.setColumnStretch(2, 1)


PAGE = PageSpec(key="home", title="หน้าหลัก", order=10, factory=lambda ctx: HomePage(ctx))
