"""Pages refresh from the writes' own announcements: nobody calls notify_changed by hand, and
writes on another connection to the same file are not this context's to announce."""

from pathlib import Path

from PySide6.QtCore import Qt

from moi_desktop.db import open_database
from moi_desktop.exchange import export_bundle
from moi_desktop.trainings import mark_member
from tests.attendance_support import bkk, setup_course
from tests.exchange_support import PASSWORD
from ui.pages.trainings import TrainingsPage
from ui.widgets.attendance_desk import GREEN, AttendanceDesk

UI = Path(__file__).resolve().parents[2] / "ui"


def _record(ctx) -> list[str]:
    emitted: list[str] = []
    ctx.data_changed.connect(emitted.append)
    return emitted


def test_no_page_or_widget_announces_changes_by_hand():
    offenders = [str(p.relative_to(UI)) for p in UI.rglob("*.py")
                 if p.name != "context.py" and "notify_changed(" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_the_trainings_page_refreshes_after_a_mark_made_in_the_core(ctx, qtbot):
    _, sessions, people = setup_course(ctx.db, 4)
    page = TrainingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.sessions_model.row(0)["counts"]["present"] == 0
    mark_member(ctx.db, sessions[0]["id"], people[0], now=bkk(sessions[0]["day"], "08:30"))
    assert page.sessions_model.row(0)["counts"]["present"] == 0  # deferred to the event loop, not mid-write
    qtbot.waitUntil(lambda: page.sessions_model.row(0)["counts"]["present"] == 1, timeout=2000)


def test_a_desk_scan_announces_attendance_once_per_event_loop_turn(ctx, qtbot):
    _, sessions, people = setup_course(ctx.db, 3)
    session = sessions[0]
    desk = AttendanceDesk(ctx, session["id"], clock=lambda: bkk(session["day"], "08:30"))
    qtbot.addWidget(desk)
    desk.show()
    qtbot.wait(20)  # the set-up's own announcements
    emitted = _record(ctx)
    with qtbot.waitSignal(ctx.data_changed, check_params_cb=lambda table: table == "attendance", timeout=2000):
        desk.input.setText(people[0])
        qtbot.keyClick(desk.input, Qt.Key.Key_Return)
    assert desk.state == GREEN
    qtbot.wait(20)
    assert sorted(emitted) == ["attendance", "attendance_events"]


def test_writes_on_another_connection_do_not_reach_this_context(ctx, db_path, qtbot):
    _, sessions, people = setup_course(ctx.db, 2)
    qtbot.wait(20)  # the set-up's own announcements
    emitted = _record(ctx)
    other = open_database(db_path)
    try:
        mark_member(other, sessions[0]["id"], people[0], now=bkk(sessions[0]["day"], "08:30"))
    finally:
        other.close()
    qtbot.wait(50)
    assert emitted == []
    mark_member(ctx.db, sessions[0]["id"], people[1], now=bkk(sessions[0]["day"], "08:31"))
    qtbot.waitUntil(lambda: "attendance" in emitted, timeout=2000)


def test_a_background_task_s_writes_reach_the_pages(ctx, qtbot, tmp_path, fast_kdf):
    qtbot.wait(20)
    emitted = _record(ctx)
    ctx.tasks.run(export_bundle, tmp_path / "b.moib", PASSWORD, title="ส่งออกชุดข้อมูล")
    qtbot.waitUntil(lambda: "bundles_sent" in emitted, timeout=2000)
    assert ctx.db.execute("SELECT count(*) FROM bundles_sent").fetchone()[0] == 1
