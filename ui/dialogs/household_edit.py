"""Add or edit a household: address (subdistrict of this district, หมู่ที่, บ้านเลขที่), head, size,
phone and the TPMAP / Thai QM flags. A refused save shows the Thai message under its field."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from moi_desktop import reference
from moi_desktop.cases import add_household, require_household, update_household
from moi_desktop.cases.location import format_location
from moi_desktop.errors import UserError
from moi_desktop.labels import form_label
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import FormDialog
from ui.errors import show_error
from ui.widgets.search_combo import SearchCombo
from ui.widgets.thai_numbers import ThaiSpinBox


class CaseAreaForm(FormDialog):
    """The case area's forms: messages with Thai digits under their fields; one that names no
    field of the form opens a message box."""

    def show_error(self, field: str | None, message: str | None) -> None:
        super().show_error(field, formatting.digits(message) if message else message)

    def refused(self, exc: UserError) -> None:
        if (exc.field or "") in self.errors.labels:
            self.show_error(exc.field, exc.message)
        else:
            show_error(self, exc)


class HouseholdDialog(CaseAreaForm):
    """`household_id` None adds one. After accept(), `saved_id` is the household's id."""

    def __init__(self, ctx: AppContext, household_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "แก้ไขข้อมูลครัวเรือน" if household_id else "เพิ่มครัวเรือน", parent)
        self.household_id = household_id
        self.head_name = QLineEdit()
        self.house_no = QLineEdit()
        self.house_no.setPlaceholderText("เช่น ๑๒ หรือ ๑๒/๓")
        self.moo = QLineEdit()
        self.village = QLineEdit()
        self.subdistrict = SearchCombo("พิมพ์ชื่อตำบล")
        district = ctx.office.district_code if ctx.office else None
        self.subdistrict.set_items([(s["subdistrict_code"], s["name_th"])
                                    for s in (reference.subdistricts_in(ctx.db, district) if district else [])])
        self.members_count = ThaiSpinBox()
        self.members_count.setRange(0, 99)
        self.members_count.setSpecialValueText("ไม่ระบุ")
        self.phone = QLineEdit()
        self.tpmap = QCheckBox("อยู่ในบัญชี TPMAP")
        self.thai_qm = QCheckBox("อยู่ในบัญชี Thai QM")
        self.income_year = QLineEdit()
        self.income_year.setPlaceholderText("รายได้รวมทั้งครัวเรือนต่อปี เช่น ๖๐,๐๐๐ (ว่าง: รวมจากรายได้ของสมาชิก)")
        self.location = QLineEdit()
        self.location.setPlaceholderText("ละติจูด, ลองจิจูด เช่น ๑๘.๗๘๘๓, ๙๘.๙๘๕๓ หรือวางลิงก์จาก Google Maps")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)

        form = self.add_form()
        for field, widget in (
            ("head_name", self.head_name), ("house_no", self.house_no), ("moo", self.moo), ("village", self.village),
            ("subdistrict_code", self.subdistrict), ("members_count", self.members_count), ("phone", self.phone),
            ("income_year", self.income_year), ("location", self.location),
        ):
            form.addRow(form_label("households", field, required=field == "head_name"), widget)
            form.addRow("", self.errors.add(field))
        form.addRow("", self.tpmap)
        form.addRow("", self.thai_qm)
        form.addRow(form_label("households", "notes"), self.notes)
        if household_id:
            self._load(require_household(ctx.db, household_id))

    def _load(self, row: dict) -> None:
        self.head_name.setText(row["head_name"] or "")
        self.house_no.setText(row["house_no"] or "")
        self.moo.setText(row["moo"] or "")
        self.village.setText(row["village"] or "")
        self.subdistrict.select_code(row["subdistrict_code"])
        self.members_count.setValue(row["members_count"] or 0)
        self.phone.setText(row["phone"] or "")
        self.tpmap.setChecked(bool(row["tpmap"]))
        self.thai_qm.setChecked(bool(row["thai_qm"]))
        self.notes.setPlainText(row["notes"] or "")
        self.income_year.setText(f"{row['income_year']:,.0f}" if row.get("income_year") is not None else "")
        self.location.setText(format_location(row.get("latitude"), row.get("longitude")))

    def values(self) -> dict:
        return {
            "head_name": self.head_name.text(), "house_no": self.house_no.text(), "moo": self.moo.text(),
            "village": self.village.text(), "subdistrict_code": self.subdistrict.current_code(),
            "members_count": self.members_count.value() or None, "phone": self.phone.text(),
            "tpmap": self.tpmap.isChecked(), "thai_qm": self.thai_qm.isChecked(),
            "notes": self.notes.toPlainText(), "income_year": self.income_year.text().strip(),
            "location": self.location.text().strip(),
        }

    def write(self) -> str:
        if self.household_id:
            update_household(self.db, self.household_id, self.values())
            return self.household_id
        return add_household(self.db, self.values())
