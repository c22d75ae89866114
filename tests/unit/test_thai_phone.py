import pytest

from moi_desktop.errors import UserError
from moi_desktop.thai import format_phone, normalize_phone, phone_problem


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("081-234-5678", "0812345678"),
        ("๐๘๑ ๒๓๔ ๕๖๗๘", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("+66 (0)81-234-5678", "0812345678"),
        ("66812345678", "0812345678"),
        ("โทร. ๐-๒๒๔๑-๙๐๑๔", "022419014"),
        ("๐ ๒๒๒๓ ๕๒๔๗", "022235247"),
        ("02-123-4567 ต่อ 12", "021234567 ต่อ 12"),
        ("02 123 4567 ext. 305", "021234567 ต่อ 305"),
        (812345678, "0812345678"),  # a spreadsheet number that lost its leading 0
        (21234567.0, "021234567"),
    ],
)
def test_normalize(raw, normalized):
    assert normalize_phone(raw) == normalized


@pytest.mark.parametrize(
    "raw", ["0812345678", "0612345678", "0912345678", "021234567", "053123456"]
)
def test_valid(raw):
    assert phone_problem(raw) is None


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "ยังไม่ได้กรอก"),
        ("081234567", "มือถือต้องมี ๑๐ หลัก"),
        ("02123456", "พื้นฐานต้องมี ๙ หลัก"),
        ("0212345678", "พื้นฐานต้องมี ๙ หลัก"),
        ("812345678", "ขึ้นต้นด้วย ๐"),
        ("011234567", "รหัสนำหน้า"),
        ("081-234-5678, 02-123-4567", "มือถือต้องมี ๑๐ หลัก"),
    ],
)
def test_problems(raw, fragment):
    assert fragment in phone_problem(raw)


def test_format():
    assert format_phone("0812345678") == "081-234-5678"
    assert format_phone("๐๒๑๒๓๔๕๖๗") == "02-123-4567"
    assert format_phone("053123456") == "053-123-456"
    assert format_phone("021234567 ต่อ 12") == "02-123-4567 ต่อ 12"
    assert format_phone("+66812345678") == "081-234-5678"


def test_format_rejects_invalid():
    with pytest.raises(UserError) as err:
        format_phone("12345")
    assert err.value.field == "phone"
