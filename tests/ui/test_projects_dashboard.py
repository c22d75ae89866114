"""The home dashboard: a chart per area that exists, numbers from the core, clicks that navigate,
redraws on data changes (screenshot to $MOI_SHOTS when it names a folder)."""

import os
from pathlib import Path

import pytest
from PySide6.QtCharts import QPieSeries
from PySide6.QtCore import Qt

from moi_desktop.projects import add_project, dashboard_data
from ui.widgets import dashboard as dash_module
from ui.widgets.dashboard import CHARTS, Dashboard

SHOTS = Path(os.environ.get("MOI_SHOTS", "/nonexistent/moi-shots"))


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from moi_desktop.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3")


@pytest.fixture
def demo_window(demo_path, make_ctx, qtbot, tmp_path):
    import shutil

    from moi_desktop.db import open_database
    from moi_desktop.security import get_user
    from ui.main_window import MainWindow

    copy = tmp_path / "demo.sqlite3"
    shutil.copy(demo_path, copy)  # a closed database file: tests may write to their copy
    ctx = make_ctx(open_database(copy))
    ctx.user = get_user(ctx.db, "clerk")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    return window


def _pie_labels(card) -> list[str]:
    series = card.chart().series()[0]
    assert isinstance(series, QPieSeries)
    return [s.label() for s in series.slices()]


@pytest.mark.slow  # builds the demo database once for the module
def test_every_area_has_its_chart_and_a_click_opens_its_page(demo_window, qtbot):
    window = demo_window
    home = window.show_page("home")
    dashboard = home.dashboard
    data = dashboard_data(window.ctx.db)
    assert set(dashboard.charts) == {k for k in CHARTS if data[k] is not None} == set(CHARTS)
    by_cat = data["projects_by_category"]
    assert sum(r["percent"] for r in by_cat) == 100
    assert _pie_labels(dashboard.charts["projects_by_category"]) == [
        f"{r['short']}  {dash_module._th(r['count'])} ({dash_module._th(r['percent'])}%)" for r in by_cat]
    assert f"โครงการ {dash_module._th(data['projects_total'])} โครงการ" in dashboard.headline.text()
    if SHOTS.is_dir():
        dashboard.resize(1100, dashboard.sizeHint().height())
        dashboard.grab().save(str(SHOTS / "home_dashboard.png"))

    card = dashboard.charts["projects_by_category"]
    qtbot.mouseClick(card.viewport(), Qt.MouseButton.LeftButton, pos=card.viewport().rect().center())
    assert window.current_key() == "projects"
    window.show_page("home")
    qtbot.mouseClick(dashboard.charts["cases_by_status"].viewport(), Qt.MouseButton.LeftButton)
    assert window.current_key() == "cases"
    window.show_page("home")
    qtbot.mouseClick(dashboard.charts["members_by_sector"].viewport(), Qt.MouseButton.LeftButton)
    assert window.current_key() == "members"
    window.show_page("home")
    qtbot.mouseClick(dashboard.charts["attendance_by_training"].viewport(), Qt.MouseButton.LeftButton)
    assert window.current_key() == "trainings"


def test_charts_follow_the_data(demo_window, qtbot):
    window = demo_window
    dashboard = window.show_page("home").dashboard
    before = dashboard_data(window.ctx.db)["projects_by_category"][3]["count"]
    add_project(window.ctx.db, {"title": "ท่องเที่ยวเพิ่มเติม", "category": 4})
    qtbot.waitUntil(lambda: dashboard.data["projects_by_category"][3]["count"] == before + 1)
    labels = _pie_labels(dashboard.charts["projects_by_category"])
    assert labels[3].startswith(f"ท่องเที่ยวชุมชน  {dash_module._th(before + 1)} (")


def test_a_chart_appears_only_when_its_area_exists(ctx, qtbot, monkeypatch):
    real = dash_module.dashboard_data

    def without_cases_and_trainings(db):
        data = real(db)
        return {**data, "cases_by_status": None, "attendance_by_training": None}

    monkeypatch.setattr(dash_module, "dashboard_data", without_cases_and_trainings)
    dashboard = Dashboard(ctx)
    qtbot.addWidget(dashboard)
    assert set(dashboard.charts) == {"projects_by_category", "activity_progress", "budget", "members_by_sector"}
    assert "ยังไม่มีข้อมูล" in dashboard.charts["projects_by_category"].chart().title()  # empty database
    navigated = []
    dashboard.navigate.connect(navigated.append)
    card = dashboard.charts["budget"]
    qtbot.mouseClick(card.viewport(), Qt.MouseButton.LeftButton)
    assert navigated == ["projects"]  # outside a main window: only the signal


def test_brief_button_opens_the_reports_page_on_the_selected_project(demo_window, qtbot):
    from PySide6.QtWidgets import QComboBox

    window = demo_window
    page = window.show_page("projects")
    last = page.model.rows[-1]["id"]
    page.select_project(last)
    assert page.brief_button.isEnabled()
    qtbot.mouseClick(page.brief_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "reports"
    reports = window.page("reports")
    assert reports.current_spec().key == "project-brief"
    assert reports.findChild(QComboBox, "param_project").currentData() == last
