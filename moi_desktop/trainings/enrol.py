"""Enrolment: who is registered for a training, from the registry or a registrant workbook.

A registrant workbook goes through the member importer (same reading, cleaning and duplicate
rules); people already in the registry are enrolled as they are, unknown people become members
first. Counts are compared with the training's targets per district and per partner sector.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from moi_desktop.db import Database
from moi_desktop.db.changes import Change, listen, unlisten
from moi_desktop.db.rows import soft_delete_where, upsert_links
from moi_desktop.errors import UserError
from moi_desktop.imports import get_importer, plan_import, run_import
from moi_desktop.imports.engine import ImportReport
from moi_desktop.members.model import display_name
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.security.session import current_actor
from moi_desktop.trainings.store import require_training, targets

ENROLMENT_KEY = ("training_id", "member_id")


class TargetCount(TypedDict):
    """Enrolled people of one district or partner sector against its target (None: no target)."""

    code: str | None
    name: str
    enrolled: int
    target: int | None


class EnrolmentCounts(TypedDict):
    total: int
    target: int | None  # the training's overall target
    by_district: list[TargetCount]
    by_sector: list[TargetCount]


def _member_district(db: Database, member_id: str) -> str | None:
    row = db.execute(
        "SELECT sd.district_code FROM members m LEFT JOIN subdistricts sd ON sd.subdistrict_code = m.subdistrict_code "
        "WHERE m.id = ?", [member_id]
    ).fetchone()
    return row[0] if row else None


def _live_member(db: Database, member_id: str) -> None:
    row = db.execute("SELECT deleted_at, erased_at FROM members WHERE id = ?", [member_id]).fetchone()
    if row is None or row[0] or row[1]:
        raise UserError("ไม่พบสมาชิกที่เลือก (อาจถูกลบไปแล้ว)", field="member")


def enrol_one(db: Database, training_id: str, member_id: str, *, source: str = "picked",
              district_code: str | None = None, substitute_for: str | None = None) -> bool:
    """Enrol one member (inside the caller's transaction if any). False when already enrolled."""
    _live_member(db, member_id)
    # A live enrolment stays as it is; a withdrawn one is revived with the new details (keeping its
    # district when none is known now).
    return bool(upsert_links(db, "enrolments", ENROLMENT_KEY, [{
        "training_id": training_id, "member_id": member_id, "source": source,
        "district_code": district_code or _member_district(db, member_id), "substitute_for": substitute_for,
        "enrolled_by": current_actor(db),
    }], only_if="enrolments.deleted_at IS NOT NULL", keep_if_null=("district_code",), audit=False))


def enrol_members(db: Database, training_id: str, member_ids: list[str], *, source: str = "picked",
                  district_code: str | None = None) -> int:
    """Enrol members picked from the registry in one transaction; returns how many were new."""
    require_training(db, training_id)
    added = 0
    with db.atomic():
        for member_id in dict.fromkeys(member_ids):
            added += enrol_one(db, training_id, member_id, source=source, district_code=district_code)
    return added


def withdraw(db: Database, training_id: str, member_id: str) -> None:
    """Take someone off the list (a tombstone); their marks stay as evidence."""
    if not soft_delete_where(db, "enrolments", {"training_id": training_id, "member_id": member_id}, audit=False):
        raise UserError("บุคคลนี้ไม่ได้อยู่ในรายชื่อผู้เข้าอบรม")


def is_enrolled(db: Database, training_id: str, member_id: str) -> bool:
    return db.execute(
        "SELECT 1 FROM enrolments WHERE training_id = ? AND member_id = ? AND deleted_at IS NULL",
        [training_id, member_id],
    ).fetchone() is not None


ENROLLED_SQL = """
    SELECT m.id, m.title, m.first_name, m.last_name, m.organisation, m.position, m.sector, s.name_th AS sector_name,
           m.sector_other, m.national_id, m.photo_hash, e.source, e.district_code, d.name_th AS district_name,
           e.substitute_for, m.name_sort
    FROM enrolments e JOIN members m ON m.id = e.member_id JOIN sectors s ON s.code = m.sector
    LEFT JOIN districts d ON d.district_code = e.district_code
    WHERE e.training_id = ? AND e.deleted_at IS NULL
"""


def enrolled(db: Database, training_id: str) -> list[dict[str, Any]]:
    """The enrolled, in Thai name order, with display name, sector and district."""
    rows = [dict(r) for r in db.query(ENROLLED_SQL + " ORDER BY m.name_sort, m.id", [training_id])]
    for row in rows:
        row["name"] = display_name(row)
    return rows


def enrolment_counts(db: Database, training_id: str) -> EnrolmentCounts:
    """Enrolled against targets: total, by district and by partner sector."""
    training = require_training(db, training_id)
    by_district = db.execute(
        "SELECT e.district_code, coalesce(d.name_th, 'ไม่ระบุอำเภอ'), count(*) FROM enrolments e "
        "LEFT JOIN districts d ON d.district_code = e.district_code "
        "WHERE e.training_id = ? AND e.deleted_at IS NULL GROUP BY e.district_code", [training_id]
    ).fetchall()
    by_sector = db.execute(
        "SELECT m.sector, s.name_th, count(*) FROM enrolments e JOIN members m ON m.id = e.member_id "
        "JOIN sectors s ON s.code = m.sector WHERE e.training_id = ? AND e.deleted_at IS NULL GROUP BY m.sector",
        [training_id],
    ).fetchall()

    def merge(rows: Iterable[tuple[str | None, str, int]], wanted: dict[str, int], names_sql: str) -> list[TargetCount]:
        out: dict[str | None, TargetCount] = {
            code: {"code": code, "name": name, "enrolled": n, "target": wanted.get(code) if code is not None else None}
            for code, name, n in rows
        }
        for code, target in wanted.items():
            if code not in out:
                name = db.execute(names_sql, [code]).fetchone()
                out[code] = {"code": code, "name": name[0] if name else code, "enrolled": 0, "target": target}
        return sorted(out.values(), key=lambda r: (r["code"] is None, r["name"]))

    total = sum(r[2] for r in by_district)
    return {
        "total": total,
        "target": training["target_total"],
        "by_district": merge(by_district, targets(db, training_id, "district"),
                             "SELECT name_th FROM districts WHERE district_code = ?"),
        "by_sector": merge(by_sector, targets(db, training_id, "sector"), "SELECT name_th FROM sectors WHERE code = ?"),
    }


@dataclass
class RegistrantImport:
    report: ImportReport  # of the member import
    new_members: int = 0
    existing_members: int = 0
    enrolled: int = 0  # newly enrolled in the training
    member_ids: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {**self.report.to_json(), "new_members": self.new_members, "existing_members": self.existing_members,
                "enrolled": self.enrolled}


def import_registrants(db: Database, training_id: str, path: str | Path, *, dry_run: bool = True,
                       sheet: str | None = None, progress: Progress | None = None,
                       cancelled: Cancelled | None = None) -> RegistrantImport:
    """Read a registrant workbook with the member importer; unless dry_run, add the unknown people
    as members and enrol everyone valid — all in one transaction."""
    require_training(db, training_id)
    spec = get_importer("members")
    plan = plan_import(spec, Path(path), sheet=sheet)
    if dry_run:
        report = run_import(db, spec, plan, dry_run=True, progress=progress, cancelled=cancelled)
        valid = [r for r in report.results if not r.errors]
        existing = sum(1 for r in valid if isinstance(r.duplicate_of, str))
        return RegistrantImport(report, new_members=len(valid) - existing - sum(
            1 for r in valid if isinstance(r.duplicate_of, int)), existing_members=existing)

    created: list[str] = []

    def capture(_db: Database, change: Change) -> None:  # ids of the members the import inserts
        if change.table == "members" and change.action == "create":
            created.extend(change.ids)

    listen(db, capture)
    try:
        with db.atomic():
            report = run_import(db, spec, plan, dry_run=False, progress=progress, cancelled=cancelled)
            inserted = [r for r in report.results if not r.errors and r.duplicate_of is None and r.values]
            # The member import inserts exactly these rows, in this order: one new id per row.
            by_row = {r.row: member_id for r, member_id in zip(inserted, created, strict=True)}
            ids: list[str] = []
            existing = 0
            for r in report.results:
                if r.errors:
                    continue
                if isinstance(r.duplicate_of, str):
                    ids.append(r.duplicate_of)
                    existing += 1
                elif isinstance(r.duplicate_of, int):
                    if r.duplicate_of in by_row:
                        ids.append(by_row[r.duplicate_of])
                elif r.row in by_row:
                    ids.append(by_row[r.row])
            added = sum(enrol_one(db, training_id, m, source="import") for m in dict.fromkeys(ids))
    finally:
        unlisten(db, capture)
    return RegistrantImport(report, new_members=len(created), existing_members=existing, enrolled=added,
                            member_ids=list(dict.fromkeys(ids)))
