"""The trainings page: lists trainings with sessions and the 80 % list, opens the desk."""

from PySide6.QtCore import Qt

from moi_desktop.trainings import mark_member
from tests.attendance_support import bkk, setup_course
from ui.pages.trainings import PAGE, TrainingsPage


def test_page_spec():
    assert (PAGE.key, PAGE.title, PAGE.order) == ("trainings", "การอบรมและลงเวลา", 40)


def test_page_shows_sessions_people_and_opens_the_desk(ctx, qtbot):
    training_id, sessions, people = setup_course(ctx.db, 5)
    mark_member(ctx.db, sessions[0]["id"], people[0], now=bkk(sessions[0]["day"], "08:40"))
    page = TrainingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.training_id() == training_id
    assert page.sessions_model.rowCount() == 12 and page.people_model.rowCount() == 5
    assert "ยังผ่านเกณฑ์ได้ ๕ คน" in page.eligibility_summary.text()
    page.sessions_view.selectRow(0)
    desk = page.open_desk()
    assert desk is not None and page.stack.currentIndex() == 1
    assert desk.banner.isVisible()  # a 2022 session: another day's roll call
    assert desk.confirm_backdated(ask=lambda text: True)
    desk.input.setText(people[1])
    qtbot.keyClick(desk.input, Qt.Key.Key_Return)
    assert desk.last_result.status == "present" and desk.last_result.backdated
    page.close_desk()
    assert page.stack.currentIndex() == 0 and page.sessions_model.row(0)["counts"]["present"] == 2
    page.sessions_view.selectRow(0)

    def close_with_one_excused(dialog):
        dialog.set_excused(people[4], "ป่วย มีใบรับรองแพทย์")
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted

    page.exec_dialog = close_with_one_excused
    page.close_session()
    counts = page.sessions_model.row(0)["counts"]
    assert page.sessions_model.row(0)["closed_at"] and (counts["absent"], counts["excused"]) == (2, 1)
