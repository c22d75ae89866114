"""Numbered, append-only schema migrations.

Each module here named mNNN_<what>.py defines `def up(db)`; they are applied in number order, each
in its own transaction, through sqlite-utils' Migrations. `PRAGMA user_version` is kept equal to
the number applied, so an older program can recognise a newer database and refuse it.
Never edit a migration that has shipped: add a new one.
"""

import importlib
import pkgutil
import re
from datetime import datetime
from pathlib import Path

from sqlite_utils.migrations import Migrations

from moi_desktop.db.types import Database

_NAME = re.compile(r"^m(\d{3})_\w+$")


def _number(name: str) -> int:
    """The number of a migration module named mNNN_<what>."""
    match = _NAME.match(name)
    if match is None:
        raise RuntimeError(f"not a migration module name: {name}")
    return int(match.group(1))


def _modules() -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if _NAME.match(m.name))
    for expected, name in enumerate(names, start=1):
        if _number(name) != expected:
            raise RuntimeError(f"migration numbers must be contiguous: {names}")
    return names


def _registry() -> Migrations:
    registry = Migrations("moi_desktop")
    for name in _modules():
        module = importlib.import_module(f"{__name__}.{name}")
        registry(name=name)(module.up)
    return registry


def count() -> int:
    return len(_modules())


def apply(db: Database) -> None:
    registry = _registry()
    registry.ensure_migrations_table(db)
    for migration in registry.pending(db):
        with db.atomic():
            migration.fn(db)
            registry._record_applied(db, migration.name)
            number = _number(migration.name)
            db.execute(f"PRAGMA user_version = {number}")


def backup_before_migrate(db: Database, path: Path, version: int) -> Path:
    """Copy the live database with VACUUM INTO (never a file copy: WAL pages may be unmerged)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-v{version}-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.before-v{version}-{stamp}-{n}{path.suffix}")
        n += 1
    db.execute("VACUUM INTO ?", [str(target)])
    return target
