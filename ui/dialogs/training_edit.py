"""Create or edit a training: course, type, cohort, venue, dates, threshold, signatories."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from moi_desktop import reference
from moi_desktop.db.clock import BANGKOK
from moi_desktop.trainings import KINDS, create_training, require_training, update_training
from ui.context import AppContext
from ui.dialogs.form import FormDialog
from ui.dialogs.project_fields import ThaiDateField
from ui.widgets.thai_numbers import ThaiDoubleSpinBox, ThaiSpinBox


class TrainingDialog(FormDialog):
    """`training_id` None creates one. After accept(), `saved_id` is the training's id."""

    def __init__(self, ctx: AppContext, training_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "แก้ไขการอบรม" if training_id else "สร้างการอบรมใหม่", parent)
        self.training_id = training_id
        form = self.add_form()
        self.name = QLineEdit()
        self.kind = QComboBox()
        for code, label in KINDS.items():
            self.kind.addItem(label, code)
        self.cohort = ThaiSpinBox()
        self.cohort.setRange(0, 999)
        self.cohort.setSpecialValueText("-")
        # Dates typed the Thai way (พ.ศ.), read back in words underneath: a QDateEdit shows ค.ศ.
        self.start = ThaiDateField()
        self.end = ThaiDateField("ว่างไว้ = วันเดียวกับวันเริ่ม")
        self.start.set_date(datetime.now(BANGKOK).date())
        self.venue = QLineEdit()
        self.province = QComboBox()
        self.province.addItem("-", None)
        for p in reference.provinces(self.db):
            self.province.addItem(p["name_th"], p["province_code"])
        self.organiser = QLineEdit()
        self.threshold = ThaiDoubleSpinBox()
        self.threshold.setRange(1, 100)
        self.threshold.setValue(80)
        self.threshold.setSuffix("%")
        self.excused = QCheckBox("นับการลาที่มีเหตุผลเป็นการเข้าอบรม")
        self.close_absent = QCheckBox("ปิดรอบแล้วบันทึกผู้ไม่ลงเวลาเป็น “ขาด”")
        self.close_absent.setChecked(True)
        self.target = ThaiSpinBox()
        self.target.setRange(0, 100000)
        self.signatories = QPlainTextEdit()
        self.signatories.setPlaceholderText("หนึ่งคนต่อบรรทัด: ชื่อ | ตำแหน่ง (ไม่เกิน ๓ คน)")
        self.signatories.setFixedHeight(80)
        for label, widget in (("ชื่อหลักสูตร", self.name), ("ประเภท", self.kind), ("รุ่นที่", self.cohort),
                              ("วันเริ่ม", self.start), ("วันสิ้นสุด", self.end), ("สถานที่", self.venue),
                              ("จังหวัดที่จัด", self.province), ("ผู้จัด", self.organiser),
                              ("เป้าหมาย (คน)", self.target), ("เกณฑ์เกียรติบัตร", self.threshold),
                              ("", self.excused), ("", self.close_absent), ("ผู้ลงนามเกียรติบัตร", self.signatories)):
            form.addRow(label, widget)
        if training_id:
            self._load(require_training(self.db, training_id))

    def _load(self, t: dict) -> None:
        self.name.setText(t["name"])
        self.kind.setCurrentIndex(max(0, self.kind.findData(t["kind"])))
        self.cohort.setValue(t["cohort"] or 0)
        self.start.set_date(t["start_date"])
        self.end.set_date(t["end_date"])
        self.venue.setText(t["venue"] or "")
        self.province.setCurrentIndex(max(0, self.province.findData(t["venue_province_code"])))
        self.organiser.setText(t["organiser"] or "")
        self.target.setValue(t["target_total"] or 0)
        self.threshold.setValue(t["threshold_pct"])
        self.excused.setChecked(bool(t["excused_counts"]))
        self.close_absent.setChecked(bool(t["close_marks_absent"]))
        self.signatories.setPlainText("\n".join(f"{n} | {p}" for n, p in t["signatories"]))

    def values(self) -> dict:
        signatories = []
        for line in self.signatories.toPlainText().splitlines():
            if line.strip():
                name, _, position = line.partition("|")
                signatories.append([name.strip(), position.strip()])
        return {
            "name": self.name.text(), "kind": self.kind.currentData(), "cohort": self.cohort.value() or None,
            "start_date": self.start.text(), "end_date": self.end.text() or None, "venue": self.venue.text(),
            "venue_province_code": self.province.currentData(), "organiser": self.organiser.text(),
            "target_total": self.target.value() or None, "threshold_pct": self.threshold.value(),
            "excused_counts": self.excused.isChecked(), "close_marks_absent": self.close_absent.isChecked(),
            "signatories": signatories,
        }

    def write(self) -> str:
        if self.training_id:
            update_training(self.db, self.training_id, self.values())
            return self.training_id
        return create_training(self.db, self.values())
