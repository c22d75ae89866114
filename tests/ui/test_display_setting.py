"""The office's Thai-digit choice in Settings reaches every screen: tables, spin boxes, dates."""

import re
import shutil
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from moi_desktop.office import get_office, set_thai_digits, uses_thai_digits
from ui import formatting
from ui.pages.settings import SettingsPage
from ui.widgets.table_cells import install_thai_elide
from ui.widgets.thai_date import ThaiDateField
from ui.widgets.thai_numbers import ThaiDoubleSpinBox, ThaiSpinBox


@pytest.fixture
def settings_page(ctx, qtbot):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    yield page
    formatting.set_thai_digits(True)


def _cell_text(view: QTableView, index: QModelIndex) -> str:
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(index)
    option.widget = view
    option.font = view.font()
    view.itemDelegate().initStyleOption(option, index)
    return option.text


def test_settings_switch_turns_every_screen_to_arabic_digits_and_back(settings_page, ctx, qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    model = QStandardItemModel(1, 2, view)
    model.setItem(0, 0, QStandardItem("๔๒%"))
    model.setItem(0, 1, QStandardItem("รุ่นที่ ๑"))
    view.setModel(model)
    install_thai_elide(view)
    view.resize(600, 200)
    view.show()
    spin = ThaiSpinBox()
    spin.setRange(0, 99)
    spin.setValue(12)
    threshold = ThaiDoubleSpinBox()
    threshold.setRange(1, 100)
    threshold.setValue(80)
    threshold.setSuffix("%")
    field = ThaiDateField()
    for widget in (spin, threshold, field):
        qtbot.addWidget(widget)

    box = settings_page.thai_digits
    assert box.isChecked() and formatting.thai_digits()
    assert spin.text() == "๑๒" and threshold.text() == "๘๐%"
    assert _cell_text(view, model.index(0, 0)) == "๔๒%"

    box.setChecked(False)
    assert not uses_thai_digits(ctx.db)
    qtbot.waitUntil(lambda: not formatting.thai_digits(), timeout=2000)
    assert "12 หลัก" in settings_page.digits_status.text() and "42%" in settings_page.digits_status.text()
    assert _cell_text(view, model.index(0, 0)) == "42%"
    assert _cell_text(view, model.index(0, 1)) == "รุ่นที่ 1"
    spin.setValue(13)
    threshold.setValue(75)
    assert spin.text() == "13" and threshold.text() == "75%"
    field.set_date(date(2022, 4, 3))
    assert field.text() == "3 เม.ย. 2565"

    box.setChecked(True)
    qtbot.waitUntil(formatting.thai_digits, timeout=2000)
    assert uses_thai_digits(ctx.db)
    spin.setValue(1)
    assert spin.text() == "๑"


def test_spin_boxes_read_either_script(qtbot):
    spin = ThaiSpinBox()
    qtbot.addWidget(spin)
    spin.setRange(0, 999)
    spin.lineEdit().setText("๓๔")
    spin.interpretText()
    assert spin.value() == 34
    spin.lineEdit().setText("56")
    spin.interpretText()
    assert spin.value() == 56


def test_settings_sets_the_households_income_benchmark(settings_page, ctx):
    from moi_desktop.cases.priority import income_benchmark

    assert settings_page.benchmark.text() == "๓๘,๐๐๐"  # the seeds' 38,000 baht per person per year
    settings_page.benchmark.setText("๔๐,๐๐๐ บาท")
    settings_page.save_benchmark()
    assert income_benchmark(ctx.db) == 40_000
    assert settings_page.benchmark_status.text() == "บันทึกแล้ว: ๔๐,๐๐๐ บาทต่อคนต่อปี"
    settings_page.benchmark.setText("สี่หมื่น")
    settings_page.save_benchmark()
    assert "จำนวนเงิน" in settings_page.benchmark_status.text()
    assert income_benchmark(ctx.db) == 40_000  # refused: nothing changed


# -- every page on the demo database (one formatter used everywhere) -----------------

THAI_DIGIT = re.compile("[๐-๙]")
BE_YEAR = re.compile("(?<![0-9๐-๙])(25[0-9]{2}|๒๕[๐-๙]{2})(?![0-9๐-๙])")
# Not numbers the desk formats: the office's letter prefix ("มท ๐๓๑๘.๑", written as on its letters),
# a font's name, and the setting's own sample of Thai digits.
NOT_NUMBERS = ("TH SarabunIT๙", "(๐ ๑ ๒ … ๙)")
MONTHS = "ม.ค.|ก.พ.|มี.ค.|เม.ย.|พ.ค.|มิ.ย.|ก.ค.|ส.ค.|ก.ย.|ต.ค.|พ.ย.|ธ.ค.|มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|" \
    "พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
CE_YEAR = re.compile(f"(?:{MONTHS.replace('.', '[.]')}) (?:20[0-9]{{2}}|๒๐[๐-๙]{{2}})(?![0-9๐-๙])")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from moi_desktop.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3")


def _demo_window(demo_path, make_ctx, qtbot, tmp_path, thai: bool):
    from moi_desktop.db import open_database
    from moi_desktop.security import get_user
    from ui.main_window import MainWindow

    copy = tmp_path / "demo.sqlite3"
    shutil.copy(demo_path, copy)  # a closed database file: each test writes to its own copy
    db = open_database(copy)
    set_thai_digits(db, thai)
    ctx = make_ctx(db)
    ctx.user = get_user(ctx.db, "clerk")
    assert formatting.thai_digits() is thai
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.build_all_pages()
    window.resize(1366, 728)
    window.show()
    return window


def _screen_texts(page: QWidget) -> list[tuple[str, str]]:
    """(where, text) of what the page shows: labels, buttons, group titles, table headers and cells."""
    texts: list[tuple[str, str]] = []
    for w in page.findChildren(QWidget):
        if not w.isVisibleTo(page):
            continue
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append((f"{type(w).__name__} {w.objectName()}", w.text()))
        elif isinstance(w, QGroupBox):
            texts.append(("QGroupBox", w.title()))
        elif isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount()):
                texts.append(("header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")))
            for r in range(min(model.rowCount(), 15)):
                for c in range(model.columnCount()):
                    if not w.isColumnHidden(c):
                        texts.append((f"cell {r},{c}", _cell_text(w, model.index(r, c))))
    return texts


def _without(text: str, data: tuple[str, ...]) -> str:
    for part in data:
        text = text.replace(part, "")
    return text


@pytest.mark.slow  # builds the demo database once for the module and every page
def test_with_arabic_digits_no_page_shows_a_thai_digit(demo_path, make_ctx, qtbot, tmp_path):
    window = _demo_window(demo_path, make_ctx, qtbot, tmp_path, thai=False)
    try:
        data = (get_office(window.ctx.db).ref_prefix, *NOT_NUMBERS)
        found = {}
        for key in window.page_keys():
            page = window.show_page(key)
            QApplication.processEvents()
            shown = [(where, _without(text, data)) for where, text in _screen_texts(page)]
            bad = [(where, text) for where, text in shown if THAI_DIGIT.search(text)]
            if bad:
                found[key] = bad
        assert not found, "\n".join(f"{k}: {w}: {t!r}" for k, v in found.items() for w, t in v)
    finally:
        formatting.set_thai_digits(True)


@pytest.mark.slow
def test_with_thai_digits_pages_show_buddhist_era_years(demo_path, make_ctx, qtbot, tmp_path):
    window = _demo_window(demo_path, make_ctx, qtbot, tmp_path, thai=True)
    years = 0
    christian = {}
    for key in window.page_keys():
        page = window.show_page(key)
        QApplication.processEvents()
        for where, text in _screen_texts(page):
            years += len(BE_YEAR.findall(text))
            if CE_YEAR.search(text):
                christian.setdefault(key, []).append((where, text))
    assert years > 0
    assert not christian, christian
