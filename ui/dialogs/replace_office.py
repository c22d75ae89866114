"""The typed confirmation of a "replace this office" restore: the backup is not this office's own
(another installation or office, or no accounts), so an administrator must type this office's
name before every record of it is replaced. The core checks the role again and records the
replacement in both databases (moi_desktop/restore_guard.py)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from moi_desktop.backup import RestorePlan
from ui.dialogs.form import fit_height

OK = QDialogButtonBox.StandardButton.Ok


class ReplaceOfficeDialog(QDialog):
    def __init__(self, plan: RestorePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("replace_office_dialog")
        self.setWindowTitle("แทนที่ข้อมูลของสำนักงานนี้")
        self.setMinimumWidth(520)
        reasons = "\n".join(f"• {p}" for p in plan.problems)
        warning = QLabel(
            f"ไฟล์สำรองนี้ไม่ใช่ของสำนักงานนี้:\n{reasons}\n\n"
            f"หากกู้คืน ข้อมูลทั้งหมดของ {plan.current.label} รวมทั้งบัญชีผู้ใช้ จะถูกแทนที่ด้วยข้อมูลของ "
            f"{plan.backup.label} (โปรแกรมเก็บสำเนาข้อมูลเดิมไว้ และบันทึกการแทนที่ไว้ทั้งสองฐานข้อมูล)"
        )
        warning.setObjectName("replace_office_warning")
        warning.setWordWrap(True)
        prompt = QLabel(f"ถ้าต้องการแทนที่จริง พิมพ์ชื่อ “{plan.current.confirm_text}” ในช่องด้านล่าง")
        prompt.setWordWrap(True)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("replace_office_confirm")
        self.buttons = QDialogButtonBox(OK | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(OK)
        self.ok_button.setText("แทนที่ข้อมูลสำนักงานนี้")
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("ยกเลิก")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.confirm_edit.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(prompt)
        layout.addWidget(self.confirm_edit)
        layout.addWidget(self.buttons)
        self.confirm_edit.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def confirmed(self) -> bool:
        return " ".join(self.confirm_edit.text().split()) == self.plan.current.confirm_text

    def _check(self) -> None:
        self.ok_button.setEnabled(self.confirmed())

    def accept(self) -> None:
        if self.confirmed():  # Enter in the field must not get round the typed name
            super().accept()
