"""Permissions in the core (DESIGN §7): on a database with accounts, the core operations that read
personal data in full, export, erase, import or manage users refuse whoever calls them without an
acting user or with a role lacking the permission — changing nothing — and the write path refuses
any write to a table the acting user may not write. The user is bound to the Database handle:
nothing is process-wide, and checks cost nothing per write."""

import pytest

from moi_desktop.backup import backup_to
from moi_desktop.cases import add_household
from moi_desktop.cases.exports import protect_cases
from moi_desktop.db import insert_row, open_database
from moi_desktop.db.rows import set_meta, update_where
from moi_desktop.errors import UserError
from moi_desktop.exchange import export_bundle, import_bundle
from moi_desktop.imports import get_importer, plan_import, run_import
from moi_desktop.members import (
    MemberQuery,
    add_member,
    delete_member,
    erase_person,
    export_person,
    search_members,
    update_member,
    write_person_export,
)
from moi_desktop.members.exports import protect_ids
from moi_desktop.reports import get_report, render_report, report_actions
from moi_desktop.security import (
    ACTIONS,
    PERMISSIONS,
    SYSTEM_USER,
    WRITE_ACTIONS,
    act_as,
    acting_user,
    allowed,
    create_first_admin,
    create_user,
    current_actor,
    require,
    set_password,
    update_user,
)
from moi_desktop.security.roles import ANY_USER_WRITES, PROGRAM_TABLES
from moi_desktop.thai.national_id import check_digit
from tests.accounts_support import ADMIN, CLERK, TRAINER, VIEWER, login
from tests.exchange_support import PASSWORD, file_state

NATIONAL_ID = "310100000000" + str(check_digit("310100000000"))


@pytest.fixture
def office(accounts_db, accounts_db_path, tmp_path, fast_kdf):
    """The accounts database with one partner and an import file; nobody logged in."""
    login(accounts_db, ADMIN)
    member = add_member(accounts_db, {"first_name": "มาลัย", "last_name": "ทองดี", "sector": "people",
                                      "national_id": NATIONAL_ID, "phone": "0812345678"})
    act_as(accounts_db, None)
    csv = tmp_path / "members.csv"
    csv.write_text("ชื่อ,นามสกุล,ภาคี\nผู้บุกรุก,นำเข้าเอง,ประชาชน\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    return {"db": accounts_db, "path": accounts_db_path, "member": member, "csv": csv, "out": out}


def _members_import(o, *, dry_run=False):
    spec = get_importer("members")
    return run_import(o["db"], spec, plan_import(spec, o["csv"]), dry_run=dry_run)


# Core operations that read personal data in full, export, erase, import or manage users:
# (what, the action it needs, who may do it, the call).
OPERATIONS = [
    ("members list with full IDs", "members.export_personal", CLERK,
     lambda o: protect_ids(o["db"], search_members(o["db"], MemberQuery()), show_ids=True, purpose="test")),
    ("person export", "members.export_personal", CLERK, lambda o: export_person(o["db"], o["member"])),
    ("person export to a file", "members.export_personal", CLERK,
     lambda o: write_person_export(o["db"], o["member"], o["out"] / "person.json")),
    ("erase a person", "members.edit", CLERK, lambda o: erase_person(o["db"], o["member"])),
    ("edit a member", "members.edit", CLERK, lambda o: update_member(o["db"], o["member"], {"phone": "0899999999"})),
    ("delete a member", "members.edit", CLERK, lambda o: delete_member(o["db"], o["member"])),
    ("import members", "members.import", CLERK, _members_import),
    ("bundle export --all", "exchange.export", CLERK,
     lambda o: export_bundle(o["db"], o["out"] / "all.moib", PASSWORD, everything=True)),
    ("contact list with full IDs", "members.export_personal", CLERK,
     lambda o: render_report(o["db"], "members-contacts", o["out"] / "c.xlsx", {"show_ids": "1"})),
    ("contact list", "members.export_personal", CLERK,
     lambda o: render_report(o["db"], "members-contacts", o["out"] / "c.pdf")),
    ("backup to a drive", "backup.create", CLERK, lambda o: backup_to(o["db"], o["out"] / "copy.sqlite3")),
    ("add an account", "users.manage", ADMIN,
     lambda o: create_user(o["db"], "newbie", "ใหม่", "viewer", "Pa-Sak-2567!")),
    ("change an account", "users.manage", ADMIN, lambda o: update_user(o["db"], TRAINER, role="viewer")),
    ("set another's password", "users.manage", ADMIN, lambda o: set_password(o["db"], TRAINER, "Mae-Ping-2567!")),
]
IDS = [op[0] for op in OPERATIONS]


def _state(o) -> tuple:
    """Everything a refused operation must leave as it was: the file (audit trail included) and
    the folder it would write to."""
    return file_state(o["path"]), sorted(p.name for p in o["out"].iterdir())


@pytest.mark.parametrize(("what", "action", "who", "call"), OPERATIONS, ids=IDS)
def test_refused_with_nobody_logged_in_and_nothing_changes(office, what, action, who, call):
    before = _state(office)
    with pytest.raises(UserError) as info:
        call(office)
    assert info.value.message.startswith("ฐานข้อมูลนี้มีบัญชีผู้ใช้แล้ว กรุณาเข้าสู่ระบบก่อน")
    assert _state(office) == before


@pytest.mark.parametrize(("what", "action", "who", "call"), OPERATIONS, ids=IDS)
def test_refused_for_a_role_without_the_permission(office, what, action, who, call):
    login(office["db"], VIEWER)
    before = _state(office)
    with pytest.raises(UserError) as info:
        call(office)
    assert f"ไม่มีสิทธิ์{ACTIONS[action]}" in info.value.message and "ผู้ดูข้อมูล" in info.value.message
    assert _state(office) == before


@pytest.mark.parametrize(("what", "action", "who", "call"), OPERATIONS, ids=IDS)
def test_allowed_for_the_right_role_and_audited_under_its_name(office, what, action, who, call):
    db = office["db"]
    login(db, who)
    seen = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    call(office)
    actors = {r[0] for r in db.execute("SELECT actor FROM audit_log WHERE seq > ?", [seen])}
    assert actors == {who}


def test_a_dry_run_import_needs_the_read_permission_only(office):
    with pytest.raises(UserError, match="กรุณาเข้าสู่ระบบ"):
        _members_import(office, dry_run=True)
    login(office["db"], TRAINER)  # enrolling from a list checks it against the registry
    assert _members_import(office, dry_run=True).valid == 1
    with pytest.raises(UserError, match="ไม่มีสิทธิ์นำเข้ารายชื่อภาคีเครือข่าย"):
        _members_import(office)


def test_bundle_import_is_refused_before_the_file_is_read(office):
    with pytest.raises(UserError, match="กรุณาเข้าสู่ระบบก่อนนำเข้าชุดข้อมูล"):
        import_bundle(office["db"], office["out"] / "missing.moib", PASSWORD, dry_run=True)


def test_showing_sensitive_cases_needs_its_own_permission(office):
    db = office["db"]
    login(db, VIEWER)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์แสดงหรือส่งออกข้อมูลอ่อนไหว"):
        protect_cases(db, [], show_sensitive=True, purpose="test")
    assert protect_cases(db, [], show_sensitive=False, purpose="test") == []
    spec = get_report("cases-list")
    assert "cases.export_sensitive" in report_actions(spec, {"show_sensitive": True})
    assert "cases.export_sensitive" not in report_actions(spec, {"show_sensitive": False})


# --- the write path --------------------------------------------------------------------------

def test_the_write_path_refuses_a_table_the_user_may_not_write(office):
    db = office["db"]
    before = file_state(office["path"])
    for username in (None, VIEWER):
        if username:
            login(db, username)
            before = file_state(office["path"])
        with pytest.raises(UserError):
            add_member(db, {"first_name": "แอบ", "last_name": "เพิ่ม", "sector": "people"})
        with pytest.raises(UserError):
            add_household(db, {"head_name": "นายแอบ เพิ่ม", "subdistrict_code": "620501"})
        with pytest.raises(UserError):
            update_where(db, "members", {"phone": "0800000000"}, {"id": office["member"]}, audit=True)
        with pytest.raises(UserError):
            set_meta(db, "document_font", "Laksaman")
        assert file_state(office["path"]) == before


def test_a_trainer_may_register_a_walk_in_but_not_edit_the_registry(office):
    db = office["db"]
    login(db, TRAINER)
    walk_in = add_member(db, {"first_name": "มาหน้างาน", "last_name": "ลงทะเบียน", "sector": "people"})
    assert walk_in  # the attendance desk adds people
    with pytest.raises(UserError, match="ไม่มีสิทธิ์เพิ่มหรือแก้ไขภาคีเครือข่าย"):
        update_member(db, office["member"], {"phone": "0899999999"})
    with pytest.raises(UserError):
        erase_person(db, office["member"])


def test_a_table_nobody_is_given_is_written_by_no_user(office):
    db = office["db"]
    login(db, ADMIN)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์แก้ไขข้อมูลส่วนนี้"):
        insert_row(db, "sectors", {"code": "x", "name_th": "ภาคีปลอม"})  # reference data: migrations only
    with pytest.raises(UserError):
        set_meta(db, "demo_seed", "1")  # a real office never turns itself into a demo


def test_every_table_is_named_in_the_permission_map(db):
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    reference_or_system = {
        "_sqlite_migrations", "audit_log", "meta", "provinces", "districts", "subdistricts", "regions",
        "sectors", "team_roles", "sdgs", "project_categories", "indicator_categories",
    }
    fts = {t for t in tables if t.startswith("members_fts")}
    # A new table must be given to the actions that write it (security/roles.py WRITE_ACTIONS).
    assert tables - set(WRITE_ACTIONS) == reference_or_system | fts | PROGRAM_TABLES
    assert all(set(needs) <= set(ACTIONS) for needs in WRITE_ACTIONS.values())


def test_every_setting_the_program_writes_is_named():
    from moi_desktop import backup, office
    from moi_desktop.cases import query
    from moi_desktop.documents import fonts
    from moi_desktop.members import pdpa
    from moi_desktop.security import session
    from moi_desktop.trainings import model

    for key in (session.LOCK_KEY, fonts.META_KEY, backup.KEEP_KEY, backup.LAST_AUTO_KEY, pdpa.RETENTION_KEY,
                query.OVERDUE_KEY, model.FRIDAY_AREAS_KEY, office.THAI_DIGITS_KEY):
        assert f"meta:{key}" in set(WRITE_ACTIONS) | ANY_USER_WRITES, key


def test_any_user_may_record_the_automatic_backup(office, tmp_path):
    from moi_desktop.backup import auto_backup

    login(office["db"], VIEWER)
    assert auto_backup(office["db"], "close").exists()  # taken whenever anyone closes the program


# --- who is acting ---------------------------------------------------------------------------

def test_the_acting_user_belongs_to_one_connection(office):
    db = office["db"]
    login(db, CLERK)
    other = open_database(office["path"])
    try:
        assert acting_user(other) is None and current_actor(other) == "system"
        with pytest.raises(UserError):
            add_member(other, {"first_name": "อีก", "last_name": "การเชื่อมต่อ", "sector": "people"})
    finally:
        other.close()
    assert acting_user(db).username == CLERK and allowed(db, "members.edit")


def test_system_acts_only_without_accounts_then_the_first_admin_closes_the_door(db):
    assert require(db, "users.manage") == SYSTEM_USER  # first run: nobody to log in as yet
    add_member(db, {"first_name": "ก่อน", "last_name": "มีบัญชี", "sector": "people"})
    create_first_admin(db, "admin", "ผู้ดูแล", "Phu-Kradueng-2567!")
    with pytest.raises(UserError, match="กรุณาเข้าสู่ระบบ"):
        add_member(db, {"first_name": "หลัง", "last_name": "มีบัญชี", "sector": "people"})
    act_as(db, SYSTEM_USER)  # binding "system" is binding nobody: still refused
    with pytest.raises(UserError, match="กรุณาเข้าสู่ระบบ"):
        require(db, "members.view")


def test_a_demo_database_runs_without_a_login(db):
    from moi_desktop.security.session import DEMO_META_KEY

    set_meta(db, DEMO_META_KEY, "1")  # build_demo flags the file first: invented people only
    create_first_admin(db, "admin", "ผู้ดูแล", "Phu-Kradueng-2567!")
    assert require(db, "members.export_personal") == SYSTEM_USER
    add_member(db, {"first_name": "คนสมมุติ", "last_name": "ตัวอย่าง", "sector": "people",
                    "national_id": NATIONAL_ID})
    shown = protect_ids(db, search_members(db, MemberQuery()), show_ids=True, purpose="demo")
    assert [r["national_id"].replace("-", "") for r in shown] == [NATIONAL_ID]
    assert current_actor(db) == "system"


def test_an_inactive_account_bound_may_do_nothing(office):
    from dataclasses import replace

    db = office["db"]
    act_as(db, replace(login(db, CLERK), active=False))
    assert not any(allowed(db, action) for action in ACTIONS)
    with pytest.raises(UserError, match="ระงับ"):
        require(db, "members.view")


def test_checks_read_nothing_per_write(office):
    """The acting user's permissions are kept on the Database: a write asks the database nothing
    about accounts or settings (the mark stays at the cost of its commit)."""
    db = office["db"]
    login(db, CLERK)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        for i in range(20):
            update_member(db, office["member"], {"phone": f"08123456{i:02d}"})
    finally:
        db.conn.set_trace_callback(None)
    assert statements and not [s for s in statements if "FROM users" in s or "FROM meta" in s]


def test_every_role_may_write_what_its_actions_cover():
    from moi_desktop.security.roles import writable

    for role, actions in PERMISSIONS.items():
        tables = writable(role)
        for table, needs in WRITE_ACTIONS.items():
            assert (table in tables) == bool(actions & set(needs)), (role, table)


def test_several_bundles_are_refused_without_the_import_permission(office, make_office_db, tmp_path):
    from moi_desktop.exchange import import_bundles

    sender = make_office_db("sender", "district", "5013")
    add_member(sender, {"first_name": "ผู้ส่ง", "sector": "people"})
    bundle = export_bundle(sender, tmp_path / "in.moib", PASSWORD).path
    for who in (None, VIEWER):
        if who is not None:
            login(office["db"], who)  # the login itself is audited: the state is taken after it
        before = _state(office)
        with pytest.raises(UserError) as info:
            list(import_bundles(office["db"], [bundle, bundle], PASSWORD))
        assert ("กรุณาเข้าสู่ระบบ" in info.value.message if who is None
                else f"ไม่มีสิทธิ์{ACTIONS['exchange.import']}" in info.value.message)
        assert _state(office) == before
