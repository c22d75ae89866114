"""The user manual in the GUI: screenshots of the current screens, the manual PDF built from them,
and F1 opening the chapter of the page on screen.

A frozen build ships the PDF (the installer build runs `main.py --build-manual`); a development
checkout builds it on the first F1 into the data folder, again whenever the manual's source or
the program's version changes. Screenshots always come from a fresh demo database (invented people
only), never from the office's own data.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPixmap, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from moi_desktop import __version__
from moi_desktop.documents.manual import Manual, load_manual, manual_source, render_manual
from moi_desktop.paths import data_dir, resource_path

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger(__name__)

SCREEN = (1366, 768)  # the common district PC
MANUAL_NAME = "manual.pdf"


class _Window(Protocol):
    def page_keys(self) -> list[str]: ...
    def show_page(self, key: str) -> QWidget: ...
    def resize(self, w: int, h: int, /) -> None: ...
    def grab(self) -> QPixmap: ...
    def close(self) -> bool: ...
    def deleteLater(self) -> None: ...  # noqa: N802 - Qt's name


# The main window's class is handed in (the window that asks for the manual, or the build step),
# so this module never imports ui.main_window, which imports it for F1.
WindowClass = Callable[["AppContext"], _Window]


def take_screenshots(out_dir: Path, keys: Iterable[str], window_class: WindowClass, *,
                     size: tuple[int, int] = SCREEN) -> dict[str, Path]:
    """Screenshots of the main window showing each page in `keys`, on a new demo database."""
    # the demo builder and a second context load only when the manual is built
    from moi_desktop.db import open_database
    from moi_desktop.demo import build_demo
    from ui.context import AppContext
    from ui.tasks import TaskRunner

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="moi-manual-") as tmp:
        db_path = Path(build_demo(Path(tmp) / "demo.sqlite3"))
        db = open_database(db_path)
        settings = QSettings(str(Path(tmp) / "ui_state.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(db, db_path, tasks=TaskRunner(db_path, sync=True), settings=settings)
        window = window_class(ctx)
        try:
            window.resize(*size)
            shots: dict[str, Path] = {}
            available = set(window.page_keys())
            for key in keys:
                if key not in available:
                    raise RuntimeError(f"the manual shows page {key!r}, which the program does not have")
                window.show_page(key)
                path = out_dir / f"{key}.png"
                if not window.grab().save(str(path)):
                    raise OSError(f"cannot write the screenshot {path}")
                shots[key] = path
            return shots
        finally:
            window.close()
            window.deleteLater()
            ctx.close()


def build_manual(out_pdf: Path, window_class: WindowClass, *, manual: Manual | None = None) -> dict[str, int]:
    """Take the screenshots and render the manual to `out_pdf`; the chapter → page map is written
    beside it (`.json`) and returned."""
    manual = manual or load_manual()
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="moi-shots-") as tmp:
        shots = take_screenshots(Path(tmp), manual.shots(), window_class)
        pages = render_manual(manual, out_pdf, shots)
    out_pdf.with_suffix(".json").write_text(
        json.dumps({"source": _source_stamp(), "chapters": pages}, ensure_ascii=False), encoding="utf-8")
    return pages


def _source_stamp() -> str:
    digest = hashlib.sha256(manual_source().read_bytes()).hexdigest()[:16]
    return f"{__version__}:{digest}"


def _chapters(pdf: Path) -> dict[str, int] | None:
    try:
        data = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {str(k): int(v) for k, v in data.get("chapters", {}).items()} if isinstance(data, dict) else None


def manual_pdf(window_class: WindowClass) -> tuple[Path, dict[str, int]]:
    """The manual to show: the shipped one, else one built here (rebuilt when the source changed)."""
    shipped = resource_path("manual", MANUAL_NAME)
    chapters = _chapters(shipped) if shipped.is_file() else None
    if chapters is not None:
        return shipped, chapters
    built = data_dir() / "manual" / MANUAL_NAME
    try:
        stamp = json.loads(built.with_suffix(".json").read_text(encoding="utf-8")).get("source")
    except (OSError, ValueError):
        stamp = None
    if built.is_file() and stamp == _source_stamp():
        return built, _chapters(built) or {}
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        log.info("building the user manual into %s", built)
        return built, build_manual(built, window_class)
    finally:
        QGuiApplication.restoreOverrideCursor()


class ManualWindow(QDialog):
    """The manual in a window of its own, opened at a chapter."""

    def __init__(self, pdf: Path, start_page: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("คู่มือการใช้งาน")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(900, 700)
        self.document.load(str(pdf))
        self.start_page = max(0, min(start_page - 1, self.document.pageCount() - 1))
        self._jumped = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._jumped:  # the view lays its pages out once shown: jump after that
            self._jumped = True
            QTimer.singleShot(0, lambda: self.view.pageNavigator().jump(self.start_page, QPointF(0, 0)))

    def current_page(self) -> int:
        """The page shown, counted from 1 as printed."""
        return self.view.pageNavigator().currentPage() + 1


def open_manual(window: QWidget, page_key: str | None) -> ManualWindow:
    """Open the manual at the chapter of GUI page `page_key` (the contents page if it has none)
    over the main window `window` (whose class takes the screenshots if the manual must be built)."""
    pdf, chapters = manual_pdf(cast(WindowClass, type(window)))
    manual = load_manual()
    chapter = manual.chapter_for_page(page_key) if page_key else None
    start = chapters.get(chapter.key, 2) if chapter else 2
    viewer = ManualWindow(pdf, start, window)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.show()
    return viewer
