"""Thai messages under form fields: one red label per field, and one for the rest."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

ERROR_STYLE = "color: #b00020;"


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class FieldErrors:
    """Messages under the fields, by field name (`errors["phone"]` is its label); a message for a
    field without a label goes to `general`."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self.general = error_label()
        self.general.setObjectName("general_error")
        self._widths: dict[str, int] = {}

    def __getitem__(self, field: str) -> QLabel:
        return self.labels[field]

    def add(self, field: str, *, width: int | None = None) -> QLabel:
        """A label for `field`'s messages. A fixed `width` lets Qt size a wrapped label inside a
        form row, which otherwise keeps a stale height."""
        label = error_label()
        label.setObjectName(f"error_{field}")
        if width is not None:
            label.setFixedWidth(width)
            self._widths[field] = width
        self.labels[field] = label
        return label

    def wrap(self, widget: QWidget, field: str, *, expand: bool = False, width: int | None = None) -> QWidget:
        """`widget` with its error label beneath. Unless `expand`, the pair keeps its natural
        height: a form row must not grow and float its field in the middle of blank space."""
        box = QWidget()
        if not expand:
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(self.add(field, width=width))
        return box

    def clear(self) -> None:
        for label in (*self.labels.values(), self.general):
            label.clear()
            label.hide()

    def show(self, field: str | None, message: str | None) -> None:
        """`message` under `field` (or in `general`); None or "" hides it."""
        label = self.labels.get(field or "", self.general)
        label.setText(message or "")
        if message and field in self._widths:
            label.setFixedHeight(label.heightForWidth(self._widths[field]))
        label.setVisible(bool(message))

    def visible(self) -> dict[str, str]:
        """Field → message of every error showing (for tests and for focusing the first one)."""
        out = {f: lab.text() for f, lab in self.labels.items() if not lab.isHidden()}
        if not self.general.isHidden():
            out[""] = self.general.text()
        return out
