"""The one date widget of the program: a date typed the Thai way, shown in the Buddhist era.

Clerks think in พ.ศ.; Qt's QDateEdit and calendar only speak the Christian era ("3/4/2022"). So
the field is text the clerk types (๓/๔/๒๕๖๕, 3 เม.ย. 65, 2022-04-03 …), read by the core's
`parse_thai_date`, with the date it understood written underneath in words ("= ๓ เมษายน ๒๕๖๕")
or the problem in red. Digits follow the office's choice (`ui.formatting`). Up/Down (and
PageUp/PageDown) step a day (a month), as a QDateEdit would.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from moi_desktop.errors import UserError
from moi_desktop.thai import parse_thai_date
from ui import formatting

HINT_STYLE = "color: #555;"
ERROR_STYLE = "color: #b00020;"


def _add_months(value: date, months: int) -> date:
    month0 = value.month - 1 + months
    year, month = value.year + month0 // 12, month0 % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class _DateLine(QLineEdit):
    stepped = Signal(int, int)  # days, months

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt's name
        steps = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0),
                 Qt.Key.Key_PageUp: (0, 1), Qt.Key.Key_PageDown: (0, -1)}
        key = Qt.Key(event.key())
        if key in steps:
            self.stepped.emit(*steps[key])
            return
        super().keyPressEvent(event)


class ThaiDateField(QWidget):
    """A Buddhist-era date field. `date()` is the date typed (None when empty, UserError when it
    cannot be read); `set_date()` shows a date (ISO string or date) the Thai way."""

    changed = Signal()

    def __init__(self, placeholder: str = "เช่น ๓๐/๘/๒๕๖๕", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _DateLine()
        self.edit.setPlaceholderText(formatting.digits(placeholder))
        self.edit.setToolTip("พิมพ์วันที่แบบ พ.ศ. เช่น ๓/๔/๒๕๖๕ หรือ ๓ เม.ย. ๖๕ · ลูกศรขึ้น/ลง เลื่อนทีละวัน")
        self.hint = QLabel()
        self.hint.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.edit.textChanged.connect(self._update_hint)
        self.edit.stepped.connect(self._step)
        self._update_hint()

    def setText(self, text: str) -> None:  # noqa: N802 — reads like the QLineEdit it wraps
        self.edit.setText(text)

    def text(self) -> str:
        return self.edit.text()

    def set_date(self, value: date | str | None) -> None:
        self.edit.setText(formatting.thai_date(value, "medium") if value else "")

    def date(self) -> date | None:
        """The date typed, None when empty; UserError (Thai) when it cannot be read."""
        return parse_thai_date(self.edit.text()) if self.edit.text().strip() else None

    def iso(self) -> str | None:
        value = self.date()
        return value.isoformat() if value else None

    def problem(self) -> str | None:
        try:
            self.date()
        except UserError as exc:
            return exc.message
        return None

    def _step(self, days: int, months: int) -> None:
        try:
            current = self.date() or date.today()
        except UserError:
            return
        self.set_date(_add_months(current, months) + timedelta(days=days))

    def _update_hint(self, *_args: object) -> None:
        self.changed.emit()
        if not self.edit.text().strip():
            self.hint.setText("")
            self.hint.hide()
            return
        try:
            self.hint.setText("= " + formatting.thai_date(parse_thai_date(self.edit.text()), "full"))
            self.hint.setStyleSheet(HINT_STYLE)
        except UserError as exc:
            self.hint.setText(exc.message)
            self.hint.setStyleSheet(ERROR_STYLE)
        self.hint.show()
