"""The attendance desk, driven like a scanner: every feedback state, substitutes, walk-ins, undo,
and a scripted session of 1,800 scans where each scan's feedback is checked."""

import random
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from moi_desktop.trainings import session_counts
from tests.attendance_support import add_people, bkk, setup_course, valid_national_id
from ui.widgets.attendance_desk import AMBER, BLUE, GREEN, PURPLE, RED, AttendanceDesk, WalkInDialog


class Clock:
    def __init__(self, start):
        self.now = start

    def __call__(self):
        self.now += timedelta(seconds=3)  # a person walks up every few seconds
        return self.now


@pytest.fixture
def desk_setup(ctx, qtbot):
    training_id, sessions, people = setup_course(ctx.db, 10, with_ids=True)
    session = sessions[0]
    clock = Clock(bkk(session["day"], "08:20"))
    desk = AttendanceDesk(ctx, session["id"], clock=clock)
    qtbot.addWidget(desk)
    desk.show()
    return desk, clock, session, people


def scan(qtbot, desk, text: str, *, type_it: bool = False) -> None:
    if type_it:
        qtbot.keyClicks(desk.input, text)  # ASCII only (keyClicks aborts on Thai)
    else:
        desk.input.setText(text)
    qtbot.keyClick(desk.input, Qt.Key.Key_Return)


def type_thai(qtbot, desk, text: str) -> None:
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    desk.input.setFocus()
    for ch in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(desk.input, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def test_each_feedback_state(desk_setup, qtbot):
    desk, clock, session, people = desk_setup
    scan(qtbot, desk, people[0], type_it=True)
    assert desk.state == GREEN and desk.headline.text() == "นายผู้อบรม00000 สกุล0"
    assert "มาแล้ว ๑ / ลงทะเบียน ๑๐ คน" in desk.counters.text()
    scan(qtbot, desk, people[0])
    assert desk.state == PURPLE and desk.detail.text().startswith("ลงเวลาแล้วเมื่อ ๐๘:๒๐")
    scan(qtbot, desk, valid_national_id("300000000001"))
    assert desk.state == GREEN and desk.last_result.member["id"] == people[1]
    stranger = add_people(desk.db, 1, prefix="คนนอก")[0]
    scan(qtbot, desk, stranger)
    assert desk.state == RED and desk.headline.text() == "ไม่มีชื่อในรายชื่อผู้เข้าอบรม"
    scan(qtbot, desk, "1234567890123")
    assert desk.state == RED and "ไม่ถูกต้อง" in desk.detail.text()
    clock.now = bkk(session["day"], "09:30")
    scan(qtbot, desk, people[2])
    assert desk.state == AMBER and desk.detail.text().startswith("มาสาย")
    assert desk.input.hasFocus()


def test_typed_thai_name_unique_hit_and_choice(desk_setup, qtbot):
    desk, _, _, people = desk_setup
    type_thai(qtbot, desk, "ผู้อบรม00003")
    desk._search()  # the typing pause
    assert desk.suggestions.isVisible() and desk.suggestions.count() == 1
    qtbot.keyClick(desk.input, Qt.Key.Key_Return)
    assert desk.state == GREEN and desk.last_result.member["id"] == people[3]
    assert desk.last_result.code_kind == "name"
    type_thai(qtbot, desk, "ผู้อบรม0000")
    desk._search()
    assert desk.suggestions.count() == 8
    qtbot.keyClick(desk.input, Qt.Key.Key_Down)
    qtbot.keyClick(desk.input, Qt.Key.Key_Down)
    qtbot.keyClick(desk.input, Qt.Key.Key_Return)
    assert desk.last_result.member["id"] == people[1]


def test_substitute_after_a_red_scan_and_walk_in(desk_setup, qtbot):
    desk, _, session, people = desk_setup
    delegate, known = add_people(desk.db, 2, prefix="ผู้แทน")
    scan(qtbot, desk, delegate)
    assert desk.state == RED
    qtbot.keyClick(desk.input, Qt.Key.Key_F2)
    assert desk.state == BLUE and "มาแทนใคร" in desk.headline.text()
    scan(qtbot, desk, people[4])
    assert desk.state == BLUE and desk.detail.text().startswith("มาแทน นายผู้อบรม00004")
    assert session_counts(desk.db, session["id"])["substitutes"] == 1
    # X first, then Y
    qtbot.keyClick(desk.input, Qt.Key.Key_F2)
    scan(qtbot, desk, people[5])
    assert "ขั้นที่ ๒" in desk.detail.text()
    scan(qtbot, desk, known)
    assert desk.state == BLUE and desk.last_result.substitute_for["id"] == people[5]
    # walk-in of someone in the registry: one key
    walker = add_people(desk.db, 1, prefix="หน้างาน")[0]
    scan(qtbot, desk, walker)
    qtbot.keyClick(desk.input, Qt.Key.Key_F3)
    assert desk.state == GREEN and desk.last_result.walk_in and "ลงทะเบียนหน้างานแล้ว" in desk.detail.text()
    # walk-in of someone unknown: the dialog asks the name
    scan(qtbot, desk, "0190f0f0-0000-7000-8000-000000000000")
    dialog = WalkInDialog(desk, "")
    dialog.full_name.setText("นางมาใหม่ ไม่เคยมี")
    dialog.exec = lambda: dialog.accept() or 1
    desk.register_walk_in(dialog)
    assert desk.state == GREEN and desk.last_result.member["name"] == "นางมาใหม่ ไม่เคยมี"


def test_undo_last_mark(desk_setup, qtbot):
    desk, _, session, people = desk_setup
    scan(qtbot, desk, people[0])
    scan(qtbot, desk, people[1])
    qtbot.keyClick(desk.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert desk.headline.text() == "ยกเลิกการลงเวลาแล้ว" and desk.detail.text() == "นายผู้อบรม00001 สกุล1"
    assert session_counts(desk.db, session["id"])["present"] == 1
    scan(qtbot, desk, people[1])
    assert desk.state == GREEN  # not "already": the undone mark is gone


@pytest.mark.slow
def test_scripted_session_of_1800_scans(ctx, qtbot):
    """1,800 scans: arrivals on time and late, double scans, ID cards, strangers, bad codes, substitutes.
    The expected feedback of every scan is computed independently and compared."""
    db = ctx.db
    training_id, sessions, people = setup_course(db, 1800, with_ids=True)
    strangers = add_people(db, 40, prefix="ไม่ได้ลงทะเบียน")
    session = sessions[0]
    clock = Clock(bkk(session["day"], "08:00"))
    desk = AttendanceDesk(ctx, session["id"], clock=lambda: clock.now)
    qtbot.addWidget(desk)
    desk.show()
    rng = random.Random(5)
    marked: dict[str, str] = {}  # member id -> status
    expected_counts = {GREEN: 0, AMBER: 0, RED: 0, BLUE: 0, PURPLE: 0}
    queue = rng.sample(people, 1800)
    good = valid_national_id("300000000000")
    mistyped = good[:12] + str((int(good[12]) + 1) % 10)
    scans = bad = 0
    while scans < 1800:
        clock.now += timedelta(seconds=3)  # 90 minutes from 08:00: the last third arrive late
        roll = rng.random()
        if roll < 0.06 and marked:  # double scan
            who = rng.choice(list(marked))
            scan(qtbot, desk, who)
            assert desk.state == PURPLE and desk.detail.text().startswith("ลงเวลาแล้วเมื่อ"), who
        elif roll < 0.08:  # someone not on the list
            scan(qtbot, desk, rng.choice(strangers))
            assert desk.state == RED and desk.headline.text() == "ไม่มีชื่อในรายชื่อผู้เข้าอบรม"
        elif roll < 0.085:  # a mistyped ID card number
            scan(qtbot, desk, mistyped)
            assert desk.state == RED and desk.headline.text() == "รหัสไม่ถูกต้อง"
            bad += 1
        elif queue:
            who = queue.pop()
            index = people.index(who)
            use_id = rng.random() < 0.2
            scan(qtbot, desk, valid_national_id(f"3{index:011d}") if use_id else who, type_it=scans < 50)
            late = clock.now >= bkk(session["day"], "09:01")  # late from the first minute after 09:00
            marked[who] = "late" if late else "present"
            assert desk.state == (AMBER if late else GREEN), (scans, desk.headline.text(), desk.detail.text())
            assert desk.last_result.member["id"] == who
            if late:
                assert desk.detail.text().startswith("มาสาย")
        else:
            break
        expected_counts[desk.state] += 1
        scans += 1
    assert scans == 1800
    counts = session_counts(db, session["id"])
    assert counts["present"] == len(marked)
    assert counts["late"] == sum(1 for s in marked.values() if s == "late") > 0
    assert f"มาแล้ว {len(marked):,}".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in desk.counters.text()
    assert expected_counts[RED] > 0 and expected_counts[AMBER] > 0 and expected_counts[GREEN] > 1000
    assert expected_counts[PURPLE] > 0
    # every scan but the malformed numbers is in the scan log, committed
    assert db.execute("SELECT count(*) FROM attendance_events WHERE session_id = ?",
                      [session["id"]]).fetchone()[0] == scans - bad


def test_another_days_session_needs_the_banner_confirmation(ctx, qtbot):
    """Issue 17: a week-old roll call shows a banner; scans are refused until บันทึกย้อนหลัง is
    confirmed, then recorded as backdated (present, never late)."""
    _, sessions, people = setup_course(ctx.db, 4)
    session = sessions[0]
    clock = Clock(bkk(session["day"], "10:00", minutes=7 * 24 * 60))
    desk = AttendanceDesk(ctx, session["id"], clock=clock)
    qtbot.addWidget(desk)
    desk.show()
    assert desk.banner.isVisible() and "ไม่ใช่วันนี้" in desk.banner_text.text()
    assert "๑๖ สิงหาคม ๒๕๖๕" in desk.banner_text.text() and desk.backdate_button.isVisible()
    scan(qtbot, desk, people[0])
    assert desk.state == RED and "บันทึกย้อนหลัง" in desk.detail.text() and desk.tag.text() == "ลงเวลาไม่ได้"
    assert ctx.db.execute("SELECT count(*) FROM attendance").fetchone()[0] == 0
    asked = []
    assert not desk.confirm_backdated(ask=lambda text: asked.append(text) or False)  # "No": still refused
    assert asked and "ย้อนหลัง" in asked[0] and not desk.backdated
    assert desk.confirm_backdated(ask=lambda text: True)
    assert desk.backdated and not desk.backdate_button.isVisible() and "กำลังบันทึกย้อนหลัง" in desk.banner_text.text()
    scan(qtbot, desk, people[0])
    assert desk.state == GREEN and desk.last_result.backdated and desk.last_result.status == "present"
    assert "บันทึกย้อนหลัง" in desk.detail.text()
    assert ctx.db.execute("SELECT backdated FROM attendance").fetchone() == (1,)


def test_todays_and_future_sessions(ctx, qtbot):
    _, sessions, people = setup_course(ctx.db, 2)
    today = AttendanceDesk(ctx, sessions[0]["id"], clock=Clock(bkk(sessions[0]["day"], "08:00")))
    qtbot.addWidget(today)
    today.show()
    assert not today.banner.isVisible()
    future = AttendanceDesk(ctx, sessions[-1]["id"], clock=Clock(bkk(sessions[0]["day"], "08:00")))
    qtbot.addWidget(future)
    future.show()
    assert future.banner.isVisible() and "ยังไม่ถึง" in future.banner_text.text()
    assert not future.backdate_button.isVisible() and not future.confirm_backdated(ask=lambda text: True)
    scan(qtbot, future, people[0])
    assert future.state == RED and "ล่วงหน้า" in future.detail.text()


def test_each_outcome_has_its_own_colour_tag_and_sound(desk_setup, qtbot, desk_speaker):
    """Issue 17: counted, late, already, not registered and substitute differ in colour AND sound."""
    from ui.sounds import OUTCOMES, is_muted, set_muted, sound_path
    from ui.widgets.attendance_desk import OUTCOME_STATES, STYLES

    desk, clock, session, people = desk_setup
    seen = {}

    def expect(outcome, state):
        assert (desk.outcome, desk.state) == (outcome, state)
        assert desk.sounds.requested[-1] == outcome and desk_speaker[-1] == sound_path(outcome)
        assert desk.tag.isVisible() and desk.tag.text()
        seen[outcome] = (state, desk.tag.text())

    scan(qtbot, desk, people[0])
    expect("counted", GREEN)
    scan(qtbot, desk, people[0])
    expect("already", PURPLE)
    scan(qtbot, desk, add_people(desk.db, 1, prefix="คนนอก")[0])
    expect("not_registered", RED)
    qtbot.keyClick(desk.input, Qt.Key.Key_F2)  # the stranger attends for people[1]
    scan(qtbot, desk, people[1])
    expect("substitute", BLUE)
    clock.now = bkk(session["day"], "09:30")
    scan(qtbot, desk, people[2])
    expect("late", AMBER)
    scan(qtbot, desk, "1234567890123")  # a bad code is refused like a stranger
    expect("not_registered", RED)
    assert set(seen) == set(OUTCOMES)
    colours = {STYLES[state] for state, _ in seen.values()}
    assert len(colours) == len(OUTCOMES) == len(set(OUTCOME_STATES.values()))  # five colours
    assert len({tag for _, tag in seen.values()}) == len(OUTCOMES)
    assert len({sound_path(o).read_bytes() for o in OUTCOMES}) == len(OUTCOMES)  # five different sounds
    # muted on this PC: the sound is still requested (and counted) but never reaches the speaker
    set_muted(desk.ctx.settings, True)
    assert is_muted(desk.ctx.settings)
    before = len(desk_speaker)
    scan(qtbot, desk, people[3])
    assert desk.sounds.requested[-1] == "late" and len(desk_speaker) == before
    set_muted(desk.ctx.settings, False)
    scan(qtbot, desk, people[3])
    assert desk_speaker[-1] == sound_path("already")


def test_notices_are_not_outcomes_and_make_no_sound(desk_setup, qtbot, desk_speaker):
    from ui.widgets.attendance_desk import NOTICE

    desk, *_ = desk_setup
    desk.undo_last()  # nothing to undo
    assert desk.state == NOTICE and desk.outcome is None and not desk.tag.isVisible()
    assert desk_speaker == [] and desk.sounds.requested == []
