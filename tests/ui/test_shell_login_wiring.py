"""Start-up wiring: nothing is shown before a login, and the window gets the security layer."""

import ui.app as app_module
import ui.dialogs.login as login_module
import ui.lock as lock_module
from moi_desktop.security import create_first_admin, get_user


class _FakeApp:
    """Stands in for QApplication so _run_window returns instead of entering the event loop."""

    def exec(self):
        return 0


def test_cancelled_login_quits_without_building_the_window(office_db, make_ctx, monkeypatch):
    ctx = make_ctx(office_db)
    monkeypatch.setattr(login_module, "ask_login", lambda ctx, parent=None: None)
    built = []
    monkeypatch.setattr("ui.main_window.MainWindow.__init__", lambda self, *a, **k: built.append(1))
    assert app_module._run_window(_FakeApp(), ctx, smoke=False) == 0
    assert built == []


def test_login_then_window_with_security_installed(office_db, make_ctx, monkeypatch, qtbot):
    create_first_admin(office_db, "admin", "ผู้ดูแลระบบ", "Mango-Tree-71")
    ctx = make_ctx(office_db)
    admin = get_user(office_db, "admin")

    def fake_login(ctx, parent=None):
        login_module.apply_login(ctx, admin)
        return admin

    monkeypatch.setattr(login_module, "ask_login", fake_login)
    installed = []
    real_install = lock_module.install_security

    def spy(window, ctx, **kw):
        installed.append(window)
        qtbot.addWidget(window)
        return real_install(window, ctx, **kw)

    monkeypatch.setattr(lock_module, "install_security", spy)
    assert app_module._run_window(_FakeApp(), ctx, smoke=False) == 0
    assert len(installed) == 1
    assert getattr(ctx, "user", None) is not None and ctx.user.username == "admin"
