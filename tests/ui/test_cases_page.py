"""The cases page: recording a case, moving it through its statuses, the indicator editor,
filters and the household card (screenshots go to $MOI_SHOTS when it names a folder)."""

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from moi_desktop.cases import add_case, add_household, count_cases, get_case
from moi_desktop.cases.store import indicator_by_number
from ui.dialogs.case_edit import CaseDialog
from ui.dialogs.case_status import CaseStatusDialog
from ui.dialogs.household_card import HouseholdCard
from ui.dialogs.household_edit import HouseholdDialog
from ui.dialogs.indicator_editor import IndicatorEditor
from ui.pages.cases import PAGE, CasesPage

TODAY = date(2022, 8, 30)
SHOTS = Path(os.environ.get("MOI_SHOTS", "/nonexistent/moi-shots"))


def _shot(widget, name: str) -> None:
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / name))


@pytest.fixture
def page(ctx, qtbot):
    widget = CasesPage(ctx, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    return widget


def _household(db, house="12") -> str:
    return add_household(db, {"head_name": "นายสมชาย ใจดี", "house_no": house, "moo": "3", "subdistrict_code": "500101"})


def test_page_is_registered():
    assert (PAGE.key, PAGE.title, PAGE.order) == ("cases", "เรื่องราวครัวเรือน", 50)


def test_record_a_case_with_a_new_household(page, ctx, qtbot):
    page.add_case()
    dialog = page.dialog
    assert isinstance(dialog, CaseDialog) and dialog.log_box.isHidden()
    dialog._new_household()
    household = dialog.household_dialog
    assert isinstance(household, HouseholdDialog)
    household.head_name.setText("นางมาลี มีสุข")
    household.house_no.setText("๔๕/๑")
    household.moo.setText("7")
    household.phone.setText("12")
    household.save()
    assert household.errors["phone"].isVisibleTo(household) and "หมายเลขโทรศัพท์" in household.errors["phone"].text()
    household.phone.setText("081-234-5678")
    household.subdistrict.select_code("500101")
    household.save()
    assert household.result() == HouseholdDialog.DialogCode.Accepted
    assert dialog.household.current_code() == household.saved_id

    dialog.select_indicator_number(22)  # ผู้ป่วยติดเตียง: sensitive by default
    assert dialog.sensitive.isChecked()
    dialog.reported_on.setText("๒๕/๘/๒๕๖๕")
    dialog.description.setPlainText("ต้องการเตียงผู้ป่วย")
    dialog.dimension.setCurrentIndex(dialog.dimension.findData("both"))
    _shot(dialog, "case_dialog.png")
    dialog.save()
    assert dialog.result() == CaseDialog.DialogCode.Accepted
    case = get_case(ctx.db, dialog.saved_id)
    assert (case["indicator_number"], case["reported_on"], case["sensitive"], case["dimension"], case["status"]) == (
        22, "2022-08-25", 1, "both", "received")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row_data(0)["id"] == case["id"]


def test_bad_date_shows_under_the_field_and_saves_nothing(page, ctx):
    _household(ctx.db)
    page.add_case()
    dialog = page.dialog
    dialog.household.setCurrentIndex(0)
    dialog.select_indicator_number(2)
    dialog.reported_on.setText("๓๑/๒/๒๕๖๕")
    dialog.save()
    assert dialog.errors["reported_on"].isVisibleTo(dialog)
    assert ctx.db["cases"].count == 0


def test_move_a_case_through_its_statuses(page, ctx, qtbot):
    hid = _household(ctx.db)
    case_id = add_case(ctx.db, {"household_id": hid, "indicator_id": indicator_by_number(ctx.db, 2)["id"],
                                  "reported_on": "2022-08-01"}, today=TODAY)
    page.refresh()
    page.select_row(0)
    assert page.status_button.isEnabled()
    page.change_status()
    dialog = page.dialog
    assert isinstance(dialog, CaseStatusDialog)
    assert set(dialog.choices) == {"in_progress", "self_resolved", "referred"}  # not straight to helped
    dialog.choose("in_progress")
    dialog.on.setText("05/08/2565")
    dialog.note.setText("ลงพื้นที่เยี่ยมบ้าน")
    _shot(dialog, "case_status.png")
    dialog.save()
    assert get_case(ctx.db, case_id)["status"] == "in_progress"

    page.select_row(0)
    page.change_status()
    dialog = page.dialog
    assert set(dialog.choices) == {"helped", "self_resolved", "referred"}
    dialog.choose("helped")
    dialog.on.setText("01/08/2565")  # before the last change: refused, message shown
    dialog.save()
    box = next(w for w in dialog.findChildren(QMessageBox))
    assert "ไม่ก่อน" in box.text()
    box.close()
    assert get_case(ctx.db, case_id)["status"] == "in_progress"
    dialog.on.setText("20/08/2565")
    dialog.save()
    assert get_case(ctx.db, case_id)["status"] == "helped"
    qtbot.waitUntil(lambda: page.model.row_data(0)["status"] == "helped")

    page.select_row(0)
    page.open_case()
    detail = page.dialog
    assert [detail.log_table.item(i, 3).text() for i in range(detail.log_table.rowCount())] == [
        "รับเรื่อง", "กำลังดำเนินการ", "ช่วยเหลือแล้ว"]
    detail.action_what.setText("ติดตามผลหลังซ่อมบ้าน")
    detail.action_date.setText("25/08/2565")
    detail.add_action()
    assert detail.log_table.rowCount() == 4 and detail.log_table.item(3, 1).text() == "ติดตามผลหลังซ่อมบ้าน"
    _shot(detail, "case_detail.png")


def test_indicator_editor_add_edit_deactivate(ctx, qtbot):
    editor = IndicatorEditor(ctx)
    qtbot.addWidget(editor)
    assert editor.table.rowCount() == 27
    assert editor.number.value() == 10  # the first number seed 004 does not use
    editor.text.setText("บ้านไม่มีไฟฟ้าส่องสว่าง")
    editor.save()
    assert editor.table.rowCount() == 28
    editor.start_new()
    editor.number.setValue(10)
    editor.text.setText("ซ้ำ")
    editor.save()
    assert editor.error.isVisibleTo(editor) and "มีตัวชี้วัดเลขที่ ๑๐ อยู่แล้ว" in editor.error.text()
    editor.table.selectRow(editor.row_index(10))
    editor.text.setText("บ้านไม่มีไฟฟ้าส่องสว่างเพียงพอ")
    editor.save()
    assert indicator_by_number(ctx.db, 10)["text"] == "บ้านไม่มีไฟฟ้าส่องสว่างเพียงพอ"
    editor.table.selectRow(editor.row_index(10))
    editor.toggle_active()
    assert indicator_by_number(ctx.db, 10)["active"] == 0
    assert editor.table.item(editor.row_index(10), 4).text() == "ปิดใช้งาน"
    _shot(editor, "indicator_editor.png")
    picker = CaseDialog(ctx, today=TODAY)
    qtbot.addWidget(picker)
    with pytest.raises(ValueError):
        picker.select_indicator_number(10)  # retired: not offered for new cases


def test_filters_and_household_card(page, ctx, qtbot):
    hid = _household(ctx.db)
    other = add_household(ctx.db, {"head_name": "นางมาลี มีสุข", "house_no": "9", "subdistrict_code": "500102"})
    ids = {}
    for household, number, on in ((hid, 2, "2022-06-01"), (hid, 15, "2022-08-20"), (other, 23, "2022-08-25")):
        ids[number] = add_case(ctx.db, {"household_id": household, "reported_on": on,
                                          "indicator_id": indicator_by_number(ctx.db, number)["id"]}, today=TODAY)
    page.refresh()
    assert page.model.rowCount() == 3
    page.overdue.setChecked(True)
    assert [page.model.case_id(r) for r in range(page.model.rowCount())] == [ids[2]]
    page.overdue.setChecked(False)
    page.select_filter(page.subdistrict, "500102")
    assert [page.model.case_id(r) for r in range(page.model.rowCount())] == [ids[23]]
    page.select_filter(page.subdistrict, None)
    page.select_filter(page.category, indicator_by_number(ctx.db, 15)["category_id"])
    assert page.indicator.count() == 5  # "all" + the four income indicators
    assert [page.model.case_id(r) for r in range(page.model.rowCount())] == [ids[15]]
    page.select_filter(page.category, None)
    page.search.setText("มาลี")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.search.setText("")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert "เกินกำหนด (๓๐ วัน) ๑" in page.summary.text()

    page.select_row(page.model.row_of(ids[2]))
    page.open_household()
    card = page.dialog
    assert isinstance(card, HouseholdCard)
    assert card.table.rowCount() == 2 and card.head.text() == "นายสมชาย ใจดี"
    _shot(card, "household_card.png")


@pytest.mark.slow
def test_screenshot_of_the_page_with_demo_data(make_ctx, tmp_path, qtbot):
    from moi_desktop.db import open_database
    from moi_desktop.demo import REFERENCE_DATE, build_demo
    from moi_desktop.security import get_user
    from ui.dialogs.login import apply_login

    db = open_database(build_demo(tmp_path / "demo.sqlite3"))
    ctx = make_ctx(db)
    page = CasesPage(ctx, today=REFERENCE_DATE)
    qtbot.addWidget(page)
    assert page.add_button.isEnabled()  # a demo's invented people: the system may act, as in the CLI
    apply_login(ctx, get_user(db, "viewer"))
    page.refresh()
    assert not page.add_button.isEnabled()
    apply_login(ctx, get_user(db, "clerk"))
    page.refresh()
    assert page.add_button.isEnabled()
    page.resize(1280, 720)
    assert page.model.rowCount() == db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] > 100
    page.table.resizeColumnsToContents()
    page.select_row(2)
    page.show()
    _shot(page, "cases_page.png")
    page.overdue.setChecked(True)
    assert 0 < page.model.rowCount() < count_cases(db)
    assert all(page.model.row_data(r)["overdue"] for r in range(page.model.rowCount()))
