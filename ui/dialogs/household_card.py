"""A household's card: who and where, its TPMAP / Thai QM flags, every case with its status; from
here a case is recorded for the household, a status changed, or the card printed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.cases import DIMENSION_SHORT, household_address, household_cases, require_household, status_label
from moi_desktop.cases.household_members import list_members, member_flags, remove_member
from moi_desktop.cases.location import format_location
from moi_desktop.cases.pdpa import erase_household_member, write_member_export
from moi_desktop.cases.priority import baht, household_income
from moi_desktop.errors import UserError
from moi_desktop.reports import render_report
from moi_desktop.security import allowed
from moi_desktop.thai import format_phone, phone_problem
from ui import formatting
from ui.context import AppContext
from ui.dialogs import save_report
from ui.dialogs.case_edit import CaseDialog
from ui.dialogs.case_status import CaseStatusDialog
from ui.dialogs.household_edit import HouseholdDialog
from ui.dialogs.household_member_edit import HouseholdMemberDialog
from ui.errors import show_error, show_message

HEADERS = ("วันที่รับเรื่อง", "ปัญหา", "รายละเอียด", "มิติ", "สถานะ", "จำนวนวัน")
MEMBER_HEADERS = ("ชื่อ-สกุล", "อายุ", "เลขประจำตัวประชาชน", "ความสัมพันธ์", "สวัสดิการที่ได้รับ", "กลุ่มเปราะบาง")


class HouseholdCard(QDialog):
    def __init__(self, ctx: AppContext, household_id: str, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.today = today
        self.cases: list[dict] = []
        self.setWindowTitle("บัตรครัวเรือน")
        self.resize(960, 720)
        self.head = QLabel()
        font = self.head.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.head.setFont(font)
        self.info = QFormLayout()
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(lambda _i: self.open_case())
        self.add_button = QPushButton("บันทึกเรื่องราวของครัวเรือนนี้")
        self.status_button = QPushButton("เปลี่ยนสถานะ")
        self.edit_button = QPushButton("แก้ไขข้อมูลครัวเรือน")
        self.print_button = QPushButton("พิมพ์บัตรครัวเรือน (PDF)")
        self.add_button.clicked.connect(self.add_case)
        self.status_button.clicked.connect(self.change_status)
        self.edit_button.clicked.connect(self.edit_household)
        self.print_button.clicked.connect(self.print_card)
        row = QHBoxLayout()
        for b in (self.add_button, self.status_button, self.edit_button, self.print_button):
            row.addWidget(b)
        row.addStretch(1)
        # -- household members: personal data, national IDs masked
        self.members: list[dict] = []
        self.member_table = QTableWidget(0, len(MEMBER_HEADERS))
        self.member_table.setHorizontalHeaderLabels(MEMBER_HEADERS)
        self.member_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.member_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.member_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.member_table.doubleClicked.connect(lambda _i: self.edit_member())
        self.add_member_button = QPushButton("เพิ่มสมาชิก")
        self.edit_member_button = QPushButton("แก้ไขสมาชิก")
        self.remove_member_button = QPushButton("ลบสมาชิก")
        self.export_member_button = QPushButton("PDPA: ส่งออกข้อมูลของบุคคลนี้…")
        self.erase_member_button = QPushButton("PDPA: ลบข้อมูลส่วนบุคคล…")
        self.export_member_button.clicked.connect(lambda: self.export_member())
        self.erase_member_button.clicked.connect(lambda: self.erase_member())
        self.add_member_button.clicked.connect(self.add_member)
        self.edit_member_button.clicked.connect(self.edit_member)
        self.remove_member_button.clicked.connect(self.remove_member)
        member_row = QHBoxLayout()
        for b in (self.add_member_button, self.edit_member_button, self.remove_member_button,
                  self.erase_member_button):
            b.setEnabled(allowed(ctx.db, "cases.edit"))
            member_row.addWidget(b)
        self.export_member_button.setEnabled(allowed(ctx.db, "cases.export_sensitive"))
        member_row.addWidget(self.export_member_button)
        member_row.addStretch(1)
        self.members_label = QLabel("สมาชิกในครัวเรือน")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("ปิด")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addLayout(self.info)
        layout.addWidget(self.members_label)
        layout.addWidget(self.member_table, 1)
        layout.addLayout(member_row)
        layout.addWidget(QLabel("เรื่องราวของครัวเรือน"))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        h = require_household(self.ctx.db, self.household_id)
        self.head.setText(h["head_name"])
        while self.info.rowCount():
            self.info.removeRow(0)
        phone = h["phone"] or ""
        if phone and phone_problem(phone) is None:
            phone = format_phone(phone)
        lists = " และ ".join(n for f, n in ((h["tpmap"], "TPMAP"), (h["thai_qm"], "Thai QM")) if f) or "—"
        size = f"{h['members_count']} คน" if h["members_count"] else "—"
        income = household_income(self.ctx.db, self.household_id)
        if income["per_person"] is None:
            income_text = "ยังไม่ทราบรายได้"
        else:
            verdict = "ต่ำกว่าเกณฑ์" if income["below"] else "ไม่ต่ำกว่าเกณฑ์"
            income_text = (f"{baht(income['per_person'])} บาทต่อคนต่อปี ({verdict} "
                           f"{baht(income['benchmark'])} บาท)")
        where = format_location(h["latitude"], h["longitude"]) or "ยังไม่ได้บันทึกพิกัด"
        for label, value in (("ที่อยู่", household_address(h)), ("จำนวนสมาชิก", size),
                             ("โทรศัพท์", phone or "—"), ("อยู่ในบัญชี", lists), ("รายได้", income_text),
                             ("พิกัด", where)):
            value_label = QLabel(formatting.digits(value))
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info.addRow(label, value_label)
        self.members = list_members(self.ctx.db, self.household_id, today=self.today)
        self.member_table.setRowCount(len(self.members))
        for i, m in enumerate(self.members):
            texts = (m["full_name"], "" if m["age"] is None else f"{m['age']} ปี", m["national_id"] or "",
                     m["relation_th"], ", ".join(m["allowances_th"]), ", ".join(member_flags(m, self.today)))
            for j, text in enumerate(texts):
                self.member_table.setItem(i, j, QTableWidgetItem(formatting.digits(text)))
        self.member_table.resizeColumnsToContents()
        self.members_label.setText(f"สมาชิกในครัวเรือน ({formatting.digits(len(self.members))} คน)")
        self.cases = household_cases(self.ctx.db, self.household_id, today=self.today)
        self.table.setRowCount(len(self.cases))
        for i, c in enumerate(self.cases):
            texts = (formatting.thai_date(c["reported_on"], "medium"),
                     formatting.digits(f"{c['indicator_number']}. {c['indicator_text']}"),
                     c["description"] or "", DIMENSION_SHORT.get(c["dimension"], ""),
                     status_label(c["status"]) + (" (เกินกำหนด)" if c["overdue"] else ""),
                     formatting.digits(str(c["days_open"])))
            for j, text in enumerate(texts):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected_case(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.cases[rows[0].row()]["id"] if rows else None

    def _after(self, dialog: QDialog) -> None:
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        self.child = dialog

    def add_case(self) -> None:
        self._after(CaseDialog(self.ctx, household_id=self.household_id, parent=self, today=self.today))

    def open_case(self) -> None:
        case_id = self.selected_case()
        if case_id:
            self._after(CaseDialog(self.ctx, case_id, parent=self, today=self.today))

    def change_status(self) -> None:
        case_id = self.selected_case()
        if case_id:
            self._after(CaseStatusDialog(self.ctx, case_id, parent=self, today=self.today))

    def selected_member(self) -> str | None:
        rows = self.member_table.selectionModel().selectedRows()
        return self.members[rows[0].row()]["id"] if rows else None

    def add_member(self) -> None:
        self._after(HouseholdMemberDialog(self.ctx, self.household_id, parent=self))

    def edit_member(self) -> None:
        member_id = self.selected_member()
        if member_id:
            self._after(HouseholdMemberDialog(self.ctx, self.household_id, member_id, parent=self))

    def remove_member(self) -> None:
        member_id = self.selected_member()
        if not member_id:
            return
        try:
            remove_member(self.ctx.db, member_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh()

    def export_member(self, out: Path | None = None) -> Path | None:
        """PDPA: everything held on the selected member, national ID in full (audited by the core)."""
        member_id = self.selected_member()
        if not member_id:
            show_message(self, "เลือกสมาชิกในตารางก่อน")
            return None
        if out is None:
            name, _ = QFileDialog.getSaveFileName(self, "ส่งออกข้อมูลส่วนบุคคล", "ข้อมูลส่วนบุคคล.json", "JSON (*.json)")
            if not name:
                return None
            out = Path(name)
        try:
            written = write_member_export(self.ctx.db, member_id, out)
        except UserError as exc:
            show_error(self, exc)
            return None
        show_message(self, f"บันทึกข้อมูลทั้งหมดของบุคคลนี้แล้ว: {written}")
        return written

    def confirm(self, text: str) -> bool:
        return QMessageBox.question(self, "ยืนยัน", text) == QMessageBox.StandardButton.Yes

    def erase_member(self) -> bool:
        """PDPA: clear the selected member's personal data at their request (cannot be undone)."""
        member_id = self.selected_member()
        if not member_id:
            show_message(self, "เลือกสมาชิกในตารางก่อน")
            return False
        name = next(m["full_name"] for m in self.members if m["id"] == member_id)
        if not self.confirm(f"ลบข้อมูลส่วนบุคคลของ “{name}” ตามคำขอของเจ้าของข้อมูล?\n"
                            "ชื่อ วันเกิด เลขประจำตัวประชาชน และรายได้จะถูกลบถาวร ย้อนกลับไม่ได้"):
            return False
        try:
            erase_household_member(self.ctx.db, member_id)
        except UserError as exc:
            show_error(self, exc)
            return False
        self.refresh()
        return True

    def edit_household(self) -> None:
        self._after(HouseholdDialog(self.ctx, self.household_id, parent=self))

    def print_card(self) -> None:
        target = save_report.ask_save_path(self, "บัตรครัวเรือน", "pdf")
        if target is None:
            return
        self.ctx.tasks.run(render_report, "household-card", target, {"household": self.household_id},
                           title="กำลังสร้างบัตรครัวเรือน", on_done=self._printed)

    def _printed(self, path: Path) -> None:
        try:
            show_message(self, save_report.confirm_saved(path), "บันทึกแล้ว")
        except Exception as exc:  # noqa: BLE001 — a broken write is reported, never claimed as saved
            show_error(self, exc)
