"""The office's Thai-digit choice in Settings reaches every screen: tables, spin boxes, dates."""

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from moi_desktop.office import uses_thai_digits
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
