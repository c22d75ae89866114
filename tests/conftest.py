"""Shared fixtures: every test gets its own data dir and database; Qt runs offscreen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test ever touches the real per-user data dir."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("MOI_DESKTOP_DATA_DIR", str(data))
    return data


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db(db_path):
    from moi_desktop.db import open_database

    database = open_database(db_path)
    yield database
    database.close()
