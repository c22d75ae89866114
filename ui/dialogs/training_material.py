"""Add or edit one item of a training's materials: quantity per person / per group of N / per
session / fixed, a spare percentage, and the total it gives for the enrolled count, live."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from moi_desktop.trainings import add_material, compute_materials, update_material
from moi_desktop.trainings.materials import material_total
from moi_desktop.trainings.model import MATERIAL_BASES
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import FormDialog
from ui.widgets.thai_numbers import ThaiDoubleSpinBox, ThaiSpinBox


class MaterialDialog(FormDialog):
    """`material` None adds an item (a dict from compute_materials edits it); `saved_id` after accept()."""

    def __init__(self, ctx: AppContext, training_id: str, material: dict | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "แก้ไขรายการวัสดุ" if material else "เพิ่มรายการวัสดุ", parent)
        self.training_id = training_id
        self.material = material
        counts = compute_materials(self.db, training_id)
        self.people, self.sessions = counts["people"], counts["sessions"]
        form = self.add_form()
        self.name = QLineEdit()
        self.unit = QLineEdit("ชิ้น")
        self.basis = QComboBox()
        for code, label in MATERIAL_BASES.items():
            self.basis.addItem(label, code)
        self.quantity = ThaiDoubleSpinBox()
        self.quantity.setRange(0, 1_000_000)
        self.quantity.setDecimals(2)
        self.quantity.setValue(1)
        self.group_size = ThaiSpinBox()
        self.group_size.setRange(1, 10_000)
        self.group_size.setValue(10)
        self.group_size.setSuffix(" คน")
        self.spare = ThaiDoubleSpinBox()
        self.spare.setRange(0, 100)
        self.spare.setSuffix("%")
        self.price = ThaiDoubleSpinBox()
        self.price.setRange(0, 10_000_000)
        self.price.setDecimals(2)
        self.price.setSpecialValueText("ไม่ระบุ")
        self.total = QLabel()
        self.total.setStyleSheet("font-weight:bold;")
        for text, widget in (("รายการ", self.name), ("หน่วยนับ", self.unit), ("วิธีคำนวณ", self.basis),
                             ("จำนวน", self.quantity), ("คนต่อกลุ่ม", self.group_size), ("สำรองเพิ่ม", self.spare),
                             ("ราคาต่อหน่วย (บาท)", self.price), ("ต้องจัดหา", self.total)):
            form.addRow(text, widget)
        if material:
            self._load(material)
        for signal in (self.basis.currentIndexChanged, self.quantity.valueChanged, self.group_size.valueChanged,
                       self.spare.valueChanged):
            signal.connect(self._update_total)
        self._update_total()

    def _load(self, m: dict) -> None:
        self.name.setText(m["name"])
        self.unit.setText(m["unit"] or "")
        self.basis.setCurrentIndex(max(0, self.basis.findData(m["basis"])))
        self.quantity.setValue(m["quantity"])
        self.group_size.setValue(m["group_size"] or 10)
        self.spare.setValue(m["spare_pct"] or 0)
        self.price.setValue(m["unit_price"] or 0)

    def values(self) -> dict:
        basis = self.basis.currentData()
        return {"name": self.name.text(), "unit": self.unit.text(), "basis": basis, "quantity": self.quantity.value(),
                "group_size": self.group_size.value() if basis == "per_group" else None,
                "spare_pct": self.spare.value(), "unit_price": self.price.value() or None}

    def _update_total(self) -> None:
        basis = self.basis.currentData()
        self.group_size.setEnabled(basis == "per_group")
        _, total = material_total(basis, self.quantity.value(), self.group_size.value(), self.spare.value(),
                                  self.people, self.sessions)
        self.total.setText(formatting.digits(f"{total:,} {self.unit.text() or 'ชิ้น'} "
                                          f"(ผู้เข้าอบรม {self.people:,} คน {self.sessions} รอบ)"))

    def write(self) -> str:
        if self.material:
            update_material(self.db, self.material["id"], self.values())
            return self.material["id"]
        return add_material(self.db, self.training_id, self.values())
