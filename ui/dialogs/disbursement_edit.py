"""Record money paid out for a project: the date paid (its month is the month of
the disbursement report), the amount, optionally the activity it was for, and a note."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from moi_desktop.errors import UserError
from moi_desktop.labels import form_label
from moi_desktop.projects import add_disbursement, get_project, list_activities, month_key, project_choices
from moi_desktop.reports.projects import month_label
from ui.context import AppContext
from ui.dialogs.form import FormDialog, form_layout
from ui.dialogs.project_fields import NumberField, ThaiDateField, money_text, problems_of


class DisbursementDialog(FormDialog):
    """After accept(), `saved_id` is the new disbursement's id."""

    def __init__(self, ctx: AppContext, project_id: str | None = None, activity_id: str | None = None,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(ctx, "บันทึกการเบิกจ่ายงบประมาณ", parent)
        self.project = QComboBox()
        for pid, title in project_choices(self.db):
            self.project.addItem(title, pid)
        self.project.setCurrentIndex(max(0, self.project.findData(project_id)))
        self.activity = QComboBox()
        self.paid_on = ThaiDateField()
        self.paid_on.set_date(today or date.today())
        self.month = QLabel()
        self.month.setObjectName("disbursement_month")
        self.amount = NumberField("จำนวนเงินที่เบิกจ่าย", "amount")
        self.note = QLineEdit()
        self.note.setPlaceholderText("เช่น ค่าวัสดุ / เลขที่ฎีกา")
        self.budget_info = QLabel()
        self.budget_info.setObjectName("budget_info")
        self.budget_info.setWordWrap(True)
        form = self.add_form(form_layout())
        form.addRow("โครงการ *", self.errors.wrap(self.project, "project"))
        form.addRow("", self.budget_info)
        form.addRow("กิจกรรม", self.errors.wrap(self.activity, "activity_id"))
        form.addRow(form_label("disbursements", "paid_on", required=True), self.errors.wrap(self.paid_on, "paid_on"))
        form.addRow("รายงานในเดือน", self.month)
        form.addRow(form_label("disbursements", "amount", required=True), self.errors.wrap(self.amount, "amount"))
        form.addRow(form_label("disbursements", "note"), self.note)
        self.project.currentIndexChanged.connect(lambda _i: self._project_changed())
        self.paid_on.edit.textChanged.connect(self._update_month)
        self._project_changed(activity_id)
        self._update_month()
        self.resize(max(600, self.sizeHint().width()), self.sizeHint().height())

    def _project_changed(self, activity_id: str | None = None) -> None:
        project_id = self.project.currentData()
        self.activity.clear()
        self.activity.addItem("— ทั้งโครงการ (ไม่ระบุกิจกรรม) —", None)
        if not project_id:
            self.budget_info.setText("ยังไม่มีโครงการ — เพิ่มโครงการก่อนบันทึกการเบิกจ่าย")
            return
        for a in list_activities(self.db, project_id):
            self.activity.addItem(a["title"], a["id"])
        self.activity.setCurrentIndex(max(0, self.activity.findData(activity_id)))
        p = get_project(self.db, project_id)
        if p["no_budget"]:
            text = "โครงการนี้ระบุว่าไม่ใช้งบประมาณ"
        else:
            left = p["budget_total"] - p["spent_total"]
            text = (f"งบประมาณ {money_text(p['budget_total'])} บาท · เบิกจ่ายแล้ว {money_text(p['spent_total'])} บาท"
                    f" · คงเหลือ {money_text(left)} บาท")
        self.budget_info.setText(text)

    def _update_month(self, *_args: object) -> None:
        try:
            day = self.paid_on.date()
        except UserError:
            day = None
        self.month.setText(month_label(month_key(day)) if day else "—")

    def problems(self) -> dict[str, str]:
        if not self.project.currentData():
            return {"project": "กรุณาเลือกโครงการ"}
        return problems_of({"amount": self.amount})

    def write(self) -> str:
        return add_disbursement(self.db, self.project.currentData(), self.paid_on.text(), self.amount.text(),
                                  activity_id=self.activity.currentData(), note=self.note.text())
