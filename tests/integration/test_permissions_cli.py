"""Finding 1 of the trust review, reproduced: on a database that has accounts, the commands that
read personal data in full, export, erase or import ran with no --user and were logged as
`system`. Now each is refused in Thai without a user or with a user of the wrong role — the
database file byte-identical, no file written — and works for the right role, audited under that
user's name."""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.members import add_member
from moi_desktop.security import act_as
from moi_desktop.thai import mask_national_id
from moi_desktop.thai.national_id import check_digit
from tests.accounts_support import ADMIN, CLERK, TRAINER, VIEWER, login, password_of
from tests.exchange_support import PASSWORD, file_state

NATIONAL_ID = "110370208488" + str(check_digit("110370208488"))


@dataclass
class Office:
    db: Path
    member: str
    folder: Path  # where the commands write their files (empty before each command)
    inputs: Path

    def out(self, name: str) -> str:
        return str(self.folder / name)

    def password_file(self, username: str) -> str:
        path = self.inputs / f"{username}.pw"
        path.write_text(password_of(username) + "\n", encoding="utf-8")
        return str(path)


@pytest.fixture
def office(accounts_db_path, tmp_path, monkeypatch, fast_kdf):
    """A district office with accounts and one partner (national ID, phone); nobody logged in."""
    monkeypatch.delenv("MOI_DESKTOP_USER", raising=False)
    monkeypatch.delenv("MOI_DESKTOP_PASSWORD", raising=False)
    db = open_database(accounts_db_path)
    try:
        login(db, ADMIN)
        member = add_member(db, {"title": "นาง", "first_name": "มาลัย", "last_name": "ทองดี", "sector": "people",
                                 "national_id": NATIONAL_ID, "phone": "0812345678"})
        act_as(db, None)
    finally:
        db.close()
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "members.csv").write_text("ชื่อ,นามสกุล,ภาคี\nผู้บุกรุก,นำเข้าเอง,ประชาชน\n", encoding="utf-8")
    (inputs / "bundle.pw").write_text(PASSWORD + "\n", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    return Office(accounts_db_path, member, folder, inputs)


# The six commands of finding 1, as they were run: no --user.
ATTACKS = {
    "members list --show-ids": lambda o: ["members", "list", "--show-ids", "--db", str(o.db)],
    "members export-person": lambda o: ["members", "export-person", o.member, "--db", str(o.db),
                                        "--out", o.out("person.json")],
    "members erase": lambda o: ["members", "erase", o.member, "--db", str(o.db), "--yes"],
    "import members": lambda o: ["import", "members", str(o.inputs / "members.csv"), "--db", str(o.db)],
    "bundle export --all": lambda o: ["bundle", "export", "--all", "--db", str(o.db), "--out", o.out("all.moib"),
                                      "--password-file", str(o.inputs / "bundle.pw")],
    "report show_ids=1": lambda o: ["report", "members-contacts", "--db", str(o.db), "--out", o.out("contacts.xlsx"),
                                    "--param", "show_ids=1"],
}

# What each leaves in the audit trail when allowed (besides the login).
AUDITED = {
    "members list --show-ids": {"export_personal"},
    "members export-person": {"export_personal"},
    "members erase": {"erase", "update"},
    "import members": {"import", "create"},
    "bundle export --all": {"export_personal"},
    "report show_ids=1": {"export_personal"},
}


def as_user(argv: list[str], office: Office, username: str) -> list[str]:
    # Bundle commands' own --password-file is the bundle's: the user's is --user-password-file.
    option = "--user-password-file" if argv[0] == "bundle" else "--password-file"
    return [*argv, "--user", username, option, office.password_file(username)]


def audit_rows(path: Path) -> list[tuple[int, str, str]]:
    db = open_database(path)
    try:
        return [tuple(r) for r in db.execute("SELECT seq, actor, action FROM audit_log ORDER BY seq")]
    finally:
        db.close()


@pytest.mark.parametrize("attack", ATTACKS)
def test_refused_without_a_user_and_nothing_changes(office, attack, capsys):
    before = file_state(office.db)
    assert main(ATTACKS[attack](office)) == 2
    err = capsys.readouterr().err
    assert "ฐานข้อมูลนี้มีบัญชีผู้ใช้แล้ว" in err and "--user" in err
    assert file_state(office.db) == before  # not even an audit entry
    assert list(office.folder.iterdir()) == []  # no file written


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("username", [VIEWER, TRAINER])
def test_refused_for_a_role_without_the_permission(office, attack, username, capsys):
    before = file_state(office.db)
    assert main(as_user(ATTACKS[attack](office), office, username)) == 2
    err = capsys.readouterr().err
    assert "ไม่มีสิทธิ์" in err and "บทบาท" in err
    assert file_state(office.db) == before  # refused after the password check, before any write
    assert list(office.folder.iterdir()) == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_works_for_the_right_role_and_is_audited_under_that_name(office, attack, capsys):
    seen = len(audit_rows(office.db))
    assert main(as_user(ATTACKS[attack](office), office, CLERK)) == 0, capsys.readouterr().err
    new = audit_rows(office.db)[seen:]
    assert {actor for _, actor, _ in new} == {CLERK}  # never "system"
    assert new[0][2] == "login" and AUDITED[attack] <= {action for _, _, action in new}


def test_the_environment_names_the_user_too(office, capsys, monkeypatch):
    monkeypatch.setenv("MOI_DESKTOP_USER", ADMIN)
    monkeypatch.setenv("MOI_DESKTOP_PASSWORD", password_of(ADMIN))
    assert main(ATTACKS["members list --show-ids"](office)) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["national_id"].replace("-", "") for r in rows] == [NATIONAL_ID]
    assert audit_rows(office.db)[-1][1:] == (ADMIN, "export_personal")


def test_a_list_without_ids_still_needs_a_login(office, capsys):
    """Names and phones are personal data too: once accounts exist, reading them needs a user."""
    before = file_state(office.db)
    assert main(["members", "list", "--db", str(office.db)]) == 2
    assert "--user" in capsys.readouterr().err
    assert file_state(office.db) == before
    assert main(as_user(["members", "list", "--db", str(office.db)], office, VIEWER)) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["national_id"] == mask_national_id(NATIONAL_ID)  # masked: the viewer sees no full ID
