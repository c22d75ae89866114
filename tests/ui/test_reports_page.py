"""The reports page: list, preview (QtPdf), save to a chosen place with the file checked."""

from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument

from moi_desktop.removable import Drive
from ui.dialogs import save_report
from ui.dialogs.save_report import SaveReportDialog
from ui.pages.reports import PAGE, ReportsPage

KEY = "reference.districts"


@pytest.fixture
def page(ctx, qtbot):
    widget = ReportsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def _wait_ready(qtbot, page):
    qtbot.waitUntil(lambda: page.preview.document.status() == QPdfDocument.Status.Ready, timeout=10000)


def test_page_spec_contract():
    assert (PAGE.key, PAGE.title, PAGE.order) == ("reports", "รายงาน", 60)


def test_lists_foundation_report_and_previews_it(page, qtbot):
    titles = [page.report_list.item(i).text() for i in range(page.report_list.count())]
    assert "ข้อมูลพื้นฐาน: อำเภอและตำบลในจังหวัด" in titles
    page.select_report(KEY)
    _wait_ready(qtbot, page)
    assert page.preview.page_count() >= 1
    # the office's province (เชียงใหม่) is the default parameter
    assert page.params()["province"] == "50"
    image = page.preview.render_page_image(0, 400)
    assert image.pixelColor(2, 2).name() == "#ffffff"  # filled white, not transparent
    assert page.preview.path.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_save_writes_checked_file(page, qtbot, tmp_path, monkeypatch, fmt):
    target = tmp_path / f"out.{fmt}"
    monkeypatch.setattr(save_report, "ask_save_path", lambda parent, name, f: target if f == fmt else None)
    page.select_report(KEY)
    _wait_ready(qtbot, page)
    (page.save_pdf_button if fmt == "pdf" else page.save_xlsx_button).click()
    assert page.last_saved == target
    assert target.stat().st_size > 0
    assert str(target) in page.last_message
    assert "ตรวจสอบไฟล์แล้ว" in page.last_message


def test_cancelled_save_writes_nothing(page, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(save_report, "ask_save_path", lambda *a: None)
    page.select_report(KEY)
    page.save_pdf_button.click()
    assert page.last_saved is None
    assert not list(tmp_path.glob("*.pdf"))


def test_save_dialog_offers_removable_drives_first(qtbot, tmp_path):
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    dialog = SaveReportDialog(None, "รายงาน", "pdf", drives=[Drive(stick, "KINGSTON", 3 << 30)])
    qtbot.addWidget(dialog)
    assert "KINGSTON" in dialog.targets.item(0).text()
    assert dialog.targets.item(dialog.targets.count() - 1).text() == "เลือกตำแหน่งอื่น…"
    dialog.targets.setCurrentRow(0)
    dialog._accept()
    assert dialog.chosen_path() == stick / "รายงาน.pdf"


def test_confirm_saved_rejects_a_truncated_pdf(tmp_path):
    from moi_desktop.errors import UserError

    broken = tmp_path / "x.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj")
    with pytest.raises(UserError):
        save_report.confirm_saved(Path(broken))


def test_optional_filters_start_at_all_and_district_filter_hidden_at_a_district_office(ctx, qtbot):
    from moi_desktop.members import add_member

    add_member(ctx.db, {"title": "นาย", "first_name": "สมชาย", "last_name": "ใจดี", "sector": "people",
                        "team_role": "forum"})
    add_member(ctx.db, {"title": "นาง", "first_name": "สมศรี", "last_name": "มีสุข", "sector": "government",
                        "team_role": "leader10"})
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.select_report("members-by-sector")
    assert "district" not in page._inputs  # the province-mode filter means nothing here
    params = page.params()
    assert params["sector"] == "" and params["team"] == ""  # ทั้งหมด: nobody is filtered out
    from moi_desktop.reports import get_report, resolve_params

    resolved = resolve_params(ctx.db, get_report("members-by-sector"), params)
    assert resolved["sector"] is None and resolved["team"] is None
