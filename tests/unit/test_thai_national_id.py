import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from moi_desktop.errors import UserError
from moi_desktop.thai import (
    format_national_id,
    is_valid_national_id,
    mask_national_id,
    national_id_problem,
    national_id_warning,
    normalize_national_id,
)
from moi_desktop.thai.national_id import check_digit

VALID = "1101700203450"  # check digit by hand: Σ dᵢ·(14−i) = 144, (11 − 144 mod 11) mod 10 = 0


def test_hand_computed_check_digit():
    assert check_digit(VALID[:12]) == 0
    assert is_valid_national_id(VALID)


def test_normalize():
    assert normalize_national_id("๑-๑๐๑๗-๐๐๒๐๓-๔๕-๐") == VALID
    assert normalize_national_id(" 1 1017 00203 45 0 ") == VALID
    assert normalize_national_id(1101700203450) == VALID
    assert normalize_national_id(1101700203450.0) == VALID
    assert normalize_national_id("1-1017-0020x-45-1") == "110170020x451"


def test_problems_are_thai_messages():
    assert national_id_problem(VALID) is None
    assert "ยังไม่ได้กรอก" in national_id_problem("  ")
    assert "ตัวเลขเท่านั้น" in national_id_problem("1-1017-0020x-45-1")
    assert "๑๓ หลัก" in national_id_problem("110170020345")
    assert "(กรอกมา ๑๒ หลัก)" in national_id_problem("110170020345")  # one script of digits in a message
    assert "หลักสุดท้าย" in national_id_problem("1101700203451")


def test_leading_zero_is_valid_but_warned():
    n = "010170020345"
    n += str(check_digit(n))
    assert is_valid_national_id(n)
    assert "ขึ้นต้นด้วย ๐" in national_id_warning(n)
    assert national_id_warning(VALID) is None
    assert national_id_warning("123") is None


def test_format_and_mask():
    assert format_national_id(VALID) == "1-1017-00203-45-0"
    assert format_national_id("๑๑๐๑๗๐๐๒๐๓๔๕๐") == "1-1017-00203-45-0"
    assert mask_national_id(VALID) == "1-xxxx-xxxx3-45-0"


@pytest.mark.parametrize("fn", [format_national_id, mask_national_id])
def test_format_needs_13_digits(fn):
    with pytest.raises(UserError) as err:
        fn("12345")
    assert "๑๓ หลัก" in err.value.message
    assert err.value.field == "national_id"


_FIRST12 = st.text(alphabet="0123456789", min_size=12, max_size=12)


def _make_id(first12: str) -> str:
    return first12 + str(check_digit(first12))


@given(_FIRST12)
def test_generated_ids_validate(first12):
    n = _make_id(first12)
    assert is_valid_national_id(n)
    assert is_valid_national_id(format_national_id(n))
    assert normalize_national_id(format_national_id(n)) == n


def _residue(n: str) -> int:
    return sum(int(ch) * (13 - i) for i, ch in enumerate(n[:12])) % 11


@given(_FIRST12, st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=9))
def test_single_digit_changes_are_caught_except_the_schemes_blind_spots(first12, position, delta):
    # The official scheme cannot catch everything: the 3rd digit has weight 11 ≡ 0 (mod 11), and
    # residues 0 and 10 both give check digit 1. Every other single-digit change is caught.
    n = _make_id(first12)
    changed = str((int(n[position]) + delta) % 10)
    wrong = n[:position] + changed + n[position + 1 :]
    blind = position == 2 or {_residue(n), _residue(wrong)} == {0, 10}
    assert is_valid_national_id(wrong) == blind


@given(_FIRST12, st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=9))
def test_changes_outside_the_third_digit_are_caught_when_the_check_digit_is_2_to_9(
    first12, position, delta
):
    n = _make_id(first12)
    assume(n[12] not in "01" and position != 2)
    changed = str((int(n[position]) + delta) % 10)
    assert not is_valid_national_id(n[:position] + changed + n[position + 1 :])


def test_known_blind_spot_of_the_third_digit():
    # Documented so nobody "fixes" the validator: the scheme itself accepts this typo.
    assert is_valid_national_id(VALID[:2] + "9" + VALID[3:])


@given(_FIRST12)
def test_mask_hides_the_middle(first12):
    n = _make_id(first12)
    masked = mask_national_id(n)
    assert masked.replace("-", "")[1:9] == "x" * 8
    assert masked[0] == n[0] and masked.replace("-", "")[9:] == n[9:]
    assert [len(g) for g in masked.split("-")] == [1, 4, 5, 2, 1]
