"""Listing members: search, filter, sort and page in SQL (a Qt proxy model is far too slow at 100k).

Words of three or more characters go to the FTS5 trigram index (names, phone, organisation,
position, anywhere in the text). The trigram index cannot answer shorter words, and LIKE '%x%'
over 100,000 rows matches nearly everyone ("ส" is in most Thai names) and costs a full scan and
sort per keystroke; so a 1–2 character word matches the *start* of the first name, last name or
phone (LIKE 'x%', answered by their indexes) — what someone typing a name letter by letter means.
A 13-digit number is looked up as a national ID; digits typed with dashes match stored phones.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.migrations.m003_members import SEARCH_BODY, SEARCH_LIVE
from moi_desktop.thai import normalize_text, to_arabic_digits

SORTS = {
    "name": "m.name_sort",
    "sector": "s.sort, m.name_sort",
    "team_role": "coalesce(t.sort, 99), m.name_sort",
    "organisation": "m.organisation IS NULL, m.organisation, m.name_sort",
    "created": "m.id",
}
# Descending: each term reversed (a term may itself hold a comma, as in coalesce(t.sort, 99)).
SORTS_DESC = {
    "name": "m.name_sort DESC",
    "sector": "s.sort DESC, m.name_sort DESC",
    "team_role": "coalesce(t.sort, 99) DESC, m.name_sort DESC",
    "organisation": "m.organisation IS NULL DESC, m.organisation DESC, m.name_sort DESC",
    "created": "m.id DESC",
}
# Sorts by a group in its display order, then by name: a dense list pages group by group, each
# walking its (code, name_sort) index (migration m013) — (column, groups in display order).
GROUPED = {
    "sector": ("sector", "SELECT code FROM sectors ORDER BY sort, code"),
    "team_role": ("team_role", "SELECT code FROM team_roles ORDER BY coalesce(sort, 99), code"),
}

# The live-only partial indexes' own condition (migrations m003 and m018), on the alias m.
_LIVE = SEARCH_LIVE.format(r="m")

_DIGITISH = re.compile(r"^[\d\s\-().+]+$")

COLUMNS = (
    "m.id, m.title, m.first_name, m.last_name, m.national_id, m.phone, m.email, m.line_id, m.organisation, "
    "m.position, m.sector, m.sector_other, s.name_th AS sector_name, m.team_role, t.name_th AS team_role_name, "
    "m.house_no, m.moo, m.subdistrict_code, sd.name_th AS subdistrict_name, m.active, m.photo_hash, "
    "m.deleted_at, m.updated_at"
)
_FROM = (
    "FROM members m JOIN sectors s ON s.code = m.sector LEFT JOIN team_roles t ON t.code = m.team_role "
    "LEFT JOIN subdistricts sd ON sd.subdistrict_code = m.subdistrict_code"
)


@dataclass
class MemberQuery:
    text: str = ""
    sector: str | None = None
    team_role: str | None = None
    subdistrict_code: str | None = None
    active: bool | None = None
    sort: str = "name"
    descending: bool = False


def _terms(text: str) -> list[str]:
    text = normalize_text(text or "")
    if not text:
        return []
    if _DIGITISH.match(to_arabic_digits(text)):
        # "081-234 5" → one digit string, as phones and IDs are stored
        return [re.sub(r"\D", "", to_arabic_digits(text))]
    return text.replace('"', " ").split()


def _where(query: MemberQuery) -> tuple[str, list[str | int]]:
    """The WHERE condition and its parameters. The condition is built from fixed strings and
    column names only; everything the user typed is a bound parameter (search terms become quoted
    FTS5 phrases, with any \" removed by _terms)."""
    clauses = [_LIVE]
    params: list[str | int] = []
    if query.sector:
        clauses.append("m.sector = ?")
        params.append(query.sector)
    if query.team_role:
        clauses.append("m.team_role = ?")
        params.append(query.team_role)
    if query.subdistrict_code:
        clauses.append("m.subdistrict_code = ?")
        params.append(query.subdistrict_code)
    if query.active is not None:
        clauses.append("m.active = ?")
        params.append(1 if query.active else 0)
    terms = _terms(query.text)
    if len(terms) == 1 and terms[0].isdigit() and len(terms[0]) == 13:
        clauses.append("m.national_id = ?")
        params.append(terms[0])
    elif terms:
        long = [t for t in terms if len(t) >= 3]
        short = [t for t in terms if len(t) < 3]
        inner: list[str] = []
        inner_params: list[str] = []
        if long:
            inner.append("members_fts MATCH ?")
            inner_params.append(" AND ".join(f'"{t}"' for t in long))
        if inner:
            clauses.append(
                "m.id IN (SELECT mp.member_id FROM members_fts f JOIN members_fts_map mp ON mp.fts_rowid = f.rowid "  # noqa: S608
                f"WHERE {' AND '.join(inner)})"
            )
            params += inner_params
        for term in short:
            # A prefix as a range, answered by the live-only first_name / last_name / phone indexes
            # (m018). Each alternative of the OR repeats the live condition: SQLite plans an OR
            # over indexes one alternative at a time, and a partial index serves an alternative
            # only when that alternative itself implies the index's WHERE (with the condition
            # only outside the OR, the name prefix would scan the whole name index).
            columns = ("m.phone",) if term.isdigit() else ("m.first_name", "m.last_name")
            clauses.append("(" + " OR ".join(f"({c} >= ? AND {c} < ? AND {_LIVE})" for c in columns) + ")")
            for _ in columns:
                params += [term, term + "\uffff"]
    return " AND ".join(clauses), params


DENSE = 5000  # this many matches or more: page by walking the name index (see search_members)


def search_members(db: Database, query: MemberQuery, *, limit: int = 200, offset: int = 0,
                   dense: bool | None = None) -> list[dict[str, Any]]:
    """One page of members matching the query, with sector/team/subdistrict names joined.

    Many matches (the whole list, "names starting with ส"): walk the name index in order and stop
    at the page end. Few matches (a rare letter, a trigram word): find them by their indexes and
    sort just those. Walking is ~3 ms for a dense query but ~300 ms when nothing matches; sorting
    is the reverse. `dense` is known to a caller that counted already (count_members with cap).
    """
    if dense is None:
        dense = count_members(db, query, cap=DENSE) >= DENSE
    where, params = _where(query)
    if dense and query.sort in GROUPED:
        return _grouped_page(db, query, where, params, limit, offset)
    source = _FROM
    if dense and query.sort == "name":
        source = _FROM.replace("FROM members m", "FROM members m INDEXED BY idx_members_live_sort", 1)
    order = (SORTS_DESC if query.descending else SORTS).get(query.sort, SORTS["name"])
    sql = f"SELECT {COLUMNS} {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
    return [dict(r) for r in db.query(sql, params + [limit, offset])]


def _grouped_page(db: Database, query: MemberQuery, where: str, params: list[str | int], limit: int,
                  offset: int) -> list[dict[str, Any]]:
    """A page of a list sorted by sector / team role then name: the same rows as ORDER BY
    s.sort, m.name_sort, found group by group. Groups before the page are counted (an index
    count each), and each group on the page walks its (code, name_sort) index to the page end."""
    column, groups_sql = GROUPED[query.sort]
    groups: list[str | None] = [r[0] for r in db.execute(groups_sql)]
    if column == "team_role":
        groups.append(None)  # no role: last (coalesce(t.sort, 99))
    direction = ""
    if query.descending:
        groups.reverse()
        direction = " DESC"
    page: list[dict[str, Any]] = []
    for code in groups:
        if len(page) >= limit:
            break
        cond, extra = (f"m.{column} IS NULL", []) if code is None else (f"m.{column} = ?", [code])
        if offset:
            n = db.execute(f"SELECT count(*) FROM members m WHERE {where} AND {cond}",  # noqa: S608 - fixed text
                           params + extra).fetchone()[0]
            if n <= offset:
                offset -= n
                continue
        sql = (f"SELECT {COLUMNS} {_FROM} WHERE {where} AND {cond} "  # noqa: S608 - fixed text; values bound
               f"ORDER BY m.name_sort{direction} LIMIT ? OFFSET ?")
        page += [dict(r) for r in db.query(sql, params + extra + [limit - len(page), offset])]
        offset = 0
    return page


def count_members(db: Database, query: MemberQuery, *, cap: int | None = None) -> int:
    """How many match; with `cap`, stop counting there (a keystroke needs "more than 1,000", not
    the exact figure for a quarter of 100,000 members)."""
    where, params = _where(query)  # fixed conditions; typed text only in params
    if cap is None:
        count: int = db.execute(f"SELECT count(*) FROM members m WHERE {where}", params).fetchone()[0]  # noqa: S608
        return count
    sql = f"SELECT count(*) FROM (SELECT 1 FROM members m WHERE {where} LIMIT ?)"  # noqa: S608
    capped: int = db.execute(sql, params + [cap]).fetchone()[0]
    return capped


def member_ids(db: Database, query: MemberQuery) -> list[str]:
    """Ids of every match in list order (for exports and name cards of a filtered list)."""
    where, params = _where(query)
    order = SORTS.get(query.sort, SORTS["name"])
    sql = f"SELECT m.id {_FROM} WHERE {where} ORDER BY {order}"
    return [r[0] for r in db.execute(sql, params)]


# A bulk insert at least this large, and at least as large as the table, rebuilds the secondary
# indexes afterwards instead of updating them row by row: sorting 15,000 keys once beats 15,000
# random B-tree inserts per index (0.26 s vs 0.60 s CPU for the members table's 10 indexes).
REBUILD_MIN_ROWS = 2000


@contextmanager
def bulk_indexing(db: Database, rows: int = 0) -> Iterator[None]:
    """Insert many members, then index them in one statement instead of one trigger run per row.

    FTS5 flushes its pending terms at every statement boundary, so the per-row trigger costs ~15×
    a single INSERT … SELECT over the new rows (2.5 s vs 0.15 s CPU for 15,000 rows). The trigger
    is dropped and restored inside the caller's transaction, so other connections never see it
    missing, and a failure rolls everything back. `rows` (how many the caller will insert) lets a
    big insert into a small table rebuild the ordinary indexes once at the end, the same way.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("bulk_indexing must run inside db.atomic()")
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'members_fts_ai'").fetchone()
    before = db.execute("SELECT coalesce(max(rowid), 0) FROM members").fetchone()[0]
    indexes: list[tuple[str, str]] = []
    if rows >= REBUILD_MIN_ROWS and rows >= db.execute("SELECT count(*) FROM members").fetchone()[0]:
        # Plain indexes only (sql is NULL for the primary key's; a UNIQUE one must check each row).
        indexes = [
            (name, sql) for name, sql in db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' AND sql IS NOT NULL"
            ) if "UNIQUE" not in sql.upper()
        ]
        for name, _ in indexes:
            db.execute(f"DROP INDEX [{name}]")
    db.execute("DROP TRIGGER members_fts_ai")
    yield
    for _, sql in indexes:
        db.execute(sql)
    # SEARCH_LIVE and SEARCH_BODY are the migration's own SQL fragments (the trigger's text).
    live = SEARCH_LIVE.format(r="m")
    db.execute(f"INSERT INTO members_fts_map(member_id) SELECT m.id FROM members m WHERE m.rowid > ? AND {live}",  # noqa: S608
               [before])
    db.execute(
        f"INSERT INTO members_fts(rowid, body) SELECT mp.fts_rowid, {SEARCH_BODY.format(r='m')} "  # noqa: S608
        "FROM members m JOIN members_fts_map mp ON mp.member_id = m.id WHERE m.rowid > ?",
        [before],
    )
    db.execute(trigger[0])
