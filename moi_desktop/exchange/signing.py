"""This installation's signing key: every bundle and receipt it writes is signed (Ed25519).

The public half travels in the manifest (source.public_key); receivers pin it (exchange/trust.py).
The private half must never be in the database — a backup or a copied database file would carry
it, and with it the right to speak for this office.

TODO(lead): move the private key into `moi_desktop.security.keystore` (TRUST_DESIGN §3) when it
lands — replace `_load_or_create` below with the keystore's get/create, keep the same name scheme
("exchange-signing-<installation id>"). Until then it is a PEM file in the data directory's
`keys/` folder, created with owner-only permissions (0600 in a 0700 folder on Linux; on Windows
the per-user %LOCALAPPDATA% folder is what protects it).
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from moi_desktop.db import Database
from moi_desktop.db.rows import installation_id
from moi_desktop.errors import UserError
from moi_desktop.paths import data_dir

KEYS_DIR = "keys"
ALGORITHM = "ed25519"


def key_path(db: Database) -> Path:
    """Where this installation's private key lives (one per installation id)."""
    return data_dir() / KEYS_DIR / f"exchange-signing-{installation_id(db)}.pem"


def _load_or_create(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as exc:
            raise UserError(
                f"กุญแจลงลายมือชื่อของเครื่องนี้เสียหาย ({path}) — ลบไฟล์นี้แล้วลองใหม่ "
                "และแจ้งจังหวัดให้ยกเลิกการลงทะเบียนเครื่องนี้ก่อนส่งชุดข้อมูลถัดไป",
                detail=str(exc),
            ) from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise UserError(f"ไฟล์ {path} ไม่ใช่กุญแจลงลายมือชื่อของโปรแกรม — ลบไฟล์นี้แล้วลองใหม่")
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # O_EXCL: two processes creating at once must not overwrite each other's key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
        f.flush()
        os.fsync(f.fileno())
    return key


def signing_key(db: Database) -> Ed25519PrivateKey:
    """This installation's private key (created on first use)."""
    cached = getattr(db, "_moi_signing_key", None)
    if isinstance(cached, Ed25519PrivateKey):
        return cached
    key = _load_or_create(key_path(db))
    db._moi_signing_key = key  # type: ignore[attr-defined]
    return key


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The public half as it travels: base64 of the 32 raw bytes."""
    return base64.b64encode(key.public_key().public_bytes_raw()).decode("ascii")


def fingerprint(public_key: str | None) -> str:
    """A short form to read out over the phone: "3f2a-91c0-5be7-0d44"."""
    if not public_key:
        return "—"
    digest = hashlib.sha256(public_key.encode("ascii")).hexdigest()[:16]
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


def own_fingerprint(db: Database) -> str:
    """This installation's fingerprint, for the receiver to compare with its first bundle."""
    return fingerprint(public_key_text(signing_key(db)))


def sign(key: Ed25519PrivateKey, purpose: bytes, data: bytes) -> str:
    """Base64 signature over `purpose` + NUL + `data` (the purpose keeps a receipt's signature
    from being replayed as a bundle's)."""
    return base64.b64encode(key.sign(purpose + b"\0" + data)).decode("ascii")


def verify(public_key: str, signature: str, purpose: bytes, data: bytes) -> bool:
    """True when `signature` was made by the private half of `public_key` over `purpose` + `data`."""
    try:
        raw_key = base64.b64decode(public_key, validate=True)
        raw_sig = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(raw_key).verify(raw_sig, purpose + b"\0" + data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
