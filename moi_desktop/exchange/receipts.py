"""Receipts: the receiver's note back to the sender, saying which bundle arrived and what was kept.

A receipt is a small envelope (same password as the bundle, kind "receipt") holding JSON: the
body — bundle id and file hash, the receiver (with its public key), when, per-table counts — as
text, and the receiver's signature over that text. Importing it at the sender checks the
signature and the receiver against the offices pinned there (the first receipt or bundle from an
office pins it, as at a province), then marks that bundle confirmed, which moves the sender's
watermark for the destination (see export).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from moi_desktop.db import Database
from moi_desktop.db.clock import now_iso
from moi_desktop.db.rows import update_where
from moi_desktop.errors import UserError
from moi_desktop.exchange.crypto import DAMAGED, KIND_RECEIPT, DerivedKey, open_envelope_file, seal
from moi_desktop.exchange.export import write_atomic
from moi_desktop.exchange.offices import identity
from moi_desktop.exchange.signing import public_key_text, sign, signing_key, verify
from moi_desktop.exchange.trust import check_sender, record_pin
from moi_desktop.security.session import require

if TYPE_CHECKING:
    from moi_desktop.exchange.merge import ImportReport

RECEIPT_SUFFIX = ".moir"
RECEIPT_KIND = "moi-desktop-receipt"
SIGNED_PURPOSE = b"moi-desktop-receipt"
MAX_RECEIPT_BYTES = 1024 * 1024  # a receipt is a few KB: anything near this is not one
UNSIGNED_RECEIPT = ("ใบตอบรับนี้สร้างด้วยโปรแกรมรุ่นเก่าที่ยังไม่ลงลายมือชื่อดิจิทัล จึงไม่นำเข้า — "
                    "ให้ผู้รับปรับปรุงโปรแกรมแล้วนำเข้าชุดข้อมูลอีกครั้งเพื่อออกใบตอบรับใหม่")
BAD_RECEIPT_SIGNATURE = ("ลายมือชื่อดิจิทัลของใบตอบรับไม่ถูกต้อง จึงไม่นำเข้า — ใบตอบรับถูกแก้ไข "
                         "หรือไม่ได้มาจากสำนักงานที่ระบุว่าเป็นผู้รับ")


def default_receipt_path(bundle_path: Path) -> Path:
    return bundle_path.with_name(f"{bundle_path.stem}.receipt{RECEIPT_SUFFIX}")


def write_receipt(db: Database, report: ImportReport, out: Path, password: str,
                  derived: DerivedKey | None = None) -> Path:
    """Write the signed receipt for an imported bundle (`derived`: the bundle's key, so the
    password is not run through scrypt a second time)."""
    key = signing_key(db)
    body = {
        "kind": RECEIPT_KIND,
        "bundle_id": report.bundle_id,
        "bundle_sha256": report.sha256,
        "receiver": {**identity(db), "public_key": public_key_text(key)},
        "received_at": now_iso(),
        "accepted": True,
        "tables": report.tables,
        "totals": report.totals,
        "conflicts": report.conflicts_total,
    }
    text = json.dumps(body, ensure_ascii=False)
    signed = {"body": text, "signature": sign(key, SIGNED_PURPOSE, text.encode("utf-8"))}
    data = json.dumps(signed, ensure_ascii=False).encode("utf-8")
    # Cheap KDF settings would be fine for a receipt (no personal data), but one setting is simpler.
    write_atomic(out, seal(data, password, kind=KIND_RECEIPT, derived=derived))
    return out


def read_receipt(path: str | Path, password: str) -> dict:
    """The receipt's body, its signature checked against the public key it names."""
    plaintext, _ = open_envelope_file(Path(path), password, kind=KIND_RECEIPT, max_bytes=MAX_RECEIPT_BYTES)
    try:
        outer = json.loads(plaintext.getvalue().decode("utf-8"))
        if isinstance(outer, dict) and "body" not in outer and outer.get("kind") == RECEIPT_KIND:
            raise UserError(UNSIGNED_RECEIPT)
        text, signature = outer["body"], outer["signature"]
        body = json.loads(text)
        receiver = body["receiver"]
        if not (isinstance(text, str) and isinstance(signature, str) and isinstance(receiver, dict)
                and isinstance(receiver.get("public_key"), str) and isinstance(receiver.get("installation_id"), str)):
            raise ValueError("receipt shape")
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        raise UserError(DAMAGED, detail="receipt json") from None
    if not isinstance(body, dict) or body.get("kind") != RECEIPT_KIND or not isinstance(body.get("bundle_id"), str):
        raise UserError(DAMAGED, detail="receipt kind")
    if not verify(receiver["public_key"], signature, SIGNED_PURPOSE, text.encode("utf-8")):
        raise UserError(BAD_RECEIPT_SIGNATURE)
    return body


def _receiver_matches(destination: str, receiver: dict) -> bool:
    """Whether `receiver` is an office the bundle was addressed to."""
    level, _, code = destination.partition(":")
    if level == "province":
        return receiver.get("level") == "province" and receiver.get("province_code") == code
    if level == "district":
        return receiver.get("level") == "district" and receiver.get("district_code") == code
    return True  # "any"


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
    receiver = body["receiver"]
    if not _receiver_matches(destination, receiver):
        raise UserError("ใบตอบรับนี้ออกโดยสำนักงานที่ไม่ใช่ผู้รับชุดข้อมูล จึงไม่นำเข้า — ใบตอบรับอาจถูกปลอมแปลง",
                        detail=f"destination {destination}, receiver {receiver}")
    sender = check_sender(db, receiver)
    result = {"bundle_id": body["bundle_id"], "destination": destination, "receiver": receiver,
              "totals": body.get("totals"), "already": confirmed is not None, "confirmed_at": confirmed}
    if confirmed is None:
        result["confirmed_at"] = now_iso()
        with db.atomic():
            update_where(db, "bundles_sent", {"confirmed_at": result["confirmed_at"],
                                              "receipt": json.dumps(body, ensure_ascii=False)},
                         {"id": body["bundle_id"]}, stamp=False, audit=False)
            record_pin(db, sender, body["bundle_id"])
    return result
