"""Add or edit an activity of a project: what, when, where, who is responsible,
money planned (spent comes from the disbursements), beneficiaries, the 5W1H account and the
before/after texts and photos — saved through the core in one transaction."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.labels import form_label
from moi_desktop.projects import (
    FIVE_W_ONE_H,
    PHOTO_STAGES,
    activity_photos,
    add_activity,
    add_activity_photo,
    agencies,
    get_activity,
    get_project,
    photo_file,
    remove_activity_photo,
    update_activity,
)
from ui.context import AppContext
from ui.dialogs.activity_photos import PhotoStrip
from ui.dialogs.form import FormDialog, form_layout
from ui.dialogs.project_fields import CheckList, NumberField, ThaiDateField, money_text, problems_of, text_area
from ui.widgets.thai_numbers import ThaiSpinBox

TAB_OF = {
    **dict.fromkeys(("title", "start_date", "end_date", "place", "agency_id", "sectors", "budget_planned",
                     "households_actual", "persons_actual", "progress"), 0),
    **dict.fromkeys(FIVE_W_ONE_H, 1),
    **dict.fromkeys(("before_text", "after_text", "photo", "stage"), 2),
}
FIVE_W_HINTS = {
    "who": "ผู้ดำเนินการและผู้ร่วมกิจกรรม",
    "what": "กิจกรรมที่ทำ",
    "where_": "สถานที่ / หมู่บ้าน",
    "when_": "วัน เวลา ช่วงที่ดำเนินการ",
    "why": "เหตุผล ปัญหาที่ต้องการแก้",
    "how": "วิธีการ ขั้นตอน การระดมภาคี",
}


class ActivityDialog(FormDialog):
    """`activity_id` None adds an activity to `project_id`. After accept(), `saved_id` is set."""

    TAB_OF = TAB_OF

    def __init__(self, ctx: AppContext, project_id: str | None = None, activity_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        current = get_activity(ctx.db, activity_id) if activity_id else None
        project_id = current["project_id"] if current else project_id
        if not project_id:
            raise ValueError("ActivityDialog needs a project_id or an activity_id")
        project = get_project(ctx.db, project_id)
        super().__init__(ctx, ("แก้ไขกิจกรรม" if activity_id else "เพิ่มกิจกรรม") + f" — {project['title']}", parent)
        self.activity_id = activity_id
        self.project_id = project_id
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(), "ข้อมูลกิจกรรม")
        self.tabs.addTab(self._five_w_tab(), "สรุปแบบ 5W1H")
        self.tabs.addTab(self._before_after_tab(), "ก่อน–หลังดำเนินการ")
        self.add(self.tabs, 1)
        self.resize(820, 600)
        self._fill_agencies(current["agency_id"] if current else None)
        if current:
            self._load(current)

    # --- tabs -----------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        e = self.errors
        self.title = QLineEdit()
        self.start_date = ThaiDateField()
        self.end_date = ThaiDateField()
        self.place = QLineEdit()
        self.agency = QComboBox()
        self.sectors = CheckList()
        self.sectors.set_items([(r["code"], r["name_th"]) for r in reference.sectors(self.db)])
        self.sectors.setFixedHeight(150)
        self.budget_planned = NumberField("งบประมาณที่วางแผน", "budget_planned")
        self.spent = QLabel(money_text(0) + " บาท")
        self.spent.setObjectName("activity_spent")
        self.spent.setToolTip("ยอดรวมจากรายการเบิกจ่ายที่ระบุกิจกรรมนี้ (บันทึกที่แท็บการเบิกจ่ายของโครงการ)")
        self.households_actual = NumberField("จำนวนครัวเรือนที่ได้รับประโยชน์", "households_actual", integer=True)
        self.persons_actual = NumberField("จำนวนคนที่ได้รับประโยชน์", "persons_actual", integer=True)
        self.progress = ThaiSpinBox()
        self.progress.setRange(0, 100)
        self.progress.setSuffix("%")

        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(e.wrap(self.start_date, "start_date"))
        dates.addWidget(QLabel("ถึง"))
        dates.addWidget(e.wrap(self.end_date, "end_date"))
        dates_box = QWidget()
        dates_box.setLayout(dates)
        money = QHBoxLayout()
        money.setContentsMargins(0, 0, 0, 0)
        money.addWidget(e.wrap(self.budget_planned, "budget_planned"), 1)
        money.addWidget(QLabel("ใช้จ่ายจริง"))
        money.addWidget(self.spent)
        money_box = QWidget()
        money_box.setLayout(money)
        people = QHBoxLayout()
        people.setContentsMargins(0, 0, 0, 0)
        people.addWidget(e.wrap(self.households_actual, "households_actual"))
        people.addWidget(QLabel("ครัวเรือน"))
        people.addWidget(e.wrap(self.persons_actual, "persons_actual"))
        people.addWidget(QLabel("คน"))
        people_box = QWidget()
        people_box.setLayout(people)
        page = QWidget()
        form = form_layout(page)
        form.addRow(form_label("activities", "title", required=True), e.wrap(self.title, "title"))
        form.addRow("วันที่ดำเนินการ", dates_box)
        form.addRow(form_label("activities", "place"), e.wrap(self.place, "place"))
        form.addRow(form_label("activities", "agency_id"), e.wrap(self.agency, "agency_id"))
        form.addRow("ภาคีเครือข่ายที่ร่วม", e.wrap(self.sectors, "sectors"))
        form.addRow(form_label("activities", "budget_planned"), money_box)
        form.addRow("ผู้ได้รับประโยชน์จริง", people_box)
        form.addRow("ความก้าวหน้า", e.wrap(self.progress, "progress"))
        return page

    def _five_w_tab(self) -> QWidget:
        self.five_w = {key: text_area(60, FIVE_W_HINTS[key]) for key in FIVE_W_ONE_H}
        page = QWidget()
        form = form_layout(page)
        for key, label in FIVE_W_ONE_H.items():
            form.addRow(label, self.errors.wrap(self.five_w[key], key))
        return page

    def _before_after_tab(self) -> QWidget:
        self.before_text = text_area(60, "สภาพก่อนดำเนินการ")
        self.after_text = text_area(60, "สภาพหลังดำเนินการ / ผลที่เกิดขึ้น")
        self.photos = {stage: PhotoStrip(f"ภาพ{label}") for stage, label in PHOTO_STAGES.items()}
        page = QWidget()
        layout = QVBoxLayout(page)
        for stage, text in (("before", self.before_text), ("after", self.after_text)):
            box = QGroupBox(PHOTO_STAGES[stage])
            inner = QVBoxLayout(box)
            inner.addWidget(self.errors.wrap(text, f"{stage}_text"))
            inner.addWidget(self.photos[stage])
            layout.addWidget(box)
        layout.addWidget(self.errors.wrap(QWidget(), "photo"))
        return page

    def _fill_agencies(self, current: str | None) -> None:
        self.agency.clear()
        self.agency.addItem("— ไม่ระบุ —", None)
        for r in agencies(self.db, include_inactive=True):
            if r["active"] or r["id"] == current:
                self.agency.addItem(r["name_th"], r["id"])
        self.agency.setCurrentIndex(max(0, self.agency.findData(current)))

    # --- load / values / save -------------------------------------------------------------
    def _load(self, a: dict) -> None:
        self.title.setText(a["title"])
        self.start_date.set_date(a["start_date"])
        self.end_date.set_date(a["end_date"])
        self.place.setText(a["place"] or "")
        self.sectors.set_checked(a["sectors"])
        self.budget_planned.set_value(a["budget_planned"])
        self.spent.setText(money_text(a["spent"]) + " บาท")
        self.households_actual.set_value(a["households_actual"])
        self.persons_actual.set_value(a["persons_actual"])
        self.progress.setValue(a["progress"] or 0)
        for key in FIVE_W_ONE_H:
            self.five_w[key].setPlainText(a[key] or "")
        self.before_text.setPlainText(a["before_text"] or "")
        self.after_text.setPlainText(a["after_text"] or "")
        for stage, strip in self.photos.items():
            strip.load([(row, photo_file(row)) for row in activity_photos(self.db, a["id"], stage)])

    def values(self) -> dict:
        data = {
            "title": self.title.text(), "start_date": self.start_date.text(), "end_date": self.end_date.text(),
            "place": self.place.text(), "agency_id": self.agency.currentData(),
            "budget_planned": self.budget_planned.text(), "households_actual": self.households_actual.text(),
            "persons_actual": self.persons_actual.text(), "progress": self.progress.value(),
            "before_text": self.before_text.toPlainText(), "after_text": self.after_text.toPlainText(),
        }
        data.update({key: edit.toPlainText() for key, edit in self.five_w.items()})
        return data

    def problems(self) -> dict[str, str]:
        return problems_of({"start_date": self.start_date, "end_date": self.end_date,
                            "budget_planned": self.budget_planned, "households_actual": self.households_actual,
                            "persons_actual": self.persons_actual})

    def write(self) -> str:
        with self.db.atomic():
            if self.activity_id:
                update_activity(self.db, self.activity_id, self.values(), sectors=self.sectors.checked())
                activity_id = self.activity_id
            else:
                activity_id = add_activity(self.db, self.project_id, self.values(), self.sectors.checked())
            for stage, strip in self.photos.items():
                for photo_id in strip.removed_ids():
                    remove_activity_photo(self.db, photo_id)
                for path in strip.pending():
                    add_activity_photo(self.db, activity_id, path, stage)
        self.activity_id = activity_id
        return activity_id
