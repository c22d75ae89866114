"""Home page (office, memo header, counts that follow changes) and settings (edit the office)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from moi_desktop.db.rows import create_sync_table, insert_row, soft_delete
from moi_desktop.office import get_office
from moi_desktop.thai import to_arabic_digits
from ui.pages import home as home_module
from ui.pages.home import HomePage
from ui.pages.settings import SettingsPage


@pytest.fixture
def home(qtbot, ctx):
    page = HomePage(ctx)
    qtbot.addWidget(page)
    return page


def test_home_shows_office_place_and_memo_header(home):
    assert home.title.text() == "ที่ทำการปกครองอำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่"
    assert home.place.text() == "อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่"
    header = [home.header_form.itemAt(i).widget().text() for i in range(home.header_form.count())]
    assert "มท ๐๓๑๘.๑" in header
    assert "นายสมมติ ทดสอบ (นายอำเภอเมืองเชียงใหม่)" in header


def test_home_counts_reference_tables(home):
    counts = {t: to_arabic_digits(label.text()) for t, label in home.count_labels.items()}
    assert home.count_labels["provinces"].text() == "๗๗"  # the office's digits (Thai unless changed)
    assert counts["provinces"] == "77"
    assert counts["districts"] == "928"
    assert counts["subdistricts"] == "7,436"
    assert counts["sdgs"] == "17"


def test_home_counts_only_tables_that_exist_and_follow_changes(qtbot, ctx, monkeypatch):
    monkeypatch.setitem(home_module.DATA_TABLE_LABELS, "shell_widgets", "รายการทดสอบ")
    monkeypatch.setitem(home_module.DATA_TABLE_LABELS, "no_such_table", "ไม่มีตารางนี้")
    create_sync_table(ctx.db, "shell_widgets", {"name": str})
    page = HomePage(ctx)
    qtbot.addWidget(page)
    assert page.count_labels["shell_widgets"].text() == "๐"
    assert "no_such_table" not in page.count_labels
    shown = [w.text() for w in page.data_box.findChildren(QLabel) if w.isVisibleTo(page)]
    assert "ไม่มีตารางนี้" not in shown and "รายการทดสอบ" in shown
    first = insert_row(ctx.db, "shell_widgets", {"name": "ก"})
    insert_row(ctx.db, "shell_widgets", {"name": "ข"})
    qtbot.waitUntil(lambda: page.count_labels["shell_widgets"].text() == "๒")
    soft_delete(ctx.db, "shell_widgets", first)  # a tombstone is not counted
    qtbot.waitUntil(lambda: page.count_labels["shell_widgets"].text() == "๑")


def test_add_section_places_widgets_after_the_counts(home):
    section = QLabel("กราฟโครงการ")
    home.add_section(section)
    second = QLabel("กราฟที่สอง")
    home.add_section(second)
    layout = home._layout
    order = [layout.itemAt(i).widget() for i in range(layout.count())]
    assert order.index(home.reference_box) < order.index(section) < order.index(second)


@pytest.fixture
def settings(qtbot, ctx):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    return page


def test_settings_shows_and_saves_the_office(qtbot, settings, ctx):
    form = settings.form
    assert form.location.province_code() == "50" and form.location.district_code() == "5001"
    assert form.header.edits["ref_prefix"].text() == "มท ๐๓๑๘.๑"
    form.header.edits["chief_name"].setText("นางสาวทดลอง แก้ไข")
    form.location.district.select_code("5002")
    with qtbot.waitSignal(ctx.data_changed, check_params_cb=lambda t: t == "office"):
        qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert settings.status.text() == "บันทึกแล้ว"
    office = get_office(ctx.db)
    assert office.chief_name == "นางสาวทดลอง แก้ไข" and office.district_code == "5002"
    assert ctx.office.chief_name == "นางสาวทดลอง แก้ไข"
    assert ctx.db.execute("SELECT COUNT(*) FROM office").fetchone()[0] == 1  # updated, not added


def test_settings_shows_thai_errors_inline_and_changes_nothing(qtbot, settings, ctx):
    before = get_office(ctx.db)
    settings.form.header.edits["org_name"].setText("")
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert settings.form.error_messages() == {"org_name": "กรุณากรอกส่วนราชการ"}
    assert "ยังไม่ได้บันทึก" in settings.status.text()
    settings.form.header.edits["org_name"].setText("ที่ทำการปกครองอำเภอ")
    settings.form.location.province.lineEdit().setText("ไม่มีจังหวัดนี้")
    assert settings.save() is False
    assert settings.form.error_messages() == {"province_code": "กรุณาเลือกจังหวัดจากรายการ"}
    assert get_office(ctx.db) == before


def test_settings_revert_discards_edits(qtbot, settings):
    settings.form.header.edits["phone"].setText("099")
    qtbot.mouseClick(settings.revert_button, Qt.MouseButton.LeftButton)
    assert settings.form.header.edits["phone"].text() == "053 112 345"


def test_settings_chooses_the_document_font(qtbot, settings, ctx):
    from moi_desktop.documents import get_document_font

    combo = settings.font_combo
    families = [combo.itemData(i) for i in range(combo.count())]
    assert families[:2] == ["Laksaman", "Sarabun"]
    assert combo.currentData() == "Laksaman" and get_document_font(ctx.db) is None
    with qtbot.waitSignal(ctx.data_changed, check_params_cb=lambda t: t == "meta"):
        combo.setCurrentIndex(families.index("Sarabun"))
    assert get_document_font(ctx.db) == "Sarabun"
    assert settings.font_status.text() == "เอกสารจะใช้แบบอักษร Sarabun"
    again = SettingsPage(ctx)  # the choice is stored in the database, not the widget
    qtbot.addWidget(again)
    assert again.font_combo.currentData() == "Sarabun"


def test_settings_font_falls_back_when_the_pc_lacks_the_stored_family(qtbot, ctx):
    ctx.db.execute("INSERT INTO meta(key, value) VALUES ('document_font', 'TH SarabunIT๙')")
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.font_combo.currentData() == "Laksaman"
    assert page.font_status.text() == "ไม่พบ TH SarabunIT๙ ในเครื่องนี้ จะใช้ Laksaman แทน"


def _png(path, mode="RGBA", size=(300, 300)):
    from PIL import Image, ImageDraw

    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white")
    ImageDraw.Draw(image).ellipse((60, 60, 240, 240), fill="black")
    image.save(path)
    return path


def test_settings_stores_the_garuda_in_the_database_and_shows_it(qtbot, settings, ctx, tmp_path):
    from moi_desktop.office import get_office_garuda

    assert get_office_garuda(ctx.db) is None
    assert "ยังไม่ได้ตั้งภาพครุฑ" in settings.form.header.garuda_status.text()
    settings.form.header.garuda_file.setText(str(_png(tmp_path / "garuda.png")))
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert settings.status.text() == "บันทึกแล้ว"
    stored = get_office_garuda(ctx.db)
    assert stored is not None and stored.data == (tmp_path / "garuda.png").read_bytes()
    assert get_office(ctx.db).garuda_path == "garuda.png"
    (tmp_path / "garuda.png").unlink()  # the file may go: the database holds the image
    settings.refresh()
    assert "garuda.png" in settings.form.header.garuda_status.text()
    assert not settings.form.header.garuda_preview.pixmap().isNull()
    # saving the profile again keeps the image
    settings.form.header.edits["phone"].setText("053 112 999")
    assert settings.save() is True
    assert get_office_garuda(ctx.db) == stored


def test_settings_refuses_an_opaque_garuda_and_keeps_the_old_one(qtbot, settings, ctx, tmp_path):
    from moi_desktop.office import get_office_garuda

    settings.form.header.garuda_file.setText(str(_png(tmp_path / "opaque.png", mode="RGB")))
    assert settings.save() is False
    assert "โปร่งใส" in settings.form.error_messages()["garuda_path"]
    assert get_office_garuda(ctx.db) is None


def test_settings_warns_about_control_characters_and_saves_clean_text(qtbot, settings, ctx):
    settings.form.header.edits["chief_name"].setText("นาง\u202eทดลอง\x00 แก้ไข")
    assert settings.save() is True
    assert get_office(ctx.db).chief_name == "นางทดลอง แก้ไข"
    warning = settings.form.header.hostile
    assert not warning.isHidden() and "U+202E" in warning.text() and "ชื่อหัวหน้าส่วนราชการ" in warning.text()
    assert settings.form.header.edits["chief_name"].text() == "นางทดลอง แก้ไข"  # the form shows what was kept
