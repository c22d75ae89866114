"""Who may send what (DESIGN §7, docs/exchange-trust.md).

A sender is an installation speaking for one office. The first signed bundle (or receipt) from
an office pins that office to the sending installation and its public key (trust on first use);
afterwards a bundle claiming the office from another installation or key, or an installation
claiming another office than the one it is pinned to, is refused. An administrator may un-pin an
office (a replaced PC); that is audited, and the office's next bundle pins afresh.

Rows (RowRules.judge): a bundle may write a row only when the row's origin is the sending
installation — or, from this district's own province (`relay`), any office but this one. Rows that
would change nothing here (identical, or older than ours) are accepted whoever they name. Anything
else refuses the whole bundle, naming the table and row. This installation's own rows are never
changed by a bundle: a difference is listed as a conflict and ours is kept. A district's bundle may
change only rows last written by that district (any of its installations). Stamps more than a day
in the future are refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any

from moi_desktop.db import Database
from moi_desktop.db.clock import iso, now_iso, now_utc, parse_iso
from moi_desktop.db.ids import new_id
from moi_desktop.db.rows import installation_id, put_records, update_where
from moi_desktop.errors import UserError
from moi_desktop.exchange.offices import describe_destination, require_office
from moi_desktop.exchange.signing import fingerprint
from moi_desktop.exchange.tables import table_label
from moi_desktop.security import audit
from moi_desktop.security.session import require

FUTURE_TOLERANCE = timedelta(days=1)
STAMP_COLUMNS = ("created_at", "updated_at", "deleted_at")
REFUSED_WHOLE = "จึงไม่นำเข้าทั้งชุด (ฐานข้อมูลไม่เปลี่ยนแปลง)"


class Verdict:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    CONFLICT_LOCAL = "conflict_local"  # listed; our version stays
    CONFLICT_INCOMING = "conflict_incoming"  # listed; theirs is written (only between two other offices)


@dataclass(frozen=True)
class Pin:
    id: str
    office: str
    installation_id: str
    public_key: str | None
    org_name: str | None
    pinned_at: str
    pinned_by_bundle: str | None
    unpinned_at: str | None = None
    unpinned_by: str | None = None
    unpin_reason: str | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


_PIN_COLUMNS = ("id, office, installation_id, public_key, org_name, pinned_at, pinned_by_bundle, unpinned_at, "
                "unpinned_by, unpin_reason")


def office_key(level: Any, province_code: Any, district_code: Any) -> str | None:
    """"district:6201" / "province:62" for an office as a manifest or exchange_peers names it."""
    if level == "province" and province_code:
        return f"province:{province_code}"
    if level in ("district", None) and district_code:
        return f"district:{district_code}"
    return None


def active_pins(db: Database) -> list[Pin]:
    rows = db.execute(
        f"SELECT {_PIN_COLUMNS} FROM exchange_pins WHERE unpinned_at IS NULL ORDER BY office"  # noqa: S608 - constant
    ).fetchall()
    return [Pin(*r) for r in rows]


def pin_history(db: Database, office: str) -> list[Pin]:
    rows = db.execute(
        f"SELECT {_PIN_COLUMNS} FROM exchange_pins WHERE office = ? ORDER BY pinned_at DESC",  # noqa: S608 - constant
        [office],
    ).fetchall()
    return [Pin(*r) for r in rows]


def _active(db: Database, column: str, value: str) -> Pin | None:
    # `column` is one of two constants below; the value is bound.
    row = db.execute(
        f"SELECT {_PIN_COLUMNS} FROM exchange_pins WHERE {column} = ? AND unpinned_at IS NULL",  # noqa: S608
        [value],
    ).fetchone()
    return Pin(*row) if row else None


@dataclass(frozen=True)
class Sender:
    """A sender whose claims check out against the pins (not yet pinned when `pin` is None)."""

    office: str
    installation_id: str
    public_key: str
    org_name: str | None
    pin: Pin | None
    relay: bool  # this district's own province: it passes on rows of every office

    @property
    def registration(self) -> str:
        """"new" (this file will pin the office), "key" (fills in a key pinned without one), "known"."""
        if self.pin is None:
            return "new"
        return "key" if self.pin.public_key is None else "known"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def _claimed_office(db: Database, source: dict) -> str:
    level, province, district = source.get("level"), source.get("province_code"), source.get("district_code")
    ok = False
    if level == "province" and isinstance(province, str):
        ok = db.execute("SELECT 1 FROM provinces WHERE province_code = ?", [province]).fetchone() is not None
    elif level == "district" and isinstance(district, str):
        ok = db.execute("SELECT 1 FROM districts WHERE district_code = ? AND province_code = ?",
                        [district, province]).fetchone() is not None
    key = office_key(level, province, district)
    if not ok or key is None:
        raise UserError("ไฟล์ระบุสำนักงานผู้ส่งไม่ถูกต้อง จึงไม่นำเข้า — ไฟล์อาจถูกแก้ไข",
                        detail=f"source {level} {province} {district}")
    return key


def check_sender(db: Database, source: dict) -> Sender:
    """The sender named by a manifest's `source` (or a receipt's `receiver`), checked against the
    pins; a Thai UserError when it claims an office pinned to another installation or key, or
    when its installation is pinned to another office."""
    office = _claimed_office(db, source)
    inst, key = str(source["installation_id"]), str(source["public_key"])
    here = require_office(db)
    mine = office_key(here.level, here.province_code, here.district_code)
    claimed = describe_destination(db, office)
    if office == mine:
        raise UserError(f"ไฟล์นี้อ้างว่ามาจาก{claimed}ซึ่งคือสำนักงานนี้เอง แต่มาจากเครื่องอื่น จึงไม่นำเข้า "
                        "— ไฟล์อาจถูกปลอมแปลง", detail=f"installation {inst}")
    by_installation = _active(db, "installation_id", inst)
    if by_installation is not None and by_installation.office != office:
        raise UserError(
            f"ไฟล์นี้อ้างว่ามาจาก{claimed} แต่เครื่องที่ส่งลงทะเบียนไว้เป็นของ"
            f"{describe_destination(db, by_installation.office)} จึงไม่นำเข้า — สำนักงานหนึ่งส่งข้อมูลในนามสำนักงานอื่นไม่ได้",
            detail=f"installation {inst} pinned to {by_installation.office}, claims {office}",
        )
    pin = _active(db, "office", office)
    if pin is not None and pin.installation_id != inst:
        raise UserError(
            f"{claimed}ลงทะเบียนไว้กับเครื่องอื่น (ลงทะเบียนเมื่อ {pin.pinned_at[:10]}) จึงไม่นำเข้าไฟล์จากเครื่องนี้ — "
            "หากอำเภอเปลี่ยนเครื่องคอมพิวเตอร์จริง ให้ผู้ดูแลระบบยกเลิกการลงทะเบียนเครื่องเดิมที่หน้า รับ–ส่งข้อมูล ก่อน",
            detail=f"{office} pinned to {pin.installation_id}, file from {inst}",
        )
    if pin is not None and pin.public_key is not None and pin.public_key != key:
        raise UserError(
            f"กุญแจลงลายมือชื่อของ{claimed}ไม่ตรงกับที่ลงทะเบียนไว้ (ลายนิ้วมือ {pin.fingerprint} "
            f"แต่ไฟล์นี้ {fingerprint(key)}) จึงไม่นำเข้า — หากติดตั้งโปรแกรมใหม่ที่อำเภอ "
            "ให้ผู้ดูแลระบบยกเลิกการลงทะเบียนเครื่องเดิมก่อน",
            detail=f"{office} key changed",
        )
    relay = (here.level == "district" and source.get("level") == "province"
             and source.get("province_code") == here.province_code)
    return Sender(office=office, installation_id=inst, public_key=key, org_name=source.get("org_name"), pin=pin,
                  relay=relay)


def record_pin(db: Database, sender: Sender, bundle_id: str) -> None:
    """Pin a new sender, or fill in the key of an office pinned before bundles were signed (inside
    the import's transaction)."""
    if sender.pin is None:
        put_records(db, "exchange_pins", ("id",), [{
            "id": new_id(), "office": sender.office, "installation_id": sender.installation_id,
            "public_key": sender.public_key, "org_name": sender.org_name, "pinned_at": now_iso(),
            "pinned_by_bundle": bundle_id,
        }])
    elif sender.pin.public_key is None:
        update_where(db, "exchange_pins", {"public_key": sender.public_key}, {"id": sender.pin.id},
                     audit=False, stamp=False)
    else:
        return
    audit(db, "exchange_pin", table_name="exchange_pins", row_id=sender.office, installation=sender.installation_id,
          key_fingerprint=sender.fingerprint, bundle=bundle_id)


def unpin(db: Database, office: str, reason: str = "") -> Pin:
    """Un-pin `office` (administrators only: the user acting on `db` needs exchange.unpin; audited):
    its next bundle, from any installation, pins it afresh. Returns the pin as it was."""
    user = require(db, "exchange.unpin")
    pin = _active(db, "office", office)
    if pin is None:
        raise UserError(f"{describe_destination(db, office)}ยังไม่ได้ลงทะเบียนเครื่องไว้", field="office")
    with db.atomic():
        update_where(db, "exchange_pins",
                     {"unpinned_at": now_iso(), "unpinned_by": user.username, "unpin_reason": reason},
                     {"id": pin.id, "unpinned_at": None}, audit=False, stamp=False)
        audit(db, "exchange_unpin", table_name="exchange_pins", row_id=office,
              installation=pin.installation_id, key_fingerprint=pin.fingerprint, reason=reason)
    return pin


# Stamps in this program's own format (UTC, milliseconds), one a line: they compare as text.
_OWN_STAMPS = re.compile(r"(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\n)*\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",
                         re.ASCII)


def _row_name(key: Sequence[Any]) -> str:
    return str(key[0]) if len(key) == 1 else ", ".join(map(str, key))


class RowRules:
    """What a bundle from `sender` may do to each of its rows here."""

    def __init__(self, db: Database, sender: Sender) -> None:
        self.db = db
        self.sender = sender
        self.me = installation_id(db)
        here = require_office(db)
        self.offices: dict[str, str] = {
            inst: key for inst, level, prov, dist in db.execute(
                "SELECT installation_id, level, province_code, district_code FROM exchange_peers").fetchall()
            if (key := office_key(level, prov, dist)) is not None
        }
        own = office_key(here.level, here.province_code, here.district_code)
        if own:
            self.offices[self.me] = own
        self.not_after = now_utc() + FUTURE_TOLERANCE
        self._not_after_text = iso(self.not_after)

    # -- stamps ----------------------------------------------------------------------------------
    def check_stamps(self, table: str, keys: Sequence[Sequence[Any]], column: str, values: Sequence[Any]) -> None:
        """check_stamp() for a batch: when every stamp is in our own format and none is late (the
        usual case) one comparison of the latest says so; otherwise each is checked on its own."""
        texts = [v for v in values if v is not None] if column != "updated_at" else values
        try:
            joined = "\n".join(texts)
        except TypeError:  # not all text
            joined = None
        # 25 characters a stamp with its newline: no value holds a newline, each is one stamp.
        if joined is not None and (not texts or (len(joined) == 25 * len(texts) - 1 and _OWN_STAMPS.fullmatch(joined)
                                                 and max(texts) <= self._not_after_text)):
            return
        for key, value in zip(keys, values, strict=True):
            self.check_stamp(table, key, column, value)

    def check_stamp(self, table: str, key: Sequence[Any], column: str, value: Any) -> None:
        """A stamp more than a day in the future, or one that is no time at all, refuses the bundle."""
        if value is None and column != "updated_at":
            return
        if isinstance(value, str) and len(value) == 24 and value.endswith("Z") and value[10] == "T":
            late = value > self._not_after_text  # our own format: UTC, ms — compares as text
        else:
            try:
                when = parse_iso(value) if isinstance(value, str) else None
            except ValueError:
                when = None
            if when is None:
                raise UserError(f"ตาราง {table_label(table)} ({table}) รายการ {_row_name(key)} มีเวลา {column} "
                                f"ที่อ่านไม่ได้ ({value!r}) {REFUSED_WHOLE}")
            late = (when if when.tzinfo else when.replace(tzinfo=UTC)) > self.not_after
        if late:
            raise UserError(
                f"ตาราง {table_label(table)} ({table}) รายการ {_row_name(key)} ลงเวลา {column} เป็น {value} "
                f"ซึ่งเลยเวลาปัจจุบันไปเกิน ๑ วัน — นาฬิกาของเครื่องผู้ส่งอาจตั้งผิด หรือข้อมูลถูกแก้ไข {REFUSED_WHOLE}",
                detail=f"{table} {list(key)} {column}={value}",
            )

    # -- ownership -------------------------------------------------------------------------------
    def _who(self, origin: str) -> str:
        if origin == self.me:
            return "สำนักงานนี้เอง"
        office = self.offices.get(origin)
        return describe_destination(self.db, office) if office else f"เครื่องอื่นที่ไม่รู้จัก ({origin[:13]}…)"

    def _not_from_sender(self, table: str, key: Sequence[Any], origin: str) -> UserError:
        return UserError(
            f"ชุดข้อมูลนี้มีรายการที่ผู้ส่งไม่ได้เป็นผู้บันทึก: ตาราง {table_label(table)} ({table}) "
            f"รายการ {_row_name(key)} เป็นข้อมูลของ{self._who(origin)} — ผู้ส่งส่งได้เฉพาะข้อมูลของตนเอง {REFUSED_WHOLE}",
            detail=f"{table} {list(key)} origin {origin}, sender {self.sender.installation_id}",
        )

    def _belongs_elsewhere(self, table: str, key: Sequence[Any], local_origin: str) -> UserError:
        return UserError(
            f"ชุดข้อมูลนี้แก้ไขข้อมูลของ{self._who(local_origin)}: ตาราง {table_label(table)} ({table}) "
            f"รายการ {_row_name(key)} — สำนักงานหนึ่งแก้ไขข้อมูลของสำนักงานอื่นไม่ได้ {REFUSED_WHOLE}",
            detail=f"{table} {list(key)} local origin {local_origin}, sender {self.sender.installation_id}",
        )

    def judge(self, table: str, key: Sequence[Any], origin: str, updated: str,
              local: tuple[str, str] | None, differs: bool) -> str:
        """The Verdict for one incoming row (`local`: our copy's origin and updated_at, None when we
        have none), or a Thai UserError that refuses the whole bundle."""
        sender = self.sender
        may_write = origin != self.me and (sender.relay or origin == sender.installation_id)
        if local is None:
            if not may_write:
                raise self._not_from_sender(table, key, origin)
            return Verdict.NEW
        if not differs:
            return Verdict.UNCHANGED
        local_origin, local_updated = local
        if not may_write:
            if updated < local_updated:
                return Verdict.UNCHANGED  # an older copy of a row we hold: it changes nothing
            raise self._not_from_sender(table, key, origin)
        if local_origin == self.me:
            return Verdict.CONFLICT_LOCAL  # our own rows change only here
        same_office = not sender.relay and self.offices.get(local_origin) == sender.office
        if local_origin == origin or same_office:
            return Verdict.UPDATE if updated >= local_updated else Verdict.UNCHANGED
        if not sender.relay:
            raise self._belongs_elsewhere(table, key, local_origin)
        # Passed on by our province: two other offices changed it; the later version wins, listed.
        later = (updated, origin) > (local_updated, local_origin)
        return Verdict.CONFLICT_INCOMING if later else Verdict.CONFLICT_LOCAL
