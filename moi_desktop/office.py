"""The office this installation serves (a district, or a province office), its memo header and its
Garuda image (PNG bytes in the office row: it prints on every memo and letter and survives backup
and restore)."""

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from moi_desktop.db import Database
from moi_desktop.db.rows import insert_row, set_meta, update_row
from moi_desktop.errors import UserError
from moi_desktop.security.session import require

if TYPE_CHECKING:
    from moi_desktop.documents.garuda import GarudaImage

LEVELS = {"district": "อำเภอ", "province": "จังหวัด"}


@dataclass
class Office:
    level: str
    province_code: str
    district_code: str | None
    org_name: str  # ส่วนราชการ
    ref_prefix: str  # ที่
    phone: str = ""
    chief_name: str = ""
    chief_position: str = ""
    garuda_path: str = ""  # the name of the file the stored Garuda image came from (display only)
    id: str | None = None


_OFFICE_COLUMNS = ", ".join(f.name for f in fields(Office))


def get_office(db: Database) -> Office | None:
    cursor = db.execute(
        f"SELECT {_OFFICE_COLUMNS} FROM office WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1"  # noqa: S608 - column names are the dataclass's own
    )
    row = cursor.fetchone()
    if row is None:
        return None
    data = dict(zip([d[0] for d in cursor.description], row, strict=True))
    # Empty text stays "" for text fields; district_code and id stay None when unset.
    values: dict[str, Any] = {
        f.name: data.get(f.name) or ("" if f.name not in ("district_code", "id") else None) for f in fields(Office)
    }
    return Office(**values)


def validate_office(db: Database, office: Office) -> None:
    if office.level not in LEVELS:
        raise UserError("ระดับสำนักงานต้องเป็นอำเภอหรือจังหวัด", field="level")
    if not db.execute("SELECT 1 FROM provinces WHERE province_code = ?", [office.province_code]).fetchone():
        raise UserError(f"ไม่พบรหัสจังหวัด {office.province_code}", field="province_code")
    if office.level == "district":
        row = db.execute(
            "SELECT province_code FROM districts WHERE district_code = ?", [office.district_code]
        ).fetchone()
        if row is None:
            raise UserError(f"ไม่พบรหัสอำเภอ {office.district_code}", field="district_code")
        if row[0] != office.province_code:
            raise UserError("อำเภอที่เลือกไม่อยู่ในจังหวัดที่เลือก", field="district_code")
    if not office.org_name.strip():
        raise UserError("กรุณากรอกส่วนราชการ", field="org_name")
    if not office.ref_prefix.strip():
        raise UserError("กรุณากรอกเลขที่หนังสือ (ที่ …) เช่น มท ๐๓๑๘.๑", field="ref_prefix")


def save_office(db: Database, office: Office) -> Office:
    """Create or update the single office profile."""
    validate_office(db, office)
    # the Garuda (image and file name) changes only through set_office_garuda
    values = {k: v for k, v in asdict(office).items() if k not in ("id", "garuda_path")}
    for key in ("org_name", "ref_prefix", "phone", "chief_name", "chief_position"):
        values[key] = (values[key] or "").strip()
    existing = get_office(db)
    if existing is None or existing.id is None:  # a stored profile always has an id
        office.id = insert_row(db, "office", values)
    else:
        update_row(db, "office", existing.id, values)
        office.id = existing.id
    return office


def default_office_for_district(db: Database, district_code: str) -> Office:
    """A sensible starting profile for a district: ส่วนราชการ ที่ทำการปกครองอำเภอ… จังหวัด…"""
    row = db.execute(
        "SELECT d.name_th, p.name_th, p.province_code, d.kind FROM districts d "
        "JOIN provinces p ON p.province_code = d.province_code WHERE d.district_code = ?",
        [district_code],
    ).fetchone()
    if row is None:
        raise UserError(f"ไม่พบรหัสอำเภอ {district_code}", field="district")
    district, province, province_code, kind = row
    unit = "สำนักงานเขต" if kind == "khet" else "ที่ทำการปกครองอำเภอ"
    chief = "ผู้อำนวยการเขต" if kind == "khet" else "นายอำเภอ"
    return Office(
        level="district",
        province_code=province_code,
        district_code=district_code,
        org_name=f"{unit}{district} จังหวัด{province}",
        ref_prefix="มท ",
        chief_position=f"{chief}{district}",
    )


BANGKOK_CODE = "10"


def default_office_for_province(db: Database, province_code: str) -> Office:
    """A sensible starting profile for a province office: ส่วนราชการ ที่ทำการปกครองจังหวัด… (the
    provincial administration office that oversees the districts), signed by the governor.
    Bangkok has no ที่ทำการปกครองจังหวัด: its city administration and governor stand in."""
    row = db.execute("SELECT name_th FROM provinces WHERE province_code = ?", [province_code]).fetchone()
    if row is None:
        raise UserError(f"ไม่พบรหัสจังหวัด {province_code}", field="province")
    name = row[0]
    if province_code == BANGKOK_CODE:
        org_name, chief = name, f"ผู้ว่าราชการ{name}"
    else:
        org_name, chief = f"ที่ทำการปกครองจังหวัด{name}", f"ผู้ว่าราชการจังหวัด{name}"
    return Office(
        level="province",
        province_code=province_code,
        district_code=None,
        org_name=org_name,
        ref_prefix="มท ",
        chief_position=chief,
    )


def get_office_garuda(db: Database) -> "GarudaImage | None":
    """The office's stored Garuda image, or None when none is set."""
    # deferred: the image checks pull in Pillow and reportlab, which opening the office must not
    from moi_desktop.documents.garuda import check_garuda

    row = db.execute(
        "SELECT garuda_png FROM office WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1"
    ).fetchone()
    if row is None or not row[0]:
        return None
    return check_garuda(bytes(row[0]))


def set_office_garuda(db: Database, image: "GarudaImage | None", source: str | Path = "") -> None:
    """Store (or with None, remove) the office's Garuda image; `source` is the file it came from,
    kept for display. The image is checked already (documents.garuda.check_garuda). Needs
    office.edit (administrators)."""
    require(db, "office.edit")
    office = get_office(db)
    if office is None or office.id is None:
        raise UserError("ยังไม่ได้ตั้งค่าสำนักงาน กรุณาตั้งค่าสำนักงานก่อนกำหนดภาพครุฑ", field="garuda")
    name = Path(source).name if source else ""
    update_row(db, "office", office.id, {"garuda_png": image.data if image else None,
                                         "garuda_path": name if image else ""})


# -- DISPLAY DIGITS: Thai or Arabic digits on the screen, one choice for the office ------
THAI_DIGITS_KEY = "display_thai_digits"


def uses_thai_digits(db: Database) -> bool:
    """Whether screens show Thai digits (๐–๙); on unless the office turned it off. Documents keep
    their own per-document choice (official documents use Thai digits)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [THAI_DIGITS_KEY]).fetchone()
    return not row or row[0] != "0"


def set_thai_digits(db: Database, on: bool) -> bool:
    require(db, "office.edit")
    set_meta(db, THAI_DIGITS_KEY, "1" if on else "0")
    return on
