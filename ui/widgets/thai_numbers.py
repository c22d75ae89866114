"""Spin boxes that show their numbers as the office chose (Thai or Arabic digits, `ui.formatting`)
and accept either when typed: "รุ่นที่ ๑" and "๘๐%" in an editor, as in the lists beside it."""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QWidget

from moi_desktop.thai import to_arabic_digits
from ui import formatting


class ThaiSpinBox(QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setGroupSeparatorShown(False)

    def textFromValue(self, value: int) -> str:  # noqa: N802 — Qt's name
        return formatting.digits(str(value))

    def valueFromText(self, text: str) -> int:  # noqa: N802 — Qt's name
        return super().valueFromText(to_arabic_digits(text))

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        state, _text, pos = super().validate(to_arabic_digits(text), pos)
        return QValidator.State(state), text, pos


class ThaiDoubleSpinBox(QDoubleSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setGroupSeparatorShown(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802 — Qt's name
        text = f"{value:.{self.decimals()}f}"
        if self.decimals() and float(value).is_integer():
            text = text.rstrip("0").rstrip(".")
        return formatting.digits(text)

    def valueFromText(self, text: str) -> float:  # noqa: N802 — Qt's name
        return super().valueFromText(to_arabic_digits(text))

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        state, _text, pos = super().validate(to_arabic_digits(text), pos)
        return QValidator.State(state), text, pos
