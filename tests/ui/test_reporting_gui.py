"""รายงานประจำงวด: submit a period from the GUI with progress; the home page then shows it sent;
the province tab imports a folder and shows the board; orders from the orders tab."""

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt

from moi_desktop.reporting import submission
from tests.reporting_support import SUBMIT_PASSWORD, ready_office
from ui.pages import home as home_page
from ui.pages import reporting as reporting_page
from ui.pages.home import HomePage
from ui.pages.reporting import PAGE, ReportingPage

DAY = date(2026, 12, 2)  # the day before the disbursement report of 2026-11 is due
BUILT = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def fixed_day(monkeypatch):
    monkeypatch.setattr(home_page, "today", lambda: DAY)
    monkeypatch.setattr(reporting_page, "today", lambda: DAY)


def test_page_spec():
    assert (PAGE.key, PAGE.title) == ("reporting", "รายงานประจำงวด")


def test_submit_from_the_gui_with_progress_then_home_shows_it_sent(qtbot, make_ctx, office_db, fast_kdf,
                                                                   tmp_path, fixed_day, monkeypatch):
    ready_office(office_db)
    ctx = make_ctx(office_db, sync=False, delay_ms=0)
    page = ReportingPage(ctx)
    home = HomePage(ctx)
    qtbot.addWidget(page)
    qtbot.addWidget(home)
    assert "ใกล้ครบกำหนด" in home.day_labels["due"].text()
    page.obligation.setCurrentIndex(page.obligation.findData("disbursement"))
    assert page.period.currentData() == "2026-11"
    assert page.target.itemText(page.target.count() - 1) == "เลือกโฟลเดอร์อื่น…"
    drive = tmp_path / "stick"
    drive.mkdir()
    page.target.insertItem(0, "แฟลชไดรฟ์ทดสอบ", str(drive))  # as removable_drives() lists a stick: first
    page.target.setCurrentIndex(0)
    monkeypatch.setattr(reporting_page.bundle_password, "ask_password", lambda *a, **k: SUBMIT_PASSWORD)
    progress = []
    with submission.building_at(BUILT):
        qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
        task = page.last_task
        assert task is not None
        task.progressed.connect(lambda d, t, m: progress.append((d, t, m)))
        qtbot.waitUntil(lambda: ctx.tasks.progress_dialog(task) is not None or task.done, timeout=10_000)
        with qtbot.waitSignal(task.finished, timeout=60_000):
            pass
    assert task.error is None, task.error
    assert len(progress) >= 4 and progress[-1][0] == progress[-1][1]
    assert any("บันทึกลงแฟลชไดรฟ์" in m for _, _, m in progress)
    assert page.last_result is not None and submission.verify_folder(page.last_result.folder)
    qtbot.waitUntil(lambda: "ส่งแล้ว" in home.day_labels["due"].text(), timeout=5000)
    assert page.submissions_table.rowCount() == 1
    states = [page.calendar_table.item(r, 3).text() for r in range(page.calendar_table.rowCount())
              if page.calendar_table.item(r, 0).text().startswith("รายงานผลการเบิกจ่าย")
              and "พฤศจิกายน" in page.calendar_table.item(r, 1).text()]
    assert states == ["ส่งแล้ว"]


def test_province_tab_imports_and_shows_the_board(qtbot, make_office_db, fast_kdf, tmp_path, fixed_day):
    from PySide6.QtCore import QSettings

    from moi_desktop.documents.garuda import placeholder_garuda
    from moi_desktop.office import set_office_garuda
    from ui.context import AppContext
    from ui.tasks import TaskRunner

    district = make_office_db("d", "district", "6205")
    ready_office(district)
    with submission.building_at(BUILT):
        built = submission.build_submission(district, "disbursement", "2026-11", tmp_path, password=SUBMIT_PASSWORD)
    prov = make_office_db("p", "province", "62")
    set_office_garuda(prov, placeholder_garuda(), "placeholder-garuda.png")
    settings = QSettings(str(tmp_path / "ui_state.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(prov, prov.path, tasks=TaskRunner(prov.path, sync=True), settings=settings)
    page = ReportingPage(ctx)
    qtbot.addWidget(page)
    assert page.tabs.isTabVisible(1)  # the districts' board: at a province only
    page.import_folder(built.folder, SUBMIT_PASSWORD)
    assert page.last_received is not None and not page.last_received.already
    page.board_obligation.setCurrentIndex(page.board_obligation.findData("disbursement"))
    rows = {page.board_table.item(r, 0).text(): page.board_table.item(r, page.board_table.columnCount() - 1).text()
            for r in range(page.board_table.rowCount())}
    assert rows["อำเภอคลองขลุง"].startswith("ส่งแล้ว")
    assert rows["อำเภอเมืองกำแพงเพชร"] == "ยังไม่ส่ง"
    assert "ส่งแล้ว ๑" in page.board_summary.text()
    home = HomePage(ctx)
    qtbot.addWidget(home)
    assert any("ส่งแล้ว ๑" in label.text() for key, label in home.day_labels.items() if key.startswith("board_"))
    page.tabs.setCurrentIndex(1)
    page.resize(1000, 600)
    page.grab().save(str(tmp_path / "board.png"))
    ctx.close()


def test_orders_tab(qtbot, ctx, fixed_day):
    from moi_desktop.reporting.orders import add_order

    add_order(ctx.db, from_whom="ผู้ว่าราชการจังหวัด", order_date="2026-11-01", text="เร่งรัดการเบิกจ่าย",
              due="2026-11-30")
    page = ReportingPage(ctx)
    qtbot.addWidget(page)
    assert page.orders_table.rowCount() == 1
    assert "เกินกำหนด" in page.orders_table.item(0, 5).text()
    page.orders_table.selectRow(0)
    page.action_text.setText("มอบหมายแล้ว")
    page.on_order_action()
    qtbot.waitUntil(lambda: page.orders_table.item(0, 6) is not None
                    and page.orders_table.item(0, 6).text() == "มอบหมายแล้ว")
    page.orders_table.selectRow(0)
    page.on_order_done()
    qtbot.waitUntil(lambda: page.orders_table.rowCount() == 0)  # only open ones are listed


def test_the_app_offers_the_province_demo():
    from ui.app import parse_args

    assert parse_args(["--demo-province", "62"]).demo_province == "62"


def test_the_calendar_is_edited_from_the_page(qtbot, ctx, fixed_day):
    from moi_desktop.reporting.calendar import get_obligation, warn_days

    page = ReportingPage(ctx)
    qtbot.addWidget(page)
    page.obligation.setCurrentIndex(page.obligation.findData("disbursement"))
    assert page.edit_due_day.value() == 3
    page.edit_due_day.setValue(5)
    page.warn.setValue(2)
    page.on_save_calendar()
    assert get_obligation(ctx.db, "disbursement").due_day == 5 and warn_days(ctx.db) == 2
    due = [page.calendar_table.item(r, 2).text() for r in range(page.calendar_table.rowCount())
           if page.calendar_table.item(r, 0).text().startswith("รายงานผลการเบิกจ่าย")
           and "พฤศจิกายน" in page.calendar_table.item(r, 1).text()]
    assert due == ["๕ ธ.ค. ๒๕๖๙"]


def test_home_lists_overdue_meeting_actions_with_owner_and_days(qtbot, ctx, fixed_day):
    """Issue 15 point 3: overdue actions show on the home page — what, who, how many days late."""
    from moi_desktop.meetings import add_action, create_meeting

    meeting_id = create_meeting(ctx.db, {"title": "ประชุมติดตามโครงการ", "series": "ติดตามโครงการ",
                                         "date": "2026-11-01", "chair_name": "นายอำเภอ"})
    add_action(ctx.db, meeting_id, {"what": "สรุปผลส่งจังหวัด", "due_date": "2026-11-20",
                                    "owner_name": "ฝ่ายปกครอง"})
    add_action(ctx.db, meeting_id, {"what": "ยังไม่ถึงกำหนด", "due_date": "2026-12-20", "owner_name": "ฝ่ายปกครอง"})
    page = HomePage(ctx)
    qtbot.addWidget(page)
    text = page.day_labels["meeting_actions"].text()
    assert "ตามมติที่ประชุมที่เกินกำหนด: 1 เรื่อง" in text
    assert "สรุปผลส่งจังหวัด — ฝ่ายปกครอง (เกินกำหนด ๑๒ วัน; จากการประชุมครั้งที่ ๑/๒๕๖๙)" in text
    assert "ยังไม่ถึงกำหนด" not in text


@pytest.mark.slow
def test_the_file_menu_builds_and_opens_a_province_demo(qtbot, ctx, tmp_path, monkeypatch):
    """Issue 16 point 6, the GUI choice: ไฟล์ → เปิดตัวอย่างระดับจังหวัด… asks the province (typed
    to find it) and the number of districts, builds the demo with the command line's function,
    then opens the province database in a new window, whose board lists the districts."""
    from PySide6.QtWidgets import QDialog

    from moi_desktop.security import create_first_admin
    from ui.app import connect_database_switch
    from ui.dialogs.login import FirstAdminDialog, apply_login, login_dialog_for
    from ui.main_window import MainWindow
    from ui.province_demo import ProvinceDemoDialog

    monkeypatch.setenv("MOI_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    import ui.tasks

    def boom(_parent, exc):  # a failing build or open fails the test instead of a message box
        raise exc
    monkeypatch.setattr(ui.tasks, "show_error", boom)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.province_demo_action.text() == "เปิดตัวอย่างระดับจังหวัด…"

    def choose(dialog: ProvinceDemoDialog) -> QDialog.DialogCode:
        dialog.province.setEditText("ไม่มีจังหวัดนี้")
        dialog.check()
        assert dialog.error.text() == "กรุณาเลือกจังหวัดจากรายการ" and dialog.result() == 0
        dialog.province.setEditText("กำแพงเพชร")
        dialog.districts.setValue(2)
        dialog.check()
        return QDialog.DialogCode(dialog.result())
    monkeypatch.setattr(ProvinceDemoDialog, "exec", choose)

    def login(new_ctx, _parent):  # the start-up's dialog for it: the first administrator
        assert isinstance(login_dialog_for(new_ctx), FirstAdminDialog)
        user = create_first_admin(new_ctx.db, "admin", "ผู้ดูแลระบบ", "province-demo-2569")
        apply_login(new_ctx, user)
        return user

    connect_database_switch(window, login=login)  # as the start-up wires its window
    window.province_demo_action.trigger()  # the test context runs tasks synchronously
    new = window.next_window
    assert new is not None and new.ctx is not ctx
    try:
        assert new.ctx.db_path == tmp_path / "data" / "demo-province.sqlite3"
        assert new.ctx.office.level == "province" and new.ctx.office.province_code == "62"
        assert not window.isVisible() and new.isVisible()
        page = ReportingPage(new.ctx)
        qtbot.addWidget(page)
        page.board_obligation.setCurrentIndex(page.board_obligation.findData("disbursement"))
        districts = [page.board_table.item(r, 0).text() for r in range(page.board_table.rowCount())]
        assert len(districts) == 2 and all(d.startswith("อำเภอ") for d in districts)
        assert len(list((tmp_path / "data").glob("demo-province-district-62*.sqlite3"))) == 2
    finally:
        new.close()
        new.ctx.close()
