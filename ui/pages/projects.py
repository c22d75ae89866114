"""โครงการ: the pilot projects (filter by category and status, search), and for the one selected
its overview, activities and spending; dialogs add and edit projects, activities and payments."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.errors import UserError
from moi_desktop.projects import (
    STATUSES,
    TIMEFRAMES,
    agencies,
    delete_activity,
    delete_disbursement,
    delete_project,
    disbursements,
    get_project,
    month_key,
    restore_project,
    totals,
)
from moi_desktop.projects.model import VALUE_CHAIN
from moi_desktop.projects.progress import progress_text
from ui import formatting
from ui.context import AppContext
from ui.dialogs.activity_edit import ActivityDialog
from ui.dialogs.disbursement_edit import DisbursementDialog
from ui.dialogs.import_wizard import ImportWizard
from ui.dialogs.project_agencies import AgencyEditor
from ui.dialogs.project_edit import ProjectDialog
from ui.errors import show_error
from ui.models.projects_model import ActivitiesModel, ProjectsModel, money
from ui.pages import PageHost, PageSpec
from ui.pages.reports import ReportsPage
from ui.permissions import may
from ui.shortcuts import install as install_shortcuts
from ui.widgets.project_results import RESULT_TABLES, LessonsPanel, MilestonesPanel
from ui.widgets.table_cells import cell

TABLES = {"projects", "activities", "project_budgets", "disbursements", "activity_photos", "agencies",
          "project_subdistricts", "project_sdgs", "project_indicators", "project_sectors", "project_agencies",
          "activity_sectors"} | RESULT_TABLES  # RESULT_TABLES: issue 19's tabs


def _table(model: QAbstractItemModel | None = None) -> QTableView:
    view = QTableView()
    if model is not None:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setDefaultSectionSize(28)
    return view


class ProjectsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: QDialog | None = None  # the dialog opened last (kept referenced while open; tests inspect it)
        self.last_deleted: str | None = None

        self.summary = QLabel()
        self.summary.setObjectName("projects_summary")
        self.category = QComboBox()
        self.category.addItem("ทุกประเภท", None)
        for c in reference.project_categories(ctx.db):
            self.category.addItem(formatting.digits(f"({c['code']}) {c['short_th']}"), c["code"])
        self.status = QComboBox()
        self.status.addItem("ทุกสถานะ", None)
        for code, label in STATUSES.items():
            self.status.addItem(label, code)
        self.search = QLineEdit()
        self.search.setPlaceholderText("ค้นหาชื่อโครงการ วัตถุประสงค์ หรืออำเภอ")
        self.search.setClearButtonEnabled(True)

        self.model = ProjectsModel(ctx.db, self)
        self.table = _table(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.edit_project())

        self.add_button = QPushButton("เพิ่มโครงการ")
        self.edit_button = QPushButton("แก้ไขโครงการ")
        self.delete_button = QPushButton("ลบโครงการ")
        self.undo_button = QPushButton("เรียกคืนโครงการที่ลบ")
        self.agencies_button = QPushButton("รายชื่อหน่วยงาน…")
        self.brief_button = QPushButton(formatting.digits("สรุปโครงการ ๑ หน้า…"))
        self.import_button = QPushButton("นำเข้าจาก Excel…")
        self.import_button.setToolTip("นำเข้าโครงการและกิจกรรมจากไฟล์ Excel/CSV (ตรวจสอบก่อนนำเข้า)")
        self.import_button.clicked.connect(self.open_import)
        self.add_button.clicked.connect(self.add_project)
        self.edit_button.clicked.connect(self.edit_project)
        self.delete_button.clicked.connect(self.delete_project)
        self.undo_button.clicked.connect(self.undo_delete)
        self.agencies_button.clicked.connect(self.edit_agencies)
        self.brief_button.clicked.connect(self.open_brief)

        # detail of the selected project
        self.overview = QTextBrowser()
        self.overview.setObjectName("project_overview")
        self.activities_model = ActivitiesModel(ctx.db, self)
        self.activities = _table(self.activities_model)
        self.activities.verticalHeader().hide()  # the ลำดับ column numbers the activities
        header = self.activities.horizontalHeader()
        for col in range(self.activities_model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.activities.doubleClicked.connect(lambda _i: self.edit_activity())
        self.add_activity_button = QPushButton("เพิ่มกิจกรรม")
        self.edit_activity_button = QPushButton("แก้ไขกิจกรรม")
        self.delete_activity_button = QPushButton("ลบกิจกรรม")
        self.add_activity_button.clicked.connect(self.add_activity)
        self.edit_activity_button.clicked.connect(self.edit_activity)
        self.delete_activity_button.clicked.connect(self.delete_activity)
        self.payments = QTableWidget(0, 4)
        self.payments.setHorizontalHeaderLabels(["วันที่เบิกจ่าย", "กิจกรรม", "จำนวนเงิน (บาท)", "หมายเหตุ"])
        self.payments.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.payments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.payments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.payments.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.payments_summary = QLabel()
        self.payments_summary.setObjectName("payments_summary")
        self.add_payment_button = QPushButton("บันทึกการเบิกจ่าย")
        self.delete_payment_button = QPushButton("ลบรายการเบิกจ่าย")
        self.add_payment_button.clicked.connect(self.add_disbursement)
        self.delete_payment_button.clicked.connect(self.delete_disbursement)

        self.detail = QTabWidget()
        self.detail.addTab(self.overview, "ภาพรวม")
        self.detail.addTab(self._with_buttons(self.activities, self.add_activity_button, self.edit_activity_button,
                                              self.delete_activity_button), "กิจกรรม")
        self.detail.addTab(self._with_buttons(self.payments, self.add_payment_button, self.delete_payment_button,
                                              extra=self.payments_summary), "การเบิกจ่าย")
        # RESULTS + EVALUATION: targets in phases against actuals; lessons and satisfaction
        self.milestones = MilestonesPanel(ctx)
        self.lessons = LessonsPanel(ctx)
        self.detail.addTab(self.milestones, "เป้าหมายรายระยะ")
        self.detail.addTab(self.lessons, "บทเรียน/ความพึงพอใจ")

        filters = QHBoxLayout()
        filters.addWidget(self.category)
        filters.addWidget(self.status)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button, self.undo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.brief_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.agencies_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self.category.currentIndexChanged.connect(self.apply_filters)
        self.status.currentIndexChanged.connect(self.apply_filters)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.shortcuts = install_shortcuts(self, "projects", view=self.table, search=self.search,
                                           new=self.add_project, open=self.edit_project, delete=self.delete_project,
                                           undo=self.undo_delete, refresh=self.refresh)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.activities.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.payments.itemSelectionChanged.connect(self._update_buttons)
        # Refresh once after a burst of writes (a save touches several tables).
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        ctx.data_changed.connect(self._on_data_changed)
        self.apply_filters()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_buttons()  # the reports page is reachable only once we sit in the window

    @staticmethod
    def _with_buttons(view: QWidget, *buttons: QPushButton, extra: QWidget | None = None) -> QWidget:
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        if extra is not None:
            row.addWidget(extra)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addWidget(view, 1)
        layout.addLayout(row)
        return box

    # -- list ------------------------------------------------------------------------------
    def apply_filters(self) -> None:
        keep = self.selected_project()
        self.model.set_filters(category=self.category.currentData(), status=self.status.currentData(),
                               search=self.search.text())
        self._after_reload(keep)

    def refresh(self) -> None:
        keep = self.selected_project()
        self.model.reload()
        self._after_reload(keep)

    def _after_reload(self, keep: str | None) -> None:
        if keep and self.model.row_of(keep) >= 0:
            self.select_project(keep)
        elif self.model.rowCount():
            self.table.selectRow(0)
        self._show_detail()
        self._update_summary()

    def _on_data_changed(self, table: str) -> None:
        if table in TABLES:
            self._refresh_timer.start()

    def _update_summary(self) -> None:
        t = totals(self.ctx.db)
        pct = f" (ร้อยละ {t['spent'] * 100 / t['budget']:.1f})" if t["budget"] else ""
        self.summary.setText(formatting.digits(
            f"โครงการทั้งหมด {t['projects']:,} โครงการ · กิจกรรม {t['activities']:,} กิจกรรม · "
            f"งบประมาณ {t['budget']:,.0f} บาท · เบิกจ่ายแล้ว {t['spent']:,.0f} บาท{pct} · "
            f"แสดง {self.model.rowCount():,} โครงการ"))

    def selected_project(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        row = self.model.row_data(rows[0].row()) if rows else None
        return row["id"] if row else None

    def select_project(self, project_id: str) -> bool:
        row = self.model.row_of(project_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def selected_activity(self) -> str | None:
        rows = self.activities.selectionModel().selectedRows()
        row = self.activities_model.row_data(rows[0].row()) if rows else None
        return row["id"] if row else None

    def selected_payment(self) -> str | None:
        rows = self.payments.selectionModel().selectedRows()
        return cell(self.payments, rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    # -- detail ----------------------------------------------------------------------------
    def _show_detail(self) -> None:
        project_id = self.selected_project()
        self.activities_model.set_project(project_id)
        self._fill_payments(project_id)
        self.milestones.set_project(project_id)
        self.lessons.set_project(project_id)
        self.overview.setHtml(self._overview_html(project_id) if project_id else
                              "<p>ยังไม่มีโครงการ — กด “เพิ่มโครงการ” เพื่อเริ่มบันทึก</p>")
        self._update_buttons()

    def _fill_payments(self, project_id: str | None) -> None:
        rows = disbursements(self.ctx.db, project_id) if project_id else []
        self.payments.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = (formatting.thai_date(r["paid_on"], "medium"), r["activity_title"] or "ทั้งโครงการ",
                     formatting.digits(f"{r['amount']:,.2f}"), r["note"] or "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r["id"])
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.payments.setItem(i, col, item)
        self.payments.resizeColumnToContents(0)
        self.payments.resizeColumnToContents(2)
        months: dict[str, float] = {}
        for r in rows:
            months[month_key(r["paid_on"])] = months.get(month_key(r["paid_on"]), 0.0) + r["amount"]
        total = sum(months.values())
        self.payments_summary.setText(formatting.digits(
            f"รวม {total:,.2f} บาท ใน {len(months)} เดือน" if rows else "ยังไม่มีการเบิกจ่าย"))

    def _overview_html(self, project_id: str) -> str:
        db = self.ctx.db
        p = get_project(db, project_id)
        cat = next((c for c in reference.project_categories(db) if c["code"] == p["category"]), None)

        def names(rows: Iterable[dict], key: str, label: str, chosen: Iterable[object]) -> str:
            return ", ".join(r[label] for r in rows if r[key] in set(chosen)) or "—"

        subs = {s["subdistrict_code"]: s["name_th"] for s in
                (reference.subdistricts_in(db, p["district_code"]) if p["district_code"] else [])}
        area = ", ".join("ต." + subs.get(code, code) for code in p["subdistricts"])
        if p["villages"]:
            area = f"{area} ({p['villages']})" if area else p["villages"]
        period = ""
        if p["start_date"] and p["end_date"]:
            period = formatting.date_range(p["start_date"], p["end_date"])
        elif p["start_date"]:
            period = "เริ่ม " + formatting.thai_date(p["start_date"], "full")
        if p["no_budget"]:
            spending = "ไม่ใช้งบประมาณ"
        else:
            left = p["budget_total"] - p["spent_total"]
            pct = f" (ร้อยละ {p['spent_total'] * 100 / p['budget_total']:.1f})" if p["budget_total"] else ""
            spending = (f"งบประมาณ {money(p['budget_total'])} บาท · เบิกจ่ายแล้ว {money(p['spent_total'])} บาท{pct}"
                        f" · คงเหลือ {money(left)} บาท")
        facts = [
            ("ประเภท", f"({p['category']}) {cat['name_th']}" if cat else str(p["category"])),
            ("สถานะ", f"{STATUSES.get(p['status'], p['status'])} · ความก้าวหน้า "
                      f"{progress_text(p, always_label=True, thai_digits=formatting.thai_digits())} · "
                      f"กิจกรรม {formatting.number(p['activities_count'])} กิจกรรม"),
            ("ระยะเวลา", " ".join(x for x in (TIMEFRAMES.get(p["timeframe"] or "", ""), period) if x) or "—"),
            ("พื้นที่เป้าหมาย", area or "—"),
            ("งบประมาณ", spending),
            ("ผู้รับประโยชน์", f"เป้าหมาย {p['households_target'] or 0:,} ครัวเรือน {p['persons_target'] or 0:,} คน · "
                              f"จริง {p['households_actual']:,} ครัวเรือน {p['persons_actual']:,} คน"),
            ("มูลค่าโครงการ", f"{money(p['project_value'])} บาท"),
            ("วัตถุประสงค์", p["objectives"] or "—"),
            ("ปัญหาที่แก้ไข", p["problem"] or "—"),
            ("SDGs", ", ".join(f"เป้าหมายที่ {g}" for g in p["sdgs"]) or "—"),
            ("ภาคีเครือข่าย", names(reference.sectors(db), "code", "name_th", p["sectors"])),
            ("หน่วยงานสนับสนุน", names(agencies(db, include_inactive=True), "id", "name_th", p["agencies"])),
            *[(f"ห่วงโซ่คุณค่า: {label}", p[key] or "—") for key, label in VALUE_CHAIN.items()],
        ]
        rows = "".join(f"<tr><td style='padding-right:12px'><b>{escape(k)}</b></td>"
                       f"<td>{escape(formatting.digits(str(v)))}"
                       "</td></tr>" for k, v in facts)
        return f"<h3>{escape(p['title'])}</h3><table>{rows}</table>"

    # -- permissions -----------------------------------------------------------------------
    def _may_edit(self) -> bool:
        """Viewers see the list but cannot change it (the core refuses them whatever is enabled)."""
        return may(self.ctx, "projects.edit")

    def _update_buttons(self) -> None:
        editable = self._may_edit()
        project = self.selected_project() is not None
        for b in (self.add_button, self.agencies_button, self.import_button):
            b.setEnabled(editable)
        for b in (self.edit_button, self.delete_button, self.add_activity_button, self.add_payment_button):
            b.setEnabled(editable and project)
        self.undo_button.setEnabled(editable and self.last_deleted is not None)
        self.brief_button.setEnabled(project and self._has_page("reports"))
        activity = self.selected_activity() is not None
        self.edit_activity_button.setEnabled(editable and activity)
        self.delete_activity_button.setEnabled(editable and activity)
        self.delete_payment_button.setEnabled(editable and self.selected_payment() is not None)

    # -- actions ---------------------------------------------------------------------------
    def _open[D: QDialog](self, dialog: D, on_saved: Callable[[D], object] | None = None) -> D:
        self.dialog = dialog
        if on_saved is not None:
            dialog.accepted.connect(lambda: on_saved(dialog))
        dialog.open()
        return dialog

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "ยืนยัน", text)
        return answer == QMessageBox.StandardButton.Yes

    def _run(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except UserError as exc:
            show_error(self, exc)
            return False
        return True

    def _select_saved(self, dialog: ProjectDialog) -> None:
        self.refresh()
        self.select_project(dialog.saved_id)

    def add_project(self) -> ProjectDialog:
        return self._open(ProjectDialog(self.ctx, parent=self), self._select_saved)

    def edit_project(self) -> ProjectDialog | None:
        project_id = self.selected_project()
        if project_id and self._may_edit():
            return self._open(ProjectDialog(self.ctx, project_id, parent=self), self._select_saved)
        return None

    def delete_project(self) -> bool:
        project_id = self.selected_project()
        if not project_id:
            return False
        row = self.model.row_data(self.model.row_of(project_id))
        if row is None:
            return False
        if not self.confirm(f"ลบโครงการ “{row['title']}” พร้อมกิจกรรมทั้งหมด?\n(เรียกคืนได้ด้วยปุ่ม “เรียกคืนโครงการที่ลบ”)"):
            return False
        if self._run(lambda: delete_project(self.ctx.db, project_id)):
            self.last_deleted = project_id
            self.refresh()
            return True
        return False

    def undo_delete(self) -> None:
        project_id = self.last_deleted
        if project_id and self._run(lambda: restore_project(self.ctx.db, project_id)):
            self.last_deleted = None
            self.refresh()
            self.select_project(project_id)

    def add_activity(self) -> ActivityDialog | None:
        project_id = self.selected_project()
        if project_id:
            return self._open(ActivityDialog(self.ctx, project_id, parent=self), lambda _d: self.refresh())
        return None

    def edit_activity(self) -> ActivityDialog | None:
        activity_id = self.selected_activity()
        if activity_id and self._may_edit():
            return self._open(ActivityDialog(self.ctx, activity_id=activity_id, parent=self), lambda _d: self.refresh())
        return None

    def delete_activity(self) -> bool:
        activity_id = self.selected_activity()
        if not activity_id:
            return False
        row = self.activities_model.row_data(self.activities_model.row_of(activity_id))
        if row is None:
            return False
        if not self.confirm(f"ลบกิจกรรม “{row['title']}”?"):
            return False
        ok = self._run(lambda: delete_activity(self.ctx.db, activity_id))
        if ok:
            self.refresh()
        return ok

    def add_disbursement(self) -> DisbursementDialog | None:
        project_id = self.selected_project()
        if project_id:
            return self._open(DisbursementDialog(self.ctx, project_id, activity_id=self.selected_activity(),
                                                 parent=self), lambda _d: self.refresh())
        return None

    def delete_disbursement(self) -> bool:
        payment_id = self.selected_payment()
        if not payment_id or not self.confirm("ลบรายการเบิกจ่ายที่เลือก?"):
            return False
        ok = self._run(lambda: delete_disbursement(self.ctx.db, payment_id))
        if ok:
            self.refresh()
        return ok

    def open_import(self) -> ImportWizard:
        """The shared import wizard (file → mapping → dry-run → apply) for projects and activities."""
        return self._open(ImportWizard(self.ctx, "projects", self))

    def edit_agencies(self) -> AgencyEditor:
        return self._open(AgencyEditor(self.ctx, parent=self))

    # -- navigation to the reports page ----------------------------------------------------
    def _has_page(self, key: str) -> bool:
        window = self.window()
        return isinstance(window, PageHost) and key in window.page_keys()

    def open_brief(self) -> QWidget | None:
        """The reports page, on the one-page brief of the selected project."""
        project_id = self.selected_project()
        window = self.window()
        if not project_id or not isinstance(window, PageHost) or "reports" not in window.page_keys():
            return None
        reports = window.show_page("reports")
        if not isinstance(reports, ReportsPage):
            return None
        reports.select_report("project-brief")
        combo = reports.findChild(QComboBox, "param_project")
        if combo is not None and combo.findData(project_id) >= 0 and combo.currentData() != project_id:
            combo.setCurrentIndex(combo.findData(project_id))
            reports.generate_preview()
        return reports


PAGE = PageSpec(key="projects", title="โครงการ", order=20, factory=lambda ctx: ProjectsPage(ctx))
