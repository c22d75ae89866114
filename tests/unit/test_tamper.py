"""Tamper evidence that covers the data (finding 7): the three attacks of the security review,
each done as someone with the database key and a SQLite tool would, now caught by
`audit verify`; and the program's own writes of every kind never trip it."""

import json

import pytest

from moi_desktop import backup
from moi_desktop.db import open_database
from moi_desktop.db.rows import installation_id
from moi_desktop.members import add_member, merge_members, update_member
from moi_desktop.security import audit, verify_chain
from moi_desktop.security.audit import GENESIS, entry_hash
from moi_desktop.security.integrity import anchor_file, audit_anchor, refresh_local_anchor, verify
from tests.fast_db import raw


@pytest.fixture
def office(db, db_path):
    """An office's database with members and a trail of 30+ entries, its anchor up to date (as
    every command and GUI write leaves it), closed: the attacker has the file and the key."""
    ids = [add_member(db, {"first_name": f"สมาชิก{i}", "last_name": "ทดสอบ", "phone": f"08123456{i:02d}"})
           for i in range(12)]
    for member_id in ids[:8]:
        update_member(db, member_id, {"organisation": "อบต."})
    for i in range(12):
        audit(db, "login", via=f"test {i}")
    refresh_local_anchor(db)
    assert verify(db).ok
    db.close()
    return db_path, ids


def reopen_and_verify(path, **kwargs):
    db = open_database(path)
    try:
        return verify_chain(db), verify(db, **kwargs)
    finally:
        db.close()


def test_attack_member_row_edited_with_a_sqlite_tool(office):
    path, ids = office
    conn = raw(path)
    conn.execute("UPDATE members SET phone = '0899999999' WHERE id = ?", [ids[3]])
    conn.close()
    chain, report = reopen_and_verify(path)
    assert chain.ok  # before: the trail saw only itself
    assert not report.ok
    assert report.problems == [f"ข้อมูลตาราง members แถว {ids[3]} ถูกแก้ไขนอกโปรแกรม"]


def test_rows_added_or_removed_behind_the_programs_back(office):
    path, ids = office
    conn = raw(path)
    row = conn.execute("SELECT * FROM members WHERE id = ?", [ids[0]]).fetchone()
    conn.execute(f"INSERT INTO members VALUES ({', '.join('?' * len(row))})", ["forged-id", *row[1:]])
    conn.execute("DELETE FROM members WHERE id = ?", [ids[5]])
    conn.close()
    _, report = reopen_and_verify(path)
    kinds = {(p.table, p.key, p.kind) for p in report.row_problems}
    assert kinds == {("members", "forged-id", "added"), ("members", ids[5], "removed")}
    assert any("ถูกเพิ่มนอกโปรแกรม" in p for p in report.problems)
    assert any("ถูกลบนอกโปรแกรม" in p for p in report.problems)


def test_a_forged_seal_does_not_pass(office):
    # The seal is a MAC under a key outside the database: copying another row's seal, or
    # writing any value, fails.
    path, ids = office
    conn = raw(path)
    conn.execute("UPDATE members SET organisation = 'ปลอม' WHERE id = ?", [ids[1]])
    conn.execute("UPDATE row_seals SET mac = (SELECT mac FROM row_seals WHERE row_key = ?) WHERE row_key = ?",
                 [ids[2], ids[1]])
    conn.close()
    _, report = reopen_and_verify(path)
    assert [(p.key, p.kind) for p in report.row_problems] == [(ids[1], "changed")]


def test_attack_triggers_dropped_and_newest_20_entries_deleted(office):
    path, _ = office
    conn = raw(path)
    last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE seq > ?", [last - 20])
    conn.close()
    chain, report = reopen_and_verify(path)
    assert chain.ok  # before: a shorter chain is still a valid chain
    assert not report.ok
    assert any("audit_log_no_update" in p for p in report.problems)
    assert any("audit_log_no_delete" in p for p in report.problems)
    assert any(f"หลังลำดับที่ {last - 20:,} ถูกตัดทิ้ง" in p for p in report.problems)


def test_attack_entry_5_rewritten_and_chain_recomputed(office):
    path, _ = office
    conn = raw(path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    rows = conn.execute("SELECT seq, at, actor, action, table_name, row_id, details FROM audit_log ORDER BY seq")
    prev, rewritten = GENESIS, []
    for seq, at, actor, action, table, row_id, details in rows.fetchall():
        if seq == 5:
            actor = "ghost"
        digest = entry_hash(prev, seq, at, actor, action, table, row_id, details)
        rewritten.append((actor, prev, digest, seq))
        prev = digest
    conn.executemany("UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?", rewritten)
    conn.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                 "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
    conn.close()
    chain, report = reopen_and_verify(path)
    assert chain.ok  # before: the recomputed chain is consistent in itself
    assert not report.ok
    assert any("ไม่ตรงกับจุดยึด" in p and "ถูกเขียนใหม่" in p for p in report.problems)


def test_a_forged_local_anchor_is_caught(office):
    path, _ = office
    db = open_database(path)
    anchor_path = anchor_file(db)
    db.close()
    anchor = json.loads(anchor_path.read_text(encoding="utf-8"))
    anchor["seq"] -= 20  # an attacker covering a truncation by moving the anchor back
    anchor_path.write_text(json.dumps(anchor), encoding="utf-8")
    _, report = reopen_and_verify(path)
    assert any("ถูกปลอม" in p for p in report.problems)


def test_the_provinces_copy_catches_a_truncation_after_the_local_anchor_is_gone(office, tmp_path):
    path, _ = office
    db = open_database(path)
    head = audit_anchor(db)  # what a bundle's manifest carries to the province
    anchor_file(db).unlink()
    db.close()
    conn = raw(path)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE seq > ?", [head["seq"] - 5])
    conn.close()
    _, alone = reopen_and_verify(path)
    assert any("audit_log_no_delete" in p for p in alone.problems)
    assert any("ยังไม่มีจุดยึด" in n for n in alone.notes)
    _, with_province = reopen_and_verify(path, anchors=[{"seq": head["seq"], "hash": head["hash"]}])
    assert any("ถูกตัดทิ้ง" in p and "ที่ได้รับ" in p for p in with_province.problems)


def test_a_backup_carries_the_anchor_and_verifies_on_its_own(db, tmp_path):
    add_member(db, {"first_name": "สมชาย", "last_name": "ใจดี"})
    saved = backup.backup_to(db, tmp_path / "saved.sqlite3")
    copy = open_database(saved)
    try:
        stored = json.loads(copy.execute("SELECT value FROM meta WHERE key = 'audit_anchor'").fetchone()[0])
        assert stored["installation_id"] == installation_id(copy) and stored["seq"] >= 1
        assert verify(copy).ok
    finally:
        copy.close()
    conn = raw(saved)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    conn.close()
    copy = open_database(saved)
    try:
        assert any("ที่บันทึกไว้ในไฟล์" in p for p in verify(copy).problems)
    finally:
        copy.close()


def test_the_programs_own_writes_of_every_kind_keep_verify_green(db):
    # Audited and unaudited writes, a key-changing member merge, a soft delete: all resealed.
    a = add_member(db, {"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345678"})
    b = add_member(db, {"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345679"})
    merge_members(db, a, b)
    from moi_desktop.security import create_first_admin, create_user
    from moi_desktop.security.users import authenticate

    create_first_admin(db, "admin", "ผู้ดูแล", "Phu-Kradueng-2567!")
    authenticate(db, "admin", "Phu-Kradueng-2567!")  # last_login: bookkeeping, written before the login binds
    create_user(db, "malee", "มาลี", "clerk", "Doi-Inthanon-2567!")
    authenticate(db, "malee", "Doi-Inthanon-2567!")  # now a clerk acts: the write guard is in the way
    update_member(db, a, {"phone": "0811111111"})  # her write reseals the row; nobody grants row_seals
    report = verify(db)
    assert report.ok, report.problems
    assert report.rows_checked > 3
