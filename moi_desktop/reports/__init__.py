"""The report registry: every report the program can produce, from the GUI or the CLI.

Each module `moi_desktop/reports/<area>.py` defines a module-level `REPORTS = [ReportSpec(...)]`;
modules are discovered automatically. A spec's `build(db, params)` runs the queries and returns a
`ReportDefinition` (rendered to PDF or XLSX by the document engine) or, for documents that are not
tables (certificates, sign-in sheets), any object with
`render(out: Path, fmt: str, *, progress, cancelled) -> Path`.

    render_report(db, "reference.districts", Path("x.pdf"), {"province": "93"})

Who may make a report: the spec's `actions` (reports.view unless it says otherwise: the contact
list, a full contact export, also needs members.export_personal; training documents need the
trainings permissions a trainer has) and the `action` of each option turned on (showing full
national IDs); `report_actions` lists them, render_report checks them for the user acting on the
database.

Province mode: a report of per-district data takes the shared `district` parameter
(`district_param()` below) and narrows its rows with `district_where`,
`district_row_ids` or `only_district`; `district_subtitle` names the district (or ทุกอำเภอ) at a
province office. At a district office the parameter does not apply and changes nothing.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from moi_desktop.db import Database
from moi_desktop.documents.fonts import get_document_font, get_fonts
from moi_desktop.documents.report import ReportDefinition
from moi_desktop.documents.table_report import FirstPage, render_pdf
from moi_desktop.documents.xlsx import render_xlsx
from moi_desktop.errors import UserError
from moi_desktop.exchange.province import (
    district_filter_sql,
    district_label,
    is_province_office,
    report_district_choices,
)
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.security.session import require
from moi_desktop.thai import parse_thai_date

FORMATS = {".pdf": "pdf", ".xlsx": "xlsx"}
PARAM_KINDS = ("text", "int", "date", "choice", "bool")


class CustomReport(Protocol):
    def render(self, out: Path, fmt: str, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> Path: ...


@dataclass(frozen=True)
class ReportParam:
    """A parameter the user picks before generating (GUI form field / CLI --param key=value).

    choices(db) -> [(value, Thai label)] for kind "choice"; default(db) -> value or None;
    applies(db) -> False when the parameter means nothing for this installation (a form may hide
    it; resolve_params sets it to None whatever was given). `action`: the permission needed to
    turn a bool option on (one that discloses what the report otherwise masks).
    """

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    default: Callable[[Database], Any] | None = None
    choices: Callable[[Database], Sequence[tuple[str, str]]] | None = None
    applies: Callable[[Database], bool] | None = None
    action: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in PARAM_KINDS:
            raise ValueError(f"parameter {self.key!r}: unknown kind {self.kind!r}")


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title_th: str
    area: str
    build: Callable[[Database, dict[str, Any]], ReportDefinition | CustomReport]
    formats: tuple[str, ...] = ("pdf", "xlsx")
    params: tuple[ReportParam, ...] = ()
    requires_tables: tuple[str, ...] = ()
    description: str = ""
    order: int = 100
    actions: tuple[str, ...] = ("reports.view",)  # the permissions needed, whatever the options


@dataclass
class _Registry:
    specs: dict[str, ReportSpec] = field(default_factory=dict)
    loaded: bool = False


_registry = _Registry()


def _load() -> dict[str, ReportSpec]:
    if not _registry.loaded:
        specs: dict[str, ReportSpec] = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"{__name__}.{info.name}")
            for spec in getattr(module, "REPORTS", ()):
                if spec.key in specs:
                    raise RuntimeError(f"duplicate report key {spec.key!r} in {module.__name__}")
                specs[spec.key] = spec
        _registry.specs = specs
        _registry.loaded = True
    return _registry.specs


def all_reports() -> list[ReportSpec]:
    return sorted(_load().values(), key=lambda s: (s.order, s.area, s.key))


def available_reports(db: Database) -> list[ReportSpec]:
    """Reports whose tables exist in this database (an area not yet installed shows nothing)."""
    tables = set(db.table_names())
    return [s for s in all_reports() if set(s.requires_tables) <= tables]


def get_report(key: str) -> ReportSpec:
    spec = _load().get(key)
    if spec is None:
        raise UserError(f"ไม่พบรายงาน '{key}' (ดูรายชื่อด้วยคำสั่ง report list)", field="key")
    return spec


def report_actions(spec: ReportSpec, params: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """The permissions making `spec` with `params` needs (an option counts when it is turned on:
    any value but None, "", False, 0 and the strings "0"/"false"/"no")."""
    on = {k for k, v in (params or {}).items() if v not in (None, "", False, 0)
          and str(v).strip().lower() not in ("0", "false", "no")}
    return (*spec.actions, *(p.action for p in spec.params if p.action and p.key in on))


def format_for(path: str | Path) -> str:
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise UserError("ชื่อไฟล์ต้องลงท้ายด้วย .pdf หรือ .xlsx", field="--out")
    return fmt


def resolve_params(db: Database, spec: ReportSpec, raw: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check and convert parameters (strings from the CLI, values from the GUI); fill defaults."""
    raw = dict(raw or {})
    known = {p.key for p in spec.params}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise UserError(f"รายงานนี้ไม่มีตัวเลือก {', '.join(unknown)}", field=unknown[0])
    values: dict[str, Any] = {}
    for p in spec.params:
        if p.applies is not None and not p.applies(db):
            values[p.key] = None
            continue
        value = raw.get(p.key)
        if value in (None, "") and p.default is not None:
            value = p.default(db)
        if value in (None, ""):
            if p.required:
                raise UserError(f"กรุณาระบุ{p.label}", field=p.key)
            values[p.key] = None
            continue
        if p.kind == "int":
            try:
                value = int(str(value).strip())
            except ValueError:
                raise UserError(f"{p.label} ต้องเป็นตัวเลข", field=p.key) from None
        elif p.kind == "date" and not isinstance(value, date):
            value = parse_thai_date(str(value))
        elif p.kind == "bool" and isinstance(value, str):
            value = value.strip().lower() in ("1", "true", "yes", "y", "ใช่")
        elif p.kind == "choice" and p.choices is not None:
            allowed = {str(v) for v, _ in p.choices(db)}
            if str(value) not in allowed:
                raise UserError(f"{p.label} '{value}' ไม่อยู่ในรายการที่เลือกได้", field=p.key)
            value = str(value)
        values[p.key] = value
    return values


# -- district filter (province mode) -----------------------------------------------------------
def district_param() -> ReportParam:
    """The shared report parameter "district". It applies only at a province office: elsewhere
    resolve_params sets it to None, so it never changes a district office's reports."""
    return ReportParam("district", "อำเภอ", kind="choice", choices=report_district_choices,
                       applies=is_province_office)


def district_where(db: Database, params: Mapping[str, Any], *, alias: str | None = None) -> tuple[str, list[str]]:
    """SQL condition (and parameters) keeping rows from the chosen district; "1 = 1" for all."""
    return district_filter_sql(db, params.get("district"), alias=alias)


def district_subtitle(db: Database, params: Mapping[str, Any]) -> list[str]:
    """At a province office, the subtitle line naming the district ("อำเภอคลองขลุง" or "ทุกอำเภอ");
    nothing at a district office, whose header already names it."""
    return [district_label(db, params.get("district"))] if is_province_office(db) else []


def district_row_ids(db: Database, table: str, params: Mapping[str, Any]) -> set[str] | None:
    """Ids of `table`'s rows from the chosen district, or None when no district is chosen (keep all).
    `table` is the caller's constant; the district condition is fixed SQL with bound values."""
    if not params.get("district"):
        return None
    where, args = district_where(db, params)
    return {row[0] for row in db.execute(f"SELECT id FROM main.[{table}] WHERE {where}", args)}  # noqa: S608


@contextmanager
def only_district(db: Database, table: str, params: Mapping[str, Any]) -> Iterator[None]:
    """Inside the block, queries on this connection that name `table` see only the chosen district's
    rows, so an area's own summary functions run unchanged on one district.

    A TEMP view named like the table shadows it (SQLite resolves unqualified names in temp first).
    Views cannot take parameters, so the matching ids are put in a TEMP table first. Read-only use:
    writing to `table` inside the block fails. No district chosen: nothing changes.
    `table` is the caller's constant; the district condition is fixed SQL with bound values.
    """
    if not params.get("district"):
        yield
        return
    where, args = district_where(db, params)
    scope = f"_district_scope_{table}"
    db.execute(f"CREATE TEMP TABLE [{scope}] AS SELECT id FROM main.[{table}] WHERE {where}", args)  # noqa: S608
    try:
        db.execute(f"CREATE TEMP VIEW [{table}] AS SELECT * FROM main.[{table}] "  # noqa: S608
                   f"WHERE id IN (SELECT id FROM temp.[{scope}])")
        try:
            yield
        finally:
            db.execute(f"DROP VIEW temp.[{table}]")
    finally:
        db.execute(f"DROP TABLE temp.[{scope}]")


def render_report(db: Database, key: str, out_path: str | Path, params: Mapping[str, Any] | None = None,
                  progress: Progress | None = None, cancelled: Cancelled | None = None,
                  first_page: FirstPage | None = None) -> Path:
    """Build report `key` and write it to out_path (.pdf or .xlsx). Returns the path written.

    The file appears whole or not at all: it is rendered next to the target and moved into place.
    `first_page` = (path, ready): a table report of several pages also writes its page 1 to `path`
    and calls `ready(path)` before drawing the rest (the GUI preview shows it meanwhile).
    """
    out_path = Path(out_path)
    fmt = format_for(out_path)
    spec = get_report(key)
    if fmt not in spec.formats:
        raise UserError(f"รายงาน '{spec.title_th}' ไม่มีรูปแบบ {fmt.upper()}", field="--out")
    missing = sorted(set(spec.requires_tables) - set(db.table_names()))
    if missing:
        raise UserError(f"ฐานข้อมูลนี้ยังไม่มีข้อมูลสำหรับรายงาน '{spec.title_th}'", detail=", ".join(missing))
    if not out_path.parent.is_dir():
        raise UserError(f"ไม่พบโฟลเดอร์ปลายทาง: {out_path.parent}", field="--out")
    values = resolve_params(db, spec, params)
    for action in report_actions(spec, values):
        require(db, action)
    if progress:
        progress(0, 0, "กำลังอ่านข้อมูล")
    built = spec.build(db, values)
    fd, tmp_name = tempfile.mkstemp(prefix=".moi-", suffix=out_path.suffix, dir=out_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if isinstance(built, ReportDefinition):
            if fmt == "pdf":
                render_pdf(built, tmp, fonts=get_fonts(get_document_font(db)), progress=progress,
                           cancelled=cancelled, first_page=first_page)
            else:
                render_xlsx(built, tmp, font_name=_office_excel_font(db), progress=progress, cancelled=cancelled)
        else:
            built.render(tmp, fmt, progress=progress, cancelled=cancelled)
        os.replace(tmp, out_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out_path


def save_rendered_report(db: Database, key: str, rendered: str | Path, out_path: str | Path,
                         params: Mapping[str, Any] | None = None, progress: Progress | None = None,
                         cancelled: Cancelled | None = None) -> Path:
    """Save a report already rendered with these `params` (the preview) to out_path, without
    rendering it again: the same permission checks as `render_report`, then a copy that appears
    whole or not at all. Returns the path written."""
    rendered, out_path = Path(rendered), Path(out_path)
    spec = get_report(key)
    if format_for(out_path) != format_for(rendered):
        raise UserError(f"ไฟล์ที่สร้างไว้ไม่ใช่ {format_for(out_path).upper()}", field="--out")
    if not out_path.parent.is_dir():
        raise UserError(f"ไม่พบโฟลเดอร์ปลายทาง: {out_path.parent}", field="--out")
    if not rendered.is_file():
        raise UserError(f"ไม่พบไฟล์รายงาน '{spec.title_th}' ที่สร้างไว้ กรุณาสร้างใหม่")
    values = resolve_params(db, spec, params)
    for action in report_actions(spec, values):
        require(db, action)
    if progress:
        progress(0, 0, "กำลังบันทึกรายงาน")
    fd, tmp_name = tempfile.mkstemp(prefix=".moi-", suffix=out_path.suffix, dir=out_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copyfile(rendered, tmp)
        os.replace(tmp, out_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out_path


def _office_excel_font(db: Database) -> str | None:
    """The office's TH Sarabun family (Excel has those by name); None → TH Sarabun New.
    The bundled PDF fonts (Laksaman, Sarabun) are not on office PCs, so Excel never names them."""
    family = get_document_font(db)
    return family if family and family.startswith("TH Sarabun") else None
