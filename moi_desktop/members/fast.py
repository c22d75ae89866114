"""Shortcuts for the common case of the Thai ID and phone helpers, for imports of thousands of rows.

A cell such as "3-7631-70669-07-7" or "0839150008" is plain ASCII: no Thai digits to convert, no
extension or +66 to handle. For those the general helpers spend most of their time on cases that
do not arise (str.translate alone is ~3 µs a cell). Each function here returns exactly what the
helper it stands for returns — anything unusual is handed to that helper — and property tests
(tests/unit/test_members_fast.py) hold them to it.
"""

from operator import mul

from moi_desktop.thai import national_id_problem, normalize_national_id, normalize_phone, phone_problem
from moi_desktop.thai.phone import LANDLINE_PREFIXES, MOBILE_PREFIXES

_ID_WEIGHTS = tuple(range(13, 1, -1))  # thai.national_id.check_digit: digit i weighs 13 − i
_ZERO_SUM = 48 * sum(_ID_WEIGHTS)  # the weighted sum of twelve "0" characters' code points


def national_id_digits(raw: str | int | float) -> str:
    """normalize_national_id(raw)."""
    if type(raw) is str and raw.isascii():
        plain = raw.replace("-", "").replace(" ", "")
        if plain.isdigit():
            return plain
    return normalize_national_id(raw)


def national_id_ok(digits: str) -> bool:
    """national_id_problem(digits) is None, for any text (the shortcut: 13 ASCII digits)."""
    if len(digits) != 13 or not digits.isascii() or not digits.isdigit():
        return national_id_problem(digits) is None
    total = sum(map(mul, digits[:12].encode(), _ID_WEIGHTS)) - _ZERO_SUM
    return (11 - total % 11) % 10 == ord(digits[12]) - 48


def phone_digits(raw: str | int | float) -> str:
    """normalize_phone(raw)."""
    if type(raw) is str and raw.isascii():
        plain = raw.replace("-", "").replace(" ", "")
        # "66…" may be a country code (normalize_phone decides by length); "+66" fails isdigit.
        if plain.isdigit() and not plain.startswith("66"):
            return plain
    return normalize_phone(raw)


def phone_ok(phone: str) -> bool:
    """phone_problem(phone) is None, for any text: a number the form accepts is accepted here.

    The shortcut answers for plain ASCII digits. "66…" is handed to phone_problem, which reads
    66812345678 (eleven or twelve digits) as +66 81 234 5678: clerks copy numbers written that way.
    """
    if phone.isascii() and phone.isdigit() and not phone.startswith("66"):
        return (len(phone) == 10 and phone.startswith(MOBILE_PREFIXES)) or (
            len(phone) == 9 and phone.startswith(LANDLINE_PREFIXES)
        )
    return phone_problem(phone) is None
