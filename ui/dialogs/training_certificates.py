"""Issuing certificates: everyone's attendance against the threshold; the eligible are ticked.
Ticking someone below the threshold asks for the written reason the rules require (recorded with
the certificate and in the audit trail)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.trainings import eligibility, issue_certificates, register, require_training
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import OK, button_box
from ui.models.attendance_model import STATUS_COLOURS
from ui.widgets.table_cells import cell

NAME, PERCENT, STATUS, SERIAL = 0, 1, 2, 3


class CertificateDialog(QDialog):
    """After accept(), `issued` holds the new certificate ids."""

    def __init__(self, ctx: AppContext, training_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = ctx.db
        self.training = require_training(self.db, training_id)
        self.issued: list[str] = []
        self.rows = eligibility(self.db, training_id)
        serials = {r["member_id"]: r["serial"] for r in register(self.db, training_id)}
        self.setWindowTitle("ออกเกียรติบัตร")
        self.resize(780, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(formatting.digits(
            f"เกณฑ์ร้อยละ {self.training['threshold_pct']:g} ของรอบลงเวลาทั้งหมด — ผู้ผ่านเกณฑ์ถูกเลือกไว้แล้ว")))
        self.table = QTableWidget(len(self.rows), 4)
        self.table.setHorizontalHeaderLabels(["ชื่อ-สกุล", "ร้อยละ", "ผล", "เลขที่เกียรติบัตร"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for row, e in enumerate(self.rows):
            serial = serials.get(e.member_id)
            name = QTableWidgetItem(e.name)
            name.setData(Qt.ItemDataRole.UserRole, e.member_id)
            if serial:  # already issued: reprints go through "print certificates"
                name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            else:
                name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                name.setCheckState(Qt.CheckState.Checked if e.eligible else Qt.CheckState.Unchecked)
            status = QTableWidgetItem(e.status_th)
            status.setForeground(QColor(STATUS_COLOURS[e.status]))
            cells = (name, QTableWidgetItem(formatting.digits(f"{e.percent:.1f}")), status,
                     QTableWidgetItem(formatting.digits(serial) if serial else "-"))
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self.table.itemChanged.connect(lambda _item: self._update())
        layout.addWidget(self.table, 1)
        self.reason_label = QLabel("เหตุผลการออกเกียรติบัตรให้ผู้ที่ไม่ถึงเกณฑ์ (บันทึกไว้ในทะเบียน)")
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        self.summary = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet("color:#b3261e;")
        self.error.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        buttons = button_box(self, self.save, "ออกเกียรติบัตร")
        self.ok = buttons.button(OK)
        layout.addWidget(buttons)
        self._update()

    def set_checked(self, member_id: str, checked: bool = True) -> None:
        for row in range(self.table.rowCount()):
            item = cell(self.table, row, NAME)
            if item.data(Qt.ItemDataRole.UserRole) == member_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return
        raise KeyError(member_id)

    def checked(self) -> list[str]:
        out = []
        for row in range(self.table.rowCount()):
            item = cell(self.table, row, NAME)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def ineligible_checked(self) -> list[str]:
        chosen = set(self.checked())
        return [e.name for e in self.rows if e.member_id in chosen and not e.eligible]

    def _update(self) -> None:
        below = self.ineligible_checked()
        self.reason_label.setVisible(bool(below))
        self.reason.setVisible(bool(below))
        text = f"จะออกเกียรติบัตร {len(self.checked()):,} ฉบับ"
        if below:
            text += f" — ไม่ถึงเกณฑ์ {len(below):,} คน ต้องระบุเหตุผล"
        self.summary.setText(formatting.digits(text))
        self.ok.setEnabled(bool(self.checked()))

    def save(self) -> None:
        chosen = self.checked()
        try:
            self.issued = issue_certificates(self.db, self.training["id"], member_ids=chosen,
                                               override_reason=self.reason.toPlainText() or None)
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()
