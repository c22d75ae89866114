"""The trainings' attendance desk marks a meeting through MeetingRoll: scans, a substitute (F2),
a walk-in participant (F3), undo — all in the meeting's own rows, none in the trainings' table."""

import pytest
from PySide6.QtCore import Qt

from moi_desktop.meetings import MeetingRoll, add_invitee, build_minutes_spec, create_meeting, meeting_counts
from tests.attendance_support import add_people
from ui.widgets.attendance_desk import BLUE, GREEN, RED, AttendanceDesk


@pytest.fixture
def meeting_desk(ctx, qtbot):
    people = add_people(ctx.db, 5)
    meeting_id = create_meeting(ctx.db, {"title": "ประชุมติดตามงาน", "date": "2026-03-05", "chair_name": "นายประธาน ดี"})
    for p in people[:3]:
        add_invitee(ctx.db, meeting_id, member_id=p, role="กรรมการ")
    desk = AttendanceDesk(ctx, None, roll=MeetingRoll(ctx.db, meeting_id))
    qtbot.addWidget(desk)
    desk.show()
    return desk, meeting_id, people


def scan(qtbot, desk, text):
    desk.input.setText(text)
    qtbot.keyClick(desk.input, Qt.Key.Key_Return)


def test_the_desk_marks_a_meeting(meeting_desk, qtbot, ctx):
    desk, meeting_id, people = meeting_desk
    before = ctx.db.execute("SELECT count(*) FROM attendance").fetchone()[0]
    assert "ลงเวลาเข้าประชุม" in desk.findChild(type(desk.headline), "deskTitle").text()
    scan(qtbot, desk, people[0])
    assert desk.state == GREEN and "มาแล้ว ๑ / เชิญ ๓ คน" in desk.counters.text()
    scan(qtbot, desk, people[3])  # not invited: red, then F2 — came for people[1]
    assert desk.state == RED and "ผู้เข้าประชุม" in desk.headline.text()
    desk.start_substitute()
    scan(qtbot, desk, people[1])
    assert desk.state == BLUE and "มาแทน" in desk.detail.text()
    scan(qtbot, desk, people[4])  # not invited: F3 makes them a participant
    desk.register_walk_in()
    assert desk.state == GREEN
    c = meeting_counts(ctx.db, meeting_id)
    assert (c["present"], c["substitutes"], c["participants"]) == (2, 1, 1)
    desk.undo_last()
    assert meeting_counts(ctx.db, meeting_id)["participants"] == 0
    spec = build_minutes_spec(ctx.db, meeting_id)
    assert [a.position.startswith("(แทน)") for a in spec.present] == [False, True]
    assert ctx.db.execute("SELECT count(*) FROM attendance").fetchone()[0] == before


def test_paper_mode_keys_back_the_meetings_sign_in_sheet(ctx, qtbot):
    people = add_people(ctx.db, 2)
    meeting_id = create_meeting(ctx.db, {"title": "ประชุมติดตามงาน", "date": "2026-03-05", "chair_name": "นายประธาน ดี"})
    for p in people:
        add_invitee(ctx.db, meeting_id, member_id=p)
    desk = AttendanceDesk(ctx, None, paper=True, roll=MeetingRoll(ctx.db, meeting_id))
    qtbot.addWidget(desk)
    scan(qtbot, desk, people[1])  # the QR printed on the signed row
    assert desk.state == GREEN and "ใบลงลายมือชื่อ" in desk.detail.text()
    from moi_desktop.meetings import attendance_rows

    assert [(r["member_id"], r["method"]) for r in attendance_rows(ctx.db, meeting_id)] == [(people[1], "paper")]
