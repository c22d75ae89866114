"""Add or edit one member, with Thai messages under each field as the user types."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.errors import UserError
from moi_desktop.labels import form_label
from moi_desktop.members import (
    LAWFUL_BASES,
    add_member,
    check_member,
    field_problem,
    get_member,
    photo_path,
    set_photo,
    team_roles,
    update_member,
)
from moi_desktop.thai import TITLES
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import FormDialog
from ui.photos import thumbnail
from ui.widgets.search_combo import SearchCombo

LINE_FIELDS = (
    "first_name", "last_name", "national_id", "phone", "email", "line_id", "organisation", "position",
    "sector_other", "house_no", "moo", "address_extra", "consent_date", "consent_scope",
)  # fmt: skip
FIELD_WIDTH = 300
LIVE_CHECKED = ("first_name", "national_id", "phone", "email", "moo", "consent_date")


class MemberDialog(FormDialog):
    """`member_id` None adds a member. After accept(), `saved_id` is the member's id."""

    def __init__(self, ctx: AppContext, member_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "แก้ไขข้อมูลภาคีเครือข่าย" if member_id else "เพิ่มภาคีเครือข่าย", parent)
        self.member_id = member_id
        self._photo_source: Path | None = None
        self.edits: dict[str, QLineEdit] = {}

        self.title = QComboBox()
        self.title.setEditable(True)
        self.title.addItems(["", *TITLES])
        for field in LINE_FIELDS:
            self.edits[field] = QLineEdit()
        self.edits["national_id"].setPlaceholderText("๑๓ หลัก (ไม่บังคับ)")
        self.edits["phone"].setPlaceholderText("เช่น ๐๘๑-๒๓๔-๕๖๗๘")
        self.edits["consent_date"].setPlaceholderText("เช่น ๓๐ ส.ค. ๒๕๖๕")
        self.sector = QComboBox()
        for row in reference.sectors(self.db):
            self.sector.addItem(row["name_th"], row["code"])
        self.team = QComboBox()
        self.team.addItem("— ไม่ระบุ —", None)
        for row in team_roles(self.db):
            self.team.addItem(row["name_th"], row["code"])
        self.subdistrict = SearchCombo("พิมพ์ชื่อตำบล")
        self.subdistrict.set_items(self._subdistrict_items(None))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.active = QCheckBox("ยังร่วมงานอยู่ (ใช้งาน)")
        self.active.setChecked(True)
        self.basis = QComboBox()
        for code, label in LAWFUL_BASES.items():
            self.basis.addItem(label, code)
        self.photo = QLabel("ไม่มีรูป")
        self.photo.setFixedSize(96, 120)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 1px solid #bbb;")
        photo_button = QPushButton("เลือกรูปถ่าย…")
        photo_button.clicked.connect(self._choose_photo)
        self.duplicates = QLabel()
        self.duplicates.setObjectName("duplicates")
        self.duplicates.setWordWrap(True)
        self.duplicates.setStyleSheet("color: #8a5a00;")
        self.duplicates.hide()

        person = QGroupBox("บุคคล")
        form = QFormLayout(person)
        form.addRow(form_label("members", "title"), self.title)
        for field in ("first_name", "last_name", "national_id", "phone", "email", "line_id"):
            label = form_label("members", field, required=field == "first_name")
            form.addRow(label, self._with_error(self.edits[field], field))
        form.addRow("", self.duplicates)
        work = QGroupBox("ภาคีเครือข่าย")
        form2 = QFormLayout(work)
        form2.addRow(form_label("members", "sector"), self.sector)
        form2.addRow(form_label("members", "sector_other"),
                     self._with_error(self.edits["sector_other"], "sector_other"))
        form2.addRow(form_label("members", "team_role"), self.team)
        form2.addRow(form_label("members", "organisation"), self.edits["organisation"])
        form2.addRow(form_label("members", "position"), self.edits["position"])
        form2.addRow("", self.active)
        address = QGroupBox("ที่อยู่")
        form3 = QFormLayout(address)
        form3.addRow(form_label("members", "house_no"), self.edits["house_no"])
        form3.addRow(form_label("members", "moo"), self._with_error(self.edits["moo"], "moo"))
        form3.addRow(form_label("members", "subdistrict_code"), self._with_error(self.subdistrict, "subdistrict_code"))
        form3.addRow(form_label("members", "address_extra"), self.edits["address_extra"])
        pdpa = QGroupBox("ข้อมูลส่วนบุคคล (PDPA)")
        form4 = QFormLayout(pdpa)
        form4.addRow(form_label("members", "lawful_basis"), self.basis)
        form4.addRow(form_label("members", "consent_date"),
                     self._with_error(self.edits["consent_date"], "consent_date"))
        form4.addRow(form_label("members", "consent_scope"), self.edits["consent_scope"])
        form4.addRow(form_label("members", "notes"), self.notes)

        side = QVBoxLayout()
        side.addWidget(self.photo)
        side.addWidget(photo_button)
        side.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(person)
        left.addWidget(work)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(address)
        right.addWidget(pdpa)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        columns.addLayout(side)
        self.add(columns)

        for field in LIVE_CHECKED:
            self.check_as_typed(self.edits[field].textChanged, field, partial(self.field_problem, field))
        # Duplicates need a query: check once typing pauses.
        self._dup_timer = QTimer(self)
        self._dup_timer.setSingleShot(True)
        self._dup_timer.setInterval(300)
        self._dup_timer.timeout.connect(self.check_duplicates)
        for field in ("first_name", "last_name", "national_id", "phone"):
            self.edits[field].textChanged.connect(lambda _text: self._dup_timer.start())
        self.sector.currentIndexChanged.connect(self._sector_changed)
        self.check_as_typed(self.basis.currentIndexChanged, "consent_date", lambda: self.field_problem("consent_date"))
        if member_id:
            self._load(member_id)
        self._sector_changed()

    # --- building -------------------------------------------------------------------------
    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        return self.errors.wrap(widget, field, width=FIELD_WIDTH)

    def _subdistrict_items(self, extra_code: str | None) -> list[tuple[str, str]]:
        office = self.ctx.office
        rows = reference.subdistricts_in(self.db, office.district_code) if office and office.district_code else []
        items = [(r["subdistrict_code"], r["name_th"]) for r in rows]
        if extra_code and extra_code not in {c for c, _ in items}:
            found = reference.subdistrict(self.db, extra_code)
            if found:
                items.append((extra_code, f"{found['name_th']} (อ.{found['district_name']})"))
        return items

    def _load(self, member_id: str) -> None:
        row = get_member(self.db, member_id)
        if row is None:
            raise UserError("ไม่พบสมาชิกที่เลือก")
        self.title.setCurrentText(row["title"] or "")
        for field in LINE_FIELDS:
            value = row.get(field) or ""
            if field == "consent_date" and value:
                from datetime import date

                value = formatting.thai_date(date.fromisoformat(value), "medium")
            elif field == "moo" and value:
                value = formatting.digits(value)
            self.edits[field].setText(value)
        self.sector.setCurrentIndex(max(0, self.sector.findData(row["sector"])))
        self.team.setCurrentIndex(max(0, self.team.findData(row["team_role"])))
        self.subdistrict.set_items(self._subdistrict_items(row["subdistrict_code"]))
        self.subdistrict.select_code(row["subdistrict_code"])
        self.notes.setPlainText(row["notes"] or "")
        self.active.setChecked(bool(row["active"]))
        self.basis.setCurrentIndex(max(0, self.basis.findData(row["lawful_basis"])))
        path = photo_path(row["photo_hash"])
        if path:
            self._show_photo(path)

    # --- live validation ------------------------------------------------------------------
    def field_problem(self, field: str) -> str | None:
        value = self.edits[field].text()
        if field == "consent_date" and not value.strip() and self.basis.currentData() == "consent":
            return "ฐานความยินยอมต้องระบุวันที่ให้ความยินยอม"
        return field_problem(field, value)

    def check_duplicates(self) -> list:
        data = self.values()
        problems = check_member(self.db, data, member_id=self.member_id)
        notes = [p.message for p in problems if "ซ้ำ" in p.message or "มีอยู่แล้ว" in p.message]
        self.duplicates.setText("\n".join(notes))
        self.duplicates.setVisible(bool(notes))
        return notes

    def _sector_changed(self, *_args: object) -> None:
        other = self.sector.currentData() == "other"
        self.edits["sector_other"].setEnabled(other)
        if not other:
            self.edits["sector_other"].clear()

    def _choose_photo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "เลือกรูปถ่าย", "", "รูปภาพ (*.jpg *.jpeg *.png)")
        if name:
            self._photo_source = Path(name)
            self._show_photo(self._photo_source)

    def _show_photo(self, path: Path) -> None:
        pixmap = thumbnail(path, self.photo.size())
        if not pixmap.isNull():
            self.photo.setPixmap(pixmap)

    def done(self, result: int) -> None:
        self._dup_timer.stop()  # no duplicate query after the dialog is gone
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._dup_timer.stop()
        super().closeEvent(event)

    # --- saving ---------------------------------------------------------------------------
    def values(self) -> dict:
        data: dict[str, Any] = {field: self.edits[field].text() for field in LINE_FIELDS}
        data.update(
            title=self.title.currentText(),
            sector=self.sector.currentData(),
            team_role=self.team.currentData(),
            subdistrict_code=self.subdistrict.current_code(),
            notes=self.notes.toPlainText(),
            active=1 if self.active.isChecked() else 0,
            lawful_basis=self.basis.currentData(),
        )
        return data

    def problems(self) -> dict[str, str]:
        found = {f: problem for f in LIVE_CHECKED if (problem := self.field_problem(f))}
        if self.subdistrict.currentText().strip() and self.subdistrict.current_code() is None:
            found["subdistrict_code"] = "ไม่พบตำบลนี้ในอำเภอ — เลือกจากรายการ"
        return found

    def write(self) -> str:
        if self.member_id:
            update_member(self.db, self.member_id, self.values())
        else:
            self.member_id = add_member(self.db, self.values())
        if self._photo_source:
            set_photo(self.db, self.member_id, self._photo_source)
        return self.member_id
