"""Where things live: the per-user data dir and the bundled resources (dev and PyInstaller)."""

import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "MOIDistrictDesk"


def data_dir() -> Path:
    """Per-user data directory; MOI_DESKTOP_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("MOI_DESKTOP_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "moi_desktop.sqlite3"


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    # PyInstaller unpacks bundled data under sys._MEIPASS; in development it sits beside the package.
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
