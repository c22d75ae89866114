"""Add or edit a household: address (subdistrict of this district, หมู่ที่, บ้านเลขที่), head, size,
phone and the TPMAP / Thai QM flags. A refused save shows the Thai message under its field."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import cases as C
from moi_desktop import reference
from moi_desktop.errors import UserError
from moi_desktop.thai import to_thai_digits
from ui.errors import show_error
from ui.widgets.office_form import error_label
from ui.widgets.search_combo import SearchCombo


class HouseholdDialog(QDialog):
    """`household_id` None adds one. After accept(), `saved_id` is the household's id."""

    def __init__(self, ctx, household_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.saved_id: str | None = None
        self.setWindowTitle("แก้ไขข้อมูลครัวเรือน" if household_id else "เพิ่มครัวเรือน")
        self.head_name = QLineEdit()
        self.house_no = QLineEdit()
        self.house_no.setPlaceholderText("เช่น ๑๒ หรือ ๑๒/๓")
        self.moo = QLineEdit()
        self.village = QLineEdit()
        self.subdistrict = SearchCombo("พิมพ์ชื่อตำบล")
        district = ctx.office.district_code if ctx.office else None
        self.subdistrict.set_items([(s["subdistrict_code"], s["name_th"])
                                    for s in (reference.subdistricts_in(ctx.db, district) if district else [])])
        self.members_count = QSpinBox()
        self.members_count.setRange(0, 99)
        self.members_count.setSpecialValueText("ไม่ระบุ")
        self.phone = QLineEdit()
        self.tpmap = QCheckBox("อยู่ในบัญชี TPMAP")
        self.thai_qm = QCheckBox("อยู่ในบัญชี Thai QM")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.errors: dict[str, QLabel] = {}

        form = QFormLayout()
        for label, field, widget in (
            ("หัวหน้าครัวเรือน *", "head_name", self.head_name), ("บ้านเลขที่", "house_no", self.house_no),
            ("หมู่ที่", "moo", self.moo), ("หมู่บ้าน", "village", self.village),
            ("ตำบล", "subdistrict_code", self.subdistrict), ("จำนวนสมาชิก", "members_count", self.members_count),
            ("โทรศัพท์", "phone", self.phone),
        ):
            form.addRow(label, widget)
            self.errors[field] = error_label()
            form.addRow("", self.errors[field])
        form.addRow("", self.tpmap)
        form.addRow("", self.thai_qm)
        form.addRow("หมายเหตุ", self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("บันทึก")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("ยกเลิก")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if household_id:
            self._load(C.require_household(ctx.db, household_id))

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

    def values(self) -> dict:
        return {
            "head_name": self.head_name.text(), "house_no": self.house_no.text(), "moo": self.moo.text(),
            "village": self.village.text(), "subdistrict_code": self.subdistrict.current_code(),
            "members_count": self.members_count.value() or None, "phone": self.phone.text(),
            "tpmap": self.tpmap.isChecked(), "thai_qm": self.thai_qm.isChecked(),
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> None:
        for label in self.errors.values():
            label.hide()
        try:
            if self.household_id:
                C.update_household(self.ctx.db, self.household_id, self.values())
                self.saved_id = self.household_id
            else:
                self.saved_id = C.add_household(self.ctx.db, self.values())
        except UserError as exc:
            label = self.errors.get(exc.field or "")
            if label is None:
                show_error(self, exc)
                return
            label.setText(to_thai_digits(exc.message))
            label.show()
            return
        self.accept()
