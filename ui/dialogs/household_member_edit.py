"""Add or edit one household member: name, birth date or age, national ID, relation to the head,
allowance status and income. The core checks everything and names the field it refuses."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from moi_desktop.cases.household_members import RELATIONS, add_member, require_member, update_member
from moi_desktop.thai import mask_national_id
from ui import formatting
from ui.context import AppContext
from ui.dialogs.household_edit import CaseAreaForm
from ui.widgets.thai_date import ThaiDateField


class HouseholdMemberDialog(CaseAreaForm):
    """`member_id` None adds a member to `household_id`. After accept(), `saved_id` is the member's id.
    The national ID shows in full only to a user who typed it in this dialog: editing shows it
    masked, and an unchanged masked value is never written back."""

    def __init__(self, ctx: AppContext, household_id: str, member_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "แก้ไขข้อมูลสมาชิก" if member_id else "เพิ่มสมาชิกในครัวเรือน", parent)
        self.household_id = household_id
        self.member_id = member_id
        self.full_name = QLineEdit()
        self.birth_date = ThaiDateField("เช่น ๑/๑/๒๕๑๐ (ว่าง: ใช้อายุ)")
        self.age_years = QLineEdit()
        self.age_years.setPlaceholderText("อายุ (ปี) เมื่อไม่ทราบวันเกิด")
        self.national_id = QLineEdit()
        self.national_id.setPlaceholderText("เลขประจำตัวประชาชน ๑๓ หลัก")
        self.relation = QComboBox()
        self.relation.addItem("ไม่ระบุ", None)
        for code, label in RELATIONS.items():
            self.relation.addItem(label, code)
        self.allowance_elderly = QCheckBox("ได้รับเบี้ยยังชีพผู้สูงอายุ")
        self.allowance_disability = QCheckBox("ได้รับเบี้ยความพิการ")
        self.allowance_child = QCheckBox("ได้รับเงินอุดหนุนเพื่อการเลี้ยงดูเด็กแรกเกิด")
        self.disabled = QCheckBox("เป็นผู้พิการ")
        self.income_year = QLineEdit()
        self.income_year.setPlaceholderText("รายได้ต่อปี (บาท)")
        self._masked_id = ""
        form = self.add_form()
        for label, field, widget in (
            ("ชื่อ-สกุล *", "full_name", self.full_name), ("วันเกิด", "birth_date", self.birth_date),
            ("อายุ", "age_years", self.age_years), ("เลขประจำตัวประชาชน", "national_id", self.national_id),
            ("ความสัมพันธ์กับหัวหน้าครัวเรือน", "relation", self.relation),
            ("รายได้ต่อปี (บาท)", "income_year", self.income_year),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(field))
        for box in (self.allowance_elderly, self.allowance_disability, self.allowance_child, self.disabled):
            form.addRow("", box)
        if member_id:
            self._load(require_member(ctx.db, member_id))

    def _load(self, row: dict) -> None:
        self.full_name.setText(row["full_name"] or "")
        self.birth_date.setText(formatting.thai_date(row["birth_date"], "full") if row["birth_date"] else "")
        self.age_years.setText(str(row["age_years"]) if row["age_years"] is not None else "")
        if row["national_id"]:
            self._masked_id = mask_national_id(row["national_id"])
            self.national_id.setText(self._masked_id)
        self.relation.setCurrentIndex(max(self.relation.findData(row["relation"]), 0))
        for key in ("allowance_elderly", "allowance_disability", "allowance_child", "disabled"):
            getattr(self, key).setChecked(bool(row[key]))
        self.income_year.setText(f"{row['income_year']:,.0f}" if row["income_year"] is not None else "")

    def values(self) -> dict:
        values = {
            "full_name": self.full_name.text(), "birth_date": self.birth_date.text().strip(),
            "age_years": self.age_years.text().strip(), "relation": self.relation.currentData(),
            "allowance_elderly": self.allowance_elderly.isChecked(),
            "allowance_disability": self.allowance_disability.isChecked(),
            "allowance_child": self.allowance_child.isChecked(), "disabled": self.disabled.isChecked(),
            "income_year": self.income_year.text().strip(),
        }
        typed = self.national_id.text().strip()
        if not (self._masked_id and typed == self._masked_id):  # the masked value shown is not a new ID
            values["national_id"] = typed
        return values

    def write(self) -> str:
        if self.member_id:
            update_member(self.db, self.member_id, self.values())
            return self.member_id
        return add_member(self.db, self.household_id, self.values())
