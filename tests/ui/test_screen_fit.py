"""Every page fits the common district PC: 1366×768 at 100 % (the window's work area 1366×728,
the screen less the taskbar) without scrolling, and at 125 % scaling — a logical work area of
1093×582, which is what Qt's high-DPI scaling gives the window — it scrolls instead of clipping."""

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from ui.main_window import MainWindow

AT_100 = QSize(1366, 728)
AT_125 = QSize(int(1366 / 1.25), int(768 / 1.25) - 32)  # 1093×582: the taskbar is 40 px at 125 % too
CONTROLS = (QAbstractButton, QComboBox, QLineEdit)


def _window(ctx, qtbot, size: QSize) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.build_all_pages()
    window.resize(size)
    window.show()
    return window


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def clipped_controls(page: QWidget) -> list[str]:
    """Visible buttons, combos and line edits squeezed below the width their text needs."""
    found = []
    for control in page.findChildren(QWidget):
        if not isinstance(control, CONTROLS) or not control.isVisibleTo(page):
            continue
        if isinstance(control.parentWidget(), (QScrollArea, QAbstractSpinBox, QComboBox)) \
                or control.parentWidget() is None:
            continue  # a spin box's or an editable combo's own line edit is sized by its owner
        need = control.minimumSizeHint()
        if control.width() < min(need.width(), control.maximumWidth()) - 1 \
                or control.height() < min(need.height(), control.maximumHeight()) - 1:
            label = getattr(control, "text", lambda: "")() or control.objectName() or type(control).__name__
            found.append(f"{label!r} {control.width()}×{control.height()} < {need.width()}×{need.height()}")
    return found


def test_every_page_fits_1366x768_without_scrolling(ctx, qtbot):
    window = _window(ctx, qtbot, AT_100)
    assert window.minimumSizeHint().width() <= AT_100.width()
    assert window.minimumSizeHint().height() <= AT_100.height()
    too_big = {}
    for key in window.page_keys():
        page = window.show_page(key)
        _settle()
        frame = window.frame_of(page)
        assert isinstance(frame, QScrollArea)
        room = frame.viewport().size()
        need = page.minimumSizeHint()
        if need.width() > room.width() or need.height() > room.height():
            too_big[key] = (need.toTuple(), room.toTuple())
        assert not clipped_controls(page), (key, clipped_controls(page))
    assert not too_big, too_big


def test_at_125_percent_pages_scroll_and_nothing_is_clipped(ctx, qtbot):
    window = _window(ctx, qtbot, AT_125)
    assert window.minimumSizeHint().width() <= AT_125.width()
    assert window.minimumSizeHint().height() <= AT_125.height()
    assert window.size() == AT_125
    for key in window.page_keys():
        page = window.show_page(key)
        _settle()
        need = page.minimumSizeHint()
        assert page.width() >= need.width() and page.height() >= need.height(), key  # scrolls, not squeezed
        assert not clipped_controls(page), (key, clipped_controls(page))


def test_with_text_a_quarter_larger_pages_scroll_and_nothing_is_clipped(ctx, qtbot, qapp):
    """The other face of 125 %: the same 1366×728 work area with every text 25 % larger."""
    font = qapp.font()
    larger = qapp.font()
    larger.setPointSizeF(font.pointSizeF() * 1.25)
    qapp.setFont(larger)
    try:
        window = _window(ctx, qtbot, AT_100)
        assert window.minimumSizeHint().width() <= AT_100.width()
        assert window.minimumSizeHint().height() <= AT_100.height()
        for key in window.page_keys():
            page = window.show_page(key)
            _settle()
            need = page.minimumSizeHint()
            assert page.width() >= need.width() and page.height() >= need.height(), key
            assert not clipped_controls(page), (key, clipped_controls(page))
    finally:
        qapp.setFont(font)


@pytest.mark.slow  # builds the demo database: long indicator and project names fill the filters
def test_demo_pages_fit_1366x768(tmp_path, make_ctx, qtbot):
    from moi_desktop.db import open_database
    from moi_desktop.demo import build_demo

    path = build_demo(tmp_path / "demo.sqlite3")
    window = _window(make_ctx(open_database(path)), qtbot, AT_100)
    for key in window.page_keys():
        page = window.show_page(key)
        _settle()
        room = window.frame_of(page).viewport().size()  # type: ignore[attr-defined]
        need = page.minimumSizeHint()
        assert need.width() <= room.width() and need.height() <= room.height(), (key, need, room)
        assert not clipped_controls(page), (key, clipped_controls(page))
