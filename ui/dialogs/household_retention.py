"""PDPA retention for household members: the office's period, the members past it (households with
no open case and nothing done for longer than the period), and erasure of those chosen."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.cases.pdpa import (
    MAX_RETENTION_YEARS,
    erase_household_member,
    get_retention_years,
    retention_candidates,
    set_retention_years,
)
from moi_desktop.errors import UserError
from ui import formatting
from ui.context import AppContext
from ui.errors import show_error
from ui.permissions import may
from ui.widgets.thai_numbers import ThaiSpinBox


class HouseholdRetentionDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.rows: list[dict] = []
        self.setWindowTitle("PDPA: ระยะเวลาเก็บรักษาข้อมูลสมาชิกครัวเรือน")
        self.resize(680, 460)
        self.years = ThaiSpinBox()
        self.years.setRange(1, MAX_RETENTION_YEARS)
        self.years.setSuffix(" ปี")
        self.years.setValue(get_retention_years(ctx.db))
        self.save_button = QPushButton("บันทึกระยะเวลา")
        self.save_button.setEnabled(False)
        self.erase_button = QPushButton("ลบข้อมูลส่วนบุคคลของรายชื่อที่เลือก…")
        self.erase_button.setEnabled(may(ctx, "cases.edit"))
        self.summary = QLabel()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["ชื่อ-สกุล", "ครัวเรือนของ", "ดำเนินการครั้งสุดท้าย"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        note = QLabel("สมาชิกของครัวเรือนที่ไม่มีเรื่องค้างและไม่มีการดำเนินการนานกว่าระยะเวลาเก็บรักษา ควรพิจารณาลบ"
                      "ข้อมูลส่วนบุคคลตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒ (เก็บไว้เท่าที่จำเป็น)")
        note.setWordWrap(True)
        picker = QHBoxLayout()
        picker.addWidget(QLabel("ไม่มีการดำเนินการเกิน"))
        picker.addWidget(self.years)
        picker.addWidget(self.save_button)
        picker.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("ปิด")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(picker)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.erase_button)
        layout.addWidget(buttons)
        self.years.valueChanged.connect(self._on_years)
        self.save_button.clicked.connect(self.save)
        self.erase_button.clicked.connect(lambda: self.erase_selected())
        self.reload()

    def _on_years(self, _value: int) -> None:
        self.save_button.setEnabled(self.years.value() != get_retention_years(self.ctx.db))
        self.reload()

    def reload(self) -> None:
        years = self.years.value()
        self.rows = retention_candidates(self.ctx.db, years, today=self.today)
        self.summary.setText(f"เกิน {formatting.digits(years)} ปี {formatting.digits(len(self.rows))} คน" if self.rows
                             else f"ไม่มีสมาชิกครัวเรือนที่เกิน {formatting.digits(years)} ปี")
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            last = formatting.thai_date(r["last_activity"][:10], "full")
            for j, text in enumerate((r["full_name"], r["head_name"], last)):
                self.table.setItem(i, j, QTableWidgetItem(text))

    def save(self) -> bool:
        try:
            set_retention_years(self.ctx.db, self.years.value())
        except UserError as exc:
            show_error(self, exc)
            return False
        self.save_button.setEnabled(False)
        return True

    def confirm(self, text: str) -> bool:
        return QMessageBox.question(self, "ยืนยัน", text) == QMessageBox.StandardButton.Yes

    def erase_selected(self) -> int:
        chosen = [self.rows[i.row()] for i in self.table.selectionModel().selectedRows()]
        if not chosen or not self.confirm(f"ลบข้อมูลส่วนบุคคลของสมาชิกครัวเรือน {formatting.digits(len(chosen))} คน? "
                                          "ย้อนกลับไม่ได้"):
            return 0
        try:
            with self.ctx.db.atomic():
                for r in chosen:
                    erase_household_member(self.ctx.db, r["id"])
        except UserError as exc:
            show_error(self, exc)
            return 0
        self.reload()
        return len(chosen)
