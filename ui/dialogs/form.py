"""The frame of every dialog that edits one record: Thai บันทึก / ยกเลิก buttons, a message under
each field the form names and one above the buttons for the rest, checks as the user types, and
one save path.

    class HouseholdDialog(FormDialog):
        def __init__(self, ctx, household_id=None, parent=None):
            super().__init__(ctx, "แก้ไขข้อมูลครัวเรือน" if household_id else "เพิ่มครัวเรือน", parent)
            form = self.add_form()
            form.addRow("หัวหน้าครัวเรือน *", self.errors.wrap(self.head_name, "head_name"))

        def write(self) -> str:          # the core call: a UserError shows under the field it names
            return add_household(self.db, self.values())

save() clears the messages, shows problems() (what the form can tell before asking the core)
under their fields, else calls write() and keeps its result in `saved_id` before accepting.

Typed or pasted control characters and bidi overrides (U+202E …) are taken out of the text
fields on บันทึก, named in the message line, and nothing is saved until บันทึก is pressed again on
the cleaned text (password fields are never touched: a password is what the user typed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.thai.text import describe_chars, hostile_chars, strip_hostile
from ui.widgets.field_errors import FieldErrors

OK = QDialogButtonBox.StandardButton.Ok
SAVE = QDialogButtonBox.StandardButton.Save
CANCEL = QDialogButtonBox.StandardButton.Cancel


def button_box(dialog: QDialog, on_ok: Callable[[], object], ok_text: str = "ตกลง", *,
               ok: QDialogButtonBox.StandardButton = OK, cancel_text: str = "ยกเลิก") -> QDialogButtonBox:
    """A dialog's two buttons with Thai labels: the first runs `on_ok` (which accepts the dialog
    when it succeeds), the other closes it. `box.button(ok)` is the first button."""
    box = QDialogButtonBox(ok | CANCEL)
    box.button(ok).setText(ok_text)
    box.button(CANCEL).setText(cancel_text)
    box.accepted.connect(on_ok)
    box.rejected.connect(dialog.reject)
    return box


def fit_height(dialog: QWidget) -> None:
    """Grow a shown dialog to the height its word-wrapped labels need at its width: Qt sizes a new
    top-level window without asking the layout's height-for-width, and long Thai text is clipped."""
    layout = dialog.layout()
    if layout is not None and layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(dialog.width())
        if needed > dialog.height():
            dialog.resize(dialog.width(), needed)


def strip_hostile_text(root: QWidget) -> list[str]:
    """Take control and bidi characters out of every text field under `root`; the characters
    removed (none: nothing changed). Password fields are left alone."""
    removed: list[str] = []
    for edit in root.findChildren(QLineEdit):
        if edit.echoMode() == QLineEdit.EchoMode.Normal and hostile_chars(edit.text()):
            removed += hostile_chars(edit.text())
            edit.setText(strip_hostile(edit.text()))
    boxes: list[QPlainTextEdit | QTextEdit] = [*root.findChildren(QPlainTextEdit), *root.findChildren(QTextEdit)]
    for box in boxes:
        text = box.toPlainText()
        if hostile_chars(text):
            removed += hostile_chars(text)
            box.setPlainText(strip_hostile(text))
    return list(dict.fromkeys(removed))


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """A form whose labels sit at the top of tall fields and whose rows never wrap."""
    form = QFormLayout(parent)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class FormDialog(QDialog):
    """`errors` holds the messages (`error` is the line above the buttons); after accept(),
    `saved_id` is what write() returned. A form in tabs sets `tabs` and TAB_OF (field → tab):
    a message then brings its field's tab forward."""

    TAB_OF: Mapping[str, int] = {}

    def __init__(self, ctx: Any, title: str, parent: QWidget | None = None, *, cancel_text: str = "ยกเลิก") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.saved_id: Any = None
        self.setWindowTitle(title)
        self.errors = FieldErrors()
        self.error = self.errors.general
        self.tabs: QTabWidget | None = None
        self.buttons = button_box(self, self.save, "บันทึก", ok=SAVE, cancel_text=cancel_text)
        self.save_button = self.buttons.button(SAVE)
        self.body = QVBoxLayout()
        layout = self._outer = QVBoxLayout(self)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._tab_order_fixed = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self._tab_order_fixed:
            # The buttons exist before the subclass makes its fields. Added again they come last
            # on Tab (setTabOrder cannot move them past compound fields), so the first field,
            # not บันทึก, has the focus when the dialog opens.
            self._tab_order_fixed = True
            self._outer.removeWidget(self.buttons)
            self.buttons.setParent(None)
            self._outer.addWidget(self.buttons)
        super().showEvent(event)

    # --- building -------------------------------------------------------------------------
    def add_form(self, form: QFormLayout | None = None) -> QFormLayout:
        """Put a form (a plain QFormLayout unless one is given) in the dialog's body."""
        form = form if form is not None else QFormLayout()
        self.body.addLayout(form)
        return form

    def add(self, item: QWidget | QLayout, stretch: int = 0) -> None:
        if isinstance(item, QLayout):
            self.body.addLayout(item, stretch)
        else:
            self.body.addWidget(item, stretch)

    def check_as_typed(self, signal: SignalInstance, field: str, problem: Callable[[], str | None]) -> None:
        """Each time `signal` fires, show `problem()` under `field` (or clear it)."""
        signal.connect(lambda *_args: self.show_error(field, problem()))

    # --- what a subclass supplies ---------------------------------------------------------
    def problems(self) -> dict[str, str]:
        """Field → message for what the form can tell before asking the core (e.g. a date it
        cannot read); the first one is shown last, so a tabbed form ends on its tab."""
        return {}

    def write(self) -> Any:
        """Save through the core and return what `saved_id` should hold."""
        raise NotImplementedError

    def show_error(self, field: str | None, message: str | None) -> None:
        self.errors.show(field, message)
        if message and self.tabs is not None and field is not None and field in self.TAB_OF:
            self.tabs.setCurrentIndex(self.TAB_OF[field])

    def refused(self, exc: UserError) -> None:
        """The core refused to save: its message goes under the field it names."""
        self.show_error(exc.field, exc.message)

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> Any:
        """Check, write, accept; the value written, or None when a message is shown instead."""
        self.errors.clear()
        removed = strip_hostile_text(self)
        if removed:
            self.show_error(None, f"ตัดอักขระควบคุมที่มองไม่เห็นออกจากข้อความแล้ว ({describe_chars(removed)}) "
                                  "กรุณาตรวจสอบข้อความแล้วกดบันทึกอีกครั้ง")
            return None
        problems = self.problems()
        if problems:
            for field, message in reversed(list(problems.items())):
                self.show_error(field, message)
            return None
        try:
            saved = self.write()
        except UserError as exc:
            self.refused(exc)
            return None
        self.saved_id = saved
        self.accept()
        return saved
