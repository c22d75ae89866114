"""Whose data a database holds, and whether a backup may replace it (the check before a restore).

A restore brings back an office's own data. It is refused when the backup comes from another
installation or another office, or has no accounts while the current database has them (a
restore must never be a way round the login) — unless an administrator explicitly confirms a
"replace this office" restore. A new, empty installation (no accounts, nothing written but its
office profile: a replaced PC getting its data back) takes any backup without that confirmation.

Everything here only reads; backup.restore() calls check_restore_allowed() before it writes
anything, so a refused restore leaves the database byte for byte as it was. Who may restore, and
who may confirm a replace, backup.restore checks for the user acting on the database
(security.require: backup.restore, backup.replace_office).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from moi_desktop.db import cipher
from moi_desktop.db.types import Connection
from moi_desktop.errors import UserError


@dataclass(frozen=True)
class Holder:
    """Who a database belongs to, as far as a restore is concerned."""

    installation_id: str | None
    level: str | None
    province_code: str | None
    district_code: str | None
    office_name: str | None
    place_name: str | None  # the district's (or for a province office the province's) Thai name
    accounts: int  # active accounts
    has_data: bool  # anything written besides the office profile and the accounts

    @property
    def empty(self) -> bool:
        """A new installation: nothing a restore could take away or get round."""
        return self.accounts == 0 and not self.has_data

    @property
    def office(self) -> tuple[str | None, str | None, str | None]:
        return (self.level, self.province_code, self.district_code)

    @property
    def label(self) -> str:
        if self.office_name:
            return self.office_name
        code = self.district_code or self.province_code
        return f"สำนักงานรหัส {code}" if code else "ฐานข้อมูลที่ยังไม่ได้ตั้งค่าสำนักงาน"

    @property
    def confirm_text(self) -> str:
        """What an administrator types to confirm replacing this office."""
        return self.place_name or self.office_name or "แทนที่"


def _rows(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    # An older schema may lack a table: that reads as "nothing there".
    try:
        return conn.execute(sql, params).fetchall()
    except cipher.Error:
        return []


def describe(conn: Connection) -> Holder:
    """Read (only) whose data the database on `conn` holds."""
    meta = dict(_rows(conn, "SELECT key, value FROM meta"))
    office = _rows(
        conn,
        "SELECT level, province_code, district_code, org_name FROM office WHERE deleted_at IS NULL "
        "ORDER BY created_at LIMIT 1",
    )
    level, province, district, name = office[0] if office else (None, None, None, None)
    if level == "district" and district:
        place = _rows(conn, "SELECT name_th FROM districts WHERE district_code = ?", [district])
    else:
        place = _rows(conn, "SELECT name_th FROM provinces WHERE province_code = ?", [province])
    accounts = _rows(conn, "SELECT count(*) FROM users WHERE deleted_at IS NULL AND active = 1")
    # Data was written when the audit trail says so: every write through db/rows.py is audited
    # with its table, and bundles and restores log themselves as one event. Rows the migrations
    # seed (agencies, indicators) are not, so a new installation reads as empty.
    data = _rows(
        conn,
        "SELECT 1 FROM audit_log WHERE (table_name IS NOT NULL AND table_name NOT IN ('office', 'users')) "
        "OR action IN ('import', 'restore', 'restore_replace_office') LIMIT 1",
    )
    return Holder(
        installation_id=meta.get("installation_id"),
        level=level,
        province_code=province,
        district_code=district,
        office_name=name or None,
        place_name=place[0][0] if place else None,
        accounts=int(accounts[0][0]) if accounts else 0,
        has_data=bool(data),
    )


def restore_problems(current: Holder, backup: Holder) -> list[str]:
    """Why `backup` is not this office's own (Thai, one reason each); empty when it is, or when
    the current database is a new, empty installation."""
    if current.empty:
        return []
    problems = []
    if backup.installation_id != current.installation_id:
        problems.append("ไฟล์สำรองมาจากการติดตั้งโปรแกรมเครื่องอื่น ไม่ใช่ของฐานข้อมูลนี้")
    if backup.office != current.office:
        problems.append(f"ไฟล์สำรองเป็นข้อมูลของ {backup.label} ไม่ใช่ของ {current.label}")
    if current.accounts and not backup.accounts:
        problems.append("ไฟล์สำรองไม่มีบัญชีผู้ใช้ หลังกู้คืนทุกคนจะใช้โปรแกรมได้โดยไม่ต้องเข้าสู่ระบบ")
    return problems


def restore_refused(problems: Sequence[str]) -> UserError:
    """The refusal of a restore that is not this office's own, naming every reason."""
    return UserError(
        "ไม่กู้คืน: " + " และ ".join(problems) + " — หากต้องการแทนที่ข้อมูลทั้งหมดของสำนักงานนี้ด้วยไฟล์นี้ "
        "ผู้ดูแลระบบต้องยืนยันการแทนที่สำนักงาน (ในคำสั่ง: --replace-office)",
        field="--from",
    )


def check_restore_allowed(current: Holder | None, backup: Holder, *, replace_office: bool) -> list[str]:
    """Raise a Thai UserError unless `backup` may replace `current` (None: no database, or one
    too damaged to read), given whether a "replace this office" restore was confirmed. Returns
    the reasons that confirmation overrides — empty for an office's own backup; the caller then
    checks the confirming user holds backup.replace_office."""
    if current is None:
        return []
    problems = restore_problems(current, backup)
    if problems and not replace_office:
        raise restore_refused(problems)
    return problems
