"""Thai names for the codes a member record holds (sector, team role, subdistrict)."""

_TABLES = {
    "sector": ("sectors", "code"),
    "team_role": ("team_roles", "code"),
    "subdistrict_code": ("subdistricts", "subdistrict_code"),
}


def code_label(db, field: str, value) -> str:
    """"government" → "ภาคราชการ (ภาครัฐ)"; "" for blanks; the code itself if unknown."""
    if not value:
        return ""
    table, key = _TABLES[field]
    found = db.execute(f"SELECT name_th FROM [{table}] WHERE [{key}] = ?", [value]).fetchone()
    return found[0] if found else str(value)
