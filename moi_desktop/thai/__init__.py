"""Thai basics: digits, Buddhist-era dates, national IDs, name titles, phones, text clean-up and
word segmentation (`moi_desktop.thai.segment`, where a line may break).

Pure Python, no Qt and no database: safe to use from any layer.
"""

from moi_desktop.thai.dates import (
    BANGKOK,
    BE_OFFSET,
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    THAI_WEEKDAYS,
    format_thai_date,
    format_thai_date_range,
    format_thai_datetime,
    format_thai_time,
    parse_thai_date,
)
from moi_desktop.thai.digits import to_arabic_digits, to_thai_digits
from moi_desktop.thai.names import TITLES, is_title, split_name
from moi_desktop.thai.national_id import (
    format_national_id,
    is_valid_national_id,
    mask_national_id,
    national_id_problem,
    national_id_warning,
    normalize_national_id,
)
from moi_desktop.thai.phone import format_phone, normalize_phone, phone_problem
from moi_desktop.thai.text import clean_text, normalize_text

__all__ = [
    "BANGKOK",
    "BE_OFFSET",
    "THAI_MONTHS",
    "THAI_MONTHS_SHORT",
    "THAI_WEEKDAYS",
    "TITLES",
    "clean_text",
    "format_national_id",
    "format_phone",
    "format_thai_date",
    "format_thai_date_range",
    "format_thai_datetime",
    "format_thai_time",
    "is_title",
    "is_valid_national_id",
    "mask_national_id",
    "national_id_problem",
    "national_id_warning",
    "normalize_national_id",
    "normalize_phone",
    "normalize_text",
    "parse_thai_date",
    "phone_problem",
    "split_name",
    "to_arabic_digits",
    "to_thai_digits",
]
