"""The import's fast paths give exactly what the slow ones give: rows decoded a batch at a time,
and row seals computed from the values just inserted (only where SQLite stores them unchanged)."""

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
    assert integrity._inserted_rows(db, shape, (shape.columns, rows)) is not None  # the fast path
    with db.atomic():
        merge_rows(db, "members", shape.columns, ("id",), rows, existing=False)
    assert list(integrity._row_problems(db, integrity._mac_key(db))) == []


def test_a_value_sqlite_converts_is_read_back_before_sealing(db):
    shape = integrity.sealed_tables(db)["members"]
    converted = _member(db, shape, 812345678)  # an int into the TEXT phone column is stored as text
    assert integrity._inserted_rows(db, shape, (shape.columns, [converted])) is None  # read back instead
    with db.atomic():
        merge_rows(db, "members", shape.columns, ("id",), [converted], existing=False)
    assert db.execute("SELECT phone FROM members WHERE id = ?", [converted[0]]).fetchone()[0] == "812345678"
    assert list(integrity._row_problems(db, integrity._mac_key(db))) == []


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
