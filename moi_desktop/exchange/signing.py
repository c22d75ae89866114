"""This installation's signing key: every bundle and receipt it writes is signed (Ed25519).

The public half travels in the manifest (source.public_key); receivers pin it (exchange/trust.py).
The private half is never stored anywhere: it is derived from the secret the database is
encrypted under (security/keystore.py: the PC secret, kept in the OS credential store or a key
file outside the data folder) and the installation id. So neither the database, a backup, nor a
copied data folder carries the right to speak for this office; and a PC that gets its data back
with the recovery key (which becomes its PC secret) signs as the same installation, with the same
key, so the province needs no un-pin. A PC that restores the backup under a secret of its own
signs with a new key: the province refuses it until an administrator un-pins the office
(docs/exchange-trust.md).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from moi_desktop.db import Database
from moi_desktop.db.connection import secret_of
from moi_desktop.db.rows import installation_id
from moi_desktop.security.keystore import signing_seed

ALGORITHM = "ed25519"


def signing_key(db: Database) -> Ed25519PrivateKey:
    """This installation's private key (derived once per connection)."""
    cached = db.__dict__.get("_moi_signing_key")
    if isinstance(cached, Ed25519PrivateKey):
        return cached
    key = Ed25519PrivateKey.from_private_bytes(signing_seed(secret_of(db), installation_id(db)))
    db.__dict__["_moi_signing_key"] = key
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
