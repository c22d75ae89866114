"""One-step submission: a period's reports, its covering memo and the encrypted data bundle in one
folder on the chosen drive, with a manifest written last.

    result = build_submission(db, "disbursement", "2026-11", Path("/media/clerk/STICK"), password=...)
    manifest = verify_folder(result.folder)   # what the province runs first

The folder holds:
- the period's reports as PDF and XLSX (render_report: national IDs masked, as every export);
- บันทึกนำส่ง (covering memo) numbered from the outgoing register, listing every attachment;
- the encrypted bundle of this office's data (exchange export) — personal data travels only there;
- manifest.json, written LAST (temporary name, fsync, rename): file names, sizes, SHA-256, the
  build time and date, the due date, office and period.
A folder without a manifest, or whose files do not match it, is not a submission: verify_folder
refuses it. The reports, memo and bundle are made in a staging folder on this PC first and then
copied to the drive, each file flushed to the stick before the next; a failure on the drive
(a pulled stick) leaves no manifest, the memo's number is cancelled in the register with the
reason, and no submission is recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from moi_desktop.db import Database
from moi_desktop.db.clock import iso, now_utc, to_bangkok
from moi_desktop.db.rows import insert_row, installation_id
from moi_desktop.errors import UserError
from moi_desktop.paths import data_dir
from moi_desktop.progress import Cancelled, Progress, check_cancelled, never_cancelled, no_progress
from moi_desktop.reporting.calendar import Obligation, get_obligation
from moi_desktop.reporting.periods import check_period, due_date, period_bounds, period_label
from moi_desktop.security.session import require
from moi_desktop.thai.dates import format_thai_date

MANIFEST = "manifest.json"
KIND = "moi-desktop-submission"
VERSION = 1
CHUNK = 1 << 20
SUBMIT_CANCELLED = "ยกเลิกการจัดทำรายงานแล้ว (ยังไม่ได้บันทึกการส่ง)"
MAX_MANIFEST_BYTES = 1 << 20


@dataclass(frozen=True)
class ManifestFile:
    name: str
    size: int
    sha256: str
    role: str  # report / memo / bundle
    title: str


@dataclass(frozen=True)
class SubmissionManifest:
    obligation_code: str
    obligation_title: str
    period: str
    period_label: str
    due_date: date
    built_at: str  # UTC ISO
    built_on: date  # the office's own (Bangkok) date of building
    level: str
    province_code: str
    district_code: str | None
    org_name: str
    installation_id: str
    memo_number: str
    bundle_id: str
    files: list[ManifestFile]
    sha256: str  # of manifest.json itself

    @property
    def late(self) -> bool:
        return self.built_on > self.due_date

    @property
    def bundle_file(self) -> ManifestFile:
        return next(f for f in self.files if f.role == "bundle")


@dataclass(frozen=True)
class SubmissionResult:
    id: str
    folder: Path
    manifest: SubmissionManifest

    @property
    def late(self) -> bool:
        return self.manifest.late


# -- the build time ------------------------------------------------------------------------------
_clock: Callable[[], datetime] = now_utc


@contextmanager
def building_at(moment: datetime) -> Iterator[None]:
    """Build submissions as if at `moment` (the province demo and tests: one district on time, one
    late). Not offered by the CLI or the GUI: a real build is stamped with the real time."""
    global _clock
    previous = _clock
    _clock = lambda: moment  # noqa: E731
    try:
        yield
    finally:
        _clock = previous


# -- writing to the drive ------------------------------------------------------------------------
def _write(f: BinaryIO, chunk: bytes) -> None:
    """One chunk to the drive (a test replaces this to pull the stick after N bytes)."""
    f.write(chunk)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory; its renames are durable once the files are
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_to_drive(src: Path, dst: Path, cancelled: Cancelled) -> None:
    """Copy in chunks and flush the file to the stick before returning."""
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while chunk := fin.read(CHUNK):
            check_cancelled(cancelled, SUBMIT_CANCELLED)
            _write(fout, chunk)
        fout.flush()
        os.fsync(fout.fileno())


def _write_manifest(folder: Path, data: bytes) -> None:
    tmp = folder / f".{MANIFEST}.part"
    with open(tmp, "wb") as f:
        _write(f, data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, folder / MANIFEST)
    _fsync_dir(folder)


def _sha256_file(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


# -- reading and checking a folder -----------------------------------------------------------------
def _not_a_submission(folder: Path, why: str) -> UserError:
    return UserError(f"โฟลเดอร์ {folder.name} ไม่ใช่รายงานที่ส่งครบถ้วน: {why} "
                     "(อาจถอดแฟลชไดรฟ์ระหว่างบันทึก กรุณาให้อำเภอจัดทำใหม่)", field="folder")


def _parse_manifest(folder: Path, raw: bytes) -> SubmissionManifest:
    try:
        m = json.loads(raw)
        if m.get("kind") != KIND:
            raise ValueError("kind")
        if int(m.get("version", 0)) > VERSION:
            raise UserError("รายงานนี้จัดทำด้วยโปรแกรมรุ่นที่ใหม่กว่า กรุณาปรับปรุงโปรแกรมก่อนนำเข้า", field="folder")
        files = [ManifestFile(str(f["name"]), int(f["size"]), str(f["sha256"]), str(f["role"]), str(f["title"]))
                 for f in m["files"]]
        return SubmissionManifest(
            obligation_code=str(m["obligation_code"]), obligation_title=str(m["obligation_title"]),
            period=str(m["period"]), period_label=str(m["period_label"]),
            due_date=date.fromisoformat(m["due_date"]), built_at=str(m["built_at"]),
            built_on=date.fromisoformat(m["built_on"]), level=str(m["level"]),
            province_code=str(m["province_code"]), district_code=m.get("district_code"),
            org_name=str(m["org_name"]), installation_id=str(m["installation_id"]),
            memo_number=str(m["memo_number"]), bundle_id=str(m["bundle_id"]), files=files,
            sha256=hashlib.sha256(raw).hexdigest(),
        )
    except UserError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise _not_a_submission(folder, "ไฟล์ manifest.json อ่านไม่ได้") from exc


def verify_folder(folder: str | Path, progress: Progress | None = None) -> SubmissionManifest:
    """The folder's manifest when every file it names is there with its size and SHA-256;
    otherwise a Thai UserError saying what is missing or different."""
    folder = Path(folder)
    progress = progress or no_progress
    path = folder / MANIFEST
    if not folder.is_dir():
        raise UserError(f"ไม่พบโฟลเดอร์ {folder}", field="folder")
    if not path.is_file():
        raise _not_a_submission(folder, "ไม่มีไฟล์ manifest.json")
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise _not_a_submission(folder, "ไฟล์ manifest.json ใหญ่ผิดปกติ")
    manifest = _parse_manifest(folder, path.read_bytes())
    names = [f.name for f in manifest.files]
    if len(set(names)) != len(names) or any(Path(n).name != n or n.startswith(".") or n == MANIFEST
                                            for n in names):
        raise _not_a_submission(folder, "รายชื่อไฟล์ใน manifest.json ไม่ถูกต้อง")
    if sum(1 for f in manifest.files if f.role == "bundle") != 1:
        raise _not_a_submission(folder, "ต้องมีชุดข้อมูลหนึ่งไฟล์")
    for i, f in enumerate(manifest.files):
        progress(i, len(manifest.files), f"กำลังตรวจ {f.name}")
        target = folder / f.name
        if not target.is_file():
            raise _not_a_submission(folder, f"ไม่มีไฟล์ {f.name}")
        size, digest = _sha256_file(target)
        if size != f.size or digest != f.sha256:
            raise _not_a_submission(folder, f"ไฟล์ {f.name} ไม่ตรงกับที่บันทึกไว้ (ขนาดหรือค่า SHA-256 ต่างกัน)")
    return manifest


# -- building ---------------------------------------------------------------------------------------
def _params(template: dict[str, str], period: str, start: date, end: date) -> dict[str, Any]:
    return {k: v.format(period=period, start=start.isoformat(), end=end.isoformat()) for k, v in template.items()}


def folder_name(obligation: Obligation, period: str, office_code: str) -> str:
    return f"รายงาน-{obligation.code}-{office_code}-{period}"


def _free_folder(drive: Path, name: str) -> Path:
    target = drive / name
    n = 2
    while target.exists():
        target = drive / f"{name}-{n}"
        n += 1
    return target


@dataclass
class _Staged:
    path: Path
    role: str
    title: str


def _stage(db: Database, obligation: Obligation, period: str, stage: Path, password: str,
           progress: Progress, cancelled: Cancelled, steps: int) -> tuple[list[_Staged], str]:
    # deferred: the exchange, the register and the report registry (reportlab) load when a folder is built
    from moi_desktop.exchange.export import export_bundle
    from moi_desktop.reports import get_report, render_report

    rule = obligation.rule
    start, end = period_bounds(rule, period)
    staged: list[_Staged] = []
    step = 0
    for i, (key, template) in enumerate(obligation.reports, start=1):
        spec = get_report(key)
        for fmt in ("pdf", "xlsx"):
            if fmt not in spec.formats:
                continue
            check_cancelled(cancelled, SUBMIT_CANCELLED)
            progress(step, steps, f"กำลังจัดทำ {spec.title_th} ({fmt.upper()})")
            out = stage / f"{i:02d}-{key}.{fmt}"
            render_report(db, key, out, _params(template, period, start, end))
            staged.append(_Staged(out, "report", f"{spec.title_th} ({fmt.upper()})"))
            step += 1
    check_cancelled(cancelled, SUBMIT_CANCELLED)
    progress(step, steps, "กำลังส่งออกชุดข้อมูล (เข้ารหัส)")
    bundle_dir = stage / "bundle"
    bundle_dir.mkdir()
    result = export_bundle(db, bundle_dir, password, everything=True, cancelled=cancelled)
    staged.append(_Staged(Path(result.path), "bundle", "ชุดข้อมูลเข้ารหัส (นำเข้าด้วยโปรแกรม)"))
    return staged, result.bundle_id


def _staging_dir() -> Path:
    base = data_dir() / "tmp"
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="submission-", dir=base))



def build_submission(db: Database, obligation: str | Obligation, period: str, drive_folder: str | Path, *,
                     password: str, progress: Progress | None = None, cancelled: Cancelled | None = None,
                     memo_date: date | None = None) -> SubmissionResult:
    """Make the period's submission folder inside `drive_folder` and record it. Needs reporting.submit
    (and what each report, the bundle export and the register need)."""
    require(db, "reporting.submit")
    progress = progress or no_progress
    cancelled = cancelled or never_cancelled
    # deferred: the exchange, the register and the report registry (reportlab) load when a folder is built
    from moi_desktop.exchange.crypto import password_problem
    from moi_desktop.exchange.offices import require_office
    from moi_desktop.reporting.letters import issue_covering_memo

    ob = obligation if isinstance(obligation, Obligation) else get_obligation(db, obligation)
    check_period(ob.rule, period)
    problem = password_problem(password)
    if problem:
        raise UserError(problem, field="password")
    office = require_office(db)
    drive = Path(drive_folder)
    if not drive.is_dir():
        raise UserError(f"ไม่พบโฟลเดอร์ปลายทาง: {drive} (เสียบแฟลชไดรฟ์แล้วหรือยัง)", field="drive")
    due = due_date(ob.rule, period)
    label = period_label(ob.rule, period)
    office_code = office.district_code or office.province_code
    steps = 2 * len(ob.reports) + 4
    stage = _staging_dir()
    numbered = None
    target: Path | None = None
    try:
        staged, bundle_id = _stage(db, ob, period, stage, password, progress, cancelled, steps)
        check_cancelled(cancelled, SUBMIT_CANCELLED)
        started = _clock()
        built_on = to_bangkok(started).date()
        memo_on = memo_date or built_on
        subject = f"{ob.title} {label}"
        recipient = ob.recipient or "ผู้ว่าราชการจังหวัด"
        progress(steps - 3, steps, "กำลังออกเลขและจัดทำบันทึกนำส่ง")
        memo_path = stage / "00-บันทึกนำส่ง.pdf"
        numbered = issue_covering_memo(
            db, memo_path, on=memo_on, to_whom=recipient, subject=subject,
            lead=f"{office.org_name} ขอส่ง{ob.title} {label} "
                 f"(กำหนดส่งภายในวันที่ {format_thai_date(due, 'full')})",
            attachments=[(s.title, s.path.name) for s in staged], source=f"submission:{ob.code}:{period}",
        )
        staged.insert(0, _Staged(memo_path, "memo", "บันทึกนำส่ง"))

        target = _free_folder(drive, folder_name(ob, period, office_code or ""))
        target.mkdir()
        files = []
        for i, s in enumerate(staged):
            progress(steps - 2, steps, f"กำลังบันทึกลงแฟลชไดรฟ์ ({i + 1}/{len(staged)}) {s.path.name}")
            size, digest = _sha256_file(s.path)
            copy_to_drive(s.path, target / s.path.name, cancelled)
            files.append({"name": s.path.name, "size": size, "sha256": digest, "role": s.role, "title": s.title})
        check_cancelled(cancelled, SUBMIT_CANCELLED)
        manifest: dict[str, Any] = {
            "kind": KIND, "version": VERSION,
            "obligation_code": ob.code, "obligation_title": ob.title, "period": period,
            "period_label": label, "due_date": due.isoformat(),
            "built_at": iso(started), "built_on": built_on.isoformat(),
            "level": office.level, "province_code": office.province_code, "district_code": office.district_code,
            "org_name": office.org_name, "installation_id": installation_id(db),
            "memo_number": numbered.number, "bundle_id": bundle_id, "files": files,
        }
        progress(steps - 1, steps, "กำลังบันทึกรายการไฟล์ (manifest) และตรวจสอบ")
        _write_manifest(target, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        checked = verify_folder(target)  # read back from the drive: what the province will see
        row_id = insert_row(db, "submissions", {
            "obligation_code": ob.code, "period": period, "due_date": due.isoformat(),
            "built_at": checked.built_at, "built_on": built_on.isoformat(),
            "district_code": office.district_code, "province_code": office.province_code,
            "folder": str(target), "manifest_sha256": checked.sha256, "memo_number": numbered.number,
            "bundle_id": bundle_id, "files": len(files), "bytes": sum(f["size"] for f in files),
        })
    except BaseException as exc:
        if target is not None:
            _discard(target)
        if numbered is not None:
            numbered.withdraw(db, "จัดทำรายงานส่งจังหวัดไม่สำเร็จ ไม่ได้ส่งหนังสือฉบับนี้")
        if isinstance(exc, OSError):
            raise UserError(
                f"บันทึกลงแฟลชไดรฟ์ไม่สำเร็จ: {drive} — ตรวจสอบว่าแฟลชไดรฟ์ยังเสียบอยู่ ไม่ได้ป้องกันการเขียน "
                "และมีที่ว่างพอ แล้วจัดทำใหม่ (ยังไม่ได้บันทึกการส่ง)", detail=str(exc)) from exc
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    progress(steps, steps, "เสร็จแล้ว")
    return SubmissionResult(row_id, target, checked)


def _discard(folder: Path) -> None:
    """Remove what was written (best effort: a pulled stick cannot be cleaned, and lacks a manifest)."""
    try:
        (folder / MANIFEST).unlink(missing_ok=True)
    except OSError:
        pass
    shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class SubmissionRow:
    id: str
    obligation_code: str
    period: str
    due_date: str
    built_at: str
    built_on: str
    folder: str
    memo_number: str
    files: int
    bytes: int
    receipt_at: str | None

    @property
    def late(self) -> bool:
        return self.built_on > self.due_date

    @property
    def state_th(self) -> str:
        sent = "ส่งช้า" if self.late else "ส่งแล้ว"
        return f"{sent} (จังหวัดได้รับแล้ว)" if self.receipt_at else sent


def list_submissions(db: Database, limit: int = 200) -> list[SubmissionRow]:
    """This office's submissions, newest first; a receipt for its bundle means the province has it."""
    require(db, "reporting.view")
    rows = db.execute(
        "SELECT s.id, s.obligation_code, s.period, s.due_date, s.built_at, s.built_on, s.folder, s.memo_number, "
        "s.files, s.bytes, b.confirmed_at FROM submissions s LEFT JOIN bundles_sent b ON b.id = s.bundle_id "
        "WHERE s.deleted_at IS NULL AND s.origin = (SELECT value FROM meta WHERE key = 'installation_id') "
        "ORDER BY s.built_at DESC LIMIT ?", [limit]).fetchall()
    return [SubmissionRow(*r) for r in rows]
