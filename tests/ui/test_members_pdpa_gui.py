"""PDPA in the GUI: the retention-period picker, role guards on export/erase, the confirmation
before a report shows full national IDs, and the members-only option of the import wizard."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication, QMessageBox

from moi_desktop.db import update_row
from moi_desktop.errors import UserError
from moi_desktop.members import add_member, get_member, get_retention_years, set_retention_years
from moi_desktop.security import authenticate, create_first_admin, create_user, list_entries
from moi_desktop.thai import to_arabic_digits
from moi_desktop.thai.national_id import check_digit
from ui.dialogs.import_wizard import ImportWizard
from ui.dialogs.login import apply_login
from ui.dialogs.member_retention import RetentionDialog
from ui.pages.members import MembersPage
from ui.pages.reports import ReportsPage

ID1 = "110370208488" + str(check_digit("110370208488"))
SHOTS = Path(os.environ.get("MOI_SHOTS", "/nonexistent/moi-shots"))


def _shot(widget, name: str) -> None:
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / f"members2_{name}.png"))


@pytest.fixture
def people(ctx):
    db = ctx.db
    ids = {
        "malee": add_member(db, {"title": "นางสาว", "first_name": "มาลี", "last_name": "ศรีสุข",
                                   "sector": "people", "national_id": ID1, "organisation": "อบต.ป่าแดด",
                                   "subdistrict_code": "500101", "team_role": "forum"}),
        "old": add_member(db, {"title": "นาย", "first_name": "บุญมา", "last_name": "เก่าแก่", "sector": "government",
                                 "organisation": "ที่ว่าการอำเภอ"}),
        "recent": add_member(db, {"first_name": "สายใจ", "last_name": "ใหม่ดี", "sector": "media"}),
    }
    for key, days_ago in (("old", 4 * 366), ("recent", 400)):
        since = (date.today() - timedelta(days=days_ago)).isoformat()
        update_row(db, "members", ids[key], {"active": 0, "inactive_since": since})
    return ids


def _login(ctx, role: str):
    create_first_admin(ctx.db, "admin", "ผู้ดูแลระบบ", "Mango-Tree-71")
    authenticate(ctx.db, "admin", "Mango-Tree-71")  # the administrator adds the other account
    if role != "admin":
        create_user(ctx.db, "user1", "ผู้ใช้ทดสอบ", role, "Hill-Top-77")
    user = authenticate(ctx.db, "admin" if role == "admin" else "user1",
                        "Mango-Tree-71" if role == "admin" else "Hill-Top-77")
    apply_login(ctx, user)
    return user


def _digits_of(xlsx: Path) -> str:
    """Every cell of the workbook as one string of Arabic digits (IDs are written ๑-๑๐๓๗-…)."""
    text = " ".join(str(c) for row in load_workbook(xlsx).active.iter_rows(values_only=True) for c in row if c)
    return to_arabic_digits(text).replace("-", "")


def _visible_boxes():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


# --- retention picker -----------------------------------------------------------------------------

def test_retention_setting_is_stored_and_checked(db):
    assert get_retention_years(db) == 2
    assert set_retention_years(db, "5") == 5
    assert get_retention_years(db) == 5
    for bad in (0, 21, "สอง", 2.5):
        with pytest.raises(UserError) as info:
            set_retention_years(db, bad)
        assert "ระยะเวลาเก็บรักษา" in info.value.message
    assert get_retention_years(db) == 5  # nothing stored by a refused value


def test_retention_picker_lists_and_saves(qtbot, ctx, people):
    dialog = RetentionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.years.value() == 2  # the default policy
    listed = lambda: [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]  # noqa: E731
    assert listed() == ["นายบุญมา เก่าแก่"]  # inactive 4 years; the 400-day one is within the period
    assert not dialog.save_button.isEnabled()
    dialog.years.setValue(5)
    assert listed() == [] and "ไม่มีรายชื่อ" in dialog.summary.text()
    dialog.years.setValue(1)
    assert listed() == ["นายบุญมา เก่าแก่", "สายใจ ใหม่ดี"]  # oldest first
    assert dialog.save_button.isEnabled()
    _shot(dialog, "retention")
    assert dialog.save()
    assert get_retention_years(ctx.db) == 1
    again = RetentionDialog(ctx)
    qtbot.addWidget(again)
    assert again.years.value() == 1  # the stored policy comes back


def test_members_page_menu_opens_the_retention_picker(qtbot, ctx, people):
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    dialog = page.open_retention()
    assert isinstance(dialog, RetentionDialog) and dialog.isVisible()
    dialog.close()


def test_viewer_cannot_change_the_retention_period(qtbot, ctx, people):
    _login(ctx, "viewer")
    dialog = RetentionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.years.setValue(7)
    assert not dialog.save()
    assert get_retention_years(ctx.db) == 2
    assert any("ไม่มีสิทธิ์" in b.text() for b in _visible_boxes())


# --- role guards on the members page ---------------------------------------------------------------

def test_trainer_is_refused_export_and_erase(qtbot, ctx, people, tmp_path):
    _login(ctx, "trainer")
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.select_member(people["malee"])
    out = tmp_path / "malee.json"
    assert page.export_person(out) is None
    assert not out.exists()
    assert any("ไม่มีสิทธิ์ส่งออกข้อมูลส่วนบุคคล" in b.text() for b in _visible_boxes())
    page.confirm = lambda text: pytest.fail("a refused user must not even be asked")
    assert page.erase_person() is False
    assert get_member(ctx.db, people["malee"])["national_id"] == ID1  # nothing erased
    assert not list_entries(ctx.db, action="export_personal")


def test_clerk_may_export(qtbot, ctx, people, tmp_path):
    _login(ctx, "clerk")
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.select_member(people["malee"])
    out = page.export_person(tmp_path / "malee.json")
    assert out is not None and ID1 in out.read_text(encoding="utf-8")
    assert list_entries(ctx.db, action="export_personal")[0].actor == "user1"


# --- reports: confirm before full IDs ---------------------------------------------------------------

@pytest.fixture
def reports(qtbot, ctx, people, monkeypatch):
    asked: list[str] = []
    answer = {"value": QMessageBox.StandardButton.No}

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answer["value"]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.select_report("members-contacts")
    return page, asked, answer


def test_full_ids_need_confirmation(qtbot, reports):
    page, asked, answer = reports
    box = page._inputs["show_ids"][1]
    box.setChecked(True)  # refused
    assert len(asked) == 1 and "พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล" in asked[0] and "เลขประจำตัวประชาชน" in asked[0]
    assert not box.isChecked()
    assert page.params()["show_ids"] is False
    answer["value"] = QMessageBox.StandardButton.Yes
    box.setChecked(True)
    assert box.isChecked() and page.params()["show_ids"] is True
    assert len(asked) == 2  # params() does not ask again once confirmed
    box.setChecked(False)
    box.setChecked(True)
    assert len(asked) == 3  # unticking forgets the confirmation


def test_confirmed_report_shows_full_ids_and_is_audited(qtbot, reports, tmp_path, monkeypatch):
    from ui.dialogs import save_report

    page, asked, answer = reports
    target = tmp_path / "contacts.xlsx"
    monkeypatch.setattr(save_report, "ask_save_path", lambda parent, name, fmt: target)
    for key, value in (("sector", "people"), ("team", "forum")):  # the filters have no "all" entry
        combo = page._inputs[key][1]
        combo.setCurrentIndex(combo.findData(value))
    page.save("xlsx")  # not ticked: masked, no question
    cells = _digits_of(target)
    assert ID1 not in cells and not asked
    answer["value"] = QMessageBox.StandardButton.Yes
    page._inputs["show_ids"][1].setChecked(True)
    page.save("xlsx")
    cells = _digits_of(target)
    assert ID1 in cells
    assert list_entries(page.ctx.db, action="export_personal")


def test_sensitive_case_option_also_asks(qtbot, ctx, reports):
    from moi_desktop.reports import ReportParam
    from ui.pages.reports import disclosure_text

    text = disclosure_text(ReportParam("show_sensitive", "x", kind="bool"))
    assert "อ่อนไหว" in text and "มาตรา ๒๖" in text
    assert disclosure_text(ReportParam("landscape", "x", kind="bool")) is None


# --- import wizard: members-only option ---------------------------------------------------------------

@pytest.mark.parametrize("kind, shown", [("members", True), ("cases", False)])
def test_team_option_only_for_members(qtbot, ctx, kind, shown):
    wizard = ImportWizard(ctx, kind)
    qtbot.addWidget(wizard)
    wizard.show()
    options = wizard.mapping_page.members_options
    assert options.isHidden() is (not shown)
    assert wizard.mapping_page.team.isVisibleTo(wizard.mapping_page) is shown
