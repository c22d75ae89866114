"""Quick status update: the statuses the case may move to (and only those), a date, a note."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.cases import CLOSED_STATUSES, change_status, next_statuses, require_case, status_label
from moi_desktop.errors import UserError
from ui import formatting
from ui.context import AppContext
from ui.dialogs.case_edit import ThaiDateEdit
from ui.dialogs.form import button_box
from ui.errors import show_error


class CaseStatusDialog(QDialog):
    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.today = today or date.today()
        case = require_case(ctx.db, case_id)
        self.setWindowTitle("เปลี่ยนสถานะเรื่องราว")
        title = QLabel(formatting.digits(f"{case['head_name']} — ปัญหาที่ {case['indicator_number']} "
                                      f"{case['indicator_text']}\nสถานะปัจจุบัน: {status_label(case['status'])}"))
        title.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        for code in next_statuses(case["status"]):
            label = status_label(code) + (" (เปิดเรื่องใหม่)" if case["status"] in CLOSED_STATUSES else "")
            button = QRadioButton(label)
            self.group.addButton(button)
            self.choices[code] = button
            layout.addWidget(button)
        if self.choices:
            next(iter(self.choices.values())).setChecked(True)
        form = QFormLayout()
        self.on = ThaiDateEdit(self.today)
        self.note = QLineEdit()
        self.note.setPlaceholderText("สิ่งที่ดำเนินการ (ไม่บังคับ)")
        self.by = QLineEdit()
        form.addRow("วันที่", self.on)
        form.addRow("บันทึก", self.note)
        form.addRow("โดย", self.by)
        layout.addLayout(form)
        buttons = button_box(self, self.save, "เปลี่ยนสถานะ")
        layout.addWidget(buttons)

    def choose(self, code: str) -> None:
        self.choices[code].setChecked(True)

    def target(self) -> str | None:
        return next((code for code, b in self.choices.items() if b.isChecked()), None)

    def save(self) -> None:
        try:
            change_status(self.ctx.db, self.case_id, self.target() or "", on=self.on.date(),
                            note=self.note.text(), by_whom=self.by.text(), today=self.today)
        except UserError as exc:
            show_error(self, exc)
            return
        self.accept()
