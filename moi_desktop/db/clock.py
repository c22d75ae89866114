"""UTC timestamps as stored in the database (ISO 8601 with milliseconds), and Bangkok display time."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_iso() -> str:
    return iso(now_utc())


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def to_bangkok(text_or_dt: str | datetime) -> datetime:
    dt = parse_iso(text_or_dt) if isinstance(text_or_dt, str) else text_or_dt
    return dt.astimezone(BANGKOK)
