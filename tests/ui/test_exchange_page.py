"""The exchange page: export to a folder, preview then import, Thai messages for bad bundles, the
registered senders and the administrator's un-pin."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from moi_desktop.db.rows import insert_row
from moi_desktop.exchange import export_bundle
from moi_desktop.exchange.crypto import WRONG_PASSWORD
from moi_desktop.security import User, act_as
from tests.exchange_support import PASSWORD
from ui.dialogs import bundle_preview
from ui.dialogs.bundle_password import BundlePasswordDialog
from ui.dialogs.bundle_preview import BundlePreviewDialog
from ui.pages.exchange import PAGE, ExchangePage
from ui.widgets import exchange_pins


@pytest.fixture
def page(ctx, qtbot, fast_kdf):
    widget = ExchangePage(ctx)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def incoming(make_office_db, tmp_path, fast_kdf):
    """A bundle from อำเภอสันกำแพง addressed to this page's office (อำเภอเมืองเชียงใหม่, 5001)."""
    other = make_office_db("other", "district", "5013")
    for i in range(3):
        insert_row(other, "members", {"first_name": f"ก{i}", "sector": "people", "active": 1})
    return export_bundle(other, tmp_path / "in.moib", PASSWORD, destination="5001")


def _boxes():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_page_spec_contract():
    assert (PAGE.key, PAGE.title, PAGE.order) == ("exchange", "รับ–ส่งข้อมูล", 70)


def test_shows_office_and_destination(page):
    assert "เชียงใหม่" in page.office_label.text() and "จังหวัด" in page.office_label.text()
    assert page.target.itemText(page.target.count() - 1) == "เลือกโฟลเดอร์อื่น…"


def test_export_to_a_folder(page, tmp_path):
    page.everything.setChecked(True)
    page.export_to(tmp_path, PASSWORD)
    files = list(tmp_path.glob("*.moib"))
    assert len(files) == 1 and page.last_export.scope == "all"
    assert str(files[0]) in page.last_message
    assert page.sent_table.rowCount() == 1
    assert page.sent_table.item(0, 3).text() == "ยังไม่ได้รับใบตอบรับ"


def test_preview_then_import(page, incoming, monkeypatch, qtbot):
    seen = []
    monkeypatch.setattr(bundle_preview, "confirm_import", lambda parent, report: seen.append(report) or True)
    with qtbot.waitSignal(page.ctx.data_changed, timeout=2000, check_params_cb=lambda t: t == "members"):
        page.preview_import(incoming.path, PASSWORD)
    assert seen[0].dry_run and seen[0].tables["members"]["new"] == 3
    assert not page.last_import.dry_run and page.last_import.tables["members"]["new"] == 3
    assert "สันกำแพง" in page.last_message and "ใบตอบรับ" in page.last_message
    assert page.ctx.db.execute("SELECT count(*) FROM members WHERE first_name LIKE 'ก%'").fetchone()[0] == 3
    assert page.received_table.rowCount() == 1 and page.received_table.item(0, 0).text() == "สันกำแพง"


def test_cancelled_preview_imports_nothing(page, incoming, monkeypatch):
    monkeypatch.setattr(bundle_preview, "confirm_import", lambda parent, report: False)
    page.preview_import(incoming.path, PASSWORD)
    assert page.last_import.dry_run
    assert page.ctx.db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_wrong_password_shows_thai_message(page, incoming, monkeypatch):
    monkeypatch.setattr(bundle_preview, "confirm_import", lambda parent, report: pytest.fail("no preview"))
    page.preview_import(incoming.path, "not-the-password-1")
    assert any(box.text() == WRONG_PASSWORD for box in _boxes())
    assert page.ctx.db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_preview_dialog_lists_tables(page, incoming, qtbot):
    from moi_desktop.exchange import import_bundle

    report = import_bundle(page.ctx.db, incoming.path, PASSWORD, dry_run=True)
    dialog = BundlePreviewDialog(page, report)
    qtbot.addWidget(dialog)
    labels = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "ภาคีเครือข่าย" in labels
    row = labels.index("ภาคีเครือข่าย")
    assert dialog.table.item(row, 1).text() == "3"
    assert dialog.import_button.isEnabled()


def test_password_dialog_checks_confirmation(page, qtbot):
    dialog = BundlePasswordDialog(page, confirm=True, title="t")
    qtbot.addWidget(dialog)
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD + "x")
    dialog._accept()
    assert dialog.error.text() == "รหัสผ่านทั้งสองช่องไม่ตรงกัน" and dialog.result() == 0
    dialog.password.setText("short")
    dialog.again.setText("short")
    dialog._accept()
    assert "อย่างน้อย" in dialog.error.text()
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD)
    dialog._accept()
    assert dialog.error.text() == "" and dialog.result() == 1


# -- trust: registered senders, the administrator's un-pin, refusals in Thai -----------------------
ADMIN = User(id="u-admin", username="admin", display_name="ผู้ดูแล", role="admin")
CLERK = User(id="u-clerk", username="clerk", display_name="เจ้าหน้าที่", role="clerk")


def _import(page, path, monkeypatch, qtbot):
    monkeypatch.setattr(bundle_preview, "confirm_import", lambda parent, report: True)
    with qtbot.waitSignal(page.ctx.data_changed, timeout=2000, check_params_cb=lambda t: t == "exchange_pins"):
        page.preview_import(path, PASSWORD)


def test_first_bundle_preview_says_the_sender_will_be_registered(page, incoming, qtbot):
    from moi_desktop.exchange import import_bundle

    report = import_bundle(page.ctx.db, incoming.path, PASSWORD, dry_run=True)
    dialog = BundlePreviewDialog(page, report)
    qtbot.addWidget(dialog)
    text = bundle_preview.summary_text(report)
    assert bundle_preview.REGISTERS in text and report.sender_fingerprint in text


def test_registered_senders_are_listed_and_an_admin_can_unpin(page, incoming, monkeypatch, qtbot, tmp_path):
    page.ctx.user = ADMIN
    act_as(page.ctx.db, ADMIN)  # as the login dialog binds the logged-in user
    _import(page, incoming.path, monkeypatch, qtbot)
    pins = page.pins
    assert pins.table.rowCount() == 1 and "สันกำแพง" in pins.table.item(0, 0).text()
    assert pins.table.item(0, 2).text() == page.last_import.sender_fingerprint
    assert "ลายนิ้วมือกุญแจของเครื่องนี้" in page.office_label.text()
    assert not pins.unpin_button.isHidden() and not pins.unpin_button.isEnabled()  # nothing selected yet
    pins.table.selectRow(0)
    assert pins.unpin_button.isEnabled()
    page.resize(900, 1000)
    page.grab().save(str(tmp_path.parent / "exchange-pins.png"))
    monkeypatch.setattr(exchange_pins, "ask_reason", lambda parent, label: "อำเภอเปลี่ยนเครื่อง")
    with qtbot.waitSignal(page.ctx.data_changed, timeout=2000, check_params_cb=lambda t: t == "exchange_pins"):
        pins.unpin_button.click()
    assert pins.table.rowCount() == 0
    entry = page.ctx.db.execute("SELECT actor, row_id FROM audit_log WHERE action = 'exchange_unpin'").fetchone()
    assert entry == ("admin", "district:5013")
    assert any("ยกเลิกการลงทะเบียนเครื่องของอำเภอสันกำแพง" in box.text() for box in _boxes())


def test_a_clerk_sees_the_pins_but_cannot_unpin(page, incoming, monkeypatch, qtbot):
    page.ctx.user = CLERK
    act_as(page.ctx.db, CLERK)
    _import(page, incoming.path, monkeypatch, qtbot)
    page.pins.table.selectRow(0)
    assert page.pins.table.rowCount() == 1
    assert page.pins.unpin_button.isHidden() and not page.pins.unpin_button.isEnabled()


def test_a_bundle_from_another_pc_claiming_a_registered_district_is_refused_in_thai(
        page, incoming, make_office_db, monkeypatch, qtbot, tmp_path):
    _import(page, incoming.path, monkeypatch, qtbot)
    impostor = make_office_db("impostor", "district", "5013")
    insert_row(impostor, "members", {"first_name": "ปลอม", "sector": "people", "active": 1})
    path = export_bundle(impostor, tmp_path / "impostor.moib", PASSWORD, destination="5001").path
    count = page.ctx.db.execute("SELECT count(*) FROM members").fetchone()[0]
    monkeypatch.setattr(bundle_preview, "confirm_import", lambda parent, report: pytest.fail("no preview"))
    page.preview_import(path, PASSWORD)
    (box,) = [b for b in _boxes() if "ลงทะเบียนไว้กับเครื่องอื่น" in b.text()]
    assert "สันกำแพง" in box.text() and "ยกเลิกการลงทะเบียน" in box.text()
    assert page.ctx.db.execute("SELECT count(*) FROM members").fetchone()[0] == count


# -- several files at once (a province taking in its districts) -------------------------------------
@pytest.fixture
def two_incoming(make_office_db, tmp_path, fast_kdf):
    bundles = []
    for name, code, n in (("a", "5013", 3), ("b", "5002", 2)):
        other = make_office_db(name, "district", code)
        for i in range(n):
            insert_row(other, "members", {"first_name": f"{name}{i}", "sector": "people", "active": 1})
        bundles.append(export_bundle(other, tmp_path / f"{name}.moib", PASSWORD, destination="5001").path)
    return bundles


def test_choosing_several_files_previews_them_together(page, two_incoming, monkeypatch):
    from ui.pages import exchange

    monkeypatch.setattr(exchange, "ask_open_files", lambda *a: two_incoming)
    monkeypatch.setattr(exchange.bundle_password, "ask_password", lambda *a, **k: PASSWORD)
    chosen = []
    monkeypatch.setattr(page, "preview_imports", lambda paths, password: chosen.append((paths, password)))
    monkeypatch.setattr(page, "preview_import", lambda *a: pytest.fail("one file's preview"))
    page.on_import()
    assert chosen == [(two_incoming, PASSWORD)]


def test_several_bundles_previewed_then_imported_in_turn(page, two_incoming, monkeypatch, qtbot):
    seen = []
    monkeypatch.setattr(bundle_preview, "confirm_imports", lambda parent, reports: seen.append(reports) or True)
    with qtbot.waitSignal(page.ctx.data_changed, timeout=4000, check_params_cb=lambda t: t == "members"):
        page.preview_imports(two_incoming, PASSWORD)
    assert [(r.dry_run, r.tables["members"]["new"]) for r in seen[0]] == [(True, 3), (True, 2)]
    assert page.ctx.db.execute("SELECT count(*) FROM members").fetchone()[0] == 5
    assert "นำเข้าชุดข้อมูล 2 ไฟล์แล้ว" in page.last_message
    assert "สันกำแพง จังหวัดเชียงใหม่: ใหม่ 3 ·" in page.last_message and ": ใหม่ 2 ·" in page.last_message
    assert page.received_table.rowCount() == 2


def test_several_bundles_dialog_one_row_a_file(page, two_incoming, qtbot):
    from moi_desktop.exchange import import_bundle, import_bundles

    reports = list(import_bundles(page.ctx.db, two_incoming, PASSWORD, dry_run=True))
    dialog = bundle_preview.BundlesPreviewDialog(page, reports)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 0).text() == reports[0].sender_label
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["3", "2"]
    assert "ผู้ส่งใหม่" in dialog.table.item(0, 5).text() and bundle_preview.REGISTERS in dialog.summary.text()
    assert "ใหม่ 5" in dialog.summary.text() and dialog.import_button.isEnabled()
    for path in two_incoming:
        import_bundle(page.ctx.db, path, PASSWORD)
    again = list(import_bundles(page.ctx.db, two_incoming, PASSWORD, dry_run=True))
    done = bundle_preview.BundlesPreviewDialog(page, again)
    qtbot.addWidget(done)
    assert [done.table.item(r, 5).text() for r in range(2)] == ["เคยนำเข้าแล้ว"] * 2
    assert not done.import_button.isEnabled()  # nothing left to import


def test_several_files_one_unreadable_shows_thai_message_and_imports_nothing(page, two_incoming, monkeypatch,
                                                                              tmp_path):
    monkeypatch.setattr(bundle_preview, "confirm_imports", lambda parent, reports: pytest.fail("no preview"))
    broken = tmp_path / "broken.moib"
    broken.write_bytes(Path(two_incoming[1]).read_bytes()[:200])  # a copy cut short on the USB stick
    page.preview_imports([two_incoming[0], broken], PASSWORD)
    assert any("ไม่ครบ" in box.text() for box in _boxes())
    assert page.ctx.db.execute("SELECT count(*) FROM members").fetchone()[0] == 0
