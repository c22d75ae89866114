"""Buddhist-era dates: formatting for display and documents, and parsing what users type.

The database keeps ISO (Gregorian) dates; BE years and Thai digits exist only here, at display.
"""

import re
from datetime import date, datetime, time, timedelta, timezone

from moi_desktop.errors import UserError
from moi_desktop.thai.digits import to_arabic_digits, to_thai_digits
from moi_desktop.thai.text import normalize_text

BE_OFFSET = 543
# Thailand has had no daylight saving since 1920, so a fixed offset is exact and needs no tzdata.
BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")

DATE_STYLES = ("full", "medium", "short")
RANGE_DASH = " – "

_DATE_HINT = "ใช้รูปแบบเช่น ๓๐/๐๘/๒๕๖๕ หรือ ๓๐ สิงหาคม ๒๕๖๕"


def _as_date(d: date | str) -> date:
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    return date.fromisoformat(d)


def _as_datetime(dt: datetime | str) -> datetime:
    if isinstance(dt, str):
        dt = datetime.fromisoformat(dt.replace("Z", "+00:00"))
    # Naive values are taken to be Bangkok wall time already; aware ones are converted.
    return dt.astimezone(BANGKOK) if dt.tzinfo else dt


def _digits(s: str, thai_digits: bool) -> str:
    return to_thai_digits(s) if thai_digits else s


def format_thai_date(d: date | str, style: str = "full", thai_digits: bool = True) -> str:
    """Styles: "full" ๓๐ สิงหาคม ๒๕๖๕, "medium" ๓๐ ส.ค. ๒๕๖๕, "short" ๓๐ ส.ค. ๖๕.

    Accepts a date, a datetime (its date part) or an ISO string as stored in the database.
    """
    d = _as_date(d)
    year = d.year + BE_OFFSET
    if style == "full":
        text = f"{d.day} {THAI_MONTHS[d.month - 1]} {year}"
    elif style == "medium":
        text = f"{d.day} {THAI_MONTHS_SHORT[d.month - 1]} {year}"
    elif style == "short":
        text = f"{d.day} {THAI_MONTHS_SHORT[d.month - 1]} {year % 100:02d}"
    else:
        raise ValueError(f"unknown date style {style!r}; expected one of {DATE_STYLES}")
    return _digits(text, thai_digits)


def format_thai_time(t: time | datetime, thai_digits: bool = True) -> str:
    """๑๔.๓๐ น. — the official style: hours and minutes with a dot, followed by น."""
    return _digits(f"{t.hour:02d}.{t.minute:02d} น.", thai_digits)


def format_thai_datetime(dt: datetime | str, thai_digits: bool = True) -> str:
    """๓๐ สิงหาคม ๒๕๖๕ เวลา ๑๔.๓๐ น. in Bangkok time (UTC ISO strings from the DB accepted)."""
    dt = _as_datetime(dt)
    return f"{format_thai_date(dt, 'full', thai_digits)} เวลา {format_thai_time(dt, thai_digits)}"


def format_thai_date_range(start: date | str, end: date | str, thai_digits: bool = True) -> str:
    """๖ – ๙ สิงหาคม ๒๕๖๕; ๓๐ กรกฎาคม – ๒ สิงหาคม ๒๕๖๕; full dates on both sides across years."""
    start, end = _as_date(start), _as_date(end)
    if end < start:
        raise UserError(
            f"วันสิ้นสุด ({format_thai_date(end)}) อยู่ก่อนวันเริ่มต้น ({format_thai_date(start)})"
        )
    if start == end:
        return format_thai_date(start, "full", thai_digits)
    if start.year != end.year:
        left = format_thai_date(start, "full", thai_digits)
    elif start.month != end.month:
        left = _digits(f"{start.day} {THAI_MONTHS[start.month - 1]}", thai_digits)
    else:
        left = _digits(str(start.day), thai_digits)
    return left + RANGE_DASH + format_thai_date(end, "full", thai_digits)


# --- parsing -------------------------------------------------------------------------------


def _month_key(name: str) -> str:
    return name.replace(".", "").replace(" ", "")


# Full names, abbreviations with or without dots (ส.ค., ส.ค, สค), and two common misspellings.
_MONTH_LOOKUP: dict[str, int] = {}
for _i, (_full, _short) in enumerate(zip(THAI_MONTHS, THAI_MONTHS_SHORT, strict=True), start=1):
    _MONTH_LOOKUP[_full] = _i
    _MONTH_LOOKUP[_month_key(_short)] = _i
_MONTH_LOOKUP.update({"กุมภาพันธุ์": 2, "กรกฏาคม": 7})

_WEEKDAY_PREFIX = re.compile(
    r"^(?:ลง|เมื่อ|ณ\s*)?วัน(?:" + "|".join(THAI_WEEKDAYS) + r")?\s*(?:ที่)?[\s.:]*"
)
_ERA = re.compile(r"(พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)\s*")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_TEXTUAL = re.compile(r"^(\d{1,2})\s*([\u0e00-\u0e7f.\s]+?)\s*(\d{2}|\d{4})$")


def _year_to_ce(raw: str, era: str | None) -> int:
    year = int(raw)
    if len(raw) == 2:
        # Two-digit years are BE by habit (ส.ค. ๖๕); with ค.ศ. they mean 20xx.
        return 2000 + year if era == "ce" else 2500 + year - BE_OFFSET
    if era == "be" or (era is None and year >= 2400):
        return year - BE_OFFSET
    return year


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _build(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise UserError(f"วันที่ “{text}” ไม่ถูกต้อง: เดือนต้องอยู่ระหว่าง ๑ ถึง ๑๒")
    if year < 1:
        raise UserError(f"วันที่ “{text}” ไม่ถูกต้อง: ปีไม่ถูกต้อง")
    days = _days_in_month(year, month)
    if not 1 <= day <= days:
        be = to_thai_digits(year + BE_OFFSET)
        raise UserError(
            f"วันที่ “{text}” ไม่มีอยู่จริง: เดือน{THAI_MONTHS[month - 1]} {be} "
            f"มี {to_thai_digits(days)} วัน"
        )
    return date(year, month, day)


def parse_thai_date(text: str | date) -> date:
    """Read a date typed in Thai or Arabic digits, BE or CE.

    Accepted: 30/08/2565, 30/8/65 (two-digit years are BE), ๓๐/๐๘/๒๕๖๕, 30 สิงหาคม 2565,
    ๓๐ ส.ค. ๖๕, วันที่ ๓๐ สิงหาคม พ.ศ. ๒๕๖๕, ISO 2022-08-30. A four-digit year below 2400 is CE
    (30/08/2022) unless marked พ.ศ. Dates and datetimes (e.g. from spreadsheet cells) pass through.
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    original = normalize_text(str(text))
    if not original:
        raise UserError("ยังไม่ได้กรอกวันที่")
    s = to_arabic_digits(original)
    s = _WEEKDAY_PREFIX.sub("", s)
    era = None
    era_match = _ERA.search(s)
    if era_match:
        era = "be" if era_match.group(1).startswith("พ") else "ce"
        s = _ERA.sub("", s, count=1)
    s = s.strip()

    if m := _ISO.match(s):
        year, month, day = m.groups()
        return _build(original, _year_to_ce(year, era), int(month), int(day))
    if m := _NUMERIC.match(s):
        day, month, year = m.groups()
        return _build(original, _year_to_ce(year, era), int(month), int(day))
    if m := _TEXTUAL.match(s):
        day, month_name, year = m.groups()
        month = _MONTH_LOOKUP.get(_month_key(month_name))
        if month is None:
            raise UserError(f"อ่านชื่อเดือนใน “{original}” ไม่ได้ — {_DATE_HINT}")
        return _build(original, _year_to_ce(year, era), month, int(day))
    raise UserError(f"อ่านวันที่ “{original}” ไม่ได้ — {_DATE_HINT}")
