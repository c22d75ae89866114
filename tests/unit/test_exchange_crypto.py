"""The bundle envelope: AES-GCM with a scrypt key; each failure has its own Thai message."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moi_desktop.errors import UserError
from moi_desktop.exchange import crypto
from tests.exchange_support import FAST_LOG2_N, PASSWORD


def seal(data=b"hello bundle", **kw):
    return crypto.seal(data, PASSWORD, log2_n=FAST_LOG2_N, **kw)


def message(data, password=PASSWORD, kind=crypto.KIND_BUNDLE):
    with pytest.raises(UserError) as info:
        crypto.open_envelope(data, password, kind=kind)
    return info.value.message


def test_round_trip_and_randomness(fast_kdf):
    a, b = seal(), seal()
    assert crypto.open_envelope(a, PASSWORD) == b"hello bundle"
    assert a != b  # fresh salt and nonce every time
    assert a[crypto.HEADER_LEN:] != b[crypto.HEADER_LEN:]
    assert b"hello" not in a


def test_default_cost_is_real_scrypt():
    data = crypto.seal(b"x", PASSWORD)
    assert data[11] == crypto.DEFAULT_LOG2_N == 15  # header byte: log2(n)
    assert crypto.open_envelope(data, PASSWORD) == b"x"


def test_wrong_password(fast_kdf):
    assert message(seal(), "another-password") == crypto.WRONG_PASSWORD


def test_password_is_unicode_normalised(fast_kdf):
    data = crypto.seal(b"x", "caf\u00e9-12345678", log2_n=FAST_LOG2_N)
    assert crypto.open_envelope(data, "cafe\u0301-12345678") == b"x"


def test_truncated(fast_kdf):
    data = seal()
    assert message(data[:-1]) == crypto.TRUNCATED
    assert message(data[: crypto.HEADER_LEN - 3]) == crypto.TRUNCATED
    assert message(data[:4]) == crypto.TRUNCATED


def test_not_a_bundle(fast_kdf):
    assert message(b"PK\x03\x04 a zip file") == crypto.NOT_A_BUNDLE
    assert message(b"") == crypto.NOT_A_BUNDLE


def test_damaged_body_and_header(fast_kdf):
    data = bytearray(seal())
    data[-5] ^= 0x01
    assert message(bytes(data)) == crypto.DAMAGED
    data = bytearray(seal())
    data[20] ^= 0x40  # inside the salt: the header checksum catches it
    assert message(bytes(data)) == crypto.DAMAGED
    assert message(seal() + b"\x00") == crypto.DAMAGED


def test_newer_format(fast_kdf):
    data = bytearray(seal())
    data[8:10] = (crypto.FORMAT_VERSION + 1).to_bytes(2, "big")
    assert message(bytes(data)) == crypto.NEWER_FORMAT


def test_kind_is_checked(fast_kdf):
    receipt = seal(kind=crypto.KIND_RECEIPT)
    assert "ใบตอบรับ" in message(receipt)
    assert crypto.envelope_kind(receipt) == crypto.KIND_RECEIPT
    assert crypto.envelope_kind(b"junk") is None


def test_password_rules():
    assert crypto.password_problem("short") is not None
    assert crypto.password_problem("aaaaaaaaaaa") is not None
    assert crypto.password_problem(PASSWORD) is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_change_is_refused_with_a_thai_message(fast_kdf, data):
    sealed = _SEALED.get("v") or _SEALED.setdefault("v", crypto.seal(b"payload " * 40, PASSWORD, log2_n=FAST_LOG2_N))
    if data.draw(st.booleans()):
        cut = data.draw(st.integers(0, len(sealed) - 1))
        broken = sealed[:cut]
    else:
        at = data.draw(st.integers(0, len(sealed) - 1))
        bit = data.draw(st.integers(0, 7))
        broken = bytearray(sealed)
        broken[at] ^= 1 << bit
        broken = bytes(broken)
    with pytest.raises(UserError) as info:
        crypto.open_envelope(broken, PASSWORD)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in info.value.message)


_SEALED: dict = {}


def test_keys_derived_ahead_are_the_keys_and_are_used(fast_kdf, tmp_path, monkeypatch):
    files = []
    for n in range(3):
        files.append(tmp_path / f"{n}.moib")
        files[-1].write_bytes(seal(f"bundle {n}".encode()))
    (tmp_path / "junk.moib").write_bytes(b"not an envelope")
    with crypto.KeyPrefetch(PASSWORD) as keys:
        for path in [*files, tmp_path / "junk.moib", tmp_path / "missing.moib"]:
            keys.start(path)  # an unreadable header is left for opening to report
        # Every file opens with the key derived ahead: none is derived again here.
        monkeypatch.setattr(crypto, "derive_key", lambda *a: pytest.fail("derived again"))
        opened = [crypto.open_envelope_file(p, PASSWORD, kind=crypto.KIND_BUNDLE, max_bytes=10**6, keys=keys)[0]
                  for p in files]
        assert [o.getvalue() for o in opened] == [b"bundle 0", b"bundle 1", b"bundle 2"]
        with pytest.raises(UserError) as junk:
            crypto.open_envelope_file(tmp_path / "junk.moib", PASSWORD, kind=crypto.KIND_BUNDLE, max_bytes=10**6,
                                      keys=keys)
        assert junk.value.message == crypto.NOT_A_BUNDLE


def test_a_key_derived_ahead_does_not_open_with_another_password(fast_kdf, tmp_path):
    path = tmp_path / "a.moib"
    path.write_bytes(seal())
    with crypto.KeyPrefetch(PASSWORD) as keys:
        keys.start(path)
        with pytest.raises(UserError) as wrong:
            crypto.open_envelope_file(path, "another-password", kind=crypto.KIND_BUNDLE, max_bytes=10**6, keys=keys)
        assert wrong.value.message == crypto.WRONG_PASSWORD
