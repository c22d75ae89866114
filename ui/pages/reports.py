"""รายงาน: pick a report, set its options, preview the PDF, save PDF or Excel (USB sticks first).

All generation is the core's `render_report`, run as a background task on its own connection
(which checks the logged-in user's permissions). The list shows only the reports that user may
make, and an option they may not turn on (full national IDs, sensitive cases) is disabled.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.correspondence import covering_memo
from moi_desktop.documents import self_check
from moi_desktop.errors import UserError
from moi_desktop.reports import ReportParam, ReportSpec, available_reports, render_report, save_rendered_report
from moi_desktop.thai import BANGKOK
from ui import formatting
from ui.context import AppContext
from ui.dialogs import save_report
from ui.errors import show_error, show_message
from ui.pages import PageHost, PageSpec
from ui.permissions import may
from ui.tasks import Task
from ui.widgets.pdf_preview import PdfPreview
from ui.widgets.table_cells import WrappingDelegate, elastic_combo
from ui.widgets.thai_date import ThaiDateField
from ui.widgets.thai_numbers import ThaiSpinBox

# Options that disclose what reports otherwise mask: ticking one asks the user to confirm first
# (the core records each disclosure in the audit log when the report is made).
_PDPA = "พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒"
DISCLOSURES: dict[str, str] = {
    "show_ids": (
        "รายงานนี้จะแสดงเลขประจำตัวประชาชนเต็ม ๑๓ หลัก แทนการปกปิดบางส่วน\n\n"
        f"เลขประจำตัวประชาชนเป็นข้อมูลส่วนบุคคลตาม{_PDPA} ใช้ได้เท่าที่จำเป็นตามวัตถุประสงค์ "
        "เก็บเอกสารให้ปลอดภัย และการแสดงครั้งนี้จะถูกบันทึกในบันทึกการใช้งาน\n\nยืนยันแสดงเลขเต็มหรือไม่?"
    ),
    "show_sensitive": (
        "รายงานนี้จะแสดงข้อมูลอ่อนไหว (สุขภาพ ความพิการ) แทนการปกปิด\n\n"
        f"ข้อมูลสุขภาพและความพิการเป็นข้อมูลส่วนบุคคลอ่อนไหวตามมาตรา ๒๖ แห่ง{_PDPA} "
        "เปิดเผยได้เฉพาะผู้มีหน้าที่และเท่าที่จำเป็น และการแสดงครั้งนี้จะถูกบันทึกในบันทึกการใช้งาน\n\n"
        "ยืนยันแสดงข้อมูลอ่อนไหวหรือไม่?"
    ),
}


def disclosure_text(param: ReportParam) -> str | None:
    """The Thai explanation to confirm before `param` is turned on; None for ordinary options."""
    if param.kind != "bool":
        return None
    if param.key in DISCLOSURES:
        return DISCLOSURES[param.key]
    if param.key.startswith("show_") and ("sensitive" in param.key or param.key.endswith("_ids")):
        return DISCLOSURES["show_sensitive" if "sensitive" in param.key else "show_ids"]
    return None


PANE_WIDTH = 340  # the parameter pane: the same width for every report (the user may drag it)
PANE_MIN = 280
SPLITTER_KEY = "reports/splitter"


def params_signature(key: str, params: dict[str, Any]) -> str:
    """What a rendered preview was made from: Save reuses it only for the same report and options."""
    return repr((key, sorted((k, repr(v)) for k, v in params.items())))


def warm_up(*, progress: object = None, cancelled: object = None) -> int:
    """Load the word list, HarfBuzz and the fonts (seconds, once per run) before the first preview."""
    return self_check()


class ReportsPage(QWidget):
    # Page 1 of a preview, drawn before the rest: emitted from the worker, delivered on the main thread.
    first_page_ready = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._tmp = Path(tempfile.mkdtemp(prefix="moi-preview-"))
        self._preview_serial = 0
        self._preview_task: Task | None = None
        self._rendered: tuple[str, Path] | None = None  # (params_signature, the whole preview PDF)
        self.last_save_reused = False
        self.first_page_ready.connect(self._show_first_page)
        self._inputs: dict[str, tuple[ReportParam, QWidget]] = {}
        self._confirmed: set[str] = set()  # disclosure options the user confirmed for this report
        self.last_saved: Path | None = None
        self.last_message: str = ""

        self.report_list = QListWidget()
        self.report_list.setObjectName("report_list")
        # long titles wrap inside the fixed pane (never a sideways scroll bar, never cut)
        self.report_list.setWordWrap(True)
        self.report_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.report_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.report_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.report_list.setItemDelegate(WrappingDelegate(self.report_list))
        self.report_list.currentItemChanged.connect(lambda *_: self._on_selected())
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.params_box = QGroupBox("ตัวเลือก")
        self.params_form = QFormLayout(self.params_box)
        self.preview_button = QPushButton("แสดงตัวอย่าง")
        self.save_pdf_button = QPushButton("บันทึก PDF")
        self.save_xlsx_button = QPushButton("บันทึก Excel")
        self.preview_button.clicked.connect(self.generate_preview)
        self.save_pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.save_xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        # CORRESPONDENCE: send the report with a prefilled, register-numbered covering memo
        self.covering_button = QPushButton("ส่งพร้อมบันทึกนำส่ง")
        self.covering_button.setToolTip("สร้างบันทึกนำส่งรายงานนี้ (กรอกเรื่อง เรียน และสิ่งที่ส่งมาด้วยให้แล้ว)")
        self.covering_button.clicked.connect(self.send_with_covering_memo)
        self.last_covering_id: str | None = None
        self.print_button = QPushButton("พิมพ์…")  # CORRESPONDENCE: print from the preview
        self.print_button.clicked.connect(self.preview_print)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel("รายงานที่มี"))
        left_layout.addWidget(self.report_list, 1)
        left_layout.addWidget(self.description)
        left_layout.addWidget(self.params_box)
        buttons = QGridLayout()  # two rows: they fit the pane at any text size
        buttons.addWidget(self.preview_button, 0, 0, 1, 2)
        buttons.addWidget(self.save_pdf_button, 1, 0)
        buttons.addWidget(self.save_xlsx_button, 1, 1)
        left_layout.addLayout(buttons)
        covering_row = QHBoxLayout()
        covering_row.addWidget(self.print_button)
        covering_row.addWidget(self.covering_button, 1)
        left_layout.addLayout(covering_row)

        # A fixed pane: its minimum is set, not derived from its contents, so a report with long
        # choices or a long description never widens it (the preview stops jumping); the user's
        # own width is kept between runs.
        left.setMinimumWidth(PANE_MIN)
        self.params_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.preview_status = QLabel()
        self.preview_status.setObjectName("preview_status")
        self.preview = PdfPreview()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview_status)
        right_layout.addWidget(self.preview, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([PANE_WIDTH, 1000])
        state = ctx.settings.value(SPLITTER_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_: ctx.settings.setValue(SPLITTER_KEY, self.splitter.saveState()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.destroyed.connect(lambda *_, tmp=self._tmp: shutil.rmtree(tmp, ignore_errors=True))
        if not ctx.tasks.sync:  # the first preview then starts warm
            ctx.tasks.run(warm_up, title="เตรียมแบบอักษร", with_db=False, quiet=True)
        self.refresh()

    # -- list and parameters ---------------------------------------------------------------
    def refresh(self) -> None:
        current = self.current_spec()
        self.report_list.blockSignals(True)
        self.report_list.clear()
        for spec in available_reports(self.ctx.db):
            if not all(may(self.ctx, action) for action in spec.actions):
                continue
            item = QListWidgetItem(spec.title_th)
            item.setData(Qt.ItemDataRole.UserRole, spec)
            item.setToolTip(spec.description or spec.title_th)
            self.report_list.addItem(item)
            if current is not None and spec.key == current.key:
                self.report_list.setCurrentItem(item)
        self.report_list.blockSignals(False)
        self._update_buttons()

    def current_spec(self) -> ReportSpec | None:
        item = self.report_list.currentItem() if hasattr(self, "report_list") else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_report(self, key: str) -> None:
        for row in range(self.report_list.count()):
            item = self.report_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole).key == key:
                self.report_list.setCurrentItem(item)
                return
        raise KeyError(key)

    def _on_selected(self) -> None:
        spec = self.current_spec()
        self._build_params(spec)
        self.description.setText(spec.description if spec else "")
        self._update_buttons()
        if spec is not None:
            self.generate_preview()
        else:
            self.preview.clear()

    def _update_buttons(self) -> None:
        spec = self.current_spec()
        self.preview_button.setEnabled(spec is not None and "pdf" in spec.formats)
        self.save_pdf_button.setEnabled(spec is not None and "pdf" in spec.formats)
        self.save_xlsx_button.setEnabled(spec is not None and "xlsx" in spec.formats)
        self.covering_button.setEnabled(spec is not None and may(self.ctx, "correspondence.edit"))
        self.print_button.setEnabled(spec is not None and "pdf" in spec.formats)

    def _build_params(self, spec: ReportSpec | None) -> None:
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        self._inputs.clear()
        self._confirmed.clear()
        self.params_box.setVisible(bool(spec and spec.params))
        if spec is None:
            return
        for param in spec.params:
            if param.applies is not None and not param.applies(self.ctx.db):
                continue  # e.g. the district filter at a district office: nothing to choose
            default = param.default(self.ctx.db) if param.default else None
            widget = self._input_for(param, default)
            widget.setObjectName(f"param_{param.key}")
            if param.action is not None and not may(self.ctx, param.action):
                widget.setEnabled(False)
                widget.setToolTip("บัญชีนี้ไม่มีสิทธิ์ใช้ตัวเลือกนี้")
            self._inputs[param.key] = (param, widget)
            self.params_form.addRow(param.label, widget)

    def _input_for(self, param: ReportParam, default: Any) -> QWidget:
        if param.kind == "choice":
            combo = QComboBox()
            elastic_combo(combo, 12)
            choices = list(param.choices(self.ctx.db) if param.choices else [])
            if not param.required and all(str(value) != "" for value, _ in choices):
                combo.addItem("ทั้งหมด", "")  # an optional filter starts unfiltered
            for value, label in choices:
                combo.addItem(label, value)
            if default is not None:
                combo.setCurrentIndex(max(0, combo.findData(str(default))))
            return combo
        if param.kind == "int":
            spin = ThaiSpinBox()
            spin.setRange(-1_000_000, 1_000_000)
            spin.setValue(int(default or 0))
            return spin
        if param.kind == "date":  # Buddhist era, the office's digits (not QDateEdit's "3/4/2022")
            field = ThaiDateField()
            field.set_date(default or datetime.now(BANGKOK).date())
            return field
        if param.kind == "bool":
            box = QCheckBox()
            box.setChecked(bool(default))
            if disclosure_text(param):
                box.toggled.connect(lambda on, p=param, b=box: self._on_disclosure_toggled(p, b, on))
            return box
        return QLineEdit("" if default is None else str(default))

    def confirm_disclosure(self, param: ReportParam) -> bool:
        answer = QMessageBox.question(
            self, "ยืนยันการแสดงข้อมูลส่วนบุคคล", disclosure_text(param) or "",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_disclosure_toggled(self, param: ReportParam, box: QCheckBox, on: bool) -> None:
        if not on:
            self._confirmed.discard(param.key)  # ticking again asks again
            return
        if param.key in self._confirmed:
            return
        if self.confirm_disclosure(param):
            self._confirmed.add(param.key)
        else:
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)

    def params(self) -> dict[str, Any]:
        """The options as set; a disclosure option is on only once the user has confirmed it."""
        values: dict[str, Any] = {}
        for key, (param, widget) in self._inputs.items():
            if isinstance(widget, QCheckBox) and widget.isChecked() and disclosure_text(param) \
                    and key not in self._confirmed:
                self._on_disclosure_toggled(param, widget, True)  # e.g. an option that defaults to on
            if isinstance(widget, QComboBox):
                values[key] = widget.currentData()
            elif isinstance(widget, QSpinBox):
                values[key] = widget.value()
            elif isinstance(widget, ThaiDateField):
                values[key] = widget.date()  # UserError (Thai) when the typed date cannot be read
            elif isinstance(widget, QCheckBox):
                values[key] = widget.isChecked() and (not disclosure_text(param) or key in self._confirmed)
            elif isinstance(widget, QLineEdit):
                values[key] = widget.text()
        return values

    # -- generation ------------------------------------------------------------------------
    def generate_preview(self) -> None:
        """Render the preview in the background (no dialog: the user may go on choosing); page 1
        shows as soon as it is drawn, the whole file when it is done. A newer request cancels an
        older one still running."""
        spec = self.current_spec()
        if spec is None or "pdf" not in spec.formats:
            return
        try:
            params = self.params()
        except UserError as exc:
            self.preview.show_message(exc.message)
            return
        if self._preview_task is not None and not self._preview_task.done:
            self._preview_task.cancel()
        self._preview_serial += 1
        serial = self._preview_serial
        out = self._tmp / f"preview-{serial}.pdf"
        first = self._tmp / f"preview-{serial}-page1.pdf"
        self._rendered = None
        signature = params_signature(spec.key, params)
        self.preview.show_message("กำลังสร้างตัวอย่างรายงาน…")
        self.preview_status.setText("กำลังสร้างตัวอย่างรายงาน…")
        ready = self.first_page_ready.emit  # called on the worker thread: Qt queues it to this page
        task = self.ctx.tasks.run(
            functools.partial(render_report, first_page=(first, lambda path: ready(str(path)))),
            spec.key, out, params, title="กำลังสร้างตัวอย่างรายงาน", quiet=True,
            on_done=lambda path: self._show_preview(path, signature),
            on_error=lambda _e: self._preview_failed(serial))
        if not task.done:
            task.progressed.connect(lambda _d, _t, message: self._preview_progress(serial, message))
            self._preview_task = task

    def _is_current(self, path: Path) -> bool:
        return path.name.startswith(f"preview-{self._preview_serial}.") \
            or path.name.startswith(f"preview-{self._preview_serial}-")

    def _show_first_page(self, path_text: str) -> None:
        path = Path(path_text)
        if not self._is_current(path) or self._rendered is not None:
            return  # an older preview's page, or the whole file is already shown
        self.preview.load(path)
        self.preview_status.setText("แสดงหน้าแรกแล้ว กำลังสร้างหน้าที่เหลือ…")

    def _preview_progress(self, serial: int, message: str) -> None:
        if serial == self._preview_serial and self._rendered is None and message:
            self.preview_status.setText(message)

    def _preview_failed(self, serial: int) -> None:
        if serial == self._preview_serial:
            self.preview.show_message("สร้างตัวอย่างรายงานไม่สำเร็จ")
            self.preview_status.clear()

    def _show_preview(self, path: Path, signature: str) -> None:
        if not self._is_current(path):
            return  # an older preview finished after a newer one was asked for
        self._rendered = (signature, path)
        self.preview.load(path)
        self.preview_status.setText(formatting.digits(f"ตัวอย่างรายงาน {self.preview.page_count():,} หน้า"))

    def rendered_preview(self) -> Path | None:
        """The whole preview PDF once rendered (what Save PDF copies)."""
        return self._rendered[1] if self._rendered else None

    def save(self, fmt: str) -> None:
        """Save PDF copies the rendered preview when the options are unchanged (no second render);
        otherwise, and for Excel, the report is rendered to the chosen place."""
        spec = self.current_spec()
        if spec is None:
            return
        try:
            params = self.params()
        except UserError as exc:
            show_error(self, exc)
            return
        target = save_report.ask_save_path(self, spec.title_th.replace(":", " -").replace("/", "-"), fmt)
        if target is None:
            return
        rendered = self._rendered
        self.last_save_reused = bool(fmt == "pdf" and rendered and rendered[0] == params_signature(spec.key, params)
                                     and rendered[1].is_file())
        if self.last_save_reused and rendered is not None:
            self.ctx.tasks.run(save_rendered_report, spec.key, rendered[1], target, params,
                               title="กำลังบันทึกรายงาน", on_done=self._saved)
        else:
            self.ctx.tasks.run(render_report, spec.key, target, params, title="กำลังบันทึกรายงาน",
                               on_done=self._saved)

    def preview_print(self) -> int:
        """The system print dialog for the report in the preview (once it is whole: while page 1
        alone is shown, the rest is still being drawn)."""
        if self.current_spec() is not None and self._rendered is None:
            show_message(self, "กำลังสร้างตัวอย่างรายงาน รอให้ครบทุกหน้าก่อนพิมพ์", "พิมพ์รายงาน")
            return 0
        return self.preview.print_with_dialog()

    def send_with_covering_memo(self) -> str | None:
        """Create the covering memo (บันทึกนำส่ง) of the report chosen (the file saved last, if it is
        this report's) and open it on the หนังสือราชการ page to check, number and print."""
        spec = self.current_spec()
        if spec is None:
            return None
        kind = {".pdf": "PDF", ".xlsx": "Excel"}.get(self.last_saved.suffix.lower(), "") if self.last_saved else ""
        attachment = f"{spec.title_th}{f' (ไฟล์ {kind})' if kind else ''} จำนวน ๑ ชุด"
        try:
            letter_id = covering_memo(self.ctx.db, subject=spec.title_th, attachments=[attachment], source=spec.key)
        except UserError as exc:
            show_error(self, exc)
            return None
        self.last_covering_id = letter_id
        host = self.window()
        if isinstance(host, PageHost) and "correspondence" in host.page_keys():
            page = host.show_page("correspondence")
            open_letter = getattr(page, "open_letter", None)
            if open_letter is not None:
                open_letter(letter_id)
        else:
            show_message(self, "สร้างบันทึกนำส่งแล้ว ตรวจสอบและออกเลขได้ที่หน้า “หนังสือราชการ”", "บันทึกนำส่ง")
        return letter_id

    def _saved(self, path: Path) -> None:
        try:
            message = save_report.confirm_saved(path)
        except Exception as exc:  # a broken write (stick pulled out): say so, never claim success
            show_error(self, exc)
            return
        self.last_saved = path
        self.last_message = message
        show_message(self, message, "บันทึกรายงานแล้ว")


PAGE = PageSpec(key="reports", title="รายงาน", order=60, factory=lambda ctx: ReportsPage(ctx))
