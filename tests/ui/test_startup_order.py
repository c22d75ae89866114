"""At start-up the window is painted first; the home page's day summary and charts follow a moment
later (issue 18). Anywhere else (a page built later, a test, the manual's screenshots) they are
built at once, as before."""

from PySide6.QtWidgets import QLabel

from ui.main_window import MainWindow
from ui.pages.home import HomePage


def _texts(page: HomePage) -> list[str]:
    return [w.text() for w in page.day_box.findChildren(QLabel) if w.isVisibleTo(page.day_box)]


def test_home_page_built_at_once_outside_a_start_up(qtbot, ctx):
    page = HomePage(ctx)
    qtbot.addWidget(page)
    assert page.day is not None and "sessions" in page.day_labels
    assert page.dashboard is not None


def test_during_a_start_up_the_day_waits_for_the_first_paint(qtbot, ctx):
    ctx.hold_until_painted()
    page = HomePage(ctx)
    qtbot.addWidget(page)
    assert page.day is None and page.dashboard is None and page.day_labels == {}
    assert _texts(page) == ["กำลังรวบรวมงานวันนี้…"]
    assert page.title.text() and page.count_labels  # the office and its counts are there already
    ctx.first_paint_done()
    assert page.day is not None and page.dashboard is not None
    assert "sessions" in page.day_labels
    assert "กำลังรวบรวมงานวันนี้…" not in _texts(page)


def test_after_the_start_up_work_runs_at_once(ctx):
    ran: list[int] = []
    ctx.hold_until_painted()
    ctx.after_first_paint(lambda: ran.append(1))
    assert ran == []
    ctx.first_paint_done()
    ctx.after_first_paint(lambda: ran.append(2))
    assert ran == [1, 2]


def test_the_window_releases_the_work_once_painted(qtbot, ctx):
    ctx.hold_until_painted()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    home = window.page("home")  # the start page, built with the window (show_page would refresh it)
    assert isinstance(home, HomePage) and home.day is None
    window.show()
    window.repaint()
    qtbot.waitUntil(lambda: home.day is not None and home.dashboard is not None)
    assert "sessions" in home.day_labels


def test_a_page_gone_before_the_paint_is_left_alone(qtbot, ctx):
    ctx.hold_until_painted()
    page = HomePage(ctx)
    page.deleteLater()
    qtbot.waitUntil(lambda: not _alive(page))
    ctx.first_paint_done()  # no error from the destroyed page


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)


def test_work_put_off_is_dropped_when_the_database_closes_first(ctx):
    ran: list[int] = []
    ctx.hold_until_painted()
    ctx.after_first_paint(lambda: ran.append(1))
    ctx.close()
    ctx.first_paint_done()  # a window painted while the program is closing
    assert ran == []
