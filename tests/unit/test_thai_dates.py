from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moi_desktop.errors import UserError
from moi_desktop.thai import (
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    format_thai_date,
    format_thai_date_range,
    format_thai_datetime,
    format_thai_time,
    parse_thai_date,
    to_arabic_digits,
)

AUG_30 = date(2022, 8, 30)


def test_month_tables():
    assert len(THAI_MONTHS) == len(THAI_MONTHS_SHORT) == 12
    assert THAI_MONTHS[7] == "สิงหาคม"
    assert THAI_MONTHS_SHORT == (
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    )  # fmt: skip


def test_format_styles():
    assert format_thai_date(AUG_30) == "๓๐ สิงหาคม ๒๕๖๕"
    assert format_thai_date(AUG_30, "medium") == "๓๐ ส.ค. ๒๕๖๕"
    assert format_thai_date(AUG_30, "short") == "๓๐ ส.ค. ๖๕"
    assert format_thai_date(AUG_30, "full", thai_digits=False) == "30 สิงหาคม 2565"
    assert format_thai_date("2022-01-04", "medium", thai_digits=False) == "4 ม.ค. 2565"
    assert format_thai_date(date(2008, 1, 4), "short", thai_digits=False) == "4 ม.ค. 51"


def test_day_is_not_zero_padded():
    assert format_thai_date(date(2021, 12, 2)) == "๒ ธันวาคม ๒๕๖๔"


def test_unknown_style_is_a_bug():
    with pytest.raises(ValueError):
        format_thai_date(AUG_30, "long")


def test_time_and_datetime():
    assert format_thai_time(time(14, 30)) == "๑๔.๓๐ น."
    assert format_thai_time(time(9, 5), thai_digits=False) == "09.05 น."
    assert format_thai_datetime(datetime(2022, 8, 30, 14, 30)) == "๓๐ สิงหาคม ๒๕๖๕ เวลา ๑๔.๓๐ น."


def test_datetime_is_shown_in_bangkok_time():
    # Stored UTC timestamps (as the database writes them) are shown in Bangkok time, UTC+7,
    # which may fall on the next day.
    assert format_thai_datetime("2022-08-30T07:30:00.000Z") == "๓๐ สิงหาคม ๒๕๖๕ เวลา ๑๔.๓๐ น."
    late = datetime(2022, 8, 29, 20, 15, tzinfo=UTC)
    assert format_thai_datetime(late, thai_digits=False) == "30 สิงหาคม 2565 เวลา 03.15 น."


def test_ranges():
    assert format_thai_date_range(date(2022, 8, 6), date(2022, 8, 9)) == "๖ – ๙ สิงหาคม ๒๕๖๕"
    assert (
        format_thai_date_range(date(2022, 7, 30), date(2022, 8, 2))
        == "๓๐ กรกฎาคม – ๒ สิงหาคม ๒๕๖๕"
    )
    assert (
        format_thai_date_range(date(2022, 12, 30), date(2023, 1, 2), thai_digits=False)
        == "30 ธันวาคม 2565 – 2 มกราคม 2566"
    )
    assert format_thai_date_range(AUG_30, AUG_30) == "๓๐ สิงหาคม ๒๕๖๕"


def test_backwards_range_is_a_user_error():
    with pytest.raises(UserError) as err:
        format_thai_date_range(date(2022, 8, 9), date(2022, 8, 6))
    assert "ก่อนวันเริ่มต้น" in err.value.message


@pytest.mark.parametrize(
    "text",
    [
        "30/08/2565",
        "30/8/65",
        "๓๐/๐๘/๒๕๖๕",
        "30-08-2565",
        "30.08.2565",
        "30 สิงหาคม 2565",
        "๓๐ สิงหาคม ๒๕๖๕",
        "๓๐ ส.ค. ๖๕",
        "๓๐ ส.ค. ๒๕๖๕",
        "30 สค 65",
        "30ส.ค.65",
        "วันที่ ๓๐ สิงหาคม พ.ศ. ๒๕๖๕",
        "ลงวันที่ ๓๐ สิงหาคม ๒๕๖๕",
        "วันอังคารที่ ๓๐ สิงหาคม ๒๕๖๕",
        "วันที่..... 30 ส.ค. 2565",
        "2022-08-30",
        "30/08/2022",
        "30 สิงหาคม ค.ศ. 2022",
        "  ๓๐  สิงหาคม\u200b  ๒๕๖๕ ",
    ],
)
def test_parse_accepted_forms(text):
    assert parse_thai_date(text) == AUG_30


def test_parse_seed_forms():
    assert parse_thai_date("4 ม.ค. 2565") == date(2022, 1, 4)
    assert parse_thai_date("วันที่ 7 ธ.ค. 2563") == date(2020, 12, 7)
    assert parse_thai_date("๑๙ พฤศจิกายน ๒๕๖๔") == date(2021, 11, 19)
    assert parse_thai_date("๒ ตุลาคม พ.ศ. ๒๕๖๕") == date(2022, 10, 2)


def test_pa_sa_marks_a_buddhist_year_even_below_2400():
    assert parse_thai_date("1 มกราคม พ.ศ. 2399") == date(1856, 1, 1)
    assert parse_thai_date("1 มกราคม 2399") == date(2399, 1, 1)


def test_parse_passes_dates_through():
    assert parse_thai_date(AUG_30) == AUG_30
    assert parse_thai_date(datetime(2022, 8, 30, 10, 0)) == AUG_30


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31 ก.พ. 2565", "มี ๒๘ วัน"),
        ("29/02/2566", "มี ๒๘ วัน"),
        ("30/13/2565", "เดือน"),
        ("31 มิถุนายน 2565", "มี ๓๐ วัน"),
        ("garbage", "อ่านวันที่"),
        ("30 สิงหา 2565", "ชื่อเดือน"),
        ("30/08/565", "อ่านวันที่"),
        ("", "ยังไม่ได้กรอก"),
    ],
)
def test_parse_rejects_with_thai_message_naming_the_text(text, fragment):
    with pytest.raises(UserError) as err:
        parse_thai_date(text)
    assert fragment in err.value.message
    if text:
        assert text in err.value.message


def test_leap_day_in_be_year():
    assert parse_thai_date("29/02/2567") == date(2024, 2, 29)


_DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(_DATES, st.sampled_from(["full", "medium"]), st.booleans())
def test_format_parse_round_trip(d, style, thai_digits):
    assert parse_thai_date(format_thai_date(d, style, thai_digits)) == d


@given(st.dates(min_value=date(1957, 1, 1), max_value=date(2056, 12, 31)), st.booleans())
def test_short_style_round_trips_within_its_century(d, thai_digits):
    # Two-digit years are read as BE 25xx, i.e. CE 1957–2056.
    assert parse_thai_date(format_thai_date(d, "short", thai_digits)) == d


@given(_DATES)
def test_numeric_be_forms_round_trip(d):
    be = d.year + 543
    assert parse_thai_date(f"{d.day}/{d.month}/{be}") == d
    assert parse_thai_date(f"{d.day:02d}/{d.month:02d}/{d.year}") == d
    assert parse_thai_date(d.isoformat()) == d


@given(_DATES, st.integers(min_value=1, max_value=40))
def test_range_text_contains_both_days(start, days):
    end = start + timedelta(days=days)
    text = to_arabic_digits(format_thai_date_range(start, end, thai_digits=False))
    left, right = text.split(" – ")
    assert left.startswith(f"{start.day}")
    assert parse_thai_date(right) == end


def _assert_date_or_user_error(s):
    try:
        result = parse_thai_date(s)
    except UserError as err:
        assert err.message
    else:
        assert isinstance(result, date)


@given(st.text(max_size=30))
def test_parse_anything_gives_a_date_or_a_user_error(s):
    _assert_date_or_user_error(s)


@given(st.text(alphabet="0123456789๐๑๒๙/.- สค.กพมีพศวันที่ลง", max_size=24))
def test_parse_date_like_noise_gives_a_date_or_a_user_error(s):
    _assert_date_or_user_error(s)
