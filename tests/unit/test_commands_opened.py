"""commands/_common.opened and opened_as: the database named by --db is closed however a command
ends, a missing file is refused in Thai, and a failed login never reaches the command's body."""

import argparse

import pytest

from moi_desktop.commands import _common
from moi_desktop.commands._common import opened, opened_as
from moi_desktop.db import cipher
from moi_desktop.errors import UserError
from moi_desktop.security import create_first_admin


@pytest.fixture
def opened_dbs(monkeypatch):
    """Every database the helpers open, to check afterwards that each was closed."""
    seen = []
    real = _common.open_existing

    def recording(path):
        db = real(path)
        seen.append(db)
        return db

    monkeypatch.setattr(_common, "open_existing", recording)
    return seen


@pytest.fixture(autouse=True)
def _no_login_from_the_environment(monkeypatch):
    monkeypatch.delenv("MOI_DESKTOP_USER", raising=False)
    monkeypatch.delenv("MOI_DESKTOP_PASSWORD", raising=False)


def is_closed(db) -> bool:
    try:
        db.execute("SELECT 1")
    except cipher.ProgrammingError:
        return True
    return False


def test_opened_yields_the_database_and_closes_it(migrated_db_path, opened_dbs):
    with opened(argparse.Namespace(db=migrated_db_path)) as db:
        assert db.execute("SELECT count(*) FROM provinces").fetchone()[0] > 70
        assert not is_closed(db)
    assert [db] == opened_dbs and is_closed(db)


def test_opened_closes_the_database_when_the_command_fails(migrated_db_path, opened_dbs):
    with pytest.raises(UserError, match="ผิด"), opened(argparse.Namespace(db=migrated_db_path)):
        raise UserError("ค่าผิด")
    assert len(opened_dbs) == 1 and is_closed(opened_dbs[0])


def test_opened_refuses_a_missing_file_and_creates_none(tmp_path):
    path = tmp_path / "nope.sqlite3"
    with pytest.raises(UserError) as caught, opened(argparse.Namespace(db=path)):
        pytest.fail("the block must not run")
    assert caught.value.message == f"ไม่พบไฟล์ฐานข้อมูล: {path}" and caught.value.field == "--db"
    assert not path.exists()


def test_opened_as_yields_the_logged_in_user(migrated_db_path, tmp_path, opened_dbs):
    with opened(argparse.Namespace(db=migrated_db_path)) as db:
        create_first_admin(db, "admin", "ผู้ดูแล", "Mango-Tree-71")
    pw = tmp_path / "pw"
    pw.write_text("Mango-Tree-71\n", encoding="utf-8")
    args = argparse.Namespace(db=migrated_db_path, user="admin", user_password_file=pw)
    with opened_as(args, "users.manage") as (db, user):
        assert user.username == "admin"
    assert is_closed(db)


def test_opened_as_with_a_wrong_password_closes_and_never_runs_the_block(migrated_db_path, tmp_path, opened_dbs):
    with opened(argparse.Namespace(db=migrated_db_path)) as db:
        create_first_admin(db, "admin", "ผู้ดูแล", "Mango-Tree-71")
    pw = tmp_path / "pw"
    pw.write_text("wrong-pass-9\n", encoding="utf-8")
    args = argparse.Namespace(db=migrated_db_path, user="admin", user_password_file=pw)
    with pytest.raises(UserError, match="ไม่ถูกต้อง"), opened_as(args, "users.manage"):
        pytest.fail("the block must not run")
    assert len(opened_dbs) == 2 and all(map(is_closed, opened_dbs))


def test_opened_as_needs_a_user_once_accounts_exist(migrated_db_path, opened_dbs):
    with opened(argparse.Namespace(db=migrated_db_path)) as db:
        create_first_admin(db, "admin", "ผู้ดูแล", "Mango-Tree-71")
    with pytest.raises(UserError) as caught, opened_as(argparse.Namespace(db=migrated_db_path), None):
        pytest.fail("the block must not run")
    assert caught.value.field == "--user"
    assert all(map(is_closed, opened_dbs))
