"""Referrals: send a case to an agency with a numbered letter, and the list of
referrals with the agency's reply and outcome (those still unanswered after N days on request).

The core does the work: new_referral drafts and issues the letter through correspondence (its
number from the outgoing register) and moves the case to ส่งต่อ; record_reply keeps the answer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.cases import require_case, require_household
from moi_desktop.cases.referrals import (
    OUTCOMES,
    Referral,
    list_referrals,
    new_referral,
    record_reply,
    without_reply,
)
from moi_desktop.correspondence import list_officials, render_letter
from ui import formatting
from ui.context import AppContext
from ui.dialogs import save_report
from ui.dialogs.household_edit import CaseAreaForm
from ui.errors import show_error, show_message
from ui.permissions import may
from ui.widgets.thai_date import ThaiDateField
from ui.widgets.thai_numbers import ThaiSpinBox

HEADERS = ("หนังสือที่", "ลงวันที่", "หน่วยงาน", "ครัวเรือน", "รอ (วัน)", "ผลการตอบกลับ")


class ReferralDialog(CaseAreaForm):
    """Refer one case. After accept(), `saved_id` is the Referral."""

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(ctx, "ส่งต่อเรื่องราวให้หน่วยงาน", parent)
        self.case_id = case_id
        self.today = today
        case = require_case(ctx.db, case_id)
        household = require_household(ctx.db, case["household_id"])
        self.agency = QLineEdit()
        self.agency.setPlaceholderText("เช่น องค์การบริหารส่วนตำบลสุเทพ")
        self.to_whom = QLineEdit()
        self.to_whom.setPlaceholderText("เรียน (ว่าง: ใช้ชื่อหน่วยงาน) เช่น นายกองค์การบริหารส่วนตำบลสุเทพ")
        self.on = ThaiDateField("วันที่ส่ง (ว่าง: วันนี้)")
        self.reply_days = ThaiSpinBox()
        self.reply_days.setRange(1, 365)
        self.reply_days.setValue(15)
        self.reply_days.setSuffix(" วัน")
        self.signer = QComboBox()
        for o in list_officials(ctx.db):
            self.signer.addItem(f"{o.name} ({o.position})", o.id)
        form = self.add_form()
        form.addRow("เรื่องราว", QLabel(f"{household['head_name']} — {case['description'] or ''}"))
        for label, field, widget in (("หน่วยงาน *", "agency", self.agency), ("เรียน", "to_whom", self.to_whom),
                                     ("วันที่ส่ง", "referred_on", self.on),
                                     ("ขอให้ตอบกลับภายใน", "reply_within_days", self.reply_days),
                                     ("ผู้ลงนาม", "signer", self.signer)):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(field))
        self.save_button.setText("ออกเลขหนังสือและส่งต่อ")

    def write(self) -> Referral:
        return new_referral(self.db, self.case_id, self.agency.text(), to_whom=self.to_whom.text(),
                            signer_id=self.signer.currentData(), on=self.on.text().strip() or None,
                            reply_within_days=self.reply_days.value(), today=self.today)


class ReplyDialog(CaseAreaForm):
    def __init__(self, ctx: AppContext, referral: Referral, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(ctx, "บันทึกการตอบกลับของหน่วยงาน", parent)
        self.referral = referral
        self.today = today
        self.on = ThaiDateField("วันที่ได้รับหนังสือตอบกลับ (ว่าง: วันนี้)")
        self.outcome = QComboBox()
        for code, label in OUTCOMES.items():
            self.outcome.addItem(label, code)
        self.reply_ref = QLineEdit()
        self.reply_ref.setPlaceholderText("เลขที่หนังสือของหน่วยงาน")
        self.text = QLineEdit()
        self.text.setPlaceholderText("สาระสำคัญของการตอบกลับ")
        form = self.add_form()
        form.addRow("หนังสือส่งต่อ", QLabel(f"ที่ {referral.ref} ถึง {referral.agency}"))
        for label, field, widget in (("วันที่ตอบกลับ", "reply_on", self.on), ("ผลการดำเนินการ", "outcome", self.outcome),
                                     ("เลขที่หนังสือตอบกลับ", "reply_ref", self.reply_ref),
                                     ("สาระสำคัญ", "reply_text", self.text)):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(field))

    def write(self) -> Referral:
        return record_reply(self.db, self.referral.id, on=self.on.text().strip() or None,
                            outcome=self.outcome.currentData(), text=self.text.text(),
                            reply_ref=self.reply_ref.text(), today=self.today)


class ReferralsDialog(QDialog):
    """Every referral, or those unanswered after N days; record a reply, print a letter again."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.rows: list[Referral] = []
        self.child: QDialog | None = None
        self.setWindowTitle("การส่งต่อเรื่องราวให้หน่วยงาน")
        self.resize(960, 480)
        self.waiting = QCheckBox("เฉพาะที่ยังไม่ตอบกลับเกิน")
        self.days = ThaiSpinBox()
        self.days.setRange(0, 365)
        self.days.setValue(0)
        self.days.setSpecialValueText("กำหนดที่ขอในหนังสือ")
        self.days.setSuffix(" วัน")
        self.waiting.toggled.connect(lambda _c: self.refresh())
        self.days.valueChanged.connect(lambda _v: self.refresh())
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.reply_button = QPushButton("บันทึกการตอบกลับ")
        self.reply_button.clicked.connect(self.reply)
        self.reply_button.setEnabled(may(ctx, "cases.edit"))
        self.print_button = QPushButton("พิมพ์หนังสือส่งต่อ (PDF)")
        self.print_button.clicked.connect(self.print_letter)
        top = QHBoxLayout()
        top.addWidget(self.waiting)
        top.addWidget(self.days)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reply_button)
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("ปิด")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        if self.waiting.isChecked():
            self.rows = without_reply(db, self.days.value() or None, today=self.today)
        else:
            self.rows = list_referrals(db)
        heads = {}
        for r in self.rows:
            if r.case_id not in heads:
                heads[r.case_id] = require_household(db, require_case(db, r.case_id)["household_id"])["head_name"]
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            state = (f"{formatting.thai_date(r.reply_on, 'medium')}: {r.outcome_th}" if r.reply_on else "ยังไม่ตอบกลับ")
            texts = (r.ref, formatting.thai_date(r.referred_on, "medium"), r.agency, heads[r.case_id],
                     formatting.digits(r.days_waiting(self.today)), state)
            for j, text in enumerate(texts):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self) -> Referral | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def reply(self) -> None:
        referral = self.selected()
        if referral is None:
            show_message(self, "เลือกการส่งต่อในตารางก่อน")
            return
        dialog = ReplyDialog(self.ctx, referral, self, today=self.today)
        dialog.finished.connect(lambda _r: self.refresh())
        self.child = dialog
        dialog.open()

    def print_letter(self) -> None:
        referral = self.selected()
        if referral is None or not referral.letter_id:
            show_message(self, "เลือกการส่งต่อในตารางก่อน")
            return
        target = save_report.ask_save_path(self, f"หนังสือส่งต่อ {referral.ref}".replace("/", "-"), "pdf")
        if target is None:
            return
        self.ctx.tasks.run(render_letter, referral.letter_id, target, title="กำลังสร้างหนังสือส่งต่อ",
                           on_done=self._printed)

    def _printed(self, path: Path) -> None:
        try:
            show_message(self, save_report.confirm_saved(path), "บันทึกแล้ว")
        except Exception as exc:  # noqa: BLE001 — a broken write is reported, never claimed as saved
            show_error(self, exc)
