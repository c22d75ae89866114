"""Export and merge semantics on an in-test schema: new / updated / unchanged / conflicts (the
receiver's own rows kept),
tombstones, aggregate-only bundles, foreign keys, addressing, versions, watermarks and receipts."""

import json
import time
from datetime import timedelta

import pytest

from moi_desktop.db.clock import now_iso
from moi_desktop.db.rows import (
    create_sync_table,
    insert_row,
    installation_id,
    soft_delete,
    update_row,
)
from moi_desktop.errors import UserError
from moi_desktop.exchange import (
    export,
    export_bundle,
    import_bundle,
    import_receipt,
    watermark,
)
from moi_desktop.exchange.merge import NEWER_SCHEMA
from moi_desktop.security.integrity import verify
from tests.exchange_support import (
    PASSWORD,
    file_state,
    unpack_bundle,
    user_data_dump,
)


def _schema(db):
    create_sync_table(db, "things", {"first_name": str, "phone": str, "colour": str, "size": int},
                      not_null={"first_name"})
    db["thing_tags"].create(
        {"thing_id": str, "tag": str, "weight": int, "created_at": str, "updated_at": str, "origin": str,
         "deleted_at": str},
        pk=("thing_id", "tag"), foreign_keys=[("thing_id", "things", "id")],
    )


def _tick():
    time.sleep(0.003)  # distinct millisecond timestamps


@pytest.fixture
def pair(make_office_db, fast_kdf):
    district = make_office_db("district", "district", "6205")
    province = make_office_db("province", "province", "62")
    for db in (district, province):
        _schema(db)
    return district, province


def _export(db, tmp_path, name, **kw):
    return export_bundle(db, tmp_path / f"{name}.moib", PASSWORD, **kw)


def _tag(db, thing_id, tag, weight=1):
    now = now_iso()
    db["thing_tags"].insert({"thing_id": thing_id, "tag": tag, "weight": weight, "created_at": now,
                             "updated_at": now, "origin": installation_id(db), "deleted_at": None})


def test_new_rows_then_the_same_bundle_again_changes_nothing(pair, tmp_path):
    district, province = pair
    a = insert_row(district, "things", {"first_name": "สมชาย", "phone": "0812345678", "colour": "แดง"})
    _tag(district, a, "x")
    result = _export(district, tmp_path, "b1")
    assert result.scope == "all" and result.counts["things"] == 1 and result.counts["thing_tags"] == 1

    report = import_bundle(province, result.path, PASSWORD)
    assert report.tables["things"] == {"new": 1, "updated": 0, "unchanged": 0, "conflicts": 0}
    assert report.tables["thing_tags"]["new"] == 1
    assert user_data_dump(province)["things"] == user_data_dump(district)["things"]
    assert province["things"].get(a)["origin"] == installation_id(district)  # stamps travel as they are
    # The province keeps the sender's anchored audit head; merged rows are sealed like its own.
    head = json.loads(province.execute("SELECT audit_head FROM bundles_received").fetchone()[0])
    assert head["installation_id"] == installation_id(district) and head["seq"] >= 2
    assert district.execute("SELECT hash FROM audit_log WHERE seq = ?", [head["seq"]]).fetchone()[0] == head["hash"]
    assert verify(province).ok

    before = file_state(province.path)
    again = import_bundle(province, result.path, PASSWORD)
    assert again.already_imported
    assert again.totals == {"new": 0, "updated": 0, "unchanged": report.totals["new"] + report.totals["unchanged"],
                            "conflicts": 0}
    assert file_state(province.path) == before


def test_dry_run_previews_without_writing(pair, tmp_path):
    district, province = pair
    insert_row(district, "things", {"first_name": "ก"})
    path = _export(district, tmp_path, "b1").path
    before = file_state(province.path)
    preview = import_bundle(province, path, PASSWORD, dry_run=True)
    assert preview.dry_run and preview.tables["things"]["new"] == 1
    assert preview.receipt is None
    assert file_state(province.path) == before
    assert import_bundle(province, path, PASSWORD).tables == preview.tables


def test_changes_only_and_newer_versions_from_the_same_office(pair, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "SAFETY_MARGIN", timedelta(0))
    district, province = pair
    a = insert_row(district, "things", {"first_name": "ก", "size": 1})
    b = insert_row(district, "things", {"first_name": "ข", "size": 1})
    first = _export(district, tmp_path, "b1")
    import_bundle(province, first.path, PASSWORD)
    _tick()
    update_row(district, "things", a, {"size": 2})
    second = _export(district, tmp_path, "b2")
    assert second.scope == "changes" and second.since == first.until
    assert watermark(district, "province:62") == second.until  # no margin in this test
    assert second.counts["things"] == 1  # only the changed row travels
    report = import_bundle(province, second.path, PASSWORD)
    assert report.tables["things"] == {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}
    assert province["things"].get(a)["size"] == 2 and province["things"].get(b)["size"] == 1

    # The first bundle again: an older version of a row we have is ignored, not a conflict.
    stale = import_bundle(province, first.path, PASSWORD)
    assert stale.tables["things"] == {"new": 0, "updated": 0, "unchanged": 2, "conflicts": 0}
    assert province["things"].get(a)["size"] == 2


def test_tombstones_travel(pair, tmp_path):
    district, province = pair
    a = insert_row(district, "things", {"first_name": "ก"})
    import_bundle(province, _export(district, tmp_path, "b1").path, PASSWORD)
    _tick()
    soft_delete(district, "things", a)
    report = import_bundle(province, _export(district, tmp_path, "b2", everything=True).path, PASSWORD)
    assert report.tables["things"]["updated"] == 1
    assert province["things"].get(a)["deleted_at"] == district["things"].get(a)["deleted_at"] is not None


@pytest.mark.parametrize("province_edits_last", [True, False])
def test_conflicts_are_listed_and_the_provinces_own_edit_is_kept(pair, tmp_path, province_edits_last):
    # The province's own rows are never changed by a district, whichever edit came later.
    district, province = pair
    a = insert_row(district, "things", {"first_name": "ก", "colour": "แดง"})
    import_bundle(province, _export(district, tmp_path, "b1").path, PASSWORD)
    _tick()
    if province_edits_last:
        update_row(district, "things", a, {"colour": "เขียว"})
        _tick()
        update_row(province, "things", a, {"colour": "น้ำเงิน"})
    else:
        update_row(province, "things", a, {"colour": "น้ำเงิน"})
        _tick()
        update_row(district, "things", a, {"colour": "เขียว"})
    report = import_bundle(province, _export(district, tmp_path, "b2", everything=True).path, PASSWORD)
    assert report.tables["things"]["conflicts"] == 1 and report.tables["things"]["updated"] == 0
    (conflict,) = report.conflicts
    assert conflict["table"] == "things" and conflict["key"] == [a] and conflict["columns"] == ["colour"]
    assert conflict["winner"] == "local" and conflict["incoming_origin"] == installation_id(district)
    assert province["things"].get(a)["colour"] == "น้ำเงิน"
    stored = province.execute("SELECT winner, row_key FROM exchange_conflicts").fetchall()
    assert stored == [("local", json.dumps([a]))]
    assert verify(province).ok  # the listed conflict leaves every seal valid


def test_equal_timestamps_keep_the_provinces_version(pair, tmp_path):
    district, province = pair
    a = insert_row(district, "things", {"first_name": "ก", "colour": "แดง"})
    import_bundle(province, _export(district, tmp_path, "b1").path, PASSWORD)
    stamp = now_iso()
    district.execute("UPDATE things SET colour = 'เขียว', updated_at = ? WHERE id = ?", [stamp, a])
    province.execute("UPDATE things SET colour = 'น้ำเงิน', updated_at = ?, origin = ? WHERE id = ?",
                     [stamp, installation_id(province), a])
    report = import_bundle(province, _export(district, tmp_path, "b2", everything=True).path, PASSWORD)
    assert report.conflicts[0]["winner"] == "local"
    assert province["things"].get(a)["colour"] == "น้ำเงิน"


def test_identical_rows_with_different_stamps_are_unchanged(pair, tmp_path):
    # Seeded reference-like rows (same id and content in every office) must not conflict.
    district, province = pair
    for db in (district, province):
        insert_row(db, "things", {"id": "seed-1", "first_name": "ก"})
        _tick()
    report = import_bundle(province, _export(district, tmp_path, "b1").path, PASSWORD)
    assert report.tables["things"] == {"new": 0, "updated": 0, "unchanged": 1, "conflicts": 0}
    assert report.tables["indicators"]["unchanged"] > 0 and report.tables["indicators"]["conflicts"] == 0


def test_aggregate_only_leaves_out_personal_fields_and_never_erases_them(pair, tmp_path):
    district, province = pair
    a = insert_row(district, "things", {"first_name": "สมชาย", "phone": "0812345678", "colour": "แดง"})
    result = _export(district, tmp_path, "b1", aggregate_only=["things"])
    assert result.aggregate_only == ["things"]
    manifest, tables, _ = unpack_bundle(result.path)
    assert manifest["tables"]["things"]["columns"] == ["id", "created_at", "updated_at", "origin", "deleted_at",
                                                       "colour", "size"]
    assert "สมชาย" not in tables["things"].decode() and "0812345678" not in tables["things"].decode()
    assert manifest["tables"]["things"]["omitted"] == ["first_name", "phone"]

    import_bundle(province, result.path, PASSWORD)
    row = province["things"].get(a)
    assert (row["first_name"], row["phone"], row["colour"]) == ("", None, "แดง")  # NOT NULL filled with ""

    # Full data arrives later; a newer aggregate-only bundle then updates figures but keeps the names.
    import_bundle(province, _export(district, tmp_path, "b2", everything=True).path, PASSWORD)
    _tick()
    update_row(district, "things", a, {"colour": "เขียว"})
    import_bundle(province, _export(district, tmp_path, "b3", everything=True, aggregate_only=["all"]).path, PASSWORD)
    row = province["things"].get(a)
    assert (row["first_name"], row["phone"], row["colour"]) == ("สมชาย", "0812345678", "เขียว")


def test_unknown_aggregate_table_is_refused(pair, tmp_path):
    district, _ = pair
    with pytest.raises(UserError) as info:
        _export(district, tmp_path, "b1", aggregate_only=["nope"])
    assert "nope" in info.value.message
    assert not list(tmp_path.glob("*.moib"))


def test_missing_parent_is_refused_and_nothing_changes(pair, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "SAFETY_MARGIN", timedelta(0))
    district, province = pair
    a = insert_row(district, "things", {"first_name": "ก"})
    _export(district, tmp_path, "lost")  # this stick never reaches the province
    _tick()
    _tag(district, a, "x")
    second = _export(district, tmp_path, "b2")
    assert second.counts["things"] == 0 and second.counts["thing_tags"] == 1
    before = file_state(province.path)
    with pytest.raises(UserError) as info:
        import_bundle(province, second.path, PASSWORD)
    assert "thing_tags" in info.value.message and "ยังไม่มี" in info.value.message
    assert file_state(province.path) == before
    assert not (tmp_path / "b2.receipt.moir").exists()


def test_bundle_for_another_office_is_refused(pair, make_office_db, tmp_path):
    _, province = pair
    other = make_office_db("other", "district", "6604")
    _schema(other)
    insert_row(other, "things", {"first_name": "ค"})
    path = _export(other, tmp_path, "b1").path  # addressed to province 66 by default
    before = file_state(province.path)
    with pytest.raises(UserError) as info:
        import_bundle(province, path, PASSWORD)
    assert "จังหวัดพิจิตร" in info.value.message and "ไม่ใช่สำนักงานนี้" in info.value.message
    assert file_state(province.path) == before
    # Addressed explicitly, the same office's data is accepted.
    assert import_bundle(province, _export(other, tmp_path, "b2", destination="62").path, PASSWORD).changed


def test_own_bundle_and_newer_schema_are_refused(pair, tmp_path):
    district, province = pair
    path = _export(district, tmp_path, "b1", destination="any").path
    with pytest.raises(UserError) as info:
        import_bundle(district, path, PASSWORD)
    assert "เครื่องนี้" in info.value.message

    version = district.execute("PRAGMA user_version").fetchone()[0]
    district.execute(f"PRAGMA user_version = {version + 1}")
    try:
        newer = _export(district, tmp_path, "b2").path
    finally:
        district.execute(f"PRAGMA user_version = {version}")
    before = file_state(province.path)
    with pytest.raises(UserError) as info:
        import_bundle(province, newer, PASSWORD)
    assert info.value.message == NEWER_SCHEMA.format(theirs=version + 1, ours=version)
    assert file_state(province.path) == before


def test_watermark_follows_receipts(pair, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "SAFETY_MARGIN", timedelta(0))
    district, province = pair
    insert_row(district, "things", {"first_name": "ก"})
    first = _export(district, tmp_path, "b1")
    assert first.since is None
    report = import_bundle(province, first.path, PASSWORD)
    assert report.receipt == str(tmp_path / "b1.receipt.moir")
    _tick()
    insert_row(district, "things", {"first_name": "ข"})
    second = _export(district, tmp_path, "b2")  # no receipt yet: since the last one sent
    assert second.since == first.until and second.counts["things"] == 1

    confirmed = import_receipt(district, report.receipt, PASSWORD)
    assert confirmed["bundle_id"] == first.bundle_id and not confirmed["already"]
    assert import_receipt(district, report.receipt, PASSWORD)["already"]
    # Bundle 2 was never confirmed (its stick may be lost): the next one re-sends its rows.
    third = _export(district, tmp_path, "b3")
    assert third.since == first.until and third.counts["things"] == 1
    # A receipt for another office's bundle is refused.
    with pytest.raises(UserError):
        import_receipt(province, report.receipt, PASSWORD)


def test_cancel_leaves_nothing(pair, tmp_path):
    district, province = pair
    insert_row(district, "things", {"first_name": "ก"})
    with pytest.raises(UserError):
        export_bundle(district, tmp_path / "x.moib", PASSWORD, cancelled=lambda: True)
    assert not (tmp_path / "x.moib").exists()
    assert district.execute("SELECT count(*) FROM bundles_sent").fetchone()[0] == 0
    path = _export(district, tmp_path, "b1").path
    before = file_state(province.path)
    with pytest.raises(UserError):
        import_bundle(province, path, PASSWORD, cancelled=lambda: True)
    assert file_state(province.path) == before


def test_province_learns_who_sent_what(pair, tmp_path):
    district, province = pair
    import_bundle(province, _export(district, tmp_path, "b1").path, PASSWORD)
    peer = province.execute("SELECT level, district_code, province_code FROM exchange_peers").fetchall()
    assert peer == [("district", "6205", "62")]
    audit = province.execute("SELECT action, table_name FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert audit == ("import", "bundle")
