"""First-run wizard: choose the office, fill the memo header, saved through the core."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from moi_desktop import reference
from moi_desktop.office import get_office
from ui.dialogs.first_run import FirstRunWizard


@pytest.fixture
def wizard(qtbot, db):
    w = FirstRunWizard(db)
    qtbot.addWidget(w)
    w.show()
    return w


def finish(qtbot, wizard):
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)


def test_fill_both_steps_saves_the_office(qtbot, wizard, db):
    fields = wizard.location_page.fields
    fields.province.select_code("50")
    assert fields.district.isEnabled()
    fields.district.select_code("5001")
    wizard.next()
    assert wizard.currentPage() is wizard.header_page
    header = wizard.header_page.fields.edits
    # Prefilled from the core's default for the district.
    assert header["org_name"].text() == "ที่ทำการปกครองอำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่"
    assert header["chief_position"].text() == "นายอำเภอเมืองเชียงใหม่"
    header["ref_prefix"].setText("มท ๐๓๑๘.๑")
    header["phone"].setText("053 112 345")
    header["chief_name"].setText("นายสมมติ ทดสอบ")
    finish(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    office = get_office(db)
    assert office is not None
    assert (office.level, office.province_code, office.district_code) == ("district", "50", "5001")
    assert office.ref_prefix == "มท ๐๓๑๘.๑"
    assert office.chief_name == "นายสมมติ ทดสอบ"
    assert office.org_name.startswith("ที่ทำการปกครองอำเภอเมืองเชียงใหม่")
    assert wizard.saved_office.id == office.id


def test_district_list_follows_the_province(wizard, db):
    fields = wizard.location_page.fields
    assert not fields.district.isEnabled()
    fields.province.select_code("50")
    codes = [fields.district.itemData(i) for i in range(fields.district.count())]
    assert codes == [d["district_code"] for d in reference.districts_in(db, "50")]
    assert codes and all(code.startswith("50") for code in codes)
    fields.province.select_code("10")
    assert fields.district.itemData(0).startswith("10")
    assert fields.district.current_code() is None  # the old choice does not survive


def test_typing_a_province_name_selects_it(wizard):
    fields = wizard.location_page.fields
    fields.province.lineEdit().setText("เชียงใหม่")
    assert fields.province_code() == "50"
    fields.province.lineEdit().setText("เชียงใ")  # a fragment is not a choice
    assert fields.province_code() is None


def test_step_one_requires_choices_from_the_lists(wizard, db):
    page = wizard.location_page
    wizard.next()
    assert wizard.currentPage() is page
    assert page.fields.errors.messages() == {"province_code": "กรุณาเลือกจังหวัดจากรายการ"}
    page.fields.province.lineEdit().setText("เชียงใหม่")
    wizard.next()
    assert wizard.currentPage() is page
    assert page.fields.errors.messages() == {"district_code": "กรุณาเลือกอำเภอจากรายการ"}
    assert get_office(db) is None


def test_bad_header_values_show_inline_and_save_nothing(qtbot, wizard, db):
    wizard.location_page.fields.select("50", "5001")
    wizard.next()
    page = wizard.header_page
    page.fields.edits["ref_prefix"].setText("มท")
    finish(qtbot, wizard)
    assert wizard.currentPage() is page
    assert "มท ๐๓๑๘.๑" in page.fields.errors.messages()["ref_prefix"]
    page.fields.edits["ref_prefix"].setText("มท ๐๓๑๘.๑")
    page.fields.edits["phone"].setText("12")
    finish(qtbot, wizard)
    assert set(page.fields.errors.messages()) == {"phone"}
    page.fields.edits["phone"].clear()
    page.fields.edits["org_name"].setText("   ")
    finish(qtbot, wizard)
    assert page.fields.errors.messages() == {"org_name": "กรุณากรอกส่วนราชการ"}
    page.fields.garuda_file.setText("/no/such/garuda.png")
    page.fields.edits["org_name"].setText("ที่ทำการปกครองอำเภอเมืองเชียงใหม่")
    finish(qtbot, wizard)
    assert set(page.fields.errors.messages()) == {"garuda_path"}
    assert get_office(db) is None
    assert wizard.isVisible()


def test_going_back_to_another_district_updates_untouched_suggestions(wizard):
    wizard.location_page.fields.select("50", "5001")
    wizard.next()
    edits = wizard.header_page.fields.edits
    edits["org_name"].setText("ที่ทำการปกครองอำเภอ (แก้เอง)")
    wizard.back()
    wizard.location_page.fields.district.select_code("5002")
    wizard.next()
    assert edits["org_name"].text() == "ที่ทำการปกครองอำเภอ (แก้เอง)"  # typed by the user: kept
    assert edits["chief_position"].text() == "นายอำเภอจอมทอง"  # our suggestion: follows the district


def test_province_office_needs_no_district(qtbot, wizard, db):
    fields = wizard.location_page.fields
    fields.set_level("province")
    assert fields.district.isHidden()
    fields.province.select_code("50")
    wizard.next()
    edits = wizard.header_page.fields.edits
    assert edits["chief_position"].text() == "ผู้ว่าราชการจังหวัดเชียงใหม่"
    edits["ref_prefix"].setText("ชม ๐๐๑๗")
    finish(qtbot, wizard)
    office = get_office(db)
    assert (office.level, office.province_code, office.district_code) == ("province", "50", None)


def test_cancel_rejects_and_saves_nothing(qtbot, wizard, db):
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert get_office(db) is None


def test_the_wizard_takes_the_garuda_once_into_the_database(qtbot, wizard, db, tmp_path):
    from moi_desktop.documents import placeholder_garuda
    from moi_desktop.office import get_office_garuda

    path = tmp_path / "garuda.png"
    path.write_bytes(placeholder_garuda().data)
    wizard.location_page.fields.select("50", "5001")
    wizard.next()
    wizard.header_page.fields.edits["ref_prefix"].setText("มท ๐๓๑๘.๑")
    wizard.header_page.fields.garuda_file.setText(str(path))
    finish(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert get_office_garuda(db).data == path.read_bytes()
