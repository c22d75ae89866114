"""Read access to the reference tables (all SQL for them lives here and in indicators.py)."""

import re
from collections.abc import Sequence

from moi_desktop.db import Database

# Thai dictionary order puts a word under its first consonant, not its leading vowel
# (เชียงราย sorts under ช); code-point order would lump every เ/แ/โ/ใ/ไ word at the end.
_LEADING_VOWEL = re.compile(r"([เแโใไ])([ก-ฮ])")


def thai_sort_key(text: str) -> str:
    return _LEADING_VOWEL.sub(r"\2\1", text or "")


def _rows(db: Database, sql: str, params: Sequence[object] = ()) -> list[dict]:
    return [dict(r) for r in db.query(sql, params)]


def provinces(db: Database, region6: str | None = None) -> list[dict]:
    """All provinces in Thai alphabetical order (for pickers); optionally one 6-region (Thai name)."""
    if region6:
        rows = _rows(db, "SELECT * FROM provinces WHERE region6_th = ?", [region6])
    else:
        rows = _rows(db, "SELECT * FROM provinces")
    return sorted(rows, key=lambda r: thai_sort_key(r["name_th"]))


def province(db: Database, code: str) -> dict | None:
    rows = _rows(db, "SELECT * FROM provinces WHERE province_code = ?", [code])
    return rows[0] if rows else None


def districts_in(db: Database, province_code: str) -> list[dict]:
    """Districts of a province in official (DOPA code) order: อำเภอเมือง first."""
    return _rows(db, "SELECT * FROM districts WHERE province_code = ? ORDER BY district_code", [province_code])


def district(db: Database, code: str) -> dict | None:
    rows = _rows(
        db,
        "SELECT d.*, p.name_th AS province_name, p.name_en AS province_name_en FROM districts d "
        "JOIN provinces p ON p.province_code = d.province_code WHERE d.district_code = ?",
        [code],
    )
    return rows[0] if rows else None


def subdistricts_in(db: Database, district_code: str) -> list[dict]:
    return _rows(
        db, "SELECT * FROM subdistricts WHERE district_code = ? ORDER BY subdistrict_code", [district_code]
    )


def subdistrict(db: Database, code: str) -> dict | None:
    rows = _rows(
        db,
        "SELECT s.*, d.name_th AS district_name, p.name_th AS province_name FROM subdistricts s "
        "JOIN districts d ON d.district_code = s.district_code "
        "JOIN provinces p ON p.province_code = s.province_code WHERE s.subdistrict_code = ?",
        [code],
    )
    return rows[0] if rows else None


def regions(db: Database, scheme: str = "region6") -> list[dict]:
    """Regions of one scheme ("region6" or "region4") with how many provinces each holds."""
    column = {"region6": "region6_en", "region4": "region4_en"}.get(scheme)
    if column is None:
        raise ValueError(f"unknown region scheme: {scheme!r}")
    return _rows(
        db,
        # `column` is one of the two names above, never the caller's text.
        f"SELECT r.code, r.scheme, r.name_th, r.name_en, "  # noqa: S608
        f"(SELECT COUNT(*) FROM provinces p WHERE p.{column} = r.name_en) AS n_provinces "
        "FROM regions r WHERE r.scheme = ? ORDER BY r.sort",
        [scheme],
    )


def sectors(db: Database) -> list[dict]:
    return _rows(db, "SELECT code, name_th, sort FROM sectors ORDER BY sort")


def project_categories(db: Database) -> list[dict]:
    return _rows(db, "SELECT code, name_th, short_th FROM project_categories ORDER BY code")


def sdgs(db: Database) -> list[dict]:
    return _rows(db, "SELECT goal, short_en, title_th FROM sdgs ORDER BY goal")


def indicator_categories(db: Database, *, include_deleted: bool = False) -> list[dict]:
    where = "" if include_deleted else "WHERE deleted_at IS NULL"
    return _rows(db, f"SELECT * FROM indicator_categories {where} ORDER BY sort, name_th")  # noqa: S608 - constant WHERE


def indicators(db: Database, *, include_deleted: bool = False) -> list[dict]:
    """Household indicators by number, each with its category's Thai name."""
    where = "" if include_deleted else "WHERE i.deleted_at IS NULL"
    return _rows(
        db,
        "SELECT i.*, c.name_th AS category_name FROM indicators i "  # noqa: S608 - constant WHERE
        f"JOIN indicator_categories c ON c.id = i.category_id {where} ORDER BY i.number, i.text",
    )
