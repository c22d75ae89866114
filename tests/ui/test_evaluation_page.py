"""การคัดเลือกอำเภอ page: set up a round, score in the grid, see the ranking, record a draw."""

import os

from moi_desktop.evaluation import compute_results, install_seed_rubrics
from tests.evaluation_support import scored_round


def _page(ctx, qtbot):
    from ui.pages.evaluation import EvaluationPage

    page = EvaluationPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    return page


def test_results_show_the_ranking_and_the_draw_settles_the_tie(ctx, qtbot):
    rid, cands, _members = scored_round(ctx.db)
    page = _page(ctx, qtbot)
    assert page.current_round() == rid
    assert page.members.rowCount() == 3 and page.cands.rowCount() == 6
    ranks = [(r.district_code, r.rank) for r in page.result_rows]
    assert ranks == [("5002", 1), ("5001", 2), ("5003", 3), ("5603", 1), ("5602", 2), ("5601", 2)]  # tied: by name
    assert page.results.item(4, 5).text() == "ต้องจับสลาก"
    page.tabs.setCurrentIndex(2)
    page.show()
    shots = os.environ.get("MOI_SCREENSHOTS")  # a folder to look at the page in (not needed by the test)
    if shots:
        page.grab().save(f"{shots}/evaluation_results.png")
        page.tabs.setCurrentIndex(1)
        page.grab().save(f"{shots}/evaluation_scores.png")
        page.tabs.setCurrentIndex(0)
        page.grab().save(f"{shots}/evaluation_setup.png")
    page.draw(cands["5602"], 1)
    page.draw(cands["5601"], 2)
    qtbot.waitUntil(lambda: [r.rank for r in page.result_rows][3:] == [1, 2, 3])
    assert page.results.item(4, 3).text() == "จุน"


def test_scores_typed_in_the_grid_are_saved_and_checked(ctx, qtbot, monkeypatch):
    from moi_desktop.evaluation import add_candidate, add_committee_member, create_round, seed_rubric_id

    install_seed_rubrics(ctx.db)
    rid = create_round(ctx.db, seed_rubric_id("district76"), "คัดเลือกอำเภอนำร่องระดับจังหวัด")
    add_committee_member(ctx.db, rid, "นายประธาน ตัวอย่าง", role="ประธาน")
    add_candidate(ctx.db, rid, "5001")
    add_candidate(ctx.db, rid, "5002")
    page = _page(ctx, qtbot)
    assert page.grid.columnCount() == 3  # district + criteria ๑ (50) and ๒ (50)
    assert "เต็ม ๕๐" in page.grid.horizontalHeaderItem(1).text()
    errors = []
    monkeypatch.setattr("ui.pages.evaluation.show_error", lambda _p, exc: errors.append(str(exc)))
    page.grid.item(0, 1).setText("45")
    page.grid.item(0, 2).setText("51")  # above the full points: refused, nothing saved
    page.save_scores()
    assert errors and "เกินคะแนนเต็ม ๕๐ คะแนน" in errors[0]
    assert compute_results(ctx.db, rid).results[0].item_scores == {}
    page.grid.item(0, 2).setText("๔๐")  # Thai digits are fine
    page.grid.item(1, 1).setText("30")
    page.grid.item(1, 2).setText("30")
    page.save_scores()
    qtbot.waitUntil(lambda: [r.rank for r in page.result_rows] == [1, 1] or len(page.result_rows) == 2)
    results = compute_results(ctx.db, rid)
    assert sorted(float(r.average) for r in results.results) == [60.0, 85.0]


def test_a_viewer_sees_results_but_cannot_score(ctx, qtbot):
    from moi_desktop.security import act_as
    from moi_desktop.security.session import User

    scored_round(ctx.db)
    act_as(ctx.db, User(id="v", username="boss", display_name="ผู้ดู", role="viewer"))
    page = _page(ctx, qtbot)
    assert not page.save_scores_button.isEnabled()
    assert not page.add_member_button.isEnabled()
    assert not page.seed_button.isVisibleTo(page)
    assert page.results.rowCount() == 6


def test_set_up_a_round_from_the_page(ctx, qtbot, monkeypatch):
    from moi_desktop.evaluation import candidates, committee, list_rounds, seed_rubric_id

    page = _page(ctx, qtbot)
    assert not page.new_round_button.isEnabled()  # no rubric yet
    page.seed_rubrics()
    qtbot.waitUntil(page.new_round_button.isEnabled)  # refreshed from the write's announcement
    from ui.pages.evaluation import RoundDialog

    dialog = RoundDialog(ctx, page)
    qtbot.addWidget(dialog)
    dialog.rubric.setCurrentIndex(dialog.rubric.findData(seed_rubric_id("district76")))
    dialog.title.setText("คัดเลือกอำเภอนำร่องระดับจังหวัด")
    dialog.save()
    page._select(dialog.round_id)
    rid = list_rounds(ctx.db)[0]["id"]
    assert page.current_round() == rid
    page.member_name.setText("นายประธาน ตัวอย่าง")
    page.member_role.setCurrentText("ประธาน")
    page.add_member()
    qtbot.waitUntil(lambda: page.members.rowCount() == 1)
    errors = []
    monkeypatch.setattr("ui.pages.evaluation.show_error", lambda _p, exc: errors.append(str(exc)))
    page.add_district()  # nothing chosen
    assert errors == ["กรุณาเลือกอำเภอ"]
    page.district_code.setEditText("อำเภอจอมทอง จังหวัดเชียงใหม่")
    page.add_district()
    assert [m["name"] for m in committee(ctx.db, rid)] == ["นายประธาน ตัวอย่าง"]
    assert [(c["district_code"], c["group_name"]) for c in candidates(ctx.db, rid)] == [("5002", "จังหวัดเชียงใหม่")]
