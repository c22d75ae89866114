"""The frame of the record dialogs: Thai buttons, messages under fields, checks as typed, one save."""

from types import SimpleNamespace

from PySide6.QtWidgets import QLineEdit

from moi_desktop.errors import UserError
from ui.dialogs.form import CANCEL, SAVE, FormDialog


class NameDialog(FormDialog):
    def __init__(self):
        super().__init__(SimpleNamespace(db=None), "ชื่อ")
        self.name, self.code = QLineEdit(), QLineEdit()
        form = self.add_form()
        form.addRow("ชื่อ", self.errors.wrap(self.name, "name"))
        form.addRow("รหัส", self.code)
        self.check_as_typed(self.name.textChanged, "name", lambda: "ยาวเกิน" if len(self.name.text()) > 5 else None)
        self.written = []

    def problems(self):
        return {"name": "กรุณากรอกชื่อ"} if not self.name.text() else {}

    def write(self):
        if self.code.text() == "x":
            raise UserError("รหัสนี้มีอยู่แล้ว", field="code")  # no label of its own: above the buttons
        if self.code.text() == "n":
            raise UserError("ชื่อซ้ำ", field="name")
        self.written.append(self.name.text())
        return "id-1"


def test_buttons_are_thai_and_the_first_field_has_the_focus(qtbot):
    dialog = NameDialog()
    qtbot.addWidget(dialog)
    assert (dialog.buttons.button(SAVE).text(), dialog.buttons.button(CANCEL).text()) == ("บันทึก", "ยกเลิก")
    dialog.show()
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.name)


def test_problems_and_refusals_show_under_their_field_and_nothing_is_saved(qtbot):
    dialog = NameDialog()
    qtbot.addWidget(dialog)
    assert dialog.save() is None and dialog.errors.visible() == {"name": "กรุณากรอกชื่อ"}
    dialog.name.setText("สมชาย")
    dialog.code.setText("x")
    assert dialog.save() is None and dialog.errors.visible() == {"": "รหัสนี้มีอยู่แล้ว"}
    assert dialog.error.text() == "รหัสนี้มีอยู่แล้ว"
    dialog.code.setText("n")
    assert dialog.save() is None and dialog.errors.visible() == {"name": "ชื่อซ้ำ"}
    assert dialog.written == [] and dialog.result() == 0


def test_a_check_as_typed_shows_and_clears_its_message(qtbot):
    dialog = NameDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("ยาวมากเกินไป")
    assert dialog.errors.visible() == {"name": "ยาวเกิน"}
    dialog.name.setText("สั้น")
    assert dialog.errors.visible() == {}


def test_a_good_save_keeps_what_was_written_and_accepts(qtbot):
    dialog = NameDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("สมชาย")
    assert dialog.save() == "id-1" and dialog.saved_id == "id-1"
    assert dialog.result() == FormDialog.DialogCode.Accepted and dialog.written == ["สมชาย"]


def test_control_characters_are_taken_out_named_and_saved_only_on_the_second_press(qtbot):
    dialog = NameDialog()
    qtbot.addWidget(dialog)
    password = QLineEdit("รหัส\x07")
    password.setEchoMode(QLineEdit.EchoMode.Password)
    dialog.add(password)
    dialog.name.setText("สม\u202eชาย\x00")
    assert dialog.save() is None and dialog.written == []
    assert "U+202E" in dialog.error.text() and "U+0000" in dialog.error.text()
    assert dialog.name.text() == "สมชาย" and password.text() == "รหัส\x07"  # a password is left as typed
    assert dialog.save() == "id-1" and dialog.written == ["สมชาย"]
