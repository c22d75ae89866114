"""GUI entry point: logging and crash handling, QApplication, database, first run, main window."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from moi_desktop import APP_NAME, __version__
from moi_desktop.paths import data_dir, default_db_path, logs_dir
from ui.launch import parse_args

if TYPE_CHECKING:  # the GUI's modules load after setup_logging() (see run)
    from collections.abc import Callable

    from moi_desktop.security import User
    from ui.context import AppContext
    from ui.main_window import MainWindow

    Login = Callable[[AppContext, QWidget | None], User | None]

log = logging.getLogger(__name__)

ORG_NAME = "MOI"
APP_ID = "MOIDistrictDesk"
LOG_FILE = "moi_desktop.log"
SHOWN_MARKER = "moi-desktop: window painted"  # printed by --exit-when-shown (tests/benchmarks)
_fault_file = None  # kept open for the life of the process: faulthandler writes to it on a crash


def setup_logging() -> Path:
    """Rotating log file in the data dir, and faulthandler for hard crashes (segfaults in Qt)."""
    global _fault_file
    folder = logs_dir()
    path = folder / LOG_FILE
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    if _fault_file is None:
        _fault_file = open(folder / "faulthandler.log", "a", encoding="utf-8")  # noqa: SIM115
        faulthandler.enable(_fault_file)
    return path


def create_application() -> QApplication:
    # The GUI's modules load after setup_logging() (see run): a failure while importing them is logged.
    from ui.fonts import install_ui_font
    from ui.qt_thai import install_qt_thai

    QApplication.setApplicationName(APP_ID)
    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationDisplayName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # per-PC UI state, a readable file
    app = cast(QApplication, QApplication.instance()) or QApplication(sys.argv[:1])
    install_ui_font(app)
    install_qt_thai()
    return app


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite3"


def demo_database(*, fresh: bool = False) -> Path:
    """The demo database: the one built before when it is current, else a new one."""
    # Loaded after setup_logging() (see run), like every module of the program here.
    from moi_desktop.security.session import demo_is_current

    path = demo_db_path()
    if not fresh and demo_is_current(path):
        log.info("reusing the demo database %s", path)
        return path
    return build_fresh_demo()


def build_fresh_demo() -> Path:
    """A new demo database each time; the old file and its WAL side files go first."""
    # The GUI's modules load after setup_logging() (see run): a failure while importing them is logged.
    from moi_desktop.demo import build_demo

    path = demo_db_path()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Path(build_demo(path))


def run(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    log_path = setup_logging()
    log.info("starting %s %s (log %s)", APP_NAME, __version__, log_path)
    # Everything else loads after this point, so a failure while importing it reaches the log.
    from ui.errors import install_excepthook, show_error

    install_excepthook()
    app = create_application()
    if args.build_manual:
        from ui.main_window import MainWindow  # the GUI's modules load after setup_logging() (see run)
        from ui.manual import build_manual

        pages = build_manual(args.build_manual, MainWindow)
        log.info("manual written to %s (%d chapters)", args.build_manual, len(pages))
        return 0
    try:
        if args.demo_province:
            # the GUI's modules load after setup_logging() (see run): a failure importing them is logged
            from ui.province_demo import build_fresh_province_demo

            db_path = build_fresh_province_demo(args.demo_province)
        else:
            db_path = demo_database(fresh=args.new_demo) if args.demo else Path(args.db or default_db_path())
        ctx = open_context(db_path)
    except Exception as exc:  # UserError (e.g. not our database) or a bug: shown, then exit 1
        log.warning("cannot open the database: %s", exc)
        box = show_error(None, exc)
        if not (args.smoke or args.exit_when_shown):
            box.finished.connect(app.quit)
            app.exec()
        return 1
    return _run_window(app, ctx, smoke=args.smoke, exit_when_shown=args.exit_when_shown)


def open_context(db_path: Path) -> AppContext:
    # The GUI's modules load after setup_logging() (see run): a failure while importing them is logged.
    from moi_desktop.db import open_database
    from ui.context import AppContext

    db = open_database(db_path)
    return AppContext(db, db_path)


def _run_window(app: QApplication, ctx: AppContext, *, smoke: bool, exit_when_shown: bool = False) -> int:
    # The GUI's modules load after setup_logging() (see run): a failure while importing them is logged.
    from ui.lock import install_security
    from ui.main_window import MainWindow

    if ctx.office is None:
        # deferred: the wizard (office form, reference lists) loads only on a first run, not every start
        from ui.dialogs.first_run import FirstRunWizard

        wizard = FirstRunWizard(ctx.db)
        if smoke:
            wizard.show()  # built and shown, never waited on
        elif wizard.exec() != FirstRunWizard.DialogCode.Accepted:
            log.info("first-run wizard cancelled: quitting")
            ctx.close()
            return 0
        else:
            ctx.reload_office()
    # Nobody works on a shared office PC anonymously: the first administrator is created, or a
    # user logs in, before any data is shown (the smoke run builds the window without a login).
    smoke = smoke or exit_when_shown
    if not smoke:
        from ui.dialogs.login import ask_login  # the login dialog's modules: only when someone logs in

        if ask_login(ctx) is None:
            log.info("login cancelled: quitting")
            ctx.close()
            return 0
    ctx.hold_until_painted()  # what pages can show a moment later waits for the first paint
    window = MainWindow(ctx)
    ctx.tasks.parent_widget = window
    install_security(window, ctx)  # auto-lock, role limits, security menu, automatic backups
    connect_database_switch(window)
    window.show()
    if exit_when_shown:
        window.repaint()  # painted: the window is usable
        if sys.stdout is not None:  # the startup benchmark times the start up to this line
            print(SHOWN_MARKER, flush=True)
        QTimer.singleShot(0, app.quit)
    elif smoke:
        def checks() -> None:  # after the window is up: the checks never delay it
            window.build_all_pages()  # every discovered page must at least construct
            # reportlab and the segmenter load here only for the check, not on a normal start
            from moi_desktop.documents import self_check

            log.info("document self-check: %d-byte Thai PDF", self_check())  # a frozen build has its data
            app.quit()

        QTimer.singleShot(0, checks)
    code = app.exec()
    ctx.close()
    log.info("exit %s", code)
    return code


def connect_database_switch(window: MainWindow, *, login: Login | None = None) -> None:
    """A database the window asks for (ไฟล์ → เปิดตัวอย่างระดับจังหวัด…) opens in a new window."""
    window.database_chosen.connect(lambda path: open_in_new_window(window, Path(path), login=login))


def open_in_new_window(window: MainWindow, db_path: Path, *, login: Login | None = None) -> MainWindow | None:
    """Open `db_path` like the start-up does (context, login, security), show it, close `window`
    (its database stays open until the app quits, as at start-up). The new window is kept as
    `window.next_window`; its context closes when the app quits."""
    # The GUI's modules load after setup_logging() (see run): a failure while importing them is logged.
    from ui.dialogs.login import ask_login
    from ui.lock import install_security
    from ui.main_window import MainWindow

    ctx = open_context(db_path)
    if (login or ask_login)(ctx, window) is None:
        log.info("login to %s cancelled: staying in %s", db_path, window.ctx.db_path)
        ctx.close()
        return None
    new = MainWindow(ctx)
    ctx.tasks.parent_widget = new
    install_security(new, ctx)  # its backup on quit is connected before the close below
    connect_database_switch(new, login=login)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(ctx.close)
    new.show()
    window.next_window = new
    log.info("opened %s in a new window", db_path)
    window.close()
    return new
