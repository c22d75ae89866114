"""Lessons learned (after-action record) and a beneficiary satisfaction count."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from moi_desktop.projects.lessons import (
    DEFAULT_TOPIC,
    LESSON_FIELDS,
    LEVELS,
    add_lesson,
    add_survey,
    list_lessons,
    satisfaction_band,
    update_lesson,
)
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import FormDialog, form_layout
from ui.dialogs.project_fields import NumberField, ThaiDateField, problems_of, text_area


class LessonDialog(FormDialog):
    """Add (project_id) or edit (lesson_id) an after-action record."""

    def __init__(self, ctx: AppContext, project_id: str, lesson_id: str | None = None,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(ctx, "แก้ไขบทเรียนจากการดำเนินงาน" if lesson_id else "บันทึกบทเรียนจากการดำเนินงาน", parent)
        self.project_id, self.lesson_id = project_id, lesson_id
        current: dict[str, Any] = next((r for r in list_lessons(self.db, project_id) if r["id"] == lesson_id), {})
        self.recorded_on = ThaiDateField()
        self.recorded_on.set_date(current.get("recorded_on") or today or date.today())
        self.fields = {}
        form = self.add_form(form_layout())
        form.addRow("วันที่สรุปบทเรียน *", self.errors.wrap(self.recorded_on, "recorded_on"))
        for key, label in LESSON_FIELDS.items():
            box = text_area(70)
            box.setObjectName(f"lesson_{key}")
            box.setPlainText(current.get(key) or "")
            self.fields[key] = box
            form.addRow(label, self.errors.wrap(box, key))
        self.recorded_by = QLineEdit(current.get("recorded_by") or "")
        self.recorded_by.setPlaceholderText("เช่น ปลัดอำเภอผู้รับผิดชอบโครงการ")
        form.addRow("ผู้สรุป", self.recorded_by)
        self.resize(640, self.sizeHint().height())

    def problems(self) -> dict[str, str]:
        return problems_of({"recorded_on": self.recorded_on})

    def write(self) -> str:
        values = {"recorded_on": self.recorded_on.text(), "recorded_by": self.recorded_by.text(),
                  **{key: box.toPlainText() for key, box in self.fields.items()}}
        if self.lesson_id:
            update_lesson(self.db, self.lesson_id, values)
            return self.lesson_id
        return add_lesson(self.db, self.project_id, values)


class SurveyDialog(FormDialog):
    """Respondents per level of a five-level satisfaction survey; the mean shows as typed."""

    def __init__(self, ctx: AppContext, project_id: str, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(ctx, "บันทึกผลสำรวจความพึงพอใจของผู้รับประโยชน์", parent)
        self.project_id = project_id
        self.surveyed_on = ThaiDateField()
        self.surveyed_on.set_date(today or date.today())
        self.topic = QLineEdit(DEFAULT_TOPIC)
        self.levels = {key: NumberField(f"จำนวนผู้ตอบระดับ{label}", key, integer=True) for key, label in LEVELS.items()}
        self.survey_result = QLabel()
        self.survey_result.setObjectName("survey_result")
        self.note = QLineEdit()
        form = self.add_form(form_layout())
        form.addRow("วันที่สำรวจ *", self.errors.wrap(self.surveyed_on, "surveyed_on"))
        form.addRow("เรื่องที่สำรวจ", self.topic)
        for key, label in LEVELS.items():
            form.addRow(f"{label} (คน)", self.errors.wrap(self.levels[key], key))
            self.levels[key].textChanged.connect(self.update_result)
        form.addRow("ผลรวม", self.survey_result)
        form.addRow("หมายเหตุ", self.note)
        self.update_result()
        self.resize(520, self.sizeHint().height())

    def update_result(self, *_args: object) -> str:
        if any(field.problem() for field in self.levels.values()):
            self.survey_result.setText("—")
            return "—"
        counts = [int(field.value() or 0) for field in self.levels.values()]
        n = sum(counts)
        mean = sum(c * s for c, s in zip(counts, (5, 4, 3, 2, 1), strict=True)) / n if n else None
        text = (f"ผู้ตอบ {n:,} คน · ค่าเฉลี่ย {mean:.2f} ({satisfaction_band(mean)})" if mean is not None
                else "ยังไม่มีผู้ตอบ")
        self.survey_result.setText(formatting.digits(text))
        return text

    def problems(self) -> dict[str, str]:
        return problems_of({"surveyed_on": self.surveyed_on, **self.levels})

    def write(self) -> str:
        values = {"surveyed_on": self.surveyed_on.text(), "topic": self.topic.text(), "note": self.note.text(),
                  **{key: field.text() for key, field in self.levels.items()}}
        return add_survey(self.db, self.project_id, values)
