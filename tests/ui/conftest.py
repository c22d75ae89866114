"""UI fixtures: the bundled font, per-test QSettings, a context on a database with an office."""

import gc

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from moi_desktop.office import default_office_for_district, save_office

DISTRICT = "5001"  # เมืองเชียงใหม่


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    """Collect the windows a test dropped once its teardown is over, never in the middle of it.

    Windows sit in reference cycles (pages, the context's signals), so the garbage collector frees
    them whenever it happens to run. Run during pytest-qt's teardown (which processes the pending
    events: a page's queued refresh), it could delete a page's widgets under that running refresh.
    """
    gc.disable()
    try:
        return (yield)
    finally:
        gc.enable()
        gc.collect()


@pytest.fixture(autouse=True)
def _ui_app(qapp, tmp_path):
    """Thai renders (bundled font) and UI state never touches the real per-user settings."""
    from ui.app import APP_ID, ORG_NAME
    from ui.fonts import install_ui_font
    from ui.qt_thai import install_qt_thai

    QApplication.setApplicationName(APP_ID)
    QApplication.setOrganizationName(ORG_NAME)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    install_ui_font(qapp)
    install_qt_thai()
    yield
    for widget in QApplication.topLevelWidgets():  # message boxes a test left open
        widget.close()


@pytest.fixture(autouse=True)
def desk_speaker(monkeypatch):
    """The desk's sounds go to a recorder, never to QtMultimedia: tests check which sound was
    requested (ui/sounds.py), not the speaker. Returns the paths "played", in order."""
    from ui.sounds import DeskSounds

    played: list = []
    monkeypatch.setattr(DeskSounds, "player_factory", lambda: played.append)
    return played


@pytest.fixture
def office_db(db):
    office = default_office_for_district(db, DISTRICT)
    office.ref_prefix = "มท ๐๓๑๘.๑"
    office.phone = "053 112 345"
    office.chief_name = "นายสมมติ ทดสอบ"
    save_office(db, office)
    return db


@pytest.fixture
def make_ctx(db_path, tmp_path):
    """Build an AppContext over a database (sync tasks unless asked otherwise); closed at teardown."""
    from ui.context import AppContext
    from ui.tasks import TaskRunner

    made = []

    def make(db, *, sync=True, delay_ms=500):
        settings = QSettings(str(tmp_path / "ui_state.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(db, db_path, tasks=TaskRunner(db_path, sync=sync, delay_ms=delay_ms), settings=settings)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def ctx(office_db, make_ctx):
    return make_ctx(office_db)
