"""Milestones of a project: a phase with its due date and targets (households,
persons, value, and per household indicator of the project), and the actuals of one period, with
the confirming note the core asks for when an actual passes its target by more than 50 %."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTableWidget, QTableWidgetItem, QWidget

from moi_desktop.errors import UserError
from moi_desktop.projects import get_project, list_activities
from moi_desktop.projects.milestones import (
    add_milestone,
    check_actual,
    indicator_label,
    list_milestones,
    record_actual,
    require_milestone,
    update_milestone,
)
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import FormDialog, form_layout
from ui.dialogs.project_fields import NumberField, ThaiDateField, count_text, money_text, problems_of, text_area

WARNING_STYLE = "color: #8a4b00; background: #fff4e0; padding: 4px;"


def _indicator_table(rows: list[tuple[str, str, str]], value_title: str) -> QTableWidget:
    """Rows (indicator id, label, value text): the label read-only, the value editable."""
    table = QTableWidget(len(rows), 2)
    table.setHorizontalHeaderLabels(["ตัวชี้วัด", value_title])
    table.horizontalHeader().setStretchLastSection(False)
    table.horizontalHeader().setSectionResizeMode(0, table.horizontalHeader().ResizeMode.Stretch)
    table.verticalHeader().hide()
    for i, (indicator_id, label, value) in enumerate(rows):
        name = QTableWidgetItem(label)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        name.setData(Qt.ItemDataRole.UserRole, indicator_id)
        table.setItem(i, 0, name)
        cell = QTableWidgetItem(value)
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(i, 1, cell)
    table.setFixedHeight(min(160, 30 + 28 * max(1, len(rows))))
    return table


def _indicator_values(table: QTableWidget) -> dict[str, str]:
    out = {}
    for i in range(table.rowCount()):
        name, cell = table.item(i, 0), table.item(i, 1)
        text = cell.text().strip() if cell is not None else ""
        if text and name is not None:
            out[name.data(Qt.ItemDataRole.UserRole)] = text
    return out


def _figures(milestone: dict[str, Any], suffix: str) -> list[str]:
    """"๔๐ ครัวเรือน", "๑๒๐ คน", "๕๐,๐๐๐.๐๐ บาท" for the targets or the actuals of a milestone."""
    out = []
    for key, unit in (("households", "ครัวเรือน"), ("persons", "คน"), ("value", "บาท")):
        value = milestone[f"{key}_{suffix}"]
        if value is not None:
            out.append(f"{money_text(value) if key == 'value' else count_text(value)} {unit}")
    return out


class MilestoneDialog(FormDialog):
    """Add (project_id) or edit (milestone_id) a phase. After accept(), `saved_id` is its id."""

    def __init__(self, ctx: AppContext, project_id: str | None = None, milestone_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "แก้ไขเป้าหมายรายระยะ" if milestone_id else "เพิ่มเป้าหมายรายระยะ", parent)
        current: dict[str, Any] = {}
        if milestone_id:
            current = next(m for m in list_milestones(self.db, require_milestone(self.db, milestone_id)["project_id"])
                           if m["id"] == milestone_id)
            project_id = current["project_id"]
        if project_id is None:
            raise ValueError("a milestone dialog needs a project or a milestone")
        self.project_id, self.milestone_id = project_id, milestone_id
        project = get_project(self.db, project_id)
        self.title_edit = QLineEdit(current.get("title") or "")
        self.title_edit.setPlaceholderText("เช่น ระยะที่ ๑: สำรวจครัวเรือนเป้าหมาย")
        self.due = ThaiDateField()
        self.due.set_date(current.get("due_date"))
        period = ""
        if project["start_date"] and project["end_date"]:
            period = "ระยะเวลาโครงการ " + formatting.date_range(project["start_date"], project["end_date"])
        self.period = QLabel(period)
        self.period.setObjectName("project_period")
        self.activity = QComboBox()
        self.activity.addItem("— ทั้งโครงการ —", None)
        for a in list_activities(self.db, project_id):
            self.activity.addItem(a["title"], a["id"])
        self.activity.setCurrentIndex(max(0, self.activity.findData(current.get("activity_id"))))
        self.households = NumberField("เป้าหมายจำนวนครัวเรือน", "households_target", integer=True)
        self.persons = NumberField("เป้าหมายจำนวนคน", "persons_target", integer=True)
        self.value = NumberField("เป้าหมายมูลค่า", "value_target")
        self.households.set_value(current.get("households_target"))
        self.persons.set_value(current.get("persons_target"))
        self.value.set_value(current.get("value_target"))
        targets = current.get("indicator_targets", {})
        self.indicators = _indicator_table(
            [(i, indicator_label(self.db, i), count_text(targets[i]) if i in targets else "")
             for i in project["indicators"]], "เป้าหมาย")
        self.indicators.setObjectName("indicator_targets")
        self.note = text_area(60)
        self.note.setPlainText(current.get("note") or "")
        form = self.add_form(form_layout())
        form.addRow("ชื่อระยะ / เป้าหมาย *", self.errors.wrap(self.title_edit, "title"))
        form.addRow("วันครบกำหนด *", self.errors.wrap(self.due, "due_date"))
        form.addRow("", self.period)
        form.addRow("กิจกรรม", self.errors.wrap(self.activity, "activity_id"))
        form.addRow("เป้าหมายครัวเรือน", self.errors.wrap(self.households, "households_target"))
        form.addRow("เป้าหมายคน", self.errors.wrap(self.persons, "persons_target"))
        form.addRow("เป้าหมายมูลค่า (บาท)", self.errors.wrap(self.value, "value_target"))
        form.addRow("เป้าหมายตามตัวชี้วัด", self.errors.wrap(self.indicators, "indicators"))
        form.addRow("หมายเหตุ", self.note)
        self.resize(640, self.sizeHint().height())

    def problems(self) -> dict[str, str]:
        return problems_of({"due_date": self.due, "households_target": self.households,
                            "persons_target": self.persons, "value_target": self.value})

    def write(self) -> str:
        values = {"title": self.title_edit.text(), "due_date": self.due.text(),
                  "activity_id": self.activity.currentData(), "households_target": self.households.text(),
                  "persons_target": self.persons.text(), "value_target": self.value.text(),
                  "note": self.note.toPlainText()}
        targets = _indicator_values(self.indicators)
        if self.milestone_id:
            update_milestone(self.db, self.milestone_id, values, targets)
            return self.milestone_id
        return add_milestone(self.db, self.project_id, values, targets)


class ActualDialog(FormDialog):
    """Record the actuals of one period for a milestone. As figures are typed, a warning says which
    would take the phase more than 50 % past its target; saving then needs the confirming note
    (the core refuses without it, and its message shows under the note)."""

    def __init__(self, ctx: AppContext, milestone_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "บันทึกผลการดำเนินงานรายงวด", parent)
        self.milestone_id = milestone_id
        milestone = next(m for m in list_milestones(self.db, require_milestone(self.db, milestone_id)["project_id"])
                         if m["id"] == milestone_id)
        targets, done = _figures(milestone, "target"), _figures(milestone, "actual")
        self.info = QLabel(f"{milestone['title']}\nเป้าหมาย: {' · '.join(targets) or '—'}\n"
                           f"บันทึกแล้ว: {' · '.join(done) or 'ยังไม่มี'}")
        self.info.setObjectName("milestone_info")
        self.info.setWordWrap(True)
        self.period = ThaiDateField("วันสิ้นสุดงวด เช่น ๓๑/๗/๒๕๖๕")
        self.households = NumberField("จำนวนครัวเรือนที่ได้ผล", "households", integer=True)
        self.persons = NumberField("จำนวนคนที่ได้ผล", "persons", integer=True)
        self.value = NumberField("มูลค่าที่ได้ผล", "value")
        self.indicators = _indicator_table(
            [(i, indicator_label(self.db, i), "") for i in milestone["indicator_targets"]], "ผลงวดนี้")
        self.indicators.setObjectName("indicator_actuals")
        self.warning = QLabel()
        self.warning.setObjectName("over_target_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()
        self.confirm = text_area(70, "ผู้ตรวจสอบตัวเลข และเหตุผลที่ผลเกินเป้าหมาย")
        self.confirm.setObjectName("confirm_note")
        self.note = QLineEdit()
        form = self.add_form(form_layout())
        form.addRow("", self.info)
        form.addRow("งวดสิ้นสุดวันที่ *", self.errors.wrap(self.period, "period_end"))
        form.addRow("ครัวเรือน", self.errors.wrap(self.households, "households"))
        form.addRow("คน", self.errors.wrap(self.persons, "persons"))
        form.addRow("มูลค่า (บาท)", self.errors.wrap(self.value, "value"))
        if milestone["indicator_targets"]:
            form.addRow("ผลตามตัวชี้วัด", self.errors.wrap(self.indicators, "indicators"))
        form.addRow("", self.warning)
        form.addRow("หมายเหตุยืนยัน", self.errors.wrap(self.confirm, "confirm_note"))
        form.addRow("หมายเหตุ", self.note)
        for edit in (self.households, self.persons, self.value):
            edit.textChanged.connect(self.update_warning)
        self.indicators.itemChanged.connect(lambda _i: self.update_warning())
        self.resize(640, self.sizeHint().height())

    def _values(self) -> dict[str, Any]:
        return {"period_end": self.period.text(), "households": self.households.text(),
                "persons": self.persons.text(), "value": self.value.text(),
                "confirm_note": self.confirm.toPlainText(), "note": self.note.text()}

    def update_warning(self, *_args: object) -> list[str]:
        """Show which figures would pass their target by more than 50 % (the note prompt)."""
        try:
            over = check_actual(self.db, self.milestone_id, self._values(), _indicator_values(self.indicators))
        except UserError:
            over = []  # a figure that cannot be read yet: its own message shows on save
        phrases = [e.phrase() for e in over]
        if phrases:
            self.warning.setText(formatting.digits("ผลเกินเป้าหมายมากกว่าร้อยละ 50: " + "; ".join(phrases)
                                                + " — กรุณาระบุหมายเหตุยืนยันตัวเลขก่อนบันทึก"))
        self.warning.setVisible(bool(phrases))
        return phrases

    def problems(self) -> dict[str, str]:
        return problems_of({"period_end": self.period, "households": self.households, "persons": self.persons,
                            "value": self.value})

    def refused(self, exc: UserError) -> None:
        super().refused(exc)
        if exc.field == "confirm_note":
            self.confirm.setFocus()

    def write(self) -> str:
        return record_actual(self.db, self.milestone_id, self._values(), _indicator_values(self.indicators))
