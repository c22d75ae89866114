"""One number formatter for the screen, and the office's choice of Thai or Arabic digits."""

import pytest

from moi_desktop.errors import UserError
from moi_desktop.office import THAI_DIGITS_KEY, set_thai_digits, uses_thai_digits
from moi_desktop.security.roles import WRITE_ACTIONS
from moi_desktop.thai.numbers import digits, format_count, format_number, format_percent
from tests.accounts_support import ADMIN, CLERK, login


@pytest.mark.parametrize(("thai", "expected"), [
    (True, ("๔๒%", "๑๒ หลัก", "รุ่นที่ ๑", "๑,๒๓๔.๕", "๑,๒๐๐")),
    (False, ("42%", "12 หลัก", "รุ่นที่ 1", "1,234.5", "1,200")),
])
def test_one_form_per_choice(thai, expected):
    got = (format_percent(42.4, thai), format_count(12, "หลัก", thai), digits("รุ่นที่ ๑", thai),
           format_number(1234.5, thai), format_number("๑,๒๐๐", thai))
    assert got == expected


def test_percent_decimals_and_empty_values():
    assert format_percent(42.46, False, 1) == "42.5%"
    assert format_percent(None, True) == "" and format_number(None, True) == "" and format_number("", True) == ""
    assert format_number(12500, True, 2) == "๑๒,๕๐๐.๐๐"


def test_thai_digits_are_the_default_and_the_office_may_turn_them_off(db):
    assert uses_thai_digits(db)
    set_thai_digits(db, False)
    assert not uses_thai_digits(db)
    set_thai_digits(db, True)
    assert uses_thai_digits(db)


def test_the_setting_is_an_office_edit(accounts_db):
    assert WRITE_ACTIONS[f"meta:{THAI_DIGITS_KEY}"] == ("office.edit",)
    login(accounts_db, CLERK)
    with pytest.raises(UserError):
        set_thai_digits(accounts_db, False)
    assert uses_thai_digits(accounts_db)
    login(accounts_db, ADMIN)
    set_thai_digits(accounts_db, False)
    assert not uses_thai_digits(accounts_db)
