"""The GUI only presents permissions: a viewer logged in cannot change anything through the core,
whatever a widget lets them press — on the main connection or a background task's."""

import pytest

from moi_desktop.errors import UserError
from moi_desktop.members import add_member, erase_person, get_member, update_member
from moi_desktop.security import acting_user
from tests.accounts_support import VIEWER, add_accounts, login
from ui.dialogs.login import apply_login
from ui.pages.members import MembersPage


@pytest.fixture
def viewer_ctx(ctx):
    """The office's database with accounts and one partner; the viewer logged in."""
    member = add_member(ctx.db, {"first_name": "มาลัย", "last_name": "ทองดี", "sector": "people",
                                 "phone": "0812345678"})
    add_accounts(ctx.db)
    apply_login(ctx, login(ctx.db, VIEWER))
    return ctx, member


def test_the_core_refuses_the_viewer_on_the_main_connection(viewer_ctx):
    ctx, member = viewer_ctx
    with pytest.raises(UserError, match="ผู้ดูข้อมูล"):
        update_member(ctx.db, member, {"phone": "0899999999"})
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        erase_person(ctx.db, member)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        add_member(ctx.db, {"first_name": "แอบ", "last_name": "เพิ่ม", "sector": "people"})
    assert get_member(ctx.db, member)["phone"] == "0812345678"


def test_an_enabled_edit_button_still_cannot_save(viewer_ctx, qtbot):
    ctx, member = viewer_ctx
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.select_member(member)
    assert not page.edit_button.isEnabled()  # presented from the same map
    page.edit_button.setEnabled(True)  # as if a widget had been left enabled by mistake
    dialog = page.edit_selected()
    dialog.edits["phone"].setText("0899999999")
    assert dialog.save() is None  # refused: the dialog stays open with the core's message
    assert any("ไม่มีสิทธิ์เพิ่มหรือแก้ไขภาคีเครือข่าย" in m for m in dialog.errors.visible().values())
    assert get_member(ctx.db, member)["phone"] == "0812345678"


def test_background_tasks_act_as_the_logged_in_user(viewer_ctx):
    ctx, member = viewer_ctx
    done, failed = [], []
    ctx.tasks.run(lambda db, **_: acting_user(db).username, title="ใครทำ", on_done=done.append)
    ctx.tasks.run(lambda db, **_: update_member(db, member, {"phone": "0899999999"}), title="แก้ไข",
                  on_error=failed.append)
    assert done == [VIEWER]
    assert len(failed) == 1 and isinstance(failed[0], UserError) and "ไม่มีสิทธิ์" in failed[0].message
    assert get_member(ctx.db, member)["phone"] == "0812345678"
