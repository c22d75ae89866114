"""Decoding scanner input: name-card QR (member id), ID card numbers, names, Thai keyboard layout."""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moi_desktop.errors import UserError
from moi_desktop.thai import to_thai_digits
from moi_desktop.trainings.scan import MEMBER_ID, NAME, NATIONAL_ID, decode
from tests.attendance_support import valid_national_id

# US key → what the same key types with the Thai Kedmanee layout switched on.
US_TO_THAI = dict(zip("1234567890-abcdef", "ๅ/-ภถุึคตจขฟิแกำด", strict=True))


def as_thai_layout(text: str) -> str:
    return "".join(US_TO_THAI[c] for c in text)


def test_member_id_alone_or_inside_text():
    mid = str(uuid.uuid4())
    assert decode(mid) == decode(f"MOI:{mid.upper()}\n") == decode(f"https://x/m/{mid}")
    assert decode(mid).kind == MEMBER_ID and decode(mid).value == mid


def test_national_id_with_dashes_and_thai_digits():
    nid = valid_national_id("110170012345")
    formatted = f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"
    for text in (nid, formatted, to_thai_digits(formatted)):
        assert decode(text).kind == NATIONAL_ID and decode(text).value == nid


def test_bad_check_digit_and_wrong_length_are_refused_in_thai():
    nid = valid_national_id("110170012345")
    wrong = nid[:12] + str((int(nid[12]) + 1) % 10)
    with pytest.raises(UserError, match="ไม่ถูกต้อง"):
        decode(wrong)
    with pytest.raises(UserError, match="๑๓ หลัก"):
        decode("12345")
    with pytest.raises(UserError):
        decode("   ")


def test_scanner_typing_with_thai_layout_is_read_back():
    mid = str(uuid.uuid4())
    nid = valid_national_id("310170012345")
    assert decode(as_thai_layout(mid)).value == mid
    assert decode(as_thai_layout(nid)) == decode(nid)


def test_thai_names_stay_names():
    for text in ("สมชาย", "นางสาว กาญจนา  ศรีสุข", "ดำ", "กก"):
        code = decode(text)
        assert code.kind == NAME and "  " not in code.value


@given(st.uuids())
def test_any_uuid_round_trips_through_both_layouts(u):
    text = str(u)
    assert decode(text).value == text
    assert decode(as_thai_layout(text)).value == text


@given(st.text(max_size=60))
def test_decode_never_crashes(text):
    try:
        code = decode(text)
    except UserError as exc:
        assert exc.message
    else:
        assert code.kind in (MEMBER_ID, NATIONAL_ID, NAME) and code.value
