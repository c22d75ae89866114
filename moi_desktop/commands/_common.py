"""Helpers shared by command modules (a leading underscore keeps this module off the registry).

A command that works on an existing database opens it with `opened(args)`; one that reads
personal data, exports or changes anything acts as a user (its parser has `add_actor_arguments`,
see security/cli.py) and opens it with `opened_as(args, action)`. Either way the database is
closed however the command ends.
"""

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from moi_desktop.errors import UserError

if TYPE_CHECKING:
    from moi_desktop.db import Database
    from moi_desktop.security.users import User

log = logging.getLogger(__name__)


# What `add_subparsers()` returns: each command module's register() adds its parsers to it.
type Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_db_argument(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("--db", type=Path, required=required, help="ไฟล์ฐานข้อมูล (.sqlite3)")


def open_existing(path: Path) -> "Database":
    """Open a database that must already exist (commands other than init/demo never create one)."""
    # Imported here: `--help` and commands without a database need not load the schema machinery.
    from moi_desktop.db import open_database

    if not path.exists():
        raise UserError(f"ไม่พบไฟล์ฐานข้อมูล: {path}", field="--db")
    return open_database(path)


@contextmanager
def opened(args: argparse.Namespace) -> Iterator["Database"]:
    """The existing database named by --db, closed when the block ends (also on an error), after
    the audit trail's local anchor has moved up to what the command committed."""
    from moi_desktop.security.integrity import refresh_local_anchor

    db = open_existing(args.db)
    try:
        yield db
    finally:
        try:
            refresh_local_anchor(db)
        except Exception:  # the command's own outcome matters more; the next command anchors again
            log.exception("could not refresh the audit anchor of %s", args.db)
        db.close()


@contextmanager
def opened_as(args: argparse.Namespace,
              action: str | Sequence[str] | None) -> Iterator[tuple["Database", "User"]]:
    """`opened`, with the command's user (--user / --password-file) logged in and acting on it.

    The user must hold `action` (or every action given); None accepts any logged-in user. Until
    the database has accounts (or on a demo database) the system acts — see security/cli.py.
    The core checks the permissions again whatever the command asked for.
    """
    from moi_desktop.security.cli import cli_actor

    with opened(args) as db:
        yield db, cli_actor(args, db, action)


def add_recovery_key_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recovery-key-file", type=Path,
                        help="ไฟล์รหัสกู้คืนของเครื่องที่สร้างไฟล์ (หรือตัวแปร MOI_DESKTOP_RECOVERY_KEY)")


def use_recovery_key(args: argparse.Namespace) -> None:
    """Let this command open files made under the recovery key in --recovery-key-file."""
    path = getattr(args, "recovery_key_file", None)
    if path is None:
        return
    from moi_desktop.security.keystore import add_recovery_key

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"อ่านไฟล์รหัสกู้คืนไม่ได้: {path}", field="--recovery-key-file", detail=str(exc)) from exc
    add_recovery_key(text)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
