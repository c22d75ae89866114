"""Encryption at rest: the database, its backups and copies are ciphertext under a key kept
outside them; a wrong key is a Thai refusal; a database from before encryption is converted
without losing anything; the recovery key opens this PC's files on another PC."""

import os
import sqlite3  # the attacker's tool: a plain SQLite library that finds the file on a shared PC
import stat
from pathlib import Path

import pytest

from moi_desktop import backup
from moi_desktop.db import cipher, connect, migrations, open_database
from moi_desktop.errors import UserError
from moi_desktop.members import add_member, get_member
from moi_desktop.security import keystore
from moi_desktop.security.integrity import verify
from moi_desktop.thai.national_id import check_digit

NATIONAL_ID = "110370208488" + str(check_digit("110370208488"))


def plain_sqlite_reads(path: Path) -> bool:
    """Whether a plain SQLite tool can read the file (what anyone who copies it would try)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def leaks(path: Path) -> bool:
    """Whether the national ID or the name can be found in the file's bytes (or its WAL)."""
    data = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    return NATIONAL_ID.encode() in data or "สมชาย".encode() in data


@pytest.fixture
def person(db):
    return add_member(db, {"first_name": "สมชาย", "last_name": "ใจดี", "national_id": NATIONAL_ID})


def test_attack_copying_the_database_file_reveals_nothing(db, db_path, person):
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert db_path.read_bytes()[:16] != cipher.PLAIN_HEADER
    assert not leaks(db_path)
    assert not plain_sqlite_reads(db_path)  # finding 8: "reads every national ID with any SQLite tool"
    assert get_member(db, person)["national_id"] == NATIONAL_ID  # the program itself reads it


def test_temp_files_stay_in_memory(db):
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY: no plain temp file on disk


def test_every_backup_is_encrypted(db, db_path, person, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    made = [backup.backup_to(db, usb / "office.sqlite3"), backup.auto_backup(db, "daily")]
    result = backup.restore(db_path, made[0])
    made.append(result.safety_copy)
    for path in made:
        assert path is not None and not leaks(path) and not plain_sqlite_reads(path), path
        assert backup.inspect_backup(path).installation_id  # and the program reads it back


def test_the_copy_taken_before_a_migration_is_encrypted(db_path, monkeypatch):
    real = migrations._modules()
    monkeypatch.setattr(migrations, "_modules", lambda: real[:3])
    open_database(db_path).close()
    monkeypatch.setattr(migrations, "_modules", lambda: real)
    open_database(db_path).close()
    [copy] = db_path.parent.glob("test.before-v3-*.sqlite3")
    assert not plain_sqlite_reads(copy)
    assert cipher.raw_connect(copy, cipher.secrets()[0]).execute("PRAGMA user_version").fetchone()[0] == 3


def test_a_file_under_another_key_is_refused_in_thai_and_left_alone(db, db_path, person, monkeypatch, tmp_path):
    db.close()
    before = db_path.read_bytes()
    other_pc(monkeypatch, tmp_path / "pc-b")
    with pytest.raises(UserError) as refused:
        open_database(db_path)
    assert "กุญแจของเครื่องอื่น" in refused.value.message and "รหัสกู้คืน" in refused.value.message
    assert db_path.read_bytes() == before


# -- the keystore ----------------------------------------------------------------------------------
def other_pc(monkeypatch, keys: Path) -> None:
    """From now on this process is another PC's account: its own (empty) key folder."""
    monkeypatch.setenv("MOI_DESKTOP_KEYSTORE_DIR", str(keys))
    monkeypatch.delenv("MOI_DESKTOP_RECOVERY_KEY", raising=False)
    keystore.forget_recovery_keys()


def test_key_file_is_private_and_stable(monkeypatch, tmp_path):
    other_pc(monkeypatch, tmp_path / "keys")
    first = keystore.pc_secret()
    path = tmp_path / "keys" / f"{keystore.SECRET_NAME}.key"
    assert len(first) == 32 and path.exists()
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    keystore._cache.clear()
    assert keystore.pc_secret() == first  # read back, not made again


class MemoryKeyring:
    """A stand-in OS credential store (tests never touch the real one)."""

    priority = 10

    def __init__(self):
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service, name):
        return self.saved.get((service, name))

    def set_password(self, service, name, value):
        self.saved[(service, name)] = value


def test_the_os_credential_store_is_used_when_it_answers(monkeypatch, tmp_path):
    import keyring

    fake = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_password", fake.get_password)
    monkeypatch.setattr(keyring, "set_password", fake.set_password)
    other_pc(monkeypatch, tmp_path / "keys")
    monkeypatch.setenv("MOI_DESKTOP_KEYSTORE", "keyring")
    secret = keystore.pc_secret()
    assert fake.saved == {(keystore.SERVICE, keystore.SECRET_NAME): secret.hex()}
    assert not (tmp_path / "keys" / f"{keystore.SECRET_NAME}.key").exists()  # no key file beside it


def test_recovery_key_round_trip_and_typos():
    secret = bytes(range(32))
    text = keystore.recovery_key_text(secret)
    assert len(text.split("-")) == 11
    assert keystore.parse_recovery_key(text.lower().replace("-", " ")) == secret
    typo = ("A" if text[0] != "A" else "B") + text[1:]
    with pytest.raises(UserError, match="รหัสกู้คืนไม่ถูกต้อง"):
        keystore.parse_recovery_key(typo)


def test_recovery_key_opens_this_pcs_files_on_another_pc(db, db_path, person, monkeypatch, tmp_path):
    recovery = keystore.recovery_key_text(keystore.pc_secret())
    saved = backup.backup_to(db, tmp_path / "saved.sqlite3")
    db.close()
    # PC B has its own key: the recovery key lets it read A's database and restore A's backup.
    other_pc(monkeypatch, tmp_path / "pc-b")
    keystore.pc_secret()
    monkeypatch.setenv("MOI_DESKTOP_RECOVERY_KEY", recovery)
    reopened = open_database(db_path)
    assert get_member(reopened, person)["national_id"] == NATIONAL_ID
    reopened.close()
    target = tmp_path / "pc-b-data" / "moi.sqlite3"
    target.parent.mkdir()
    backup.restore(target, saved)
    monkeypatch.delenv("MOI_DESKTOP_RECOVERY_KEY")
    restored = open_database(target)  # re-encrypted under B's own key: no recovery key needed now
    assert get_member(restored, person)["national_id"] == NATIONAL_ID
    assert verify(restored).ok  # its rows were sealed again under B's key
    restored.close()


def test_a_new_pc_adopts_the_recovery_key(db, db_path, person, monkeypatch, tmp_path):
    secret = keystore.pc_secret()
    db.close()
    other_pc(monkeypatch, tmp_path / "new-pc")
    monkeypatch.setenv("MOI_DESKTOP_RECOVERY_KEY", keystore.recovery_key_text(secret))
    assert keystore.pc_secret() == secret
    monkeypatch.delenv("MOI_DESKTOP_RECOVERY_KEY")
    opened = open_database(db_path)
    assert get_member(opened, person) is not None
    assert verify(opened).ok  # the seals' key came along with the recovery key
    opened.close()


# -- a database from before encryption ---------------------------------------------------------------
def make_plain(db, path: Path) -> None:
    """The unencrypted database an older version of the program left behind."""
    cipher.export_encrypted(db.conn, path, None)


def test_plain_database_is_encrypted_on_open_after_an_encrypted_copy(db, person, tmp_path):
    legacy = tmp_path / "legacy.sqlite3"
    make_plain(db, legacy)
    assert plain_sqlite_reads(legacy) and leaks(legacy)
    old_backup = tmp_path / "legacy.before-v2-20240101-000000.sqlite3"
    make_plain(db, old_backup)
    converted = open_database(legacy)
    assert get_member(converted, person)["national_id"] == NATIONAL_ID
    assert verify(converted).ok
    converted.close()
    [copy] = tmp_path.glob("legacy.before-encryption-*.sqlite3")
    for path in (legacy, copy, old_backup):
        assert not plain_sqlite_reads(path) and not leaks(path), path
    assert not list(tmp_path.glob("*.encrypting"))


class Killed(BaseException):
    """The process dying at that point (nothing after it runs)."""


@pytest.mark.parametrize("dies_at", ["export", "replace"])
def test_conversion_killed_midway_loses_nothing(db, person, tmp_path, dies_at):
    legacy = tmp_path / "legacy.sqlite3"
    make_plain(db, legacy)
    before = legacy.read_bytes()
    real_export, real_replace = cipher.export_encrypted, os.replace
    calls = []

    def export_then_die(source, target, secret):
        real_export(source, target, secret)
        calls.append(target)
        if len(calls) == 2:  # the encrypted copy is made; the new file is written, not yet renamed
            raise Killed

    def replace_dies(source, target):
        if str(source).endswith(".encrypting"):
            raise Killed
        real_replace(source, target)

    with pytest.MonkeyPatch.context() as mp:
        if dies_at == "export":
            mp.setattr(cipher, "export_encrypted", export_then_die)
        else:
            mp.setattr(cipher.os, "replace", replace_dies)
        with pytest.raises(Killed):
            open_database(legacy)
    assert legacy.read_bytes() == before  # the original is untouched
    again = open_database(legacy)  # the next start finishes the job
    assert get_member(again, person)["national_id"] == NATIONAL_ID
    again.close()
    assert not plain_sqlite_reads(legacy)


def test_a_plain_sqlite_file_that_is_not_ours_is_never_encrypted(tmp_path):
    foreign = tmp_path / "someone-elses.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(UserError, match="ไม่ใช่ฐานข้อมูลของโปรแกรม"):
        connect(foreign)
    assert foreign.read_bytes() == before
