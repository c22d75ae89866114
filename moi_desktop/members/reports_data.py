"""What the member reports show: grouping by partner sector in the seed-004 style, contacts and
name cards. Queries only; the reports module turns these into documents."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from moi_desktop.db import Database
from moi_desktop.members.model import display_name
from moi_desktop.thai import normalize_text

NETWORK = "ภาคีเครือข่าย"


def sector_label(sector: str, name_th: str, other_text: str | None) -> str:
    """"ภาคีเครือข่ายราชการ", "ภาคีเครือข่ายการศึกษา" (other + its text), "ภาคีเครือข่ายอื่น ๆ"."""
    if sector == "other" and other_text:
        text = normalize_text(other_text)
        if text.startswith(NETWORK):
            return text
        return NETWORK + (text[3:] if text.startswith("ภาค") else text)
    base = name_th.split(" (")[0]
    return NETWORK + (base[3:] if base.startswith("ภาค") else base)


@dataclass
class SectorCount:
    label: str
    count: int
    percent: float


def _where(sector: str | None, team_role: str | None, active_only: bool) -> tuple[str, list[str]]:
    clauses = ["m.deleted_at IS NULL", "m.merged_into IS NULL"]
    params: list[str] = []
    if sector:
        clauses.append("m.sector = ?")
        params.append(sector)
    if team_role:
        clauses.append("m.team_role = ?")
        params.append(team_role)
    if active_only:
        clauses.append("m.active = 1")
    return " AND ".join(clauses), params


_REPORT_QUERY = (
    "SELECT m.*, s.name_th AS sector_name, s.sort AS sector_sort, t.name_th AS team_role_name "
    "FROM members m JOIN sectors s ON s.code = m.sector LEFT JOIN team_roles t ON t.code = m.team_role "
    "WHERE m.sector = ? AND {where} ORDER BY {order}"
)
# A sector's members by name (walking idx_members_live_sector: nothing sorted); "other" groups
# them by their own text first, which sorts only that sector's members.
_BY_NAME, _BY_OTHER_TEXT = "m.name_sort", "coalesce(m.sector_other, ''), m.name_sort"


def iter_members_for_report(db: Database, *, sector: str | None = None, team_role: str | None = None,
                            active_only: bool = True, scope: tuple[str, list[str]] | None = None,
                            ) -> Iterator[dict[str, Any]]:
    """Members in sector order (the official order, "other" groups by its text), then by name, one
    at a time from the cursor (a report of 100,000 members never holds them all). One query per
    sector, each in index order but "other" (see _BY_OTHER_TEXT).
    `scope` is an extra SQL condition on `m` with its bound values (the district at a province)."""
    where, params = _where(None, team_role, active_only)  # fixed conditions, values bound
    if scope is not None:
        where, params = f"{where} AND ({scope[0]})", [*params, *scope[1]]
    codes = [r[0] for r in db.execute("SELECT code FROM sectors ORDER BY sort")]
    for code in codes if sector is None else [c for c in codes if c == sector]:
        query = _REPORT_QUERY.format(where=where, order=_BY_OTHER_TEXT if code == "other" else _BY_NAME)
        for row in db.query(query, [code, *params]):  # lazy: a row at a time
            row["sector_label"] = sector_label(row["sector"], row["sector_name"], row["sector_other"])
            row["name"] = display_name(row)
            yield row


def members_for_report(db: Database, *, sector: str | None = None, team_role: str | None = None,
                       active_only: bool = True, scope: tuple[str, list[str]] | None = None,
                       ) -> list[dict[str, Any]]:
    """iter_members_for_report, all at once."""
    return list(iter_members_for_report(db, sector=sector, team_role=team_role, active_only=active_only,
                                        scope=scope))


def sector_counts(rows: Iterable[dict[str, Any]]) -> list[SectorCount]:
    """Counts and percentages per sector label, in the order the rows come."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["sector_label"]] = counts.get(r["sector_label"], 0) + 1
    return _with_percent(counts)


def sector_counts_for(db: Database, *, sector: str | None = None, team_role: str | None = None,
                      active_only: bool = True, scope: tuple[str, list[str]] | None = None) -> list[SectorCount]:
    """sector_counts of the members iter_members_for_report gives, counted by the database."""
    where, params = _where(sector, team_role, active_only)
    if scope is not None:
        where, params = f"{where} AND ({scope[0]})", [*params, *scope[1]]
    counts: dict[str, int] = {}
    for code, name_th, other, n in db.execute(
        "SELECT m.sector, s.name_th, m.sector_other, count(*) FROM members m "  # noqa: S608
        f"JOIN sectors s ON s.code = m.sector WHERE {where} "
        "GROUP BY m.sector, m.sector_other ORDER BY s.sort, coalesce(m.sector_other, '')",
        params,
    ):
        label = sector_label(code, name_th, other)
        counts[label] = counts.get(label, 0) + n
    return _with_percent(counts)


def _with_percent(counts: dict[str, int]) -> list[SectorCount]:
    total = sum(counts.values())
    return [SectorCount(label, n, 100 * n / total if total else 0.0) for label, n in counts.items()]


def percent_text(value: float) -> str:
    """59.0 → "59", 4.8 → "4.8" (seed 004 prints one decimal only when needed)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def seed_style_lines(counts: list[SectorCount]) -> list[str]:
    """"ภาคีเครือข่ายราชการ จำนวน 430 คน (59 เปอร์เซ็นต์)" — digits become Thai in the document."""
    return [f"{c.label} จำนวน {c.count:,} คน ({percent_text(c.percent)} เปอร์เซ็นต์)" for c in counts]
