"""The dry-run preview of a bundle: who sent it, and per table new / updated / unchanged / conflicts."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.db.clock import parse_iso
from moi_desktop.exchange import ImportReport
from moi_desktop.exchange.tables import table_label
from ui import formatting
from ui.dialogs.form import OK, button_box

HEADERS = ["ข้อมูล", "ใหม่", "ปรับปรุง", "เหมือนเดิม", "ขัดแย้ง"]
REGISTERS = ("ครั้งแรกที่ได้รับชุดข้อมูลจากสำนักงานนี้: เมื่อนำเข้า โปรแกรมจะลงทะเบียนเครื่องและกุญแจของผู้ส่งไว้ "
             "ชุดต่อไปต้องมาจากเครื่องเดียวกัน — โทรศัพท์ตรวจลายนิ้วมือกุญแจกับผู้ส่งก่อนนำเข้า")
KEYS = ["new", "updated", "unchanged", "conflicts"]


def summary_text(report: ImportReport) -> str:
    scope = "ข้อมูลทั้งหมด" if report.scope == "all" else "เฉพาะข้อมูลที่เปลี่ยนแปลง"
    lines = [
        f"จาก: {report.sender_label} (ลายนิ้วมือกุญแจ {report.sender_fingerprint})",
        f"ส่งถึง: {report.destination_label}",
        f"สร้างเมื่อ: {formatting.thai_datetime(parse_iso(report.created_at))} ({scope})",
    ]
    if report.aggregate_only:
        lines.append("ไม่มีข้อมูลส่วนบุคคลของ: " + ", ".join(table_label(t) for t in report.aggregate_only))
    if report.already_imported:
        lines.append("ชุดข้อมูลนี้เคยนำเข้าแล้ว")
    if report.sender_registration == "new":
        lines.append(REGISTERS)
    t = report.totals
    lines.append(f"รวม: ใหม่ {t['new']:,} · ปรับปรุง {t['updated']:,} · เหมือนเดิม {t['unchanged']:,} · "
                 f"ขัดแย้ง {t['conflicts']:,}")
    return "\n".join(lines)


class BundlePreviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, report: ImportReport) -> None:
        super().__init__(parent)
        self.setWindowTitle("ตรวจชุดข้อมูลก่อนนำเข้า")
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        summary = QLabel(summary_text(report))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        rows = [(name, c) for name, c in report.tables.items() if any(c.values())]
        self.table = QTableWidget(len(rows), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        for r, (name, counts) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(table_label(name)))
            for c, key in enumerate(KEYS, start=1):
                self.table.setItem(r, c, QTableWidgetItem(f"{counts[key]:,}"))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        if report.conflicts_total:
            note = QLabel(
                f"มีข้อมูลขัดแย้ง {report.conflicts_total:,} รายการ (แก้ไขทั้งสองที่) — ข้อมูลที่สำนักงานนี้แก้ไขเองจะคงไว้ "
                "ไม่ถูกแทนที่ และโปรแกรมบันทึกรายการขัดแย้งไว้ตรวจสอบ"
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = button_box(self, self.accept, "นำเข้า")
        self.import_button = buttons.button(OK)
        self.import_button.setEnabled(report.changed or not report.already_imported)
        layout.addWidget(buttons)


def confirm_import(parent: QWidget | None, report: ImportReport) -> bool:
    return BundlePreviewDialog(parent, report).exec() == QDialog.DialogCode.Accepted


MANY_HEADERS = ["ผู้ส่ง", "ใหม่", "ปรับปรุง", "เหมือนเดิม", "ขัดแย้ง", "หมายเหตุ"]


def _note(report: ImportReport) -> str:
    if report.already_imported:
        return "เคยนำเข้าแล้ว"
    if report.sender_registration == "new":
        return f"ผู้ส่งใหม่ (ลายนิ้วมือกุญแจ {report.sender_fingerprint})"
    return ""


class BundlesPreviewDialog(QDialog):
    """The dry run of several bundles at once (a province taking in its districts): one row a file."""

    def __init__(self, parent: QWidget | None, reports: list[ImportReport]) -> None:
        super().__init__(parent)
        self.setWindowTitle("ตรวจชุดข้อมูลก่อนนำเข้า")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        totals = {key: sum(r.totals[key] for r in reports) for key in KEYS}
        lines = [f"ชุดข้อมูล {len(reports):,} ไฟล์ นำเข้าทีละไฟล์ตามลำดับ (แต่ละไฟล์บันทึกแยกกัน)",
                 f"รวม: ใหม่ {totals['new']:,} · ปรับปรุง {totals['updated']:,} · เหมือนเดิม {totals['unchanged']:,} · "
                 f"ขัดแย้ง {totals['conflicts']:,}"]
        if any(r.sender_registration == "new" and not r.already_imported for r in reports):
            lines.append(REGISTERS)
        self.summary = QLabel("\n".join(lines))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(reports), len(MANY_HEADERS))
        self.table.setHorizontalHeaderLabels(MANY_HEADERS)
        self.table.verticalHeader().setVisible(False)
        for r, report in enumerate(reports):
            self.table.setItem(r, 0, QTableWidgetItem(report.sender_label))
            for c, key in enumerate(KEYS, start=1):
                self.table.setItem(r, c, QTableWidgetItem(f"{report.totals[key]:,}"))
            self.table.setItem(r, len(MANY_HEADERS) - 1, QTableWidgetItem(_note(report)))
        header = self.table.horizontalHeader()
        for c in range(len(MANY_HEADERS)):  # names and notes share the width; counts take what they need
            stretch = c in (0, len(MANY_HEADERS) - 1)
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table)
        buttons = button_box(self, self.accept, "นำเข้าทั้งหมด")
        self.import_button = buttons.button(OK)
        self.import_button.setEnabled(any(r.changed or not r.already_imported for r in reports))
        layout.addWidget(buttons)


def confirm_imports(parent: QWidget | None, reports: list[ImportReport]) -> bool:
    return BundlesPreviewDialog(parent, reports).exec() == QDialog.DialogCode.Accepted
