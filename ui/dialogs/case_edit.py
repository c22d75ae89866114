"""Record or edit a case: household, indicator, details, source, help dimension, agency, project
link and the sensitive flag; for a saved case also its action log and photos."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.cases import (
    DIMENSIONS,
    SOURCES,
    add_action,
    add_case,
    add_case_photo,
    case_actions,
    case_photos,
    list_indicators,
    photo_file,
    require_case,
    search_households,
    status_label,
    update_case,
)
from moi_desktop.cases.households import household_address
from moi_desktop.cases.store import default_sensitive, indicator_row
from moi_desktop.errors import UserError
from moi_desktop.labels import form_label
from moi_desktop.projects.agencies import agencies
from moi_desktop.projects.choices import link_choices
from ui import formatting
from ui.context import AppContext
from ui.dialogs.household_edit import CaseAreaForm, HouseholdDialog
from ui.errors import show_error
from ui.widgets.search_combo import SearchCombo
from ui.widgets.thai_date import ThaiDateField


class ThaiDateEdit(ThaiDateField):
    """The program's date field for a date the form requires: empty is a Thai error, not None."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        if value is not None:
            self.set_date(value)

    def date(self) -> date:
        value = super().date()
        if value is None:
            raise UserError("กรุณาใส่วันที่")
        return value


def _household_label(row: dict) -> str:
    return formatting.digits(f"{row['head_name']} — {household_address(row)}")


class CaseDialog(CaseAreaForm):
    """`case_id` None records a new case (optionally for `household_id`). After accept(),
    `saved_id` is the case's id."""

    def __init__(self, ctx: AppContext, case_id: str | None = None, household_id: str | None = None,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(ctx, "แก้ไขเรื่องราวครัวเรือน" if case_id else "บันทึกเรื่องราวครัวเรือน", parent,
                         cancel_text="ปิด")
        self.case_id = case_id
        self.today = today or date.today()

        self.household = SearchCombo("พิมพ์ชื่อหัวหน้าครัวเรือนหรือบ้านเลขที่")
        self.new_household_button = QPushButton("เพิ่มครัวเรือนใหม่…")
        self.new_household_button.clicked.connect(self._new_household)
        self._fill_households()
        self.indicator = QComboBox()
        self.reported_on = ThaiDateEdit(self.today)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(70)
        self.source = QComboBox()
        for code, label in SOURCES.items():
            self.source.addItem(label, code)
        self.dimension = QComboBox()
        for code, label in DIMENSIONS.items():
            self.dimension.addItem(label, code)
        # the agencies list to pick from by any part of the name; another name may still be typed
        self.agency = SearchCombo("หน่วยงานหรือภาคีที่รับผิดชอบ (พิมพ์เพื่อค้นหา)")
        self.agency.set_items([(a["name_th"], a["name_th"]) for a in agencies(ctx.db)])
        # a searchable picker of the projects and activities (type part of a name), not a typed code
        self.project_ref = SearchCombo("พิมพ์ชื่อโครงการหรือกิจกรรมเพื่อค้นหา (ถ้ามี)")
        self.project_ref.setObjectName("project_ref")
        self.project_ref.set_items(link_choices(ctx.db))
        self.sensitive = QCheckBox("ข้อมูลอ่อนไหว (สุขภาพ/ความพิการ) — ปกปิดเมื่อส่งออก")
        self._sensitive_touched = False
        self.sensitive.clicked.connect(lambda: setattr(self, "_sensitive_touched", True))
        self.indicator.currentIndexChanged.connect(self._indicator_changed)

        form = self.add_form()
        household_row = QHBoxLayout()
        household_row.addWidget(self.household, 1)
        household_row.addWidget(self.new_household_button)
        required = {"household_id", "indicator_id", "reported_on"}
        for field, item in (
            ("household_id", household_row), ("indicator_id", self.indicator), ("reported_on", self.reported_on),
            ("description", self.description), ("source", self.source), ("dimension", self.dimension),
            ("agency", self.agency), ("project_ref", self.project_ref),
        ):
            form.addRow(form_label("cases", field, required=field in required), item)
            form.addRow("", self.errors.add(field))
        form.addRow("", self.sensitive)
        self.log_box = QGroupBox("บันทึกการดำเนินการ")
        self.photo_box = QGroupBox("รูปภาพ")
        self.add(self.log_box)
        self.add(self.photo_box)
        self._build_log()
        self._build_photos()

        if case_id:
            self._load(require_case(self.db, case_id))
        else:
            self._fill_indicators(None)
            if household_id:
                self.household.select_code(household_id)
            self.log_box.hide()
            self.photo_box.hide()

    # -- form ------------------------------------------------------------------------------
    def _fill_households(self) -> None:
        rows = search_households(self.db, limit=100_000)
        self.household.set_items([(r["id"], _household_label(r)) for r in rows])

    def _fill_indicators(self, keep_id: str | None) -> None:
        self.indicator.blockSignals(True)
        self.indicator.clear()
        for r in list_indicators(self.db):
            if r["active"] or r["id"] == keep_id:
                self.indicator.addItem(formatting.digits(f"{r['number']}. {r['text']} ({r['category_name']})"), r["id"])
        self.indicator.setCurrentIndex(-1)
        self.indicator.blockSignals(False)

    def _indicator_changed(self) -> None:
        indicator_id = self.indicator.currentData()
        if indicator_id and not self._sensitive_touched:
            row = indicator_row(self.db, indicator_id)
            self.sensitive.setChecked(bool(row and default_sensitive(row)))

    def select_indicator_number(self, number: int) -> None:
        for i in range(self.indicator.count()):
            if self.indicator.itemText(i).startswith(formatting.digits(f"{number}.")):
                self.indicator.setCurrentIndex(i)
                return
        raise ValueError(f"indicator {number} not in the list")

    def _new_household(self) -> None:
        dialog = HouseholdDialog(self.ctx, parent=self)
        dialog.finished.connect(lambda _r: self._household_added(dialog.saved_id))
        dialog.open()
        self.household_dialog = dialog

    def _household_added(self, household_id: str | None) -> None:
        if household_id:
            self._fill_households()
            self.household.select_code(household_id)

    def _load(self, case: dict) -> None:
        self._fill_indicators(case["indicator_id"])
        self.household.select_code(case["household_id"])
        self.indicator.setCurrentIndex(self.indicator.findData(case["indicator_id"]))
        self.reported_on.set_date(case["reported_on"])
        self.description.setPlainText(case["description"] or "")
        self.source.setCurrentIndex(self.source.findData(case["source"]))
        self.dimension.setCurrentIndex(self.dimension.findData(case["dimension"]))
        self.agency.select_code_or_text(case["agency"])
        self.project_ref.select_code_or_text(case["project_ref"])
        self.sensitive.setChecked(bool(case["sensitive"]))
        self._sensitive_touched = True
        self.refresh_log()
        self.refresh_photos()

    def values(self) -> dict:
        try:
            reported = self.reported_on.date()
        except UserError as exc:
            raise UserError(exc.message, field="reported_on") from None
        return {
            "household_id": self.household.current_code(), "indicator_id": self.indicator.currentData(),
            "reported_on": reported, "description": self.description.toPlainText(),
            "source": self.source.currentData(), "dimension": self.dimension.currentData(),
            "agency": self.agency.code_or_text(), "project_ref": self.project_ref.code_or_text(),
            "sensitive": self.sensitive.isChecked(),
        }

    def write(self) -> str:
        values = self.values()
        if self.case_id:
            update_case(self.db, self.case_id, values, today=self.today)
            return self.case_id
        return add_case(self.db, values, today=self.today)

    def _saved_case(self) -> str:
        """The case the action log and photos belong to: they show only once it is saved."""
        if self.case_id is None:
            raise RuntimeError("the action log and photos need a saved case")
        return self.case_id

    # -- action log ------------------------------------------------------------------------
    def _build_log(self) -> None:
        self.log_table = QTableWidget(0, 4)
        self.log_table.setHorizontalHeaderLabels(["วันที่", "การดำเนินการ", "โดย", "สถานะ"])
        self.log_table.horizontalHeader().setStretchLastSection(True)
        self.log_table.setMinimumHeight(160)
        self.log_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.action_date = ThaiDateEdit(self.today)
        self.action_what = QLineEdit()
        self.action_what.setPlaceholderText("สิ่งที่ดำเนินการ เช่น ลงพื้นที่เยี่ยมบ้าน")
        self.action_by = QLineEdit()
        self.action_by.setPlaceholderText("โดย")
        self.add_action_button = QPushButton("บันทึกการดำเนินการ")
        self.add_action_button.clicked.connect(self.add_action)
        row = QHBoxLayout()
        row.addWidget(self.action_date)
        row.addWidget(self.action_what, 2)
        row.addWidget(self.action_by, 1)
        row.addWidget(self.add_action_button)
        layout = QVBoxLayout(self.log_box)
        layout.addWidget(self.log_table)
        layout.addLayout(row)

    def refresh_log(self) -> None:
        entries = case_actions(self.db, self._saved_case())
        self.log_table.setRowCount(len(entries))
        for i, e in enumerate(entries):
            status = status_label(e["status_to"]) if e["status_to"] else ""
            texts = (formatting.thai_date(e["action_on"], "medium"), e["what"], e["by_whom"] or "", status)
            for j, text in enumerate(texts):
                self.log_table.setItem(i, j, QTableWidgetItem(text))
        self.log_table.resizeColumnsToContents()

    def add_action(self) -> None:
        try:
            add_action(self.db, self._saved_case(), self.action_what.text(), on=self.action_date.date(),
                         by_whom=self.action_by.text(), today=self.today)
        except UserError as exc:
            show_error(self, exc)
            return
        self.action_what.clear()
        self.refresh_log()

    # -- photos ------------------------------------------------------------------------------
    def _build_photos(self) -> None:
        self.photo_list = QListWidget()
        self.photo_list.setFixedHeight(70)
        self.add_photo_button = QPushButton("แนบรูปภาพ…")
        self.add_photo_button.clicked.connect(self._pick_photo)
        layout = QHBoxLayout(self.photo_box)
        layout.addWidget(self.photo_list, 1)
        layout.addWidget(self.add_photo_button)

    def refresh_photos(self) -> None:
        self.photo_list.clear()
        for p in case_photos(self.db, self._saved_case()):
            missing = "" if photo_file(p) else " (ไม่พบไฟล์)"
            self.photo_list.addItem(f"{p['caption'] or 'รูปภาพ'} — {p['photo_hash'][:8]}{missing}")

    def _pick_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "เลือกรูปภาพ", "", "รูปภาพ (*.jpg *.jpeg *.png)")
        if path:
            self.attach_photo(Path(path))

    def attach_photo(self, path: Path, caption: str = "") -> None:
        try:
            add_case_photo(self.db, self._saved_case(), path, caption)
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh_photos()
