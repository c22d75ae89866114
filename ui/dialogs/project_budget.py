"""A project's budget by source: one line per source of money (source, amount, note), any number
of lines, with the total; or "ไม่ใช้งบประมาณ" (the project needs no money), which empties it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.projects.model import BUDGET_SOURCES, amount_value
from ui.dialogs.project_fields import NumberField, money_text


class _Line:
    def __init__(self, source: str | None, amount: float | None, note: str | None) -> None:
        self.source = QComboBox()
        for code, label in BUDGET_SOURCES.items():
            self.source.addItem(label, code)
        self.source.setCurrentIndex(max(0, self.source.findData(source)))
        self.amount = NumberField("จำนวนเงิน", "amount")
        self.amount.set_value(amount)
        self.note = QLineEdit(note or "")
        self.note.setPlaceholderText("เช่น ชื่อกองทุน / เลขที่หนังสืออนุมัติ")
        self.remove = QPushButton("ลบ")

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.source, self.amount, self.note, self.remove)


class BudgetLines(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.no_budget = QCheckBox("ไม่ใช้งบประมาณ (ดำเนินการโดยไม่ต้องใช้เงิน)")
        self.grid = QGridLayout()
        for col, title in enumerate(("แหล่งงบประมาณ", "จำนวนเงิน (บาท)", "หมายเหตุ")):
            self.grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(2, 3)
        self.add_button = QPushButton("เพิ่มแหล่งงบประมาณ")
        self.add_button.clicked.connect(lambda: self.add_line())
        self.total = QLabel()
        self.total.setObjectName("budget_total")
        self.lines_box = QWidget()
        self.lines_box.setLayout(self.grid)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        bottom.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.no_budget)
        layout.addWidget(self.lines_box)
        layout.addLayout(bottom)
        self._lines: list[_Line] = []
        self.no_budget.toggled.connect(self._no_budget_toggled)
        self._update_total()

    def add_line(self, source: str | None = None, amount: float | None = None, note: str | None = None) -> _Line:
        line = _Line(source, amount, note)
        row = self.grid.rowCount()
        for col, widget in enumerate(line.widgets()):
            self.grid.addWidget(widget, row, col)
        line.remove.clicked.connect(lambda: self.remove_line(line))
        line.amount.textChanged.connect(self._update_total)
        self._lines.append(line)
        self._update_total()
        return line

    def remove_line(self, line: _Line) -> None:
        self._lines.remove(line)
        for widget in line.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._update_total()

    def line_widgets(self) -> list[_Line]:
        return list(self._lines)

    def set_lines(self, rows: list[dict], no_budget: bool) -> None:
        for line in list(self._lines):
            self.remove_line(line)
        for r in rows:
            self.add_line(r["source"], r["amount"], r.get("source_note"))
        self.no_budget.setChecked(bool(no_budget))
        self._no_budget_toggled(bool(no_budget))

    def lines(self) -> list[dict]:
        """Lines as typed ({source, amount, source_note}); the core checks them when saving.
        Empty when "no budget" is ticked: such a project has no lines at all."""
        if self.no_budget.isChecked():
            return []
        return [{"source": line.source.currentData(), "amount": line.amount.text(),
                 "source_note": line.note.text()} for line in self._lines
                if line.amount.text().strip() or line.note.text().strip()]

    def problem(self) -> str | None:
        for n, line in enumerate(self._lines, start=1):
            message = line.amount.problem()
            if message:
                return f"รายการที่ {n}: {message}"
        return None

    def _no_budget_toggled(self, on: bool) -> None:
        self.lines_box.setEnabled(not on)
        self.add_button.setEnabled(not on)
        self._update_total()

    def _update_total(self, *_args: object) -> None:
        total = 0.0
        for line in self._lines:
            try:
                total += amount_value(line.amount.text(), "จำนวนเงิน", "amount") or 0.0
            except UserError:
                continue  # shown under the table when saving; the total counts what it can read
        self.total.setText("ไม่ใช้งบประมาณ" if self.no_budget.isChecked() else f"รวม {money_text(total)} บาท")
        self.changed.emit()
