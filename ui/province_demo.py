"""ไฟล์ → เปิดตัวอย่างระดับจังหวัด… (issue 16 point 6, the GUI choice of `--demo-province`): ask
the province (searchable) and how many districts, build the province demo in the background with
progress (the same core function as the command line: ui/app.py build_fresh_province_demo), then
open it in a new main window after a login — the demo's hint shows its accounts — and close the
current one. The current database is left as it was."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.progress import Cancelled, Progress
from ui.context import AppContext
from ui.tasks import Task
from ui.widgets.search_combo import SearchCombo

if TYPE_CHECKING:
    from moi_desktop.security import User
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

TITLE = "เปิดตัวอย่างระดับจังหวัด"
DEFAULT_DISTRICTS = 3  # one on time, one late, one missing: the whole cycle on the board
Login = Callable[[AppContext, QWidget | None], "User | None"]


class ProvinceDemoDialog(QDialog):
    """Which province, how many districts."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.province = SearchCombo("พิมพ์ชื่อจังหวัดเพื่อค้นหา")
        self.province.set_items([(p["province_code"], p["name_th"]) for p in reference.provinces(ctx.db)])
        own = ctx.office.province_code if ctx.office else None
        if own:
            self.province.select_code(own)
        self.districts = QSpinBox()
        self.districts.setRange(1, 10)
        self.districts.setValue(DEFAULT_DISTRICTS)
        self.districts.setSuffix(" อำเภอ")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()
        note = QLabel("โปรแกรมจะสร้างฐานข้อมูลตัวอย่างของสำนักงานจังหวัดและของอำเภอ (ข้อมูลสมมติทั้งหมด) "
                      "แต่ละอำเภอส่งรายงาน (ตรงเวลา ส่งช้า และไม่ส่ง) แล้วจังหวัดนำเข้า จากนั้นเปิดฐานข้อมูล"
                      "ของจังหวัดแทนฐานข้อมูลที่เปิดอยู่ ฐานข้อมูลเดิมไม่เปลี่ยนแปลง ใช้เวลาประมาณครึ่งนาทีต่ออำเภอ")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("จังหวัด", self.province)
        form.addRow("จำนวนอำเภอ", self.districts)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText("สร้างและเปิด")
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def check(self) -> None:
        if self.province.current_code() is None:
            self.error.setText("กรุณาเลือกจังหวัดจากรายการ")
            self.error.show()
            return
        self.accept()

    def choice(self) -> tuple[str, int]:
        return str(self.province.current_code()), self.districts.value()


def _build(province_code: str, districts: int, *, progress: Progress, cancelled: Cancelled) -> Path:
    from ui.app import build_fresh_province_demo  # the command line's function (ui/app.py)

    return build_fresh_province_demo(province_code, districts=districts, progress=progress)


def ask_province_demo(window: MainWindow, *, login: Login | None = None) -> Task | None:
    """The menu's action: the dialog, then `start_province_demo` (None when cancelled)."""
    dialog = ProvinceDemoDialog(window.ctx, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    code, districts = dialog.choice()
    return start_province_demo(window, code, districts=districts, login=login)


def start_province_demo(window: MainWindow, province_code: str, *, districts: int = DEFAULT_DISTRICTS,
                        login: Login | None = None) -> Task:
    """Build in the background (progress dialog, ui/tasks.py); when built, open it."""
    return window.ctx.tasks.run(
        _build, province_code, districts, title=f"กำลังสร้าง{TITLE}", with_db=False,
        on_done=lambda path: open_in_new_window(window, Path(path), login=login))


def open_in_new_window(window: MainWindow, db_path: Path, *, login: Login | None = None) -> MainWindow | None:
    """Open `db_path` like the start-up does (context, login, security), show it, close `window`.
    The new window is kept as `window.next_window`; its context closes when the app quits."""
    from ui.app import open_context
    from ui.dialogs.login import ask_login
    from ui.lock import install_security
    from ui.main_window import MainWindow

    ctx = open_context(db_path)
    if (login or ask_login)(ctx, window) is None:
        log.info("province demo built at %s; login cancelled, staying in %s", db_path, window.ctx.db_path)
        ctx.close()
        return None
    new = MainWindow(ctx)
    ctx.tasks.parent_widget = new
    install_security(new, ctx)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(ctx.close)
    new.show()
    window.next_window = new  # kept alive; the tests look at it
    log.info("opened the province demo %s", db_path)
    window.close()
    return new
