"""Shared fixtures: every test gets its own data dir and database; Qt runs offscreen; the
Hypothesis profile (tests/hypothesis_profiles.py) is loaded; exchange tests get cheap key
derivation and offices with their own identity.

Fixtures live here (or in a directory's conftest.py), never imported into a test module: pytest
finds them by name, and an imported fixture shadowed by a test's argument is a lint error (F811)."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One database key for the whole session (each xdist worker its own; the CLI processes a test
# starts inherit it), in a key file: no test ever reads or writes the real OS credential store.
_KEYS = tempfile.mkdtemp(prefix="moi-test-keys-")
atexit.register(shutil.rmtree, _KEYS, ignore_errors=True)
os.environ["MOI_DESKTOP_KEYSTORE"] = "file"
os.environ["MOI_DESKTOP_KEYSTORE_DIR"] = _KEYS
os.environ.pop("MOI_DESKTOP_RECOVERY_KEY", None)

import pytest  # noqa: E402

from tests import hypothesis_profiles  # noqa: E402
from tests.exchange_support import FAST_LOG2_N, set_office  # noqa: E402
from tests.fast_db import copy_database  # noqa: E402

# Before any test module is imported: @settings(...) on a test inherits from the loaded profile.
HYPOTHESIS_PROFILE = hypothesis_profiles.load()


def pytest_report_header(config):
    return f"hypothesis profile: {HYPOTHESIS_PROFILE}"


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject addopts) means one process for a benchmark run: pytest-benchmark
    refuses to time anything under xdist, and timings need a quiet process anyway."""
    if config.getoption("benchmark_only", False):
        return 0
    return None  # xdist's own choice: one worker per CPU


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test ever touches the real per-user data dir."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("MOI_DESKTOP_DATA_DIR", str(data))
    return data


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """One fully migrated database per session (~0.5 s of reference data loading paid once)."""
    from moi_desktop.db import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path).close()
    return path


@pytest.fixture
def db_path(tmp_path):
    """A path where no database exists yet (unless the test also asks for `db`)."""
    return tmp_path / "test.sqlite3"


@pytest.fixture
def migrated_db_path(migrated_template, tmp_path):
    """A path holding this test's own copy of a fully migrated database."""
    path = tmp_path / "migrated.sqlite3"
    copy_database(migrated_template, path)
    return path


@pytest.fixture
def db(db_path, migrated_template):
    """This test's own migrated database, stored at `db_path`."""
    from moi_desktop.db import open_database

    copy_database(migrated_template, db_path)
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def fast_kdf(monkeypatch):
    """scrypt at n = 1024 instead of 32768: the cost is not what the exchange tests are about."""
    from moi_desktop.exchange import crypto

    monkeypatch.setattr(crypto, "DEFAULT_LOG2_N", FAST_LOG2_N)
    monkeypatch.setattr(crypto, "LOG2_N_RANGE", range(FAST_LOG2_N, 21))


@pytest.fixture
def make_office_db(migrated_template, tmp_path):
    """make(name, level, code) -> an open database with its own installation id and office."""
    from moi_desktop.db import connect, new_id, open_database

    opened = []

    def make(name: str, level: str = "district", code: str = "6205"):
        path = tmp_path / f"{name}.sqlite3"
        copy_database(migrated_template, path)
        raw = connect(path)
        raw.execute("UPDATE meta SET value = ? WHERE key = 'installation_id'", [new_id()])  # copies share one
        raw.close()
        db = open_database(path)
        db.path = path  # for tests that reopen or hash the file
        set_office(db, level, code)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


@pytest.fixture(autouse=True)
def _no_key_state_leaks():
    """The session's database key stays; what one test did with recovery keys does not."""
    yield
    from moi_desktop.security import keystore
    from moi_desktop.security.recovery import SHOWN_ENTRY

    keystore.forget_recovery_keys()
    (Path(_KEYS) / f"{SHOWN_ENTRY}.key").unlink(missing_ok=True)


@pytest.fixture(scope="session")
def accounts_template(migrated_template, tmp_path_factory):
    """A district database (office 6205) with the accounts of tests/accounts_support.py, made once."""
    from moi_desktop.db import open_database
    from tests.accounts_support import add_accounts

    path = tmp_path_factory.mktemp("accounts") / "accounts.sqlite3"
    copy_database(migrated_template, path)
    db = open_database(path)
    try:
        set_office(db, "district", "6205")
        add_accounts(db)
    finally:
        db.close()
    return path


@pytest.fixture
def accounts_db_path(accounts_template, tmp_path):
    """A path holding this test's own copy of the database with accounts (nobody logged in)."""
    path = tmp_path / "accounts.sqlite3"
    copy_database(accounts_template, path)
    return path


@pytest.fixture
def accounts_db(accounts_db_path):
    """This test's own database with accounts, open, nobody logged in: every write is refused
    until a user is bound (tests/accounts_support.py `login`)."""
    from moi_desktop.db import open_database

    database = open_database(accounts_db_path)
    yield database
    database.close()


def pytest_collection_modifyitems(config, items):
    """Modules holding slow tests run first (order within a module kept). With xdist
    (`--dist loadscope --no-loadscope-reorder`, pyproject.toml) each worker starts on a long
    module while the many short ones fill in behind, instead of a 30 s module starting last."""
    slow_modules = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_modules)  # stable sort
