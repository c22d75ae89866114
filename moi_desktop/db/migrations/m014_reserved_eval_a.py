"""TEMPORARY placeholder (branch p3-eval-a only): keeps migration numbers contiguous up to m016 while
m013–m015 are being written on other branches. Delete this file when merging into main."""

from moi_desktop.db.types import Database


def up(db: Database) -> None:
    pass
