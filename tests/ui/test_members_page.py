"""Members page, edit dialog, import wizard and merge screen (pytest-qt)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from moi_desktop.members import MemberQuery, add_member, count_members, get_member, member_ids, merge_history
from moi_desktop.thai.national_id import check_digit
from tests.data.members.make_workbooks import write_registrant_workbook
from ui.dialogs.import_wizard import ImportWizard
from ui.dialogs.member_edit import MemberDialog
from ui.dialogs.member_merge import MergeDialog
from ui.pages import discover_pages
from ui.pages.members import MembersPage

ID1 = "110370208488" + str(check_digit("110370208488"))


@pytest.fixture
def people(ctx):
    db = ctx.db
    return {
        "somchai": add_member(db, {"title": "นาย", "first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345678",
                                     "sector": "government", "team_role": "leader10", "subdistrict_code": "500101"}),
        "malee": add_member(db, {"title": "นางสาว", "first_name": "มาลี", "last_name": "ศรีสุข",
                                   "sector": "people", "team_role": "forum", "national_id": ID1}),
        "kiat": add_member(db, {"first_name": "เกียรติ", "last_name": "ทองดี", "sector": "people", "active": 0}),
    }


@pytest.fixture
def page(qtbot, ctx, people):
    p = MembersPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    return p


def names(page):
    return [page.model.row_data(r)["first_name"] for r in range(page.model.rowCount())]


def test_page_is_discovered():
    spec = next(s for s in discover_pages() if s.key == "members")
    assert (spec.title, spec.order) == ("ภาคีเครือข่าย", 30)


def test_instant_search_and_filters(qtbot, page):
    assert names(page) == ["เกียรติ", "มาลี", "สมชาย"]
    assert page.count.text() == "พบ ๓ คน"
    assert page.model.total_is_exact
    page.search.setText("มาล")  # typed text arrives through textChanged → debounced query
    qtbot.waitUntil(lambda: names(page) == ["มาลี"], timeout=2000)
    page.search.setText("08123")
    qtbot.waitUntil(lambda: names(page) == ["สมชาย"], timeout=2000)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=2000)
    page.sector.setCurrentIndex(page.sector.findData("people"))
    assert names(page) == ["เกียรติ", "มาลี"]
    page.active.setCurrentIndex(page.active.findData(False))
    assert names(page) == ["เกียรติ"]
    page.active.setCurrentIndex(0)
    page.sector.setCurrentIndex(0)
    page.team.setCurrentIndex(page.team.findData("leader10"))
    assert names(page) == ["สมชาย"]
    page.team.setCurrentIndex(0)
    page.subdistrict.select_code("500101")
    assert names(page) == ["สมชาย"]


def test_sort_by_header(page):
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert names(page) == ["สมชาย", "มาลี", "เกียรติ"]


def test_detail_masks_the_national_id(page, people):
    page.select_member(people["malee"])
    html = page.detail.toPlainText()
    assert "มาลี ศรีสุข" in html
    assert "xxxx" in html and ID1[5:9] not in html.replace("-", "")


def test_delete_with_undo(qtbot, page, people):
    page.select_member(people["malee"])
    page.delete_selected()
    assert names(page) == ["เกียรติ", "สมชาย"]
    assert page.undo_bar.isVisible() and "มาลี" in page.undo_text.text()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert names(page) == ["เกียรติ", "มาลี", "สมชาย"]
    assert not page.undo_bar.isVisible()
    assert page.selected_ids() == [people["malee"]]


def test_edit_validation_as_you_type(qtbot, ctx, page):
    dialog = page.add_member()
    qtbot.addWidget(dialog)
    phone, nid = dialog.edits["phone"], dialog.edits["national_id"]
    qtbot.keyClicks(phone, "0812")  # ASCII digits: safe for keyClicks
    assert dialog.errors["phone"].isVisible() and "๑๐ หลัก" in dialog.errors["phone"].text()
    qtbot.keyClicks(phone, "345678")
    assert not dialog.errors["phone"].isVisible()
    qtbot.keyClicks(nid, ID1[:12] + str((int(ID1[12]) + 1) % 10))
    assert "เลขตรวจสอบ" in dialog.errors["national_id"].text()
    dialog.edits["first_name"].setText("ทดสอบ")
    dialog.save()
    assert dialog.isVisible()  # refused: nothing saved
    assert count_members(ctx.db, MemberQuery(text="ทดสอบ")) == 0
    nid.setText(ID1)  # already belongs to มาลี
    dialog.save()
    assert "มีอยู่แล้ว" in dialog.errors["national_id"].text()
    nid.clear()
    dialog.edits["first_name"].clear()
    assert dialog.errors["first_name"].text() == "กรุณากรอกชื่อ"
    dialog.edits["first_name"].setText("ทดสอบ")
    dialog.edits["moo"].setText("๕")
    dialog.sector.setCurrentIndex(dialog.sector.findData("other"))
    dialog.edits["sector_other"].setText("ภาคการศึกษา")
    dialog.save()
    assert not dialog.isVisible()
    row = get_member(ctx.db, dialog.saved_id)
    assert (row["phone"], row["moo"], row["sector"], row["sector_other"]) == ("0812345678", "5", "other", "ภาคการศึกษา")
    assert page.selected_ids() == [dialog.saved_id]


def test_duplicate_warning_in_dialog(qtbot, ctx, people):
    dialog = MemberDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.edits["first_name"].setText("สมชาย")
    dialog.edits["last_name"].setText("ใจดีย์")
    notes = dialog.check_duplicates()
    assert notes and "นายสมชาย ใจดี" in notes[0]


def test_edit_existing_member(qtbot, ctx, page, people):
    page.select_member(people["somchai"])
    dialog = page.edit_selected()
    qtbot.addWidget(dialog)
    assert dialog.edits["first_name"].text() == "สมชาย"
    assert dialog.subdistrict.current_code() == "500101"
    dialog.edits["position"].setText("ปลัดอำเภอ")
    dialog.save()
    assert get_member(ctx.db, people["somchai"])["position"] == "ปลัดอำเภอ"


def test_import_wizard(qtbot, ctx, tmp_path):
    path = tmp_path / "registrants.xlsx"
    expected = write_registrant_workbook(path)
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.set_path(path)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    combos = wizard.mapping_page.combos
    assert [c.currentData() for c in combos][:4] == ["seq", "first_name", "last_name", "national_id"]
    # The user re-maps ตำแหน่ง (H) onto หน่วยงาน: G loses it (one column per field).
    combos[7].setCurrentIndex(combos[7].findData("organisation"))
    assert combos[6].currentData() is None
    combos[6].setCurrentIndex(combos[6].findData("organisation"))  # and back
    combos[7].setCurrentIndex(combos[7].findData("position"))
    wizard.mapping_page.team.setCurrentIndex(wizard.mapping_page.team.findData("change_agent100"))
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    preview = wizard.preview_page
    rows_listed = {int(preview.table.item(i, 0).text().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
                   for i in range(preview.table.rowCount())}
    assert set(expected["errors"]) | set(expected["duplicates"]) <= rows_listed
    assert count_members(ctx.db, MemberQuery()) == 0  # dry run
    out = wizard.export_problems(tmp_path / "problems.xlsx")
    assert out.exists()
    wizard.next()
    assert wizard.currentPage() is wizard.done_page
    assert wizard.applied.imported == expected["imported"]
    assert count_members(ctx.db, MemberQuery()) == expected["imported"]
    assert count_members(ctx.db, MemberQuery(team_role="change_agent100")) == expected["imported"]
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)


def test_import_wizard_rejects_a_file_without_header(qtbot, ctx, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("ก,ข\n1,2\n", encoding="utf-8")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.set_path(path)
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "หัวตาราง" in wizard.file_page.error.text()


def test_merge_screen(qtbot, ctx, people):
    db = ctx.db
    twin = add_member(db, {"title": "นาย", "first_name": "สมชาย", "last_name": "ใจดีย์", "phone": "0899999999",
                             "email": "s@example.com", "sector": "people"})
    dialog = MergeDialog(ctx)  # finds candidate pairs itself (sync task in tests)
    qtbot.addWidget(dialog)
    assert dialog.pairs.count() == 1
    assert (dialog.a["id"], dialog.b["id"]) == (people["somchai"], twin)  # older record first
    dialog.keep_b.setChecked(True)  # keep the later record …
    assert dialog.choices["last_name"].currentData() == "b"
    assert dialog.choices["subdistrict_code"].currentData() == "a"  # a blank of b is filled from a
    dialog.choices["last_name"].setCurrentIndex(0)  # … but with the other spelling of the surname
    dialog.confirm = lambda text: True
    dialog.merge()
    assert dialog.pairs.count() == 0
    survivor = twin
    kept = get_member(db, twin)
    assert (kept["last_name"], kept["phone"], kept["subdistrict_code"]) == ("ใจดี", "0899999999", "500101")
    assert get_member(db, people["somchai"])["merged_into"] == twin
    assert merge_history(db, survivor)


def test_merge_cancelled_changes_nothing(qtbot, ctx, people):
    dialog = MergeDialog(ctx, (people["somchai"], people["malee"]))
    qtbot.addWidget(dialog)
    dialog.confirm = lambda text: False
    dialog.merge()
    assert get_member(ctx.db, people["malee"])["merged_into"] is None


def test_pdpa_actions(qtbot, page, people, tmp_path, monkeypatch):
    page.select_member(people["malee"])
    out = page.export_person(tmp_path / "malee.json")
    assert ID1 in out.read_text(encoding="utf-8")
    page.confirm = lambda text: True
    assert page.erase_person()
    assert names(page) == ["เกียรติ", "สมชาย"]


def test_model_fetches_pages_as_the_view_scrolls(qtbot, ctx):
    from moi_desktop.imports.bulk import insert_rows
    from ui.models.members_model import COUNT_CAP, PAGE_SIZE, MembersModel

    rows = [{"first_name": f"คน{i:05d}", "name_sort": f"คน{i:05d}", "sector": "people", "active": 1}
            for i in range(COUNT_CAP + 50)]
    with ctx.db.atomic():
        insert_rows(ctx.db, "members", rows)
    model = MembersModel(ctx.db)
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore()
    assert not model.total_is_exact and model.total == COUNT_CAP
    last = rows[-1]["first_name"]
    found = model.row_of(member_ids(ctx.db, MemberQuery(text=last))[0])
    assert found == COUNT_CAP + 49 and model.row_data(found)["first_name"] == last
    assert not model.canFetchMore()
