"""เกี่ยวกับโปรแกรม: versions of everything the office may be asked about, and font licences."""

from __future__ import annotations

import html
import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from moi_desktop import APP_NAME, APP_NAME_TH, __version__
from moi_desktop.db import cipher
from moi_desktop.paths import data_dir, resource_path
from ui.context import AppContext

# The fonts we ship, what they are used for, and their licence file in resources/fonts/.
BUNDLED_FONTS = (
    ("Sarabun", "ฟอนต์หน้าจอโปรแกรม", "SIL Open Font License 1.1", "LICENSE.Sarabun-OFL.txt"),
    ("Laksaman (TLWG)", "ฟอนต์เอกสาร", "GPL-2+ with font exception", "LICENSE.Laksaman.txt"),
)


def about_info(db_path: str | Path) -> list[tuple[str, str]]:
    return [
        ("รุ่นโปรแกรม", __version__),
        ("Python", f"{platform.python_version()} ({sys.platform})"),
        ("Qt / PySide6", f"{qVersion()} / {PySide6.__version__}"),
        ("SQLite (SQLCipher)", cipher.sqlite_version),
        ("โฟลเดอร์ข้อมูล", str(data_dir())),
        ("ฐานข้อมูล", str(db_path)),
    ]


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("เกี่ยวกับโปรแกรม")
        self.info = about_info(ctx.db_path)
        rows = "".join(
            f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in self.info
        )
        fonts = "".join(
            f"<li>{html.escape(name)} — {html.escape(use)}: {html.escape(licence)}</li>"
            for name, use, licence, _ in BUNDLED_FONTS
        )
        header = self.summary = QLabel(
            f"<h3>{html.escape(APP_NAME_TH)}</h3><p>{html.escape(APP_NAME)}</p>"
            f"<table cellspacing='4'>{rows}</table><p><b>ฟอนต์ที่มากับโปรแกรม</b></p><ul>{fonts}</ul>"
        )
        header.setObjectName("about_summary")
        header.setWordWrap(True)
        self.licences = QTextBrowser()
        self.licences.setObjectName("about_licences")
        self.licences.setPlainText(
            "\n\n".join(
                f"===== {name} =====\n{resource_path('fonts', filename).read_text(encoding='utf-8')}"
                for name, _, _, filename in BUNDLED_FONTS
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def summary_text(self) -> str:
        return self.summary.text()
