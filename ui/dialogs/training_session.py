"""Add or edit one roll call of a training's schedule, with the Friday-afternoon warning."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QWidget

from moi_desktop.trainings import SLOTS, add_session, delete_session, require_session, require_training, update_session
from moi_desktop.trainings.schedule import clean_time, in_friday_area, is_friday_afternoon
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import FormDialog

THAI_WEEKDAYS = ("วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์", "วันอาทิตย์")


def ask_keep_friday(parent: QWidget | None, count: int) -> bool:
    """Warn about roll calls on a Friday afternoon in the southern border areas; True keeps them."""
    box = QMessageBox(QMessageBox.Icon.Warning, "บ่ายวันศุกร์",
                      formatting.digits(f"มี {count} รอบที่ตรงกับบ่ายวันศุกร์ (เวลาละหมาดวันศุกร์) ในพื้นที่ที่กำหนด"),
                      parent=parent)
    box.setInformativeText("ควรเลี่ยงการจัดกิจกรรมบ่ายวันศุกร์ในพื้นที่จังหวัดชายแดนภาคใต้")
    drop = box.addButton("ตัดรอบบ่ายวันศุกร์ออก", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("เก็บไว้ตามเดิม", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(drop)
    box.exec()
    return box.clickedButton() is not drop


class SessionDialog(FormDialog):
    """`session_id` None adds a roll call. After accept(), `saved_id` is its id — or None when the
    user chose to drop a Friday-afternoon session instead of saving it (`dropped` is then True).
    `keep_friday(count) -> bool` asks about Friday afternoons (tests replace it)."""

    def __init__(self, ctx: AppContext, training_id: str, session_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "แก้ไขรอบลงเวลา" if session_id else "เพิ่มรอบลงเวลา", parent)
        self.training = require_training(self.db, training_id)
        self.session_id = session_id
        self.dropped = False
        self.keep_friday = lambda count: ask_keep_friday(self, count)
        form = self.add_form()
        self.day = QComboBox()  # only the training's own days can be chosen
        day = date.fromisoformat(self.training["start_date"])
        while day.isoformat() <= self.training["end_date"]:
            self.day.addItem(f"{THAI_WEEKDAYS[day.weekday()]} {formatting.thai_date(day, 'full')}", day.isoformat())
            day += timedelta(days=1)
        self.slot = QComboBox()
        for code, label in SLOTS.items():
            self.slot.addItem(label, code)
        self.label = QLineEdit()
        self.label.setPlaceholderText("เช่น ภาคเช้า (ว่างไว้ใช้ชื่อช่วงเวลา)")
        self.starts_at = QLineEdit("08:30")
        self.late_after = QLineEdit("09:00")
        self.ends_at = QLineEdit("12:00")
        for text, widget in (("วันที่", self.day), ("ช่วง", self.slot), ("ชื่อรอบ", self.label),
                             ("เวลาเริ่ม", self.starts_at), ("นับว่าสายหลัง", self.late_after),
                             ("เวลาสิ้นสุด", self.ends_at)):
            form.addRow(text, widget)
        if session_id:
            self._load(require_session(self.db, session_id))

    def _load(self, s: dict) -> None:
        self.day.setCurrentIndex(max(0, self.day.findData(s["day"])))
        self.slot.setCurrentIndex(max(0, self.slot.findData(s["slot"])))
        self.label.setText(s["label"] or "")
        self.starts_at.setText(s["starts_at"])
        self.late_after.setText(s["late_after"] or "")
        self.ends_at.setText(s["ends_at"] or "")

    def values(self) -> dict:
        return {"day": self.day.currentData(), "slot": self.slot.currentData(),
                "label": self.label.text(), "starts_at": self.starts_at.text(),
                "late_after": self.late_after.text() or None, "ends_at": self.ends_at.text() or None}

    def _newly_friday(self, day: str, starts: str | None, ends: str | None) -> bool:
        """Falls on a Friday afternoon in a listed area — and did not already (asked once, not per edit)."""
        if starts is None or not (in_friday_area(self.db, self.training) and is_friday_afternoon(day, starts, ends)):
            return False
        if self.session_id:
            before = require_session(self.db, self.session_id)
            return not is_friday_afternoon(before["day"], before["starts_at"], before["ends_at"])
        return True

    def write(self) -> str | None:
        """The session's id, or None when the user dropped a Friday-afternoon session instead."""
        values = self.values()
        starts = clean_time(values["starts_at"])
        ends = clean_time(values["ends_at"], "ends_at", required=False)
        if self._newly_friday(values["day"], starts, ends) and not self.keep_friday(1):
            if self.session_id:
                delete_session(self.db, self.session_id)
            self.dropped = True
            return None
        if self.session_id:
            update_session(self.db, self.session_id, values)
            return self.session_id
        return add_session(self.db, self.training["id"], values)
