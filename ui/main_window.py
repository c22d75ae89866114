"""The main window: navigation list of the discovered pages, lazily built page stack, status bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from moi_desktop.office import Office
from ui.context import AppContext
from ui.dialogs.about import AboutDialog
from ui.pages import PageSpec, discover_pages
from ui.shortcuts import ShortcutsDialog
from ui.widgets.table_cells import install_thai_elide

log = logging.getLogger(__name__)

WINDOW_TITLE = "อำเภอนำร่อง บำบัดทุกข์ บำรุงสุข"


def window_title(office: Office | None) -> str:
    return f"{WINDOW_TITLE} — {office.org_name}" if office and office.org_name else WINDOW_TITLE


class MainWindow(QMainWindow):
    database_chosen = Signal(object)  # a Path to open instead of this window's (ui/app.py opens it)

    def __init__(self, ctx: AppContext, pages: list[PageSpec] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.specs = list(pages) if pages is not None else discover_pages()
        self._pages: dict[str, QWidget] = {}
        self._security: QObject | None = None  # ui.lock.install_security keeps its controller here

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(190)
        self.nav.setMaximumWidth(280)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 6px 8px; }")
        for spec in self.specs:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([210, 890])
        self.setCentralWidget(splitter)

        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label, 1)
        self._build_menus()
        self._update_office_texts()
        ctx.data_changed.connect(self._on_data_changed)
        self.nav.currentRowChanged.connect(self._on_nav_row)
        self.resize(1100, 720)
        self._restore_state()
        # The first paint of the window (its navigation is always on screen) releases the work
        # pages put off until then (AppContext.after_first_paint).
        self.nav.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.nav.viewport():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.ctx.first_paint_done)  # after this paint has reached the screen
        return super().eventFilter(watched, event)

    # navigation -------------------------------------------------------------------------------
    def page_keys(self) -> list[str]:
        return [spec.key for spec in self.specs]

    def show_page(self, key: str) -> QWidget:
        """Select `key` in the navigation (creating its page on first use) and return the page."""
        row = self.page_keys().index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        else:
            self._on_nav_row(row)
        return self._pages[key]

    def current_key(self) -> str | None:
        row = self.nav.currentRow()
        return self.specs[row].key if 0 <= row < len(self.specs) else None

    def page(self, key: str) -> QWidget | None:
        """The page widget if it was created already."""
        return self._pages.get(key)

    def build_all_pages(self) -> None:
        for spec in self.specs:
            self._ensure_page(spec)

    def _ensure_page(self, spec: PageSpec) -> tuple[QWidget, bool]:
        page = self._pages.get(spec.key)
        if page is not None:
            return page, False
        page = spec.factory(self.ctx)
        page.setObjectName(f"page_{spec.key}")
        self._pages[spec.key] = page
        # SCREEN FIT: a page fits 1366×768 as it is; on a smaller screen (125 % scaling)
        # it scrolls instead of pushing the window off screen, and its tables elide Thai properly.
        install_thai_elide(page)
        frame = QScrollArea()
        frame.setObjectName(f"frame_{spec.key}")
        frame.setWidgetResizable(True)
        frame.setFrameShape(QFrame.Shape.NoFrame)
        frame.setWidget(page)
        self.stack.addWidget(frame)
        return page, True

    def _on_nav_row(self, row: int) -> None:
        if not 0 <= row < len(self.specs):
            return
        page, created = self._ensure_page(self.specs[row])
        refresh = getattr(page, "refresh", None)
        if not created and callable(refresh):
            refresh()
        self.stack.setCurrentWidget(self.frame_of(page))

    def frame_of(self, page: QWidget) -> QWidget:
        """The scroll area the stack shows `page` in."""
        viewport = page.parentWidget()
        frame = viewport.parentWidget() if viewport is not None else None
        return frame if isinstance(frame, QScrollArea) else page

    # menus, status, state ---------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("ไฟล์")
        # REPORTING: the GUI choice of `--demo-province` (ui/province_demo.py)
        self.next_window: MainWindow | None = None  # the window that replaced this one
        self.province_demo_action = QAction("เปิดตัวอย่างระดับจังหวัด…", self)
        self.province_demo_action.triggered.connect(self.open_province_demo)
        file_menu.addAction(self.province_demo_action)
        file_menu.addSeparator()
        quit_action = QAction("ออก", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("ช่วยเหลือ")
        self.manual_action = QAction("คู่มือการใช้งาน (บทของหน้านี้)", self)
        self.manual_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.manual_action.triggered.connect(self.show_manual)
        help_menu.addAction(self.manual_action)
        self.about_action = QAction("เกี่ยวกับโปรแกรม", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)
        # F1 opens the manual's chapter; Shift+F1 lists the current page's shortcuts (ui/shortcuts.py)
        self.shortcuts_action = QAction("แป้นลัดของหน้านี้", self)
        self.shortcuts_action.setShortcut(QKeySequence("Shift+F1"))
        self.shortcuts_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        self.addAction(self.shortcuts_action)

    def open_province_demo(self) -> None:
        # deferred: the demo dialog loads only when asked for (start-up time)
        from ui.province_demo import ask_province_demo

        ask_province_demo(self.ctx, self, self.database_chosen.emit)

    def show_shortcuts(self) -> ShortcutsDialog:
        key = self.current_key()
        title = next((spec.title for spec in self.specs if spec.key == key), "")
        dialog = ShortcutsDialog(key, title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def current_page_key(self) -> str | None:
        row = self.nav.currentRow()
        return self.specs[row].key if 0 <= row < len(self.specs) else None

    def show_manual(self) -> QWidget:
        """F1: the manual, opened at the chapter of the page on screen."""
        from ui.manual import open_manual  # the PDF viewer and the manual load on first use

        return open_manual(self, self.current_page_key())

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _update_office_texts(self) -> None:
        office = self.ctx.office
        self.setWindowTitle(window_title(office))
        where = office.org_name if office else "ยังไม่ได้ตั้งค่าสำนักงาน"
        self.status_label.setText(f"สำนักงาน: {where}    ฐานข้อมูล: {self.ctx.db_path}")

    def _on_data_changed(self, table: str) -> None:
        if table == "office":
            self._update_office_texts()

    def _restore_state(self) -> None:
        settings = self.ctx.settings
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        keys = self.page_keys()
        last = settings.value("main_window/page")
        if keys:
            self.show_page(last if last in keys else keys[0])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue("main_window/geometry", self.saveGeometry())
        if self.current_key():
            self.ctx.settings.setValue("main_window/page", self.current_key())
        self.ctx.settings.sync()
        super().closeEvent(event)
