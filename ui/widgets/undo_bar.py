"""A thin bar that says what was just deleted and offers "เลิกทำ" for a while (Ctrl+Z does the same)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

UNDO_SECONDS = 20


class UndoBar(QFrame):
    def __init__(self, parent: QWidget | None = None, seconds: int = UNDO_SECONDS) -> None:
        super().__init__(parent)
        self.setObjectName("undo_bar")
        self.setStyleSheet("#undo_bar { background: #fff4d6; border: 1px solid #e0c070; }")
        self.text = QLabel()
        self.button = QPushButton("เลิกทำ (Ctrl+Z)")
        self.button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self._undo: Callable[[], object] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(seconds * 1000)
        self._timer.timeout.connect(self.dismiss)
        self.hide()

    def offer(self, text: str, undo: Callable[[], object]) -> None:
        """Show `text` with an undo that calls `undo` (replacing any earlier offer)."""
        self._undo = undo
        self.text.setText(text)
        self.show()
        self._timer.start()

    def undo(self) -> bool:
        """Run the offered undo once; False when there is none (any more)."""
        action, self._undo = self._undo, None
        self.dismiss()
        if action is None:
            return False
        action()
        return True

    def dismiss(self) -> None:
        self._timer.stop()
        self._undo = None
        self.hide()

    @property
    def pending(self) -> bool:
        return self._undo is not None
