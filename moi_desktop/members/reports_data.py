"""What the member reports show: grouping by partner sector in the seed-004 style, contacts and
name cards. Queries only; the reports module turns these into documents."""

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


def members_for_report(db: Database, *, sector: str | None = None, team_role: str | None = None,
                       active_only: bool = True) -> list[dict[str, Any]]:
    """Members in sector order (the official order, "other" groups by its text), then by name."""
    where, params = _where(sector, team_role, active_only)  # fixed conditions, values bound
    rows = [
        dict(r)
        for r in db.query(
            "SELECT m.*, s.name_th AS sector_name, s.sort AS sector_sort, t.name_th AS team_role_name "  # noqa: S608
            "FROM members m JOIN sectors s ON s.code = m.sector LEFT JOIN team_roles t ON t.code = m.team_role "
            f"WHERE {where} ORDER BY s.sort, coalesce(m.sector_other, ''), m.name_sort",
            params,
        )
    ]
    for r in rows:
        r["sector_label"] = sector_label(r["sector"], r["sector_name"], r["sector_other"])
        r["name"] = display_name(r)
    return rows


def sector_counts(rows: list[dict[str, Any]]) -> list[SectorCount]:
    """Counts and percentages per sector label, in the order the rows come."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["sector_label"]] = counts.get(r["sector_label"], 0) + 1
    total = sum(counts.values())
    return [SectorCount(label, n, 100 * n / total if total else 0.0) for label, n in counts.items()]


def percent_text(value: float) -> str:
    """59.0 → "59", 4.8 → "4.8" (seed 004 prints one decimal only when needed)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def seed_style_lines(counts: list[SectorCount]) -> list[str]:
    """"ภาคีเครือข่ายราชการ จำนวน 430 คน (59 เปอร์เซ็นต์)" — digits become Thai in the document."""
    return [f"{c.label} จำนวน {c.count:,} คน ({percent_text(c.percent)} เปอร์เซ็นต์)" for c in counts]
