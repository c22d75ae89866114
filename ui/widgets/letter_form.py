"""The form of one letter: the regulation's fields for its kind (บันทึกข้อความ, หนังสือภายนอก,
หนังสือประทับตรา, รายงานการประชุม), the body one paragraph a line, the attachments one a line, the
signer picked from the office's officials. It edits a `Letter` value and never writes: the page
saves it through the core."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from moi_desktop.correspondence import (
    Letter,
    Official,
    agenda_from_text,
    agenda_to_text,
    blank_letter,
    people_from_text,
    people_to_text,
)
from moi_desktop.correspondence.letters import LETTER_KINDS
from moi_desktop.thai import format_thai_date

# Which rows each kind shows.
ROWS: dict[str, tuple[str, ...]] = {
    "memo": ("office", "date", "subject", "to_whom", "body", "attachments", "closing", "signer"),
    "letter": ("office", "date", "subject", "to_whom", "refer_to", "attachments", "body", "closing", "signer"),
    "stamped": ("office", "date", "to_whom", "body"),
    "minutes": ("subject", "number", "date", "place", "start_time", "end_time", "present", "absent",
                "agenda", "recorder"),
}
LABELS = {
    "office": "ส่วนราชการ", "date": "วันที่", "subject": "เรื่อง", "to_whom": "เรียน", "refer_to": "อ้างถึง",
    "attachments": "สิ่งที่ส่งมาด้วย", "body": "เนื้อความ", "closing": "ข้อความปิดท้าย", "signer": "ผู้ลงนาม",
    "number": "ครั้งที่", "place": "สถานที่ (ณ)", "start_time": "เริ่มประชุมเวลา", "end_time": "เลิกประชุมเวลา",
    "present": "ผู้มาประชุม", "absent": "ผู้ไม่มาประชุม", "agenda": "ระเบียบวาระ", "recorder": "ผู้จดรายงาน",
}
HINTS = {
    "office": "เว้นว่าง = ชื่อสำนักงานจากการตั้งค่า (หนังสือภายนอก: ที่อยู่หลายบรรทัด)",
    "date": "เว้นว่าง = วันที่ออกเลข เช่น ๕/๑๒/๒๕๖๙",
    "body": "หนึ่งบรรทัดต่อหนึ่งย่อหน้า",
    "attachments": "หนึ่งบรรทัดต่อหนึ่งรายการ",
    "present": "หนึ่งคนต่อบรรทัด: ชื่อ | ตำแหน่ง | หน้าที่ในที่ประชุม",
    "absent": "หนึ่งคนต่อบรรทัด: ชื่อ | ตำแหน่ง | เหตุผล",
    "agenda": "คั่นแต่ละวาระด้วยบรรทัดว่าง: บรรทัดแรกคือชื่อวาระ บรรทัดที่ขึ้นต้นด้วย “มติ” คือมติที่ประชุม",
}
_MULTILINE = {"office", "body", "attachments", "present", "absent", "agenda"}
_FIELD_KEYS = ("office", "date", "refer_to", "closing", "number", "place", "start_time", "end_time")


class LetterForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._letter = blank_letter("memo")
        self._officials: list[Official] = []
        self._loading = False
        self.kind_label = QLabel()
        self.kind_label.setObjectName("letter_kind")
        self.inputs: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        self.combos: dict[str, QComboBox] = {}
        self.form = QFormLayout(self)
        self.form.addRow(self.kind_label)
        for key in LABELS:
            widget: QLineEdit | QPlainTextEdit | QComboBox
            if key in ("signer", "recorder"):
                widget = QComboBox()
                widget.currentIndexChanged.connect(self._on_edit)
                self.combos[key] = widget
            elif key in _MULTILINE:
                widget = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setMinimumHeight(60 if key != "body" else 140)
                widget.textChanged.connect(self._on_edit)
            else:
                widget = QLineEdit()
                widget.textChanged.connect(self._on_edit)
            widget.setObjectName(f"letter_{key}")
            if key in HINTS:
                if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                    widget.setPlaceholderText(HINTS[key])
                widget.setToolTip(HINTS[key])
            self.inputs[key] = widget
            self.form.addRow(LABELS[key], widget)
        self.load(self._letter)

    # -- officials -------------------------------------------------------------------------
    def set_officials(self, officials: list[Official]) -> None:
        self._officials = officials
        self._loading = True
        try:
            for key in ("signer", "recorder"):
                combo = self.combos[key]
                current = combo.currentData()
                combo.clear()
                combo.addItem("— เลือกผู้ลงนาม —" if key == "signer" else "— ไม่ระบุ —", None)
                for o in officials:
                    combo.addItem(o.label(), o.id)
                combo.setCurrentIndex(max(0, combo.findData(current)))
        finally:
            self._loading = False

    # -- the letter in and out -------------------------------------------------------------
    def load(self, letter: Letter) -> None:
        self._loading = True
        try:
            self._letter = letter
            f = letter.fields
            self.kind_label.setText(f"<b>{LETTER_KINDS.get(letter.kind, letter.kind)}</b> — {letter.status_th}"
                                    + (f" ที่ {f['ref']}" if f.get("ref") else ""))
            texts: dict[str, str] = {
                "subject": letter.subject, "to_whom": letter.to_whom, "body": "\n".join(letter.body),
                "attachments": "\n".join(letter.attachments), "present": people_to_text(f.get("present")),
                "absent": people_to_text(f.get("absent")), "agenda": agenda_to_text(f.get("agenda")),
            }
            for key in _FIELD_KEYS:
                texts[key] = str(f.get(key) or "")
            if f.get("date"):
                texts["date"] = format_thai_date(f["date"], "full")
            for key, widget in self.inputs.items():
                if isinstance(widget, QComboBox):
                    continue
                text = texts.get(key, "")
                if isinstance(widget, QLineEdit):
                    widget.setText(text)
                else:
                    widget.setPlainText(text)
                widget.setReadOnly(not letter.is_draft)
            signer = self.combos["signer"]
            signer.setCurrentIndex(max(0, signer.findData(letter.signer_id)))
            recorder = self.combos["recorder"]
            recorder_name = (f.get("recorder") or {}).get("name")
            match = next((o.id for o in self._officials if o.full_name == recorder_name), None)
            recorder.setCurrentIndex(max(0, recorder.findData(match)))
            for key in ("signer", "recorder"):
                self.inputs[key].setEnabled(letter.is_draft)
            shown = set(ROWS.get(letter.kind, ()))
            for key, widget in self.inputs.items():
                self.form.setRowVisible(widget, key in shown)
            self._relabel(letter.kind)
        finally:
            self._loading = False

    def _relabel(self, kind: str) -> None:
        label = self.form.labelForField(self.inputs["subject"])
        if isinstance(label, QLabel):
            label.setText("ชื่อการประชุม" if kind == "minutes" else "เรื่อง")
        label = self.form.labelForField(self.inputs["office"])
        if isinstance(label, QLabel):
            label.setText("ส่วนราชการและที่อยู่" if kind in ("letter", "stamped") else "ส่วนราชการ")

    def _text(self, key: str) -> str:
        widget = self.inputs[key]
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return ""

    def letter(self) -> Letter:
        """The letter as the form holds it now (same id and status as the one loaded)."""
        letter = self._letter
        if not letter.is_draft:
            return letter
        fields: dict[str, Any] = {k: v for k, v in letter.fields.items() if k not in _FIELD_KEYS}
        for key in _FIELD_KEYS:
            if self._text(key).strip():
                fields[key] = self._text(key).strip()
        if letter.kind == "minutes":
            fields["present"] = people_from_text(self._text("present"))
            fields["absent"] = [{"name": p["name"], "position": p["position"], "reason": p["role"]}
                                for p in people_from_text(self._text("absent"))]
            fields["agenda"] = agenda_from_text(self._text("agenda"))
            recorder = self.combos["recorder"]
            official = next((o for o in self._officials if o.id == recorder.currentData()), None)
            if official is not None:
                fields["recorder"] = {"name": official.full_name, "position": official.position}
            else:
                fields.pop("recorder", None)
        signer = self.combos["signer"]
        return replace(
            letter, subject=self._text("subject").strip(), to_whom=self._text("to_whom").strip(), fields=fields,
            body=[line for line in self._text("body").split("\n") if line.strip()],
            attachments=[line for line in self._text("attachments").split("\n") if line.strip()],
            signer_id=signer.currentData())

    def set_text(self, key: str, text: str) -> None:
        """Fill one field as a user would type it (tests, prefilled forms)."""
        widget = self.inputs[key]
        if isinstance(widget, QLineEdit):
            widget.setText(text)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)

    def select_official(self, key: str, official_id: str | None) -> None:
        combo = self.combos[key]
        combo.setCurrentIndex(max(0, combo.findData(official_id)))

    def _on_edit(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()
