"""The province's side of the reporting cycle: import a district's submission folder, the status
board (districts × periods), reminder letters to late districts and consolidated figures.

    received = import_submission(db, folder, password=...)       # checks every hash, merges, files
    board = status_board(db, "disbursement", ["2026-10", "2026-11"], today)
    letters = reminder_letters(db, "disbursement", "2026-11", out_dir, today)
    table = consolidated(db, "disbursement", "2026-11")           # per-district columns + รวม

The board's districts are the province's expected districts (the setting
reporting.expected_districts; by default every district of the province). A period's cell is
ส่งแล้ว (built on or before the due date, by the manifest's own date), ส่งช้า (built after it), or
ยังไม่ส่ง; the build and import dates go with it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from moi_desktop.db import Database
from moi_desktop.db.clock import now_iso
from moi_desktop.db.rows import insert_row, set_meta
from moi_desktop.errors import UserError
from moi_desktop.exchange.province import is_province_office
from moi_desktop.office import Office, get_office
from moi_desktop.paths import data_dir
from moi_desktop.progress import Cancelled, Progress, no_progress
from moi_desktop.reporting.calendar import Obligation, get_obligation
from moi_desktop.reporting.periods import due_date, period_bounds, period_label
from moi_desktop.reporting.submission import MANIFEST, SubmissionManifest, verify_folder
from moi_desktop.security.session import require

EXPECTED_KEY = "reporting.expected_districts"
SENT, LATE, MISSING = "sent", "late", "missing"
CELL_STATES = {SENT: "ส่งแล้ว", LATE: "ส่งช้า", MISSING: "ยังไม่ส่ง"}


def _province_office(db: Database) -> Office:
    office = get_office(db)
    if office is None or office.level != "province":
        raise UserError("ใช้ได้เฉพาะสำนักงานระดับจังหวัด (ตั้งค่าสำนักงานเป็นจังหวัดก่อน)", field="office")
    return office


# -- importing a folder -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ReceivedSubmission:
    id: str
    manifest: SubmissionManifest
    filed_in: Path
    already: bool
    receipt: str | None = None


def _filed_folder(office: Office, m: SubmissionManifest) -> Path:
    return (data_dir() / "submissions" / (m.district_code or "unknown")
            / f"{m.obligation_code}-{m.period}-{m.sha256[:12]}")


def import_submission(db: Database, folder: str | Path, *, password: str, progress: Progress | None = None,
                      cancelled: Cancelled | None = None) -> ReceivedSubmission:
    """Check every file against the manifest, merge the bundle (exchange import: its own checks
    of sender and rows), file the documents in the data dir and record the submission.
    Importing the same folder again changes nothing. Needs reporting.receive and exchange.import."""
    require(db, "reporting.receive")
    # deferred: what only this operation needs (exchange merge, letters, area summaries)
    from moi_desktop.exchange.merge import import_bundle

    progress = progress or no_progress
    office = _province_office(db)
    folder = Path(folder)
    m = verify_folder(folder, progress)
    if m.level != "district" or not m.district_code:
        raise UserError("รายงานนี้ไม่ได้มาจากสำนักงานระดับอำเภอ", field="folder")
    if m.province_code != office.province_code:
        raise UserError(f"รายงานนี้เป็นของอำเภอในจังหวัดอื่น ({m.org_name})", field="folder")
    existing = db.execute("SELECT id, filed_in FROM submissions_received WHERE manifest_sha256 = ? "
                          "AND deleted_at IS NULL", [m.sha256]).fetchone()
    if existing:
        return ReceivedSubmission(existing[0], m, Path(existing[1]), already=True)
    report = import_bundle(db, folder / m.bundle_file.name, password, progress=progress, cancelled=cancelled)
    sender = report.sender or {}
    if report.bundle_id != m.bundle_id or sender.get("district_code") != m.district_code:
        # the bundle is merged (its own checks passed) but the folder around it lies about it
        raise UserError("ชุดข้อมูลในโฟลเดอร์ไม่ตรงกับรายการไฟล์ของรายงาน (อำเภอหรือรหัสชุดข้อมูลต่างกัน) "
                        "จึงไม่บันทึกว่าได้รับรายงาน", field="folder")
    target = _filed_folder(office, m)
    target.mkdir(parents=True, exist_ok=True)
    for f in [*(x for x in m.files if x.role != "bundle"), None]:
        name = f.name if f else MANIFEST
        shutil.copy2(folder / name, target / name)
    row_id = insert_row(db, "submissions_received", {
        "obligation_code": m.obligation_code, "period": m.period, "due_date": m.due_date.isoformat(),
        "built_at": m.built_at, "built_on": m.built_on.isoformat(), "imported_at": now_iso(),
        "district_code": m.district_code, "province_code": m.province_code, "org_name": m.org_name,
        "manifest_sha256": m.sha256, "bundle_id": m.bundle_id, "filed_in": str(target), "files": len(m.files),
    })
    return ReceivedSubmission(row_id, m, target, already=False, receipt=report.receipt)


# -- which districts -------------------------------------------------------------------------------
def expected_districts(db: Database) -> list[tuple[str, str]]:
    """(code, Thai name) of the districts the province expects reports from; at a district office,
    the district itself (its own board: what it sent and when the province's receipt came)."""
    office = get_office(db)
    if office is not None and office.level == "district" and office.district_code:
        row = db.execute("SELECT name_th FROM districts WHERE district_code = ?", [office.district_code]).fetchone()
        return [(office.district_code, row[0] if row else office.district_code)]
    office = _province_office(db)
    everyone = db.execute("SELECT district_code, name_th FROM districts WHERE province_code = ? "
                          "ORDER BY district_code", [office.province_code]).fetchall()
    row = db.execute("SELECT value FROM meta WHERE key = ?", [EXPECTED_KEY]).fetchone()
    wanted = set(json.loads(row[0])) if row and row[0] else None
    return [(c, n) for c, n in everyone if wanted is None or c in wanted]


def set_expected_districts(db: Database, codes: list[str] | None) -> list[tuple[str, str]]:
    """Narrow the board to these districts (None or []: every district of the province)."""
    require(db, "reporting.manage")
    office = _province_office(db)
    known = {r[0] for r in db.execute("SELECT district_code FROM districts WHERE province_code = ?",
                                      [office.province_code])}
    unknown = sorted(set(codes or []) - known)
    if unknown:
        raise UserError(f"รหัสอำเภอ {', '.join(unknown)} ไม่อยู่ในจังหวัดนี้", field="districts")
    set_meta(db, EXPECTED_KEY, json.dumps(sorted(set(codes or []))) if codes else "")
    return expected_districts(db)


# -- the status board -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    state: str  # sent / late / missing
    due: date
    built_on: date | None = None
    imported_at: str | None = None
    memo_number: str | None = None

    @property
    def state_th(self) -> str:
        return CELL_STATES[self.state]

    def overdue(self, today: date) -> bool:
        return self.state == MISSING and today > self.due


@dataclass
class BoardRow:
    district_code: str
    district_name: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Board:
    obligation: Obligation
    periods: list[str]
    rows: list[BoardRow]

    def counts(self, period: str) -> dict[str, int]:
        i = self.periods.index(period)
        out = dict.fromkeys(CELL_STATES, 0)
        for r in self.rows:
            out[r.cells[i].state] += 1
        return out


def status_board(db: Database, obligation: str | Obligation, periods: list[str]) -> Board:
    """Districts × periods of one obligation. Needs reporting.view."""
    require(db, "reporting.view")
    ob = obligation if isinstance(obligation, Obligation) else get_obligation(db, obligation)
    received: dict[tuple[str, str], tuple[str, str, str]] = {}
    if is_province_office(db):
        sql = ("SELECT district_code, period, min(built_on), min(imported_at), manifest_sha256 "
               "FROM submissions_received WHERE deleted_at IS NULL AND obligation_code = ? "
               "GROUP BY district_code, period")
    else:  # a district's own board: its submissions; "imported" when the province's receipt came back
        sql = ("SELECT s.district_code, s.period, min(s.built_on), min(b.confirmed_at), s.manifest_sha256 "
               "FROM submissions s LEFT JOIN bundles_sent b ON b.id = s.bundle_id WHERE s.deleted_at IS NULL "
               "AND s.obligation_code = ? AND s.origin = (SELECT value FROM meta WHERE key = 'installation_id') "
               "GROUP BY s.district_code, s.period")
    for district, period, built_on, imported_at, sha in db.execute(sql, [ob.code]):
        received[(district, period)] = (built_on, imported_at, sha)
    memo = {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT r.district_code, r.period, s.memo_number FROM submissions_received r "
        "JOIN submissions s ON s.bundle_id = r.bundle_id WHERE r.obligation_code = ?", [ob.code])}
    rows = []
    for code, name in expected_districts(db):
        row = BoardRow(code, name)
        for period in periods:
            due = due_date(ob.rule, period)
            got = received.get((code, period))
            if got is None:
                row.cells.append(Cell(MISSING, due))
            else:
                built = date.fromisoformat(got[0])
                row.cells.append(Cell(SENT if built <= due else LATE, due, built, got[1], memo.get((code, period))))
        rows.append(row)
    return Board(ob, list(periods), rows)


# -- reminders ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reminder:
    district_code: str
    district_name: str
    state: str
    number: str
    path: Path


def reminder_letters(db: Database, obligation: str | Obligation, period: str, out_dir: str | Path,
                     today: date, *, include_late: bool = True) -> list[Reminder]:
    """A numbered หนังสือติดตาม (from the province's register) to each district that has not sent
    the period after its due date — and, with include_late, a reminder of the deadline to each that
    sent it late. Needs reporting.view and correspondence.edit (numbers)."""
    # deferred: what only this operation needs (exchange merge, letters, area summaries)
    from moi_desktop.reporting.letters import issue_reminder
    from moi_desktop.thai.dates import format_thai_date

    ob = obligation if isinstance(obligation, Obligation) else get_obligation(db, obligation)
    board = status_board(db, ob, [period])
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise UserError(f"ไม่พบโฟลเดอร์ปลายทาง: {out_dir}", field="--out")
    label = period_label(ob.rule, period)
    due = due_date(ob.rule, period)
    due_text = format_thai_date(due, "full")
    made = []
    for row in board.rows:
        cell = row.cells[0]
        if not (cell.overdue(today) or (include_late and cell.state == LATE)):
            continue
        to_whom = f"นายอำเภอ{row.district_name}"
        if cell.state == MISSING:
            subject = f"ติดตาม{ob.title} {label}"
            body = [f"ตามที่จังหวัดได้กำหนดให้อำเภอส่ง{ob.title} {label} ภายในวันที่ {due_text} นั้น",
                    "บัดนี้ครบกำหนดแล้ว จังหวัดยังไม่ได้รับรายงานของอำเภอ จึงขอให้อำเภอจัดส่งรายงาน"
                    "พร้อมชุดข้อมูลโดยด่วน"]
        else:
            built = format_thai_date(cell.built_on, "full") if cell.built_on else ""
            subject = f"การส่ง{ob.title} {label} ล่าช้า"
            body = [f"จังหวัดได้รับ{ob.title} {label} ของอำเภอ ซึ่งจัดทำเมื่อวันที่ {built} "
                    f"เกินกำหนดส่งวันที่ {due_text}",
                    "จึงขอให้อำเภอจัดส่งรายงานงวดต่อไปภายในกำหนด"]
        items = [[ob.title, label, due_text, cell.state_th]]
        path = out_dir / f"หนังสือติดตาม-{ob.code}-{period}-{row.district_code}.pdf"
        numbered = issue_reminder(db, path, on=today, to_whom=to_whom, subject=subject, body=body, items=items)
        made.append(Reminder(row.district_code, row.district_name, cell.state, numbered.number, path))
    return made


# -- consolidated figures ------------------------------------------------------------------------------
# (db, period, the period's last day) -> [(label, value)]
Measures = Callable[[Database, str, date], list[tuple[str, float]]]


def _disbursement(db: Database, period: str, end: date) -> list[tuple[str, float]]:
    # deferred: what only this operation needs (exchange merge, letters, area summaries)
    from moi_desktop.projects.budget import monthly_disbursement

    rows = monthly_disbursement(db, period)
    return [("จำนวนโครงการ", len(rows)), ("งบประมาณ (บาท)", sum(r["budget"] for r in rows)),
            ("เบิกจ่ายในเดือน (บาท)", sum(r["this_month"] for r in rows)),
            ("เบิกจ่ายสะสม (บาท)", sum(r["to_date"] for r in rows)),
            ("คงเหลือ (บาท)", sum(r["remaining"] for r in rows))]


def _progress(db: Database, period: str, end: date) -> list[tuple[str, float]]:
    rows = db.execute(
        "SELECT c.short_th, (SELECT count(*) FROM projects p WHERE p.deleted_at IS NULL AND p.category = c.code) "
        "FROM project_categories c ORDER BY c.code").fetchall()
    total = db.execute("SELECT count(*) FROM activities WHERE deleted_at IS NULL").fetchone()[0]
    return [*((f"โครงการ: {name}", n) for name, n in rows), ("จำนวนกิจกรรม", total)]


def _cases(db: Database, period: str, end: date) -> list[tuple[str, float]]:
    """Cases received up to the period's end, by their status now."""
    # deferred: what only this operation needs (exchange merge, letters, area summaries)
    from moi_desktop.cases.status import STATUSES

    counts = dict(db.execute("SELECT status, count(*) FROM cases WHERE deleted_at IS NULL AND reported_on <= ? "
                             "GROUP BY status", [end.isoformat()]).fetchall())
    return [("เรื่องราวทั้งหมด", sum(counts.values())), *((f"สถานะ: {label}", counts.get(code, 0))
                                                       for code, label in STATUSES.items())]


# obligation code → (the tables narrowed to one district's rows, the measures)
CONSOLIDATE: dict[str, tuple[tuple[str, ...], Measures]] = {
    "disbursement": (("projects",), _disbursement),
    "progress": (("projects", "activities"), _progress),
    "cases": (("cases",), _cases),
}


@dataclass
class Consolidated:
    obligation: Obligation
    period: str
    districts: list[tuple[str, str]]
    labels: list[str]
    values: list[list[float]]  # per label: one value per district
    totals: list[float]  # the whole province's figure per label (all districts' rows together)


def consolidated(db: Database, obligation: str | Obligation, period: str) -> Consolidated:
    """The period's figures for each expected district (its rows as it sent them) and the total."""
    require(db, "reports.view")
    # deferred: what only this operation needs (exchange merge, letters, area summaries)
    from moi_desktop.reports import only_district

    ob = obligation if isinstance(obligation, Obligation) else get_obligation(db, obligation)
    if ob.code not in CONSOLIDATE:
        raise UserError(f"ยังไม่มีรายงานรวมระดับจังหวัดสำหรับ {ob.title}", field="obligation")
    tables, measures = CONSOLIDATE[ob.code]
    end = period_bounds(ob.rule, period)[1]
    districts = expected_districts(db)
    per: list[list[tuple[str, float]]] = []
    for code, _ in districts:
        with ExitStack() as stack:
            for table in tables:
                stack.enter_context(only_district(db, table, {"district": code}))
            per.append(measures(db, period, end))
    totals = measures(db, period, end)
    labels = [label for label, _ in totals]
    values = [[dict(p).get(label, 0) for p in per] for label in labels]
    return Consolidated(ob, period, districts, labels, values, [v for _, v in totals])
