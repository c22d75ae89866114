"""Targets, lessons and satisfaction on the project page: a clerk sets targets in phases and records actuals (the
confirming-note prompt when an actual passes its target by more than 50 %), records lessons and a
satisfaction count; a viewer sees them but cannot change them. Screenshots go to $MOI_SHOTS when
it names a folder."""

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from moi_desktop.projects import add_project
from moi_desktop.projects.lessons import list_lessons, list_surveys
from moi_desktop.projects.milestones import add_milestone, list_actuals, list_milestones
from tests.accounts_support import VIEWER, add_accounts, login
from ui.dialogs.lesson_edit import LessonDialog, SurveyDialog
from ui.dialogs.login import apply_login
from ui.dialogs.milestone_edit import ActualDialog, MilestoneDialog
from ui.pages.projects import ProjectsPage

SHOTS = Path(os.environ.get("MOI_SHOTS", "/nonexistent/moi-shots"))
SAVE = QDialogButtonBox.StandardButton.Save


def _shot(widget, name: str) -> None:
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / name))


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save(qtbot, dialog) -> None:
    click(qtbot, dialog.buttons.button(SAVE))


def _page(ctx, qtbot):
    project = add_project(ctx.db, {"title": "บริหารจัดการน้ำ", "category": 3, "start_date": "1/6/2565",
                                   "end_date": "30/9/2565", "households_target": 104})
    page = ProjectsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.select_project(project)
    return page, project


def test_clerk_sets_phases_and_records_actuals_with_the_note_prompt(ctx, qtbot):
    page, project = _page(ctx, qtbot)
    panel = page.milestones
    page.detail.setCurrentWidget(panel)
    click(qtbot, panel.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, MilestoneDialog)
    dialog.title_edit.setText("ระยะที่ ๑: สำรวจครัวเรือน")
    dialog.due.setText("๑/๑๐/๒๕๖๕")  # after the project's end: refused in Thai, nothing saved
    dialog.households.setText("๔๐")
    save(qtbot, dialog)
    assert "หลังวันสิ้นสุดโครงการ" in dialog.errors["due_date"].text()
    assert list_milestones(ctx.db, project) == []
    dialog.due.setText("31/7/2565")
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert panel.milestones.rowCount() == 1
    panel.milestones.selectRow(0)

    click(qtbot, panel.actual_button)
    actual = panel.dialog
    assert isinstance(actual, ActualDialog)
    actual.period.setText("31/7/2565")
    actual.households.setText("70")  # 175 % of 40: the form asks for a confirming note as typed
    assert actual.warning.isVisibleTo(actual) and "หมายเหตุยืนยัน" in actual.warning.text()
    save(qtbot, actual)
    assert "หมายเหตุยืนยัน" in actual.errors["confirm_note"].text()
    assert list_actuals(ctx.db, list_milestones(ctx.db, project)[0]["id"]) == []
    actual.households.setText("-3")
    save(qtbot, actual)
    assert "ติดลบ" in actual.errors["households"].text()
    actual.households.setText("70")
    actual.confirm.setPlainText("ตรวจสอบกับบัญชีรายชื่อแล้ว")
    _shot(actual, "milestone_actual_dialog.png")
    save(qtbot, actual)
    assert actual.result() == actual.DialogCode.Accepted
    (phase,) = list_milestones(ctx.db, project)
    assert phase["households_actual"] == 70 and phase["confirm_notes"] == ["ตรวจสอบกับบัญชีรายชื่อแล้ว"]
    assert panel.actuals.rowCount() == 1
    assert "ยืนยันแล้ว" in panel.milestones.item(0, 7).text()
    assert "๗๐ / ๔๐" in panel.milestones.item(0, 2).text()
    page.show()
    qtbot.waitExposed(page)
    _shot(page, "project_milestones_tab.png")


def test_lessons_and_satisfaction_in_the_project_page(ctx, qtbot):
    page, project = _page(ctx, qtbot)
    panel = page.lessons
    page.detail.setCurrentWidget(panel)
    click(qtbot, panel.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, LessonDialog)
    dialog.recorded_on.setText("30/9/2565")
    save(qtbot, dialog)  # nothing written under any heading
    assert "อย่างน้อยหนึ่งหัวข้อ" in dialog.errors["worked"].text()
    dialog.fields["worked"].setPlainText("ภาคีเครือข่ายร่วมลงแรง")
    dialog.fields["problems"].setPlainText("ฝนตกหนักช่วงก่อสร้าง")
    dialog.recorded_by.setText("ปลัดอำเภอ")
    save(qtbot, dialog)
    assert [r["worked"] for r in list_lessons(ctx.db, project)] == ["ภาคีเครือข่ายร่วมลงแรง"]
    assert panel.lessons.rowCount() == 1

    click(qtbot, panel.survey_button)
    survey = panel.dialog
    assert isinstance(survey, SurveyDialog)
    survey.surveyed_on.setText("30/9/2565")
    for key, count in (("level_5", "20"), ("level_4", "๑๕"), ("level_3", "5")):
        survey.levels[key].setText(count)
    assert survey.survey_result.text() == "ผู้ตอบ ๔๐ คน · ค่าเฉลี่ย ๔.๓๘ (มากที่สุด)"
    save(qtbot, survey)
    (row,) = list_surveys(ctx.db, project)
    assert (row["respondents"], row["mean"]) == (40, 4.38)
    assert panel.surveys.rowCount() == 1 and panel.surveys.item(0, 9).text() == "มากที่สุด"
    page.show()
    qtbot.waitExposed(page)
    _shot(page, "project_lessons_tab.png")


def test_a_viewer_sees_the_tabs_but_cannot_change_them(ctx, qtbot):
    project = add_project(ctx.db, {"title": "บริหารจัดการน้ำ", "category": 3, "start_date": "1/6/2565",
                                   "end_date": "30/9/2565"})
    add_milestone(ctx.db, project, {"title": "ระยะที่ ๑", "due_date": "31/7/2565", "households_target": 40})
    add_accounts(ctx.db)
    apply_login(ctx, login(ctx.db, VIEWER))
    page = ProjectsPage(ctx)
    qtbot.addWidget(page)
    page.select_project(project)
    assert page.milestones.milestones.rowCount() == 1
    page.milestones.milestones.selectRow(0)
    for button in (page.milestones.add_button, page.milestones.edit_button, page.milestones.actual_button,
                   page.lessons.add_button, page.lessons.survey_button):
        assert not button.isEnabled(), button.text()
    page.milestones.actual_button.setEnabled(True)  # as if left enabled by mistake: the core refuses
    dialog = page.milestones.add_actual()
    dialog.period.setText("30/6/2565")
    dialog.households.setText("5")
    assert dialog.save() is None
    assert any("ไม่มีสิทธิ์เพิ่มหรือแก้ไขโครงการ" in m for m in dialog.errors.visible().values())


def test_edit_a_phase_with_indicator_targets_and_record_indicator_actuals(ctx, qtbot):
    indicator = ctx.db.execute("SELECT id FROM indicators ORDER BY number").fetchone()[0]
    project = add_project(ctx.db, {"title": "แก้จน", "category": 2, "start_date": "1/6/2565", "end_date": "30/9/2565"},
                          indicators=[indicator])
    milestone = add_milestone(ctx.db, project, {"title": "ระยะที่ ๑", "due_date": "31/7/2565"})
    page = ProjectsPage(ctx)
    qtbot.addWidget(page)
    page.select_project(project)
    panel = page.milestones
    panel.milestones.selectRow(0)
    click(qtbot, panel.edit_button)
    dialog = panel.dialog
    assert isinstance(dialog, MilestoneDialog) and dialog.indicators.rowCount() == 1
    dialog.indicators.item(0, 1).setText("๑๐")
    dialog.title_edit.setText("ระยะที่ ๑: ครัวเรือนมีส้วม")
    save(qtbot, dialog)
    (phase,) = list_milestones(ctx.db, project)
    assert phase["title"] == "ระยะที่ ๑: ครัวเรือนมีส้วม" and phase["indicator_targets"] == {indicator: 10.0}
    panel.milestones.selectRow(0)
    click(qtbot, panel.actual_button)
    actual = panel.dialog
    assert isinstance(actual, ActualDialog) and actual.indicators.rowCount() == 1
    actual.period.setText("31/7/2565")
    actual.indicators.item(0, 1).setText("16")  # 160 % of 10: the prompt appears for the indicator
    assert actual.warning.isVisibleTo(actual) and "ตัวชี้วัด" in actual.warning.text()
    actual.confirm.setPlainText("นับจากบัญชีครัวเรือนที่สร้างส้วมแล้วเสร็จ")
    save(qtbot, actual)
    assert milestone == phase["id"]
    assert list_milestones(ctx.db, project)[0]["indicator_actuals"] == {indicator: 16.0}


def test_report_buttons_open_the_reports_page_on_the_project(ctx, qtbot):
    from ui.main_window import MainWindow

    project = add_project(ctx.db, {"title": "บริหารจัดการน้ำ", "category": 3, "start_date": "1/6/2565",
                                   "end_date": "30/9/2565"})
    add_milestone(ctx.db, project, {"title": "ระยะที่ ๑", "due_date": "31/7/2565", "households_target": 40})
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("projects")
    page.select_project(project)
    page.detail.setCurrentWidget(page.milestones)
    qtbot.waitUntil(lambda: page.milestones.report_button.isEnabled())
    click(qtbot, page.milestones.report_button)
    reports = window.show_page("reports")
    assert window.current_key() == "reports" and reports.current_spec().key == "project-milestones"
    window.show_page("projects")
    page.detail.setCurrentWidget(page.lessons)
    qtbot.waitUntil(lambda: page.lessons.satisfaction_report_button.isEnabled())
    click(qtbot, page.lessons.satisfaction_report_button)
    assert window.current_key() == "reports" and reports.current_spec().key == "project-satisfaction"
