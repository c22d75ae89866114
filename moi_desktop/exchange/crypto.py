"""The encrypted envelope around a bundle or a receipt: a lost USB stick leaks nothing.

Layout (big-endian), then the AES-256-GCM ciphertext with its 16-byte tag:

    magic "MOIBNDL\\x1a" | format u16 | kind u8 | scrypt log2(n) u8, r u8, p u8 | salt 16 |
    nonce 12 | key check 16 | ciphertext length u64 | sha256(header so far)[:8]

The key comes from the password by scrypt with a random salt; a fresh random nonce every time.
The whole header is the GCM associated data, so any change to it fails authentication. The key
check (an HMAC from a second derived key) tells a wrong password apart from a damaged file, and the
recorded length tells a truncated file apart from a damaged one — each gets its own Thai message.
Every check runs before anything else reads the contents. Reading a file decrypts it chunk by
chunk into one buffer the size of its plaintext (the file's own size, less the header and tag), so
opening never holds more than that; nothing in the buffer is used before the tag has checked out.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from moi_desktop.errors import UserError

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

MAGIC = b"MOIBNDL\x1a"
FORMAT_VERSION = 1
KIND_BUNDLE = 1
KIND_RECEIPT = 2
KIND_NAMES = {KIND_BUNDLE: "ไฟล์ชุดข้อมูล", KIND_RECEIPT: "ใบตอบรับ"}

_FIXED = struct.Struct(">8sHBBBB16s12s16sQ")
_CHECKSUM_LEN = 8
HEADER_LEN = _FIXED.size + _CHECKSUM_LEN

DEFAULT_LOG2_N = 15  # n = 32768, r = 8: ~32 MB and ~0.1 s per derivation
LOG2_N_RANGE = range(14, 21)  # accepted when reading; anything else is a damaged header
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSWORD_LENGTH = 8
TAG_LEN = 16
CHUNK = 1024 * 1024

NOT_A_BUNDLE = "ไฟล์นี้ไม่ใช่ไฟล์ชุดข้อมูลของโปรแกรม (อาจเลือกไฟล์ผิด)"
TRUNCATED = "ไฟล์ชุดข้อมูลไม่ครบ (ถูกตัดทอน) — อาจคัดลอกไม่เสร็จหรือถอดแฟลชไดรฟ์ก่อนเวลา กรุณาคัดลอกไฟล์ใหม่"
DAMAGED = "ไฟล์ชุดข้อมูลเสียหาย อ่านไม่ได้ — กรุณาขอไฟล์ใหม่จากผู้ส่ง"
WRONG_PASSWORD = "รหัสผ่านไม่ถูกต้อง — ตรวจสอบรหัสผ่านที่ตกลงกับผู้ส่ง"  # noqa: S105 - a message, not a password
NEWER_FORMAT = "ไฟล์นี้สร้างด้วยโปรแกรมรุ่นที่ใหม่กว่า กรุณาปรับปรุงโปรแกรมให้เป็นรุ่นล่าสุดก่อนนำเข้า"


def password_problem(password: str) -> str | None:
    """A Thai message when a password is too weak to protect a bundle, else None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"รหัสผ่านของชุดข้อมูลต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร"
    if len(set(password)) < 4:
        return "รหัสผ่านง่ายเกินไป กรุณาใช้ตัวอักษรที่หลากหลายกว่านี้"
    return None


def _password_bytes(password: str) -> bytes:
    # Thai typed on different keyboards may come in different normal forms.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def derive_key(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    """64 bytes: the AES key, then the key-check key."""
    return Scrypt(salt=salt, length=64, n=1 << log2_n, r=r, p=p).derive(_password_bytes(password))


class KeyPrefetch:
    """Keys of envelope files about to be opened, derived ahead in one background thread. scrypt
    releases the GIL, so the next file's derivation (~0.1 s of CPU and 32 MB each) runs on the
    other core while the current file is merged — a province importing its districts one after
    another waits for one derivation, not one per file. A file whose header cannot be read is
    left alone here: opening it gives its own Thai message. Close it (a context manager) to drop
    what was never used."""

    def __init__(self, password: str) -> None:
        from concurrent.futures import ThreadPoolExecutor  # deferred: only a run of several files needs it

        self._password = password
        self._pool: ThreadPoolExecutor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="moi-scrypt")
        self._pending: dict[tuple[bytes, int, int, int], Future[bytes]] = {}

    def start(self, path: str | Path) -> None:
        """Begin deriving the key of the envelope file at `path` (nothing if its header is unreadable)."""
        try:
            with open(path, "rb") as f:
                head = f.read(HEADER_LEN)
            _, _, log2_n, r, p, salt, *_ = _parse_header(head)
        except (OSError, UserError):
            return
        if (salt, log2_n, r, p) not in self._pending:
            self._pending[(salt, log2_n, r, p)] = self._pool.submit(derive_key, self._password, salt, log2_n, r, p)

    def derive(self, password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
        """derive_key(), taken from a derivation started ahead when there is one for these values."""
        ahead = self._pending.pop((salt, log2_n, r, p), None) if password == self._password else None
        return ahead.result() if ahead is not None else derive_key(password, salt, log2_n, r, p)

    def close(self) -> None:
        self._pending.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> KeyPrefetch:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _key_check(check_key: bytes, salt: bytes, nonce: bytes) -> bytes:
    return hmac.new(check_key, b"moi-bundle-key-check" + salt + nonce, hashlib.sha256).digest()[:16]


@dataclass(frozen=True)
class DerivedKey:
    """A key scrypt derived from a password with this salt and cost: an envelope opened with it
    lets the answer to it (the receipt of a bundle) be sealed without deriving again (~0.1–0.2 s of
    CPU each). The answer gets its own random nonce; salt and cost are the opened envelope's."""

    salt: bytes
    log2_n: int
    key: bytes = field(repr=False)


def seal(plaintext: bytes, password: str, *, kind: int = KIND_BUNDLE, log2_n: int | None = None,
         derived: DerivedKey | None = None) -> bytes:
    """Encrypt `plaintext` into an envelope (scrypt cost DEFAULT_LOG2_N unless given; `derived`:
    a key already derived from this same password, reused with a fresh nonce)."""
    nonce = os.urandom(12)
    if derived is not None:
        salt, log2_n, key = derived.salt, derived.log2_n, derived.key
    else:
        log2_n = DEFAULT_LOG2_N if log2_n is None else log2_n
        salt = os.urandom(16)
        key = derive_key(password, salt, log2_n, SCRYPT_R, SCRYPT_P)
    length = len(plaintext) + 16  # GCM appends its tag
    fixed = _FIXED.pack(MAGIC, FORMAT_VERSION, kind, log2_n, SCRYPT_R, SCRYPT_P, salt, nonce,
                        _key_check(key[32:], salt, nonce), length)
    header = fixed + hashlib.sha256(fixed).digest()[:_CHECKSUM_LEN]
    return header + AESGCM(key[:32]).encrypt(nonce, plaintext, header)


def envelope_kind(data: bytes) -> int | None:
    """The kind byte of an envelope whose header looks intact, else None (no password needed)."""
    try:
        return _parse_header(data)[1]
    except UserError:
        return None


def _parse_header(data: bytes) -> tuple:
    if len(data) < len(MAGIC) or data[: len(MAGIC)] != MAGIC:
        if len(data) < len(MAGIC) and MAGIC.startswith(data) and data:
            raise UserError(TRUNCATED)
        raise UserError(NOT_A_BUNDLE)
    if len(data) < HEADER_LEN:
        raise UserError(TRUNCATED)
    fields = _FIXED.unpack_from(data)
    _, version, kind, log2_n, r, p, salt, nonce, check, length = fields
    if version > FORMAT_VERSION:
        raise UserError(NEWER_FORMAT, detail=f"format {version} > {FORMAT_VERSION}")
    checksum = data[_FIXED.size:HEADER_LEN]
    if hashlib.sha256(data[: _FIXED.size]).digest()[:_CHECKSUM_LEN] != checksum or version < 1:
        raise UserError(DAMAGED, detail="header checksum")
    if kind not in KIND_NAMES or log2_n not in LOG2_N_RANGE or r != SCRYPT_R or p != SCRYPT_P:
        raise UserError(DAMAGED, detail="header fields")
    return version, kind, log2_n, r, p, salt, nonce, check, length


def _decrypt(f: BinaryIO, size: int, password: str, kind: int, derived: list[DerivedKey] | None = None,
             derive: Callable[[str, bytes, int, int, int], bytes] = derive_key) -> tuple[io.BytesIO, str]:
    """Check and decrypt the envelope in `f` (`size` bytes long): the plaintext as a buffer, and
    the sha256 of the whole envelope. The key is appended to `derived` once the envelope is good."""
    head = f.read(HEADER_LEN)
    _, found_kind, log2_n, r, p, salt, nonce, check, length = _parse_header(head)
    if found_kind != kind:
        raise UserError(f"ไฟล์นี้เป็น{KIND_NAMES[found_kind]} ไม่ใช่{KIND_NAMES[kind]}")
    body = size - HEADER_LEN
    if body < length:
        raise UserError(TRUNCATED, detail=f"{body} of {length} bytes")
    if body > length:
        raise UserError(DAMAGED, detail="trailing bytes")
    if length < TAG_LEN:
        raise UserError(DAMAGED, detail="no tag")
    key = derive(password, salt, log2_n, r, p)
    if not hmac.compare_digest(_key_check(key[32:], salt, nonce), check):
        raise UserError(WRONG_PASSWORD)
    f.seek(HEADER_LEN + length - TAG_LEN)
    tag = f.read(TAG_LEN)
    f.seek(HEADER_LEN)
    decryptor = Cipher(algorithms.AES(key[:32]), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(head)  # the header is the associated data, as in seal()
    plain = length - TAG_LEN
    out = io.BytesIO()
    if plain:  # size the buffer once instead of growing it chunk by chunk
        out.seek(plain - 1)
        out.write(b"\0")
        out.seek(0)
    digest = hashlib.sha256(head)
    left = plain
    while left:
        chunk = f.read(min(CHUNK, left))
        if not chunk:
            raise UserError(TRUNCATED, detail="file shrank while reading")
        digest.update(chunk)
        out.write(decryptor.update(chunk))
        left -= len(chunk)
    digest.update(tag)
    try:
        decryptor.finalize()
    except InvalidTag:
        raise UserError(DAMAGED, detail="authentication tag") from None
    out.seek(0)
    if derived is not None:
        derived.append(DerivedKey(salt, log2_n, key))
    return out, digest.hexdigest()


def open_envelope(data: bytes, password: str, *, kind: int = KIND_BUNDLE) -> bytes:
    """Decrypt an envelope made by seal(); UserError (Thai) for every way it can fail."""
    return _decrypt(io.BytesIO(data), len(data), password, kind)[0].getvalue()


def open_envelope_file(path: Path, password: str, *, kind: int, max_bytes: int,
                       derived: list[DerivedKey] | None = None,
                       keys: KeyPrefetch | None = None) -> tuple[io.BytesIO, str]:
    """Decrypt an envelope file of at most `max_bytes` (else a Thai refusal before reading it):
    its plaintext as a buffer, and the sha256 of the file (the key appended to `derived`; taken
    from `keys` when its derivation was started ahead)."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise UserError(
                    f"ไฟล์{KIND_NAMES[kind]}ใหญ่เกินกำหนด ({size / 2**20:,.0f} MB เกิน {max_bytes / 2**20:,.0f} MB) "
                    "จึงไม่นำเข้า — ตรวจสอบว่าเลือกไฟล์ถูกต้อง",
                    detail=f"{size} > {max_bytes}",
                )
            return _decrypt(f, size, password, kind, derived, keys.derive if keys is not None else derive_key)
    except FileNotFoundError:
        raise UserError(f"ไม่พบไฟล์{KIND_NAMES[kind]}: {path}") from None
    except OSError as exc:
        raise UserError(f"อ่านไฟล์{KIND_NAMES[kind]}ไม่ได้: {path} — ตรวจสอบว่าแฟลชไดรฟ์ยังเสียบอยู่",
                        detail=str(exc)) from exc
