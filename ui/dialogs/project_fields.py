"""Input widgets shared by the project, activity and disbursement dialogs: the Thai date field
(now `ui.widgets.thai_date`, the one date widget), number fields checked by the core's own rules,
and a checkable list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.projects.model import amount_value, count_value
from ui import formatting
from ui.widgets.thai_date import ThaiDateField

HINT_STYLE = "color: #555;"


def text_area(height: int, placeholder: str = "") -> QPlainTextEdit:
    """A fixed-height text box in which Tab moves on to the next field."""
    edit = QPlainTextEdit()
    edit.setFixedHeight(height)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    return edit


def problems_of(fields: Mapping[str, ThaiDateField | NumberField]) -> dict[str, str]:
    """Field → message for every date or number field whose text cannot be read."""
    return {name: problem for name, widget in fields.items() if (problem := widget.problem())}


def money_text(value: float | str | None) -> str:
    """12500.5 → "๑๒,๕๐๐.๕๐" (what a clerk expects to see in a money field)."""
    return "" if value is None else formatting.digits(f"{float(value):,.2f}")


def count_text(value: float | str | None) -> str:
    return "" if value is None else formatting.digits(f"{int(value):,}")


class NumberField(QLineEdit):
    """Baht or a count, typed with Thai or Arabic digits and commas; checked as the user types
    with the same rules the core applies when saving."""

    problem_changed = Signal(str)

    def __init__(self, label: str, field: str, *, integer: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.field = field
        self.integer = integer
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("๐")

    def set_value(self, value: float | None) -> None:
        self.setText((count_text if self.integer else money_text)(value))

    def value(self) -> float | int | None:
        """The number (None when empty); UserError naming the field when it is not one."""
        if self.integer:
            return count_value(self.text(), self.label, self.field)
        return amount_value(self.text(), self.label, self.field)

    def problem(self) -> str | None:
        try:
            self.value()
        except UserError as exc:
            return exc.message
        return None


class CheckList(QListWidget):
    """Items with check boxes; `checked()` gives the codes ticked, in list order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)

    def set_items(self, items: list[tuple[object, str]], checked: set | None = None) -> None:
        self.clear()
        for code, label in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked and code in checked else Qt.CheckState.Unchecked)
            self.addItem(item)

    def codes(self) -> list:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def set_checked(self, codes: Iterable[object]) -> None:
        wanted = set(codes)
        for i in range(self.count()):
            item = self.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def check(self, code: object, on: bool = True) -> None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(code)

    def checked(self) -> list:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]
