"""The attendance indexes migration m022 dropped stay unneeded: the incremental export reads the
marks and the scan log in key order (no index, no sort), the anomalies report reads the scan log
in one pass, and a member's marks keep their index."""

import pytest

from moi_desktop.db.migrations.m022_attendance_index_trim import DROPPED
from moi_desktop.exchange.export import _read_table
from moi_desktop.exchange.tables import exchange_tables


def _plan(db, sql: str, params: list) -> list[str]:
    return [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params)]


def test_the_updated_at_indexes_of_the_marks_are_gone_and_the_others_remain(db):
    names = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('attendance', 'attendance_events')")}
    assert not names & set(DROPPED)
    assert "idx_attendance_member_id" in names


@pytest.mark.parametrize("table", ["attendance", "attendance_events"])
def test_the_incremental_export_reads_the_marks_in_key_order_without_sorting(db, table):
    info = next(t for t in exchange_tables(db) if t.name == table)
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        _read_table(db, info, "2026-01-01T00:00:00.000Z", frozenset())
    finally:
        db.conn.set_trace_callback(None)
    sql = next(s for s in seen if "updated_at >" in s).replace("'2026-01-01T00:00:00.000Z'", "?")
    plan = _plan(db, sql, ["2026-01-01T00:00:00.000Z"])
    assert plan == [f"SCAN {table} USING INDEX sqlite_autoindex_{table}_1"], plan  # no TEMP B-TREE sort


def test_a_members_marks_keep_their_index(db):
    by_member = _plan(db, "SELECT session_id FROM attendance WHERE member_id = ?", ["m"])
    assert by_member == ["SEARCH attendance USING INDEX idx_attendance_member_id (member_id=?)"]


def test_the_anomalies_report_reads_the_scan_log_in_one_pass(db):
    from moi_desktop.trainings.anomalies import anomalies
    from tests.attendance_support import setup_course

    training_id, _, _ = setup_course(db, 3)
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        anomalies(db, training_id)
    finally:
        db.conn.set_trace_callback(None)
    sql = next(s for s in seen if "FROM attendance_events e" in s).replace(f"'{training_id}'", "?")
    plan = _plan(db, sql, [training_id])
    assert plan.count("SCAN e") == 1 and not any("SCAN s" in step for step in plan), plan
