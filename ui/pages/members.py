"""ภาคีเครือข่าย: the partner registry — instant search, filters, detail, add/edit, soft delete with
undo, import wizard, merge screen, PDPA tools."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from moi_desktop import reference
from moi_desktop.errors import UserError
from moi_desktop.imports.export import write_template
from moi_desktop.members import (
    LAWFUL_BASES,
    MemberQuery,
    code_label,
    delete_member,
    display_name,
    erase_person,
    get_member,
    merge_history,
    photo_path,
    restore_member,
    team_roles,
    write_person_export,
)
from moi_desktop.members.exports import shown_id
from moi_desktop.members.importer import TEMPLATE_FIELDS, TEMPLATE_NOTES
from moi_desktop.thai import format_phone, phone_problem
from ui import formatting
from ui.context import AppContext
from ui.dialogs.import_wizard import ImportWizard
from ui.dialogs.member_edit import MemberDialog
from ui.dialogs.member_merge import MergeDialog
from ui.dialogs.member_retention import RetentionDialog
from ui.errors import show_error, show_message
from ui.models.members_model import MembersModel
from ui.pages import PageSpec
from ui.permissions import guard, may
from ui.photos import thumbnail
from ui.shortcuts import install as install_shortcuts
from ui.widgets.search_combo import SearchCombo

SEARCH_DELAY_MS = 120  # one query per typing pause, not per key
UNDO_SECONDS = 15


def _html(text: object) -> str:
    from html import escape

    return escape("" if text is None else str(text))


class MembersPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.db = ctx.db
        self.model = MembersModel(self.db, self)
        self._deleted: list[str] = []

        self.search = QLineEdit()
        self.search.setPlaceholderText("ค้นหา ชื่อ นามสกุล เบอร์โทร หน่วยงาน หรือเลขประจำตัวประชาชน")
        self.search.setClearButtonEnabled(True)
        self.sector = QComboBox()
        self.sector.addItem("ทุกภาคี", None)
        for row in reference.sectors(self.db):
            self.sector.addItem(row["name_th"], row["code"])
        self.team = QComboBox()
        self.team.addItem("ทุกทีม", None)
        for row in team_roles(self.db):
            self.team.addItem(row["name_th"], row["code"])
        self.subdistrict = SearchCombo("ทุกตำบล")
        office = ctx.office
        if office and office.district_code:
            rows = reference.subdistricts_in(self.db, office.district_code)
            self.subdistrict.set_items([(r["subdistrict_code"], r["name_th"]) for r in rows])
        self.active = QComboBox()
        for label, value in (("ทุกสถานะ", None), ("ใช้งาน", True), ("ไม่ใช้งาน", False)):
            self.active.addItem(label, value)
        self.count = QLabel()
        self.count.setObjectName("member_count")

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        for column, width in enumerate((220, 150, 190, 200, 140, 110, 150)):
            self.table.setColumnWidth(column, width)

        self.detail = QTextBrowser()
        self.detail.setObjectName("member_detail")
        self.photo = QLabel()
        self.photo.setFixedSize(96, 120)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.hide()

        self.add_button = QPushButton("เพิ่ม")
        self.edit_button = QPushButton("แก้ไข")
        self.delete_button = QPushButton("ลบ")
        self.import_button = QPushButton("นำเข้าจาก Excel…")
        self.merge_button = QPushButton("รายการซ้ำ / รวม…")
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.open_import)
        self.merge_button.clicked.connect(self.open_merge)
        more = QToolButton()
        more.setText("เพิ่มเติม")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        menu.addAction("บันทึกแบบฟอร์มเปล่า (Excel)…", self.save_template)
        menu.addSeparator()
        menu.addAction("PDPA: ส่งออกข้อมูลทั้งหมดของบุคคลนี้…", self.export_person)
        menu.addAction("PDPA: ลบข้อมูลส่วนบุคคลของบุคคลนี้…", self.erase_person)
        menu.addAction("PDPA: ระยะเวลาเก็บรักษา / รายชื่อที่ไม่ใช้งาน…", self.open_retention)
        more.setMenu(menu)

        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("undo_bar")
        self.undo_bar.setStyleSheet("#undo_bar { background: #fff4d6; border: 1px solid #e0c070; }")
        self.undo_text = QLabel()
        self.undo_button = QPushButton("เลิกทำ")
        self.undo_button.clicked.connect(self.undo_delete)
        bar = QHBoxLayout(self.undo_bar)
        bar.setContentsMargins(8, 2, 8, 2)
        bar.addWidget(self.undo_text, 1)
        bar.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_SECONDS * 1000)
        self._undo_timer.timeout.connect(self.undo_bar.hide)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.sector, 1)
        filters.addWidget(self.team, 1)
        filters.addWidget(self.subdistrict, 1)
        filters.addWidget(self.active)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.import_button, self.merge_button):
            actions.addWidget(button)
        actions.addWidget(more)
        actions.addStretch(1)
        actions.addWidget(self.count)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.photo)
        detail_layout.addWidget(self.detail, 1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(detail_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.undo_bar)
        layout.addWidget(split, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.sector, self.team, self.active):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.subdistrict.currentIndexChanged.connect(lambda _i: self.apply_filters())
        subdistrict_edit = self.subdistrict.lineEdit()
        if subdistrict_edit is not None:  # an editable combo: always
            subdistrict_edit.editingFinished.connect(self.apply_filters)
        ctx.data_changed.connect(self._on_data_changed)
        self.shortcuts = install_shortcuts(self, "members", view=self.table, search=self.search, new=self.add_member,
                                           open=self.edit_selected, delete=self.delete_selected,
                                           undo=self.undo_delete, refresh=self.refresh)
        self.apply_filters()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._search_timer.stop()
        self._undo_timer.stop()
        super().closeEvent(event)

    # --- list -------------------------------------------------------------------------------
    def current_query(self) -> MemberQuery:
        return MemberQuery(
            text=self.search.text(),
            sector=self.sector.currentData(),
            team_role=self.team.currentData(),
            subdistrict_code=self.subdistrict.current_code(),
            active=self.active.currentData(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.set_query(self.current_query())
        total = formatting.digits(f"{self.model.total:,}")
        self.count.setText(f"พบ {total} คน" if self.model.total_is_exact else f"พบมากกว่า {total} คน")
        self._show_detail()

    def refresh(self) -> None:
        selected = self.selected_ids()
        self.apply_filters()
        if selected:
            self.select_member(selected[0])

    def _on_data_changed(self, table: str) -> None:
        if table in ("members", "member_merges"):
            self.refresh()

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [mid for mid in (self.model.member_id(r) for r in rows) if mid]

    def select_member(self, member_id: str) -> bool:
        row = self.model.row_of(member_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    # --- detail -----------------------------------------------------------------------------
    def _show_detail(self) -> None:
        ids = self.selected_ids()
        editable = may(self.ctx, "members.edit")  # the core refuses the others whatever is enabled
        self.edit_button.setEnabled(editable and len(ids) == 1)
        self.delete_button.setEnabled(editable and bool(ids))
        self.add_button.setEnabled(editable)
        self.merge_button.setEnabled(editable)
        self.import_button.setEnabled(may(self.ctx, "members.import"))
        if len(ids) != 1:
            self.detail.setHtml("<p style='color:#777'>เลือกรายชื่อเพื่อดูรายละเอียด</p>" if not ids
                                else f"<p>เลือกไว้ {formatting.digits(len(ids))} คน</p>")
            self.photo.hide()
            return
        row = self._member(ids[0])
        self.detail.setHtml(self._detail_html(row))
        path = photo_path(row["photo_hash"])
        if path:
            self.photo.setPixmap(thumbnail(path, self.photo.size()))
        self.photo.setVisible(bool(path))

    def _member(self, member_id: str) -> dict:
        """A listed member's stored row (tombstones too: the page names what it just deleted)."""
        row = get_member(self.db, member_id)
        if row is None:
            raise UserError("ไม่พบสมาชิกที่เลือก (อาจถูกลบไปแล้ว)")
        return row

    def _detail_html(self, row: dict) -> str:
        def name_of(field: str, value: str | None) -> str:
            return code_label(self.db, field, value)

        sector = name_of("sector", row["sector"])
        if row["sector"] == "other" and row["sector_other"]:
            sector = f"{sector}: {row['sector_other']}"
        address = " ".join(
            p for p in (
                row["house_no"] and f"เลขที่ {formatting.digits(row['house_no'])}",
                row["moo"] and f"หมู่ {formatting.digits(row['moo'])}",
                row["subdistrict_code"] and f"ต.{name_of('subdistrict_code', row['subdistrict_code'])}",
                row["address_extra"],
            ) if p
        )
        phone = row["phone"] or ""
        if phone and phone_problem(phone) is None:
            phone = formatting.digits(format_phone(phone))
        consent = ""
        if row["consent_date"]:
            consent = formatting.thai_date(date.fromisoformat(row["consent_date"]), "full")
        lines = [
            ("เลขประจำตัวประชาชน", formatting.digits(shown_id(row["national_id"], False))),
            ("โทรศัพท์", phone),
            ("อีเมล", row["email"]),
            ("LINE", row["line_id"]),
            ("ภาคี", sector),
            ("ทีม", name_of("team_role", row["team_role"])),
            ("หน่วยงาน", row["organisation"]),
            ("ตำแหน่ง", row["position"]),
            ("ที่อยู่", address),
            ("สถานะ", "ใช้งาน" if row["active"] else "ไม่ใช้งาน"),
            ("ฐาน PDPA", LAWFUL_BASES.get(row["lawful_basis"] or "", "")),
            ("วันที่ให้ความยินยอม", consent),
            ("หมายเหตุ", row["notes"]),
        ]
        merges = merge_history(self.db, row["id"])
        if merges:
            lines.append(("ประวัติการรวม", f"รวมรายการซ้ำแล้ว {formatting.digits(len(merges))} ครั้ง"))
        body = "".join(f"<tr><td style='color:#555;padding-right:8px'>{_html(k)}</td><td>{_html(v)}</td></tr>"
                       for k, v in lines if v)
        return f"<h3>{_html(display_name(row))}</h3><table>{body}</table>"

    # --- actions ----------------------------------------------------------------------------
    def _dialog(self, member_id: str | None) -> MemberDialog:
        return MemberDialog(self.ctx, member_id, self)

    def add_member(self) -> MemberDialog:
        dialog = self._dialog(None)
        dialog.accepted.connect(lambda: self._after_save(dialog.saved_id))
        dialog.open()
        return dialog

    def edit_selected(self) -> MemberDialog | None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        dialog = self._dialog(ids[0])
        dialog.accepted.connect(lambda: self._after_save(dialog.saved_id))
        dialog.open()
        return dialog

    def _after_save(self, member_id: str | None) -> None:
        self.refresh()
        if member_id:
            self.select_member(member_id)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        try:
            for member_id in ids:
                delete_member(self.db, member_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self._deleted = ids
        names = display_name(self._member(ids[0]))
        text = f"ลบ “{names}” แล้ว" if len(ids) == 1 else f"ลบ {formatting.digits(len(ids))} คนแล้ว"
        self.undo_text.setText(text)
        self.undo_bar.show()
        self._undo_timer.start()
        self.refresh()

    def undo_delete(self) -> None:
        ids = self._deleted
        try:
            for member_id in ids:
                restore_member(self.db, member_id)
        except UserError as exc:
            show_error(self, exc)
        self._deleted = []
        self.undo_bar.hide()
        self.refresh()
        if ids:
            self.select_member(ids[0])

    def open_import(self) -> ImportWizard:
        wizard = ImportWizard(self.ctx, "members", self)
        wizard.finished.connect(lambda _r: self.refresh())
        wizard.open()
        return wizard

    def open_merge(self) -> MergeDialog:
        ids = self.selected_ids()
        pair = (ids[0], ids[1]) if len(ids) == 2 else None
        dialog = MergeDialog(self.ctx, pair, self)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    def save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "บันทึกแบบฟอร์มเปล่า", "แบบรายชื่อภาคีเครือข่าย.xlsx", "Excel (*.xlsx)")
        if not name:
            return
        try:
            out = write_template(TEMPLATE_FIELDS, Path(name), title="แบบรายชื่อภาคีเครือข่าย ๗ ภาคี", notes=TEMPLATE_NOTES)
        except UserError as exc:
            show_error(self, exc)
            return
        show_message(self, f"บันทึกแบบฟอร์มแล้ว: {out}")

    def _one_selected(self) -> str | None:
        ids = self.selected_ids()
        if len(ids) != 1:
            show_message(self, "กรุณาเลือกรายชื่อหนึ่งคน")
            return None
        return ids[0]

    def export_person(self, out: Path | None = None) -> Path | None:
        if not guard(self.ctx, "members.export_personal", self):
            return None
        member_id = self._one_selected()
        if not member_id:
            return None
        if out is None:
            name, _ = QFileDialog.getSaveFileName(self, "ส่งออกข้อมูลส่วนบุคคล", "ข้อมูลส่วนบุคคล.json", "JSON (*.json)")
            if not name:
                return None
            out = Path(name)
        try:
            written = write_person_export(self.db, member_id, out)  # checked and audited by the core
        except UserError as exc:
            show_error(self, exc)
            return None
        show_message(self, f"บันทึกข้อมูลทั้งหมดของบุคคลนี้แล้ว: {written}")
        return written

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "ยืนยัน", text)
        return answer == QMessageBox.StandardButton.Yes

    def erase_person(self) -> bool:
        # Erasure rewrites the record (personal fields cleared): the right to edit members.
        if not guard(self.ctx, "members.edit", self):
            return False
        member_id = self._one_selected()
        if not member_id:
            return False
        name = display_name(self._member(member_id))
        if not self.confirm(f"ลบข้อมูลส่วนบุคคลของ “{name}” ตามคำขอของเจ้าของข้อมูล?\n"
                            "ชื่อ เลขประจำตัวประชาชน ที่อยู่ และข้อมูลติดต่อจะถูกลบถาวร ย้อนกลับไม่ได้"):
            return False
        try:
            erase_person(self.db, member_id)
        except UserError as exc:
            show_error(self, exc)
            return False
        self.refresh()
        return True

    def open_retention(self) -> RetentionDialog:
        dialog = RetentionDialog(self.ctx, self)
        dialog.open()
        return dialog


PAGE = PageSpec(key="members", title="ภาคีเครือข่าย", order=30, factory=lambda ctx: MembersPage(ctx))
