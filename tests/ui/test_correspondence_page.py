"""หนังสือราชการ: a memo written in the GUI, numbered from the register and saved as PDF; printing
from the preview; cancelling, duplicating; officials; the reports page's covering memo."""

import os
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from moi_desktop.correspondence import add_official, get_letter, list_letters, list_register
from moi_desktop.documents.garuda import placeholder_garuda
from moi_desktop.office import set_office_garuda
from ui.dialogs import save_report
from ui.pages.correspondence import PAGE, CorrespondencePage
from ui.pages.reports import ReportsPage

SHOTS = Path(os.environ.get("MOI_SHOTS", "/nonexistent/moi-shots"))  # screenshots when it names a folder


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages).replace("\u0e4d\u0e32", "\u0e33")


@pytest.fixture
def page(ctx, qtbot):
    set_office_garuda(ctx.db, placeholder_garuda())
    widget = CorrespondencePage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 850)
    widget.show()
    return widget


def _wait_preview(qtbot, page):
    qtbot.waitUntil(lambda: page.preview.document.status() == QPdfDocument.Status.Ready, timeout=10000)


def _shot(widget, name):
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / name))


def test_page_spec_contract():
    assert (PAGE.key, PAGE.title) == ("correspondence", "หนังสือราชการ")


def test_write_a_memo_number_it_and_save_it_as_pdf(page, qtbot, tmp_path, monkeypatch):
    # the officials tab: add the signer
    page.tabs.setCurrentIndex(2)
    page.official_title.setText("นาย")
    page.official_name.setText("สมชาย ใจดี")
    page.official_position.setText("นายอำเภอเมืองเชียงใหม่")
    page.official_add_button.click()
    assert page.officials_table.rowCount() == 1
    (official,) = page.form._officials

    page.tabs.setCurrentIndex(0)
    page.new_memo_button.click()
    form = page.form
    form.set_text("subject", "ขอส่งรายงานผลการดำเนินงานประจำเดือนพฤศจิกายน")
    form.set_text("to_whom", "ผู้ว่าราชการจังหวัดเชียงใหม่")
    form.set_text("body", "ด้วยอำเภอเมืองเชียงใหม่ได้ดำเนินงานตามแผนแล้ว\nจึงเรียนมาเพื่อโปรดทราบ")
    form.select_official("signer", official.id)
    page.update_preview()
    _wait_preview(qtbot, page)
    assert page.preview.page_count() == 1

    monkeypatch.setattr(page, "confirm", lambda text: True)
    monkeypatch.setattr("ui.pages.correspondence.show_message", lambda *a, **k: None)
    reference = page.issue()
    assert reference == "ที่ มท ๐๓๑๘.๑/๑"
    (entry,) = list_register(page.ctx.db)
    assert entry.number == 1 and entry.subject == "ขอส่งรายงานผลการดำเนินงานประจำเดือนพฤศจิกายน"
    assert page.current.status == "issued" and not page.save_button.isEnabled()
    assert page.register_table.rowCount() == 1 and page.register_table.item(0, 0).text() == "๑"

    target = tmp_path / "memo.pdf"
    monkeypatch.setattr(save_report, "ask_save_path", lambda parent, name, fmt: target)
    page.save_pdf_button.click()
    assert page.last_saved == target
    text = pdf_text(target)
    assert "มท ๐๓๑๘.๑/๑" in text
    assert "ขอส่งรายงานผลการดำเนินงานประจำเดือนพฤศจิกายน" in text and "นายสมชาย ใจดี" in text
    _wait_preview(qtbot, page)
    if SHOTS.is_dir():
        qtbot.wait(800)  # QPdfView paints its pages asynchronously
        _shot(page, "gui-correspondence-issued.png")
        page.tabs.setCurrentIndex(1)
        _shot(page, "gui-correspondence-register.png")
        page.tabs.setCurrentIndex(2)
        _shot(page, "gui-correspondence-officials.png")


def test_print_path_renders_every_page_to_a_printer(page, qtbot, tmp_path):
    page.new_minutes_button.click()
    page.form.set_text("subject", "การประชุมคณะกรรมการหมู่บ้าน")
    agenda = "\n\n".join(f"ระเบียบวาระที่ {i}\n" + "\n".join(["รายละเอียดการประชุมของวาระนี้ " * 6] * 5)
                         + "\nมติที่ประชุม รับทราบ" for i in range(1, 6))
    page.form.set_text("agenda", agenda)
    page.form.set_text("present", "นายสมชาย ใจดี | นายอำเภอ | ประธาน")
    page.update_preview()
    _wait_preview(qtbot, page)
    pages = page.preview.page_count()
    assert pages >= 2
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    assert page.preview.print_to(printer) == pages
    printed = pypdf.PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == pages
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1", str(tmp_path / "printed.pdf"),
                        str(tmp_path / "printed")], check=True)
        image = QImage(str(next(tmp_path.glob("printed*.png"))))
        dark = sum(image.pixelColor(x, y).lightness() < 128 for x in range(image.width())
                   for y in range(image.height()))
        assert dark > 50


def test_cancel_keeps_the_number_and_duplicate_makes_a_draft(page, qtbot, monkeypatch):
    official = add_official(page.ctx.db, name="สมชาย ใจดี", position="ปลัดอำเภอ")
    page.refresh()
    page.new_letter_button.click()
    page.form.set_text("subject", "ขอความอนุเคราะห์")
    page.form.set_text("to_whom", "นายกองค์การบริหารส่วนตำบล")
    page.form.set_text("body", "เนื้อความ")
    page.form.select_official("signer", official.id)
    monkeypatch.setattr(page, "confirm", lambda text: True)
    monkeypatch.setattr("ui.pages.correspondence.show_message", lambda *a, **k: None)
    assert page.issue() == "ที่ มท ๐๓๑๘.๑/๑"
    issued_id = page.current.id
    monkeypatch.setattr(page, "ask_reason", lambda text: "ส่งผิดหน่วยงาน")
    page.cancel_button.click()
    assert get_letter(page.ctx.db, issued_id).status == "cancelled"
    (entry,) = list_register(page.ctx.db)
    assert entry.status == "cancelled" and entry.cancel_reason == "ส่งผิดหน่วยงาน"
    assert page.register_table.item(0, 6).text() == "ยกเลิก: ส่งผิดหน่วยงาน"
    page.duplicate_button.click()
    assert page.current.is_draft and page.current.id != issued_id
    assert page.current.subject == "ขอความอนุเคราะห์"
    assert page.issue() == "ที่ มท ๐๓๑๘.๑/๒"  # the cancelled number is not reused


def test_reports_page_sends_a_report_with_a_covering_memo(ctx, qtbot, monkeypatch):
    reports = ReportsPage(ctx)
    qtbot.addWidget(reports)
    monkeypatch.setattr("ui.pages.reports.show_message", lambda *a, **k: None)
    reports.select_report("reference.districts")
    assert reports.covering_button.isEnabled()
    reports.covering_button.click()
    letter = get_letter(ctx.db, reports.last_covering_id)
    assert letter.subject == "ส่งข้อมูลพื้นฐาน: อำเภอและตำบลในจังหวัด"
    assert letter.to_whom == "ผู้ว่าราชการจังหวัดเชียงใหม่"
    assert letter.attachments == ["ข้อมูลพื้นฐาน: อำเภอและตำบลในจังหวัด จำนวน ๑ ชุด"]
    assert letter.source == "covering:reference.districts"
    assert [x.id for x in list_letters(ctx.db)] == [letter.id]


def test_a_viewer_reads_letters_but_every_writing_button_is_off(ctx, qtbot):
    from tests.accounts_support import VIEWER, add_accounts, login
    from ui.dialogs.login import apply_login

    set_office_garuda(ctx.db, placeholder_garuda())
    add_official(ctx.db, name="สมชาย ใจดี", position="ปลัดอำเภอ")
    add_accounts(ctx.db)
    apply_login(ctx, login(ctx.db, VIEWER))
    widget = CorrespondencePage(ctx)
    qtbot.addWidget(widget)
    assert widget.officials_table.rowCount() == 1
    buttons = (widget.new_memo_button, widget.save_button, widget.issue_button, widget.cancel_button,
               widget.duplicate_button, widget.register_cancel_button, widget.official_add_button)
    assert not any(b.isEnabled() for b in buttons)
    assert widget.save_pdf_button.isEnabled() and widget.print_button.isEnabled()
    reports = ReportsPage(ctx)
    qtbot.addWidget(reports)
    reports.select_report("reference.districts")
    assert not reports.covering_button.isEnabled()


def test_reports_page_prints_its_preview(ctx, qtbot, tmp_path, monkeypatch):
    reports = ReportsPage(ctx)
    qtbot.addWidget(reports)
    reports.select_report("reference.districts")
    qtbot.waitUntil(lambda: reports.preview.document.status() == QPdfDocument.Status.Ready, timeout=10000)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "report.pdf"))
    printer.setResolution(100)
    assert reports.print_button.isEnabled()
    assert reports.preview.print_to(printer) == reports.preview.page_count() >= 1
    assert len(pypdf.PdfReader(tmp_path / "report.pdf").pages) == reports.preview.page_count()


def test_the_preview_shows_the_latest_file_in_a_fresh_view(page, qtbot):
    """QPdfView kept the pages it had rendered after a reload: each file gets its own document
    and view, and the first page drawn is the new file's."""
    first_view = page.preview.view
    page.form.set_text("subject", "เรื่องใหม่ที่ต้องเห็นในตัวอย่าง")
    page.update_preview()
    _wait_preview(qtbot, page)
    assert page.preview.view is not first_view
    assert page.preview.view.document() is page.preview.document
    assert page.preview.path.name == f"letter-{page._preview_serial}.pdf"
    assert page.preview.page_count() == 1
