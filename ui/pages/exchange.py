"""รับ–ส่งข้อมูล: send this office's data to a USB stick, receive bundles and receipts from one,
(for a province) see each district's last bundle, and see which offices' PCs are registered here
(with the administrator's un-pin).

Everything runs in the core (moi_desktop.exchange) as background tasks; this page only asks where,
which password, and shows what happened.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.db import Database
from moi_desktop.db.clock import parse_iso
from moi_desktop.exchange import (
    BUNDLE_SUFFIX,
    RECEIPT_SUFFIX,
    ExportResult,
    ImportReport,
    export_bundle,
    import_bundle,
    import_bundles,
    import_receipt,
    province_status,
    sent_bundles,
)
from moi_desktop.exchange.offices import default_destination, describe_destination
from moi_desktop.exchange.signing import own_fingerprint
from moi_desktop.removable import removable_drives
from ui import formatting
from ui.context import AppContext
from ui.dialogs import bundle_password, bundle_preview
from ui.errors import show_message
from ui.pages import PageSpec
from ui.shortcuts import install as install_shortcuts
from ui.widgets.exchange_pins import PinsBox
from ui.widgets.table_cells import elastic_columns

OTHER_FOLDER = "เลือกโฟลเดอร์อื่น…"


def ask_folder(parent: QWidget) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, "เลือกโฟลเดอร์ที่จะบันทึกชุดข้อมูล")
    return Path(folder) if folder else None


def ask_open_file(parent: QWidget, title: str, pattern: str, start: Path | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start or ""), pattern)
    return Path(name) if name else None


def ask_open_files(parent: QWidget, title: str, pattern: str, start: Path | None) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(start or ""), pattern)
    return [Path(n) for n in names]


def _import_all(db: Database, paths: list[Path], password: str, **options: Any) -> list[ImportReport]:
    return list(import_bundles(db, paths, password, **options))


def _when(text: str | None) -> str:
    return formatting.thai_datetime(parse_iso(text)) if text else "—"


class ExchangePage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.last_message = ""
        self.last_export: ExportResult | None = None
        self.last_import: ImportReport | None = None

        self.office_label = QLabel()
        self.office_label.setWordWrap(True)

        send = QGroupBox("ส่งข้อมูล")
        self.target = QComboBox()
        self.refresh_drives_button = QPushButton("ค้นหาแฟลชไดรฟ์")
        self.refresh_drives_button.clicked.connect(self.refresh_drives)
        self.everything = QCheckBox("ส่งข้อมูลทั้งหมด (ไม่ใช่เฉพาะที่เปลี่ยนตั้งแต่ครั้งก่อน)")
        self.aggregate = QCheckBox("ส่งเฉพาะตัวเลข ไม่ส่งข้อมูลส่วนบุคคล (ชื่อ เลขประจำตัว โทรศัพท์ ที่อยู่ รูปภาพ)")
        self.export_button = QPushButton("ส่งออกชุดข้อมูล")
        self.export_button.clicked.connect(self.on_export)
        row = QHBoxLayout()
        row.addWidget(QLabel("บันทึกไปที่"))
        row.addWidget(self.target, 1)
        row.addWidget(self.refresh_drives_button)
        send_layout = QVBoxLayout(send)
        send_layout.addLayout(row)
        send_layout.addWidget(self.everything)
        send_layout.addWidget(self.aggregate)
        send_layout.addWidget(self.export_button)

        receive = QGroupBox("รับข้อมูล")
        self.import_button = QPushButton("นำเข้าชุดข้อมูล…")
        self.import_button.clicked.connect(self.on_import)
        self.receipt_button = QPushButton("นำเข้าใบตอบรับ…")
        self.receipt_button.clicked.connect(self.on_receipt)
        receive_layout = QVBoxLayout(receive)
        receive_layout.addWidget(self.import_button)
        receive_layout.addWidget(self.receipt_button)
        receive_layout.addStretch(1)

        self.received_table = QTableWidget(0, 4)
        self.received_table.setHorizontalHeaderLabels(["อำเภอ", "ชุดล่าสุดสร้างเมื่อ", "จำนวนรายการ", "จำนวนชุดที่ได้รับ"])
        self.sent_table = QTableWidget(0, 4)
        self.sent_table.setHorizontalHeaderLabels(["ส่งเมื่อ", "ถึง", "จำนวนรายการ", "ใบตอบรับ"])
        for table in (self.received_table, self.sent_table):
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            elastic_columns(table, stretch=(0,))  # headers whole, the first column takes the rest

        # SCREEN FIT: send beside receive, received beside sent — the page fits 1366×768
        self.aggregate.setText("ส่งเฉพาะตัวเลข ไม่ส่งข้อมูลส่วนบุคคล\n(ชื่อ เลขประจำตัว โทรศัพท์ ที่อยู่ รูปภาพ)")
        actions = QHBoxLayout()
        actions.addWidget(send, 3)
        actions.addWidget(receive, 1)
        tables = QHBoxLayout()
        for title, table in (("ชุดข้อมูลที่ได้รับจากแต่ละอำเภอ", self.received_table),
                             ("ชุดข้อมูลที่ส่งออก", self.sent_table)):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(table, 1)
            tables.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.office_label)
        layout.addLayout(actions)
        layout.addLayout(tables, 2)
        self.pins = PinsBox(ctx, self)
        layout.addWidget(self.pins, 1)

        self.ctx.data_changed.connect(self._on_data_changed)
        self.shortcuts = install_shortcuts(self, "exchange", refresh=self._refresh_all)
        self.refresh_drives()
        self.refresh()

    def _refresh_all(self) -> None:
        """F5: the drives plugged in now, and the bundles."""
        self.refresh_drives()
        self.refresh()

    # -- display -------------------------------------------------------------------------------
    def refresh(self) -> None:
        office = self.ctx.office
        if office is None:
            self.office_label.setText("ยังไม่ได้ตั้งค่าสำนักงาน — ตั้งค่าที่หน้า ตั้งค่า ก่อนรับหรือส่งข้อมูล")
        else:
            dest = describe_destination(self.ctx.db, default_destination(office))
            self.office_label.setText(f"สำนักงานนี้: {office.org_name}\nส่งข้อมูลถึง: {dest}\n"
                                      f"ลายนิ้วมือกุญแจของเครื่องนี้: {own_fingerprint(self.ctx.db)} "
                                      "(แจ้งผู้รับทางโทรศัพท์เพื่อยืนยันชุดข้อมูลแรก)")
        for widget in (self.export_button, self.import_button, self.receipt_button):
            widget.setEnabled(office is not None)
        self._fill(self.received_table, [
            (s.district_name or s.org_name or "—", _when(s.last_created_at), f"{s.last_rows:,}", f"{s.bundles:,}")
            for s in province_status(self.ctx.db)
        ])
        self._fill(self.sent_table, [
            (_when(b.created_at), describe_destination(self.ctx.db, b.destination), f"{b.rows_total:,}",
             f"ได้รับแล้ว {_when(b.confirmed_at)}" if b.confirmed_at else "ยังไม่ได้รับใบตอบรับ")
            for b in sent_bundles(self.ctx.db)
        ])
        self.pins.refresh()

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple]) -> None:
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(value))

    def refresh_drives(self) -> None:
        self.target.clear()
        for drive in removable_drives():
            self.target.addItem(drive.display, drive.path)
        self.target.addItem(OTHER_FOLDER, None)

    def _on_data_changed(self, table: str) -> None:
        if table in ("office", "bundles_sent", "bundles_received"):
            self.refresh()

    def _say(self, text: str) -> None:
        self.last_message = text
        show_message(self, text, "รับ–ส่งข้อมูล")

    # -- export --------------------------------------------------------------------------------
    def on_export(self) -> None:
        folder = self.target.currentData() or ask_folder(self)
        if folder is None:
            return
        password = bundle_password.ask_password(self, confirm=True, title="รหัสผ่านของชุดข้อมูล")
        if password is None:
            return
        self.export_to(Path(folder), password)

    def export_to(self, folder: Path, password: str) -> None:
        job = functools.partial(export_bundle, everything=self.everything.isChecked(),
                                aggregate_only=["all"] if self.aggregate.isChecked() else [])
        self.ctx.tasks.run(job, folder, password, title="กำลังส่งออกชุดข้อมูล", on_done=self._exported)

    def _exported(self, result: ExportResult) -> None:
        self.last_export = result
        self.refresh()
        scope = "ข้อมูลทั้งหมด" if result.scope == "all" else "เฉพาะข้อมูลที่เปลี่ยนแปลง"
        self._say(f"บันทึกชุดข้อมูล ({scope} {result.rows_total:,} รายการ) แล้วที่\n{result.path}\n"
                  "แจ้งรหัสผ่านแก่ผู้รับทางโทรศัพท์หรือหนังสือ และอย่าเขียนรหัสผ่านไว้บนแฟลชไดรฟ์")

    # -- import --------------------------------------------------------------------------------
    def _start_folder(self) -> Path | None:
        drives = removable_drives()
        return drives[0].path if drives else None

    def on_import(self) -> None:
        paths = ask_open_files(self, "เลือกไฟล์ชุดข้อมูล (เลือกหลายไฟล์ได้)", f"ชุดข้อมูล (*{BUNDLE_SUFFIX})",
                               self._start_folder())
        if not paths:
            return
        password = bundle_password.ask_password(self, confirm=False, title="รหัสผ่านของชุดข้อมูล")
        if password is None:
            return
        if len(paths) == 1:
            self.preview_import(paths[0], password)
        else:
            self.preview_imports(paths, password)

    def preview_import(self, path: Path, password: str) -> None:
        """Dry run first; the preview dialog decides whether to merge."""
        job = functools.partial(import_bundle, dry_run=True)
        self.ctx.tasks.run(job, path, password, title="กำลังตรวจชุดข้อมูล",
                           on_done=lambda report: self._previewed(path, password, report))

    def _previewed(self, path: Path, password: str, report: ImportReport) -> None:
        self.last_import = report
        if bundle_preview.confirm_import(self, report):
            self.apply_import(path, password)

    def apply_import(self, path: Path, password: str) -> None:
        self.ctx.tasks.run(import_bundle, path, password, title="กำลังนำเข้าชุดข้อมูล", on_done=self._imported)

    def _imported(self, report: ImportReport) -> None:
        self.last_import = report
        self.refresh()
        t = report.totals
        text = (f"นำเข้าข้อมูลจาก {report.sender_label} แล้ว\nใหม่ {t['new']:,} · ปรับปรุง {t['updated']:,} · "
                f"เหมือนเดิม {t['unchanged']:,} · ขัดแย้ง {t['conflicts']:,}")
        if report.receipt:
            text += f"\nใบตอบรับสำหรับผู้ส่งอยู่ที่ {report.receipt} — ส่งกลับไปให้ผู้ส่งนำเข้า"
        if report.receipt_error:
            text += f"\nเขียนใบตอบรับไม่ได้: {report.receipt_error}"
        self._say(text)

    def preview_imports(self, paths: list[Path], password: str) -> None:
        """Several files (one password for all): every dry run first, one confirmation, then each
        file merged in turn; a file that fails stops the run with its own message."""
        job = functools.partial(_import_all, dry_run=True)
        self.ctx.tasks.run(job, paths, password, title="กำลังตรวจชุดข้อมูล",
                           on_done=lambda reports: self._previewed_all(paths, password, reports))

    def _previewed_all(self, paths: list[Path], password: str, reports: list[ImportReport]) -> None:
        self.last_import = reports[-1]
        if bundle_preview.confirm_imports(self, reports):
            self.ctx.tasks.run(_import_all, paths, password, title="กำลังนำเข้าชุดข้อมูล",
                               on_done=self._imported_all)

    def _imported_all(self, reports: list[ImportReport]) -> None:
        self.last_import = reports[-1]
        self.refresh()
        lines = [f"นำเข้าชุดข้อมูล {len(reports):,} ไฟล์แล้ว"]
        for report in reports:
            t = report.totals
            lines.append(f"{report.sender_label}: ใหม่ {t['new']:,} · ปรับปรุง {t['updated']:,} · "
                         f"เหมือนเดิม {t['unchanged']:,} · ขัดแย้ง {t['conflicts']:,}"
                         + (f" (เขียนใบตอบรับไม่ได้: {report.receipt_error})" if report.receipt_error else ""))
        if any(r.receipt for r in reports):
            lines.append("ใบตอบรับของแต่ละไฟล์อยู่ข้างไฟล์ชุดข้อมูล — ส่งกลับไปให้ผู้ส่งแต่ละแห่งนำเข้า")
        self._say("\n".join(lines))

    # -- receipts ------------------------------------------------------------------------------
    def on_receipt(self) -> None:
        path = ask_open_file(self, "เลือกไฟล์ใบตอบรับ", f"ใบตอบรับ (*{RECEIPT_SUFFIX})", self._start_folder())
        if path is None:
            return
        password = bundle_password.ask_password(self, confirm=False, title="รหัสผ่านของชุดข้อมูล")
        if password is None:
            return
        self.import_receipt_file(path, password)

    def import_receipt_file(self, path: Path, password: str) -> None:
        self.ctx.tasks.run(import_receipt, path, password, title="กำลังนำเข้าใบตอบรับ", on_done=self._receipted)

    def _receipted(self, result: dict) -> None:
        self.refresh()
        state = "เคยยืนยันไว้แล้ว" if result["already"] else "ยืนยันแล้ว"
        self._say(f"ใบตอบรับ: ผู้รับได้รับชุดข้อมูลแล้ว ({state})")


PAGE = PageSpec(key="exchange", title="รับ–ส่งข้อมูล", order=70, factory=lambda ctx: ExchangePage(ctx))
