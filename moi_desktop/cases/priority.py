"""Income against the benchmark, and the priority list of households.

Seed 001 (ข้อสั่งการ ๑ and ๓): care for the people in TPMAP first, the vulnerable groups next;
income is judged against 38,000 baht per person per year (the office may set another benchmark).
The list puts TPMAP households first, then the vulnerable (Thai QM, elderly, disabled, small
children), then households only below the income benchmark; within each, the lowest income per
person first.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from moi_desktop.cases.household_members import member_flags
from moi_desktop.db import Database
from moi_desktop.db.rows import set_meta
from moi_desktop.errors import UserError
from moi_desktop.security.session import require
from moi_desktop.thai import to_arabic_digits, to_thai_digits

BENCHMARK_KEY = "households.income_benchmark"
DEFAULT_BENCHMARK = 38_000.0
TIERS = {1: "อยู่ในบัญชี TPMAP", 2: "กลุ่มเปราะบาง", 3: "รายได้ต่ำกว่าเกณฑ์"}


def income_benchmark(db: Database) -> float:
    """Baht per person per year below which a household counts as low-income (default 38,000)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [BENCHMARK_KEY]).fetchone()
    try:
        value = float(row[0]) if row else DEFAULT_BENCHMARK
    except ValueError:
        return DEFAULT_BENCHMARK
    return value if value > 0 else DEFAULT_BENCHMARK


def set_income_benchmark(db: Database, value: object) -> float:
    require(db, "cases.edit")
    text = to_arabic_digits(str(value)).replace(",", "").replace("บาท", "").strip()
    try:
        amount = float(text)
    except ValueError:
        raise UserError("เกณฑ์รายได้ต้องเป็นจำนวนเงิน (บาทต่อคนต่อปี) เช่น 38,000", field="benchmark") from None
    if not 1 <= amount <= 1_000_000:
        raise UserError("เกณฑ์รายได้ต้องอยู่ระหว่าง ๑ ถึง ๑,๐๐๐,๐๐๐ บาทต่อคนต่อปี", field="benchmark")
    set_meta(db, BENCHMARK_KEY, f"{amount:g}")
    return amount


def baht(value: float | None) -> str:
    return "—" if value is None else to_thai_digits(f"{value:,.0f}")


def _income_per_person(household: dict[str, Any], members: list[dict[str, Any]]) -> tuple[float | None, int]:
    """(income per person per year, people counted): the household's own figure, else the sum of
    its members' incomes; people = its members on record, else the size it was given."""
    people = len(members) or int(household["members_count"] or 0)
    total = household["income_year"]
    if total is None:
        known = [m["income_year"] for m in members if m["income_year"] is not None]
        total = sum(known) if known else None
    if total is None or not people:
        return None, people
    return round(total / people, 2), people


def household_income(db: Database, household_id: str) -> dict[str, Any]:
    found = [dict(r) for r in db.query("SELECT * FROM households WHERE id = ?", [household_id])]
    if not found:
        raise UserError("ไม่พบครัวเรือนที่เลือก", field="household_id")
    household = found[0]
    members = [dict(r) for r in db.query(
        "SELECT * FROM household_members WHERE household_id = ? AND deleted_at IS NULL", [household_id])]
    per_person, people = _income_per_person(household, members)
    benchmark = income_benchmark(db)
    return {"per_person": per_person, "people": people, "benchmark": benchmark,
            "below": per_person is not None and per_person < benchmark}


def priority_households(db: Database, *, today: date | None = None,
                        subdistrict_code: str | None = None) -> list[dict[str, Any]]:
    """Households in priority order, each with `tier` (1 TPMAP, 2 vulnerable, 3 low income only),
    `tier_th`, `reasons` (Thai) and `per_person` income. Households with none of these are left out."""
    today = today or date.today()
    benchmark = income_benchmark(db)
    where, params = "h.deleted_at IS NULL", []
    if subdistrict_code:
        where += " AND h.subdistrict_code = ?"
        params.append(subdistrict_code)
    households = [dict(r) for r in db.query(
        f"SELECT h.*, s.name_th AS subdistrict_name FROM households h "  # noqa: S608 - fixed SQL, values bound
        f"LEFT JOIN subdistricts s ON s.subdistrict_code = h.subdistrict_code WHERE {where}", params)]
    by_household: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in db.query("SELECT * FROM household_members WHERE deleted_at IS NULL"):
        by_household[m["household_id"]].append(dict(m))
    listed = []
    for h in households:
        members = by_household.get(h["id"], [])
        per_person, people = _income_per_person(h, members)
        below = per_person is not None and per_person < benchmark
        vulnerable = sorted({flag.split(" (")[0] for m in members for flag in member_flags(m, today)})
        missing = sorted({flag for m in members for flag in member_flags(m, today) if "ยังไม่ได้รับ" in flag})
        reasons = []
        if h["tpmap"]:
            reasons.append("TPMAP")
        if h["thai_qm"]:
            reasons.append("Thai QM")
        reasons += vulnerable
        if below:
            reasons.append(f"รายได้ {baht(per_person)} บาท/คน/ปี ต่ำกว่าเกณฑ์ {baht(benchmark)} บาท")
        reasons += missing
        if h["tpmap"]:
            tier = 1
        elif h["thai_qm"] or vulnerable:
            tier = 2
        elif below:
            tier = 3
        else:
            continue
        listed.append({**h, "tier": tier, "tier_th": TIERS[tier], "reasons": reasons, "per_person": per_person,
                       "people": people, "below_benchmark": below, "n_members": len(members)})
    listed.sort(key=lambda r: (r["tier"], r["per_person"] is None, r["per_person"] or 0, r["head_name"]))
    return listed
