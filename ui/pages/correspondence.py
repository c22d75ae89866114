"""หนังสือราชการ: write memos, external and stamped letters and minutes in the program (drafts kept
in the database, live preview), number them from the outgoing register, save them as PDF or print
them; the register itself (cancel a number with a reason, print the register) and the officials
who sign.

Every write is the core's (moi_desktop/correspondence): this page only gathers the form and shows
the result. Previews and PDFs render as background tasks on their own connection.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.correspondence import (
    Letter,
    Official,
    add_official,
    blank_letter,
    cancel_letter,
    cancel_number,
    deactivate_official,
    delete_draft,
    duplicate_letter,
    get_letter,
    issue_letter,
    list_letters,
    list_officials,
    list_register,
    new_letter,
    preview_letter,
    render_letter,
    update_letter,
    update_official,
)
from moi_desktop.correspondence.register import ref_number, today
from moi_desktop.errors import UserError
from moi_desktop.reports import render_report
from moi_desktop.thai import BE_OFFSET
from ui import formatting
from ui.context import AppContext
from ui.dialogs import save_report
from ui.errors import show_error, show_message
from ui.pages import PageSpec
from ui.permissions import may
from ui.shortcuts import install as install_shortcuts
from ui.widgets.letter_form import LetterForm
from ui.widgets.pdf_preview import PdfPreview
from ui.widgets.thai_numbers import ThaiSpinBox

TABLES = {"letters", "outgoing_letters", "officials", "office"}
PREVIEW_DELAY_MS = 600


def _item(text: str, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class CorrespondencePage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._tmp = Path(tempfile.mkdtemp(prefix="moi-letter-"))
        self._preview_serial = 0
        self.current: Letter = blank_letter("memo")
        self.dirty = False
        self.last_saved: Path | None = None
        self.last_message = ""
        self.destroyed.connect(lambda *_, tmp=self._tmp: shutil.rmtree(tmp, ignore_errors=True))

        self.tabs = QTabWidget()
        self.tabs.addTab(self._letters_tab(), "หนังสือ")
        self.tabs.addTab(self._register_tab(), "ทะเบียนหนังสือส่ง")
        self.tabs.addTab(self._officials_tab(), "ผู้ลงนาม")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self.form.changed.connect(self._on_form_changed)
        ctx.data_changed.connect(self._on_data_changed)
        self.refresh()
        self.start_new("memo")
        self.shortcuts = install_shortcuts(self, "correspondence", view=self.letters,
                                           new=lambda: self.start_new("memo"), refresh=self.refresh)

    # -- layout ----------------------------------------------------------------------------
    def _letters_tab(self) -> QWidget:
        self.letters = _table(["สถานะ", "ชนิด", "ที่", "เรื่อง", "เรียน", "แก้ไขล่าสุด"], 3)
        self.letters.setObjectName("letters_table")
        self.letters.itemSelectionChanged.connect(self._on_letter_selected)
        self.new_memo_button = QPushButton("บันทึกข้อความใหม่")
        self.new_letter_button = QPushButton("หนังสือภายนอกใหม่")
        self.new_stamped_button = QPushButton("หนังสือประทับตราใหม่")
        self.new_minutes_button = QPushButton("รายงานการประชุมใหม่")
        self.duplicate_button = QPushButton("ทำสำเนา")
        self.delete_button = QPushButton("ลบร่าง")
        self.new_memo_button.clicked.connect(lambda: self.start_new("memo"))
        self.new_letter_button.clicked.connect(lambda: self.start_new("letter"))
        self.new_stamped_button.clicked.connect(lambda: self.start_new("stamped"))
        self.new_minutes_button.clicked.connect(lambda: self.start_new("minutes"))
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button.clicked.connect(self.delete_current_draft)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        new_row = QHBoxLayout()
        for b in (self.new_memo_button, self.new_letter_button):
            new_row.addWidget(b)
        new_row2 = QHBoxLayout()
        for b in (self.new_stamped_button, self.new_minutes_button):
            new_row2.addWidget(b)
        left_layout.addLayout(new_row)
        left_layout.addLayout(new_row2)
        left_layout.addWidget(self.letters, 1)
        row = QHBoxLayout()
        row.addWidget(self.duplicate_button)
        row.addWidget(self.delete_button)
        left_layout.addLayout(row)

        self.form = LetterForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.save_button = QPushButton("บันทึกร่าง")
        self.issue_button = QPushButton("ออกเลขหนังสือ")
        self.cancel_button = QPushButton("ยกเลิกเลข…")
        self.save_button.clicked.connect(self.save_draft)
        self.issue_button.clicked.connect(self.issue)
        self.cancel_button.clicked.connect(self.cancel)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.issue_button, self.cancel_button):
            buttons.addWidget(b)
        middle_layout.addLayout(buttons)

        self.preview = PdfPreview()
        self.preview.clear("ตัวอย่างหนังสือจะแสดงที่นี่")
        self.save_pdf_button = QPushButton("บันทึก PDF")
        self.print_button = QPushButton("พิมพ์…")
        self.save_pdf_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_letter)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.preview, 1)
        row = QHBoxLayout()
        row.addWidget(self.save_pdf_button)
        row.addWidget(self.print_button)
        right_layout.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        for w in (left, middle, right):
            splitter.addWidget(w)
        splitter.setSizes([320, 420, 460])
        return splitter

    def _register_tab(self) -> QWidget:
        self.year = ThaiSpinBox()
        self.year.setRange(2500, 2700)
        self.year.setPrefix("พ.ศ. ")
        self.year.setValue(today().year + BE_OFFSET)
        self.year.valueChanged.connect(lambda _v: self.refresh_register())
        self.register_table = _table(["เลขที่", "ที่", "ลงวันที่", "ถึง", "เรื่อง", "ชนิด", "หมายเหตุ"], 4)
        self.register_table.setObjectName("register_table")
        self.register_cancel_button = QPushButton("ยกเลิกเลข…")
        self.register_cancel_button.clicked.connect(self.cancel_register_entry)
        self.register_pdf_button = QPushButton("พิมพ์ทะเบียน (PDF)")
        self.register_xlsx_button = QPushButton("บันทึกทะเบียน (Excel)")
        self.register_pdf_button.clicked.connect(lambda: self.save_register("pdf"))
        self.register_xlsx_button.clicked.connect(lambda: self.save_register("xlsx"))
        tab = QWidget()
        layout = QVBoxLayout(tab)
        top = QHBoxLayout()
        top.addWidget(QLabel("ปี"))
        top.addWidget(self.year)
        top.addStretch(1)
        for b in (self.register_cancel_button, self.register_pdf_button, self.register_xlsx_button):
            top.addWidget(b)
        layout.addLayout(top)
        layout.addWidget(self.register_table, 1)
        return tab

    def _officials_tab(self) -> QWidget:
        self.officials_table = _table(["ลำดับ", "ชื่อ", "ตำแหน่ง", "ตำแหน่งใต้ลายมือชื่อ", "ใช้งาน"], 3)
        self.officials_table.setObjectName("officials_table")
        self.officials_table.itemSelectionChanged.connect(self._on_official_selected)
        self.official_title = QLineEdit()
        self.official_title.setPlaceholderText("นาย / นาง / นางสาว …")
        self.official_name = QLineEdit()
        self.official_position = QLineEdit()
        self.official_signature = QPlainTextEdit()
        self.official_signature.setPlaceholderText("เว้นว่าง = ตำแหน่ง (หลายบรรทัดได้)")
        self.official_signature.setMaximumHeight(80)
        self.official_order = ThaiSpinBox()
        self.official_order.setRange(0, 999)
        form = QFormLayout()
        form.addRow("คำนำหน้า", self.official_title)
        form.addRow("ชื่อ-สกุล", self.official_name)
        form.addRow("ตำแหน่ง", self.official_position)
        form.addRow("ตำแหน่งใต้ลายมือชื่อ", self.official_signature)
        form.addRow("ลำดับ", self.official_order)
        self.official_add_button = QPushButton("เพิ่มผู้ลงนาม")
        self.official_save_button = QPushButton("บันทึกการแก้ไข")
        self.official_deactivate_button = QPushButton("ปิดใช้งาน")
        self.official_add_button.clicked.connect(self.add_official)
        self.official_save_button.clicked.connect(self.save_official)
        self.official_deactivate_button.clicked.connect(self.deactivate_official)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.officials_table, 1)
        layout.addLayout(form)
        row = QHBoxLayout()
        for b in (self.official_add_button, self.official_save_button, self.official_deactivate_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        return tab

    # -- lists -----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.refresh_letters()
        self.refresh_register()
        self.refresh_officials()
        self._update_buttons()

    def _on_data_changed(self, table: str) -> None:
        if table in TABLES:
            self.refresh()

    def refresh_letters(self) -> None:
        selected = self.current.id
        self.letters.blockSignals(True)
        self.letters.setRowCount(0)
        for letter in list_letters(self.ctx.db):
            row = self.letters.rowCount()
            self.letters.insertRow(row)
            values = [letter.status_th, letter.kind_th, str(letter.fields.get("ref") or ""), letter.subject,
                      letter.to_whom, formatting.thai_datetime(letter.updated_at) if letter.updated_at else ""]
            for col, text in enumerate(values):
                self.letters.setItem(row, col, _item(text, letter.id))
            if letter.id == selected:
                self.letters.selectRow(row)
        self.letters.blockSignals(False)

    def refresh_register(self) -> None:
        self.register_table.setRowCount(0)
        for entry in list_register(self.ctx.db, self.year.value() - BE_OFFSET):
            row = self.register_table.rowCount()
            self.register_table.insertRow(row)
            try:
                ref = ref_number(self.ctx.db, entry)
            except UserError:
                ref = ""
            note = f"ยกเลิก: {entry.cancel_reason}" if entry.cancelled else ""
            values = [formatting.digits(entry.number), ref, formatting.thai_date(entry.date, "medium"), entry.to_whom,
                      entry.subject, entry.kind_th, note]
            for col, text in enumerate(values):
                self.register_table.setItem(row, col, _item(text, entry.id))

    def refresh_officials(self) -> None:
        officials = list_officials(self.ctx.db, include_inactive=True)
        self.form.set_officials([o for o in officials if o.active])
        self.officials_table.blockSignals(True)
        self.officials_table.setRowCount(0)
        for o in officials:
            row = self.officials_table.rowCount()
            self.officials_table.insertRow(row)
            values = [formatting.digits(o.sort_order), o.full_name, o.position, " / ".join(o.signature_lines()),
                      "ใช้งาน" if o.active else "ปิดใช้งาน"]
            for col, text in enumerate(values):
                self.officials_table.setItem(row, col, _item(text, o.id))
        self.officials_table.blockSignals(False)

    def _update_buttons(self) -> None:
        edit = may(self.ctx, "correspondence.edit")
        draft = self.current.is_draft
        saved = bool(self.current.id)
        for b in (self.new_memo_button, self.new_letter_button, self.new_stamped_button, self.new_minutes_button):
            b.setEnabled(edit)
        self.save_button.setEnabled(edit and draft)
        self.issue_button.setEnabled(edit and draft)
        self.cancel_button.setEnabled(edit and self.current.status == "issued")
        self.duplicate_button.setEnabled(edit and saved)
        self.delete_button.setEnabled(edit and saved and draft)
        self.register_cancel_button.setEnabled(edit)
        manage = may(self.ctx, "officials.manage")
        for b in (self.official_add_button, self.official_save_button, self.official_deactivate_button):
            b.setEnabled(manage)

    # -- the letter being edited -----------------------------------------------------------
    def start_new(self, kind: str) -> None:
        """An empty form of `kind` (saved as a draft on บันทึกร่าง, or when issued)."""
        letter = blank_letter(kind)
        officials = list_officials(self.ctx.db)
        if officials and kind != "stamped":
            letter = replace(letter, signer_id=officials[0].id)
        self.letters.clearSelection()
        self._show(letter)

    def open_letter(self, letter_id: str) -> None:
        self._show(get_letter(self.ctx.db, letter_id))
        for row in range(self.letters.rowCount()):
            item = self.letters.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == letter_id:
                self.letters.blockSignals(True)
                self.letters.selectRow(row)
                self.letters.blockSignals(False)

    def _show(self, letter: Letter) -> None:
        self.current = letter
        self.dirty = False
        self.form.load(letter)
        self._update_buttons()
        self.update_preview()

    def _on_letter_selected(self) -> None:
        items = self.letters.selectedItems()
        if items:
            self._show(get_letter(self.ctx.db, items[0].data(Qt.ItemDataRole.UserRole)))

    def _on_form_changed(self) -> None:
        self.dirty = True
        self._preview_timer.start()

    def save_draft(self) -> Letter | None:
        """Save the form: a new draft, or the changes to the one open. Returns it (None on error)."""
        letter = self.form.letter()
        try:
            if not letter.id:
                saved = new_letter(self.ctx.db, letter.kind, subject=letter.subject, to_whom=letter.to_whom,
                                   fields=letter.fields, body=letter.body, attachments=letter.attachments,
                                   signer_id=letter.signer_id, source=letter.source)
            else:
                saved = update_letter(self.ctx.db, letter.id, subject=letter.subject, to_whom=letter.to_whom,
                                      fields=letter.fields, body=letter.body, attachments=letter.attachments,
                                      signer_id=letter.signer_id)
        except UserError as exc:
            show_error(self, exc)
            return None
        if saved.warnings:
            show_message(self, "\n".join(saved.warnings), "ตัดอักขระที่มองไม่เห็นออกแล้ว")
        self.current = saved
        self.dirty = False
        self.refresh_letters()
        self.open_letter(saved.id)
        return saved

    def confirm(self, text: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(self, "ยืนยัน", text, buttons, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def ask_reason(self, text: str) -> str | None:
        reason, ok = QInputDialog.getText(self, "ยกเลิกเลขหนังสือ", text)
        return reason if ok else None

    def issue(self) -> str | None:
        """Save, confirm, then number the letter from the register. Returns the reference."""
        if not self.current.is_draft:
            return None
        if (self.dirty or not self.current.id) and self.save_draft() is None:
            return None
        if not self.confirm("ออกเลขหนังสือจากทะเบียนหนังสือส่ง?\nเมื่อออกเลขแล้วจะแก้ไขหนังสือนี้ไม่ได้ "
                            "(ทำสำเนาเพื่อเขียนฉบับใหม่ได้)"):
            return None
        try:
            letter, entry = issue_letter(self.ctx.db, self.current.id)
        except UserError as exc:
            show_error(self, exc)
            return None
        reference = entry.reference(self.ctx.db)
        self.refresh()
        self.open_letter(letter.id)
        self.last_message = f"ออกเลขหนังสือแล้ว: {reference} ลงวันที่ {formatting.thai_date(entry.date, "full")}"
        show_message(self, self.last_message, "ออกเลขหนังสือแล้ว")
        return reference

    def cancel(self) -> None:
        if self.current.status != "issued":
            return
        reason = self.ask_reason(f"เหตุผลที่ยกเลิกหนังสือ ที่ {self.current.fields.get('ref', '')} "
                                 "(เลขนี้จะคงอยู่ในทะเบียนโดยระบุว่ายกเลิก)")
        if reason is None:
            return
        try:
            letter = cancel_letter(self.ctx.db, self.current.id, reason)
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.open_letter(letter.id)

    def duplicate(self) -> None:
        if not self.current.id:
            return
        try:
            copy = duplicate_letter(self.ctx.db, self.current.id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh_letters()
        self.open_letter(copy.id)

    def delete_current_draft(self) -> None:
        if not self.current.id or not self.current.is_draft:
            return
        if not self.confirm("ลบร่างหนังสือนี้?"):
            return
        try:
            delete_draft(self.ctx.db, self.current.id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh_letters()
        self.start_new(self.current.kind)

    # -- preview, PDF, print ---------------------------------------------------------------
    def update_preview(self) -> None:
        self._preview_timer.stop()
        self._preview_serial += 1
        out = self._tmp / f"letter-{self._preview_serial}.pdf"
        self.ctx.tasks.run(preview_letter, self.form.letter(), out, title="กำลังสร้างตัวอย่างหนังสือ",
                           on_done=self._show_preview, on_error=self._preview_failed)

    def _show_preview(self, path: Path) -> None:
        if path.name == f"letter-{self._preview_serial}.pdf":
            self.preview.load(path)

    def _preview_failed(self, exc: BaseException) -> None:
        text = exc.message if isinstance(exc, UserError) else "สร้างตัวอย่างหนังสือไม่สำเร็จ"
        self.preview.show_message(text)

    def _file_name(self) -> str:
        ref = str(self.current.fields.get("ref") or "").replace("/", "-")
        name = " ".join(p for p in (self.current.kind_th, ref, self.current.subject[:40]) if p)
        return name.replace(":", " ").replace("/", "-") or "หนังสือ"

    def save_pdf(self) -> None:
        """Save the letter as PDF: a draft is saved first (the file is what the database holds)."""
        if self.current.is_draft and (self.dirty or not self.current.id) and self.save_draft() is None:
            return
        target = save_report.ask_save_path(self, self._file_name(), "pdf")
        if target is None:
            return
        self.ctx.tasks.run(render_letter, self.current.id, target, title="กำลังบันทึกหนังสือ", on_done=self._saved)

    def _saved(self, path: Path) -> None:
        try:
            message = save_report.confirm_saved(path)
        except Exception as exc:  # a broken write (stick pulled out): say so, never claim success
            show_error(self, exc)
            return
        self.last_saved = path
        self.last_message = message
        show_message(self, message, "บันทึกหนังสือแล้ว")

    def print_letter(self) -> int:
        """The system print dialog for the letter in the preview (as it is on screen)."""
        return self.preview.print_with_dialog()

    # -- register --------------------------------------------------------------------------
    def cancel_register_entry(self) -> None:
        items = self.register_table.selectedItems()
        if not items:
            show_message(self, "กรุณาเลือกเลขหนังสือในทะเบียนก่อน")
            return
        reason = self.ask_reason("เหตุผลที่ยกเลิกเลขหนังสือ (เลขนี้จะคงอยู่ในทะเบียนโดยระบุว่ายกเลิก)")
        if reason is None:
            return
        try:
            cancel_number(self.ctx.db, items[0].data(Qt.ItemDataRole.UserRole), reason)
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh()

    def save_register(self, fmt: str) -> None:
        target = save_report.ask_save_path(self, f"ทะเบียนหนังสือส่ง {self.year.value()}", fmt)
        if target is None:
            return
        self.ctx.tasks.run(render_report, "correspondence.register", target, {"year": self.year.value()},
                           title="กำลังบันทึกทะเบียนหนังสือส่ง", on_done=self._saved)

    # -- officials -------------------------------------------------------------------------
    def _selected_official(self) -> str | None:
        items = self.officials_table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _on_official_selected(self) -> None:
        official_id = self._selected_official()
        official: Official | None = next(
            (o for o in list_officials(self.ctx.db, include_inactive=True) if o.id == official_id), None)
        if official is None:
            return
        self.official_title.setText(official.title)
        self.official_name.setText(official.name)
        self.official_position.setText(official.position)
        self.official_signature.setPlainText(official.signature_position)
        self.official_order.setValue(official.sort_order)

    def _official_fields(self) -> dict[str, object]:
        return {"title": self.official_title.text(), "name": self.official_name.text(),
                "position": self.official_position.text(),
                "signature_position": self.official_signature.toPlainText(),
                "sort_order": self.official_order.value()}

    def add_official(self) -> None:
        try:
            fields = self._official_fields()
            add_official(self.ctx.db, name=str(fields["name"]), position=str(fields["position"]),
                         title=str(fields["title"]), signature_position=str(fields["signature_position"]),
                         sort_order=int(str(fields["sort_order"])))
        except UserError as exc:
            show_error(self, exc)
            return
        for edit in (self.official_title, self.official_name, self.official_position):
            edit.clear()
        self.official_signature.clear()
        self.refresh_officials()

    def save_official(self) -> None:
        official_id = self._selected_official()
        if official_id is None:
            show_message(self, "กรุณาเลือกผู้ลงนามที่จะแก้ไข")
            return
        try:
            update_official(self.ctx.db, official_id, **self._official_fields())
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh_officials()

    def deactivate_official(self) -> None:
        official_id = self._selected_official()
        if official_id is None:
            return
        try:
            deactivate_official(self.ctx.db, official_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh_officials()


PAGE = PageSpec(key="correspondence", title="หนังสือราชการ", order=55,
                factory=lambda ctx: CorrespondencePage(ctx))
