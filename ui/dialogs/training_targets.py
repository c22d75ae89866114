"""Targets of a training: how many people each district and each partner sector should send,
next to how many are enrolled now."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.errors import UserError
from moi_desktop.trainings import enrolment_counts, require_training, set_targets, targets
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import SAVE, button_box
from ui.widgets.thai_numbers import ThaiSpinBox

MAX_TARGET = 100_000


class TargetsDialog(QDialog):
    """Districts listed: those of the venue's (or the office's) province, plus any with people or
    a target already; sectors: all partner sectors."""

    def __init__(self, ctx: AppContext, training_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = ctx.db
        self.training_id = training_id
        training = require_training(self.db, training_id)
        counts = enrolment_counts(self.db, training_id)
        self.setWindowTitle("เป้าหมายผู้เข้าอบรม")
        self.resize(620, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("จำนวนเป้าหมาย (๐ = ไม่กำหนด)"))
        province = training["venue_province_code"] or (ctx.office.province_code if ctx.office else None)
        districts = {d["district_code"]: d["name_th"] for d in reference.districts_in(self.db, province)} \
            if province else {}
        for row in counts["by_district"]:
            if row["code"]:
                districts.setdefault(row["code"], row["name"])
        enrolled_d = {r["code"]: r["enrolled"] for r in counts["by_district"]}
        sectors = {s["code"]: s["name_th"] for s in reference.sectors(self.db)}
        enrolled_s = {r["code"]: r["enrolled"] for r in counts["by_sector"]}
        self.current = {"district": targets(self.db, training_id, "district"),
                        "sector": targets(self.db, training_id, "sector")}
        self.tabs = QTabWidget()
        self.spins: dict[str, dict[str, QSpinBox]] = {}
        for dimension, title, names, enrolled in (("district", "รายอำเภอ", districts, enrolled_d),
                                                  ("sector", "รายภาคี", sectors, enrolled_s)):
            table = QTableWidget(len(names), 3)
            table.setHorizontalHeaderLabels(["ชื่อ", "ลงทะเบียนแล้ว", "เป้าหมาย"])
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            self.spins[dimension] = {}
            for line, (code, name) in enumerate(names.items()):
                table.setItem(line, 0, QTableWidgetItem(name))
                table.setItem(line, 1, QTableWidgetItem(formatting.digits(f"{enrolled.get(code, 0):,}")))
                spin = ThaiSpinBox()
                spin.setRange(0, MAX_TARGET)
                spin.setValue(self.current[dimension].get(code, 0))
                table.setCellWidget(line, 2, spin)
                self.spins[dimension][code] = spin
            self.tabs.addTab(table, title)
        layout.addWidget(self.tabs, 1)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b3261e;")
        layout.addWidget(self.error)
        buttons = button_box(self, self.save, "บันทึก", ok=SAVE)
        layout.addWidget(buttons)

    def set_target(self, dimension: str, code: str, value: int) -> None:
        self.spins[dimension][code].setValue(value)

    def changes(self, dimension: str) -> dict[str, int]:
        """Only what differs from the stored targets (untouched zeros write nothing)."""
        stored = self.current[dimension]
        return {code: spin.value() for code, spin in self.spins[dimension].items()
                if spin.value() != stored.get(code, 0)}

    def save(self) -> None:
        try:
            with self.db.atomic():
                for dimension in ("district", "sector"):
                    changed = self.changes(dimension)
                    if changed:
                        set_targets(self.db, self.training_id, dimension, changed)
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()
