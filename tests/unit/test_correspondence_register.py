"""The outgoing register and the officials who sign: yearly numbering, cancelled numbers kept,
no number issued twice across connections or after a failed transaction, roles, Thai errors."""

import threading
from datetime import date

import pytest

from moi_desktop.correspondence import (
    add_official,
    cancel_number,
    deactivate_official,
    get_official,
    issue_number,
    list_officials,
    list_register,
    reference_text,
    update_official,
)
from moi_desktop.correspondence.register import register_rows
from moi_desktop.db import open_database
from moi_desktop.db.rows import write_lock
from moi_desktop.errors import UserError
from tests.accounts_support import CLERK, VIEWER, login


def _issue(db, subject="ขอส่งรายงาน", on=None, **kw):
    return issue_number(db, kind=kw.pop("kind", "memo"), to_whom=kw.pop("to_whom", "นายอำเภอ"),
                        subject=subject, on=on, **kw)


def test_numbers_run_per_calendar_year_and_restart_on_1_january(accounts_db):
    login(accounts_db, CLERK)
    first = _issue(accounts_db, on=date(2026, 12, 30))
    second = _issue(accounts_db, on=date(2026, 12, 31))
    new_year = _issue(accounts_db, on=date(2027, 1, 1))
    late = _issue(accounts_db, on="2026-12-31")  # a letter dated back in last year takes last year's next
    assert [(e.year, e.number) for e in (first, second, new_year, late)] == [
        (2026, 1), (2026, 2), (2027, 1), (2026, 3)]
    assert [e.number for e in list_register(accounts_db, 2026)] == [1, 2, 3]
    assert reference_text(accounts_db, second) == "ที่ มท ๐๓๑๘/๒"
    assert second.reference(accounts_db) == "ที่ มท ๐๓๑๘/๒"


def test_a_cancelled_number_stays_in_the_register_and_is_never_reused(accounts_db):
    login(accounts_db, CLERK)
    one = _issue(accounts_db, on=date(2026, 3, 1))
    two = _issue(accounts_db, on=date(2026, 3, 1))
    with pytest.raises(UserError, match="เหตุผล"):
        cancel_number(accounts_db, two.id, "  ")
    cancelled = cancel_number(accounts_db, two.id, "พิมพ์ผิด ออกเลขใหม่")
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "พิมพ์ผิด ออกเลขใหม่"
    with pytest.raises(UserError, match="ยกเลิกไปแล้ว"):
        cancel_number(accounts_db, two.id, "อีกครั้ง")
    three = _issue(accounts_db, on=date(2026, 3, 2))
    assert three.number == 3
    register = list_register(accounts_db, 2026)
    assert [(e.number, e.status) for e in register] == [(1, "issued"), (2, "cancelled"), (3, "issued")]
    rows = register_rows(accounts_db, 2026)
    assert rows[1][0] == "๒" and rows[1][-1] == "ยกเลิก: พิมพ์ผิด ออกเลขใหม่"
    assert one.number == 1


def test_the_unique_index_refuses_a_duplicate_number(accounts_db):
    from moi_desktop.db import insert_row

    login(accounts_db, CLERK)
    entry = _issue(accounts_db, on=date(2026, 5, 5))
    with pytest.raises(Exception, match="UNIQUE"):
        insert_row(accounts_db, "outgoing_letters", {
            "office_code": entry.office_code, "year": 2026, "number": 1, "date": "2026-05-05", "kind": "memo",
            "status": "issued", "to_whom": "x", "subject": "y"})


def test_a_failed_transaction_after_allocation_neither_consumes_nor_duplicates(accounts_db, accounts_db_path):
    login(accounts_db, CLERK)
    other = open_database(accounts_db_path)
    try:
        login(other, CLERK)
        _issue(accounts_db, on=date(2026, 6, 1))  # 1
        with pytest.raises(RuntimeError), write_lock(accounts_db):
            allocated = _issue(accounts_db, on=date(2026, 6, 1))
            assert allocated.number == 2
            raise RuntimeError("the letter's own write failed (disk full, crash …)")
        # the other connection sees no number 2 and takes it; then the first takes 3
        assert _issue(other, on=date(2026, 6, 1)).number == 2
        assert _issue(accounts_db, on=date(2026, 6, 2)).number == 3
        assert [e.number for e in list_register(other, 2026)] == [1, 2, 3]
    finally:
        other.close()


def test_two_connections_issuing_at_once_get_distinct_consecutive_numbers(accounts_db_path):
    dbs = [open_database(accounts_db_path) for _ in range(2)]
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(db):
        try:
            login(db, CLERK)
            for _ in range(8):
                n = _issue(db, on=date(2026, 7, 1)).number
                with lock:
                    got.append(n)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    try:
        threads = [threading.Thread(target=work, args=(db,)) for db in dbs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        for db in dbs:
            db.close()
    assert errors == []
    assert sorted(got) == list(range(1, 17))


def test_a_viewer_may_not_number_cancel_or_manage_officials(accounts_db):
    login(accounts_db, CLERK)
    entry = _issue(accounts_db, on=date(2026, 1, 2))
    official = add_official(accounts_db, name="สมชาย ใจดี", position="ปลัดอำเภอ")
    login(accounts_db, VIEWER)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์เขียนและออกเลขหนังสือ"):
        _issue(accounts_db)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์เขียนและออกเลขหนังสือ"):
        cancel_number(accounts_db, entry.id, "ผิด")
    with pytest.raises(UserError, match="ไม่มีสิทธิ์จัดการรายชื่อเจ้าหน้าที่ผู้ลงนาม"):
        add_official(accounts_db, name="ก", position="ข")
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        update_official(accounts_db, official.id, name="อื่น")
    assert [e.number for e in list_register(accounts_db)] == [1]  # reading is for everyone


def test_thai_errors_for_bad_input(accounts_db):
    login(accounts_db, CLERK)
    with pytest.raises(UserError, match="เรื่อง") as exc:
        _issue(accounts_db, subject=" ")
    assert exc.value.field == "subject"
    with pytest.raises(UserError, match="ผู้รับ"):
        issue_number(accounts_db, kind="memo", to_whom="", subject="ก")
    with pytest.raises(UserError, match="ชนิดหนังสือ"):
        issue_number(accounts_db, kind="poem", to_whom="ก", subject="ข")
    with pytest.raises(UserError, match="อ่านวันที่ไม่ได้"):
        _issue(accounts_db, on="not a date")
    with pytest.raises(UserError, match="ชื่อ"):
        add_official(accounts_db, name="  ", position="ปลัดอำเภอ")
    with pytest.raises(UserError, match="ตำแหน่ง"):
        add_official(accounts_db, name="สมชาย", position="")
    assert list_register(accounts_db) == [] and list_officials(accounts_db) == []


def test_a_register_without_a_ref_prefix_says_where_to_set_it(db):
    entry = _issue(db, on=date(2026, 1, 5))  # a database without accounts: the system acts
    assert entry.number == 1 and entry.office_code == ""
    with pytest.raises(UserError, match="ตั้งค่า"):
        reference_text(db, entry)


def test_officials_registry(accounts_db):
    login(accounts_db, CLERK)
    b = add_official(accounts_db, title="นาย", name="สมชาย  ใจดี", position="ปลัดอำเภอ", sort_order=2,
                     signature_position="ปลัดอำเภอ รักษาราชการแทน\nนายอำเภอเมืองกำแพงเพชร")
    a = add_official(accounts_db, title="นางสาว", name="มาลี มีสุข", position="นายอำเภอเมืองกำแพงเพชร", sort_order=1)
    assert [o.id for o in list_officials(accounts_db)] == [a.id, b.id]
    assert b.name == "สมชาย ใจดี"
    signer = b.signer()
    assert signer.name == "นายสมชาย ใจดี"
    assert signer.position == "ปลัดอำเภอ รักษาราชการแทน\nนายอำเภอเมืองกำแพงเพชร"
    assert a.signer().position == "นายอำเภอเมืองกำแพงเพชร"  # no signature lines: the position
    updated = update_official(accounts_db, a.id, position="นายอำเภอ")
    assert updated.position == "นายอำเภอ" and get_official(accounts_db, a.id) == updated
    with pytest.raises(UserError, match="ตำแหน่ง"):
        update_official(accounts_db, a.id, position=" ")
    deactivate_official(accounts_db, b.id)
    assert [o.id for o in list_officials(accounts_db)] == [a.id]
    assert {o.id for o in list_officials(accounts_db, include_inactive=True)} == {a.id, b.id}
    with pytest.raises(UserError, match="ไม่พบ"):
        get_official(accounts_db, "nope")


def test_both_tables_travel_in_bundles(db):
    from moi_desktop.exchange import exchange_tables

    names = {t.name for t in exchange_tables(db)}
    assert {"officials", "outgoing_letters", "letters"} <= names


def test_registers_travel_to_the_province_and_keep_each_office_numbering(make_office_db, fast_kdf, tmp_path):
    from moi_desktop.exchange import export_bundle, import_bundle
    from tests.exchange_support import PASSWORD

    district = make_office_db("d", "district", "6205")
    other = make_office_db("o", "district", "6201")
    province = make_office_db("p", "province", "62")
    for db in (district, other, province):
        _issue(db, on=date(2026, 2, 1))  # every office has its own number 1
    entry = _issue(district, on=date(2026, 2, 2))
    cancel_number(district, entry.id, "ผิด")
    for i, db in enumerate((district, other)):
        import_bundle(province, export_bundle(db, tmp_path / f"b{i}.moib", PASSWORD).path, PASSWORD)
    rows = province.execute("SELECT office_code, number, status FROM outgoing_letters ORDER BY office_code, number")
    assert rows.fetchall() == [("62", 1, "issued"), ("6201", 1, "issued"), ("6205", 1, "issued"),
                               ("6205", 2, "cancelled")]
    assert [e.number for e in list_register(province)] == [1]  # the province's own register
    assert _issue(province, on=date(2026, 2, 3)).number == 2
