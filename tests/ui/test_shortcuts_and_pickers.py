"""Issue 17: a searchable picker where a code was typed (a case's project), and the same keyboard
shortcuts on every list page (Ctrl+F, Ctrl+N, Enter, Delete + undo, F5, F1 help)."""

import warnings
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from moi_desktop.cases import add_case, add_household, count_cases, get_case
from moi_desktop.cases.store import indicator_by_number
from moi_desktop.projects.store import add_activity, add_project
from moi_desktop.trainings import sessions as training_sessions
from tests.attendance_support import setup_course
from ui.dialogs.case_edit import CaseDialog
from ui.pages.cases import CasesPage
from ui.pages.members import MembersPage
from ui.pages.projects import ProjectsPage
from ui.pages.trainings import TrainingsPage
from ui.shortcuts import REGISTRY, STANDARD, ShortcutsDialog, shortcuts_of

TODAY = date(2022, 8, 30)


def _case(db, house: str = "12") -> str:
    household = add_household(db, {"head_name": "นายสมชาย ใจดี", "house_no": house, "moo": "3",
                                   "subdistrict_code": "500101"})
    return add_case(db, {"household_id": household, "indicator_id": indicator_by_number(db, 22)["id"],
                         "reported_on": TODAY}, today=TODAY)


def _shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    with warnings.catch_warnings():  # the offscreen platform activates a window only when told
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(widget)  # shortcuts fire only in the active window
    return widget


def test_a_case_links_to_a_project_or_activity_picked_by_name(ctx, qtbot):
    project = add_project(ctx.db, {"title": "โครงการปลูกผักสวนครัว", "category": 3})
    activity = add_activity(ctx.db, project, {"title": "อบรมการทำปุ๋ยหมัก"})
    case_id = _case(ctx.db)
    dialog = CaseDialog(ctx, case_id, today=TODAY)
    qtbot.addWidget(dialog)
    picker = dialog.project_ref
    labels = [picker.itemText(i) for i in range(picker.count())]
    assert labels == ["โครงการ: โครงการปลูกผักสวนครัว", "กิจกรรม: อบรมการทำปุ๋ยหมัก (โครงการปลูกผักสวนครัว)"]
    completer = picker.completer()
    completer.setCompletionPrefix("ปุ๋ยหมัก")  # typed anywhere in the name
    assert completer.completionCount() == 1
    picker.setEditText(labels[1])
    assert dialog.agency.findText("กรมการปกครอง") >= 0
    dialog.agency.setEditText("กรมการปกครอง")  # an agency of the list, picked by name
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_case(ctx.db, case_id)["project_ref"] == activity
    assert get_case(ctx.db, case_id)["agency"] == "กรมการปกครอง"
    again = CaseDialog(ctx, case_id, today=TODAY)
    qtbot.addWidget(again)
    assert again.project_ref.currentText() == labels[1] and again.project_ref.current_code() == activity


def test_every_list_page_registers_the_standard_shortcuts(ctx, qtbot):
    from ui.pages.audit import AuditPage
    from ui.pages.exchange import ExchangePage

    for page in (MembersPage(ctx), CasesPage(ctx, today=TODAY), ProjectsPage(ctx), TrainingsPage(ctx),
                 AuditPage(ctx), ExchangePage(ctx)):
        qtbot.addWidget(page)
    assert [s.keys for s in REGISTRY["audit"]] == ["Ctrl+F", "F5"]
    assert [s.keys for s in REGISTRY["exchange"]] == ["F5"]
    for key in ("members", "cases", "projects"):
        assert [s.keys for s in REGISTRY[key]] == [s.keys for s in STANDARD.values()], key
    standard = ["Ctrl+N", "Return", "Delete", "Ctrl+Z", "F5"]
    assert [s.keys for s in REGISTRY["trainings"]][:5] == standard
    assert "F2" in [s.keys for s in REGISTRY["trainings"]]  # the desk's own keys are listed on its page
    assert [s.keys for s in shortcuts_of("cases")[-2:]] == ["F1", "Shift+F1"]


def test_case_list_keys_search_open_delete_undo_refresh(ctx, qtbot):
    case_id = _case(ctx.db)
    page = _shown(qtbot, CasesPage(ctx, today=TODAY))
    page.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    page.table.setFocus()
    page.select_row(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert isinstance(page.dialog, CaseDialog) and page.dialog.case_id == case_id
    page.dialog.reject()
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(page.dialog, CaseDialog) and page.dialog.case_id is None
    page.dialog.reject()
    page.table.setFocus()
    page.select_row(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert count_cases(ctx.db) == 0 and page.undo_bar.isVisible() and "นายสมชาย ใจดี" in page.undo_bar.text.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert count_cases(ctx.db) == 1 and not page.undo_bar.isVisible()
    _case(ctx.db, "13")
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)


def test_delete_in_the_search_box_edits_text_and_deletes_nothing(ctx, qtbot):
    _case(ctx.db)
    page = _shown(qtbot, CasesPage(ctx, today=TODAY))
    page.select_row(0)
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Delete)
    assert count_cases(ctx.db) == 1


def test_a_deleted_roll_call_comes_back_with_ctrl_z(ctx, qtbot):
    training_id, sessions, _ = setup_course(ctx.db, 2)
    page = _shown(qtbot, TrainingsPage(ctx))
    page.ask = lambda title, text: True
    page.sessions_view.setFocus()
    page.sessions_view.selectRow(0)
    qtbot.keyClick(page.sessions_view, Qt.Key.Key_Delete)
    assert len(training_sessions(ctx.db, training_id)) == len(sessions) - 1 and page.undo_bar.isVisible()
    qtbot.keyClick(page.sessions_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(training_sessions(ctx.db, training_id)) == len(sessions)


@pytest.mark.parametrize("key", ["members", "cases"])
def test_f1_lists_the_current_pages_shortcuts(ctx, qtbot, key):
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_page(key)
    assert window.shortcuts_action.shortcut().toString() == "Shift+F1"
    assert window.manual_action.shortcut().toString() == "F1"
    dialog = window.show_shortcuts()
    assert isinstance(dialog, ShortcutsDialog)
    rows = dialog.rows()
    assert ("Ctrl+F", "ไปที่ช่องค้นหา") in rows and ("Delete", "ลบรายการที่เลือก (เลิกทำได้)") in rows
    assert rows[-1] == ("Shift+F1", "แป้นลัดของหน้านี้") and rows[-2] == ("F1", "คู่มือการใช้งาน บทของหน้านี้")
    assert ("Enter", "เปิดรายการที่เลือก") in rows
    dialog.close()


def test_ctrl_z_at_the_desk_undoes_the_mark_not_a_deleted_roll_call(ctx, qtbot):
    from moi_desktop.trainings import session_counts

    _, sessions, people = setup_course(ctx.db, 2)
    page = _shown(qtbot, TrainingsPage(ctx))
    page.sessions_view.selectRow(0)
    desk = page.open_desk()
    desk.confirm_backdated(ask=lambda text: True)  # a 2022 roll call
    desk.input.setText(people[0])
    qtbot.keyClick(desk.input, Qt.Key.Key_Return)
    assert session_counts(ctx.db, sessions[0]["id"])["present"] == 1
    qtbot.keyClick(desk.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session_counts(ctx.db, sessions[0]["id"])["present"] == 0
    assert desk.headline.text() == "ยกเลิกการลงเวลาแล้ว"


def test_every_list_page_of_the_window_has_f5_and_the_help_keys(ctx, qtbot):
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.build_all_pages()
    not_lists = {"home", "settings", "reports"}  # a dashboard, a form, the report picker
    for key in set(window.page_keys()) - not_lists:
        assert "F5" in [s.keys for s in REGISTRY.get(key, [])], key
        assert [s.keys for s in shortcuts_of(key)[-2:]] == ["F1", "Shift+F1"]  # the manual, this list
