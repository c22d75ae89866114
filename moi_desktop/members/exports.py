"""National IDs leave the program masked unless the user confirms showing them: allowed to users
with members.export_personal, and audited."""

import logging
from typing import Any

from moi_desktop.db import Database
from moi_desktop.security.audit import audit
from moi_desktop.security.session import require
from moi_desktop.thai import format_national_id, mask_national_id

log = logging.getLogger(__name__)


def shown_id(value: str | None, show_ids: bool) -> str:
    """The ID as an export shows it: masked (1-xxxx-xxxx5-67-8) unless confirmed; "" when absent."""
    if not value:
        return ""
    if len(value) != 13 or not value.isdigit():
        return "" if not show_ids else value
    return format_national_id(value) if show_ids else mask_national_id(value)


def record_id_disclosure(db: Database, purpose: str, count: int) -> None:
    """Check the acting user may see full national IDs, then log (and audit) that they were shown
    or written out. Call it before the IDs are shown: a refusal leaves nothing written."""
    require(db, "members.export_personal")
    log.info("full national IDs disclosed: %s (%d records)", purpose, count)
    audit(db, "export_personal", table_name="members", purpose=purpose, records=count, national_ids=True)


def protect_ids(db: Database, rows: list[dict[str, Any]], *, show_ids: bool, purpose: str) -> list[dict[str, Any]]:
    """Rows with national_id masked, or shown in full with the disclosure recorded."""
    if show_ids:
        record_id_disclosure(db, purpose, sum(1 for r in rows if r.get("national_id")))
    return [{**r, "national_id": shown_id(r.get("national_id"), show_ids)} for r in rows]


def record_contact_export(db: Database, purpose: str, count: int) -> None:
    """Check the acting user may export members' contacts (phone, e-mail, LINE) in full, then
    audit it; like record_id_disclosure."""
    require(db, "members.export_personal")
    log.info("member contacts exported: %s (%d records)", purpose, count)
    audit(db, "export_personal", table_name="members", purpose=purpose, records=count, contacts=True)
