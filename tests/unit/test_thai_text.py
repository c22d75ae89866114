import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from moi_desktop.thai import normalize_text
from moi_desktop.thai.text import (
    ZERO_WIDTH,
    clean_text,
    hostile_chars,
    hostile_warning,
    printable,
    strip_hostile,
)

# Text biased towards the troublemakers: Thai letters and marks, spaces, zero-width chars.
_TRICKY = st.text(
    alphabet=st.sampled_from(
        list("กขนมสาำํเแุู่้๊๋ิี ะ\t\n\r") + list(ZERO_WIDTH) + ["\u00a0", "\u0301", "\x07", "a", "5"]
    )
)
_ANY_TEXT = st.one_of(st.text(), _TRICKY)


def test_trims_and_collapses_whitespace():
    assert normalize_text("  นาย   สมชาย\t\tใจดี \n") == "นาย สมชาย ใจดี"
    assert normalize_text("\u00a0สมชาย\u3000ใจดี") == "สมชาย ใจดี"


def test_removes_zero_width_characters():
    assert normalize_text("\u200bสม\u200cชาย\u200d\ufeff ใจ\u00adดี\u200b") == "สมชาย ใจดี"


def test_fixes_split_sara_am():
    assert normalize_text("ทํางาน") == "ทำงาน"
    # Tone mark on either side of the nikhahit, as PDF extraction produces it.
    assert normalize_text("น\u0e4d\u0e49\u0e32") == "น้ำ"
    assert normalize_text("น\u0e49\u0e4d\u0e32") == "น้ำ"
    assert normalize_text("บำบัดทุกข์ บำรุงสุข") == "บำบัดทุกข์ บำรุงสุข"


def test_fixes_double_sara_e():
    assert normalize_text("เเผนงาน") == "แผนงาน"


def test_nfc():
    decomposed = unicodedata.normalize("NFD", "café")
    assert normalize_text(decomposed) == "café"


def test_multiline_keeps_line_breaks():
    text = "  บรรทัดแรก  \r\n\r\n\r\n   บรรทัด   ที่สอง\u200b \n"
    assert normalize_text(text, multiline=True) == "บรรทัดแรก\n\nบรรทัด ที่สอง"
    assert normalize_text(text) == "บรรทัดแรก บรรทัด ที่สอง"


@given(_ANY_TEXT)
def test_idempotent(s):
    once = normalize_text(s)
    assert normalize_text(once) == once


@given(_ANY_TEXT)
def test_idempotent_multiline(s):
    once = normalize_text(s, multiline=True)
    assert normalize_text(once, multiline=True) == once


@given(_ANY_TEXT, st.booleans())
def test_result_is_clean(s, multiline):
    out = normalize_text(s, multiline=multiline)
    assert not any(ch in ZERO_WIDTH for ch in out)
    assert "\u0e4d\u0e32" not in out
    assert unicodedata.is_normalized("NFC", out)
    assert out == out.strip()
    assert "  " not in out
    if not multiline:
        assert "\n" not in out


@given(_ANY_TEXT)
def test_clean_text_is_normalize_text_with_a_shortcut(s):
    assert clean_text(s) == normalize_text(s)


def test_clean_text_removes_control_characters_from_plain_ascii_too():
    # the shortcut for ASCII text once kept them: "AB\x01C" came out of an import unchanged
    assert clean_text("AB\x01C") == normalize_text("AB\x01C") == "ABC"
    assert clean_text(None) == "" and clean_text(12.0) == "12"


HOSTILE = ["\x00", "\x1b", "\x7f", "\x9b", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
           "\u2068", "\u2069", "\u200e", "\u200f"]


@pytest.mark.parametrize("ch", HOSTILE)
def test_control_and_bidi_characters_are_stripped_everywhere(ch):
    text = f"สม{ch}ชาย{ch} ใจดี"
    assert normalize_text(text) == clean_text(text) == "สมชาย ใจดี"
    assert normalize_text(text + "\nบรรทัด", multiline=True) == "สมชาย ใจดี\nบรรทัด"
    assert printable(text) == "สมชาย ใจดี"
    assert hostile_chars(text) == [ch]
    warning = hostile_warning(text)
    assert warning is not None and f"U+{ord(ch):04X}" in warning


def test_bidi_override_cannot_disguise_a_file_name():
    assert clean_text("รายงาน\u202egpj.exe") == "รายงานgpj.exe"


def test_newline_and_tab_are_whitespace_not_hostile():
    assert hostile_chars("ก\tข\nค\r\x0bง\x0c") == []
    assert hostile_warning("ปกติ") is None
    assert normalize_text("ก\tข\nค", multiline=True) == "ก ข\nค"
    assert printable("ก\tข\rค\r\nง") == "ก ข\nค\nง"


@given(st.text(alphabet=st.sampled_from(HOSTILE + list("กข \n\ta"))))
def test_nothing_hostile_survives_cleaning(s):
    for out in (normalize_text(s), normalize_text(s, multiline=True), clean_text(s), printable(s)):
        assert hostile_chars(out) == []


def test_printable_drops_invisibles_and_composes_sara_am():
    assert printable("น\u200bํา\ufeff ใจ\u00adดี") == "นำ ใจดี"


@given(_ANY_TEXT)
@example("\r\x08\n")  # a control character between \r and \n: one line break once it is gone
def test_printable_keeps_spacing_exactly(s):
    out = printable(s)
    s = strip_hostile(s.translate({ord(ch): None for ch in ZERO_WIDTH})).replace("\r\n", "\n")
    assert not any(ch in ZERO_WIDTH for ch in out)
    # every whitespace character stays, as itself or (a whitespace control) as a space or newline
    assert len([ch for ch in out if ch.isspace()]) == len([ch for ch in s if ch.isspace()])
    assert [ch for ch in out if ch.isspace() and ch not in " \n"] == [
        ch for ch in s if ch.isspace() and ch not in " \n\r\t\x0b\x0c\x1c\x1d\x1e\x1f\x85"]


def _printable_the_long_way(s: str) -> str:
    from moi_desktop.thai import text

    s = text._HOSTILE.sub("", s.translate(text._REMOVE_ZERO_WIDTH)).replace("\r\n", "\n")
    return s.translate(text._WHITESPACE_CONTROLS).replace(text.NIKHAHIT + text.SARA_AA, text.SARA_AM)


def test_printable_passes_untouched_only_what_it_would_not_change():
    """printable() returns a text at once when it holds nothing to drop or change: every
    character of the plane, between Thai letters, comes out as the full transformation gives it."""
    from moi_desktop.thai.text import printable

    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        s = f"ก{chr(code)}\u0e32ข"  # the character, then sara aa (ํ + า composes)
        assert printable(s) == _printable_the_long_way(s), hex(code)
