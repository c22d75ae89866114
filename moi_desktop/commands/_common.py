"""Helpers shared by command modules (a leading underscore keeps this module off the registry)."""

from pathlib import Path

from moi_desktop.errors import UserError


def add_db_argument(parser, *, required: bool = True) -> None:
    parser.add_argument("--db", type=Path, required=required, help="ไฟล์ฐานข้อมูล (.sqlite3)")


def open_existing(path: Path):
    """Open a database that must already exist (commands other than init/demo never create one)."""
    from moi_desktop.db import open_database

    if not path.exists():
        raise UserError(f"ไม่พบไฟล์ฐานข้อมูล: {path}", field="--db")
    return open_database(path)
