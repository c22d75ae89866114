"""Screenshots of every page of the main window at the district PC's screen size, offscreen.

    uv run python scripts/page_screenshots.py DATABASE OUT_DIR [--report KEY]

writes OUT_DIR/1366x768-NN-<page>.png (the window maximised on a 1366×768 screen: 1366×728, the
screen less the taskbar) and OUT_DIR/125pct-NN-<page>.png (the same screen at 125 % scaling: the
window's logical size 1093×582). With --report the reports page previews that report first.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = {"1366x768": (1366, 728), "125pct": (1093, 582)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("out", type=Path)
    parser.add_argument("--report", help="the report the reports page previews")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings, QSize
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from moi_desktop.db import open_database
    from ui.context import AppContext
    from ui.fonts import install_ui_font
    from ui.main_window import MainWindow
    from ui.qt_thai import install_qt_thai
    from ui.tasks import TaskRunner

    install_ui_font(app)
    install_qt_thai()
    args.out.mkdir(parents=True, exist_ok=True)
    db = open_database(args.database)
    settings = QSettings(str(args.out / "ui_state.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db, args.database, tasks=TaskRunner(args.database, sync=True), settings=settings)
    window = MainWindow(ctx)
    window.show()
    for label, (width, height) in SIZES.items():
        window.resize(QSize(width, height))
        for number, key in enumerate(window.page_keys()):
            page = window.show_page(key)
            if key == "reports" and args.report:
                page.select_report(args.report)  # type: ignore[attr-defined]
            end = time.monotonic() + (2.0 if key == "reports" else 0.2)  # QPdfView draws pages later
            while time.monotonic() < end:
                app.processEvents()
            window.grab().save(str(args.out / f"{label}-{number:02d}-{key}.png"))
    ctx.close()
    (args.out / "ui_state.ini").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
