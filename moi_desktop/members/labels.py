"""Thai names for the codes a member record holds (sector, team role, subdistrict)."""

from moi_desktop.db import Database

_TABLES = {
    "sector": ("sectors", "code"),
    "team_role": ("team_roles", "code"),
    "subdistrict_code": ("subdistricts", "subdistrict_code"),
}


def code_label(db: Database, field: str, value: object) -> str:
    """"government" → "ภาคราชการ (ภาครัฐ)"; "" for blanks; the code itself if unknown."""
    if not value:
        return ""
    table, key = _TABLES[field]  # an unknown field is a KeyError: only these names reach the SQL
    found = db.execute(f"SELECT name_th FROM [{table}] WHERE [{key}] = ?", [value]).fetchone()  # noqa: S608
    return found[0] if found else str(value)
