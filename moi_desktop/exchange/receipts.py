"""Receipts: the receiver's note back to the sender, saying which bundle arrived and what was kept.

A receipt is a small envelope (same password as the bundle, kind "receipt") holding JSON: bundle
id and file hash, the receiver, when, and per-table counts. Importing it at the sender marks that
bundle confirmed, which moves the sender's watermark for the destination (see export).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from moi_desktop.db import Database
from moi_desktop.db.clock import now_iso
from moi_desktop.db.rows import update_where
from moi_desktop.errors import UserError
from moi_desktop.exchange.container import Bundle
from moi_desktop.exchange.crypto import DAMAGED, KIND_RECEIPT, open_envelope, seal
from moi_desktop.exchange.export import write_atomic
from moi_desktop.exchange.offices import identity
from moi_desktop.security.session import require

if TYPE_CHECKING:
    from moi_desktop.exchange.merge import ImportReport

RECEIPT_SUFFIX = ".moir"
RECEIPT_KIND = "moi-desktop-receipt"


def default_receipt_path(bundle_path: Path) -> Path:
    return bundle_path.with_name(f"{bundle_path.stem}.receipt{RECEIPT_SUFFIX}")


def write_receipt(db: Database, bundle: Bundle, report: ImportReport, out: Path, password: str) -> Path:
    """Write the receipt for an imported bundle."""
    body = {
        "kind": RECEIPT_KIND,
        "bundle_id": bundle.bundle_id,
        "bundle_sha256": bundle.sha256,
        "receiver": identity(db),
        "received_at": now_iso(),
        "accepted": True,
        "tables": report.tables,
        "totals": report.totals,
        "conflicts": report.conflicts_total,
    }
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    # Cheap KDF settings would be fine for a receipt (no personal data), but one setting is simpler.
    write_atomic(out, seal(data, password, kind=KIND_RECEIPT))
    return out


def read_receipt(path: str | Path, password: str) -> dict:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"อ่านไฟล์ใบตอบรับไม่ได้: {path}", detail=str(exc)) from exc
    try:
        body = json.loads(open_envelope(data, password, kind=KIND_RECEIPT).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise UserError(DAMAGED, detail="receipt json") from None
    if not isinstance(body, dict) or body.get("kind") != RECEIPT_KIND or not isinstance(body.get("bundle_id"), str):
        raise UserError(DAMAGED, detail="receipt kind")
    return body


def import_receipt(db: Database, path: str | Path, password: str) -> dict:
    """Mark the bundle the receipt names as confirmed. Returns {bundle_id, destination, confirmed_at,
    already, totals}. Importing the same receipt twice changes nothing. Needs exchange.export."""
    require(db, "exchange.export")
    body = read_receipt(path, password)
    row = db.execute(
        "SELECT destination, sha256, confirmed_at FROM bundles_sent WHERE id = ?", [body["bundle_id"]]
    ).fetchone()
    if row is None:
        raise UserError("ใบตอบรับนี้เป็นของชุดข้อมูลที่ไม่ได้ส่งออกจากเครื่องนี้")
    destination, digest, confirmed = row
    if body.get("bundle_sha256") != digest:
        raise UserError("ใบตอบรับไม่ตรงกับไฟล์ชุดข้อมูลที่ส่งออกไป — ไฟล์อาจถูกแก้ไขระหว่างทาง",
                        detail=f"{body.get('bundle_sha256')} != {digest}")
    result = {"bundle_id": body["bundle_id"], "destination": destination, "receiver": body.get("receiver"),
              "totals": body.get("totals"), "already": confirmed is not None, "confirmed_at": confirmed}
    if confirmed is None:
        result["confirmed_at"] = now_iso()
        update_where(db, "bundles_sent", {"confirmed_at": result["confirmed_at"],
                                          "receipt": json.dumps(body, ensure_ascii=False)},
                     {"id": body["bundle_id"]}, stamp=False, audit=False)
    return result
