"""ไฟล์ → เปิดตัวอย่างระดับจังหวัด… (issue 16 point 6, the GUI choice of `--demo-province`): ask
the province (searchable) and how many districts, build the province demo in the background with
progress (build_fresh_province_demo, the function `--demo-province` uses too), then hand the
path to `opened` — the main window's `database_chosen`, which ui/app.py opens in a new window after
a login, closing the current one. The current database is left as it was."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.paths import data_dir
from moi_desktop.progress import Cancelled, Progress
from ui.context import AppContext
from ui.tasks import Task
from ui.widgets.search_combo import SearchCombo

log = logging.getLogger(__name__)

TITLE = "เปิดตัวอย่างระดับจังหวัด"
DEFAULT_DISTRICTS = 3  # one on time, one late, one missing: the whole cycle on the board


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


def build_fresh_province_demo(province_code: str, *, districts: int = DEFAULT_DISTRICTS,
                              progress: Progress | None = None) -> Path:
    """REPORTING: a province demo in the data dir; its districts' databases beside it.
    Used by `--demo-province` (ui/app.py) and by this menu choice."""
    # deferred: the demo builder (and the reporting area it loads) only when a demo is asked for
    from moi_desktop.demo import is_demo_database
    from moi_desktop.demo._province import build_province_demo

    path = data_dir() / "demo-province.sqlite3"
    if path.exists() and is_demo_database(path):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return build_province_demo(path, province_code, districts=districts, progress=progress).province_db


def _build(province_code: str, districts: int, *, progress: Progress, cancelled: Cancelled) -> Path:
    return build_fresh_province_demo(province_code, districts=districts, progress=progress)


def ask_province_demo(ctx: AppContext, parent: QWidget, opened: Callable[[Path], object]) -> Task | None:
    """The menu's action: the dialog, then `start_province_demo` (None when cancelled)."""
    dialog = ProvinceDemoDialog(ctx, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    code, districts = dialog.choice()
    return start_province_demo(ctx, code, opened, districts=districts)


def start_province_demo(ctx: AppContext, province_code: str, opened: Callable[[Path], object], *,
                        districts: int = DEFAULT_DISTRICTS) -> Task:
    """Build in the background (progress dialog, ui/tasks.py); when built, `opened(path)`."""
    return ctx.tasks.run(_build, province_code, districts, title=f"กำลังสร้าง{TITLE}", with_db=False,
                         on_done=lambda path: opened(Path(path)))
