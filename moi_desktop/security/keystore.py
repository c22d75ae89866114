"""Secrets that must not live in the database: where they are kept, and the recovery key.

One secret per OS user account on this PC (the "PC secret", 256 random bits) keys everything:
the SQLCipher key of every database this account's program writes (db/cipher.py derives it), the
audit trail's MAC key (audit_key()) and each installation's bundle-signing key (signing_seed())
are all derived from it, so one printed recovery key brings a database, its backups, its tamper
evidence and its right to sign as its office back on another PC. The header of an
encrypted file is ciphertext — nothing in it can say which key it wants — hence one secret for
the account rather than one per database file.

Where it is kept, in this order of preference:
- the OS credential store through `keyring` (Windows Credential Manager, macOS Keychain, the
  Secret Service on a Linux desktop), when a real backend answers;
- else a key file `<name>.key` (mode 0600, folder 0700) in the per-user config folder
  (platformdirs), not in the data folder: copying the data folder must not copy its key.
`MOI_DESKTOP_KEYSTORE=file|keyring` forces one; `MOI_DESKTOP_KEYSTORE_DIR` points the key file
somewhere else (tests: one key for a whole test session; never the real credential store).

A recovery key (the secret written out for people) may be given in `MOI_DESKTOP_RECOVERY_KEY` or
with add_recovery_key(): on a PC that has no secret yet it becomes this PC's secret (a replaced PC
gets its data back); on a PC that has its own, it only lets this process read files made under it.
"""

import base64
import hashlib
import hmac
import logging
import os
import secrets as random_source
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import platformdirs

from moi_desktop.db import cipher
from moi_desktop.errors import UserError
from moi_desktop.paths import APP_DIR_NAME

log = logging.getLogger(__name__)

SERVICE = "MOIDistrictDesk"
SECRET_NAME = "pc-secret"  # noqa: S105 - the entry's name, not a secret
KEYSTORE_ENV = "MOI_DESKTOP_KEYSTORE"
KEYSTORE_DIR_ENV = "MOI_DESKTOP_KEYSTORE_DIR"
RECOVERY_ENV = "MOI_DESKTOP_RECOVERY_KEY"
_AUDIT_LABEL = b"moi-desktop/audit-mac-key/v1"
_SIGNING_LABEL = b"moi-desktop/exchange-signing-key/v1"
_CHECK_BYTES = 2  # a typo in a typed recovery key is caught, not taken for another key


class Store(Protocol):
    """A place that keeps named text secrets for this OS user."""

    description: str

    def get(self, name: str) -> str | None: ...

    def put(self, name: str, value: str) -> None: ...


class FileStore:
    """Secrets as files readable by their owner only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.description = f"ไฟล์กุญแจใน {folder}"

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.key"

    def get(self, name: str) -> str | None:
        try:
            return self._path(name).read_text(encoding="ascii").strip() or None
        except FileNotFoundError:
            return None

    def put(self, name: str, value: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        target = self._path(name)
        part = target.with_name(target.name + ".part")
        part.unlink(missing_ok=True)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(value)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, target)


class KeyringStore:
    """Secrets in the OS credential store (Windows Credential Manager …) through `keyring`."""

    description = "ที่เก็บรหัสผ่านของระบบปฏิบัติการ (Credential Manager)"

    def get(self, name: str) -> str | None:
        import keyring  # only where a credential store is in use

        value: str | None = keyring.get_password(SERVICE, name)
        return value

    def put(self, name: str, value: str) -> None:
        import keyring  # only where a credential store is in use

        keyring.set_password(SERVICE, name, value)


def key_folder() -> Path:
    override = os.environ.get(KEYSTORE_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)) / "keys"


_keyring_ok: bool | None = None


def keyring_usable() -> bool:
    """Whether `keyring` has a real backend that answers (not its fail/null stand-ins, nor a
    Secret Service with no session bus on a headless Linux). Asked once per process."""
    global _keyring_ok
    if _keyring_ok is None:
        try:
            import keyring  # deferred: importing it probes the platform's backends
            from keyring.backends import chainer, fail, null

            backend = keyring.get_keyring()
            if isinstance(backend, fail.Keyring | null.Keyring) or (
                isinstance(backend, chainer.ChainerBackend) and not backend.backends
            ):
                _keyring_ok = False
            else:
                backend.get_password(SERVICE, "probe")
                _keyring_ok = True
        except Exception as exc:  # any failure of a backend means: use the key file
            log.info("no usable OS credential store (%s): using a key file", exc)
            _keyring_ok = False
    return _keyring_ok


def stores() -> list[Store]:
    """Where the PC secret is looked for, the store new secrets go to first."""
    forced = os.environ.get(KEYSTORE_ENV, "").strip().lower()
    files = FileStore(key_folder())
    if forced == "file" or (os.environ.get(KEYSTORE_DIR_ENV) and forced != "keyring"):
        return [files]
    if forced == "keyring":
        return [KeyringStore()]
    # Both are read: a key file made while no credential store answered must still be found
    # once one does.
    return [KeyringStore(), files] if keyring_usable() else [files]


@contextmanager
def _creation_lock(folder: Path) -> Iterator[None]:
    """One process at a time makes the PC secret: two racing would each encrypt with their own."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / "create.lock"
    deadline = time.monotonic() + 10
    while True:
        try:
            os.close(os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                lock.unlink(missing_ok=True)  # left by a killed process
                deadline = time.monotonic() + 10
            time.sleep(0.05)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


_cache: dict[str, bytes] = {}
_recovered: list[bytes] = []


def _decode(text: str) -> bytes:
    return bytes.fromhex(text)


def _stored_secret() -> bytes | None:
    for store in stores():
        value = store.get(SECRET_NAME)
        if value:
            return _decode(value)
    return None


def _cache_key() -> str:
    return f"{os.environ.get(KEYSTORE_ENV, '')}|{key_folder()}"


def pc_secret() -> bytes:
    """This account's secret: read from the store (once per process), made on first use — or
    taken from a recovery key given to this process when the PC has none yet."""
    cached = _cache.get(_cache_key())
    if cached is not None:
        return cached
    secret = _stored_secret()
    if secret is None:
        with _creation_lock(key_folder()):
            secret = _stored_secret()
            if secret is None:
                given = _given_recovery_secrets()
                secret = given[0] if given else random_source.token_bytes(cipher.SECRET_BYTES)
                target = stores()[0]
                target.put(SECRET_NAME, secret.hex())
                log.info("%s the PC secret in %s", "adopted a recovery key as" if given else "made",
                         target.description)
    _cache[_cache_key()] = secret
    return secret


def store_description() -> str:
    """Where this PC's secret is kept, in Thai (for the settings page and the CLI)."""
    for store in stores():
        if store.get(SECRET_NAME):
            return store.description
    return stores()[0].description


def _given_recovery_secrets() -> list[bytes]:
    found = list(_recovered)
    text = os.environ.get(RECOVERY_ENV)
    if text:
        secret = parse_recovery_key(text)
        if secret not in found:
            found.append(secret)
    return found


def all_secrets() -> list[bytes]:
    """The secrets that may open a database: this PC's first, then recovery keys given."""
    own = pc_secret()
    return [own, *(s for s in _given_recovery_secrets() if s != own)]


def add_recovery_key(text: str) -> bytes:
    """Let this process open files made under the recovery key `text` (a UserError if it is
    mistyped). On a PC with no secret yet it becomes this PC's secret."""
    secret = parse_recovery_key(text)
    if secret not in _recovered:
        _recovered.append(secret)
    return secret


def forget_recovery_keys() -> None:
    _recovered.clear()


def audit_key(secret: bytes) -> bytes:
    """The key of the audit trail's MACs on databases made under `secret`."""
    return hmac.new(secret, _AUDIT_LABEL, hashlib.sha256).digest()


def signing_seed(secret: bytes, installation_id: str) -> bytes:
    """The 32-byte Ed25519 private key with which the installation `installation_id`, its
    database under `secret`, signs bundles and receipts (exchange/signing.py). Derived, never
    stored: it is as safe as the secret, and comes back with the recovery key."""
    return hmac.new(secret, _SIGNING_LABEL + b"\n" + installation_id.encode("utf-8"), hashlib.sha256).digest()


# -- the recovery key as people write it ---------------------------------------------------------
def recovery_key_text(secret: bytes) -> str:
    """The secret as 11 groups of 5 letters and digits (base32 with a 2-byte check)."""
    check = hashlib.sha256(secret).digest()[:_CHECK_BYTES]
    text = base64.b32encode(secret + check).decode("ascii").rstrip("=")
    return "-".join(text[i:i + 5] for i in range(0, len(text), 5))


def parse_recovery_key(text: str) -> bytes:
    """The secret of a recovery key as typed (spaces, dashes, case and 0/O 1/I 8/B mix-ups forgiven)."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(str.maketrans("018", "OIB"))
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:
        raw = b""
    secret, check = raw[:-_CHECK_BYTES], raw[-_CHECK_BYTES:]
    if len(secret) != cipher.SECRET_BYTES or hashlib.sha256(secret).digest()[:_CHECK_BYTES] != check:
        raise UserError("รหัสกู้คืนไม่ถูกต้อง กรุณาตรวจตัวอักษรทุกกลุ่มอีกครั้ง", field="recovery_key")
    return secret


cipher.set_secret_source(all_secrets)
