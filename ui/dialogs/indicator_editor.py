"""The indicator list editor: add, edit, deactivate / reactivate (numbers stay unique; an
indicator with cases is never deleted, only taken out of the picker)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.cases import list_indicators, save_indicator, set_indicator_active
from moi_desktop.errors import UserError
from ui import formatting
from ui.context import AppContext
from ui.widgets.field_errors import error_label
from ui.widgets.thai_numbers import ThaiSpinBox

HEADERS = ("ข้อ", "ประเภท", "ตัวชี้วัด", "เรื่องราว", "สถานะ")


class IndicatorEditor(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict] = []
        self.editing_id: str | None = None
        self.setWindowTitle("รายการตัวชี้วัดปัญหาครัวเรือน")
        self.resize(900, 600)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selected)

        self.number = ThaiSpinBox()
        self.number.setRange(1, 999)
        self.category = QComboBox()
        for c in reference.indicator_categories(ctx.db):
            self.category.addItem(c["name_th"], c["id"])
        self.text = QLineEdit()
        self.error = error_label()
        self.new_button = QPushButton("เพิ่มตัวชี้วัดใหม่")
        self.save_button = QPushButton("บันทึก")
        self.toggle_button = QPushButton("ปิดใช้งาน")
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.mode = QLabel()

        form = QFormLayout()
        form.addRow("", self.mode)
        form.addRow("ข้อที่", self.number)
        form.addRow("ประเภท", self.category)
        form.addRow("ตัวชี้วัด", self.text)
        form.addRow("", self.error)
        buttons_row = QHBoxLayout()
        for b in (self.new_button, self.save_button, self.toggle_button):
            buttons_row.addWidget(b)
        buttons_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("ปิด")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons_row)
        layout.addWidget(close)
        self.refresh()
        self.start_new()

    def refresh(self) -> None:
        self.rows = list_indicators(self.ctx.db)
        self.table.setRowCount(len(self.rows))
        grey = QColor("#888888")
        for i, r in enumerate(self.rows):
            texts = (formatting.digits(str(r["number"])), r["category_name"], r["text"],
                     formatting.digits(str(r["n_cases"])), "ใช้งาน" if r["active"] else "ปิดใช้งาน")
            for j, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if not r["active"]:
                    item.setForeground(grey)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()

    def row_index(self, number: int) -> int:
        return next(i for i, r in enumerate(self.rows) if r["number"] == number)

    def _selected(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        r = self.rows[items[0].row()]
        self.editing_id = r["id"]
        self.number.setValue(r["number"])
        self.category.setCurrentIndex(self.category.findData(r["category_id"]))
        self.text.setText(r["text"])
        self.toggle_button.setEnabled(True)
        self.toggle_button.setText("ปิดใช้งาน" if r["active"] else "เปิดใช้งานอีกครั้ง")
        self.mode.setText(formatting.digits(f"แก้ไขตัวชี้วัดข้อ {r['number']}"))
        self.error.hide()

    def start_new(self) -> None:
        self.table.clearSelection()
        self.editing_id = None
        used = {r["number"] for r in self.rows}
        self.number.setValue(next(n for n in range(1, 1000) if n not in used))
        self.text.clear()
        self.toggle_button.setEnabled(False)
        self.mode.setText("เพิ่มตัวชี้วัดใหม่")
        self.error.hide()

    def save(self) -> None:
        try:
            saved = save_indicator(self.ctx.db, self.editing_id, self.number.value(), self.category.currentData(),
                                     self.text.text())
        except UserError as exc:
            self.error.setText(formatting.digits(exc.message))
            self.error.show()
            return
        self.refresh()
        self.table.selectRow(next(i for i, r in enumerate(self.rows) if r["id"] == saved))

    def toggle_active(self) -> None:
        if not self.editing_id:
            return
        row = next(r for r in self.rows if r["id"] == self.editing_id)
        set_indicator_active(self.ctx.db, self.editing_id, not row["active"])
        self.refresh()
        self.table.selectRow(next(i for i, r in enumerate(self.rows) if r["id"] == row["id"]))
