"""รายงานประจำงวด: the reporting calendar, "ส่งรายงานประจำเดือน" (pick the period and the drive —
removable drives first — and the report, covering memo and data bundle are made in one step with
progress and cancel), this office's submissions, at a province the districts' status board with
import and reminders, and the orders (ข้อสั่งการ) tab."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.db.clock import BANGKOK, parse_iso
from moi_desktop.errors import UserError
from moi_desktop.exchange.province import is_province_office
from moi_desktop.removable import removable_drives
from moi_desktop.reporting.calendar import (
    calendar_entries,
    edit_obligation,
    get_obligation,
    obligations,
    set_warn_days,
    submittable_periods,
    warn_days,
)
from moi_desktop.reporting.orders import (
    Order,
    add_order,
    add_order_action,
    list_orders,
    set_order_status,
)
from moi_desktop.reporting.periods import period_label
from moi_desktop.reporting.province import ReceivedSubmission, import_submission, reminder_letters, status_board
from moi_desktop.reporting.submission import SubmissionResult, build_submission, list_submissions
from ui import formatting
from ui.context import AppContext
from ui.dialogs import bundle_password
from ui.dialogs.form import button_box
from ui.errors import show_error, show_message
from ui.pages import PageSpec
from ui.shortcuts import install as install_shortcuts
from ui.tasks import Task
from ui.widgets.table_cells import elastic_columns
from ui.widgets.thai_date import ThaiDateField
from ui.widgets.thai_numbers import ThaiSpinBox

OTHER_FOLDER = "เลือกโฟลเดอร์อื่น…"
WATCHED = {"reporting_obligations", "submissions", "submissions_received", "orders", "order_actions",
           "bundles_sent", "office", "meta"}


def today() -> date:
    return datetime.now(BANGKOK).date()


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    elastic_columns(table, stretch=(0,))  # SCREEN FIT: periods and dates whole, titles take the rest
    return table


def _fill(table: QTableWidget, rows: list[list[str]], keys: list[str] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if keys is not None and c == 0:
                item.setData(256, keys[r])  # Qt.UserRole
            table.setItem(r, c, item)


def _d(day: date | None) -> str:
    return formatting.thai_date(day, "medium") if day else "—"


class OrderDialog(QDialog):
    """บันทึกข้อสั่งการ: from whom, date, text, due date, responsible unit."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("บันทึกข้อสั่งการ")
        form = QFormLayout(self)
        self.from_whom = QLineEdit("ผู้ว่าราชการจังหวัด")
        self.order_date = ThaiDateField()  # DISPLAY: the one date widget (Buddhist era)
        self.order_date.set_date(today())
        self.reference = QLineEdit()
        self.text = QPlainTextEdit()
        self.due = ThaiDateField("เช่น ๑๕/๑๒/๒๕๖๙ (เว้นว่างได้)")
        self.unit = QLineEdit()
        form.addRow("ผู้สั่งการ", self.from_whom)
        form.addRow("วันที่สั่งการ", self.order_date)
        form.addRow("อ้างถึง (เลขที่หนังสือ/การประชุม)", self.reference)
        form.addRow("ข้อสั่งการ", self.text)
        form.addRow("กำหนดเสร็จ", self.due)
        form.addRow("ผู้รับผิดชอบ", self.unit)
        form.addRow(button_box(self, self.accept))

    def values(self) -> dict[str, str]:
        return {"from_whom": self.from_whom.text(), "order_date": self.order_date.text(),
                "reference": self.reference.text(), "text": self.text.toPlainText(), "due": self.due.text(),
                "unit": self.unit.text()}


class ReportingPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.last_result: SubmissionResult | None = None
        self.last_received: ReceivedSubmission | None = None
        self.last_message = ""
        self.last_task: Task | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self._calendar_tab(), "ปฏิทินและการส่งรายงาน")
        self.province_tab = self._province_tab()
        self.tabs.addTab(self.province_tab, "สถานะการส่งของอำเภอ")
        self.tabs.addTab(self._orders_tab(), "ข้อสั่งการ")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        ctx.data_changed.connect(self._on_data_changed)
        self.refresh_drives()
        self.refresh()
        self.shortcuts = install_shortcuts(self, "reporting", refresh=self.refresh)

    # -- building --------------------------------------------------------------------------------
    def _calendar_tab(self) -> QWidget:
        tab = QWidget()
        self.calendar_table = _table(["รายงาน", "งวด", "กำหนดส่ง", "สถานะ", "จัดทำเมื่อ", "บันทึกนำส่งที่"])
        submit = QGroupBox("ส่งรายงานประจำเดือน")
        self.obligation = QComboBox()
        self.obligation.currentIndexChanged.connect(self._fill_periods)
        self.period = QComboBox()
        self.target = QComboBox()
        self.refresh_drives_button = QPushButton("ค้นหาแฟลชไดรฟ์")
        self.refresh_drives_button.clicked.connect(self.refresh_drives)
        self.submit_button = QPushButton("ส่งรายงานประจำเดือน")
        self.submit_button.clicked.connect(self.on_submit)
        form = QFormLayout(submit)
        form.addRow("รายงาน", self.obligation)
        form.addRow("งวด", self.period)
        drive_row = QHBoxLayout()
        drive_row.addWidget(self.target, 1)
        drive_row.addWidget(self.refresh_drives_button)
        form.addRow("บันทึกลง", drive_row)
        hint = QLabel("โปรแกรมจะจัดทำรายงาน (PDF และ Excel) บันทึกนำส่งที่ออกเลขจากทะเบียนหนังสือส่ง "
                      "และชุดข้อมูลเข้ารหัส ลงในโฟลเดอร์เดียวบนแฟลชไดรฟ์ พร้อมรายการตรวจสอบไฟล์ (manifest)")
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow(self.submit_button)
        settings = QGroupBox("แก้ไขปฏิทิน (รายงานที่เลือกด้านบน)")
        self.edit_due_day = ThaiSpinBox()
        self.edit_due_day.setRange(1, 31)
        self.edit_recipient = QLineEdit()
        self.edit_active = QCheckBox("ใช้งาน")
        self.warn = ThaiSpinBox()
        self.warn.setRange(0, 60)
        self.save_calendar_button = QPushButton("บันทึกปฏิทิน")
        self.save_calendar_button.clicked.connect(self.on_save_calendar)
        for spin in (self.edit_due_day, self.warn):
            # the spin box's own line edit needs the Thai font's full height (marks above and below)
            spin.setMinimumHeight(spin.lineEdit().minimumSizeHint().height() + 4 * spin.style().pixelMetric(
                QStyle.PixelMetric.PM_DefaultFrameWidth) + 4)
        edit_row = QHBoxLayout(settings)
        edit_row.addWidget(QLabel("ส่งภายในวันที่"))
        edit_row.addWidget(self.edit_due_day)
        edit_row.addWidget(QLabel("เรียน"))
        edit_row.addWidget(self.edit_recipient, 1)
        edit_row.addWidget(self.edit_active)
        edit_row.addWidget(QLabel("เตือนล่วงหน้า (วัน)"))
        edit_row.addWidget(self.warn)
        edit_row.addWidget(self.save_calendar_button)
        self.submissions_table = _table(["รายงาน", "งวด", "จัดทำเมื่อ", "สถานะ", "บันทึกนำส่งที่", "โฟลเดอร์"])
        layout = QVBoxLayout(tab)
        layout.addWidget(QLabel(formatting.digits("ปฏิทินการรายงาน (ครบกำหนดภายใน ๓๕ วัน และที่เลยกำหนด)")))
        layout.addWidget(self.calendar_table, 2)
        layout.addWidget(submit)
        layout.addWidget(settings)
        layout.addWidget(QLabel("รายงานที่จัดทำแล้ว"))
        layout.addWidget(self.submissions_table, 1)
        return tab

    def _province_tab(self) -> QWidget:
        tab = QWidget()
        self.board_obligation = QComboBox()
        self.board_obligation.currentIndexChanged.connect(self._fill_board_periods)
        self.board_period = QComboBox()
        self.board_period.currentIndexChanged.connect(self.refresh_board)
        self.board_table = _table(["อำเภอ"])
        self.import_button = QPushButton("นำเข้าโฟลเดอร์รายงานของอำเภอ…")
        self.import_button.clicked.connect(self.on_import)
        self.remind_button = QPushButton("หนังสือติดตามอำเภอที่ยังไม่ส่งหรือส่งช้า…")
        self.remind_button.clicked.connect(self.on_remind)
        self.board_summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("รายงาน"))
        top.addWidget(self.board_obligation, 2)
        top.addWidget(QLabel("งวดล่าสุด"))
        top.addWidget(self.board_period, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.remind_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.board_summary)
        layout.addWidget(self.board_table, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("ส่งออกกระดานสถานะและรายงานรวมระดับจังหวัดเป็น PDF/Excel ได้ที่หน้า รายงาน"))
        return tab

    def _orders_tab(self) -> QWidget:
        tab = QWidget()
        self.orders_table = _table(["ข้อสั่งการ", "ผู้สั่งการ", "วันที่", "กำหนดเสร็จ", "ผู้รับผิดชอบ", "สถานะ",
                                    "การดำเนินการล่าสุด"])
        self.open_only = QCheckBox("เฉพาะที่ยังไม่เสร็จ")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(self.refresh_orders)
        add = QPushButton("บันทึกข้อสั่งการ…")
        add.clicked.connect(self.on_add_order)
        self.action_text = QLineEdit()
        self.action_text.setPlaceholderText("การดำเนินการหรือการตอบ (บันทึกกับข้อสั่งการที่เลือก)")
        act = QPushButton("บันทึกการดำเนินการ")
        act.clicked.connect(self.on_order_action)
        done = QPushButton("ดำเนินการแล้ว")
        done.clicked.connect(self.on_order_done)
        row = QHBoxLayout()
        row.addWidget(self.action_text, 1)
        row.addWidget(act)
        row.addWidget(done)
        top = QHBoxLayout()
        top.addWidget(add)
        top.addWidget(self.open_only)
        top.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.orders_table, 1)
        layout.addLayout(row)
        return tab

    # -- display ---------------------------------------------------------------------------------
    def _on_data_changed(self, table: str) -> None:
        if table in WATCHED:
            self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        province = is_province_office(db)
        self.tabs.setTabVisible(1, province)
        current = self.obligation.currentData()
        self.obligation.blockSignals(True)
        self.obligation.clear()
        for o in obligations(db):
            self.obligation.addItem(o.title, o.code)
        index = self.obligation.findData(current)
        self.obligation.setCurrentIndex(max(index, 0))
        self.obligation.blockSignals(False)
        self._fill_periods()
        entries = calendar_entries(db, today(), days_ahead=35)
        _fill(self.calendar_table, [
            [e.obligation.title, formatting.digits(e.label), _d(e.due), e.state_th, _d(e.built_on), e.memo_number or ""]
            for e in entries])
        self.calendar_states = {(e.obligation.code, e.period): e.state for e in entries}
        _fill(self.submissions_table, [
            [self._title(s.obligation_code), self._period_text(s.obligation_code, s.period),
             formatting.thai_datetime(parse_iso(s.built_at)), s.state_th, s.memo_number, s.folder]
            for s in list_submissions(db)])
        if province:
            self._refresh_board_choices()
        self.refresh_orders()

    def _title(self, code: str) -> str:
        try:
            return get_obligation(self.ctx.db, code).title
        except UserError:  # an obligation removed from the calendar since
            return code

    def _period_text(self, code: str, period: str) -> str:
        try:
            return period_label(get_obligation(self.ctx.db, code).rule, period)
        except UserError:
            return period

    def _fill_periods(self) -> None:
        code = self.obligation.currentData()
        self.period.clear()
        if not code:
            return
        o = get_obligation(self.ctx.db, code)
        for p in submittable_periods(o, today()):
            self.period.addItem(period_label(o.rule, p), p)
        self.edit_due_day.setEnabled(o.kind != "once")
        self.edit_due_day.setValue(max(1, o.due_day))
        self.edit_recipient.setText(o.recipient)
        self.edit_active.setChecked(o.active)
        self.warn.setValue(warn_days(self.ctx.db))

    def refresh_drives(self) -> None:
        self.target.clear()
        for drive in removable_drives():
            self.target.addItem(drive.display, str(drive.path))
        self.target.addItem(OTHER_FOLDER, None)

    def _refresh_board_choices(self) -> None:
        current = self.board_obligation.currentData()
        self.board_obligation.blockSignals(True)
        self.board_obligation.clear()
        for o in obligations(self.ctx.db):
            self.board_obligation.addItem(o.title, o.code)
        self.board_obligation.setCurrentIndex(max(self.board_obligation.findData(current), 0))
        self.board_obligation.blockSignals(False)
        self._fill_board_periods()

    def _fill_board_periods(self) -> None:
        code = self.board_obligation.currentData()
        current = self.board_period.currentData()
        self.board_period.blockSignals(True)
        self.board_period.clear()
        if code:
            o = get_obligation(self.ctx.db, code)
            for p in submittable_periods(o, today()):
                self.board_period.addItem(period_label(o.rule, p), p)
            self.board_period.setCurrentIndex(max(self.board_period.findData(current), 0))
        self.board_period.blockSignals(False)
        self.refresh_board()

    def refresh_board(self) -> None:
        code, last = self.board_obligation.currentData(), self.board_period.currentData()
        if not code or not last:
            return
        o = get_obligation(self.ctx.db, code)
        periods = list(reversed(submittable_periods(o, today(), 6)))
        periods = periods[: periods.index(last) + 1][-3:] if last in periods else [last]
        board = status_board(self.ctx.db, o, periods)
        self.board_table.setColumnCount(1 + len(periods))
        self.board_table.setHorizontalHeaderLabels(
            ["อำเภอ", *(period_label(o.rule, p) for p in periods)])
        for column in range(self.board_table.columnCount()):
            self.board_table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        rows = []
        for r in board.rows:
            cells = []
            for c in r.cells:
                text = c.state_th
                if c.built_on:
                    text += f" (จัดทำ {_d(c.built_on)}"
                    if c.imported_at:
                        text += f" นำเข้า {_d(parse_iso(c.imported_at).astimezone(BANGKOK).date())}"
                    text += ")"
                cells.append(text)
            rows.append([f"อำเภอ{r.district_name}", *cells])
        _fill(self.board_table, rows)
        n = board.counts(periods[-1])
        self.board_summary.setText(formatting.digits(f"{period_label(o.rule, periods[-1])}: ส่งแล้ว {n['sent']} "
                                                  f"ส่งช้า {n['late']} ยังไม่ส่ง {n['missing']} อำเภอ"))

    def refresh_orders(self) -> None:
        found = list_orders(self.ctx.db, status="open" if self.open_only.isChecked() else None)
        day = today()
        self.orders = found
        _fill(self.orders_table, [
            [o.text, o.from_whom, _d(o.order_date), _d(o.due_date), o.responsible_unit,
             o.status_th + (" (เกินกำหนด)" if o.overdue(day) else ""), o.last_action] for o in found],
            [o.id for o in found])

    def _say(self, text: str) -> None:
        self.last_message = text
        show_message(self, text, "รายงานประจำงวด")

    def on_save_calendar(self) -> None:
        code = self.obligation.currentData()
        if not code:
            return
        o = get_obligation(self.ctx.db, code)
        try:
            edit_obligation(self.ctx.db, code, due_day=self.edit_due_day.value() if o.kind != "once" else None,
                            recipient=self.edit_recipient.text(), active=self.edit_active.isChecked())
            if self.warn.value() != warn_days(self.ctx.db):
                set_warn_days(self.ctx.db, self.warn.value())
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh()

    # -- submitting --------------------------------------------------------------------------------
    def on_submit(self) -> None:
        folder = self.target.currentData() or QFileDialog.getExistingDirectory(self, "เลือกโฟลเดอร์ที่จะบันทึก")
        if not folder:
            return
        password = bundle_password.ask_password(self, confirm=True, title="รหัสผ่านของชุดข้อมูลที่ส่งจังหวัด")
        if password is None:
            return
        self.submit(self.obligation.currentData(), self.period.currentData(), Path(folder), password)

    def submit(self, code: str, period: str, folder: Path, password: str) -> Task:
        def job(db, code, period, folder, password, *, progress, cancelled):  # type: ignore[no-untyped-def]
            return build_submission(db, code, period, folder, password=password, progress=progress,
                                    cancelled=cancelled)

        self.last_task = self.ctx.tasks.run(job, code, period, folder, password, title="กำลังจัดทำรายงานส่งจังหวัด",
                                            on_done=self._submitted)
        return self.last_task

    def _submitted(self, result: SubmissionResult) -> None:
        self.last_result = result
        self.refresh()
        m = result.manifest
        state = "หลังวันครบกำหนด (ส่งช้า)" if m.late else "ทันกำหนด"
        self._say(f"จัดทำรายงาน{m.obligation_title} {m.period_label} แล้ว ({state})\n"
                  f"บันทึกนำส่งที่ {m.memo_number}\nโฟลเดอร์: {result.folder}\n"
                  "แจ้งรหัสผ่านของชุดข้อมูลแก่จังหวัดทางโทรศัพท์หรือหนังสือ")

    # -- province ------------------------------------------------------------------------------------
    def on_import(self) -> None:
        drives = removable_drives()
        start = str(drives[0].path) if drives else ""
        folder = QFileDialog.getExistingDirectory(self, "เลือกโฟลเดอร์รายงานของอำเภอ", start)
        if not folder:
            return
        password = bundle_password.ask_password(self, confirm=False, title="รหัสผ่านของชุดข้อมูล")
        if password is None:
            return
        self.import_folder(Path(folder), password)

    def import_folder(self, folder: Path, password: str) -> Task:
        def job(db, folder, password, *, progress, cancelled):  # type: ignore[no-untyped-def]
            return import_submission(db, folder, password=password, progress=progress, cancelled=cancelled)

        return self.ctx.tasks.run(job, folder, password, title="กำลังตรวจและนำเข้ารายงานของอำเภอ",
                                  on_done=self._imported)

    def _imported(self, got: ReceivedSubmission) -> None:
        self.last_received = got
        self.refresh()
        m = got.manifest
        if got.already:
            self._say(f"นำเข้ารายงานนี้ไว้แล้ว: {m.org_name} {m.period_label}")
        else:
            self._say(f"นำเข้ารายงานของ{m.org_name} {m.period_label} แล้ว "
                      f"({'ส่งช้า' if m.late else 'ทันกำหนด'})\nเก็บเอกสารไว้ที่ {got.filed_in}")

    def on_remind(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "เลือกโฟลเดอร์ที่จะบันทึกหนังสือติดตาม")
        if folder:
            self.remind(Path(folder))

    def remind(self, folder: Path) -> None:
        code, period = self.board_obligation.currentData(), self.board_period.currentData()
        try:
            made = reminder_letters(self.ctx.db, code, period, folder, today())
        except UserError as exc:
            show_error(self, exc)
            return
        if not made:
            self._say("ไม่มีอำเภอที่ต้องติดตาม")
        else:
            self._say("จัดทำหนังสือติดตามแล้ว:\n" + "\n".join(f"{r.number} อำเภอ{r.district_name}" for r in made))

    # -- orders -------------------------------------------------------------------------------------
    def on_add_order(self) -> None:
        dialog = OrderDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        v = dialog.values()
        try:
            add_order(self.ctx.db, from_whom=v["from_whom"], order_date=v["order_date"], text=v["text"],
                      due=v["due"] or None, unit=v["unit"], reference=v["reference"])
        except UserError as exc:
            show_error(self, exc)

    def _selected_order(self) -> Order | None:
        row = self.orders_table.currentRow()
        return self.orders[row] if 0 <= row < len(self.orders) else None

    def on_order_action(self) -> None:
        order = self._selected_order()
        if order is None:
            return
        try:
            add_order_action(self.ctx.db, order.id, what=self.action_text.text())
            self.action_text.clear()
        except UserError as exc:
            show_error(self, exc)

    def on_order_done(self) -> None:
        order = self._selected_order()
        if order is None:
            return
        try:
            set_order_status(self.ctx.db, order.id, "done")
        except UserError as exc:
            show_error(self, exc)


PAGE = PageSpec(key="reporting", title="รายงานประจำงวด", order=65, factory=lambda ctx: ReportingPage(ctx))
