"""Closing a roll call: tick the people who asked for leave (ลา), give each a reason (one reason
can be applied to all ticked at once), then close — the rest become absent if the training says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.trainings import (
    close_with_excuses,
    require_session,
    require_training,
    session_counts,
    session_label,
    unmarked,
)
from moi_desktop.trainings.marking import SessionCounts
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import button_box
from ui.widgets.table_cells import cell

NAME, UNIT, REASON = 0, 1, 2


class CloseSessionDialog(QDialog):
    """After accept(), `counts` holds close_with_excuses()'s result."""

    def __init__(self, ctx: AppContext, session_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = ctx.db
        self.session = require_session(self.db, session_id)
        training = require_training(self.db, self.session["training_id"])
        self.counts: SessionCounts | None = None
        self.people = unmarked(self.db, session_id)
        self.setWindowTitle("ปิดรอบลงเวลา")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        c = session_counts(self.db, session_id)
        layout.addWidget(QLabel(formatting.digits(
            f"{session_label(self.session)} — มาแล้ว {c['present']:,} จาก {c['registered']:,} คน "
            f"ยังไม่ลงเวลา {len(self.people):,} คน")))
        layout.addWidget(QLabel("ทำเครื่องหมายผู้ที่ลา แล้วระบุเหตุผลการลา (แก้ไขในช่องเหตุผลได้ทีละคน)"))
        self.table = QTableWidget(len(self.people), 3)
        self.table.setHorizontalHeaderLabels(["ชื่อ-สกุล (ลา)", "หน่วยงาน", "เหตุผลการลา"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        for row, p in enumerate(self.people):
            name = QTableWidgetItem(p["name"])
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            name.setCheckState(Qt.CheckState.Unchecked)
            name.setData(Qt.ItemDataRole.UserRole, p["id"])
            unit = QTableWidgetItem(p.get("organisation") or p.get("sector_name") or "")
            unit.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, NAME, name)
            self.table.setItem(row, UNIT, unit)
            self.table.setItem(row, REASON, QTableWidgetItem(""))
        self.table.itemChanged.connect(self._on_item_changed)
        layout.addWidget(self.table, 1)
        bulk = QHBoxLayout()
        self.common_reason = QLineEdit()
        self.common_reason.setPlaceholderText("เหตุผลเดียวกันสำหรับผู้ที่ทำเครื่องหมาย เช่น ป่วย / ติดราชการ")
        apply = QPushButton("ใช้กับผู้ที่ทำเครื่องหมาย")
        apply.clicked.connect(self.apply_common_reason)
        bulk.addWidget(self.common_reason, 1)
        bulk.addWidget(apply)
        layout.addLayout(bulk)
        self.mark_absent = QCheckBox("บันทึกผู้ที่ไม่ได้ลงเวลาและไม่ได้ลาเป็น “ขาด”")
        self.mark_absent.setChecked(bool(training["close_marks_absent"]))
        layout.addWidget(self.mark_absent)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b3261e;")
        layout.addWidget(self.error)
        buttons = button_box(self, self.save, "ปิดรอบ")
        layout.addWidget(buttons)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        # Typing a reason ticks the person: a reason without a tick would be silently lost.
        if item.column() == REASON and item.text().strip():
            cell(self.table, item.row(), NAME).setCheckState(Qt.CheckState.Checked)

    def set_excused(self, member_id: str, reason: str = "") -> None:
        for row in range(self.table.rowCount()):
            if cell(self.table, row, NAME).data(Qt.ItemDataRole.UserRole) == member_id:
                cell(self.table, row, NAME).setCheckState(Qt.CheckState.Checked)
                if reason:
                    cell(self.table, row, REASON).setText(reason)
                return
        raise KeyError(member_id)

    def apply_common_reason(self) -> None:
        reason = self.common_reason.text().strip()
        for row in range(self.table.rowCount()):
            if cell(self.table, row, NAME).checkState() == Qt.CheckState.Checked:
                cell(self.table, row, REASON).setText(reason)

    def excuses(self) -> dict[str, str]:
        return {cell(self.table, row, NAME).data(Qt.ItemDataRole.UserRole): cell(self.table, row, REASON).text()
                for row in range(self.table.rowCount())
                if cell(self.table, row, NAME).checkState() == Qt.CheckState.Checked}

    def save(self) -> None:
        try:
            self.counts = close_with_excuses(self.db, self.session["id"], self.excuses(),
                                               mark_absent=self.mark_absent.isChecked())
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()
