"""The office's officials: the small registry of people who sign letters (and chair or record
meetings). Each has a name, a position and the lines printed under the signature; a letter's
signer is picked from here instead of being typed again."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from moi_desktop.db import Database, insert_row, update_row
from moi_desktop.documents.spec import Signer
from moi_desktop.errors import UserError
from moi_desktop.security.session import require
from moi_desktop.thai.text import normalize_text

EDITABLE = ("title", "name", "position", "signature_position", "sort_order", "active")


@dataclass(frozen=True)
class Official:
    id: str
    title: str
    name: str
    position: str
    signature_position: str
    sort_order: int
    active: bool

    @property
    def full_name(self) -> str:
        """The name as printed in brackets under a signature: title and name ("นายสมชาย ใจดี")."""
        return f"{self.title}{self.name}"

    def signature_lines(self) -> list[str]:
        """The lines under the name: the signature position if set, else the position."""
        text = self.signature_position or self.position
        return [line for line in text.split("\n") if line.strip()]

    def signer(self) -> Signer:
        return Signer(name=self.full_name, position="\n".join(self.signature_lines()))

    def label(self) -> str:
        """How a picker shows the official: "นายสมชาย ใจดี — ปลัดอำเภอ"."""
        return f"{self.full_name} — {self.position}"


def _official(row: Mapping[str, Any]) -> Official:
    return Official(
        id=row["id"], title=row["title"] or "", name=row["name"], position=row["position"],
        signature_position=row["signature_position"] or "", sort_order=row["sort_order"] or 0,
        active=bool(row["active"]),
    )


def _clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not an official's field: {sorted(unknown)}")
    values: dict[str, Any] = {}
    for key in ("title", "name", "position"):
        if key in fields:
            values[key] = normalize_text(str(fields[key] or ""))
    if "signature_position" in fields:
        values["signature_position"] = normalize_text(str(fields["signature_position"] or ""), multiline=True)
    if "name" in values and not values["name"]:
        raise UserError("กรุณากรอกชื่อเจ้าหน้าที่ผู้ลงนาม", field="name")
    if "position" in values and not values["position"]:
        raise UserError("กรุณากรอกตำแหน่งของเจ้าหน้าที่ผู้ลงนาม", field="position")
    if "sort_order" in fields:
        try:
            values["sort_order"] = int(fields["sort_order"] or 0)
        except (TypeError, ValueError):
            raise UserError("ลำดับต้องเป็นตัวเลข", field="sort_order") from None
    if "active" in fields:
        values["active"] = 1 if fields["active"] else 0
    return values


def add_official(db: Database, *, name: str, position: str, title: str = "", signature_position: str = "",
                 sort_order: int = 0) -> Official:
    require(db, "officials.manage")
    values = _clean({"title": title, "name": name, "position": position,
                     "signature_position": signature_position, "sort_order": sort_order})
    values["active"] = 1
    return get_official(db, insert_row(db, "officials", values))


def update_official(db: Database, id: str, **fields: Any) -> Official:
    require(db, "officials.manage")
    get_official(db, id)
    values = _clean(fields)
    if values:
        update_row(db, "officials", id, values)
    return get_official(db, id)


def deactivate_official(db: Database, id: str) -> Official:
    """Hide an official from the signer pickers (letters already signed keep their signer)."""
    return update_official(db, id, active=False)


def get_official(db: Database, id: str) -> Official:
    rows = list(db.query("SELECT * FROM officials WHERE id = ? AND deleted_at IS NULL", [id]))
    if not rows:
        raise UserError("ไม่พบเจ้าหน้าที่ผู้ลงนามที่เลือก", field="signer_id")
    return _official(rows[0])


def list_officials(db: Database, *, include_inactive: bool = False) -> list[Official]:
    where = "deleted_at IS NULL" + ("" if include_inactive else " AND active = 1")
    return [_official(r) for r in db.query(
        f"SELECT * FROM officials WHERE {where} ORDER BY sort_order, name")]  # noqa: S608 - fixed text
