"""Reading cases: the filtered, paged list (filters, sort and paging in SQL) and the counts the
reports and the page header need. "Overdue" = still open and reported more than N days ago
(N in meta key cases.overdue_days, default 30)."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from moi_desktop.cases.status import OPEN_STATUSES, STATUSES
from moi_desktop.cases.store import CASE_SELECT
from moi_desktop.db import Database
from moi_desktop.db.rows import set_meta
from moi_desktop.errors import UserError
from moi_desktop.thai import normalize_text, to_arabic_digits

OVERDUE_KEY = "cases.overdue_days"
DEFAULT_OVERDUE_DAYS = 30

_OPEN = "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"

# sort key -> ORDER BY (ties broken by id so paging is stable); a query names its sort by key, so
# only these fixed expressions ever reach the SQL.
SORTS = {
    "reported_on": "c.reported_on",
    "indicator": "i.number",
    "status": "c.status",
    "household": "h.head_name",
    "subdistrict": "s.name_th",
    "days_open": "c.reported_on",
}


def overdue_days(db: Database) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [OVERDUE_KEY]).fetchone()
    try:
        return int(row[0]) if row else DEFAULT_OVERDUE_DAYS
    except ValueError:
        return DEFAULT_OVERDUE_DAYS


def set_overdue_days(db: Database, days: int | str) -> int:
    try:
        n = int(to_arabic_digits(str(days)).strip())
    except ValueError:
        raise UserError("จำนวนวันต้องเป็นตัวเลข", field="overdue_days") from None
    if not 1 <= n <= 3650:
        raise UserError("จำนวนวันที่ถือว่าเกินกำหนดต้องอยู่ระหว่าง ๑–๓๖๕๐ วัน", field="overdue_days")
    set_meta(db, OVERDUE_KEY, str(n))
    return n


def overdue_cutoff(db: Database, today: date | None = None) -> str:
    """Cases reported before this ISO date and still open are overdue."""
    return ((today or date.today()) - timedelta(days=overdue_days(db))).isoformat()


@dataclass
class CaseQuery:
    category_id: str | None = None
    indicator_id: str | None = None
    status: str | None = None  # a status code, or "open" / "closed"
    subdistrict_code: str | None = None
    overdue: bool = False
    household_id: str | None = None
    text: str = ""  # head of household, description, village or house number
    reported_from: str | None = None  # ISO dates, inclusive
    reported_to: str | None = None
    sort: str = "reported_on"
    descending: bool = True


def _where(db: Database, q: CaseQuery, today: date | None) -> tuple[str, list[str]]:
    """The WHERE clause (fixed conditions joined) and its bound parameters."""
    where = ["c.deleted_at IS NULL"]
    params: list[str] = []
    if q.category_id:
        where.append("i.category_id = ?")
        params.append(q.category_id)
    if q.indicator_id:
        where.append("c.indicator_id = ?")
        params.append(q.indicator_id)
    if q.status == "open":
        where.append(f"c.status IN {_OPEN}")
    elif q.status == "closed":
        where.append(f"c.status NOT IN {_OPEN}")
    elif q.status:
        if q.status not in STATUSES:
            raise UserError(f"ไม่รู้จักสถานะ “{q.status}”", field="status")
        where.append("c.status = ?")
        params.append(q.status)
    if q.subdistrict_code:
        where.append("h.subdistrict_code = ?")
        params.append(q.subdistrict_code)
    if q.household_id:
        where.append("c.household_id = ?")
        params.append(q.household_id)
    if q.overdue:
        where.append(f"c.status IN {_OPEN} AND c.reported_on < ?")
        params.append(overdue_cutoff(db, today))
    if q.reported_from:
        where.append("c.reported_on >= ?")
        params.append(q.reported_from)
    if q.reported_to:
        where.append("c.reported_on <= ?")
        params.append(q.reported_to)
    text = normalize_text(q.text or "")
    if text:
        like = f"%{text}%"
        where.append("(h.head_name LIKE ? OR c.description LIKE ? OR h.village LIKE ? OR h.house_no LIKE ?)")
        params += [like, like, like, f"%{to_arabic_digits(text)}%"]
    return " AND ".join(where), params


def search_cases(db: Database, q: CaseQuery | None = None, *, limit: int = 200, offset: int = 0,
                 today: date | None = None) -> list[dict[str, Any]]:
    """One page of cases with indicator, category, household and days open / overdue flags."""
    q = q or CaseQuery()
    where, params = _where(db, q, today)
    order = SORTS.get(q.sort, "c.reported_on")
    direction = "DESC" if q.descending else "ASC"
    if q.sort == "days_open":  # oldest report = longest open
        direction = "ASC" if q.descending else "DESC"
    rows = [dict(r) for r in db.query(  # order and direction come from SORTS and two constants
        f"{CASE_SELECT} WHERE {where} ORDER BY {order} {direction}, c.id {direction} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )]
    _annotate(db, rows, today)
    return rows


def count_cases(db: Database, q: CaseQuery | None = None, *, today: date | None = None) -> int:
    where, params = _where(db, q or CaseQuery(), today)
    sql = (  # fixed conditions from _where; every value is a bound parameter
        "SELECT COUNT(*) FROM cases c JOIN indicators i ON i.id = c.indicator_id "  # noqa: S608
        f"JOIN households h ON h.id = c.household_id WHERE {where}"
    )
    return db.execute(sql, params).fetchone()[0]


def _annotate(db: Database, rows: list[dict[str, Any]], today: date | None) -> None:
    today = today or date.today()
    limit = overdue_days(db)
    for r in rows:
        end = date.fromisoformat(r["closed_on"]) if r["closed_on"] else today
        r["days_open"] = (end - date.fromisoformat(r["reported_on"])).days
        r["overdue"] = r["status"] in OPEN_STATUSES and (today - date.fromisoformat(r["reported_on"])).days > limit


def household_cases(db: Database, household_id: str, *, today: date | None = None) -> list[dict[str, Any]]:
    return search_cases(db, CaseQuery(household_id=household_id, sort="reported_on", descending=False),
                        limit=10_000, today=today)


def status_counts(db: Database, *, today: date | None = None) -> dict[str, int]:
    """{status code: live cases}, every status present (0 when none), plus "overdue"."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in db.execute("SELECT status, COUNT(*) FROM cases WHERE deleted_at IS NULL GROUP BY status"):
        counts[status] = n
    counts["overdue"] = count_cases(db, CaseQuery(overdue=True), today=today)
    return counts
