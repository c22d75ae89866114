"""Placeholder for the correspondence migration (officials, outgoing register) being built on
another branch: migration numbers must be contiguous and the meetings migration is m014.
Delete this file when the real m013 is merged (it changes nothing in the schema)."""

from moi_desktop.db.types import Database


def up(db: Database) -> None:
    return None
