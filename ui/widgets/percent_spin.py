"""A 0–100 percentage box that reads and writes Thai digits ("๔๒%"), as every figure the app shows
(moi_desktop/projects/progress.format_percent); Arabic digits typed are accepted too."""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QSpinBox, QWidget

from moi_desktop.thai import to_arabic_digits, to_thai_digits


class PercentSpin(QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 100)
        self.setSuffix("%")

    def textFromValue(self, value: int) -> str:  # noqa: N802 - Qt's name
        return to_thai_digits(str(value))

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt's name
        digits = to_arabic_digits(text).replace("%", "").strip()
        return int(digits) if digits.isdigit() else self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        digits = to_arabic_digits(text).replace("%", "").strip()
        if not digits:
            return QValidator.State.Intermediate, text, pos
        if digits.isdigit() and 0 <= int(digits) <= 100:
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Invalid, text, pos
