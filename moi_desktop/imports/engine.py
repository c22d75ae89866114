"""The import pipeline, the same for every kind of record: read → header and mapping → per-row
normalise/validate/duplicate check → report (dry run) or apply every valid row in ONE transaction.

A kind of import is an `ImportSpec`: its fields (with header variants), `prepare` (load what the
checks need, e.g. a duplicate index), `check_row` and `apply`. Rows are named by the row number the
user sees in Excel, in every message.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.imports.mapping import FieldSpec, Header, apply_overrides, detect_header
from moi_desktop.imports.reader import Table, read_table
from moi_desktop.progress import Cancelled, Progress, check_cancelled
from moi_desktop.security.audit import audit
from moi_desktop.security.session import require
from moi_desktop.thai.text import hostile_warning

CANCELLED = "ยกเลิกการนำเข้าแล้ว ไม่มีข้อมูลใดถูกบันทึก"

# "รวม", "รวมทั้งสิ้น ๒๕ คน", "ยอดรวม:" — but not a person called รวมพล.
_TOTAL = re.compile(r"^(?:(?:ยอด)?รวม(?:$|[\s:\d๐-๙]|ทั้งสิ้น|ทั้งหมด|จำนวน)|total\b|sum\b)", re.IGNORECASE)
_FOOTER = re.compile(r"ลงชื่อ|\.{5,}|…{2,}|ผู้รายงาน|ผู้รับรอง|ผู้จัดทำ")


@dataclass(frozen=True)
class Issue:
    row: int
    field: str | None
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class RowResult:
    """What check_row found for one row: values to insert (when valid), problems, a duplicate."""

    row: int
    values: dict | None = None
    errors: list[tuple[str | None, str]] = field(default_factory=list)
    warnings: list[tuple[str | None, str]] = field(default_factory=list)
    duplicate_of: Any = None  # member id (str) or earlier Excel row (int)
    duplicate_reason: str = ""


@dataclass
class ImportSpec:
    kind: str
    title: str  # Thai
    fields: list[FieldSpec]
    # At least one field of each group must be mapped (e.g. a full name or a first name).
    required: list[tuple[str, ...]]
    prepare: Callable[[Any, dict], Any]
    check_row: Callable[[Any, int, dict], RowResult]
    apply: Callable[[Any, Any, list[RowResult], Progress | None], int]
    # What the acting user needs to import (`action`) and to check a file against the data
    # without importing (`check_action`: a dry run reveals which people are already on file).
    action: str
    check_action: str
    min_header_matches: int = 2


@dataclass
class ImportReport:
    kind: str
    file: str
    sheet: str | None
    header_rows: list[int]
    columns: list[dict]  # letter, header, field, score
    rows: int = 0
    valid: int = 0
    imported: int = 0
    dry_run: bool = True
    errors: list[Issue] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)  # {"row", "of", "reason"}
    warnings: list[Issue] = field(default_factory=list)
    results: list[RowResult] = field(default_factory=list)

    def to_json(self) -> dict:
        """The headless contract: exactly these six keys."""
        return {
            "rows": self.rows,
            "valid": self.valid,
            "imported": self.imported,
            "errors": [e.as_dict() for e in self.errors],
            "duplicates": [{"row": d["row"], "of": d["of"]} for d in self.duplicates],
            "warnings": [w.as_dict() for w in self.warnings],
        }

    def problems_by_row(self) -> dict[int, list[str]]:
        """Every problem as Thai text, by Excel row (for the preview and the error workbook)."""
        out: dict[int, list[str]] = {}
        for issue in self.errors:
            out.setdefault(issue.row, []).append(f"ผิดพลาด: {issue.message}")
        for dup in self.duplicates:
            out.setdefault(dup["row"], []).append(f"ซ้ำ: {dup['reason']}")
        for issue in self.warnings:
            out.setdefault(issue.row, []).append(f"โปรดตรวจสอบ: {issue.message}")
        return dict(sorted(out.items()))


@dataclass
class Plan:
    """A read file with its header found and mapping decided: what the wizard shows and edits."""

    table: Table
    header: Header

    def mapping(self) -> dict[int, str]:
        return self.header.mapping()


def plan_import(spec: ImportSpec, path: Path, *, sheet: str | None = None, overrides: dict | None = None) -> Plan:
    """Read the file, find the header and propose the column mapping (then apply overrides)."""
    table = read_table(path, sheet)
    if not table.rows:
        raise UserError(f"ไฟล์ {table.name} ไม่มีข้อมูล", field="file")
    header = detect_header(table.rows, spec.fields, min_matches=spec.min_header_matches)
    if header is None:
        labels = "، ".join(f.label for f in spec.fields[:6])
        raise UserError(
            f"หาแถวหัวตารางในไฟล์ {table.name} ไม่พบ — ต้องมีหัวคอลัมน์ เช่น {labels} "
            "(ใช้แบบฟอร์มเปล่าของโปรแกรมได้)",
            field="file",
        )
    if overrides:
        apply_overrides(header, overrides, spec.fields)
    return Plan(table, header)


def _check_required(spec: ImportSpec, mapping: dict[int, str]) -> None:
    mapped = set(mapping.values())
    labels = {f.name: f.label for f in spec.fields}
    for group in spec.required:
        if not mapped & set(group):
            names = " หรือ ".join(labels[g] for g in group)
            raise UserError(f"ยังไม่ได้เลือกคอลัมน์ {names}", field="map")


def _row_kind(values: tuple, mapping: dict[int, str]) -> str:
    texts = [t for t in (v.strip() if type(v) is str else str(v) for v in values if v is not None) if t]
    if not texts:
        return "blank"
    if len(texts) > 3:  # a data row (nearly all): only a total's label can start a full row
        return "total" if _TOTAL.match(texts[0]) else "data"
    if any(_TOTAL.match(t) for t in texts):
        return "total"
    # A footer ("ลงชื่อ …… ผู้รายงาน") fills at most two of the mapped columns.
    if _FOOTER.search(" ".join(texts)):
        return "footer"
    return "data"


def run_import(
    db: Database,
    spec: ImportSpec,
    plan: Plan,
    *,
    dry_run: bool = True,
    options: dict | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Check every data row; unless `dry_run`, insert all valid, non-duplicate rows in one
    transaction. Any failure while applying leaves the database as it was. The acting user needs
    the spec's action (its check_action for a dry run); an applied import is audited."""
    require(db, spec.check_action if dry_run else spec.action)
    mapping = plan.mapping()
    _check_required(spec, mapping)
    report = ImportReport(
        kind=spec.kind,
        file=plan.table.name,
        sheet=plan.table.sheet,
        header_rows=plan.header.rows,
        columns=[
            {"letter": c.letter, "header": c.header, "field": c.field, "score": c.score} for c in plan.header.columns
        ],
        dry_run=dry_run,
    )
    context = spec.prepare(db, options or {})
    data_rows = plan.table.rows[plan.header.data_start :]
    total = len(data_rows)
    previous = plan.header.rows[-1]
    for n, (row_number, values) in enumerate(data_rows, start=1):
        if n % 200 == 0:
            check_cancelled(cancelled, CANCELLED)
        # Blank rows are not in the table: a gap in row numbers inside the data is one.
        for blank in range(previous + 1, row_number):
            report.warnings.append(Issue(blank, None, "แถวว่าง — ข้าม"))
        previous = row_number
        kind = _row_kind(values, mapping)
        if kind == "total":
            report.warnings.append(Issue(row_number, None, "แถวสรุปยอด (รวม) — ข้าม"))
            continue
        if kind == "footer":
            report.warnings.append(Issue(row_number, None, "ข้อความท้ายตาราง (ลงชื่อ/หมายเหตุ) — ข้าม"))
            continue
        raw = {name: values[i] for i, name in mapping.items() if i < len(values)}
        for name, value in raw.items():  # cleaning removes them; the user hears which
            warning = hostile_warning(value) if type(value) is str else None
            if warning:
                report.warnings.append(Issue(row_number, name, warning))
        result = spec.check_row(context, row_number, raw)
        report.rows += 1
        report.results.append(result)
        for fld, message in result.errors:
            report.errors.append(Issue(row_number, fld, message))
        for fld, message in result.warnings:
            report.warnings.append(Issue(row_number, fld, message))
        if not result.errors:
            report.valid += 1
            if result.duplicate_of is not None:
                report.duplicates.append(
                    {"row": row_number, "of": result.duplicate_of, "reason": result.duplicate_reason}
                )
        if progress and n % 500 == 0:
            progress(n, total, "กำลังตรวจสอบข้อมูล")
    report.warnings.sort(key=lambda i: i.row)
    if not dry_run:
        to_insert = [r for r in report.results if not r.errors and r.duplicate_of is None and r.values]
        check_cancelled(cancelled, CANCELLED)
        with db.atomic():
            report.imported = spec.apply(db, context, to_insert, progress)
            check_cancelled(cancelled, CANCELLED)
            _audit(db, spec.kind, plan.table.name, report)
    if progress:
        progress(total, total, "เสร็จแล้ว")
    return report


def _audit(db: Database, kind: str, file: str, report: ImportReport) -> None:
    """One audit entry per applied import (counts and file name only, never personal data)."""
    audit(db, "import", table_name=kind, file=file, rows=report.rows, imported=report.imported,
          errors=len(report.errors), duplicates=len(report.duplicates))
