"""The office profile form, in two parts: where the office is, and its memo header.

The first-run wizard puts each part on its own step; the settings page shows both. Checks that
need the reference data or the rules of a profile are the core's (`office.save_office` raises a
UserError naming the field; `documents.garuda.read_garuda_file` checks a Garuda image); this form
adds only what a form must: an item really chosen from the lists, a usable phone number, a ที่
prefix with its number. Text typed or pasted is cleaned by the core; control characters it
removes are named in a warning under the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.office import (
    Office,
    default_office_for_district,
    default_office_for_province,
    get_office_garuda,
    set_office_garuda,
)
from moi_desktop.thai import normalize_text, phone_problem
from moi_desktop.thai.text import hostile_warning
from ui.widgets.field_errors import error_label
from ui.widgets.search_combo import SearchCombo

if TYPE_CHECKING:
    from moi_desktop.documents.garuda import GarudaImage

HEADER_FIELDS = ("org_name", "ref_prefix", "phone", "chief_name", "chief_position")
GARUDA_PREVIEW = 48  # pixels high
_THAI_OR_ARABIC_DIGITS = set("0123456789๐๑๒๓๔๕๖๗๘๙")


class _FieldErrors:
    """Inline Thai messages under the fields (one QLabel per field name)."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}

    def add(self, field: str) -> QLabel:
        self.labels[field] = error_label()
        return self.labels[field]

    def clear(self) -> None:
        for label in self.labels.values():
            label.clear()
            label.hide()

    def show(self, field: str | None, message: str) -> bool:
        label = self.labels.get(field or "")
        if label is None:
            return False
        label.setText(message)
        label.show()
        return True

    def messages(self) -> dict[str, str]:
        return {f: lbl.text() for f, lbl in self.labels.items() if lbl.text()}


def _with_error(errors: _FieldErrors, widget: QWidget, field: str) -> QWidget:
    """`widget` with the label of `field`'s messages beneath it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addWidget(errors.add(field))
    return box


class OfficeLocationFields(QWidget):
    """Level (district / province office), province and district."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.errors = _FieldErrors()
        self.level_district = QRadioButton("ที่ทำการปกครองอำเภอ (ระดับอำเภอ)")
        self.level_province = QRadioButton("ที่ทำการปกครองจังหวัด (ระดับจังหวัด)")
        self.level_district.setChecked(True)
        self._levels = QButtonGroup(self)
        self._levels.addButton(self.level_district)
        self._levels.addButton(self.level_province)
        self.province = SearchCombo("พิมพ์ชื่อจังหวัดเพื่อค้นหา")
        self.province.set_items([(p["province_code"], p["name_th"]) for p in reference.provinces(db)])
        self.district = SearchCombo("เลือกจังหวัดก่อน แล้วพิมพ์ชื่ออำเภอ")
        self.district.setEnabled(False)
        self.district_label = QLabel("อำเภอ / เขต")

        levels = QVBoxLayout()
        levels.addWidget(self.level_district)
        levels.addWidget(self.level_province)
        levels.addWidget(self.errors.add("level"))
        form = QFormLayout(self)
        form.addRow("ระดับสำนักงาน", levels)
        form.addRow("จังหวัด", _with_error(self.errors, self.province, "province_code"))
        form.addRow(self.district_label, _with_error(self.errors, self.district, "district_code"))

        self.level_district.toggled.connect(self._on_level)
        self.province.currentIndexChanged.connect(self._on_province)
        self.district.currentIndexChanged.connect(lambda _: self.changed.emit())

    def level(self) -> str:
        return "district" if self.level_district.isChecked() else "province"

    def set_level(self, level: str) -> None:
        (self.level_district if level == "district" else self.level_province).setChecked(True)
        self._on_level()

    def province_code(self) -> str | None:
        return self.province.current_code()

    def district_code(self) -> str | None:
        return self.district.current_code() if self.level() == "district" else None

    def select(self, province_code: str | None, district_code: str | None = None) -> None:
        self.province.select_code(province_code)
        self._on_province()
        if district_code:
            self.district.select_code(district_code)

    def check(self) -> None:
        """UserError (with field) unless a province — and for a district office, a district — is chosen."""
        if self.province_code() is None:
            raise UserError("กรุณาเลือกจังหวัดจากรายการ", field="province_code")
        if self.level() == "district" and self.district_code() is None:
            raise UserError("กรุณาเลือกอำเภอจากรายการ", field="district_code")

    def _on_level(self, *_args: object) -> None:
        is_district = self.level() == "district"
        self.district.setVisible(is_district)
        self.district_label.setVisible(is_district)
        self.changed.emit()

    def _on_province(self, *_args: object) -> None:
        code = self.province.current_code()
        items = [(d["district_code"], d["name_th"]) for d in reference.districts_in(self.db, code)] if code else []
        self.district.set_items(items)
        self.district.setEnabled(bool(items))
        self.changed.emit()


class OfficeHeaderFields(QWidget):
    """The memo header: ส่วนราชการ, ที่, โทร., the chief's name and position, Garuda image."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = _FieldErrors()
        self.edits: dict[str, QLineEdit] = {}
        self._prefilled: dict[str, str] = {}
        form = QFormLayout(self)
        rows = (
            ("org_name", "ส่วนราชการ", "เช่น ที่ทำการปกครองอำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่"),
            ("ref_prefix", "ที่", "เช่น มท ๐๓๑๘.๑"),
            ("phone", "โทร.", "เช่น ๐ ๕๓๑๑ ๒๓๔๕ (ไม่บังคับ)"),
            ("chief_name", "ชื่อหัวหน้าส่วนราชการ", "เช่น นายสมชาย ใจดี (ไม่บังคับ)"),
            ("chief_position", "ตำแหน่ง", "เช่น นายอำเภอเมืองเชียงใหม่"),
        )
        self.labels = {field: label for field, label, _ in rows}
        for field, label, hint in rows:
            edit = QLineEdit()
            edit.setObjectName(field)
            edit.setPlaceholderText(hint)
            self.edits[field] = edit
            form.addRow(label, _with_error(self.errors, edit, field))
        # The Garuda: a new file chosen here replaces the stored image when the form is saved.
        self.garuda_file = QLineEdit()
        self.garuda_file.setObjectName("garuda_path")
        self.garuda_file.setPlaceholderText("ไฟล์ภาพครุฑ PNG พื้นหลังโปร่งใส (ใช้กับบันทึกข้อความและหนังสือภายนอก)")
        browse = QPushButton("เลือกไฟล์…")
        browse.clicked.connect(self._browse_garuda)
        self.garuda_preview = QLabel()
        self.garuda_preview.setObjectName("garuda_preview")
        self.garuda_status = QLabel("ยังไม่ได้ตั้งภาพครุฑ — บันทึกข้อความและหนังสือภายนอกต้องมีภาพครุฑ")
        self.garuda_status.setObjectName("garuda_status")
        self.garuda_status.setWordWrap(True)
        self.garuda_image: GarudaImage | None = None  # the checked new image, set by check()
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.garuda_preview)
        row_layout.addWidget(self.garuda_file, 1)
        row_layout.addWidget(browse)
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addWidget(row)
        column_layout.addWidget(self.garuda_status)
        form.addRow("ภาพครุฑ", _with_error(self.errors, column, "garuda_path"))
        self.hostile = QLabel()
        self.hostile.setObjectName("hostile_warning")
        self.hostile.setWordWrap(True)
        self.hostile.hide()
        form.addRow(self.hostile)

    def values(self) -> dict[str, str]:
        return {field: normalize_text(edit.text()) for field, edit in self.edits.items()}

    def warnings(self) -> list[str]:
        """What cleaning will remove from the typed or pasted text (control characters …)."""
        out = []
        for field, edit in self.edits.items():
            warning = hostile_warning(edit.text())
            if warning:
                out.append(f"{self.labels[field]}: {warning}")
        return out

    def set_values(self, office: Office) -> None:
        for field in HEADER_FIELDS:
            self.edits[field].setText(getattr(office, field) or "")
        self._prefilled = {}
        self.garuda_file.clear()

    def show_garuda(self, image: GarudaImage | None, name: str = "") -> None:
        """Show the stored Garuda (a small preview and its file name), or that none is set."""
        if image is None:
            self.garuda_preview.clear()
            self.garuda_status.setText("ยังไม่ได้ตั้งภาพครุฑ — บันทึกข้อความและหนังสือภายนอกต้องมีภาพครุฑ")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(image.data, "PNG")
        self.garuda_preview.setPixmap(pixmap.scaledToHeight(GARUDA_PREVIEW, Qt.TransformationMode.SmoothTransformation))
        self.garuda_status.setText(f"ตั้งภาพครุฑไว้แล้ว: {name or 'ภาพครุฑ'} ({image.width}×{image.height} พิกเซล)")

    def save_garuda(self, db: Database) -> None:
        """Store the image check() accepted, if a new file was chosen."""
        if self.garuda_image is not None:
            set_office_garuda(db, self.garuda_image, self.garuda_file.text().strip())
            self.show_garuda(self.garuda_image, Path(self.garuda_file.text().strip()).name)
            self.garuda_file.clear()
            self.garuda_image = None

    def prefill(self, defaults: Office) -> None:
        """Put suggested values in fields the user has not typed into (empty or still our earlier
        suggestion), so going back and choosing another district updates them."""
        for field in HEADER_FIELDS:
            edit = self.edits[field]
            suggestion = getattr(defaults, field) or ""
            if edit.text() in ("", self._prefilled.get(field)):
                edit.setText(suggestion)
                self._prefilled[field] = suggestion

    def check(self) -> None:
        values = self.values()
        prefix = values["ref_prefix"]
        if prefix and not _THAI_OR_ARABIC_DIGITS & set(prefix):
            raise UserError("กรุณากรอกเลขที่หนังสือให้ครบ เช่น มท ๐๓๑๘.๑", field="ref_prefix")
        if values["phone"]:
            problem = phone_problem(values["phone"])
            if problem:
                raise UserError(problem, field="phone")
        path = self.garuda_file.text().strip()
        # deferred: the document engine (reportlab) loads only when a Garuda file is checked, not at start
        from moi_desktop.documents.garuda import read_garuda_file

        self.garuda_image = read_garuda_file(path, field="garuda_path") if path else None
        warnings = self.warnings()
        self.hostile.setText("\n".join(warnings))
        self.hostile.setVisible(bool(warnings))

    def _browse_garuda(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "เลือกไฟล์ภาพครุฑ", "", "ภาพ PNG (*.png)")
        if path:
            self.garuda_file.setText(path)


def suggested_header(db: Database, location: OfficeLocationFields) -> Office | None:
    """What the memo header usually says for the chosen office."""
    district = location.district_code()
    if location.level() == "district" and district:
        return default_office_for_district(db, district)
    province = location.province_code()
    if location.level() == "province" and province:
        return default_office_for_province(db, province)
    return None


def build_office(location: OfficeLocationFields, header: OfficeHeaderFields, office_id: str | None) -> Office:
    """The Office the two parts describe; UserError (with field) if a form check fails."""
    location.check()
    header.check()
    return Office(level=location.level(), province_code=location.province_code() or "",
                  district_code=location.district_code(), id=office_id, **header.values())


def show_field_error(exc: UserError, *parts: OfficeLocationFields | OfficeHeaderFields) -> bool:
    """Put the message under its field in whichever part has it; False if no part does."""
    return any(part.errors.show(exc.field, exc.message) for part in parts)


class OfficeForm(QWidget):
    """Both parts on one page (settings)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.location = OfficeLocationFields(db)
        self.header = OfficeHeaderFields()
        self.general_error = error_label()
        self._office_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.location)
        layout.addWidget(self.header)
        layout.addWidget(self.general_error)

    def set_office(self, office: Office) -> None:
        self._office_id = office.id
        self.location.set_level(office.level)
        self.location.select(office.province_code, office.district_code)
        self.header.set_values(office)
        self.header.show_garuda(get_office_garuda(self.db), office.garuda_path)
        self.clear_errors()

    def office(self) -> Office:
        return build_office(self.location, self.header, self._office_id)

    def clear_errors(self) -> None:
        self.location.errors.clear()
        self.header.errors.clear()
        self.general_error.hide()

    def show_error(self, exc: UserError) -> None:
        if not show_field_error(exc, self.location, self.header):
            self.general_error.setText(exc.message)
            self.general_error.show()

    def error_messages(self) -> dict[str, str]:
        messages = {**self.location.errors.messages(), **self.header.errors.messages()}
        if self.general_error.text() and not self.general_error.isHidden():
            messages[""] = self.general_error.text()
        return messages
