"""The recovery key: shown once to an administrator, for reading this PC's databases elsewhere.

The key is the PC secret (keystore.py) written for people. Whoever holds it can open every
database and backup this PC's account made, on any PC — so it is shown once (the keystore
remembers when), only to an administrator, and the showing is audited. Its use: the
`MOI_DESKTOP_RECOVERY_KEY` environment variable or `--recovery-key-file` on `backup` / `restore`
(README, "Keys and recovery").
"""

from moi_desktop.db import Database
from moi_desktop.db.clock import now_iso
from moi_desktop.errors import UserError
from moi_desktop.security import keystore
from moi_desktop.security.audit import audit
from moi_desktop.security.session import require

SHOWN_ENTRY = "recovery-key-shown"


def recovery_key_shown_at() -> str | None:
    """When this PC's recovery key was shown (UTC ISO), or None if never."""
    for store in keystore.stores():
        value = store.get(SHOWN_ENTRY)
        if value:
            return value
    return None


def reveal_recovery_key(db: Database) -> str:
    """The recovery key, once, to the administrator acting on `db`: a second request is refused
    (it was written down the first time)."""
    user = require(db, "security.recovery_key")
    shown = recovery_key_shown_at()
    if shown:
        raise UserError(f"รหัสกู้คืนของเครื่องนี้แสดงไปแล้วเมื่อ {shown} (แสดงได้ครั้งเดียว) "
                        "กรุณาใช้รหัสที่จดหรือพิมพ์เก็บไว้")
    text = keystore.recovery_key_text(keystore.pc_secret())
    keystore.stores()[0].put(SHOWN_ENTRY, now_iso())
    audit(db, "recovery_key_shown", actor=user.username, store=keystore.store_description())
    return text
