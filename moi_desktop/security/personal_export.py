"""A data subject's own copy of what the office holds on them (PDPA right of access), written to a
.json file: the permission check, the write and the audit entry every area's export shares."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.security.audit import audit
from moi_desktop.security.session import require


def write_personal_export(db: Database, *, action: str, table: str, row_id: str,
                          collect: Callable[[], dict[str, Any]], out: Path) -> Path:
    """Check `action`, write `collect()` to the .json file `out` and audit it with the file's name."""
    out = Path(out)
    if out.suffix.lower() != ".json":
        raise UserError("ไฟล์ส่งออกข้อมูลส่วนบุคคลต้องเป็น .json", field="out")
    require(db, action)
    data = collect()
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    audit(db, "export_personal", table_name=table, row_id=row_id, file=out.name)
    return out
