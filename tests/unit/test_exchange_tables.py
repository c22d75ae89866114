"""What travels: generic discovery of sync-ready tables, keys, personal columns, photo files."""

from moi_desktop.db.rows import create_sync_table, insert_row
from moi_desktop.exchange import (
    LOCAL_ONLY,
    exchange_tables,
    export_bundle,
    import_bundle,
    personal_columns,
)
from moi_desktop.paths import data_dir
from tests.exchange_support import PASSWORD


def test_a_new_area_table_travels_without_changes_here(db):
    create_sync_table(db, "zz_new_area", {"thing": str})
    db["zz_links"].create({"a": str, "b": int, "created_at": str, "updated_at": str, "origin": str,
                           "deleted_at": str}, pk=("a", "b"), foreign_keys=[("a", "zz_new_area", "id")])
    tables = {t.name: t for t in exchange_tables(db)}
    assert tables["zz_new_area"].pk == ("id",)
    assert tables["zz_links"].pk == ("a", "b")
    order = [t.name for t in exchange_tables(db)]
    assert order.index("zz_new_area") < order.index("zz_links")  # parents first


def test_local_and_reference_tables_stay_home(db):
    names = {t.name for t in exchange_tables(db)}
    assert not names & LOCAL_ONLY
    assert {"office", "users", "audit_log", "bundles_received"} <= LOCAL_ONLY
    assert not names & {"provinces", "districts", "subdistricts", "sectors", "sdgs", "meta", "members_fts_map"}
    assert {"members", "indicators"} <= names


def test_personal_columns_by_pattern_and_override():
    members = personal_columns("members", ["id", "title", "first_name", "last_name", "national_id", "phone",
                                           "sector", "organisation", "photo_hash", "consent_scope"])
    assert members == {"title", "first_name", "last_name", "national_id", "phone", "photo_hash", "consent_scope"}
    # A project's title is not a person's title; a case's description is personal by override.
    assert personal_columns("projects", ["id", "title", "category"]) == set()
    assert personal_columns("cases", ["id", "description", "status"]) == {"description"}
    assert personal_columns("households", ["head_name", "house_no", "moo", "subdistrict_code"]) == {
        "head_name", "house_no"}


def test_photo_files_travel_with_their_rows(make_office_db, fast_kdf, tmp_path):
    import hashlib

    district = make_office_db("d", "district", "6205")
    province = make_office_db("p", "province", "62")
    picture = b"\x89PNG fake picture bytes"
    digest = hashlib.sha256(picture).hexdigest()
    folder = data_dir() / "photos"
    folder.mkdir(exist_ok=True)
    (folder / f"{digest}.png").write_bytes(picture)
    insert_row(district, "members", {"first_name": "สมชาย", "sector": "people", "active": 1, "photo_hash": digest})
    result = export_bundle(district, tmp_path / "b.moib", PASSWORD)
    assert result.files == 1
    (folder / f"{digest}.png").unlink()  # the province PC does not have it (same data dir in this test)
    report = import_bundle(province, result.path, PASSWORD)
    assert report.files_written == 1
    assert (folder / f"{digest}.png").read_bytes() == picture
    # Aggregate-only members carry no photo at all.
    again = export_bundle(district, tmp_path / "c.moib", PASSWORD, everything=True, aggregate_only=["members"])
    assert again.files == 0
