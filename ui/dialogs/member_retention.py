"""PDPA retention: pick the retention period and see the members inactive for longer than it.

The period is the office's policy, kept in the database (members.pdpa get/set_retention_years);
the list follows the picker as it changes, and "บันทึกระยะเวลา" stores the new period.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.members import get_retention_years, retention_candidates, set_retention_years
from moi_desktop.members.pdpa import MAX_RETENTION_YEARS
from ui import formatting
from ui.context import AppContext
from ui.errors import show_error
from ui.permissions import guard
from ui.widgets.thai_numbers import ThaiSpinBox

SHOWN = 500  # rows listed; the summary still counts every candidate


class RetentionDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.setWindowTitle("PDPA: ระยะเวลาเก็บรักษาข้อมูลภาคีเครือข่าย")
        self.resize(640, 460)

        self.years = ThaiSpinBox()
        self.years.setObjectName("retention_years")
        self.years.setRange(1, MAX_RETENTION_YEARS)
        self.years.setSuffix(" ปี")
        self.years.setValue(get_retention_years(self.db))
        self.save_button = QPushButton("บันทึกระยะเวลา")
        self.save_button.setEnabled(False)
        self.summary = QLabel()
        self.summary.setObjectName("retention_summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["ชื่อ-สกุล", "หน่วยงาน", "ไม่ใช้งานตั้งแต่"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 220)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        note = QLabel("รายชื่อที่ไม่ใช้งานนานกว่าระยะเวลาเก็บรักษา ควรพิจารณาลบข้อมูลส่วนบุคคล "
                      "ตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒ (เก็บไว้เท่าที่จำเป็น)")
        note.setWordWrap(True)

        picker = QHBoxLayout()
        picker.addWidget(QLabel("ไม่ใช้งานเกิน"))
        picker.addWidget(self.years)
        picker.addWidget(self.save_button)
        picker.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(picker)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

        self.years.valueChanged.connect(self._on_years)
        self.save_button.clicked.connect(self.save)
        self.reload()

    def _on_years(self, _value: int) -> None:
        self.save_button.setEnabled(self.years.value() != get_retention_years(self.db))
        self.reload()

    def reload(self) -> None:
        years = self.years.value()
        rows = retention_candidates(self.db, years)
        if rows:
            self.summary.setText(f"ไม่ใช้งานเกิน {formatting.digits(years)} ปี {formatting.digits(len(rows))} คน")
        else:
            self.summary.setText(f"ไม่มีรายชื่อที่ไม่ใช้งานเกิน {formatting.digits(years)} ปี")
        shown = rows[:SHOWN]
        self.table.setRowCount(len(shown))
        for i, r in enumerate(shown):
            since = formatting.thai_date(date.fromisoformat(r["inactive_since"][:10]), "full")
            for column, text in enumerate((r["name"], r.get("organisation") or "", since)):
                self.table.setItem(i, column, QTableWidgetItem(text))

    def save(self) -> bool:
        if not guard(self.ctx, "members.edit", self):
            return False
        try:
            set_retention_years(self.db, self.years.value())
        except UserError as exc:
            show_error(self, exc)
            return False
        self.save_button.setEnabled(False)
        return True
