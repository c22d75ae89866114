"""A household's position: latitude/longitude typed, or pasted from a map app ("13.75, 100.5", a
Google Maps link, a geo: URI), checked to lie in Thailand."""

from __future__ import annotations

import re
from urllib.parse import unquote

from moi_desktop.errors import UserError
from moi_desktop.thai import to_arabic_digits, to_thai_digits

# Thailand's bounding box (with a little margin for islands and border villages).
LAT_MIN, LAT_MAX = 5.5, 20.6
LON_MIN, LON_MAX = 97.3, 105.7

_NUM = r"[-+]?\d{1,3}(?:\.\d+)?"
_PATTERNS = (
    re.compile(rf"!3d({_NUM})!4d({_NUM})"),  # Google Maps place data: the pin itself
    re.compile(rf"[?&](?:q|query|ll|destination|center)=(?:loc:)?({_NUM})\s*,\s*({_NUM})"),
    re.compile(rf"@({_NUM}),({_NUM})"),  # the map's centre in a Google Maps URL
    re.compile(rf"^geo:({_NUM}),({_NUM})"),
    re.compile(rf"^\(?\s*({_NUM})\s*[,\s]\s*({_NUM})\s*\)?$"),  # "13.75, 100.5" / "13.75 100.5"
)


def in_thailand(lat: float, lon: float) -> bool:
    return LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX


def format_location(lat: float | None, lon: float | None, *, thai_digits: bool = False) -> str:
    if lat is None or lon is None:
        return ""
    text = f"{lat:.6f}, {lon:.6f}"
    return to_thai_digits(text) if thai_digits else text


def map_link(lat: float, lon: float) -> str:
    """A link that opens the position in a map app."""
    return f"https://www.google.com/maps?q={lat:.6f},{lon:.6f}"


def parse_location(text: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) from what the user typed or pasted; None for an empty value.
    Raises a Thai UserError (field "location") for what is not a position in Thailand."""
    raw = to_arabic_digits(unquote((text or "").strip())).replace("，", ",")
    if not raw:
        return None
    for pattern in _PATTERNS:
        match = pattern.search(raw)
        if match:
            lat, lon = float(match.group(1)), float(match.group(2))
            break
    else:
        raise UserError(
            f"อ่านพิกัด “{text}” ไม่ได้ — พิมพ์ละติจูด, ลองจิจูด เช่น 13.7563, 100.5018 "
            "หรือวางลิงก์จาก Google Maps", field="location")
    if not in_thailand(lat, lon):
        if in_thailand(lon, lat):
            raise UserError(f"พิกัด {lat:g}, {lon:g} สลับกัน — ใส่ละติจูด (ประมาณ ๕–๒๐) ก่อนลองจิจูด "
                            "(ประมาณ ๙๗–๑๐๖)", field="location")
        raise UserError(f"พิกัด {lat:g}, {lon:g} อยู่นอกประเทศไทย — ตรวจสอบพิกัดอีกครั้ง", field="location")
    return round(lat, 6), round(lon, 6)
