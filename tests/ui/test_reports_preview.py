"""Report parameters in the Buddhist era with the office's digits; the preview renders in the
background with page 1 first; Save PDF reuses the rendered preview; the parameter pane keeps
its width from report to report."""

from datetime import date

import pytest
from PySide6.QtPdf import QPdfDocument

from moi_desktop.office import set_thai_digits, uses_thai_digits
from moi_desktop.reports import get_report
from ui import formatting
from ui.dialogs import save_report
from ui.pages import reports as reports_page
from ui.pages.reports import ReportsPage
from ui.widgets.thai_date import ThaiDateField

CASES_REPORT = "cases-by-status"  # its options include two dates
MULTI_PAGE = "reference.districts"  # Chiang Mai's districts and subdistricts: several pages


@pytest.fixture
def page(ctx, qtbot):
    widget = ReportsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    yield widget
    formatting.set_thai_digits(True)


def _date_fields(page) -> dict[str, ThaiDateField]:
    return {key: w for key, (p, w) in page._inputs.items() if p.kind == "date"}


def test_date_parameters_show_the_buddhist_era_with_thai_digits(page, qtbot):
    assert {p.key for p in get_report(CASES_REPORT).params if p.kind == "date"} == {"date_from", "date_to"}
    page.select_report(CASES_REPORT)
    fields = _date_fields(page)
    assert set(fields) == {"date_from", "date_to"}
    today = date.today()
    for field in fields.values():
        assert isinstance(field, ThaiDateField)
        text = field.text()
        assert formatting.digits(str(today.year + 543)) in text, text  # พ.ศ. in Thai digits
        assert str(today.year) not in text and "/" not in text  # never "3/4/2022"
        assert field.hint.text().startswith("= ")
    fields["date_from"].setText("๓/๔/๒๕๖๕")
    assert fields["date_from"].hint.text() == "= ๓ เมษายน ๒๕๖๕"
    assert page.params()["date_from"] == date(2022, 4, 3)
    fields["date_to"].set_date(date(2022, 9, 30))
    assert fields["date_to"].text() == "๓๐ ก.ย. ๒๕๖๕"
    assert page.params()["date_to"] == date(2022, 9, 30)


def test_arabic_digits_when_the_office_chooses_them(page, ctx, qtbot):
    assert uses_thai_digits(ctx.db)
    set_thai_digits(ctx.db, False)
    qtbot.waitUntil(lambda: not formatting.thai_digits(), timeout=2000)  # follows the setting
    page.select_report(CASES_REPORT)
    field = _date_fields(page)["date_from"]
    field.set_date(date(2022, 4, 3))
    assert field.text() == "3 เม.ย. 2565"
    assert field.hint.text() == "= 3 เมษายน 2565"
    assert formatting.percent(42) == "42%" and formatting.count(13, "หลัก") == "13 หลัก"
    set_thai_digits(ctx.db, True)
    qtbot.waitUntil(formatting.thai_digits, timeout=2000)
    assert formatting.percent(42) == "๔๒%" and formatting.count(13, "หลัก") == "๑๓ หลัก"


def test_unreadable_date_is_said_in_thai_and_nothing_renders(page, qtbot, monkeypatch):
    page.select_report(CASES_REPORT)
    calls = []
    monkeypatch.setattr(page.ctx.tasks, "run", lambda *a, **k: calls.append(a))
    _date_fields(page)["date_from"].setText("๓๓/๑๓/๒๕๖๕")
    page.generate_preview()
    assert not calls
    assert page.preview.placeholder.text()  # the problem, in Thai, where the preview would be


def test_preview_shows_page_one_first_then_the_whole_report(office_db, make_ctx, qtbot):
    ctx = make_ctx(office_db, sync=False)  # a real background render, as in the program
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    counts: list[int] = []  # pages of each document the preview showed, in order
    page.preview.loaded.connect(counts.append)
    page.select_report(MULTI_PAGE)
    qtbot.waitUntil(lambda: page.rendered_preview() is not None and len(counts) >= 2, timeout=30000)
    assert not ctx.tasks.progress_dialog(page._preview_task)  # no modal dialog over the page
    whole = page.rendered_preview()
    first = whole.with_name(whole.stem + "-page1.pdf")
    assert counts[0] == 1 and counts[-1] > 1 and len(counts) == 2
    assert page.preview.path == whole and page.preview.page_count() == counts[-1]
    first_doc, whole_doc = QPdfDocument(), QPdfDocument()
    first_doc.load(str(first))
    whole_doc.load(str(whole))
    assert first_doc.pageCount() == 1 and whole_doc.pageCount() == counts[-1]
    # page 1 alone is drawn exactly as page 1 of the whole file ("หน้า ๑/N" included)
    assert first_doc.getAllText(0).text() == whole_doc.getAllText(0).text()
    assert formatting.digits(f"{whole_doc.pageCount()} หน้า") in page.preview_status.text()


def test_save_pdf_copies_the_preview_without_rendering_again(page, qtbot, tmp_path, monkeypatch):
    page.select_report(MULTI_PAGE)
    qtbot.waitUntil(lambda: page.rendered_preview() is not None, timeout=20000)
    renders = []
    real_render = reports_page.render_report
    monkeypatch.setattr(reports_page, "render_report", lambda *a, **k: (renders.append(a), real_render(*a, **k))[1])
    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(save_report, "ask_save_path", lambda parent, name, fmt: target)
    page.save_pdf_button.click()
    assert page.last_save_reused and not renders
    assert page.last_saved == target
    assert target.read_bytes() == page.rendered_preview().read_bytes()
    # Excel is another file: it is rendered
    xlsx = tmp_path / "saved.xlsx"
    monkeypatch.setattr(save_report, "ask_save_path", lambda parent, name, fmt: xlsx)
    page.save_xlsx_button.click()
    assert not page.last_save_reused and len(renders) == 1 and xlsx.stat().st_size > 0


def test_changed_options_are_rendered_again_on_save(page, qtbot, tmp_path, monkeypatch):
    page.select_report(CASES_REPORT)
    qtbot.waitUntil(lambda: page.rendered_preview() is not None, timeout=20000)
    _date_fields(page)["date_from"].set_date(date(2020, 1, 1))  # changed after the preview
    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(save_report, "ask_save_path", lambda parent, name, fmt: target)
    page.save_pdf_button.click()
    assert not page.last_save_reused
    assert page.last_saved == target and target.read_bytes().startswith(b"%PDF-")


def test_parameter_pane_keeps_its_width_from_report_to_report(page, qtbot):
    widths = set()
    for row in range(page.report_list.count()):
        page.report_list.setCurrentRow(row)
        qtbot.wait(1)
        widths.add(page.splitter.sizes()[0])
    assert len(widths) == 1, widths
