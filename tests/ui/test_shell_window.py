"""Main window: navigation from discovered pages, lazy pages, title/status, about box, UI state."""

import importlib
import sys
import textwrap

import PySide6
import pytest
from PySide6.QtCore import QPoint, Qt, qVersion

from moi_desktop import __version__
from moi_desktop.db import cipher
from moi_desktop.office import get_office, save_office
from ui.main_window import MainWindow
from ui.pages import PageSpec, discover_pages


@pytest.fixture
def window(qtbot, ctx):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


def click_nav(qtbot, window, row):
    nav = window.nav
    rect = nav.visualItemRect(nav.item(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_navigation_lists_exactly_the_discovered_pages(window):
    specs = discover_pages()
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [s.title for s in specs]
    assert [s.order for s in specs] == sorted(s.order for s in specs)
    assert {"home", "settings"} <= set(window.page_keys())
    assert titles[0] == "หน้าหลัก" and titles[-1] == "ตั้งค่า"


def test_clicking_each_entry_shows_its_page_created_lazily(qtbot, window):
    assert window.current_key() == "home"
    assert window.page("settings") is None  # not built until first shown
    for row, key in enumerate(window.page_keys()):
        click_nav(qtbot, window, row)
        assert window.current_key() == key
        assert window.stack.currentWidget() is window.frame_of(window.page(key))
        assert window.page(key).objectName() == f"page_{key}"
    built = [window.page(k) for k in window.page_keys()]
    click_nav(qtbot, window, 0)
    assert [window.page(k) for k in window.page_keys()] == built  # shown again, not rebuilt


def test_title_and_status_show_the_office_and_follow_changes(qtbot, window, ctx):
    office = get_office(ctx.db)
    assert window.windowTitle() == f"อำเภอนำร่อง บำบัดทุกข์ บำรุงสุข — {office.org_name}"
    assert str(ctx.db_path) in window.status_label.text()
    office.org_name = "ที่ทำการปกครองอำเภอเมืองเชียงใหม่ (ทดสอบ)"
    with qtbot.waitSignal(ctx.data_changed, check_params_cb=lambda t: t == "office"):
        save_office(ctx.db, office)
    assert window.windowTitle().endswith("(ทดสอบ)")
    assert "(ทดสอบ)" in window.status_label.text()


def test_about_box_lists_versions_and_font_licences(window):
    dialog = window.show_about()
    summary = dialog.summary_text()
    for expected in (__version__, cipher.sqlite_version, qVersion(), PySide6.__version__,
                     f"{sys.version_info.major}.{sys.version_info.minor}", "Sarabun", "SIL Open Font License"):
        assert expected in summary
    assert "SIL OPEN FONT LICENSE Version 1.1" in dialog.licences.toPlainText()
    assert "Laksaman" in dialog.licences.toPlainText()
    dialog.close()


def test_window_state_is_kept_per_pc(qtbot, ctx):
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.show_page("settings")
    first.move(QPoint(40, 30))
    first.resize(700, 500)  # within the offscreen screen (800 × 600)
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert second.current_key() == "settings"
    assert (second.width(), second.height()) == (700, 500)


@pytest.fixture
def fake_pages(tmp_path, monkeypatch):
    pkg = tmp_path / "fake_pages_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    page = textwrap.dedent("""
        from PySide6.QtWidgets import QLabel
        from ui.pages import PageSpec
        PAGE = PageSpec(key={key!r}, title={title!r}, order={order}, factory=lambda ctx: QLabel({title!r}))
    """)
    (pkg / "zeta.py").write_text(page.format(key="zeta", title="รายงาน", order=60))
    (pkg / "alpha.py").write_text(page.format(key="alpha", title="โครงการ", order=20))
    (pkg / "_private.py").write_text("raise RuntimeError('never imported')")
    (pkg / "helpers.py").write_text("VALUE = 1  # a module without PAGE is not a page")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "fake_pages_pkg", pkg
    for name in [m for m in sys.modules if m.startswith("fake_pages_pkg")]:
        del sys.modules[name]


def test_discovery_orders_by_order_and_skips_non_pages(fake_pages):
    package, _ = fake_pages
    assert [(s.key, s.order) for s in discover_pages(package)] == [("alpha", 20), ("zeta", 60)]


def test_discovery_reads_the_page_line_not_an_example_of_it(fake_pages):
    package, pkg = fake_pages
    (pkg / "beta.py").write_text(
        '"""An example in a docstring:\nPAGE = PageSpec(key="example", title="x", order=1, factory=None)\n"""\n'
        "import sys\nPAGE = 'not yet'\n" + (pkg / "alpha.py").read_text().replace("alpha", "beta").replace("20", "30"))
    specs = discover_pages(package)
    assert [(s.key, s.order) for s in specs] == [("alpha", 20), ("beta", 30), ("zeta", 60)]
    assert "fake_pages_pkg.beta" not in sys.modules  # listed from its source, not imported


def test_discovery_refuses_duplicate_keys_and_wrong_types(fake_pages):
    package, pkg = fake_pages
    (pkg / "beta.py").write_text((pkg / "alpha.py").read_text())
    with pytest.raises(RuntimeError, match="duplicate page keys"):
        discover_pages(package)
    (pkg / "beta.py").unlink()
    (pkg / "gamma.py").write_text("PAGE = 'not a spec'")
    importlib.invalidate_caches()
    with pytest.raises(TypeError, match="PageSpec"):
        discover_pages(package)


def test_window_with_given_pages_shows_only_those(qtbot, ctx, fake_pages):
    package, _ = fake_pages
    w = MainWindow(ctx, pages=discover_pages(package))
    qtbot.addWidget(w)
    assert [w.nav.item(i).text() for i in range(w.nav.count())] == ["โครงการ", "รายงาน"]
    assert w.show_page("zeta").text() == "รายงาน"


def test_page_refresh_is_called_when_shown_again(qtbot, ctx):
    from PySide6.QtWidgets import QLabel

    class Counting(QLabel):
        refreshed = 0

        def refresh(self):
            self.refreshed += 1

    specs = [PageSpec("a", "ก", 1, lambda c: Counting()), PageSpec("b", "ข", 2, lambda c: QLabel())]
    w = MainWindow(ctx, pages=specs)
    qtbot.addWidget(w)
    page = w.page("a")  # the first page is built when the window opens
    assert w.current_key() == "a" and page.refreshed == 0
    w.show_page("b")
    w.show_page("a")
    assert page.refreshed == 1
