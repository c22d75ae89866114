"""Bounded input (issue 13, finding 5, bundles): sizes are checked before anything is inflated and
counted while reading; memory for an import stays bounded whatever the bundle claims. Each bomb is
refused with a Thai message and leaves the database byte-for-byte as it was."""

import hashlib
import io
import json
import struct
import tracemalloc
import zipfile

import pytest

from moi_desktop.db.ids import new_id
from moi_desktop.db.rows import insert_row, installation_id, set_meta
from moi_desktop.errors import UserError
from moi_desktop.exchange import crypto, export_bundle, import_bundle
from moi_desktop.exchange.container import MANIFEST, SIGNATURE, build_zip
from moi_desktop.exchange.limits import DEFAULT_LIMITS, MiB, limits_for
from moi_desktop.exchange.signing import signing_key
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

BOMB_BYTES = 200_000_000
MEMORY_BOUND = 32 * MiB  # what an import may allocate (Python heap) whatever the bundle claims


@pytest.fixture
def pair(make_office_db, fast_kdf, tmp_path):
    district = make_office_db("d", "district", "6205")
    province = make_office_db("p", "province", "62")
    insert_row(district, "members", {"first_name": "ก", "sector": "people", "active": 1})
    real = export_bundle(district, tmp_path / "real.moib", PASSWORD)
    return district, province, unpack_bundle(real.path)


def _bomb_rows(district, template: dict, line_bytes: int) -> list[dict]:
    """Valid member rows of the district's own, each about `line_bytes` of JSON, BOMB_BYTES in all."""
    name = "ก" * (line_bytes // 3)  # 3 bytes of UTF-8 each
    return [{**template, "id": new_id(), "first_name": name, "origin": installation_id(district)}
            for _ in range(-(-BOMB_BYTES // line_bytes))]


def _make_bomb(district, parts, tmp_path, line_bytes):
    manifest, tables, files = (json.loads(json.dumps(parts[0])), dict(parts[1]), dict(parts[2]))
    template = table_rows(manifest, tables, "members")[0]
    set_table_rows(manifest, tables, "members", _bomb_rows(district, template, line_bytes))
    assert len(tables["members"]) > BOMB_BYTES
    path = repack_bundle(tmp_path / "bomb.moib", manifest, tables, files, signing_key(district))
    return path


def _import_measured(db, path, **kw):
    """(UserError message or report, peak Python memory in bytes during the import)."""
    tracemalloc.start()
    try:
        try:
            outcome = import_bundle(db, path, PASSWORD, **kw)
        except UserError as exc:
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_a_small_bundle_inflating_to_200_mb_is_refused_before_inflating(pair, tmp_path):
    district, province, parts = pair
    path = _make_bomb(district, parts, tmp_path, line_bytes=3 * MiB)
    assert path.stat().st_size < 1_000_000  # the reported attack: 417 KB
    before = file_state(province.path)
    outcome, peak = _import_measured(province, path)
    assert isinstance(outcome, UserError)
    assert "บีบอัดไว้มากผิดปกติ" in outcome.message and "tables/members.jsonl" in outcome.message
    assert peak < 4 * MiB  # the zip (under 1 MB) and its directory: nothing was inflated
    assert file_state(province.path) == before


@pytest.mark.slow
def test_memory_stays_bounded_when_a_big_bundle_is_within_the_limits(pair, tmp_path):
    # With the ratio check lifted, the same 200 MB is read as a stream and previewed in batches:
    # the heap never holds more than a batch, whatever the bundle inflates to.
    district, province, parts = pair
    set_meta(province, "exchange.limit.ratio", "100000")
    path = _make_bomb(district, parts, tmp_path, line_bytes=1 * MiB)
    outcome, peak = _import_measured(province, path, dry_run=True)
    assert not isinstance(outcome, UserError), outcome
    assert outcome.tables["members"]["new"] > 190
    assert peak < MEMORY_BOUND, f"peak {peak / MiB:.1f} MiB"


@pytest.mark.slow
def test_one_enormous_row_is_refused_while_streaming(pair, tmp_path):
    district, province, parts = pair
    set_meta(province, "exchange.limit.ratio", "100000")
    path = _make_bomb(district, parts, tmp_path, line_bytes=BOMB_BYTES)
    before = file_state(province.path)
    outcome, peak = _import_measured(province, path)
    assert isinstance(outcome, UserError) and "ยาวเกินกำหนด" in outcome.message and "members" in outcome.message
    assert peak < MEMORY_BOUND, f"peak {peak / MiB:.1f} MiB"
    assert file_state(province.path) == before


def _lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """The zip with `member`'s uncompressed size rewritten to `declared` in both of its headers."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        local, central = zf.getinfo(member).header_offset, zf.start_dir
    struct.pack_into("<I", buf, local + 22, declared)  # local file header: uncompressed size
    at = data.find(b"PK\x01\x02", central)  # central directory entries
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == member.encode():
            struct.pack_into("<I", buf, at + 24, declared)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(buf)


def test_a_member_lying_about_its_size_is_caught_while_reading(pair, tmp_path):
    district, province, parts = pair
    manifest, tables, files = parts
    data = build_zip(manifest, tables, files, signing_key(district))
    lying = _lie_about_size(data, "tables/members.jsonl", 10)
    path = tmp_path / "lying.moib"
    path.write_bytes(crypto.seal(lying, PASSWORD, log2_n=FAST_LOG2_N))
    before = file_state(province.path)
    with pytest.raises(UserError) as info:
        import_bundle(province, path, PASSWORD)
    assert info.value.message == crypto.DAMAGED  # inflating stopped at the declared 10 bytes
    assert file_state(province.path) == before


@pytest.mark.parametrize(("setting", "value", "expected"), [
    ("table_bytes", 100, "tables/"),
    ("tables_total_bytes", 100, "ตารางในชุดข้อมูลรวมกันใหญ่เกินกำหนด"),
    ("manifest_bytes", 100, "manifest.json"),
    ("entries", 3, "เกินกำหนด 3 ไฟล์"),
    ("file_bytes", 1000, "ไฟล์ชุดข้อมูลใหญ่เกินกำหนด"),
])
def test_each_limit_is_configurable_and_refuses_in_thai(pair, tmp_path, setting, value, expected):
    district, province, _ = pair
    path = export_bundle(district, tmp_path / "b.moib", PASSWORD, everything=True).path
    set_meta(province, f"exchange.limit.{setting}", str(value))
    before = file_state(province.path)
    with pytest.raises(UserError) as info:
        import_bundle(province, path, PASSWORD)
    assert expected in info.value.message
    assert file_state(province.path) == before


def test_a_photo_over_the_photo_limit_is_refused(pair, tmp_path):
    district, province, parts = pair
    manifest, tables, _ = parts
    photo = b"\xff\xd8\xff" + b"\0" * (DEFAULT_LIMITS.photo_bytes + 1)
    digest = hashlib.sha256(photo).hexdigest()
    path = repack_bundle(tmp_path / "photo.moib", manifest, tables, {f"files/photos/{digest}.jpg": photo},
                         signing_key(district))
    with pytest.raises(UserError) as info:
        import_bundle(province, path, PASSWORD)
    assert f"files/photos/{digest}.jpg" in info.value.message and "ใหญ่เกินกำหนด" in info.value.message


def test_unknown_members_are_refused(pair, tmp_path):
    district, province, parts = pair
    manifest, tables, files = parts
    data = build_zip(manifest, tables, files, signing_key(district))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["extra.bin"] = b"x"
    path = tmp_path / "extra.moib"
    path.write_bytes(crypto.seal(zip_bytes(members), PASSWORD, log2_n=FAST_LOG2_N))
    with pytest.raises(UserError) as info:
        import_bundle(province, path, PASSWORD)
    assert info.value.message == crypto.DAMAGED
    assert {MANIFEST, SIGNATURE} <= set(members)


def test_limits_come_from_meta_with_sane_defaults(db):
    assert limits_for(db) == DEFAULT_LIMITS
    assert (DEFAULT_LIMITS.table_bytes, DEFAULT_LIMITS.tables_total_bytes) == (256 * MiB, 1024 * MiB)
    set_meta(db, "exchange.limit.table_bytes", "1000")
    set_meta(db, "exchange.limit.ratio", "not a number")
    set_meta(db, "exchange.limit.nonsense", "5")
    assert limits_for(db).table_bytes == 1000 and limits_for(db).ratio == DEFAULT_LIMITS.ratio
