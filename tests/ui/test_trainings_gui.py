"""A trainer's whole job on the trainings page: enrol (pick or import), targets, schedule edits with
the Friday-afternoon warning, materials, closing a roll call with excused absences, certificates
with the override reason, the eligibility indicator and keying back paper sign-in sheets."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from moi_desktop.trainings import (
    close_session,
    compute_materials,
    enrolled,
    get_session,
    list_trainings,
    mark_member,
    register,
    set_status,
    targets,
)
from moi_desktop.trainings import sessions as training_sessions
from tests.attendance_support import START, add_people, bkk, make_training, setup_course
from ui.pages.trainings import TrainingsPage
from ui.widgets.attendance_desk import GREEN, NOTICE, PURPLE, RED


def accepting(fill=None, *, save=True):
    """An exec_dialog hook: fill the dialog in, press its OK (save), report whether it closed."""
    seen = []

    def run(dialog):
        seen.append(dialog)
        if fill:
            fill(dialog)
        if save:
            dialog.save()
        else:
            dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    run.seen = seen
    return run


@pytest.fixture
def page(ctx, qtbot):
    def make():
        p = TrainingsPage(ctx)
        qtbot.addWidget(p)
        p.show()
        p.ask = lambda title, text: True
        return p

    return make


def test_pick_members_to_enrol(ctx, page):
    training_id, _, people = setup_course(ctx.db, 3)
    others = add_people(ctx.db, 5, prefix="ผู้สมัคร")
    p = page()

    def fill(dialog):
        dialog.search.setText("ผู้สมัคร")
        dialog.run_search()
        assert dialog.list.count() == 5
        dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
        dialog.list.item(3).setCheckState(Qt.CheckState.Checked)
        dialog.search.setText("ผู้อบรม")  # ticks survive a new search; the enrolled can't be ticked
        dialog.run_search()
        assert dialog.list.count() == 3 and all(
            not dialog.list.item(i).flags() & Qt.ItemFlag.ItemIsUserCheckable for i in range(3))
        assert "ลงทะเบียนแล้ว" in dialog.list.item(0).text()
        assert dialog.count.text().startswith("เลือกแล้ว ๒ คน")

    p.exec_dialog = accepting(fill)
    p.pick_members()
    assert p.exec_dialog.seen[0].added == 2
    assert {others[0], others[3]} <= {e["id"] for e in enrolled(ctx.db, training_id)}
    assert p.people_model.rowCount() == 5


def test_import_registrants_previews_then_enrols(ctx, page, tmp_path):
    training_id, _, _ = setup_course(ctx.db, 2)
    path = tmp_path / "registrants.csv"
    path.write_text("ลำดับ,ชื่อ-สกุล,โทรศัพท์,หน่วยงาน,ภาคี\n"
                    "1,นายสมหมาย ใจกว้าง,0812345678,อบต.บ้านใหม่,ภาคราชการ\n"
                    "2,นางสาวสุดใจ รักเรียน,0898765432,โรงเรียนบ้านนา,ภาควิชาการ\n"
                    "3,,,,\n4,นาย,0811111111,ไม่มีชื่อ,ภาคประชาชน\n", encoding="utf-8")
    p = page()
    before = ctx.db.execute("SELECT count(*) FROM members").fetchone()[0]
    p.exec_dialog = lambda dialog: False  # cancel at the preview: nothing written
    p.import_registrants(str(path))
    assert ctx.db.execute("SELECT count(*) FROM members").fetchone()[0] == before
    preview = accepting(save=False)
    p.exec_dialog = preview
    p.import_registrants(str(path))
    text = preview.seen[0].findChildren(type(p.summary))[0].text()
    assert "ลงทะเบียนได้ ๒ คน" in text and "สมาชิกใหม่ ๒ คน" in text
    assert preview.seen[0].table.rowCount() >= 1  # the row without a first name is listed
    assert len(enrolled(ctx.db, training_id)) == 4 and p.people_model.rowCount() == 4


def test_targets_edit_and_counts(ctx, page):
    training_id, _, people = setup_course(ctx.db, 4)  # venue province 13 (ปทุมธานี)
    p = page()

    def fill(dialog):
        assert "1301" in dialog.spins["district"] and "government" in dialog.spins["sector"]
        dialog.set_target("district", "1301", 10)
        dialog.set_target("sector", "government", 3)

    p.exec_dialog = accepting(fill)
    p.edit_targets()
    assert targets(ctx.db, training_id, "district") == {"1301": 10}
    assert targets(ctx.db, training_id, "sector") == {"government": 3}
    assert ctx.db.execute("SELECT count(*) FROM training_targets").fetchone()[0] == 2  # zeros not written
    sectors = {r["code"]: r for r in p.sector_targets.rows}
    assert (sectors["government"]["enrolled"], sectors["government"]["target"]) == (4, 3)
    row = p.sector_targets.rows.index(sectors["government"])
    assert p.sector_targets.data(p.sector_targets.index(row, 3)) == "๑๓๓%"
    assert "ยังไม่ถึงเป้าหมาย: เมืองปทุมธานี" in p.targets_summary.text()


def test_schedule_generate_add_edit_delete_with_friday_warning(ctx, page):
    training_id = make_training(ctx.db, province="96")  # นราธิวาส; the 19th is a Friday
    p = page()
    asked = []
    p.keep_friday = lambda n: asked.append(n) or False
    p.generate_schedule()
    assert asked == [2] and p.sessions_model.rowCount() == 10  # Friday noon and evening dropped
    assert not p.friday_warning.isVisible()

    friday = (START + timedelta(days=3)).isoformat()

    def add_friday(keep):
        def fill(dialog):
            dialog.keep_friday = lambda n: keep
            dialog.day.setCurrentIndex(3)
            assert dialog.day.currentText() == "วันศุกร์ ๑๙ สิงหาคม ๒๕๖๕"
            dialog.slot.setCurrentIndex(dialog.slot.findData("noon"))
            dialog.starts_at.setText("13.00")
            dialog.late_after.setText("๑๓.๑๕")
            dialog.ends_at.setText("16:00")
        return fill

    p.exec_dialog = accepting(add_friday(False))
    p.add_session()
    assert p.exec_dialog.seen[0].dropped and p.sessions_model.rowCount() == 10
    p.exec_dialog = accepting(add_friday(True))
    p.add_session()
    assert p.sessions_model.rowCount() == 11
    added = next(s for s in training_sessions(ctx.db, training_id) if s["day"] == friday and s["slot"] == "noon")
    assert (added["starts_at"], added["late_after"]) == ("13:00", "13:15")
    assert p.friday_warning.isVisible() and "มี ๑ รอบ" in p.friday_warning.text()

    row = next(i for i, r in enumerate(p.sessions_model.rows) if r["id"] == added["id"])
    p.sessions_view.selectRow(row)
    p.exec_dialog = accepting(lambda d: d.late_after.setText("13:30"))  # already on Friday: not asked again
    p.edit_session()
    assert get_session(ctx.db, added["id"])["late_after"] == "13:30"
    p.exec_dialog = accepting(lambda d: d.late_after.setText("12:00"))  # before the start: refused, kept open
    p.sessions_view.selectRow(row)
    p.edit_session()
    assert "ต้องไม่ก่อนเวลาเริ่ม" in p.exec_dialog.seen[0].error.text()

    p.drop_friday_sessions()
    assert get_session(ctx.db, added["id"]) is None and not p.friday_warning.isVisible()
    p.sessions_view.selectRow(0)
    p.delete_session()
    assert p.sessions_model.rowCount() == 9


def test_materials_editor_and_procurement_list(ctx, page, tmp_path):
    training_id, _, _ = setup_course(ctx.db, 25)
    p = page()

    def fill(dialog):
        dialog.name.setText("กระดาษฟลิปชาร์ต")
        dialog.unit.setText("แผ่น")
        dialog.basis.setCurrentIndex(dialog.basis.findData("per_group"))
        dialog.quantity.setValue(2)
        dialog.group_size.setValue(8)  # 25 people → 4 groups → 8 sheets
        dialog.spare.setValue(10)  # → 8.8 → 9
        assert dialog.total.text().startswith("๙ แผ่น")

    p.exec_dialog = accepting(fill)
    p.add_material()
    assert p.materials_model.rowCount() == 1 and p.materials_model.row(0)["total"] == 9
    p.exec_dialog = accepting(lambda d: (d.name.setText("เอกสารประกอบ"), d.unit.setText("เล่ม"),
                                         d.price.setValue(35)))
    p.add_material()
    assert p.materials_model.row(1)["total"] == 25 and "๘๗๕.๐๐" in p.materials_summary.text()
    p.materials_view.selectRow(1)
    p.exec_dialog = accepting(lambda d: d.spare.setValue(20))
    p.edit_material()
    assert p.materials_model.row(1)["total"] == 30
    p.exec_dialog = accepting(lambda d: d.name.setText(""))
    p.materials_view.selectRow(1)
    p.edit_material()
    assert p.exec_dialog.seen[0].error.text() == "กรุณาระบุชื่อรายการวัสดุ"

    p.ask_save_path = lambda name, fmt: tmp_path / f"{name}.{fmt}"
    p.print_training_report("procurement-list")
    assert p.last_saved and p.last_saved.read_bytes().startswith(b"%PDF")
    p.materials_view.selectRow(0)
    p.delete_material()
    assert [m["name"] for m in compute_materials(ctx.db, training_id)["items"]] == ["เอกสารประกอบ"]


def test_close_session_with_bulk_excused_reasons(ctx, page):
    training_id, sessions, people = setup_course(ctx.db, 6)
    session = sessions[0]
    mark_member(ctx.db, session["id"], people[0], now=bkk(session["day"], "08:40"))
    p = page()
    p.sessions_view.selectRow(0)

    def fill_without_reason(dialog):
        assert dialog.table.rowCount() == 5  # the unmarked
        dialog.set_excused(people[1])
        dialog.set_excused(people[2])

    p.exec_dialog = accepting(fill_without_reason)
    p.close_session()
    assert "ต้องระบุเหตุผล" in p.exec_dialog.seen[0].error.text()
    assert not get_session(ctx.db, session["id"])["closed_at"]  # nothing changed

    def fill(dialog):
        dialog.set_excused(people[1])
        dialog.set_excused(people[2])
        dialog.common_reason.setText("ติดราชการ")
        dialog.apply_common_reason()
        dialog.table.item(2, 2).setText("ป่วย")  # row 2 is people[3]: typing a reason ticks the person

    p.exec_dialog = accepting(fill)
    p.close_session()
    marks = dict(ctx.db.execute("SELECT member_id, status || ':' || coalesce(reason, '') FROM attendance "
                                "WHERE session_id = ?", [session["id"]]).fetchall())
    assert marks[people[1]] == marks[people[2]] == "excused:ติดราชการ"
    assert marks[people[3]] == "excused:ป่วย"
    assert marks[people[4]] == marks[people[5]] == "absent:"
    row = p.sessions_model.row(0)
    assert row["closed_at"] and (row["counts"]["excused"], row["counts"]["absent"]) == (3, 2)


def test_eligibility_indicator_and_certificates_with_override(ctx, page, tmp_path):
    training_id, sessions, people = setup_course(ctx.db, 4)
    # people[0] attends all 12; people[1] misses 3 (9/12 < 80 %) with all sessions closed
    set_status(ctx.db, [s["id"] for s in sessions], people[:1], "present")
    set_status(ctx.db, [s["id"] for s in sessions[:9]], people[1:2], "present")
    set_status(ctx.db, [s["id"] for s in sessions[:2]], people[2:3], "present")
    for s in sessions[:6]:
        close_session(ctx.db, s["id"])
    p = page()
    rows = {r["member_id"]: r for r in p.people_model.rows}
    assert (rows[people[0]]["status"], rows[people[1]]["status"]) == ("eligible", "can_reach")
    assert rows[people[3]]["status"] == "cannot_reach"  # 0 of 6 closed: at most 6 of 12
    j = p.people_model.rows.index(rows[people[3]])
    assert p.people_model.data(p.people_model.index(j, 5)) == "ขาด ๑๐ รอบ (เหลือ ๖ รอบ)"
    i = p.people_model.rows.index(rows[people[1]])
    assert p.people_model.data(p.people_model.index(i, 5)) == "อีก ๑ จาก ๓ รอบ"  # needs 10: has 9; 3 open, unmarked
    assert "ต้องเข้าอย่างน้อย ๑๐ จาก ๑๒ รอบ" in p.eligibility_summary.text()
    for s in sessions[6:]:
        close_session(ctx.db, s["id"])
    p.refresh()

    def without_reason(dialog):
        assert dialog.checked() == [people[0]]  # the eligible are ticked
        assert not dialog.reason.isVisibleTo(dialog)
        dialog.set_checked(people[1])
        assert dialog.reason.isVisibleTo(dialog) and "ไม่ถึงเกณฑ์ ๑ คน" in dialog.summary.text()

    p.exec_dialog = accepting(without_reason)
    p.issue_certificates()
    assert "ต้องระบุเหตุผล" in p.exec_dialog.seen[0].error.text() and not register(ctx.db, training_id)

    def with_reason(dialog):
        without_reason(dialog)
        dialog.reason.setPlainText("ติดภารกิจน้ำท่วมในพื้นที่ ได้รับอนุญาตจากนายอำเภอ")

    p.exec_dialog = accepting(with_reason)
    p.issue_certificates()
    issued = {r["member_id"]: r for r in register(ctx.db, training_id)}
    assert set(issued) == {people[0], people[1]}
    assert issued[people[1]]["eligible"] == 0 and issued[people[1]]["override_reason"].startswith("ติดภารกิจ")
    p.ask_save_path = lambda name, fmt: tmp_path / f"certificates.{fmt}"
    p.print_certificates()
    assert p.last_saved.read_bytes().startswith(b"%PDF")
    assert all(r["print_count"] == 1 for r in register(ctx.db, training_id))


def test_paper_fallback_keys_back_signin_sheet(ctx, page, tmp_path):
    training_id, sessions, people = setup_course(ctx.db, 5)
    session = sessions[0]
    close_session(ctx.db, session["id"])  # everyone absent: the sheet comes back after the close
    p = page()
    p.sessions_view.selectRow(0)
    p.ask_save_path = lambda name, fmt: tmp_path / f"signin.{fmt}"
    p.print_signin_sheet()
    assert p.last_saved.read_bytes().startswith(b"%PDF")

    desk = p.open_desk()  # the live desk refuses a closed roll call
    assert desk.state == NOTICE and desk.headline.text() == "รอบนี้ปิดการลงเวลาแล้ว"
    desk.input.setText(people[0])
    desk.submit()
    assert desk.state == RED and desk.headline.text() == "ลงเวลาไม่ได้"

    desk = p.open_paper_desk()
    assert desk.paper and "บันทึกจากใบลงลายมือชื่อ" in desk.headline.text()
    desk.clock = lambda: bkk(session["day"], "15:00")  # keyed in hours after the late threshold
    for member_id in people[:3]:
        desk.input.setText(member_id)
        desk.submit()
        assert desk.state == GREEN and "บันทึกว่ามา (จากใบลงลายมือชื่อ)" in desk.detail.text()
    desk.input.setText(people[0])
    desk.submit()
    assert desk.state == PURPLE  # the same row scanned twice
    rows = dict(ctx.db.execute("SELECT member_id, status || ':' || method FROM attendance WHERE session_id = ?",
                               [session["id"]]).fetchall())
    assert [rows[m] for m in people] == ["present:paper"] * 3 + ["absent:close"] * 2
    assert "มาแล้ว ๓ / ลงทะเบียน ๕ คน" in desk.counters.text()


def test_new_training_with_thai_dates(ctx, page):
    p = page()

    def bad(dialog):
        dialog.name.setText("เวทีประชาคมหมู่บ้าน")
        dialog.start.setText("31/2/2565")

    p.exec_dialog = accepting(bad)
    p.new_training()
    assert p.exec_dialog.seen[0].error.text() and list_trainings(ctx.db) == []

    def fill(dialog):
        bad(dialog)
        dialog.start.setText("16/8/2565")
        dialog.end.setText("๑๙ ส.ค. ๖๕")
        assert dialog.end.hint.text() == "= ๑๙ สิงหาคม ๒๕๖๕"

    p.exec_dialog = accepting(fill)
    p.new_training()
    (t,) = list_trainings(ctx.db)
    assert (t["start_date"], t["end_date"]) == ("2022-08-16", "2022-08-19") and p.training_id() == t["id"]
