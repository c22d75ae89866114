"""Accounts: scrypt hashes, roles and permissions, first admin, authentication, admin safety."""

import pytest

from moi_desktop.errors import UserError
from moi_desktop.security import (
    ACTIONS,
    PERMISSIONS,
    User,
    act_as,
    authenticate,
    can,
    create_first_admin,
    create_user,
    current_actor,
    get_user,
    has_users,
    hash_password,
    list_entries,
    list_users,
    password_problem,
    require,
    set_password,
    update_user,
    verify_password,
)


def test_hash_stores_parameters_and_salt_and_verifies():
    stored = hash_password("correct horse")
    prefix, n, r, p, salt, key = stored.split("$")
    assert (prefix, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert hash_password("correct horse") != stored  # per-hash random salt
    assert verify_password("correct horse", stored)
    assert not verify_password("correct hors", stored)
    assert not verify_password("", stored)


@pytest.mark.parametrize("garbage", ["", "plain", "scrypt$1$2$3", "bcrypt$x$y$z$a$b", "scrypt$a$b$c$!!$??"])
def test_unreadable_hash_never_verifies(garbage):
    assert verify_password("anything", garbage) is False


def test_password_rules():
    assert password_problem("short") is not None
    assert password_problem("aaaaaaaaaa") is not None  # too few distinct characters
    assert password_problem(" padded pw ") is not None
    assert password_problem("รหัสลับของสมศรี123") is None


def test_every_role_maps_to_known_actions():
    for role, actions in PERMISSIONS.items():
        assert actions <= set(ACTIONS), role
    assert PERMISSIONS["admin"] == frozenset(ACTIONS)


def test_role_limits(db):
    trainer = User("1", "t", "ครูฝึก", "trainer")
    viewer = User("2", "v", "ผู้ดู", "viewer")
    clerk = User("3", "c", "เจ้าหน้าที่", "clerk")
    assert can(trainer, "attendance.mark") and can(trainer, "trainings.manage")
    assert not can(trainer, "members.export_personal")
    assert not can(trainer, "members.edit")
    assert can(viewer, "reports.view") and not can(viewer, "members.edit")
    assert can(clerk, "members.export_personal") and not can(clerk, "users.manage")
    assert not can(clerk, "backup.restore")
    assert not can(User("4", "x", "x", "admin", active=False), "members.view")
    assert not can(None, "members.view")
    act_as(db, trainer)
    with pytest.raises(UserError) as info:
        require(db, "members.export_personal")
    assert "ไม่มีสิทธิ์ส่งออกข้อมูลส่วนบุคคล" in info.value.message
    assert "ผู้จัดการอบรม" in info.value.message
    with pytest.raises(ValueError):
        can(clerk, "members.fly")  # a typo in an action name is a bug, not a refusal


ADMIN_PW = "Sea-Breeze-4821"


@pytest.fixture
def admin_db(db):
    """A database whose first administrator is logged in (managing accounts needs one)."""
    create_first_admin(db, "admin", "ผู้ดูแล ระบบ", ADMIN_PW)
    authenticate(db, "admin", ADMIN_PW)
    return db


def test_first_admin_then_refused(db):
    assert not has_users(db)
    admin = create_first_admin(db, "admin", "ผู้ดูแล ระบบ", "Kite-Wind-1234")
    assert admin.role == "admin" and has_users(db)
    with pytest.raises(UserError):
        create_first_admin(db, "admin2", "อีกคน", "Kite-Wind-1234")
    assert [u.username for u in list_users(db)] == ["admin"]


@pytest.mark.parametrize(
    "username, name, role, password, field",
    [
        ("a", "ชื่อ", "clerk", "Kite-Wind-1234", "username"),
        ("has space", "ชื่อ", "clerk", "Kite-Wind-1234", "username"),
        ("system", "ชื่อ", "clerk", "Kite-Wind-1234", "username"),
        ("somchai", "  ", "clerk", "Kite-Wind-1234", "display_name"),
        ("somchai", "ชื่อ", "boss", "Kite-Wind-1234", "role"),
        ("somchai", "ชื่อ", "clerk", "123", "password"),
    ],
)
def test_create_user_rejects_bad_input_and_writes_nothing(db, username, name, role, password, field):
    with pytest.raises(UserError) as info:
        create_user(db, username, name, role, password)
    assert info.value.field == field
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 0


def test_usernames_are_unique_ignoring_case(admin_db):
    db = admin_db
    create_user(db, "Somchai", "สมชาย", "clerk", "Kite-Wind-1234")
    with pytest.raises(UserError) as info:
        create_user(db, "somchai", "สมชาย ๒", "viewer", "Kite-Wind-1234")
    assert "มีผู้ใช้ชื่อ" in info.value.message
    assert get_user(db, "SOMCHAI").display_name == "สมชาย"


def test_authenticate_success_failure_and_inactive(admin_db):
    db = admin_db
    create_user(db, "somchai", "สมชาย", "clerk", "Kite-Wind-1234")
    user = authenticate(db, "somchai", "Kite-Wind-1234")
    assert user.role == "clerk" and user.last_login
    assert current_actor(db) == "somchai"
    for name, pw in (("somchai", "wrong-pass"), ("nobody", "Kite-Wind-1234")):
        with pytest.raises(UserError) as info:
            authenticate(db, name, pw)
        assert info.value.message == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    actions = [e.action for e in list_entries(db, table_name=None) if e.table_name is None]
    assert actions.count("login") == 2 and actions.count("login_failed") == 2  # admin's and somchai's
    authenticate(db, "admin", ADMIN_PW)
    update_user(db, "somchai", active=False)
    with pytest.raises(UserError) as info:
        authenticate(db, "somchai", "Kite-Wind-1234")
    assert "ระงับ" in info.value.message


def test_password_hash_never_reaches_audit_details(admin_db):
    db = admin_db
    create_user(db, "somchai", "สมชาย", "clerk", "Kite-Wind-1234")
    set_password(db, "somchai", "Fresh-Start-99")
    for entry in list_entries(db):
        assert "scrypt" not in str(entry.details)
    assert list_entries(db, action="update")[0].details == {"fields": ["must_change_password", "password_hash"]}


def test_set_password_checks_old_one(admin_db):
    db = admin_db
    create_user(db, "somchai", "สมชาย", "clerk", "Kite-Wind-1234")
    authenticate(db, "somchai", "Kite-Wind-1234")  # a user changing their own password
    with pytest.raises(UserError) as info:
        set_password(db, "somchai", "Fresh-Start-99", old_password="nope-nope")
    assert info.value.field == "old_password"
    set_password(db, "somchai", "Fresh-Start-99", old_password="Kite-Wind-1234")
    authenticate(db, "somchai", "Fresh-Start-99")


def test_last_active_admin_cannot_be_demoted_or_suspended(admin_db):
    db = admin_db
    for change in ({"role": "clerk"}, {"active": False}):
        with pytest.raises(UserError):
            update_user(db, "admin", **change)
    assert get_user(db, "admin").role == "admin" and get_user(db, "admin").active
    create_user(db, "second", "ผู้ดูแล ๒", "admin", "Kite-Wind-1234")
    update_user(db, "admin", role="viewer")
    assert get_user(db, "admin").role == "viewer"
