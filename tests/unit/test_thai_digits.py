from hypothesis import given
from hypothesis import strategies as st

from moi_desktop.thai import to_arabic_digits, to_thai_digits


def test_examples():
    assert to_thai_digits("30 สิงหาคม 2565") == "๓๐ สิงหาคม ๒๕๖๕"
    assert to_thai_digits(2565) == "๒๕๖๕"
    assert to_arabic_digits("มท ๐๓๑๘.๑/ว ๕๒") == "มท 0318.1/ว 52"
    assert to_arabic_digits("abc") == "abc"


@given(st.text())
def test_round_trip_from_arabic(s):
    # Any text without Thai digits survives a trip through Thai digits unchanged.
    s = to_arabic_digits(s)
    assert to_arabic_digits(to_thai_digits(s)) == s


@given(st.text())
def test_round_trip_from_thai(s):
    s = to_thai_digits(s)
    assert to_thai_digits(to_arabic_digits(s)) == s


@given(st.text())
def test_conversion_leaves_no_digit_of_the_other_kind(s):
    assert not any(ch in "0123456789" for ch in to_thai_digits(s))
    assert not any(ch in "๐๑๒๓๔๕๖๗๘๙" for ch in to_arabic_digits(s))
    assert len(to_thai_digits(s)) == len(s)
