"""Certificates: yearly serial numbers, the issuance register, printing originals and copies.

Eligible people get a certificate with the next serial of the Buddhist-era year ("12/2565").
Issuing to someone below the threshold needs a written reason, which is stored with the
certificate and the issue is logged in the audit trail (the reason itself stays out of the log:
it may name the person). A certificate printed before comes out again marked สำเนา (copy).
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from moi_desktop.db import Database, insert_row, now_iso
from moi_desktop.db.clock import BANGKOK
from moi_desktop.db.rows import Sql, update_where
from moi_desktop.errors import UserError
from moi_desktop.members.model import display_name
from moi_desktop.office import get_office
from moi_desktop.progress import Cancelled, Progress
from moi_desktop.security.audit import audit
from moi_desktop.security.session import current_actor
from moi_desktop.thai import BE_OFFSET, format_thai_date, format_thai_date_range, normalize_text
from moi_desktop.trainings.eligibility import eligibility
from moi_desktop.trainings.store import require_training, training_title

MIN_REASON_CHARS = 10


def _next_serial(db: Database, year_be: int) -> int:
    # Tombstoned certificates keep their numbers: a serial is never handed out twice.
    return db.execute("SELECT coalesce(max(serial_no), 0) + 1 FROM certificates WHERE year_be = ?",
                      [year_be]).fetchone()[0]


def issue_certificates(db: Database, training_id: str, *, member_ids: list[str] | None = None,
                       issued_on: date | None = None, override_reason: str | None = None) -> list[str]:
    """Issue certificates; returns the new certificate ids (people who have one are skipped).

    member_ids None: everyone eligible. Named people below the threshold need `override_reason`
    (a written justification of at least 10 characters); without it nothing is issued.
    """
    require_training(db, training_id)
    issued_on = issued_on or datetime.now(BANGKOK).date()
    year_be = issued_on.year + BE_OFFSET
    rows = eligibility(db, training_id, member_ids=member_ids)
    if member_ids is not None:
        found = {r.member_id for r in rows}
        if set(member_ids) - found:
            raise UserError("มีผู้ที่ไม่อยู่ในรายชื่อผู้เข้าอบรม ออกเกียรติบัตรให้ไม่ได้", field="member")
    else:
        rows = [r for r in rows if r.eligible]
    have = {r[0] for r in db.execute(
        "SELECT member_id FROM certificates WHERE training_id = ? AND deleted_at IS NULL", [training_id])}
    rows = [r for r in rows if r.member_id not in have]
    reason = normalize_text(override_reason or "")
    ineligible = [r for r in rows if not r.eligible]
    if ineligible and len(reason) < MIN_REASON_CHARS:
        names = ", ".join(r.name for r in ineligible[:3])
        raise UserError(
            f"{names} มีเวลาเข้าอบรมไม่ถึงเกณฑ์ ({ineligible[0].percent:g}%) — การออกเกียรติบัตรต้องระบุเหตุผลเป็นลายลักษณ์อักษร",
            field="reason",
        )
    actor = current_actor(db)
    ids: list[str] = []
    with db.atomic():
        serial = _next_serial(db, year_be)
        for r in rows:
            cert_id = insert_row(db, "certificates", {
                "training_id": training_id, "member_id": r.member_id, "year_be": year_be, "serial_no": serial,
                "serial": f"{serial}/{year_be}", "issued_on": issued_on.isoformat(), "issued_by": actor,
                "attendance_pct": r.percent, "eligible": 1 if r.eligible else 0,
                "override_reason": None if r.eligible else reason, "print_count": 0,
            })
            if not r.eligible:
                audit(db, "certificate_override", table_name="certificates", row_id=cert_id,
                      percent=r.percent, threshold=r.needed, scheduled=r.scheduled)
            ids.append(cert_id)
            serial += 1
    return ids


def register(db: Database, training_id: str | None = None, *, year_be: int | None = None) -> list[dict[str, Any]]:
    """The issuance register: every certificate (of a training, or of a year), by serial."""
    where: list[str] = ["c.deleted_at IS NULL"]
    params: list[str | int] = []
    if training_id:
        where.append("c.training_id = ?")
        params.append(training_id)
    if year_be:
        where.append("c.year_be = ?")
        params.append(year_be)
    # the WHERE clause joins fixed conditions; the training id and year are bound parameters
    rows = [dict(r) for r in db.query(
        "SELECT c.*, m.title, m.first_name, m.last_name, m.organisation, s.name_th AS sector_name, "  # noqa: S608
        "t.name AS training_name, t.cohort FROM certificates c JOIN members m ON m.id = c.member_id "
        "JOIN sectors s ON s.code = m.sector JOIN trainings t ON t.id = c.training_id "
        f"WHERE {' AND '.join(where)} ORDER BY c.year_be, c.serial_no", params,
    )]
    for row in rows:
        row["name"] = display_name(row)
    return rows


def record_printed(db: Database, certificate_ids: list[str]) -> None:
    """Count a print of each certificate (the next print of it is a copy)."""
    # A print count is bookkeeping, not an edit of the certificate: not copied into the audit chain.
    now = now_iso()
    update_where(db, "certificates", {"print_count": Sql("print_count + 1"), "last_printed_at": now},
                 {"id": list(certificate_ids)}, at=now, audit=False)


def signatories_for(db: Database, training: dict[str, Any]) -> list[tuple[str, str]]:
    if training["signatories"]:
        return [(p[0], p[1]) for p in training["signatories"]]
    office = get_office(db)
    if office and office.chief_name:
        return [(office.chief_name, office.chief_position or "นายอำเภอ")]
    raise UserError("ยังไม่ได้กำหนดผู้ลงนามในเกียรติบัตร (ตั้งค่าในข้อมูลการอบรม หรือชื่อนายอำเภอในข้อมูลสำนักงาน)")


@dataclass
class CertificateBatch:
    """A printable set of certificates (a report registry CustomReport)."""

    db: Database
    training: dict[str, Any]
    certificates: list[dict[str, Any]]

    def render(self, out: Path, fmt: str, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> Path:
        # reportlab loads only when certificates are printed, not whenever trainings are used
        from moi_desktop.documents.certificate import CertificateItem, render_certificates

        if fmt != "pdf":
            raise UserError("เกียรติบัตรพิมพ์เป็น PDF เท่านั้น", field="--out")
        t = self.training
        office = get_office(self.db)
        items = [CertificateItem(name=c["name"], serial=c["serial"], copy=c["print_count"] > 0,
                                 detail=c.get("organisation") or "") for c in self.certificates]
        render_certificates(
            items, out, course=training_title(t),
            date_range_text="ระหว่างวันที่ " + format_thai_date_range(t["start_date"], t["end_date"], thai_digits=False),
            given_text="ให้ไว้ ณ วันที่ " + format_thai_date(t["end_date"], "full", thai_digits=False),
            signatories=signatories_for(self.db, t), issuer=t["organiser"] or (office.org_name if office else ""),
            heading=t["certificate_heading"] or "เกียรติบัตร", progress=progress, cancelled=cancelled,
        )
        record_printed(self.db, [c["id"] for c in self.certificates])
        return out


def certificate_batch(db: Database, training_id: str, *, member_id: str | None = None, issue_pending: bool = True,
                      issued_on: date | None = None) -> CertificateBatch:
    """What "print certificates" prints: first issues certificates to everyone newly eligible,
    then the training's certificates (or one person's); those printed before come out as copies."""
    training = require_training(db, training_id)
    if issue_pending and member_id is None:
        issue_certificates(db, training_id, issued_on=issued_on)
    rows = register(db, training_id)
    if member_id:
        rows = [r for r in rows if r["member_id"] == member_id]
        if not rows:
            raise UserError("บุคคลนี้ยังไม่ได้รับเกียรติบัตรของการอบรมนี้", field="member")
    if not rows:
        raise UserError("ยังไม่มีผู้ผ่านเกณฑ์ที่จะได้รับเกียรติบัตร", field="training")
    return CertificateBatch(db, training, rows)
