"""Sensitive cases (health, disability) leave the program masked unless the user confirms
showing them — allowed to users with cases.export_sensitive; a confirmed disclosure is written to
the audit trail (counts only)."""

from collections.abc import Mapping
from typing import Any

from moi_desktop.cases.model import MASK, mask_name
from moi_desktop.db import Database
from moi_desktop.security.audit import audit
from moi_desktop.security.session import require

# What would tie a sensitive case to a household: masked together.
_MASKED = ("description", "notes", "phone")


def mask_case(row: Mapping[str, Any]) -> dict[str, Any]:
    masked = {**row, "head_name": mask_name(row.get("head_name")), "house_no": "***" if row.get("house_no") else None}
    for key in _MASKED:
        if masked.get(key):
            masked[key] = MASK
    masked["masked"] = True
    return masked


def protect_cases(db: Database, rows: list[dict[str, Any]], *, show_sensitive: bool,
                  purpose: str) -> list[dict[str, Any]]:
    """Rows with sensitive cases masked, or in full with the disclosure recorded."""
    sensitive = sum(1 for r in rows if r.get("sensitive"))
    if show_sensitive:
        require(db, "cases.export_sensitive")  # asked for is refused, even when nothing is sensitive
        if sensitive:
            record_disclosure(db, purpose, sensitive)
        return [{**r, "masked": False} for r in rows]
    return [mask_case(r) if r.get("sensitive") else {**r, "masked": False} for r in rows]


def record_disclosure(db: Database, purpose: str, count: int) -> None:
    """Check the acting user may see sensitive cases in full, then audit the disclosure."""
    require(db, "cases.export_sensitive")
    audit(db, "export_personal", table_name="cases", purpose=purpose, records=count, sensitive=True)
