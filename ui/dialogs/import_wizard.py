"""The import wizard: file → header and column mapping (confirmed with combo boxes) → dry-run
preview of every problem by Excel row (exportable) → apply in one transaction, in the background.

Generic over the importers in moi_desktop.imports.registry; all work is done by the core.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.imports import (
    ImportReport,
    Plan,
    get_importer,
    plan_import,
    run_import,
    sheet_names,
    write_error_workbook,
)
from moi_desktop.members import LABELS, team_roles
from moi_desktop.progress import Cancelled, Progress, never_cancelled, no_progress
from ui import formatting
from ui.context import AppContext
from ui.errors import show_error, show_message

SAMPLE_ROWS = 3
KIND_LABELS = {"error": "ผิดพลาด (ไม่นำเข้า)", "duplicate": "ซ้ำ (ไม่นำเข้า)", "warning": "โปรดตรวจสอบ"}


def _known[T](value: T | None, what: str) -> T:
    """`value`, which the order of the wizard's pages guarantees is set by now."""
    if value is None:
        raise RuntimeError(f"the import wizard has no {what} yet")
    return value


def _apply_task(db: Database, kind: str, path: Path, sheet: str | None, overrides: dict[str, str], options: dict,
                *, progress: Progress, cancelled: Cancelled) -> ImportReport:
    """Runs on a worker: re-read the file with the confirmed mapping and apply it."""
    spec = get_importer(kind)
    plan = plan_import(spec, path, sheet=sheet, overrides=overrides)
    return run_import(db, spec, plan, dry_run=False, options=options, progress=progress, cancelled=cancelled)


def _dry_task(db: Database, kind: str, path: Path, sheet: str | None, overrides: dict[str, str], options: dict,
              *, progress: Progress, cancelled: Cancelled) -> tuple[Plan, ImportReport]:
    spec = get_importer(kind)
    plan = plan_import(spec, path, sheet=sheet, overrides=overrides)
    return plan, run_import(db, spec, plan, dry_run=True, options=options, progress=progress, cancelled=cancelled)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("๑. เลือกไฟล์")
        self.setSubTitle("ไฟล์ Excel (.xlsx) หรือ CSV ที่หน่วยงานส่งมา — หัวตารางไม่ต้องอยู่แถวแรก")
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        browse = QPushButton("เลือกไฟล์…")
        browse.clicked.connect(self._browse)
        self.sheet = QComboBox()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("ไฟล์", row)
        form.addRow("แผ่นงาน", self.sheet)
        form.addRow("", self.error)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "เลือกไฟล์รายชื่อ", "", "ตาราง (*.xlsx *.csv)")
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        self.error.clear()
        self.path_edit.setText(str(path))
        self.sheet.clear()
        try:
            self.sheet.addItems(sheet_names(path))
        except UserError as exc:
            self.error.setText(exc.message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.path_edit.text())

    def validatePage(self) -> bool:
        try:
            self.w.load_plan(Path(self.path_edit.text()), self.sheet.currentText() or None)
        except UserError as exc:
            self.error.setText(exc.message)
            return False
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("๒. ตรวจสอบคอลัมน์")
        self.setSubTitle("โปรแกรมเดาว่าแต่ละคอลัมน์คือข้อมูลอะไร — แก้ได้ที่ช่อง “ใช้เป็น”")
        self.info = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["คอลัมน์", "หัวตารางในไฟล์", "ตัวอย่างข้อมูล", "ใช้เป็น"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.combos: list[QComboBox] = []
        self.team = QComboBox()
        self.team.setObjectName("import_default_team")
        self.team.addItem("— ตามไฟล์ / ไม่ระบุ —", None)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        # Members-only option: other kinds (cases, projects …) reuse this wizard without it.
        self.members_options = QWidget()
        options = QFormLayout(self.members_options)
        options.setContentsMargins(0, 0, 0, 0)
        options.addRow("ทีมสำหรับแถวที่ไม่ระบุทีม", self.team)
        self.members_options.setVisible(wizard.kind == "members")
        layout.addWidget(self.members_options)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        plan, spec = _known(self.w.plan, "file"), self.w.spec
        if self.w.kind == "members" and self.team.count() == 1:
            for row in team_roles(self.w.ctx.db):
                self.team.addItem(row["name_th"], row["code"])
        rows = ", ".join(formatting.digits(n) for n in plan.header.rows)
        self.info.setText(f"พบหัวตารางที่แถว {rows} ของ {plan.table.name}")
        columns = plan.header.columns
        data = plan.table.rows[plan.header.data_start : plan.header.data_start + SAMPLE_ROWS]
        self.table.setRowCount(len(columns))
        self.combos = []
        for i, col in enumerate(columns):
            sample = " | ".join(str(v[col.index]) for _, v in data if col.index < len(v) and v[col.index] is not None)
            for j, text in enumerate((col.letter, col.header, sample)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, j, item)
            combo = QComboBox()
            combo.addItem("— ไม่ใช้ —", None)
            for f in spec.fields:
                combo.addItem(f.label, f.name)
            combo.setCurrentIndex(max(0, combo.findData(col.field)))
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._unique(c))
            self.table.setCellWidget(i, 3, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()

    def _unique(self, changed: QComboBox) -> None:
        """A field belongs to one column: choosing it here clears it elsewhere."""
        field = changed.currentData()
        if field is None:
            return
        for combo in self.combos:
            if combo is not changed and combo.currentData() == field:
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)

    def overrides(self) -> dict[str, str]:
        return {
            col.letter: (combo.currentData() or "")
            for col, combo in zip(_known(self.w.plan, "file").header.columns, self.combos, strict=True)
        }

    def validatePage(self) -> bool:
        self.error.clear()
        self.w.overrides = self.overrides()
        members = self.w.kind == "members" and self.team.currentData()
        self.w.import_options = {"team_role": self.team.currentData()} if members else {}
        try:
            self.w.run_dry()
        except UserError as exc:
            self.error.setText(exc.message)
            return False
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("๓. ตรวจสอบก่อนนำเข้า")
        self.setSubTitle("ยังไม่มีการบันทึก — แถวที่ผิดพลาดหรือซ้ำจะไม่ถูกนำเข้า")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["แถว", "ประเภท", "ช่อง", "รายละเอียด"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.export_button = QPushButton("บันทึกรายการปัญหาเป็น Excel…")
        self.export_button.clicked.connect(self._export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.setButtonText(QWizard.WizardButton.NextButton, "นำเข้า")

    def initializePage(self) -> None:
        report = _known(self.w.dry_report, "dry run")
        new = report.valid - len(report.duplicates)
        self.summary.setText(
            f"อ่าน {formatting.digits(report.rows)} แถว · ถูกต้อง {formatting.digits(report.valid)} แถว · "
            f"จะนำเข้าใหม่ {formatting.digits(new)} คน · ผิดพลาด {formatting.digits(len(report.errors))} · "
            f"ซ้ำ {formatting.digits(len(report.duplicates))} · โปรดตรวจสอบ {formatting.digits(len(report.warnings))}"
        )
        labels = {f.name: f.label for f in self.w.spec.fields}
        labels.update({k: v for k, v in LABELS.items() if k not in labels})
        lines = [(e.row, "error", e.field, e.message) for e in report.errors]
        lines += [(d["row"], "duplicate", None, d["reason"]) for d in report.duplicates]
        lines += [(w.row, "warning", w.field, w.message) for w in report.warnings]
        lines.sort(key=lambda x: x[0])
        self.table.setRowCount(len(lines))
        for i, (row, kind, field, message) in enumerate(lines):
            for j, text in enumerate((formatting.digits(row), KIND_LABELS[kind], labels.get(field or "", ""), message)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if kind == "error":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.export_button.setEnabled(bool(lines))

    def _export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "บันทึกรายการปัญหา", "ปัญหาการนำเข้า.xlsx", "Excel (*.xlsx)")
        if name:
            self.w.export_problems(Path(name))

    def validatePage(self) -> bool:
        # Sync tasks (tests) finish inside run_apply; background ones call next() when done.
        if self.w.applied is None and not self.w.applying:
            self.w.run_apply()
        return self.w.applied is not None


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("๔. เสร็จแล้ว")
        self.result = QLabel()
        self.result.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.result)

    def initializePage(self) -> None:
        r = _known(self.w.applied, "import result")
        self.result.setText(
            f"นำเข้าแล้ว {formatting.digits(r.imported)} คน จาก {formatting.digits(r.rows)} แถว "
            f"(ซ้ำ {formatting.digits(len(r.duplicates))}, ผิดพลาด {formatting.digits(len(r.errors))})"
        )


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, kind: str = "members", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.spec = get_importer(kind)
        self.setWindowTitle(f"นำเข้า{self.spec.title}")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        # Qt's own "< Back" / "Next >" have no Thai translation and showed as blank buttons.
        buttons = QWizard.WizardButton
        for button, text in ((buttons.BackButton, "< ย้อนกลับ"), (buttons.NextButton, "ถัดไป >"),
                             (buttons.FinishButton, "เสร็จสิ้น"), (buttons.CancelButton, "ยกเลิก")):
            self.setButtonText(button, text)
        self.path: Path | None = None
        self.sheet: str | None = None
        self.plan: Plan | None = None
        self.overrides: dict[str, str] = {}
        self.import_options: dict = {}  # not `options`: QWizard.options() is Qt's
        self.dry_report: ImportReport | None = None
        self.applied: ImportReport | None = None
        self.applying = False
        self._in_run = False
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.done_page):
            self.addPage(page)
        self.resize(900, 600)

    def load_plan(self, path: Path, sheet: str | None) -> None:
        self.path, self.sheet = path, sheet
        self.plan = plan_import(self.spec, path, sheet=sheet)

    def run_dry(self) -> None:
        """Check everything (no writes). Synchronous: a file of thousands of rows takes ~1 s, and
        the preview cannot be shown without it."""
        self.plan, self.dry_report = _dry_task(
            self.ctx.db, self.kind, _known(self.path, "file"), self.sheet, self.overrides, self.import_options,
            progress=no_progress, cancelled=never_cancelled,
        )

    def export_problems(self, out: Path) -> Path | None:
        try:
            written = write_error_workbook(_known(self.dry_report, "dry run"), _known(self.plan, "file"), out)
        except UserError as exc:
            show_error(self, exc)
            return None
        show_message(self, f"บันทึกรายการปัญหาแล้ว: {written}")
        return written

    def run_apply(self) -> None:
        self.applying, self._in_run = True, True
        self.ctx.tasks.run(
            _apply_task, self.kind, self.path, self.sheet, self.overrides, self.import_options,
            title=f"กำลังนำเข้า{self.spec.title}", on_done=self._applied,
            on_error=self._apply_failed, on_cancelled=self._apply_failed,
        )
        self._in_run = False

    def _applied(self, report: ImportReport) -> None:
        self.applied, self.applying = report, False
        if not self._in_run and self.currentPage() is self.preview_page:
            self.next()  # a background run ended after the page said "not yet"

    def _apply_failed(self, *_args: object) -> None:
        self.applying = False  # the task runner has shown the error; the user may try again
