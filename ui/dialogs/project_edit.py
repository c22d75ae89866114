"""Add or edit a pilot project: four tabs of fields, Thai messages under the
field at fault, saved through the core in one transaction (project, links, budget lines)."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.labels import form_label
from moi_desktop.projects import (
    DATA_SOURCES,
    STATUSES,
    TIMEFRAMES,
    add_project,
    agencies,
    budgets,
    get_project,
    set_budgets,
    update_project,
)
from moi_desktop.projects.model import VALUE_CHAIN, amount_value, text_value
from moi_desktop.projects.progress import FROM_ACTIVITIES, SOURCE_LABELS, project_progress
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import FormDialog, form_layout
from ui.dialogs.project_agencies import AgencyEditor
from ui.dialogs.project_budget import BudgetLines
from ui.dialogs.project_fields import CheckList, NumberField, ThaiDateField, problems_of, text_area
from ui.widgets.thai_numbers import ThaiSpinBox

TEXT_AREAS = ("objectives", "problem", "notes", *VALUE_CHAIN)
# Which tab shows each field (an error switches to it).
TAB_OF = {
    **dict.fromkeys(("title", "category", "status", "progress", "timeframe", "start_date", "end_date",
                     "objectives", "problem", "data_source", "data_source_note", "notes"), 0),
    **dict.fromkeys(("district_code", "subdistricts", "villages", "sdgs", "indicators"), 1),
    **dict.fromkeys(("sectors", "agencies"), 2),
    **dict.fromkeys(("no_budget", "budget", "source", "amount", "households_target", "persons_target",
                     "project_value", *VALUE_CHAIN), 3),
}


class ProjectDialog(FormDialog):
    """`project_id` None adds a project. After accept(), `saved_id` is the project's id."""

    TAB_OF = TAB_OF

    def __init__(self, ctx: AppContext, project_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "แก้ไขโครงการ" if project_id else "เพิ่มโครงการ", parent)
        self.project_id = project_id
        self._loaded_budget: tuple = ()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(), "ข้อมูลโครงการ")
        self.tabs.addTab(self._area_tab(), "พื้นที่และเป้าหมาย")
        self.tabs.addTab(self._partners_tab(), "ภาคีและหน่วยงาน")
        self.tabs.addTab(self._money_tab(), "งบประมาณและผลลัพธ์")
        self.add(self.tabs, 1)
        self.resize(860, 640)
        if project_id:
            self._load(project_id)
        else:
            self._fill_area_lists(self._default_district(), set())

    # --- tabs -----------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        e = self.errors
        self.title = QLineEdit()
        self.category = QComboBox()
        self.category.addItem("— เลือกประเภทโครงการ —", None)
        for c in reference.project_categories(self.db):
            self.category.addItem(formatting.digits(f"({c['code']}) {c['name_th']}"), c["code"])
        self.status = QComboBox()
        for code, label in STATUSES.items():
            self.status.addItem(label, code)
        self.progress = ThaiSpinBox()
        self.progress.setRange(0, 100)
        self.progress.setSuffix("%")
        self.progress_note = QLabel()
        self.progress_note.setObjectName("progress_note")
        self.timeframe = QComboBox()
        self.timeframe.addItem("— ไม่ระบุ —", None)
        for code, label in TIMEFRAMES.items():
            self.timeframe.addItem(label, code)
        self.start_date = ThaiDateField()
        self.end_date = ThaiDateField()
        self.objectives = text_area(64)
        self.problem = text_area(64)
        self.data_source = QComboBox()
        self.data_source.addItem("— ไม่ระบุ —", None)
        for code, label in DATA_SOURCES.items():
            self.data_source.addItem(label, code)
        self.data_source_note = QLineEdit()
        self.data_source_note.setPlaceholderText("รายละเอียดแหล่งข้อมูล เช่น ปี พ.ศ. / ตัวชี้วัดที่ตกเกณฑ์")
        self.notes = text_area(48)

        dates = QHBoxLayout()
        dates.addWidget(e.wrap(self.start_date, "start_date"))
        dates.addWidget(QLabel("ถึง"))
        dates.addWidget(e.wrap(self.end_date, "end_date"))
        source = QHBoxLayout()
        source.addWidget(self.data_source)
        source.addWidget(self.data_source_note, 1)
        state = QHBoxLayout()
        state.addWidget(self.status, 1)
        state.addWidget(QLabel("ความก้าวหน้า"))
        state.addWidget(e.wrap(self.progress, "progress"))
        state.addWidget(self.progress_note)
        page = QWidget()
        form = form_layout(page)
        form.addRow(form_label("projects", "title", required=True), e.wrap(self.title, "title"))
        form.addRow(form_label("projects", "category", required=True), e.wrap(self.category, "category"))
        form.addRow(form_label("projects", "status"), state)
        form.addRow(form_label("projects", "timeframe"), e.wrap(self.timeframe, "timeframe"))
        form.addRow("วันเริ่มต้น – วันสิ้นสุด", dates)
        form.addRow(form_label("projects", "objectives"), e.wrap(self.objectives, "objectives"))
        form.addRow(form_label("projects", "problem"), e.wrap(self.problem, "problem"))
        form.addRow(form_label("projects", "data_source"), e.wrap(self._row_widget(source), "data_source"))
        form.addRow(form_label("projects", "notes"), self.notes)
        return page

    def _area_tab(self) -> QWidget:
        e = self.errors
        self.district_label = QLabel()
        self.district = QComboBox()  # only offered when the office is not one district
        self.district.currentIndexChanged.connect(self._district_changed)
        self.subdistricts = CheckList()
        self.villages = QLineEdit()
        self.villages.setPlaceholderText("เช่น หมู่ ๑, ๓, ๕ บ้านหนองบัว")
        self.sdgs = CheckList()
        self.sdgs.set_items([(r["goal"], formatting.digits(f"เป้าหมายที่ {r['goal']} {r['title_th']}"))
                             for r in reference.sdgs(self.db)])
        self.indicators = CheckList()
        left = QGroupBox("พื้นที่เป้าหมาย")
        form = form_layout(left)
        form.addRow("อำเภอ", self._row_widget(self._hbox(self.district_label, self.district)))
        form.addRow("ตำบล", e.wrap(self.subdistricts, "subdistricts", expand=True))
        form.addRow("หมู่บ้าน", e.wrap(self.villages, "villages"))
        right = QVBoxLayout()
        sdg_box = QGroupBox("เป้าหมายการพัฒนาที่ยั่งยืน (SDGs)")
        QVBoxLayout(sdg_box).addWidget(e.wrap(self.sdgs, "sdgs", expand=True))
        ind_box = QGroupBox("ตัวชี้วัดครัวเรือนที่แก้ไข")
        QVBoxLayout(ind_box).addWidget(e.wrap(self.indicators, "indicators", expand=True))
        right.addWidget(sdg_box)
        right.addWidget(ind_box)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addWidget(left, 1)
        layout.addLayout(right, 1)
        return page

    def _partners_tab(self) -> QWidget:
        e = self.errors
        self.sectors = CheckList()
        self.sectors.set_items([(r["code"], r["name_th"]) for r in reference.sectors(self.db)])
        self.agencies = CheckList()
        self._fill_agencies(set())
        self.agency_editor_button = QPushButton("แก้ไขรายชื่อหน่วยงาน…")
        self.agency_editor_button.clicked.connect(self.edit_agencies)
        sector_box = QGroupBox("ภาคีเครือข่ายที่ร่วมดำเนินการ")
        QVBoxLayout(sector_box).addWidget(e.wrap(self.sectors, "sectors", expand=True))
        agency_box = QGroupBox("หน่วยงานที่สนับสนุน")
        agency_layout = QVBoxLayout(agency_box)
        agency_layout.addWidget(e.wrap(self.agencies, "agencies", expand=True))
        agency_layout.addWidget(self.agency_editor_button)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addWidget(sector_box, 1)
        layout.addWidget(agency_box, 2)
        return page

    def _money_tab(self) -> QWidget:
        e = self.errors
        self.budget = BudgetLines()
        self.households_target = NumberField("จำนวนครัวเรือนเป้าหมาย", "households_target", integer=True)
        self.persons_target = NumberField("จำนวนคนเป้าหมาย", "persons_target", integer=True)
        self.project_value = NumberField("มูลค่าโครงการ", "project_value")
        self.chain = {key: text_area(52) for key in VALUE_CHAIN}
        budget_box = QGroupBox("งบประมาณตามแหล่งที่มา")
        QVBoxLayout(budget_box).addWidget(e.wrap(self.budget, "budget"))
        results = QGroupBox("ผู้รับประโยชน์และมูลค่า")
        form = form_layout(results)
        for field in ("households_target", "persons_target", "project_value"):
            form.addRow(form_label("projects", field), e.wrap(getattr(self, field), field))
        chain = QGroupBox("ห่วงโซ่คุณค่า (Value Chain)")
        chain_form = form_layout(chain)
        for key, label in VALUE_CHAIN.items():
            chain_form.addRow(label, e.wrap(self.chain[key], key))
        lower = QHBoxLayout()
        lower.addWidget(results, 1)
        lower.addWidget(chain, 2)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(budget_box)
        layout.addLayout(lower)
        layout.addStretch(1)
        return page

    @staticmethod
    def _hbox(*widgets: QWidget) -> QHBoxLayout:
        box = QHBoxLayout()
        for w in widgets:
            box.addWidget(w)
        box.addStretch(1)
        return box

    @staticmethod
    def _row_widget(layout: QLayout) -> QWidget:
        holder = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(layout)
        return holder

    # --- lists that depend on the data ----------------------------------------------------
    def _default_district(self) -> str | None:
        office = self.ctx.office
        return office.district_code if office and office.district_code else None

    def _fill_area_lists(self, district_code: str | None, checked: set, indicators: AbstractSet = frozenset()) -> None:
        """District chooser (province offices only), its subdistricts, the indicators."""
        office = self.ctx.office
        own = self._default_district()
        self.district.blockSignals(True)
        self.district.clear()
        if own and district_code in (None, own):
            d = reference.district(self.db, own)
            self.district_label.setText(f"อำเภอ{d['name_th']} จังหวัด{d['province_name']}" if d else own)
            self.district.hide()
            district_code = own
        else:
            self.district_label.setText("")
            self.district.show()
            province = office.province_code if office else None
            if district_code and not province:
                province = (reference.district(self.db, district_code) or {}).get("province_code")
            self.district.addItem("— เลือกอำเภอ —", None)
            for d in reference.districts_in(self.db, province) if province else []:
                self.district.addItem(d["name_th"], d["district_code"])
            if district_code and self.district.findData(district_code) < 0:
                found = reference.district(self.db, district_code)
                self.district.addItem(found["name_th"] if found else district_code, district_code)
            self.district.setCurrentIndex(max(0, self.district.findData(district_code)))
        self.district.blockSignals(False)
        self._fill_subdistricts(district_code, checked)
        rows = [r for r in reference.indicators(self.db) if r["active"] or r["id"] in indicators]
        items = [(r["id"], formatting.digits(f"{r['number']}. {r['text']}")) for r in rows]
        self.indicators.set_items(items, set(indicators))

    def _fill_subdistricts(self, district_code: str | None, checked: set) -> None:
        items = [(s["subdistrict_code"], f"ตำบล{s['name_th']}")
                 for s in (reference.subdistricts_in(self.db, district_code) if district_code else [])]
        for code in sorted(checked - {c for c, _ in items}):  # a target outside the district stays listed
            found = reference.subdistrict(self.db, code)
            items.append((code, f"ตำบล{found['name_th']} (อ.{found['district_name']})" if found else code))
        self.subdistricts.set_items(items, checked)

    def _district_changed(self, _index: int) -> None:
        self._fill_subdistricts(self.district.currentData(), set())

    def current_district(self) -> str | None:
        # The chooser is hidden when the project belongs to the office's own district.
        return self._default_district() if self.district.isHidden() else self.district.currentData()

    def _fill_agencies(self, checked: set) -> None:
        rows = [r for r in agencies(self.db, include_inactive=True) if r["active"] or r["id"] in checked]
        marker = {"moi": "มท.", "area": "พื้นที่"}
        items = [(r["id"], f"[{marker.get(r['grp'], r['grp'])}] {r['name_th']}") for r in rows]
        self.agencies.set_items(items, checked)

    def edit_agencies(self) -> AgencyEditor:
        keep = set(self.agencies.checked())
        editor = AgencyEditor(self.ctx, self)
        editor.finished.connect(lambda _r: self._fill_agencies(keep | set(self.agencies.checked())))
        self.agency_editor = editor
        editor.open()
        return editor

    # --- load / values / save -------------------------------------------------------------
    def _load(self, project_id: str) -> None:
        p = get_project(self.db, project_id)
        self.title.setText(p["title"])
        self.category.setCurrentIndex(max(0, self.category.findData(p["category"])))
        self.status.setCurrentIndex(max(0, self.status.findData(p["status"])))
        value, source = project_progress(p)
        self._recorded_progress = p["progress"] or 0
        self.progress.setValue(value or 0)
        from_activities = source == FROM_ACTIVITIES
        self.progress.setEnabled(not from_activities)
        self.progress_note.setText(f"({SOURCE_LABELS[source]})" if from_activities else "")
        self.progress.setToolTip("ความก้าวหน้าของโครงการที่มีกิจกรรม = ค่าเฉลี่ยความก้าวหน้าของกิจกรรม "
                                 "(แก้ไขที่กิจกรรม)" if from_activities else "")
        self.timeframe.setCurrentIndex(max(0, self.timeframe.findData(p["timeframe"])))
        self.start_date.set_date(p["start_date"])
        self.end_date.set_date(p["end_date"])
        for name in TEXT_AREAS:
            widget = self.chain[name] if name in VALUE_CHAIN else getattr(self, name)
            widget.setPlainText(p[name] or "")
        self.data_source.setCurrentIndex(max(0, self.data_source.findData(p["data_source"])))
        self.data_source_note.setText(p["data_source_note"] or "")
        self.villages.setText(formatting.digits(p["villages"] or ""))
        self._fill_area_lists(p["district_code"], set(p["subdistricts"]), set(p["indicators"]))
        self.sdgs.set_checked(p["sdgs"])
        self.sectors.set_checked(p["sectors"])
        self._fill_agencies(set(p["agencies"]))
        self.households_target.set_value(p["households_target"])
        self.persons_target.set_value(p["persons_target"])
        self.project_value.set_value(p["project_value"])
        lines = budgets(self.db, project_id)
        self.budget.set_lines(lines, p["no_budget"])
        self._loaded_budget = self._budget_key(lines, bool(p["no_budget"]))

    def values(self) -> dict:
        data = {
            "title": self.title.text(), "category": self.category.currentData(),
            "district_code": self.current_district(), "status": self.status.currentData(),
            "progress": self.progress.value() if self.progress.isEnabled() else self._recorded_progress,
            "timeframe": self.timeframe.currentData(),
            "start_date": self.start_date.text(), "end_date": self.end_date.text(),
            "data_source": self.data_source.currentData(), "data_source_note": self.data_source_note.text(),
            "villages": self.villages.text(), "households_target": self.households_target.text(),
            "persons_target": self.persons_target.text(), "project_value": self.project_value.text(),
            "no_budget": self.budget.no_budget.isChecked(),
        }
        for name in TEXT_AREAS:
            widget = self.chain[name] if name in VALUE_CHAIN else getattr(self, name)
            data[name] = widget.toPlainText()
        return data

    def links(self) -> dict[str, list]:
        return {"subdistricts": self.subdistricts.checked(), "sdgs": self.sdgs.checked(),
                "indicators": self.indicators.checked(), "sectors": self.sectors.checked(),
                "agencies": self.agencies.checked()}

    @staticmethod
    def _budget_key(lines: list[dict], no_budget: bool) -> tuple:
        return (no_budget, tuple((ln["source"], amount_value(ln["amount"], "จำนวนเงิน", "amount"),
                                  text_value(ln.get("source_note"))) for ln in lines))

    def problems(self) -> dict[str, str]:
        """What can be told before asking the core: unreadable dates and numbers."""
        found = problems_of({"start_date": self.start_date, "end_date": self.end_date,
                             "households_target": self.households_target, "persons_target": self.persons_target,
                             "project_value": self.project_value})
        budget = self.budget.problem()
        if budget:
            found["budget"] = budget
        return found

    def show_error(self, field: str | None, message: str | None) -> None:
        super().show_error("budget" if field in ("source", "amount", "no_budget") else field, message)

    def write(self) -> str:
        lines = self.budget.lines()
        no_budget = self.budget.no_budget.isChecked()
        with self.db.atomic():
            if self.project_id:
                update_project(self.db, self.project_id, self.values(), **self.links())
                project_id = self.project_id
            else:
                project_id = add_project(self.db, self.values(), **self.links())
            # Budget lines are replaced only when they changed (each replace leaves tombstones).
            if self._budget_key(lines, no_budget) != self._loaded_budget:
                set_budgets(self.db, project_id, lines, no_budget=no_budget)
        self.project_id = project_id
        return project_id
