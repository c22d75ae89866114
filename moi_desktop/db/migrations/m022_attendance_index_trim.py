"""Fewer indexes on the marks and the scan log: three B-trees every scan at the desk paid for.

A mark writes one attendance row and one scan-log entry in one commit, and every B-tree those
rows live in is a page encrypted, written through the WAL and synced at that commit — with the
page splits each index causes in turn. Dropped:

- idx_attendance_updated_at, idx_attendance_events_updated_at: their one reader was the
  incremental bundle export (`WHERE updated_at > ?`, exchange/export.py), which now reads each
  table once in key order and keeps the rows changed since — a pass over the marks when a bundle
  is made instead of two index writes on every scan.
- idx_attendance_events_session_id_at: its one reader was the anomalies report, which now reads
  the whole scan log once per report (108,000 entries: 14 → 34 ms warm, 86 ms cold).

One mark, medians of four interleaved runs of 2,500 marks on one disk: 0.42 → 0.37 ms (about 4 %
of a mark per index). What still answers the attendance queries: the primary key (session ×
member) for a roll call, idx_attendance_member_id for a member's history, merges and erasure; the
scan log's primary key for merges and the export.
"""

from moi_desktop.db.types import Database

DROPPED = (
    "idx_attendance_updated_at",
    "idx_attendance_events_updated_at",
    "idx_attendance_events_session_id_at",
)


def up(db: Database) -> None:
    for name in DROPPED:
        db.execute(f"DROP INDEX IF EXISTS {name}")
