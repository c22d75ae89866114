"""Enrolment: pick people from the member registry (search, tick, enrol), and the preview of a
registrant workbook before it is imported (who is new, who is known, which rows have problems)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.members.model import display_name
from moi_desktop.members.search import MemberQuery, search_members
from moi_desktop.trainings import RegistrantImport, enrol_members, enrolled
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import OK, button_box

PAGE_SIZE = 200
SEARCH_DELAY_MS = 150


class EnrolDialog(QDialog):
    """Search the registry, tick people (ticks survive new searches), enrol them. `added` after accept()."""

    def __init__(self, ctx: AppContext, training_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = ctx.db
        self.training_id = training_id
        self.added = 0
        self.chosen: dict[str, str] = {}  # member id -> name, across searches
        self.enrolled = {p["id"] for p in enrolled(self.db, training_id)}
        self.setWindowTitle("เพิ่มผู้เข้าอบรมจากทะเบียนภาคีเครือข่าย")
        self.resize(640, 620)
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("ค้นหาชื่อ นามสกุล หน่วยงาน เลขบัตร หรือโทรศัพท์")
        self.search.textChanged.connect(lambda _t: self._timer.start())
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.itemChanged.connect(self._on_item_changed)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        select_all = QPushButton("เลือกทั้งหมดที่แสดง")
        select_all.clicked.connect(lambda: self._check_all(True))
        clear = QPushButton("ไม่เลือกทั้งหมดที่แสดง")
        clear.clicked.connect(lambda: self._check_all(False))
        self.count = QLabel()
        row.addWidget(select_all)
        row.addWidget(clear)
        row.addStretch(1)
        row.addWidget(self.count)
        layout.addLayout(row)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b3261e;")
        layout.addWidget(self.error)
        buttons = button_box(self, self.save, "ลงทะเบียนผู้ที่เลือก")
        self.ok = buttons.button(OK)
        layout.addWidget(buttons)
        self._timer: QTimer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        rows = search_members(self.db, MemberQuery(text=self.search.text()), limit=PAGE_SIZE)
        self.list.blockSignals(True)
        self.list.clear()
        for r in rows:
            name = display_name(r)
            unit = r.get("organisation") or r.get("sector_name") or ""
            item = QListWidgetItem(f"{name} — {unit}" if unit else name)
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            item.setData(Qt.ItemDataRole.UserRole + 1, name)
            if r["id"] in self.enrolled:
                item.setText(item.text() + "  (ลงทะเบียนแล้ว)")
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            else:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if r["id"] in self.chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_count(len(rows))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        member_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen[member_id] = item.data(Qt.ItemDataRole.UserRole + 1)
        else:
            self.chosen.pop(member_id, None)
        self._update_count(self.list.count())

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(state)

    def _update_count(self, shown: int) -> None:
        more = " (แสดง ๒๐๐ รายการแรก — พิมพ์เพื่อค้นหาเพิ่ม)" if shown >= PAGE_SIZE else ""
        self.count.setText(formatting.digits(f"เลือกแล้ว {len(self.chosen):,} คน{more}"))
        self.ok.setEnabled(bool(self.chosen))

    def save(self) -> None:
        try:
            self.added = enrol_members(self.db, self.training_id, list(self.chosen))
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class RegistrantPreviewDialog(QDialog):
    """The dry run of a registrant workbook: totals and every problem by Excel row; OK imports."""

    def __init__(self, result: RegistrantImport, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        report = result.report
        self.setWindowTitle("ตรวจสอบไฟล์รายชื่อผู้เข้าอบรม")
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        summary = QLabel(formatting.digits(
            f"ไฟล์ {file_name}: {report.rows:,} แถว ลงทะเบียนได้ {report.valid:,} คน "
            f"(สมาชิกใหม่ {result.new_members:,} คน, มีในทะเบียนแล้ว {result.existing_members:,} คน)\n"
            f"ผิดพลาด {len(report.errors):,} แถว · ซ้ำในไฟล์ {len(report.duplicates):,} แถว "
            f"· โปรดตรวจสอบ {len(report.warnings):,} รายการ — แถวที่ผิดพลาดจะไม่ถูกนำเข้า"))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        problems = report.problems_by_row()
        self.table = QTableWidget(sum(len(v) for v in problems.values()), 2)
        self.table.setHorizontalHeaderLabels(["แถวใน Excel", "ปัญหา"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        i = 0
        for row, messages in problems.items():
            for message in messages:
                self.table.setItem(i, 0, QTableWidgetItem(formatting.digits(str(row))))
                self.table.setItem(i, 1, QTableWidgetItem(message))
                i += 1
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(formatting.digits(f"นำเข้าและลงทะเบียน {report.valid:,} คน"))
        ok.setEnabled(report.valid > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
