"""ui.errors: a UserError is a plain Thai message, anything else is a logged bug with details."""

import logging
import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from moi_desktop.errors import UserError
from ui.errors import BUG_TITLE, USER_ERROR_TITLE, install_excepthook, show_error


def test_user_error_shows_its_message_and_detail(caplog):
    with caplog.at_level(logging.ERROR):
        box = show_error(None, UserError("ไม่พบไฟล์", detail="/tmp/x.xlsx"))
    assert (box.windowTitle(), box.text(), box.detailedText()) == (USER_ERROR_TITLE, "ไม่พบไฟล์", "/tmp/x.xlsx")
    assert box.isVisible()
    assert box.button(QMessageBox.StandardButton.Ok).text() == "ตกลง"  # Qt's own texts in Thai too
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # not a bug: not logged as one


def test_bug_shows_traceback_and_is_logged(caplog):
    try:
        {}["missing"]
    except KeyError as exc:
        with caplog.at_level(logging.ERROR):
            box = show_error(None, exc)
    assert box.windowTitle() == BUG_TITLE
    assert "KeyError" in box.informativeText()
    assert "test_bug_shows_traceback_and_is_logged" in box.detailedText()
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


@pytest.fixture
def restore_excepthook():
    previous = sys.excepthook
    yield
    sys.excepthook = previous


def test_excepthook_shows_uncaught_errors(restore_excepthook):
    install_excepthook()
    try:
        raise UserError("ข้อมูลไม่ครบ")
    except UserError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert [b.text() for b in boxes] == ["ข้อมูลไม่ครบ"]
