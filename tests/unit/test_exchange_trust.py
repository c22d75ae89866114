"""Exchange trust (issue 13, finding 4): a bundle is bound to its sender, a row may arrive only from
its origin, stamps from the future and forged signatures are refused — each attack reproduced,
each refusal whole, in Thai, leaving the receiving database byte-for-byte as it was."""

import json
from datetime import timedelta

import pytest

from moi_desktop.db.clock import iso, now_iso, now_utc
from moi_desktop.db.rows import insert_row, installation_id, update_row
from moi_desktop.errors import UserError
from moi_desktop.exchange import active_pins, crypto, export_bundle, import_bundle, import_receipt, unpin
from moi_desktop.exchange.container import BAD_SIGNATURE, MANIFEST, SIGNATURE, SIGNED_PURPOSE, UNSIGNED
from moi_desktop.exchange.receipts import BAD_RECEIPT_SIGNATURE
from moi_desktop.exchange.receipts import SIGNED_PURPOSE as RECEIPT_PURPOSE
from moi_desktop.exchange.signing import public_key_text, sign, signing_key
from moi_desktop.security import User, act_as
from tests.exchange_support import (
    FAST_LOG2_N,
    PASSWORD,
    file_state,
    repack_bundle,
    set_table_rows,
    table_rows,
    unpack_bundle,
    zip_bytes,
)

ADMIN = User(id="u-admin", username="admin", display_name="ผู้ดูแล", role="admin")
CLERK = User(id="u-clerk", username="clerk", display_name="เจ้าหน้าที่", role="clerk")


def _unpin_as(user, db, office, reason=""):
    """Un-pin with `user` acting on `db` (as the GUI or the CLI binds the logged-in user)."""
    act_as(db, user)
    try:
        return unpin(db, office, reason)
    finally:
        act_as(db, None)


def _member(db, name):
    return insert_row(db, "members", {"first_name": name, "last_name": "ทดสอบ", "sector": "people", "active": 1})


@pytest.fixture
def offices(make_office_db, fast_kdf, tmp_path):
    """Districts 6205 and 6201 have each sent the province (62) one bundle: both are pinned."""
    d5 = make_office_db("d6205", "district", "6205")
    d1 = make_office_db("d6201", "district", "6201")
    province = make_office_db("p62", "province", "62")
    member = _member(d5, "สมศรี")
    _member(d1, "สมชาย")
    for name, db in (("first5", d5), ("first1", d1)):
        import_bundle(province, export_bundle(db, tmp_path / f"{name}.moib", PASSWORD).path, PASSWORD)
    return d5, d1, province, member


def _refused(db, path) -> str:
    before = file_state(db.path)
    with pytest.raises(UserError) as info:
        import_bundle(db, path, PASSWORD)
    assert file_state(db.path) == before
    assert not path.with_name(path.stem + ".receipt.moir").exists()
    return info.value.message


def _forge(attacker, tmp_path, name, change):
    """`attacker`'s own full bundle, changed by `change(manifest, tables)`, re-signed with its own key."""
    real = export_bundle(attacker, tmp_path / f"{name}-real.moib", PASSWORD, everything=True)
    manifest, tables, files = unpack_bundle(real.path)
    change(manifest, tables)
    return repack_bundle(tmp_path / f"{name}.moib", manifest, tables, files, signing_key(attacker))


# -- finding 4: a district overwrites another district's member at the province ---------------------
@pytest.mark.parametrize("stamp", ["2099-01-01T00:00:00.000Z", "now"])
@pytest.mark.parametrize("origin", ["kept", "forged"])
def test_member_row_of_another_district_is_refused_whole(offices, tmp_path, origin, stamp):
    d5, d1, province, member = offices
    theirs = province["members"].get(member)

    def carry_6205_member(manifest, tables):
        rows = table_rows(manifest, tables, "members")
        row = {**{c: theirs.get(c) for c in manifest["tables"]["members"]["columns"]},
               "first_name": "ถูกแก้โดยอำเภออื่น", "updated_at": now_iso() if stamp == "now" else stamp}
        if origin == "forged":
            row["origin"] = installation_id(d1)
        set_table_rows(manifest, tables, "members", [*rows, row])

    message = _refused(province, _forge(d1, tmp_path, "attack", carry_6205_member))
    assert "members" in message and member in message and "ไม่นำเข้าทั้งชุด" in message
    if stamp != "now":
        assert "เลยเวลาปัจจุบัน" in message
    elif origin == "kept":
        assert "ผู้ส่งส่งได้เฉพาะข้อมูลของตนเอง" in message and "คลองขลุง" in message
    else:
        assert "แก้ไขข้อมูลของสำนักงานอื่นไม่ได้" in message and "คลองขลุง" in message
    assert province["members"].get(member)["first_name"] == "สมศรี"


def test_a_new_row_claiming_another_origin_is_refused(offices, tmp_path):
    d5, d1, province, _ = offices

    def smuggle(manifest, tables):
        rows = table_rows(manifest, tables, "members")
        set_table_rows(manifest, tables, "members", [*rows, {**rows[0], "id": "new-from-nowhere",
                                                             "origin": installation_id(d5)}])

    message = _refused(province, _forge(d1, tmp_path, "smuggle", smuggle))
    assert "new-from-nowhere" in message and "ผู้ส่งส่งได้เฉพาะข้อมูลของตนเอง" in message


@pytest.mark.parametrize("column", ["created_at", "updated_at", "deleted_at"])
def test_stamps_more_than_a_day_ahead_are_refused(offices, tmp_path, column):
    _, d1, province, _ = offices
    ahead = iso(now_utc() + timedelta(days=1, hours=1))

    def from_the_future(manifest, tables):
        rows = table_rows(manifest, tables, "members")
        rows[0][column] = ahead
        set_table_rows(manifest, tables, "members", rows)

    message = _refused(province, _forge(d1, tmp_path, "future", from_the_future))
    assert column in message and ahead in message and "members" in message


def test_a_stamp_less_than_a_day_ahead_is_accepted(offices, tmp_path):
    _, d1, province, _ = offices
    soon = iso(now_utc() + timedelta(hours=20))  # a district PC's clock a few hours fast

    def fast_clock(manifest, tables):
        rows = table_rows(manifest, tables, "members")
        rows[0]["updated_at"], rows[0]["first_name"] = soon, "นาฬิกาเร็ว"
        set_table_rows(manifest, tables, "members", rows)

    report = import_bundle(province, _forge(d1, tmp_path, "soon", fast_clock), PASSWORD)
    assert report.tables["members"]["updated"] == 1


# -- finding 4: a manifest claims to come from another district -------------------------------------
def test_a_pinned_installation_claiming_another_district_is_refused(offices, tmp_path):
    d5, d1, province, _ = offices
    peers = province.execute("SELECT * FROM exchange_peers ORDER BY installation_id").fetchall()

    def claim_6205(manifest, tables):
        manifest["source"].update(district_code="6205", org_name="ที่ทำการปกครองอำเภอคลองขลุง (ปลอม)")

    message = _refused(province, _forge(d1, tmp_path, "claim", claim_6205))
    assert "คลองขลุง" in message and "ลงทะเบียนไว้เป็นของ" in message and "เมืองกำแพงเพชร" in message
    assert province.execute("SELECT * FROM exchange_peers ORDER BY installation_id").fetchall() == peers


def test_a_new_installation_claiming_a_pinned_district_is_refused(offices, make_office_db, tmp_path):
    _, _, province, _ = offices
    impostor = make_office_db("impostor", "district", "6205")  # a fresh PC set up as คลองขลุง
    _member(impostor, "ปลอม")
    export_bundle(impostor, tmp_path / "impostor.moib", PASSWORD)
    message = _refused(province, tmp_path / "impostor.moib")
    assert "ลงทะเบียนไว้กับเครื่องอื่น" in message and "ยกเลิกการลงทะเบียน" in message


def test_a_bundle_claiming_the_receivers_own_office_is_refused(offices, make_office_db, tmp_path):
    _, _, province, _ = offices
    twin = make_office_db("twin", "province", "62")
    export_bundle(twin, tmp_path / "twin.moib", PASSWORD, destination="province:62")
    assert "สำนักงานนี้เอง" in _refused(province, tmp_path / "twin.moib")


# -- signatures ------------------------------------------------------------------------------------
def test_a_forged_signature_is_refused(offices, tmp_path):
    d5, d1, province, _ = offices
    real = export_bundle(d5, tmp_path / "d5.moib", PASSWORD, everything=True)
    manifest, tables, _ = unpack_bundle(real.path)
    # d1 (who knows the password) rewrites 6205's bundle and signs it with its own key, keeping
    # 6205's installation id and public key in the manifest.
    rows = table_rows(manifest, tables, "members")
    rows[0]["first_name"] = "ปลอม"
    set_table_rows(manifest, tables, "members", rows)
    from moi_desktop.exchange.container import content_hash, sha256

    manifest["tables"]["members"]["sha256"] = sha256(tables["members"])
    manifest["content_sha256"] = content_hash(manifest)
    manifest_bytes = json.dumps(manifest, ensure_ascii=False).encode()
    members = {MANIFEST: manifest_bytes, SIGNATURE: sign(signing_key(d1), SIGNED_PURPOSE, manifest_bytes).encode()}
    members.update({manifest["tables"][n]["file"]: data for n, data in tables.items()})
    path = tmp_path / "forged.moib"
    path.write_bytes(crypto.seal(zip_bytes(members), PASSWORD, log2_n=FAST_LOG2_N))
    assert _refused(province, path) == BAD_SIGNATURE


def test_the_attackers_own_key_under_a_pinned_installation_is_refused(offices, tmp_path):
    d5, d1, province, _ = offices

    def pose_as_6205(manifest, tables):
        manifest["source"] = {**manifest["source"], "installation_id": installation_id(d5), "district_code": "6205"}
        for row in (rows := table_rows(manifest, tables, "members")):
            row["origin"] = installation_id(d5)
        set_table_rows(manifest, tables, "members", rows)

    message = _refused(province, _forge(d1, tmp_path, "pose", pose_as_6205))
    assert "กุญแจลงลายมือชื่อ" in message and "ไม่ตรงกับที่ลงทะเบียนไว้" in message


def test_an_unsigned_bundle_of_the_old_format_is_refused(offices, tmp_path):
    _, d1, province, _ = offices
    real = export_bundle(d1, tmp_path / "d1.moib", PASSWORD, everything=True)
    manifest, tables, _ = unpack_bundle(real.path)
    manifest["format_version"] = 1
    members = {MANIFEST: json.dumps(manifest).encode(), **{manifest["tables"][n]["file"]: d for n, d in tables.items()}}
    path = tmp_path / "old.moib"
    path.write_bytes(crypto.seal(zip_bytes(members), PASSWORD, log2_n=FAST_LOG2_N))
    assert _refused(province, path) == UNSIGNED


# -- pins: first use, rotation, un-pinning -------------------------------------------------------------
def test_the_first_bundle_pins_its_district_and_is_audited(offices):
    d5, d1, province, _ = offices
    pins = {p.office: p for p in active_pins(province)}
    assert set(pins) == {"district:6205", "district:6201"}
    assert pins["district:6205"].installation_id == installation_id(d5)
    assert pins["district:6205"].public_key == public_key_text(signing_key(d5))
    logged = province.execute("SELECT row_id FROM audit_log WHERE action = 'exchange_pin' ORDER BY seq").fetchall()
    assert logged == [("district:6205",), ("district:6201",)]


def test_the_preview_says_a_first_bundle_will_register_its_sender(make_office_db, fast_kdf, tmp_path):
    district = make_office_db("d", "district", "6205")
    province = make_office_db("p", "province", "62")
    path = export_bundle(district, tmp_path / "b.moib", PASSWORD).path
    preview = import_bundle(province, path, PASSWORD, dry_run=True)
    assert preview.sender_registration == "new" and active_pins(province) == []
    assert import_bundle(province, path, PASSWORD).sender_registration == "new"
    assert import_bundle(province, export_bundle(district, tmp_path / "c.moib", PASSWORD).path,
                         PASSWORD).sender_registration == "known"


def _restored_on_a_new_pc(old, tmp_path, monkeypatch, *, own_secret):
    """`old`'s backup restored on a new PC with `old`'s recovery key: the key becomes the new PC's
    secret, or (`own_secret`) the new PC had made a secret of its own and the restore re-encrypts
    the data under it. Returns the restored database, open."""
    from moi_desktop.backup import backup_to, restore
    from moi_desktop.db import open_database
    from moi_desktop.db.connection import secret_of
    from moi_desktop.security import keystore

    recovery = keystore.recovery_key_text(secret_of(old))
    usb = backup_to(old, tmp_path / "usb.sqlite3")
    with monkeypatch.context() as on_the_new_pc:  # this test's other databases stay under the old PC's key
        on_the_new_pc.setenv("MOI_DESKTOP_KEYSTORE_DIR", str(tmp_path / "new-pc-keys"))
        if own_secret:
            keystore.pc_secret()
        keystore.add_recovery_key(recovery)
        restore(tmp_path / "new-pc.sqlite3", usb)
        keystore.forget_recovery_keys()
        new = open_database(tmp_path / "new-pc.sqlite3")
    new.path = tmp_path / "new-pc.sqlite3"
    return new


def test_a_pc_restored_with_the_recovery_key_signs_as_the_same_installation(offices, tmp_path, monkeypatch):
    d5, _, province, member = offices
    new = _restored_on_a_new_pc(d5, tmp_path, monkeypatch, own_secret=False)
    try:
        assert installation_id(new) == installation_id(d5)
        assert public_key_text(signing_key(new)) == public_key_text(signing_key(d5))
        update_row(new, "members", member, {"first_name": "สมศรี เครื่องใหม่"})
        report = import_bundle(province, export_bundle(new, tmp_path / "new.moib", PASSWORD).path, PASSWORD)
    finally:
        new.close()
    assert report.sender_registration == "known" and report.tables["members"]["updated"] == 1


def test_the_signing_key_is_in_no_file_of_the_data_folder_nor_the_database(offices, tmp_path,
                                                                             _isolated_data_dir):
    d5, _, _, _ = offices
    export_bundle(d5, tmp_path / "any.moib", PASSWORD)
    private = signing_key(d5).private_bytes_raw()
    for path in [*_isolated_data_dir.rglob("*"), d5.path]:
        if path.is_file():
            assert private not in path.read_bytes(), path
    assert private.hex() not in json.dumps([list(r) for r in d5.execute("SELECT key, value FROM meta")])


def test_a_district_restored_under_a_new_pcs_own_key_is_refused_until_an_administrator_unpins_it(
        offices, tmp_path, monkeypatch):
    d5, _, province, member = offices
    new = _restored_on_a_new_pc(d5, tmp_path, monkeypatch, own_secret=True)
    try:
        update_row(new, "members", member, {"first_name": "สมศรี ใหม่"})
        path = tmp_path / "after.moib"
        export_bundle(new, path, PASSWORD)
    finally:
        new.close()
    assert "ไม่ตรงกับที่ลงทะเบียนไว้" in _refused(province, path)

    before = file_state(province.path)
    with pytest.raises(UserError) as info:
        _unpin_as(CLERK, province, "district:6205")
    assert "ไม่มีสิทธิ์ยกเลิกการลงทะเบียน" in info.value.message and file_state(province.path) == before

    old = _unpin_as(ADMIN, province, "district:6205", reason="เปลี่ยนเครื่อง")
    assert old.installation_id == installation_id(d5)
    entry = province.execute("SELECT actor, row_id, details FROM audit_log WHERE action = 'exchange_unpin'").fetchone()
    assert entry[1] == "district:6205" and json.loads(entry[2])["reason"] == "เปลี่ยนเครื่อง"
    report = import_bundle(province, path, PASSWORD)
    assert report.sender_registration == "new" and report.tables["members"]["updated"] == 1
    assert province["members"].get(member)["first_name"] == "สมศรี ใหม่"
    history = province.execute("SELECT count(*), count(unpinned_at) FROM exchange_pins WHERE office = 'district:6205'")
    assert history.fetchone() == (2, 1)


def test_a_replaced_pc_takes_over_its_districts_rows_after_unpinning(offices, make_office_db, tmp_path):
    d5, _, province, member = offices
    replacement = make_office_db("d6205-new", "district", "6205")
    # The new PC got the district's rows back (as a restore would), under its own installation id.
    row = dict(d5["members"].get(member))
    replacement["members"].insert(row)
    update_row(replacement, "members", member, {"first_name": "สมศรี (เครื่องใหม่)"})
    path = tmp_path / "new.moib"
    export_bundle(replacement, path, PASSWORD, everything=True)
    assert "ลงทะเบียนไว้กับเครื่องอื่น" in _refused(province, path)
    _unpin_as(ADMIN, province, "district:6205")
    report = import_bundle(province, path, PASSWORD)
    assert report.tables["members"]["updated"] == 1  # rows of the district's old PC are the district's
    assert province["members"].get(member)["origin"] == installation_id(replacement)
    with pytest.raises(UserError):  # and the old PC no longer speaks for คลองขลุง
        import_bundle(province, export_bundle(d5, tmp_path / "old.moib", PASSWORD).path, PASSWORD)


def test_unpinning_an_office_that_is_not_pinned_is_a_thai_error(offices):
    _, _, province, _ = offices
    with pytest.raises(UserError) as info:
        _unpin_as(ADMIN, province, "district:6203")
    assert "ยังไม่ได้ลงทะเบียน" in info.value.message


# -- the province's own rows, and bundles coming down from the province ------------------------------
def test_a_districts_edit_of_a_province_row_is_listed_not_written(offices, tmp_path):
    d5, _, province, _ = offices
    own = _member(province, "ของจังหวัด")
    import_bundle(d5, export_bundle(province, tmp_path / "down.moib", PASSWORD, destination="6205").path, PASSWORD)
    update_row(d5, "members", own, {"first_name": "อำเภอแก้"})
    report = import_bundle(province, export_bundle(d5, tmp_path / "up.moib", PASSWORD).path, PASSWORD)
    assert report.tables["members"]["conflicts"] == 1 and report.conflicts[0]["winner"] == "local"
    assert province["members"].get(own)["first_name"] == "ของจังหวัด"


def test_the_province_passes_on_other_districts_rows(offices, tmp_path):
    d5, d1, province, _ = offices
    (from_6201,) = [r[0] for r in d1.execute("SELECT id FROM members")]
    report = import_bundle(d5, export_bundle(province, tmp_path / "down.moib", PASSWORD, destination="6205").path,
                           PASSWORD)
    assert report.tables["members"]["new"] == 1 and d5["members"].get(from_6201)["origin"] == installation_id(d1)
    assert [p.office for p in active_pins(d5)] == ["province:62"]


def test_the_province_cannot_rewrite_a_districts_own_rows(offices, tmp_path):
    d5, _, province, member = offices
    update_row(province, "members", member, {"first_name": "จังหวัดแก้"})
    down = export_bundle(province, tmp_path / "down.moib", PASSWORD, destination="6205").path
    report = import_bundle(d5, down, PASSWORD)
    assert report.conflicts[0]["winner"] == "local" and d5["members"].get(member)["first_name"] == "สมศรี"

    def forge_as_6205(manifest, tables):  # a row stamped as 6205's own, changed elsewhere
        rows = table_rows(manifest, tables, "members")
        for row in rows:
            if row["id"] == member:
                row.update(first_name="ปลอม", origin=installation_id(d5), updated_at=now_iso())
        set_table_rows(manifest, tables, "members", rows)

    real = export_bundle(province, tmp_path / "p-real.moib", PASSWORD, destination="6205", everything=True)
    manifest, tables, files = unpack_bundle(real.path)
    forge_as_6205(manifest, tables)
    path = repack_bundle(tmp_path / "p-forged.moib", manifest, tables, files, signing_key(province))
    message = _refused(d5, path)
    assert member in message and "สำนักงานนี้เอง" in message


def test_another_installation_claiming_the_province_is_refused_at_the_district(offices, make_office_db, tmp_path):
    d5, _, province, _ = offices
    import_bundle(d5, export_bundle(province, tmp_path / "down.moib", PASSWORD, destination="6205").path, PASSWORD)
    fake = make_office_db("fake-province", "province", "62")
    export_bundle(fake, tmp_path / "fake.moib", PASSWORD, destination="6205")
    assert "ลงทะเบียนไว้กับเครื่องอื่น" in _refused(d5, tmp_path / "fake.moib")


# -- receipts ---------------------------------------------------------------------------------------
def _receipt(tmp_path, body: dict, key) -> object:
    text = json.dumps(body, ensure_ascii=False)
    data = json.dumps({"body": text, "signature": sign(key, RECEIPT_PURPOSE, text.encode())}).encode()
    path = tmp_path / "forged.receipt.moir"
    path.write_bytes(crypto.seal(data, PASSWORD, kind=crypto.KIND_RECEIPT, log2_n=FAST_LOG2_N))
    return path


def test_receipts_are_signed_and_pin_the_province(make_office_db, fast_kdf, tmp_path):
    district = make_office_db("d", "district", "6205")
    province = make_office_db("p", "province", "62")
    report = import_bundle(province, export_bundle(district, tmp_path / "b.moib", PASSWORD).path, PASSWORD)
    assert import_receipt(district, report.receipt, PASSWORD)["bundle_id"] == report.bundle_id
    pinned = [(p.office, p.installation_id) for p in active_pins(district)]
    assert pinned == [("province:62", installation_id(province))]


def test_forged_receipts_are_refused(offices, make_office_db, tmp_path):
    d5, d1, province, _ = offices
    sent = export_bundle(d5, tmp_path / "b.moib", PASSWORD)
    report = import_bundle(province, sent.path, PASSWORD)
    import_receipt(d5, report.receipt, PASSWORD)  # pins the province at 6205
    sent2 = export_bundle(d5, tmp_path / "b2.moib", PASSWORD, everything=True)
    receiver = {"installation_id": installation_id(province), "level": "province", "province_code": "62",
                "district_code": None, "org_name": "x"}
    body = {"kind": "moi-desktop-receipt", "bundle_id": sent2.bundle_id, "bundle_sha256": sent2.sha256,
            "received_at": now_iso(), "accepted": True}
    # 1. Signed by 6201's key while naming the province's key: the signature does not check out.
    forged = _receipt(tmp_path, {**body, "receiver": {**receiver,
                                                      "public_key": public_key_text(signing_key(province))}},
                      signing_key(d1))
    before = file_state(d5.path)
    with pytest.raises(UserError) as info:
        import_receipt(d5, forged, PASSWORD)
    assert info.value.message == BAD_RECEIPT_SIGNATURE
    # 2. Signed by 6201's own key, claiming to be the province: not the key pinned for it.
    forged = _receipt(tmp_path, {**body, "receiver": {**receiver, "public_key": public_key_text(signing_key(d1))}},
                      signing_key(d1))
    with pytest.raises(UserError) as info:
        import_receipt(d5, forged, PASSWORD)
    assert "ไม่ตรงกับที่ลงทะเบียนไว้" in info.value.message
    # 3. Signed by 6201 as itself: not the office the bundle went to.
    as_itself = {"installation_id": installation_id(d1), "level": "district", "province_code": "62",
                 "district_code": "6201", "org_name": "x", "public_key": public_key_text(signing_key(d1))}
    with pytest.raises(UserError) as info:
        import_receipt(d5, _receipt(tmp_path, {**body, "receiver": as_itself}, signing_key(d1)), PASSWORD)
    assert "ไม่ใช่ผู้รับชุดข้อมูล" in info.value.message
    assert file_state(d5.path) == before
    assert d5.execute("SELECT confirmed_at FROM bundles_sent WHERE id = ?", [sent2.bundle_id]).fetchone() == (None,)


# -- the command line ---------------------------------------------------------------------------------
def test_pins_and_unpin_from_the_command_line(offices, tmp_path, capsys):
    from moi_desktop.cli import main
    from moi_desktop.security import create_first_admin, create_user

    _, _, province, _ = offices
    act_as(province, create_first_admin(province, "boss", "ผู้ดูแล", "รหัสผ่านยาวพอสมควร-1"))
    create_user(province, "clerk1", "เจ้าหน้าที่", "clerk", "รหัสผ่านยาวพอสมควร-2")
    act_as(province, None)
    for name, text in (("boss.txt", "รหัสผ่านยาวพอสมควร-1"), ("clerk.txt", "รหัสผ่านยาวพอสมควร-2")):
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    path = str(province.path)

    assert main(["bundle", "pins", "--db", path, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {p["office"] for p in listed} == {"district:6205", "district:6201"}
    assert all(p["fingerprint"].count("-") == 3 for p in listed)

    assert main(["bundle", "unpin", "6205", "--db", path, "--user", "clerk1",
                 "--user-password-file", str(tmp_path / "clerk.txt")]) != 0
    assert "ไม่มีสิทธิ์ยกเลิกการลงทะเบียน" in capsys.readouterr().err
    assert main(["bundle", "unpin", "6205", "--db", path]) != 0  # no user on a database with accounts
    assert "--user" in capsys.readouterr().err
    assert [p.office for p in active_pins(province)] == ["district:6201", "district:6205"]

    assert main(["bundle", "unpin", "6205", "--db", path, "--user", "boss", "--user-password-file",
                 str(tmp_path / "boss.txt"), "--reason", "เปลี่ยนเครื่อง"]) == 0
    assert "คลองขลุง" in capsys.readouterr().out
    assert [p.office for p in active_pins(province)] == ["district:6201"]
    actor = province.execute("SELECT actor FROM audit_log WHERE action = 'exchange_unpin'").fetchone()
    assert actor == ("boss",)


def test_offices_heard_from_before_signatures_are_pinned_by_the_migration(offices, make_office_db, tmp_path):
    from moi_desktop.db.migrations import m010_exchange_pins

    d5, d1, province, _ = offices
    province.execute("DROP TABLE exchange_pins")
    m010_exchange_pins.up(province)  # as on a province upgraded from before bundles were signed
    pins = {p.office: p for p in active_pins(province)}
    assert set(pins) == {"district:6205", "district:6201"}
    assert pins["district:6205"].installation_id == installation_id(d5) and pins["district:6205"].public_key is None

    impostor = make_office_db("impostor", "district", "6205")
    export_bundle(impostor, tmp_path / "impostor.moib", PASSWORD)
    assert "ลงทะเบียนไว้กับเครื่องอื่น" in _refused(province, tmp_path / "impostor.moib")
    report = import_bundle(province, export_bundle(d5, tmp_path / "signed.moib", PASSWORD).path, PASSWORD)
    assert report.sender_registration == "key"
    (pin,) = [p for p in active_pins(province) if p.office == "district:6205"]
    assert pin.public_key == public_key_text(signing_key(d5))
