"""เรื่องราวครัวเรือน: the case list with filters (category, indicator, status, subdistrict, overdue,
text), quick status updates, the household card and the indicator list editor."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.cases import (
    OPEN_STATUSES,
    STATUSES,
    CaseQuery,
    delete_case,
    get_household,
    list_indicators,
    overdue_days,
    require_case,
    restore_case,
    status_counts,
)
from moi_desktop.errors import UserError
from ui import formatting
from ui.context import AppContext
from ui.dialogs.case_edit import CaseDialog
from ui.dialogs.case_status import CaseStatusDialog
from ui.dialogs.household_card import HouseholdCard
from ui.dialogs.household_retention import HouseholdRetentionDialog
from ui.dialogs.import_wizard import ImportWizard
from ui.dialogs.indicator_editor import IndicatorEditor
from ui.dialogs.referrals import ReferralDialog, ReferralsDialog
from ui.errors import show_error
from ui.models.cases_model import CasesModel
from ui.pages import PageSpec
from ui.permissions import may
from ui.shortcuts import install as install_shortcuts
from ui.widgets.table_cells import elastic_columns, elastic_combo
from ui.widgets.undo_bar import UndoBar

TABLES = {"cases", "households", "case_actions", "indicators", "indicator_categories", "referrals"}


class CasesPage(QWidget):
    def __init__(self, ctx: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today
        self.dialog: QDialog | None = None  # the dialog opened last (kept referenced while open; tests inspect it)

        self.summary = QLabel()
        self.summary.setObjectName("cases_summary")
        self.category = QComboBox()
        self.indicator = QComboBox()
        self.status = QComboBox()
        self.subdistrict = QComboBox()
        self.overdue = QCheckBox("เฉพาะที่เกินกำหนด")
        self.search = QLineEdit()
        self.search.setPlaceholderText("ค้นหาชื่อหัวหน้าครัวเรือน หมู่บ้าน บ้านเลขที่ หรือรายละเอียด")
        self.search.setClearButtonEnabled(True)
        self._fill_filters()

        self.model = CasesModel(ctx.db, self, today=today)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        elastic_columns(self.table, stretch=(1, 2, 4))  # name, address, problem share the width
        self.table.doubleClicked.connect(lambda _i: self.open_case())

        self.add_button = QPushButton("บันทึกเรื่องราวใหม่")
        self.status_button = QPushButton("เปลี่ยนสถานะ")
        self.open_button = QPushButton("รายละเอียด")
        self.open_button.setToolTip("รายละเอียดเรื่องราวและบันทึกการดำเนินการ")
        self.household_button = QPushButton("บัตรครัวเรือน")
        self.indicators_button = QPushButton("รายการตัวชี้วัด")
        self.import_button = QPushButton("นำเข้า Excel…")
        self.import_button.setToolTip("นำเข้าครัวเรือนและเรื่องราวจากไฟล์ Excel/CSV (ตรวจสอบก่อนนำเข้า)")
        self.import_button.clicked.connect(self.open_import)
        self.add_button.clicked.connect(self.add_case)
        self.status_button.clicked.connect(self.change_status)
        self.open_button.clicked.connect(self.open_case)
        self.household_button.clicked.connect(self.open_household)
        self.indicators_button.clicked.connect(self.edit_indicators)
        # referrals to agencies (numbered letters) and their replies
        self.refer_button = QPushButton("ส่งต่อหน่วยงาน")
        self.referrals_button = QPushButton("การส่งต่อ/การตอบกลับ")
        self.refer_button.clicked.connect(self.refer_case)
        self.referrals_button.clicked.connect(self.open_referrals)
        self.retention_button = QPushButton("PDPA: ระยะเวลาเก็บรักษา")
        self.retention_button.setToolTip("สมาชิกครัวเรือนที่ไม่มีการดำเนินการนานกว่าระยะเวลาเก็บรักษา")
        self.retention_button.clicked.connect(self.open_retention)

        # SCREEN FIT: the filters share the width (a long indicator no longer widens the
        # window; its popup list is as wide as its longest entry) and the buttons have short labels.
        filters = QHBoxLayout()
        for combo, chars, stretch in ((self.category, 10, 2), (self.indicator, 14, 3), (self.status, 8, 1),
                                      (self.subdistrict, 8, 1)):
            elastic_combo(combo, chars)
            filters.addWidget(combo, stretch)
        filters.addWidget(self.overdue)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.status_button, self.open_button, self.household_button, self.refer_button,
                  self.referrals_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.indicators_button)
        buttons.addWidget(self.retention_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.search)
        self.undo_bar = UndoBar(self)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        for combo in (self.category, self.indicator, self.status, self.subdistrict):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.category.currentIndexChanged.connect(self._fill_indicator_filter)
        self.overdue.toggled.connect(self.apply_filters)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        ctx.data_changed.connect(self._on_data_changed)
        self.shortcuts = install_shortcuts(self, "cases", view=self.table, search=self.search, new=self.add_case,
                                           open=self.open_case, delete=self.delete_case, undo=self.undo_delete,
                                           refresh=self.refresh)
        self.apply_filters()

    # -- filters ---------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        db = self.ctx.db
        self.category.addItem("ทุกประเภทปัญหา", None)
        for c in reference.indicator_categories(db):
            self.category.addItem(c["name_th"], c["id"])
        self._fill_indicator_filter()
        self.status.addItem("ทุกสถานะ", None)
        self.status.addItem("ยังไม่ปิดเรื่อง", "open")
        self.status.addItem("ปิดเรื่องแล้ว", "closed")
        for code, label in STATUSES.items():
            self.status.addItem(label, code)
        self.subdistrict.addItem("ทุกตำบล", None)
        district = self.ctx.office.district_code if self.ctx.office else None
        for s in reference.subdistricts_in(db, district) if district else []:
            self.subdistrict.addItem(f"ตำบล{s['name_th']}", s["subdistrict_code"])

    def _fill_indicator_filter(self) -> None:
        category = self.category.currentData()
        self.indicator.blockSignals(True)
        self.indicator.clear()
        self.indicator.addItem("ทุกตัวชี้วัด", None)
        for r in list_indicators(self.ctx.db):
            if category is None or r["category_id"] == category:
                self.indicator.addItem(formatting.digits(f"{r['number']}. {r['text']}"), r["id"])
        self.indicator.blockSignals(False)

    def current_query(self) -> CaseQuery:
        return CaseQuery(
            category_id=self.category.currentData(), indicator_id=self.indicator.currentData(),
            status=self.status.currentData(), subdistrict_code=self.subdistrict.currentData(),
            overdue=self.overdue.isChecked(), text=self.search.text(),
            sort=self.model.query.sort if hasattr(self, "model") else "reported_on",
            descending=self.model.query.descending if hasattr(self, "model") else True,
        )

    def select_filter(self, combo: QComboBox, value: object) -> None:
        combo.setCurrentIndex(combo.findData(value))

    def apply_filters(self) -> None:
        self.model.set_query(self.current_query())
        self._update_summary()
        self._update_buttons()

    def refresh(self) -> None:
        self.model.reload()
        self._update_summary()
        self._update_buttons()

    def _on_data_changed(self, table: str) -> None:
        if table in TABLES:
            if table.startswith("indicator"):
                current = self.indicator.currentData()
                self._fill_indicator_filter()
                self.indicator.setCurrentIndex(max(0, self.indicator.findData(current)))
            self.refresh()

    def _update_summary(self) -> None:
        counts = status_counts(self.ctx.db, today=self.today)
        total = sum(counts[s] for s in STATUSES)
        open_n = sum(counts[s] for s in OPEN_STATUSES)
        days = overdue_days(self.ctx.db)
        shown = self.model.total  # all the filter matches, not just the rows fetched so far
        self.summary.setText(formatting.digits(
            f"เรื่องราวทั้งหมด {total:,} เรื่อง · ยังไม่ปิด {open_n:,} · เกินกำหนด ({days} วัน) {counts['overdue']:,} · "
            f"แสดง {shown:,} เรื่อง"))

    # -- actions ---------------------------------------------------------------------------
    def _may_edit(self) -> bool:
        """Viewers see the list but cannot change it (the core refuses them whatever is enabled)."""
        return may(self.ctx, "cases.edit")

    def _update_buttons(self) -> None:
        selected = self.selected_case() is not None
        editable = self._may_edit()
        self.add_button.setEnabled(editable)
        self.import_button.setEnabled(editable)
        self.indicators_button.setEnabled(editable)
        self.status_button.setEnabled(editable and selected)
        self.open_button.setEnabled(selected)
        self.household_button.setEnabled(selected)
        self.refer_button.setEnabled(editable and selected and may(self.ctx, "correspondence.edit"))

    def selected_case(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.case_id(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def add_case(self) -> None:
        self._open(CaseDialog(self.ctx, parent=self, today=self.today))

    def open_case(self) -> None:
        case_id = self.selected_case()
        if case_id:
            self._open(CaseDialog(self.ctx, case_id, parent=self, today=self.today))

    def delete_case(self) -> bool:
        """Delete: the selected case goes (with its photos); the undo bar brings it back."""
        case_id = self.selected_case()
        if not case_id or not self._may_edit():
            return False
        try:
            household_id = require_case(self.ctx.db, case_id)["household_id"]
            delete_case(self.ctx.db, case_id)
        except UserError as exc:
            show_error(self, exc)
            return False
        household = get_household(self.ctx.db, household_id)
        name = household["head_name"] if household else ""
        self.undo_bar.offer(f"ลบเรื่องราวของ “{name}” แล้ว", lambda: self._restore(case_id))
        self.refresh()
        return True

    def undo_delete(self) -> bool:
        return self.undo_bar.undo()

    def _restore(self, case_id: str) -> None:
        try:
            restore_case(self.ctx.db, case_id)
        except UserError as exc:
            show_error(self, exc)
        self.refresh()

    def change_status(self) -> None:
        case_id = self.selected_case()
        if case_id:
            self._open(CaseStatusDialog(self.ctx, case_id, parent=self, today=self.today))

    def open_household(self) -> None:
        case_id = self.selected_case()
        if case_id:
            household_id = require_case(self.ctx.db, case_id)["household_id"]
            self._open(HouseholdCard(self.ctx, household_id, parent=self, today=self.today))

    def open_import(self) -> ImportWizard:
        """The shared import wizard (file → mapping → dry-run → apply) for households with cases."""
        wizard = ImportWizard(self.ctx, "cases", self)
        self._open(wizard)
        return wizard

    def refer_case(self) -> None:
        case_id = self.selected_case()
        if case_id:
            self._open(ReferralDialog(self.ctx, case_id, parent=self, today=self.today))

    def open_referrals(self) -> None:
        self._open(ReferralsDialog(self.ctx, parent=self, today=self.today))

    def open_retention(self) -> None:
        self._open(HouseholdRetentionDialog(self.ctx, parent=self, today=self.today))

    def edit_indicators(self) -> None:
        self._open(IndicatorEditor(self.ctx, parent=self))


PAGE = PageSpec(key="cases", title="เรื่องราวครัวเรือน", order=50, factory=lambda ctx: CasesPage(ctx))
