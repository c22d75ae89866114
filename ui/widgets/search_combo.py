"""A combo box you can type into to find an item (Thai names match anywhere in the text)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


class SearchCombo(QComboBox):
    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        edit = self.lineEdit()
        if placeholder and edit is not None:  # editable: Qt made the line edit above
            edit.setPlaceholderText(placeholder)

    def set_items(self, items: list[tuple[str, str]]) -> None:
        """items: (code, display name). Leaves nothing selected."""
        self.blockSignals(True)
        self.clear()
        for code, name in items:
            self.addItem(name, code)
        self.setCurrentIndex(-1)
        self.setEditText("")
        self.blockSignals(False)

    def current_code(self) -> str | None:
        """The code of the item whose name is exactly the typed text, else None."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        return self.itemData(index) if index >= 0 else None

    def code_or_text(self) -> str:
        """The chosen item's code, or the typed text when it names no item ("" when empty)."""
        code = self.current_code()
        return code if code is not None else self.currentText().strip()

    def select_code_or_text(self, value: str | None) -> None:
        """Select the item with code `value`, else show `value` as typed text (older free text)."""
        if not self.select_code(value) and value:
            self.setEditText(value)

    def select_code(self, code: str | None) -> bool:
        index = self.findData(code) if code is not None else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")
        return index >= 0
