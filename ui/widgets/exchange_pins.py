"""The offices whose PC is registered (pinned) here for bundles, and the administrator's un-pin.

A pin binds an office to the PC (installation) and signing key of its first bundle; a later bundle
claiming that office from another PC is refused (moi_desktop.exchange.trust). When a district
really replaced its PC, an administrator un-pins it here, with a reason; the core checks the
permission and writes the audit entry.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.db.clock import parse_iso
from moi_desktop.errors import UserError
from moi_desktop.exchange import Pin, active_pins, unpin
from moi_desktop.exchange.offices import describe_destination
from ui import formatting
from ui.context import AppContext
from ui.errors import show_error, show_message
from ui.permissions import may

HEADERS = ["สำนักงานผู้ส่ง", "ลงทะเบียนเมื่อ", "ลายนิ้วมือกุญแจ", "รหัสเครื่อง"]


def ask_reason(parent: QWidget, label: str) -> str | None:
    """The administrator's reason for un-pinning (None: cancelled)."""
    text, ok = QInputDialog.getText(
        parent, "ยกเลิกการลงทะเบียนเครื่อง",
        f"ยกเลิกการลงทะเบียนเครื่องของ{label}\nชุดข้อมูลถัดไปจาก{label} (จากเครื่องใดก็ได้) จะลงทะเบียนใหม่\n"
        "ทำเมื่อสำนักงานนั้นเปลี่ยนเครื่องหรือติดตั้งโปรแกรมใหม่จริงเท่านั้น — ระบุเหตุผล:",
    )
    return text.strip() if ok and text.strip() else None


class PinsBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("เครื่องของสำนักงานผู้ส่งที่ลงทะเบียนไว้", parent)
        self.ctx = ctx
        self.pins: list[Pin] = []
        self.note = QLabel(
            "ชุดข้อมูลแรกจากแต่ละสำนักงานจะลงทะเบียนเครื่องและกุญแจลงลายมือชื่อของผู้ส่งไว้ "
            "ชุดต่อไปที่อ้างว่ามาจากสำนักงานเดียวกันแต่มาจากเครื่องอื่นจะถูกปฏิเสธ"
        )
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADERS)):  # a handful of rows: sizing to contents is cheap
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.unpin_button = QPushButton("ยกเลิกการลงทะเบียน…")
        self.unpin_button.setToolTip("สำหรับผู้ดูแลระบบ: เมื่อสำนักงานผู้ส่งเปลี่ยนเครื่องคอมพิวเตอร์")
        self.unpin_button.clicked.connect(self.on_unpin)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unpin_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.ctx.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _on_data_changed(self, table: str) -> None:
        if table in ("exchange_pins", "users"):
            self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        self.pins = active_pins(db)
        self.table.setRowCount(len(self.pins))
        for r, pin in enumerate(self.pins):
            values = (describe_destination(db, pin.office), formatting.thai_datetime(parse_iso(pin.pinned_at)),
                      pin.fingerprint, pin.installation_id[:13] + "…")
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self._update_buttons()

    def may_unpin(self) -> bool:
        return may(self.ctx, "exchange.unpin")

    def selected(self) -> Pin | None:
        row = self.table.currentRow()
        return self.pins[row] if 0 <= row < len(self.pins) and self.table.selectedItems() else None

    def _update_buttons(self) -> None:
        allowed = self.may_unpin()
        self.unpin_button.setVisible(allowed)
        self.unpin_button.setEnabled(allowed and self.selected() is not None)

    def on_unpin(self) -> None:
        pin = self.selected()
        if pin is None:
            return
        label = describe_destination(self.ctx.db, pin.office)
        reason = ask_reason(self, label)
        if reason is None:
            return
        try:
            unpin(self.ctx.db, pin.office, reason)
        except UserError as exc:
            show_error(self, exc)
            return
        show_message(self, f"ยกเลิกการลงทะเบียนเครื่องของ{label}แล้ว — ชุดข้อมูลถัดไปจาก{label}จะลงทะเบียนเครื่องใหม่",
                     "รับ–ส่งข้อมูล")
