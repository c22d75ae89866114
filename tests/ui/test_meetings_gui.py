"""Acceptance: a whole meeting run in the GUI — create it, invite, scan three
attendees at the desk, one substitute (F2), two agenda items with resolutions, one follow-up
action; the minutes PDF has the attendee lists and the resolutions; the next meeting of the series
carries the open action under วาระที่ ๓. Bad input gets its Thai message under the field."""

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from moi_desktop.meetings import build_minutes_spec, list_meetings
from moi_desktop.meetings.model import END_BEFORE_START, NO_CHAIR, NO_OWNER
from moi_desktop.thai import to_thai_digits
from tests.attendance_support import add_people
from tests.integration.test_documents_memo import normalise
from ui.dialogs.meeting_edit import ActionDialog, InviteDialog, ItemDialog, MeetingDialog
from ui.pages.meetings import MeetingsPage
from ui.widgets.attendance_desk import BLUE, GREEN, RED


def accepting(fill):
    def run(dialog):
        fill(dialog)
        return dialog.save() is not None
    return run


def fill_meeting(date: str, **extra):
    def fill(d: MeetingDialog):
        d.title_edit.setText("ประชุมติดตามโครงการอำเภอนำร่อง")
        d.date.setText(date)
        d.start.setText("๐๙.๓๐")
        d.end.setText("12:00")
        d.place.setText("ห้องประชุมที่ว่าการอำเภอ")
        d.people["chair"].name.setText("นายประธาน ใจดี")
        d.people["chair"].position.setText("นายอำเภอ")
        d.started.setText("09:35")
        d.ended.setText("11:45")
        d.people["recorder"].name.setText("นางสาวจด บันทึก")
        d.people["recorder"].position.setText("เจ้าพนักงานปกครอง")
        for key, value in extra.items():
            getattr(d, key).setText(value) if hasattr(d, key) else d.people[key].name.setText(value)
    return fill


def scan(qtbot, desk, text):
    desk.input.setText(text)
    qtbot.keyClick(desk.input, Qt.Key.Key_Return)


def pdf_text(path: Path) -> str:
    return normalise("".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.fixture
def page(ctx, qtbot):
    p = MeetingsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    return p


def test_a_whole_meeting_in_the_gui(page, ctx, qtbot):
    people = add_people(ctx.db, 6)
    page.exec_dialog = accepting(fill_meeting("5/3/2569"))
    first = page.new_meeting()
    assert first and page.meeting_id() == first

    def invite(n):
        def fill(d: InviteDialog):
            d.search.setText(f"ผู้อบรม{n:05d}")  # textChanged searches the registry
            assert d.results.count() == 1
            d.role.setCurrentText("กรรมการ")
        return fill

    for n in range(4):
        page.exec_dialog = accepting(invite(n))
        page.invite()
    assert len(page.people_model.rows) == 4

    desk = page.open_desk()
    for n in range(3):
        scan(qtbot, desk, people[n])
        assert desk.state == GREEN, desk.headline.text()
    scan(qtbot, desk, people[5])  # not invited: red; F2 — came for the fourth invitee
    assert desk.state == RED
    desk.start_substitute()
    scan(qtbot, desk, people[3])
    assert desk.state == BLUE
    page.close_desk()
    assert page.stack.currentIndex() == 0
    assert "มาประชุม ๔/๔ คน (มาแทน ๑)" in page.summary.text()

    def item(agenda_no, title, resolution):
        def fill(d: ItemDialog):
            d.agenda.setCurrentIndex(d.agenda.findData(agenda_no))
            d.title_edit.setText(title)
            d.text.setPlainText("ฝ่ายเลขานุการเสนอที่ประชุมเพื่อพิจารณา")
            d.resolution.setPlainText(resolution)
        return fill

    page.exec_dialog = accepting(item(1, "ประธานแจ้งการติดตามครัวเรือน", "ที่ประชุมรับทราบ"))
    page.add_item()
    page.exec_dialog = accepting(item(4, "แผนลงพื้นที่ติดตามครัวเรือนเป้าหมาย", "เห็นชอบแผนและมอบหมายพัฒนาชุมชน"))
    page.add_item()

    def action(d: ActionDialog):
        d.what.setPlainText("ลงพื้นที่ติดตามครัวเรือนเป้าหมายทุกตำบล")
        d.owner_name.setText("สำนักงานพัฒนาชุมชนอำเภอ")
        d.due.setText("31/3/2569")
        d.item.setCurrentIndex(2)
    page.exec_dialog = accepting(action)
    page.add_action()
    assert [r["what"] for r in page.actions_model.rows] == ["ลงพื้นที่ติดตามครัวเรือนเป้าหมายทุกตำบล"]

    page.preview_minutes()
    text = pdf_text(page.last_pdf)
    spec = build_minutes_spec(ctx.db, first)
    names = [to_thai_digits(word) for a in spec.present for word in a.name.split()]  # a cell wraps at spaces
    assert len(spec.present) == 4 and spec.present[3].position.startswith("(แทน)")
    for part in ("ผู้มาประชุม", *names, "(แทน)", "เริ่มประชุมเวลา๐๙.๓๕น.",
                 "มติที่ประชุมที่ประชุมรับทราบ", "มติที่ประชุมเห็นชอบแผนและมอบหมายพัฒนาชุมชน", "เลิกประชุมเวลา๑๑.๔๕น.",
                 "ผู้จดรายงานการประชุม"):
        assert normalise(part) in text, part
    page.ask = lambda *_: True
    page.issue()
    assert not page.agenda_buttons["เพิ่มเรื่อง…"].isEnabled() and not page.meeting_buttons["แก้ไข"].isEnabled()
    assert page.meeting_buttons["ประชุมครั้งถัดไปของชุดนี้"].isEnabled()

    page.exec_dialog = accepting(fill_meeting("9/4/2569"))
    second = page.next_meeting()
    assert second and second != first and page.meeting_id() == second
    assert [m["number"] for m in list_meetings(ctx.db)] == [2, 1]
    carried = [r for r in page.agenda_model.rows if r["text"].startswith("(ติดตาม)")]
    assert carried and carried[0]["agenda_no"] == 3 and "ลงพื้นที่ติดตามครัวเรือน" in carried[0]["text"]
    page.preview_minutes()
    text = pdf_text(page.last_pdf)
    three = text.index(normalise("ระเบียบวาระที่ ๓"))
    four = text.index(normalise("ระเบียบวาระที่ ๔"))
    assert three < text.index(normalise("ลงพื้นที่ติดตามครัวเรือนเป้าหมายทุกตำบล")) < four
    assert normalise("อยู่ระหว่างดำเนินการ") in text[three:four]


def test_bad_input_is_refused_under_its_field_and_saves_nothing(page, ctx):
    dialog = MeetingDialog(ctx, parent=page)
    fill_meeting("5/3/2569")(dialog)
    dialog.people["chair"].name.setText("")
    assert dialog.save() is None and NO_CHAIR in dialog.errors.labels["chair_name"].text()
    fill_meeting("5/3/2569")(dialog)
    dialog.start.setText("13:00")
    assert dialog.save() is None and END_BEFORE_START in dialog.errors.labels["end_time"].text()
    assert list_meetings(ctx.db) == []
    fill_meeting("5/3/2569")(dialog)
    meeting_id = dialog.save()
    action = ActionDialog(ctx, meeting_id, [], page)
    action.what.setPlainText("งานที่ไม่มีผู้รับผิดชอบ")
    assert action.save() is None and NO_OWNER in action.errors.labels["owner"].text()
    assert page.actions_model.rows == []


def test_a_viewer_reads_meetings_but_every_changing_button_is_off_and_the_core_refuses(ctx, qtbot):
    from moi_desktop.errors import UserError
    from moi_desktop.meetings import add_item, create_meeting
    from tests.accounts_support import VIEWER, add_accounts, login
    from ui.dialogs.login import apply_login

    meeting_id = create_meeting(ctx.db, {"title": "ประชุม", "date": "2026-03-05", "chair_name": "นายประธาน ดี"})
    add_accounts(ctx.db)
    apply_login(ctx, login(ctx.db, VIEWER))
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    assert page.meeting_id() == meeting_id and "นายประธาน ดี" in page.summary.text()
    off = [page.meeting_buttons["สร้างการประชุม"], page.people_buttons["เชิญ…"], page.agenda_buttons["เพิ่มเรื่อง…"],
           page.action_buttons["เพิ่มงานจากมติ…"], page.minutes_buttons["ออกรายงานการประชุม"],
           page.desk_buttons["เปิดโต๊ะลงเวลา (สแกน)"]]
    assert not any(b.isEnabled() for b in off)
    assert page.minutes_buttons["แสดงตัวอย่าง"].isEnabled()
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        add_item(ctx.db, meeting_id, {"agenda_no": 1, "body": "แอบเพิ่ม"})


def test_the_page_needs_meetings_view():
    from moi_desktop.security.roles import PERMISSIONS
    from ui.pages import discover_pages
    from ui.permissions import required_action

    spec = next(s for s in discover_pages() if s.key == "meetings")
    assert required_action(spec) == "meetings.view"
    assert {role for role, actions in PERMISSIONS.items() if "meetings.view" in actions} == {"admin", "clerk", "viewer"}
    assert {role for role, actions in PERMISSIONS.items() if "meetings.manage" in actions} == {"admin", "clerk"}


def test_an_action_links_to_a_case_picked_by_typing(page, ctx):
    """Issue 15 point 3: an action can link to a project, activity or case — the case from a
    searchable picker; a name that matches no case is refused under the field."""
    from moi_desktop.cases import add_case, add_household
    from moi_desktop.cases.store import indicator_by_number
    from moi_desktop.meetings import actions

    hid = add_household(ctx.db, {"head_name": "นายสมชาย ใจดี", "house_no": "12", "moo": "3",
                                 "subdistrict_code": "500101"})
    case_id = add_case(ctx.db, {"household_id": hid, "indicator_id": indicator_by_number(ctx.db, 2)["id"],
                                "reported_on": "2025-01-10", "description": "หลังคารั่ว"})
    dialog = MeetingDialog(ctx, parent=page)
    fill_meeting("5/3/2569")(dialog)
    meeting_id = dialog.save()
    page.refresh()
    page.select_meeting(meeting_id)
    assert page.meeting_id() == meeting_id

    def wrong(d: ActionDialog):
        d.what.setPlainText("ซ่อมหลังคาบ้านนายสมชาย")
        d.owner_name.setText("องค์การบริหารส่วนตำบล")
        d.case.setEditText("ไม่มีใครชื่อนี้")
    refused: list[ActionDialog] = []
    page.exec_dialog = lambda d: (wrong(d), refused.append(d), d.save() is not None)[-1]
    page.add_action()
    assert "ไม่พบเรื่องราวครัวเรือนนี้" in refused[0].errors.labels["case_id"].text() and page.actions_model.rows == []

    def linked(d: ActionDialog):
        wrong(d)
        index = next(i for i in range(d.case.count()) if "นายสมชาย" in d.case.itemText(i))
        assert "หลังคารั่ว" in d.case.itemText(index)
        d.case.setEditText(d.case.itemText(index))  # what typing then choosing from the list leaves
    page.exec_dialog = accepting(linked)
    page.add_action()
    stored = actions(ctx.db, meeting_id=meeting_id)
    assert [(a["what"], a["case_id"]) for a in stored] == [("ซ่อมหลังคาบ้านนายสมชาย", case_id)]
