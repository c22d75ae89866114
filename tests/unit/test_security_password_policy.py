"""The password policy: length, the shipped list of common passwords (Latin, typed with the Thai
layout on, Thai words), the username and the office's names; weak old passwords must change."""

import pytest

from moi_desktop.errors import UserError
from moi_desktop.paths import resource_path
from moi_desktop.security import (
    authenticate,
    create_first_admin,
    create_user,
    get_user,
    list_entries,
    office_names,
    password_policy_problem,
    password_problem,
    set_password,
)
from moi_desktop.security.kedmanee import keys_to_thai, thai_to_keys
from moi_desktop.security.policy import COMMON, HAS_USERNAME, TOO_SHORT, TOO_SIMPLE, common_passwords


def test_password_as_a_password_is_refused(db):
    # The reported attack: `password` was accepted.
    with pytest.raises(UserError) as info:
        create_user(db, "somchai", "สมชาย", "clerk", "password")
    assert info.value.message == "รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร" and info.value.field == "password"
    for longer in ("password123", "Password2567!", "p@ssw0rd2024", "passwordpassword"):
        with pytest.raises(UserError) as info:
            create_user(db, "somchai", "สมชาย", "clerk", longer)
        assert info.value.message == COMMON, longer
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 0


@pytest.mark.parametrize("typed", [
    "ยฟหหไนพก123",  # "password123" typed with the Thai layout on
    "ๆไำพะัีรนย",  # "qwertyuiop"
    "ๅ/-ภถุึคตจ",  # "1234567890"
    "ฟหกดเ้่าสวง",  # the home row
    "รหัสผ่าน2567",  # Thai words, digits after
    "isylzjko2567",  # "รหัสผ่าน" typed with the English layout on
    "รักนะ12345678",
    "สวัสดีครับ!!",
    "ประเทศไทย2567",
    "๑๒๓๔๕๖๗๘๙๐",  # Thai digits
    "1234567890",
    "qwertyuiop",
    "iloveyou12",
])
def test_common_passwords_in_every_layout_are_refused(typed):
    assert password_problem(typed) == COMMON


@pytest.mark.parametrize("simple", ["aaaaaaaaaa", "abababababab", "abcdefghijk", "9876543210", "กขฃคฅฆงจฉช"])
def test_runs_and_repeats_are_refused(simple):
    assert password_problem(simple) in (TOO_SIMPLE, COMMON)


@pytest.mark.parametrize("good", ["Kh0ng-Dee-Mak-77", "ต้นมะม่วงหลังบ้าน", "sunshineTk9#x", "blue-river-kite-4"])
def test_long_uncommon_passwords_pass(good):
    assert password_problem(good, username="somchai", office_names=["เมืองเชียงใหม่", "เชียงใหม่"]) is None


def test_short_and_padded():
    assert password_problem("Ab3$eF7*h") == TOO_SHORT  # 9 characters
    assert password_problem(" Kh0ng-Dee-Mak ") is not None


def test_username_and_office_names_are_refused(make_office_db):
    office_db = make_office_db("cm", "district", "5001")  # เมืองเชียงใหม่
    names = office_names(office_db)
    assert {"เมืองเชียงใหม่", "เชียงใหม่", "Chiang Mai"} <= set(names)
    assert password_policy_problem(office_db, "somchai", "Somchai-2567-x") == HAS_USERNAME
    assert password_policy_problem(office_db, "somchai", "หนทแ้ฟร-2567-x") == HAS_USERNAME  # typed in Thai
    assert "เชียงใหม่" in password_policy_problem(office_db, "malee", "รักเชียงใหม่-2567")
    assert "Chiang Mai" in password_policy_problem(office_db, "malee", "ChiangMai-Office-1")
    with pytest.raises(UserError) as info:
        create_first_admin(office_db, "admin", "ผู้ดูแล", "admin-pass-2567")
    assert info.value.message == HAS_USERNAME


def test_set_password_follows_the_same_rules(db):
    create_user(db, "somchai", "สมชาย", "clerk", "Kh0ng-Dee-Mak-77")
    authenticate(db, "somchai", "Kh0ng-Dee-Mak-77")  # changing one's own password
    for weak in ("password1", "password123", "qwertyuiop"):
        with pytest.raises(UserError):
            set_password(db, "somchai", weak)
    with pytest.raises(UserError) as info:
        set_password(db, "somchai", "Kh0ng-Dee-Mak-77")
    assert "ไม่ซ้ำ" in info.value.message
    assert authenticate(db, "somchai", "Kh0ng-Dee-Mak-77")


def _weak_account(db):
    """An account made before the policy (password pass-1234): its hash written as the old program did."""
    from moi_desktop.db import insert_row
    from moi_desktop.security import hash_password

    insert_row(db, "users", {"username": "somchai", "display_name": "สมชาย", "role": "clerk",
                             "password_hash": hash_password("pass-1234"), "active": 1, "last_login": None})


def test_an_old_weak_password_logs_in_flagged_until_changed(db):
    _weak_account(db)
    user = authenticate(db, "somchai", "pass-1234")
    assert user.must_change_password
    assert get_user(db, "somchai").must_change_password  # flagged in the database too
    assert list_entries(db, action="login")[0].details["must_change_password"] is True
    set_password(db, "somchai", "Kh0ng-Dee-Mak-77")
    assert not get_user(db, "somchai").must_change_password
    assert not authenticate(db, "somchai", "Kh0ng-Dee-Mak-77").must_change_password


def test_the_shipped_list_and_its_notes():
    common = common_passwords()
    assert 10_000 < len(common) < 12_000
    for entry in ("password", "123456", "qwerty", keys_to_thai("password"), keys_to_thai("qwerty"),
                  keys_to_thai("123456"), "รหัสผ่าน", thai_to_keys("รหัสผ่าน")):
        assert entry in common, entry
    readme = resource_path("passwords", "README.md").read_text(encoding="utf-8")
    assert "MIT" in readme and "zxcvbn" in readme and "thai-words.txt" in readme
    assert resource_path("passwords", "LICENSE-zxcvbn.txt").read_text(encoding="utf-8").startswith("MIT License")


def test_a_password_that_must_change_gives_no_permission_until_changed(db):
    from moi_desktop.security import allowed, require

    create_first_admin(db, "admin", "ผู้ดูแล", "Kh0ng-Dee-Mak-77")
    _weak_account_as_admin(db)
    user = authenticate(db, "somchai", "pass-1234")
    assert user.must_change_password and not allowed(db, "members.view")
    with pytest.raises(UserError) as info:
        require(db, "members.view")
    assert "เปลี่ยนรหัสผ่าน" in info.value.message
    with pytest.raises(UserError):
        set_password(db, "admin", "Fresh-Start-2024")  # nobody else's password meanwhile
    set_password(db, "somchai", "Fresh-Start-2024")  # one's own: allowed, and it lifts the flag
    assert allowed(db, "members.view") and not allowed(db, "users.manage")


def _weak_account_as_admin(db):
    from moi_desktop.security import act_as

    act_as(db, get_user(db, "admin"))  # an account with accounts around is the administrator's to add
    _weak_account(db)
    act_as(db, None)
