"""Fuzz: random truncations and byte flips of a valid bundle are all refused with a Thai message
(UserError) and leave the receiving database byte-for-byte as it was."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moi_desktop.db.rows import insert_row
from moi_desktop.errors import UserError
from moi_desktop.exchange import export_bundle, import_bundle
from tests.exchange_support import (
    PASSWORD,
    file_state,
)


@pytest.fixture
def setup(make_office_db, fast_kdf, tmp_path):
    district = make_office_db("d", "district", "6205")
    province = make_office_db("p", "province", "62")
    for i in range(20):
        insert_row(district, "members", {"first_name": f"สมาชิก{i}", "sector": "people", "active": 1,
                                         "phone": f"08100000{i:02d}"})
    path = export_bundle(district, tmp_path / "good.moib", PASSWORD).path
    data = tmp_path.joinpath("good.moib").read_bytes()
    assert str(tmp_path / "good.moib") == path
    return province, data, file_state(province.path), tmp_path


def _is_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_broken_bundles_are_refused_and_change_nothing(setup, data):
    province, good, state, tmp_path = setup
    if data.draw(st.booleans(), label="truncate"):
        broken = good[: data.draw(st.integers(0, len(good) - 1), label="keep")]
    else:
        flips = data.draw(st.lists(st.tuples(st.integers(0, len(good) - 1), st.integers(0, 7)), min_size=1,
                                   max_size=3), label="flips")
        buf = bytearray(good)
        for at, bit in flips:
            buf[at] ^= 1 << bit
        broken = bytes(buf)
        if broken == good:  # two flips of the same bit cancel out
            return
    path = tmp_path / "broken.moib"
    path.write_bytes(broken)
    with pytest.raises(UserError) as info:
        import_bundle(province, path, PASSWORD)
    assert _is_thai(info.value.message)
    assert file_state(province.path) == state
    assert not (tmp_path / "broken.receipt.moir").exists()


def test_the_unbroken_bundle_imports(setup):
    province, good, state, tmp_path = setup
    path = tmp_path / "again.moib"
    path.write_bytes(good)
    assert import_bundle(province, path, PASSWORD).tables["members"]["new"] == 20
    assert file_state(province.path) != state


@pytest.fixture
def plaintext_setup(setup):
    """The good bundle's decrypted zip, and the province's data after importing it once."""
    from moi_desktop.exchange.crypto import open_envelope
    from tests.exchange_support import user_data_dump

    province, good, _, tmp_path = setup
    plain = open_envelope(good, PASSWORD)
    path = tmp_path / "good-again.moib"
    path.write_bytes(good)
    import_bundle(province, path, PASSWORD)
    return province, plain, user_data_dump(province), tmp_path


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_broken_zips_inside_a_good_envelope_are_refused_or_change_nothing(plaintext_setup, data):
    # Someone holding the password re-seals a damaged or tampered zip: the streaming reader, the
    # signature and the hashes must turn every change into a Thai refusal — or, where the change
    # touches nothing that is read (a member's timestamp), into the very same data.
    from moi_desktop.exchange import crypto
    from tests.exchange_support import FAST_LOG2_N, user_data_dump

    province, plain, expected, tmp_path = plaintext_setup
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(plain) - 1), st.integers(0, 7)), min_size=1,
                               max_size=3), label="flips")
    buf = bytearray(plain)
    for at, bit in flips:
        buf[at] ^= 1 << bit
    path = tmp_path / "tampered.moib"
    path.write_bytes(crypto.seal(bytes(buf), PASSWORD, log2_n=FAST_LOG2_N))
    state = file_state(province.path)
    try:
        import_bundle(province, path, PASSWORD)
    except UserError as exc:
        assert _is_thai(exc.message)
        assert file_state(province.path) == state
    else:
        assert user_data_dump(province) == expected
