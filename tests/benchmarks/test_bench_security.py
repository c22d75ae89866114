"""What the audit trail costs: a row write with and without its hash-chained entry (no fsync, to
see the trail's own cost), a 15,000-row bulk import, and verifying a 20,000-entry chain."""

import pytest

from moi_desktop.db import insert_row
from moi_desktop.db.changes import unlisten
from moi_desktop.db.rows import create_sync_table
from moi_desktop.imports.bulk import insert_rows
from moi_desktop.security import count_entries, verify_chain
from moi_desktop.security.audit import _on_changes


@pytest.fixture
def table(db):
    db.execute("PRAGMA synchronous=OFF")  # measure the trail, not the disk
    create_sync_table(db, "bench", {"name": str, "phone": str})
    return db


def _row(i=0):
    return {"name": f"สมชาย ใจดี {i}", "phone": "0812345678"}


def test_insert_row_with_audit(benchmark, table):
    benchmark(insert_row, table, "bench", _row())


def test_insert_row_without_audit(benchmark, table):
    unlisten(table, _on_changes)  # this database's audit trail stops listening
    benchmark(insert_row, table, "bench", _row())


@pytest.mark.parametrize("audited", [True, False], ids=["audited", "plain"])
def test_bulk_insert_15000(benchmark, table, audited):
    if not audited:
        unlisten(table, _on_changes)  # this database's audit trail stops listening
    rows = [_row(i) for i in range(15000)]

    def run():
        with table.atomic():
            insert_rows(table, "bench", rows)

    benchmark.pedantic(run, rounds=3)


def test_verify_chain_20000(benchmark, table):
    with table.atomic():
        insert_rows(table, "bench", [_row(i) for i in range(20000)])
    assert count_entries(table) >= 20000  # the chain above was really written
    result = benchmark.pedantic(verify_chain, args=(table,), rounds=3)
    assert result.ok and result.checked >= 20000
