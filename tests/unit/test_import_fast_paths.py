"""The import's fast paths give exactly what the slow ones give: rows decoded a batch at a time,
and row seals computed from the values just inserted (only where SQLite stores them unchanged)."""

import pytest

from moi_desktop.db import new_id, now_iso
from moi_desktop.db.rows import installation_id, merge_rows
from moi_desktop.exchange.container import _decode_row, _decode_rows
from moi_desktop.security import integrity


def test_batch_decoding_matches_line_by_line():
    plain = [b'["a","b"]', b'["c","[d"]', b'["e", 1]']
    assert _decode_rows(plain, 2) == [_decode_row(line, 2) for line in plain]
    blob = [b'["a",{"b64":"AA=="}]', b'["c","d"]']
    assert _decode_rows(blob, 2) == [["a", b"\x00"], ["c", "d"]]


def test_batch_decoding_refuses_a_row_split_over_two_lines():
    split = [b'["a"', b'"b"],["c","d"]']
    try:
        _decode_rows(split, 2)
    except ValueError:
        return
    raise AssertionError("a row split over two lines was accepted")


def _member(db, shape, phone):
    now = now_iso()
    row = dict.fromkeys(shape.columns)
    row.update(id=new_id(), created_at=now, updated_at=now, origin=installation_id(db), title="นาย",
               first_name="สมชาย", last_name="ใจดี", phone=phone, sector="people", active=1)
    return list(row.values())


def test_seals_from_inserted_values_verify(db):
    shape = integrity.sealed_tables(db)["members"]
    rows = [_member(db, shape, f"08{i:08d}") for i in range(5)]
    version = integrity._schema_version(db)
    assert integrity._inserted_rows(db, shape, (shape.columns, rows), version) is not None  # the fast path
    with db.atomic():
        merge_rows(db, "members", shape.columns, ("id",), rows, existing=False)
    assert list(integrity._row_problems(db, integrity._mac_key(db))) == []


def test_a_value_sqlite_converts_is_read_back_before_sealing(db):
    shape = integrity.sealed_tables(db)["members"]
    converted = _member(db, shape, 812345678)  # an int into the TEXT phone column is stored as text
    version = integrity._schema_version(db)
    assert integrity._inserted_rows(db, shape, (shape.columns, [converted]), version) is None  # read back instead
    with db.atomic():
        merge_rows(db, "members", shape.columns, ("id",), [converted], existing=False)
    assert db.execute("SELECT phone FROM members WHERE id = ?", [converted[0]]).fetchone()[0] == "812345678"
    assert list(integrity._row_problems(db, integrity._mac_key(db))) == []


@pytest.mark.parametrize("count", [1, 3, 40])
def test_one_converted_value_among_few_or_many_rows_sends_them_all_to_be_read_back(db, count):
    shape = integrity.sealed_tables(db)["members"]
    version = integrity._schema_version(db)
    rows = [_member(db, shape, f"08{i:08d}") for i in range(count)]
    assert integrity._inserted_rows(db, shape, (shape.columns, rows), version) is not None
    rows[-1] = _member(db, shape, 812345678)  # an int into the TEXT phone column
    assert integrity._inserted_rows(db, shape, (shape.columns, rows), version) is None
    shuffled = (tuple(reversed(shape.columns)), [list(reversed(r)) for r in rows])  # bound in another order
    assert integrity._inserted_rows(db, shape, shuffled, version) is None


def test_seals_in_bulk_equal_one_by_one():
    key = bytes(range(32))
    rows = [("ก", None, 1, 2.5, b"\x00'\"", 'a"b\\c'), ("สมชาย ใจดี", "", -7, float("inf"), b"", "\n")]
    texts = ["one", '["x","y"]']
    assert integrity._seals(key, "members", texts, rows) == [
        integrity._seal(key, "members", text, row) for text, row in zip(texts, rows, strict=True)]


def _bundle_of(lines: list[bytes]):
    import io
    import zipfile

    from moi_desktop.exchange.container import Bundle

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("tables/t.jsonl", b"".join(line + b"\n" for line in lines))
    manifest = {"tables": {"t": {"columns": ["a", "b"], "file": "tables/t.jsonl", "rows": len(lines)}}}
    return Bundle(manifest=manifest, zf=zipfile.ZipFile(io.BytesIO(data.getvalue())))


def test_batches_keep_every_row_in_order_within_both_limits():
    lines = [f'["{i}","{"x" * (i % 7)}"]'.encode() for i in range(2500)]
    bundle = _bundle_of(lines)
    for max_rows, max_bytes in ((1000, 10**6), (7, 10**6), (1000, 50), (3, 1)):
        batches = list(bundle.batches("t", max_rows=max_rows, max_bytes=max_bytes))
        assert [row for batch in batches for row in batch] == [_decode_row(line, 2) for line in lines]
        done = 0
        for batch in batches:
            sizes = [len(line) for line in lines[done:done + len(batch)]]
            assert len(batch) <= max_rows
            assert sum(sizes[:-1]) < max_bytes  # only a batch's last line may reach the byte limit
            if batch is not batches[-1]:  # a batch ends at a limit, never early
                assert len(batch) == max_rows or sum(sizes) >= max_bytes
            done += len(batch)


def test_a_seal_is_the_mac_of_one_exact_form_per_row():
    # Equal values give equal seals whichever objects hold them (marshal v2 has no references),
    # and a value of another type or one more column gives another seal.
    key = bytes(range(32))
    shared = "2026-12-05T10:00:00+07:00"
    row = ("id-1", shared, shared, None, 1)
    copied = ("id-1", "".join(shared), shared[:], None, 1)
    assert integrity._seal(key, "members", "id-1", row) == integrity._seal(key, "members", "id-1", copied)
    assert integrity._seal(key, "members", "id-1", row) != integrity._seal(key, "members", "id-1", (*row[:4], "1"))
    assert integrity._seal(key, "members", "id-1", row) != integrity._seal(key, "members", "id-1", (*row, None))
    assert integrity._seal(key, "members", "id-1", row) != integrity._seal(key, "trainings", "id-1", row)


def test_seals_written_in_the_first_form_still_verify_and_still_catch_an_edit(db):
    # Rows sealed before the marshal form (repr) keep verifying until they are written again; a
    # row edited behind the program's back fails under either form.
    shape = integrity.sealed_tables(db)["members"]
    rows = [_member(db, shape, f"08{i:08d}") for i in range(3)]
    with db.atomic():
        merge_rows(db, "members", shape.columns, ("id",), rows, existing=False)
    key = integrity._mac_key(db)
    cols = ", ".join(f"[{c}]" for c in shape.columns)
    with db.atomic():
        for stored in db.execute(f"SELECT {cols} FROM members WHERE id IN (?, ?, ?)",  # noqa: S608 - fixed names
                                 [r[0] for r in rows]).fetchall():
            legacy = integrity.hashlib.blake2b(integrity._legacy_message("members", stored[0], stored), key=key,
                                               digest_size=integrity.MAC_BYTES).digest()
            db.conn.execute("UPDATE row_seals SET mac = ? WHERE table_name = 'members' AND row_key = ?",
                            [legacy, stored[0]])
    assert list(integrity._row_problems(db, key)) == []
    db.conn.execute("UPDATE members SET phone = '0899999999' WHERE id = ?", [rows[1][0]])
    assert [(p.key, p.kind) for p in integrity._row_problems(db, key)] == [(rows[1][0], "changed")]


def test_local_rows_of_a_composite_key_probe_only_known_first_parts(db):
    from moi_desktop.exchange.merge import _local_rows
    from moi_desktop.exchange.tables import TableInfo

    db.execute("CREATE TABLE pairs (a TEXT, b TEXT, v TEXT, PRIMARY KEY (a, b))")
    db.conn.executemany("INSERT INTO pairs VALUES (?, ?, ?)",
                        [(f"s{s}", f"m{m}", f"{s}-{m}") for s in range(3) for m in range(400)])
    info = TableInfo("pairs", ("a", "b", "v"), ("a", "b"), frozenset(), frozenset())
    # Some keys here (s1 with members 0-9), some under a known first part but not here (s1/m999),
    # most under first parts never seen (a new session's marks).
    keys = [("s1", f"m{m}") for m in range(10)] + [("s1", "m999")] + [(f"new{s}", f"m{m}") for s in range(5)
                                                                          for m in range(100)]
    expected = {("s1", f"m{m}"): ("s1", f"m{m}", f"1-{m}") for m in range(10)}
    assert _local_rows(db, info, ["a", "b", "v"], keys, [0, 1], local_count=10**6) == expected  # probed
    assert _local_rows(db, info, ["a", "b", "v"], keys, [0, 1], local_count=1200) == expected  # scanned


def _seal_of(db, table, key_text):
    return db.execute("SELECT mac FROM row_seals WHERE table_name = ? AND row_key = ?", [table, key_text]).fetchone()


def _read_back_seal(db, table, key):
    """The seal the slow path writes: the stored row read back and sealed."""
    shape = integrity.sealed_tables(db)[table]
    with db.atomic():
        integrity._seal_rows(db, shape, [key])


def test_an_upsert_seals_the_row_its_returning_clause_gives_the_same_as_reading_it_back(db):
    from moi_desktop.db.rows import upsert_links

    db.execute("PRAGMA foreign_keys = OFF")  # link rows to no project: sealing is what is tested
    seen = []
    from moi_desktop.db.changes import listen
    listen(db, lambda _db, change: seen.append(change))
    table, key = "project_sdgs", ("p1", 3)
    with db.atomic():
        upsert_links(db, table, ("project_id", "goal"), [{"project_id": "p1", "goal": 3}], audit=False, at="2026-01-01")
    with db.atomic():  # over the stored row: created_at stays, so the bound values are not the row
        upsert_links(db, table, ("project_id", "goal"), [{"project_id": "p1", "goal": 3}], audit=False, at="2026-02-02")
    assert seen[-1].stored is not None and len(seen[-1].stored) == 1  # sealed from RETURNING, not read back
    stored = db.execute(f"SELECT created_at, updated_at FROM {table} WHERE project_id = 'p1'").fetchone()
    assert tuple(stored) == ("2026-01-01", "2026-02-02")
    text = integrity._key_text(key)
    fast = _seal_of(db, table, text)[0]
    _read_back_seal(db, table, key)
    assert _seal_of(db, table, text)[0] == fast
    assert list(integrity._row_problems(db, integrity._mac_key(db))) == []


def test_an_upsert_its_condition_keeps_changes_nothing_and_stays_sealed(db):
    from moi_desktop.db.rows import upsert_links

    table = "project_sdgs"
    db.execute("PRAGMA foreign_keys = OFF")
    with db.atomic():
        upsert_links(db, table, ("project_id", "goal"), [{"project_id": "p1", "goal": 4}], audit=False, at="2026-01-01")
        kept = upsert_links(db, table, ("project_id", "goal"), [{"project_id": "p1", "goal": 4}], audit=False,
                            at="2026-03-03", only_if="0")
    assert kept == []
    assert db.execute(f"SELECT updated_at FROM {table} WHERE project_id = 'p1'").fetchone()[0] == "2026-01-01"
    assert list(integrity._row_problems(db, integrity._mac_key(db))) == []


def test_rows_inserted_in_bulk_are_sealed_from_their_bound_values_the_same_as_read_back(db):
    from moi_desktop.db.rows import insert_rows

    db.execute("PRAGMA foreign_keys = OFF")
    with db.atomic():
        ids = insert_rows(db, "attendance_events", [
            {"session_id": "s", "member_id": None, "code_kind": "member_id", "result": "present",
             "at": "2026-01-01T01:00:00.000Z", "by_user": "desk", "method": "scan", "detail": None, "backdated": 0},
        ], audit=False)
    fast = _seal_of(db, "attendance_events", ids[0])[0]
    _read_back_seal(db, "attendance_events", ids[0])
    assert _seal_of(db, "attendance_events", ids[0])[0] == fast
    assert list(integrity._row_problems(db, integrity._mac_key(db))) == []


def test_a_table_whose_trigger_rewrites_its_rows_is_read_back_before_sealing(db):
    from moi_desktop.db.rows import upsert_links

    table = "project_sdgs"
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute(f"CREATE TRIGGER probe_rewrite AFTER INSERT ON {table} BEGIN "
               f"UPDATE {table} SET origin = 'trigger' WHERE project_id = NEW.project_id AND goal = NEW.goal; END")
    with db.atomic():
        upsert_links(db, table, ("project_id", "goal"), [{"project_id": "p2", "goal": 5}], audit=False)
    assert db.execute(f"SELECT origin FROM {table} WHERE project_id = 'p2'").fetchone()[0] == "trigger"
    assert list(integrity._row_problems(db, integrity._mac_key(db))) == []
