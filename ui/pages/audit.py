"""The audit viewer (บันทึกการใช้งาน) with filters, the tamper check (chain, guards, anchors, row
seals) and the one-time recovery key of this PC's database key, and the PDPA breach register
with each breach's 72-hour notification deadline. Administrators only (audit.view)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import pdpa_register
from moi_desktop.db import Database
from moi_desktop.db.clock import BANGKOK, iso
from moi_desktop.errors import UserError
from moi_desktop.exchange.tables import TABLE_LABELS as EXCHANGE_TABLE_LABELS
from moi_desktop.labels import describe_details
from moi_desktop.pdpa_register import Breach
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.security import (
    ACTION_LABELS,
    AuditEntry,
    count_entries,
    distinct_values,
    list_entries,
)
from moi_desktop.security.integrity import IntegrityReport, verify
from moi_desktop.security.recovery import recovery_key_shown_at, reveal_recovery_key
from moi_desktop.thai import parse_thai_date
from ui import formatting
from ui.context import AppContext
from ui.errors import show_error
from ui.models import ModelIndex
from ui.pages import PageSpec
from ui.permissions import current_user, guard
from ui.shortcuts import install as install_shortcuts
from ui.tasks import Task
from ui.widgets.thai_date import ThaiDateField
from ui.widgets.thai_numbers import ThaiSpinBox

PAGE_SIZE = 200
TABLE_LABELS = {
    **EXCHANGE_TABLE_LABELS,
    "members": "ภาคีเครือข่าย",
    "users": "ผู้ใช้",
    "office": "สำนักงาน",
    "breach_log": "ทะเบียนเหตุละเมิดข้อมูล",
    "indicators": "ตัวชี้วัด",
    "indicator_categories": "หมวดตัวชี้วัด",
    "trainings": "การอบรม",
    "attendance": "การลงเวลา",
    "projects": "โครงการ",
    "cases": "เรื่องราวครัวเรือน",
}
COLUMNS = ("ลำดับ", "วันเวลา", "ผู้ใช้", "การกระทำ", "ข้อมูล", "รหัสรายการ", "รายละเอียด")
ALL = "— ทั้งหมด —"


def _when(at: str) -> str:
    return formatting.thai_datetime(at)


def _details(entry: AuditEntry) -> str:
    """In Thai, the fields named as the forms name them (moi_desktop/labels.py)."""
    return describe_details(entry.details, entry.table_name, entry.action)


class AuditModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list = []

    def set_entries(self, entries: list, *, append: bool = False) -> None:
        self.beginResetModel()
        self.entries = (self.entries + entries) if append else list(entries)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(COLUMNS) - 1:
            return _details(self.entries[index.row()]) or None  # the whole line the column cuts
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        e = self.entries[index.row()]
        table = TABLE_LABELS.get(e.table_name, e.table_name or "")
        values = (str(e.seq), _when(e.at), e.actor, e.action_th, table, e.row_id or "", _details(e))
        return values[index.column()]


class AuditTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor_combo, self.action_combo, self.table_combo = QComboBox(), QComboBox(), QComboBox()
        self.since_edit, self.until_edit = ThaiDateField(), ThaiDateField()
        for edit in (self.since_edit, self.until_edit):
            edit.setMinimumWidth(120)
            edit.edit.returnPressed.connect(self.search)
        self.search_button = QPushButton("ค้นหา")
        self.search_button.clicked.connect(self.search)
        self.verify_button = QPushButton("ตรวจสอบความถูกต้องของบันทึกและข้อมูล")
        self.verify_button.clicked.connect(self.verify)
        self.recovery_button = QPushButton("แสดงรหัสกู้คืนกุญแจ (ครั้งเดียว)")
        self.recovery_button.clicked.connect(self.show_recovery_key)
        self.recovery_button.setEnabled(recovery_key_shown_at() is None)
        self.more_button = QPushButton("แสดงเพิ่ม")
        self.more_button.clicked.connect(self.load_more)
        self.count_label, self.verify_label = QLabel(), QLabel()
        self.verify_label.setWordWrap(True)
        filters = QHBoxLayout()
        for label, widget in (("ผู้ใช้", self.actor_combo), ("การกระทำ", self.action_combo),
                              ("ข้อมูล", self.table_combo), ("ตั้งแต่", self.since_edit), ("ถึง", self.until_edit)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search_button)
        filters.addStretch(1)
        self.model = AuditModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        # Fixed widths: resizing to contents over thousands of rows is slow (TECH_NOTES).
        for column, width in enumerate((60, 240, 90, 150, 170, 110)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.more_button)
        bottom.addStretch(1)
        bottom.addWidget(self.verify_label, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.recovery_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.refresh()

    def _fill(self, combo: QComboBox, values: list[str], labels: dict[str, str]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL, None)
        for v in values:
            combo.addItem(labels.get(v, v), v)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def refresh(self) -> None:
        db = self.ctx.db
        self._fill(self.actor_combo, distinct_values(db, "actor"), {})
        self._fill(self.action_combo, distinct_values(db, "action"), ACTION_LABELS)
        self._fill(self.table_combo, distinct_values(db, "table_name"), TABLE_LABELS)
        self.search()

    def filters(self) -> dict:
        """The current filters as list_entries keywords; UserError on an unreadable date."""
        result = {
            "actor": self.actor_combo.currentData(),
            "action": self.action_combo.currentData(),
            "table_name": self.table_combo.currentData(),
        }
        for key, edit, next_day in (("since", self.since_edit, False), ("until", self.until_edit, True)):
            text = edit.text().strip()
            if text:
                day = parse_thai_date(text) + timedelta(days=1 if next_day else 0)
                result[key] = iso(datetime.combine(day, time(0, 0), tzinfo=BANGKOK))
        return result

    def search(self) -> None:
        try:
            self._filters = self.filters()
        except UserError as exc:
            show_error(self, exc)
            return
        self.model.set_entries(list_entries(self.ctx.db, limit=PAGE_SIZE, **self._filters))
        self._update_count()

    def load_more(self) -> None:
        more = list_entries(self.ctx.db, limit=PAGE_SIZE, offset=len(self.model.entries), **self._filters)
        self.model.set_entries(more, append=True)
        self._update_count()

    def _update_count(self) -> None:
        total = count_entries(self.ctx.db, **self._filters)
        shown = len(self.model.entries)
        self.count_label.setText(f"แสดง {formatting.number(shown)} จาก {formatting.number(total)} รายการ")
        self.more_button.setEnabled(shown < total)

    def verify(self) -> Task:
        def done(result: IntegrityReport) -> None:
            text = result.message_th if result.ok else "\n".join(result.problems[:5])
            self.verify_label.setText(text)
            self.verify_label.setStyleSheet("color: #1b5e20;" if result.ok else "color: #b00020; font-weight: bold;")

        def task(db: Database, *, progress: Progress, cancelled: Cancelled) -> IntegrityReport:
            return verify(db, progress=progress)

        return self.ctx.tasks.run(task, title="กำลังตรวจสอบบันทึกการใช้งาน", on_done=done,
                                  on_error=lambda exc: show_error(self, exc))

    def show_recovery_key(self) -> str | None:
        """Ask, then show this PC's recovery key once (the core refuses a second time)."""
        if not guard(self.ctx, "security.recovery_key", self):
            return None
        answer = QMessageBox.question(
            self, "รหัสกู้คืน",
            "รหัสกู้คืนเปิดฐานข้อมูลและไฟล์สำรองทุกไฟล์ของเครื่องนี้ได้จากเครื่องใดก็ได้ "
            "และจะแสดงได้ครั้งเดียว เตรียมจดหรือพิมพ์เก็บในที่ปลอดภัยแล้วหรือไม่?")
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            text = reveal_recovery_key(self.ctx.db)
        except UserError as exc:
            show_error(self, exc)
            return None
        finally:
            self.recovery_button.setEnabled(recovery_key_shown_at() is None)
        box = QMessageBox(QMessageBox.Icon.Information, "รหัสกู้คืน",
                          f"รหัสกู้คืนของเครื่องนี้ (แสดงครั้งเดียว):\n\n{text}", parent=self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        self.recovery_box = box
        return text


class BreachDialog(QDialog):
    """Record a newly discovered breach; the 72-hour clock starts at the discovery time."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: Breach | None = None
        self.setWindowTitle("บันทึกเหตุการณ์ละเมิดข้อมูลส่วนบุคคล")
        self.description_edit = QPlainTextEdit()
        self.data_edit = QLineEdit()
        self.data_edit.setPlaceholderText("เช่น ชื่อ-สกุล เบอร์โทรศัพท์")
        self.people_spin = ThaiSpinBox()
        self.people_spin.setRange(0, 10_000_000)
        self.discovered_edit = QLineEdit()
        self.discovered_edit.setPlaceholderText("ว่าง = ตอนนี้ หรือ 2025-08-30 14:30 (ค.ศ. เวลาไทย)")
        self.actions_edit = QLineEdit()
        form = QFormLayout()
        form.addRow("เหตุการณ์", self.description_edit)
        form.addRow("ข้อมูลที่ได้รับผลกระทบ", self.data_edit)
        form.addRow("จำนวนผู้ได้รับผลกระทบ", self.people_spin)
        form.addRow("พบเมื่อ", self.discovered_edit)
        form.addRow("การดำเนินการแล้ว", self.actions_edit)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> Breach | None:
        try:
            self.saved = pdpa_register.add_breach(
                self.ctx.db,
                description=self.description_edit.toPlainText(),
                discovered_at=self.discovered_edit.text().strip() or None,
                data_affected=self.data_edit.text(),
                people_affected=self.people_spin.value(),
                actions_taken=self.actions_edit.text(),
                reported_by=current_user(self.ctx).username,
            )
        except UserError as exc:
            self.message.setText(exc.message)
            return None
        self.accept()
        return self.saved


BREACH_COLUMNS = ("พบเมื่อ", "เหตุการณ์", "ผู้ได้รับผลกระทบ", "สถานะ", "กำหนดแจ้ง ๗๒ ชั่วโมง")


class BreachTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, len(BREACH_COLUMNS))
        self.table.setHorizontalHeaderLabels(BREACH_COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton("บันทึกเหตุการณ์ใหม่…")
        self.add_button.clicked.connect(self.add_breach)
        self.reported_button = QPushButton("บันทึกว่าแจ้งสำนักงานคณะกรรมการฯ แล้ว")
        self.reported_button.clicked.connect(self.mark_reported)
        note = QLabel("พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล มาตรา ๓๗(๔): แจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล"
                      "ภายใน ๗๒ ชั่วโมงนับแต่ทราบเหตุ")
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.reported_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.breaches = pdpa_register.list_breaches(self.ctx.db)
        self.table.setRowCount(len(self.breaches))
        for row, b in enumerate(self.breaches):
            values = (_when(b.discovered_at), b.description, f"{b.people_affected:,}", b.status_th, b.deadline_text())
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col == 4 and text.startswith("เกินกำหนด"):
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row, col, item)

    def add_breach(self) -> BreachDialog | None:
        if not guard(self.ctx, "pdpa.manage", self):
            return None
        dialog = BreachDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def mark_reported(self) -> None:
        row = self.table.currentRow()
        if not (0 <= row < len(self.breaches)) or not guard(self.ctx, "pdpa.manage", self):
            return
        try:
            pdpa_register.mark_reported(self.ctx.db, self.breaches[row].id)
        except UserError as exc:
            show_error(self, exc)
        self.refresh()


class AuditPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.audit_tab = AuditTab(ctx)
        self.breach_tab = BreachTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.audit_tab, "บันทึกการใช้งาน")
        self.tabs.addTab(self.breach_tab, "ทะเบียนเหตุละเมิดข้อมูลส่วนบุคคล")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        tab = self.audit_tab
        self.shortcuts = install_shortcuts(self, "audit", view=tab.view, search=tab.actor_combo.setFocus,
                                           refresh=self.refresh)

    def refresh(self) -> None:
        self.audit_tab.refresh()
        self.breach_tab.refresh()


PAGE = PageSpec(key="audit", title="บันทึกการใช้งาน", order=85, factory=lambda ctx: AuditPage(ctx))
