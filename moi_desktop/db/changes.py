"""Change announcements: what each write through `db/rows.py` changed, told to that database's listeners.

Listeners belong to one open `Database` (its `Announcer` is kept on the object), so a
listener hears the writes of that connection only — the GUI's connection, a background worker's,
the audit trail of each. They are called inside the writing transaction, in write order: a
listener that writes (the audit trail) commits or rolls back with the change it heard.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from moi_desktop.db.types import Database

# A row's id, or a link row's natural key as a tuple in key-column order (session_id, member_id).
RowKey = Any

# create / update: a row written with our stamps; upsert: a link row inserted, or overwritten on
# its natural key; delete / undelete: a tombstone set or cleared; merge-create / merge-update: a
# row taken from a bundle as it arrived (the sender's stamps kept).
ACTIONS = ("create", "update", "upsert", "delete", "undelete", "merge-create", "merge-update")


@dataclass(frozen=True)
class Change:
    """Rows of one table written by one call: their ids (or natural keys) in write order and, in
    the same order, the values written to each — None where the rows are not carried along (a
    bundle's rows, merged as they arrived: nobody needs their values, and building them would
    cost a bulk merge a fifth of its time).

    `audited` says whether the audit trail records these rows one entry each. Writes that are
    evidence of themselves (an attendance mark names who marked it and when) or that are logged as
    one event (a bundle merge, an import) say False. `replaced`: keys that may be gone after the
    write because it changed a key column (a member merge moving link rows to the survivor).
    `written`: for a create or merge-create, the columns and the value lists just inserted (the
    rows as bound to the INSERT, in `ids` order), so the row seals need not read them back.
    `stored`: the rows as the statement left them (its RETURNING clause: every column, in table
    order, in `ids` order) — for the same reason, where the bound values are not the stored row
    (an upsert keeps created_at).
    """

    table: str
    action: str
    ids: Sequence[RowKey]
    values: Sequence[Mapping[str, Any]] | None = None
    audited: bool = True
    replaced: Sequence[RowKey] = ()
    written: tuple[Sequence[str], Sequence[Sequence[Any]]] | None = None
    stored: Sequence[Sequence[Any]] | None = None


Listener = Callable[[Database, Change], None]


class Announcer:
    """The change listeners of one database connection."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def listen(self, listener: Listener) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def unlisten(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def announce(self, db: Database, change: Change) -> None:
        if not change.ids:
            return
        for listener in tuple(self._listeners):
            listener(db, change)


def announcer(db: Database) -> Announcer:
    """The Announcer kept on `db` (made on first use)."""
    found: Announcer | None = db.__dict__.get("_moi_announcer")
    if found is None:
        found = db.__dict__["_moi_announcer"] = Announcer()
    return found


def listen(db: Database, listener: Listener) -> None:
    """Call `listener(db, change)` after each write through `db/rows.py` on `db` (not on other
    connections, even to the same file)."""
    announcer(db).listen(listener)


def unlisten(db: Database, listener: Listener) -> None:
    announcer(db).unlisten(listener)


def announce(db: Database, change: Change) -> None:
    announcer(db).announce(db, change)
