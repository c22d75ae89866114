"""รายงาน: pick a report, set its options, preview the PDF, save PDF or Excel (USB sticks first).

All generation is the core's `render_report`, run as a background task on its own connection
(which checks the logged-in user's permissions). The list shows only the reports that user may
make, and an option they may not turn on (full national IDs, sensitive cases) is disabled.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
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
from moi_desktop.errors import UserError
from moi_desktop.reports import ReportParam, ReportSpec, available_reports, render_report
from ui.context import AppContext
from ui.dialogs import save_report
from ui.errors import show_error, show_message
from ui.pages import PageHost, PageSpec
from ui.permissions import may
from ui.widgets.pdf_preview import PdfPreview

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


class ReportsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._tmp = Path(tempfile.mkdtemp(prefix="moi-preview-"))
        self._preview_serial = 0
        self._inputs: dict[str, tuple[ReportParam, QWidget]] = {}
        self._confirmed: set[str] = set()  # disclosure options the user confirmed for this report
        self.last_saved: Path | None = None
        self.last_message: str = ""

        self.report_list = QListWidget()
        self.report_list.setObjectName("report_list")
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
        # CORRESPONDENCE (issue 14): send the report with a prefilled, register-numbered covering memo
        self.covering_button = QPushButton("ส่งพร้อมบันทึกนำส่ง")
        self.covering_button.setToolTip("สร้างบันทึกนำส่งรายงานนี้ (กรอกเรื่อง เรียน และสิ่งที่ส่งมาด้วยให้แล้ว)")
        self.covering_button.clicked.connect(self.send_with_covering_memo)
        self.last_covering_id: str | None = None
        self.print_button = QPushButton("พิมพ์…")  # CORRESPONDENCE (issue 14): print from the preview
        self.print_button.clicked.connect(self.preview_print)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel("รายงานที่มี"))
        left_layout.addWidget(self.report_list, 1)
        left_layout.addWidget(self.description)
        left_layout.addWidget(self.params_box)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.save_pdf_button, self.save_xlsx_button):
            buttons.addWidget(button)
        left_layout.addLayout(buttons)
        covering_row = QHBoxLayout()
        covering_row.addWidget(self.print_button)
        covering_row.addWidget(self.covering_button, 1)
        left_layout.addLayout(covering_row)

        self.preview = PdfPreview()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.destroyed.connect(lambda *_, tmp=self._tmp: shutil.rmtree(tmp, ignore_errors=True))
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
            choices = list(param.choices(self.ctx.db) if param.choices else [])
            if not param.required and all(str(value) != "" for value, _ in choices):
                combo.addItem("ทั้งหมด", "")  # an optional filter starts unfiltered
            for value, label in choices:
                combo.addItem(label, value)
            if default is not None:
                combo.setCurrentIndex(max(0, combo.findData(str(default))))
            return combo
        if param.kind == "int":
            spin = QSpinBox()
            spin.setRange(-1_000_000, 1_000_000)
            spin.setValue(int(default or 0))
            return spin
        if param.kind == "date":
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d/M/yyyy")
            edit.setDate(QDate(default) if default else QDate.currentDate())
            return edit
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
            elif isinstance(widget, QDateEdit):
                values[key] = widget.date().toPython()
            elif isinstance(widget, QCheckBox):
                values[key] = widget.isChecked() and (not disclosure_text(param) or key in self._confirmed)
            elif isinstance(widget, QLineEdit):
                values[key] = widget.text()
        return values

    # -- generation ------------------------------------------------------------------------
    def generate_preview(self) -> None:
        spec = self.current_spec()
        if spec is None or "pdf" not in spec.formats:
            return
        self._preview_serial += 1
        out = self._tmp / f"preview-{self._preview_serial}.pdf"
        self.preview.show_message("กำลังสร้างตัวอย่างรายงาน…")
        self.ctx.tasks.run(render_report, spec.key, out, self.params(), title="กำลังสร้างตัวอย่างรายงาน",
                           on_done=self._show_preview, on_error=lambda _e: self.preview.show_message(
                               "สร้างตัวอย่างรายงานไม่สำเร็จ"))

    def _show_preview(self, path: Path) -> None:
        if path.name != f"preview-{self._preview_serial}.pdf":
            return  # an older preview finished after a newer one was asked for
        self.preview.load(path)

    def save(self, fmt: str) -> None:
        spec = self.current_spec()
        if spec is None:
            return
        target = save_report.ask_save_path(self, spec.title_th.replace(":", " -").replace("/", "-"), fmt)
        if target is None:
            return
        self.ctx.tasks.run(render_report, spec.key, target, self.params(), title="กำลังบันทึกรายงาน",
                           on_done=self._saved)

    def preview_print(self) -> int:
        """The system print dialog for the report in the preview."""
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
