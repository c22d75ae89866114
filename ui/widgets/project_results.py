"""The project page's results tabs: เป้าหมายรายระยะ — the phases with target against
actual and the actuals of each period — and บทเรียน/ความพึงพอใจ — the after-action records and the
satisfaction counts. Both show the selected project; the core checks every write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.projects.lessons import (
    LESSON_FIELDS,
    LEVELS,
    delete_lesson,
    delete_survey,
    list_lessons,
    list_surveys,
)
from moi_desktop.projects.milestones import delete_actual, delete_milestone, list_actuals, list_milestones
from ui import formatting
from ui.context import AppContext
from ui.dialogs.lesson_edit import LessonDialog, SurveyDialog
from ui.dialogs.milestone_edit import ActualDialog, MilestoneDialog
from ui.errors import show_error
from ui.pages import PageHost
from ui.pages.reports import ReportsPage
from ui.permissions import may

# Tables whose changes these tabs show (the page refreshes on them).
RESULT_TABLES = {"milestones", "milestone_indicator_targets", "milestone_actuals", "milestone_indicator_actuals",
                 "project_lessons", "project_satisfaction"}
OVER_COLOUR = QColor("#fff4e0")


def _table(headers: Sequence[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for col in range(len(headers)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]], *, numeric: Sequence[int] = (),
          marked: Sequence[bool] = (), wrap: bool = False) -> None:
    """rows: (id, cell texts); the id rides on every cell (UserRole)."""
    table.setRowCount(len(rows))
    for i, (row_id, cells) in enumerate(rows):
        for col, text in enumerate(cells):
            item = QTableWidgetItem(formatting.digits(text))
            item.setData(Qt.ItemDataRole.UserRole, row_id)
            if col in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if i < len(marked) and marked[i]:
                item.setBackground(OVER_COLOUR)
            table.setItem(i, col, item)
    if wrap:  # long free text (notes, lessons) shows whole; one-line tables keep their row height
        table.resizeRowsToContents()


def _selected(table: QTableWidget) -> str | None:
    rows = table.selectionModel().selectedRows()
    item = table.item(rows[0].row(), 0) if rows else None
    return item.data(Qt.ItemDataRole.UserRole) if item else None


def _pair(actual: float | None, target: float | None, money: bool = False) -> str:
    if actual is None and target is None:
        return ""
    fmt = "{:,.2f}" if money else "{:,.0f}"
    a = fmt.format(actual) if actual is not None else "-"
    t = fmt.format(target) if target is not None else "-"
    pct = f" ({actual * 100 / target:.0f}%)" if actual is not None and target else ""
    return f"{a} / {t}{pct}"


def _buttons(*buttons: QPushButton, extra: QWidget | None = None) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    if extra is not None:
        row.addWidget(extra)
    return row


class _Panel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.project_id: str | None = None
        self.dialog: QDialog | None = None

    def may_edit(self) -> bool:
        return may(self.ctx, "projects.edit")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.update_buttons()  # the reports page is reachable only once we sit in the window

    def update_buttons(self) -> None:
        raise NotImplementedError

    def _open[D: QDialog](self, dialog: D) -> D:
        self.dialog = dialog
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def confirm(self, text: str) -> bool:
        return QMessageBox.question(self, "ยืนยัน", text) == QMessageBox.StandardButton.Yes

    def _run(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except UserError as exc:
            show_error(self, exc)
            return False
        self.refresh()
        return True

    def set_project(self, project_id: str | None) -> None:
        self.project_id = project_id
        self.refresh()

    def has_reports(self) -> bool:
        window = self.window()
        return isinstance(window, PageHost) and "reports" in window.page_keys()

    def open_report(self, key: str) -> ReportsPage | None:
        """The reports page on report `key`, for the selected project where the report takes one."""
        window = self.window()
        if not isinstance(window, PageHost) or "reports" not in window.page_keys():
            return None
        reports = window.show_page("reports")
        if not isinstance(reports, ReportsPage):
            return None
        reports.select_report(key)
        combo = reports.findChild(QComboBox, "param_project")
        if combo is not None and combo.findData(self.project_id) >= 0 and combo.currentData() != self.project_id:
            combo.setCurrentIndex(combo.findData(self.project_id))
            reports.generate_preview()
        return reports

    def refresh(self) -> None:
        raise NotImplementedError


class MilestonesPanel(_Panel):
    """Phases of the selected project (actual / target per measure), and the actuals of the phase
    selected. A phase more than 50 % over a target is shaded; its confirming note shows below."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.milestones = _table(["ระยะ / เป้าหมาย", "ครบกำหนด", "ครัวเรือน ผล / เป้า", "คน ผล / เป้า",
                                  "มูลค่า (บาท) ผล / เป้า", "ตัวชี้วัด", "งวดที่รายงาน", "ตรวจสอบ"], 0)
        self.milestones.setObjectName("milestones_table")
        self.actuals = _table(["งวดสิ้นสุด", "ครัวเรือน", "คน", "มูลค่า (บาท)", "หมายเหตุยืนยัน", "หมายเหตุ"], 4)
        self.actuals.setObjectName("actuals_table")
        self.summary = QLabel()
        self.summary.setObjectName("milestones_summary")
        self.summary.setWordWrap(True)
        self.add_button = QPushButton("เพิ่มระยะ")
        self.edit_button = QPushButton("แก้ไขระยะ")
        self.delete_button = QPushButton("ลบระยะ")
        self.actual_button = QPushButton("บันทึกผลงวด…")
        self.delete_actual_button = QPushButton("ลบผลงวด")
        self.report_button = QPushButton("รายงานผลเทียบเป้าหมาย…")
        self.report_button.clicked.connect(lambda: self.open_report("project-milestones"))
        self.add_button.clicked.connect(self.add_milestone)
        self.edit_button.clicked.connect(self.edit_milestone)
        self.delete_button.clicked.connect(self.delete_milestone)
        self.actual_button.clicked.connect(self.add_actual)
        self.delete_actual_button.clicked.connect(self.delete_actual)
        self.milestones.doubleClicked.connect(lambda _i: self.edit_milestone())
        self.milestones.itemSelectionChanged.connect(self._show_actuals)
        self.actuals.itemSelectionChanged.connect(self.update_buttons)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.milestones, 1)
        top_layout.addLayout(_buttons(self.add_button, self.edit_button, self.delete_button,
                                      extra=self.report_button))
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.actuals, 1)
        bottom_layout.addLayout(_buttons(self.actual_button, self.delete_actual_button))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        self._rows: list[dict[str, Any]] = []

    def refresh(self) -> None:
        keep = self.selected_milestone()
        self._rows = list_milestones(self.ctx.db, self.project_id) if self.project_id else []
        cells = []
        for m in self._rows:
            check = ("เกินเป้า >50% · ยืนยันแล้ว" if m["confirm_notes"] else "เกินเป้า >50% · ยังไม่ยืนยัน") \
                if m["over_target"] else ("ตามเป้า" if m["periods"] else "ยังไม่มีผล")
            indicators = ", ".join(f"{m['indicator_actuals'].get(i, 0):,.0f}/{t:,.0f}"
                                   for i, t in m["indicator_targets"].items())
            cells.append((m["id"], [
                m["title"] + (f" ({m['activity_title']})" if m["activity_title"] else ""),
                formatting.thai_date(m["due_date"], "medium"),
                _pair(m["households_actual"], m["households_target"]), _pair(m["persons_actual"], m["persons_target"]),
                _pair(m["value_actual"], m["value_target"], money=True), indicators, f"{m['periods']:,}", check]))
        _fill(self.milestones, cells, numeric=(2, 3, 4, 6), marked=[bool(m["over_target"]) for m in self._rows])
        row = next((i for i, m in enumerate(self._rows) if m["id"] == keep), 0 if self._rows else -1)
        if row >= 0:
            self.milestones.selectRow(row)
        over = [m for m in self._rows if m["over_target"]]
        total = _pair(sum(m["households_actual"] or 0 for m in self._rows),
                      sum(m["households_target"] or 0 for m in self._rows))
        self.summary.setText(formatting.digits(
            (f"{len(self._rows)} ระยะ · รวมทุกระยะ ครัวเรือน ผล / เป้า {total} · "
             f"เกินเป้าหมายมากกว่าร้อยละ 50: {len(over)} ระยะ"
             + (f" (ยังไม่ยืนยัน {sum(1 for m in over if not m['confirm_notes'])})"
                if any(not m["confirm_notes"] for m in over) else ""))
            if self._rows else "ยังไม่ได้กำหนดเป้าหมายรายระยะ — กด “เพิ่มระยะ”"))
        self._show_actuals()

    def selected_milestone(self) -> str | None:
        return _selected(self.milestones)

    def selected_actual(self) -> str | None:
        return _selected(self.actuals)

    def _show_actuals(self) -> None:
        milestone_id = self.selected_milestone()
        rows = list_actuals(self.ctx.db, milestone_id) if milestone_id else []
        _fill(self.actuals, [(r["id"], [
            formatting.thai_date(r["period_end"], "medium"),
            f"{r['households']:,}" if r["households"] is not None else "",
            f"{r['persons']:,}" if r["persons"] is not None else "",
            f"{r['value']:,.2f}" if r["value"] is not None else "",
            r["confirm_note"] or "", r["note"] or ""]) for r in rows], numeric=(1, 2, 3),
            marked=[bool(r["confirm_note"]) for r in rows], wrap=True)
        self.update_buttons()

    def update_buttons(self) -> None:
        editable = self.may_edit()
        self.add_button.setEnabled(editable and self.project_id is not None)
        milestone = self.selected_milestone() is not None
        for b in (self.edit_button, self.delete_button, self.actual_button):
            b.setEnabled(editable and milestone)
        self.delete_actual_button.setEnabled(editable and self.selected_actual() is not None)
        self.report_button.setEnabled(self.project_id is not None and self.has_reports())

    def add_milestone(self) -> MilestoneDialog | None:
        if not self.project_id:
            return None
        return self._open(MilestoneDialog(self.ctx, self.project_id, parent=self))

    def edit_milestone(self) -> MilestoneDialog | None:
        milestone_id = self.selected_milestone()
        if not milestone_id or not self.may_edit():
            return None
        return self._open(MilestoneDialog(self.ctx, milestone_id=milestone_id, parent=self))

    def add_actual(self) -> ActualDialog | None:
        milestone_id = self.selected_milestone()
        if not milestone_id:
            return None
        return self._open(ActualDialog(self.ctx, milestone_id, parent=self))

    def delete_milestone(self) -> bool:
        milestone_id = self.selected_milestone()
        if not milestone_id or not self.confirm("ลบระยะนี้พร้อมผลการดำเนินงานที่บันทึกไว้?"):
            return False
        return self._run(lambda: delete_milestone(self.ctx.db, milestone_id))

    def delete_actual(self) -> bool:
        actual_id = self.selected_actual()
        if not actual_id or not self.confirm("ลบผลการดำเนินงานของงวดที่เลือก?"):
            return False
        return self._run(lambda: delete_actual(self.ctx.db, actual_id))


class LessonsPanel(_Panel):
    """After-action records and satisfaction counts of the selected project."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.lessons = _table(["วันที่", *LESSON_FIELDS.values(), "ผู้สรุป"], 1)
        self.lessons.setObjectName("lessons_table")
        self.surveys = _table(["วันที่สำรวจ", "เรื่อง", *LEVELS.values(), "ผู้ตอบ", "ค่าเฉลี่ย", "ระดับ"], 1)
        self.surveys.setObjectName("surveys_table")
        self.survey_summary = QLabel()
        self.survey_summary.setObjectName("survey_summary")
        self.add_button = QPushButton("บันทึกบทเรียน")
        self.edit_button = QPushButton("แก้ไขบทเรียน")
        self.delete_button = QPushButton("ลบบทเรียน")
        self.survey_button = QPushButton("บันทึกผลสำรวจความพึงพอใจ")
        self.delete_survey_button = QPushButton("ลบผลสำรวจ")
        self.lessons_report_button = QPushButton("รายงานบทเรียน…")
        self.satisfaction_report_button = QPushButton("รายงานความพึงพอใจ…")
        self.lessons_report_button.clicked.connect(lambda: self.open_report("project-lessons"))
        self.satisfaction_report_button.clicked.connect(lambda: self.open_report("project-satisfaction"))
        self.add_button.clicked.connect(self.add_lesson)
        self.edit_button.clicked.connect(self.edit_lesson)
        self.delete_button.clicked.connect(self.delete_lesson)
        self.survey_button.clicked.connect(self.add_survey)
        self.delete_survey_button.clicked.connect(self.delete_survey)
        self.lessons.doubleClicked.connect(lambda _i: self.edit_lesson())
        self.lessons.itemSelectionChanged.connect(self.update_buttons)
        self.surveys.itemSelectionChanged.connect(self.update_buttons)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("บทเรียนจากการดำเนินงาน (After Action Review)"))
        top_layout.addWidget(self.lessons, 1)
        top_layout.addLayout(_buttons(self.add_button, self.edit_button, self.delete_button,
                                      extra=self.lessons_report_button))
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel("ความพึงพอใจของผู้รับประโยชน์"))
        bottom_layout.addWidget(self.surveys, 1)
        bottom_layout.addLayout(_buttons(self.survey_button, self.delete_survey_button, self.satisfaction_report_button,
                                         extra=self.survey_summary))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        lessons = list_lessons(self.ctx.db, self.project_id) if self.project_id else []
        _fill(self.lessons, [(r["id"], [formatting.thai_date(r["recorded_on"], "medium"),
                                        *[r[k] or "" for k in LESSON_FIELDS], r["recorded_by"] or ""])
                             for r in lessons], wrap=True)
        surveys = list_surveys(self.ctx.db, self.project_id) if self.project_id else []
        _fill(self.surveys, [(r["id"], [formatting.thai_date(r["surveyed_on"], "medium"), r["topic"],
                                        *[f"{r[k]:,}" for k in LEVELS], f"{r['respondents']:,}",
                                        f"{r['mean']:.2f}" if r["mean"] is not None else "", r["band"]])
                             for r in surveys], numeric=tuple(range(2, 9)))
        n = sum(r["respondents"] for r in surveys)
        total = sum(r["mean"] * r["respondents"] for r in surveys if r["mean"] is not None)
        self.survey_summary.setText(formatting.digits(f"รวมผู้ตอบ {n:,} คน · ค่าเฉลี่ย {total / n:.2f}") if n else "")
        self.update_buttons()

    def selected_lesson(self) -> str | None:
        return _selected(self.lessons)

    def selected_survey(self) -> str | None:
        return _selected(self.surveys)

    def update_buttons(self) -> None:
        editable = self.may_edit()
        self.add_button.setEnabled(editable and self.project_id is not None)
        self.survey_button.setEnabled(editable and self.project_id is not None)
        lesson = self.selected_lesson() is not None
        self.edit_button.setEnabled(editable and lesson)
        self.delete_button.setEnabled(editable and lesson)
        self.delete_survey_button.setEnabled(editable and self.selected_survey() is not None)
        for b in (self.lessons_report_button, self.satisfaction_report_button):
            b.setEnabled(self.project_id is not None and self.has_reports())

    def add_lesson(self) -> LessonDialog | None:
        if not self.project_id:
            return None
        return self._open(LessonDialog(self.ctx, self.project_id, parent=self))

    def edit_lesson(self) -> LessonDialog | None:
        lesson_id = self.selected_lesson()
        if not lesson_id or not self.project_id or not self.may_edit():
            return None
        return self._open(LessonDialog(self.ctx, self.project_id, lesson_id, parent=self))

    def add_survey(self) -> SurveyDialog | None:
        if not self.project_id:
            return None
        return self._open(SurveyDialog(self.ctx, self.project_id, parent=self))

    def delete_lesson(self) -> bool:
        lesson_id = self.selected_lesson()
        if not lesson_id or not self.confirm("ลบบันทึกบทเรียนที่เลือก?"):
            return False
        return self._run(lambda: delete_lesson(self.ctx.db, lesson_id))

    def delete_survey(self) -> bool:
        survey_id = self.selected_survey()
        if not survey_id or not self.confirm("ลบผลสำรวจที่เลือก?"):
            return False
        return self._run(lambda: delete_survey(self.ctx.db, survey_id))
