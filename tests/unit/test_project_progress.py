"""A project's progress is its activities', shown one way: "๔๒%"."""

from moi_desktop.projects import list_projects
from moi_desktop.projects.progress import format_percent, progress_text, project_progress
from moi_desktop.projects.store import add_activity, add_project, get_project


def test_a_project_with_activities_progresses_as_they_do(db):
    project = add_project(db, {"title": "โครงการ ก", "category": 3, "progress": 42})
    for value in (100, 100, 40):
        add_activity(db, project, {"title": f"กิจกรรม {value}", "progress": value})
    row = next(r for r in list_projects(db) if r["id"] == project)
    assert project_progress(row) == (80, "activities")  # (100 + 100 + 40) / 3, not the 42 typed once
    assert project_progress(get_project(db, project)) == (80, "activities")  # list and editor agree
    assert progress_text(row) == "๘๐%" and progress_text(row, always_label=True) == "๘๐% (เฉลี่ยจากกิจกรรม)"


def test_without_activities_the_recorded_figure_is_labelled(db):
    project = add_project(db, {"title": "โครงการ ข", "category": 3, "progress": 42})
    row = next(r for r in list_projects(db) if r["id"] == project)
    assert project_progress(row) == (42, "recorded")
    assert progress_text(row) == "๔๒% (บันทึกเอง)"
    assert progress_text(row, thai_digits=False) == "42% (บันทึกเอง)"


def test_one_percent_format():
    assert format_percent(42) == "๔๒%" and format_percent(41.5) == "๔๒%" and format_percent(None) == ""
    assert format_percent(100, thai_digits=False) == "100%"
