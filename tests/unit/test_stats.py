"""moi_desktop.stats.table_counts: live rows of user data, all rows of reference data."""

from moi_desktop.db.rows import create_sync_table, insert_row, soft_delete
from moi_desktop.stats import table_counts


def test_reference_counts_and_no_bookkeeping_tables(db):
    counts = table_counts(db)
    assert (counts["provinces"], counts["districts"], counts["subdistricts"], counts["sdgs"]) == (77, 928, 7436, 17)
    assert counts["office"] == 0
    assert not {"meta", "_sqlite_migrations"} & set(counts)
    assert not [t for t in counts if t.startswith("sqlite_")]


def test_soft_deleted_rows_are_not_counted(db):
    create_sync_table(db, "things", {"name": str})
    ids = [insert_row(db, "things", {"name": n}) for n in "กขค"]
    soft_delete(db, "things", ids[0])
    assert table_counts(db)["things"] == 2


def test_fts_tables_are_not_counted_twice(db):
    create_sync_table(db, "notes", {"text": str})
    insert_row(db, "notes", {"text": "บันทึกการประชุม"})
    db["notes"].enable_fts(["text"], tokenize="trigram")
    counts = table_counts(db)
    assert counts["notes"] == 1
    assert not [t for t in counts if t.startswith("notes_fts")]
