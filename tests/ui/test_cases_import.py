"""Importing households and cases from a workbook through the shared wizard, from the cases page."""

from datetime import date

from moi_desktop.office import default_office_for_district, save_office
from tests.integration.test_cases_cli import ROWS, _workbook
from ui.pages.cases import CasesPage


def test_cases_page_imports_a_workbook_through_the_wizard(ctx, qtbot, tmp_path):
    db = ctx.db
    if db.execute("SELECT district_code FROM office").fetchone()[0] != "5001":
        save_office(db, default_office_for_district(db, "5001"))  # the rows name subdistricts of เมืองเชียงใหม่
    page = CasesPage(ctx, today=date(2022, 8, 30))
    qtbot.addWidget(page)
    assert page.import_button.isEnabled()
    book = _workbook(tmp_path / "cases.xlsx", ROWS)

    wizard = page.open_import()
    wizard.file_page.set_path(book)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    assert db["cases"].count == 0  # the preview is a dry run
    wizard.next()
    assert wizard.currentPage() is wizard.done_page
    assert wizard.applied.imported == 3
    numbers = [r[0] for r in db.execute(
        "SELECT i.number FROM cases c JOIN indicators i ON i.id = c.indicator_id ORDER BY i.number")]
    assert numbers == [2, 15, 23]
    wizard.close()
