"""The home-page dashboard: QtCharts over the core's `dashboard_data`.

Projects by category (with percentages that sum to 100), activity progress, budget planned vs
spent, members by sector, attendance rate per training and cases by status. A chart appears only
when its area exists in the database (its data is not None). Clicking a chart opens the matching
page. All numbers come from the core; this module only draws them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter
from PySide6.QtWidgets import QApplication, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from moi_desktop.projects import dashboard_data, largest_remainder
from ui import formatting
from ui.context import AppContext
from ui.pages import PageHost

# chart key → (title, page opened by a click)
CHARTS = {
    "projects_by_category": ("โครงการจำแนกตามประเภท", "projects"),
    "activity_progress": ("ความก้าวหน้าของกิจกรรม", "projects"),
    "budget": ("งบประมาณกับการเบิกจ่าย (พันบาท)", "projects"),
    "members_by_sector": ("ภาคีเครือข่ายจำแนกตามภาค", "members"),
    "attendance_by_training": ("อัตราการเข้าอบรมรายหลักสูตร (ร้อยละ)", "trainings"),
    "cases_by_status": ("เรื่องราวครัวเรือนจำแนกตามสถานะ", "cases"),
}
PAGE_TITLES = {"projects": "โครงการ", "members": "ภาคีเครือข่าย", "trainings": "การอบรม", "cases": "เรื่องราวครัวเรือน"}
# Tables whose changes redraw the charts.
TABLES = {"projects", "activities", "project_budgets", "disbursements", "members", "trainings",
          "training_sessions", "attendance", "enrolments", "cases"}
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
PLANNED_COLOR, SPENT_COLOR = QColor("#4e79a7"), QColor("#f28e2b")
LABEL_MAX = 22


def _th(value: object) -> str:
    return formatting.digits(f"{value:,}" if isinstance(value, int) else str(value))


def _short(text: str, limit: int = LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _font(size_delta: float = 0, bold: bool = False) -> QFont:
    """The application font (the bundled Thai one): QtCharts otherwise picks its own default."""
    font = QFont(QApplication.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() + size_delta))
    font.setBold(bold)
    return font


class ChartCard(QChartView):
    """One chart; a click anywhere on it asks to open `target`."""

    clicked = Signal(str)

    def __init__(self, key: str, target: str, chart: QChart, parent: QWidget | None = None) -> None:
        super().__init__(chart, parent)
        self.key = key
        self.target = target
        self.setObjectName(f"chart_{key}")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(300)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"คลิกเพื่อเปิดหน้า{PAGE_TITLES.get(target, target)}")
        self._pressed = False

    def replace_chart(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)  # the view releases the old chart without deleting it
        if old is not None:
            old.deleteLater()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = event.button() == Qt.MouseButton.LeftButton
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pressed and event.button() == Qt.MouseButton.LeftButton:
            self._pressed = False
            self.clicked.emit(self.target)
        super().mouseReleaseEvent(event)


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(1, bold=True))
    chart.legend().setFont(_font(-1))
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(4)
    return chart


def _pie(title: str, entries: list[tuple[float, str]], *, hole: float = 0.0) -> QChart:
    """entries: (value, legend text). The legend carries the numbers: labels on small slices
    would overlap."""
    chart = _chart(title)
    series = QPieSeries()
    series.setHoleSize(hole)
    series.setPieSize(0.8)
    for i, (value, text) in enumerate(entries):
        piece = series.append(text, float(value))
        piece.setColor(QColor(PALETTE[i % len(PALETTE)]))
    chart.addSeries(series)
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignRight)
    if not any(value for value, _text in entries):
        chart.setTitle(f"{title} — ยังไม่มีข้อมูล")
    return chart


def _bars(title: str, categories: list[str], sets: list[tuple[str, list[float], QColor]], *,
          horizontal: bool = False, max_value: float | None = None, label_format: str | None = "@value") -> QChart:
    chart = _chart(title)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    for name, numbers, color in sets:
        bar_set = QBarSet(name)
        bar_set.append([float(v) for v in numbers])
        bar_set.setColor(color)
        bar_set.setLabelFont(_font(-2))
        bar_set.setLabelColor(QColor("#222222"))
        series.append(bar_set)
    series.setLabelsVisible(label_format is not None)
    if label_format is not None:
        series.setLabelsFormat(label_format)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append([_short(c) for c in categories] or ["—"])
    names.setLabelsFont(_font(-2))
    values = QValueAxis()
    values.setLabelsFont(_font(-2))
    top = max([max(v, default=0) for _n, v, _c in sets] or [0])
    values.setRange(0, max_value if max_value is not None else (top * 1.15 if top else 1))
    values.setLabelFormat("%.0f")
    if max_value is None:
        values.applyNiceNumbers()
    if horizontal:
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(values)
    chart.legend().setVisible(len(sets) > 1)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


# -- one builder per chart ---------------------------------------------------------------------
def build_projects_by_category(rows: list[dict]) -> QChart:
    entries = [(r["count"], f"{r['short']}  {_th(r['count'])} ({_th(r['percent'])}%)") for r in rows]
    total = sum(r["count"] for r in rows)
    return _pie(f"{CHARTS['projects_by_category'][0]} (รวม {_th(total)} โครงการ)", entries)


def build_activity_progress(rows: list[dict]) -> QChart:
    total = sum(r["count"] for r in rows)
    percents = largest_remainder([r["count"] for r in rows])  # sum to 100, as in the reports
    entries = []
    for r, pct in zip(rows, percents, strict=True):
        share = f" ({_th(pct)}%)" if total else ""
        entries.append((r["count"], f"{r['label']}  {_th(r['count'])}{share}"))
    return _pie(f"{CHARTS['activity_progress'][0]} (รวม {_th(total)} กิจกรรม)", entries, hole=0.4)


def build_budget(data: dict) -> QChart:
    rows = data["rows"]
    by = "รายโครงการ" if data["by"] == "project" else "รายประเภทโครงการ"
    # Thousands of baht: the value axis cannot group digits, and 6-digit labels crowd it.
    return _bars(f"{CHARTS['budget'][0]} {by}", [r["label"] for r in rows], [
        ("งบประมาณ", [r["planned"] / 1000 for r in rows], PLANNED_COLOR),
        ("เบิกจ่ายแล้ว", [r["spent"] / 1000 for r in rows], SPENT_COLOR),
    ], label_format=None)


def build_members_by_sector(rows: list[dict]) -> QChart:
    rows = list(reversed(rows))  # horizontal bars draw bottom-up: keep the list order top-down
    return _bars(CHARTS["members_by_sector"][0], [r["label"] for r in rows],
                 [("ภาคีเครือข่าย", [r["count"] for r in rows], QColor(PALETTE[2]))], horizontal=True)


def build_attendance(rows: list[dict]) -> QChart:
    rows = list(reversed(rows))
    return _bars(CHARTS["attendance_by_training"][0], [r["label"] for r in rows],
                 [("ร้อยละการเข้าอบรม", [r["rate"] for r in rows], QColor(PALETTE[4]))], horizontal=True,
                 max_value=100, label_format="@value%")


def build_cases(rows: list[dict]) -> QChart:
    rows = list(reversed(rows))
    return _bars(CHARTS["cases_by_status"][0], [r["label"] for r in rows],
                 [("เรื่องราว", [r["count"] for r in rows], QColor(PALETTE[3]))], horizontal=True)


BUILDERS: dict[str, Callable[[Any], QChart]] = {  # chart key -> builder of its dashboard_data entry
    "projects_by_category": build_projects_by_category,
    "activity_progress": build_activity_progress,
    "budget": build_budget,
    "members_by_sector": build_members_by_sector,
    "attendance_by_training": build_attendance,
    "cases_by_status": build_cases,
}


class Dashboard(QGroupBox):
    """`navigate(page_key)` is emitted on a click; the main window (when there is one) is told
    to show that page too."""

    navigate = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("ภาพรวมโครงการและการดำเนินงาน", parent)
        self.setObjectName("dashboard")
        self.ctx = ctx
        self.charts: dict[str, ChartCard] = {}
        self.data: Mapping[str, Any] = {}
        self.headline = QLabel()
        self.headline.setObjectName("dashboard_headline")
        self.headline.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(self.grid)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        ctx.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _on_data_changed(self, table: str) -> None:
        if table in TABLES:
            self._timer.start()

    def refresh(self) -> None:
        self.data = dashboard_data(self.ctx.db)
        d: Mapping[str, Any] = self.data
        budget = sum(r["planned"] for r in d["budget"]["rows"])
        spent = sum(r["spent"] for r in d["budget"]["rows"])
        activities = sum(r["count"] for r in d["activity_progress"])
        pct = f" (ร้อยละ {formatting.digits(f'{spent * 100 / budget:.1f}')})" if budget else ""
        self.headline.setText(
            f"โครงการ {_th(d['projects_total'])} โครงการ · กิจกรรม {_th(activities)} กิจกรรม · "
            f"งบประมาณ {formatting.digits(f'{budget:,.0f}')} บาท · "
            f"เบิกจ่ายแล้ว {formatting.digits(f'{spent:,.0f}')} บาท{pct}")
        wanted = [key for key in CHARTS if d.get(key) is not None]
        for key in set(self.charts) - set(wanted):
            gone = self.charts.pop(key)
            self.grid.removeWidget(gone)
            gone.deleteLater()
        for i, key in enumerate(wanted):
            chart = BUILDERS[key](d[key])
            card = self.charts.get(key)
            if card is None:
                card = ChartCard(key, CHARTS[key][1], chart)
                card.clicked.connect(self.open_page)
                self.charts[key] = card
            else:
                card.replace_chart(chart)
            self.grid.addWidget(card, i // 2, i % 2)

    def open_page(self, key: str) -> None:
        self.navigate.emit(key)
        window = self.window()
        if isinstance(window, PageHost) and key in window.page_keys():
            window.show_page(key)
