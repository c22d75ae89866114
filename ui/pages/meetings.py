"""การประชุม: the district's meetings — the list, a meeting's invitees and attendance (the
trainings' desk marks a meeting through MeetingRoll: scans, substitutes, walk-ins), the agenda
with resolutions (what is carried automatically under วาระที่ ๒ and ๓ shown beside it), follow-up
actions, and the minutes: preview, save, issue (then frozen). Printing goes through the reports
registry (meeting-minutes, meeting-signin), in the background."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.meetings import (
    MeetingRoll,
    actions,
    add_participant,
    agenda,
    attendance_rows,
    carried_actions,
    certify_previous,
    clear_attendance,
    delete_item,
    delete_meeting,
    get_meeting,
    invitees,
    issue_minutes,
    items,
    list_meetings,
    meeting_counts,
    meeting_title,
    number_text,
    record_substitute,
    remove_invitee,
    set_action_status,
    set_invitee_status,
)
from moi_desktop.meetings.model import ATTENDANCE_STATUSES, MINUTES_STATUSES
from moi_desktop.reports import render_report
from moi_desktop.security.session import allowed
from ui import formatting
from ui.context import AppContext
from ui.dialogs import save_report
from ui.dialogs.meeting_edit import ActionDialog, InviteDialog, ItemDialog, MeetingDialog
from ui.errors import show_error, show_message
from ui.models.attendance_model import DictTableModel
from ui.pages import PageSpec
from ui.shortcuts import DESK as DESK_KEYS
from ui.shortcuts import install as install_shortcuts
from ui.widgets.attendance_desk import AttendanceDesk, remove_desk_from, show_desk_in
from ui.widgets.pdf_preview import PdfPreview

WATCHED = ("meetings", "meeting_invitees", "meeting_attendance", "meeting_items", "meeting_actions", "members")


def _table(model: DictTableModel, stretch: int = 1) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # few rows: cheap
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)  # the long text takes the rest
    view.setWordWrap(True)
    return view


def _buttons(layout: QHBoxLayout, entries: Iterable[tuple[str, Callable[[], object]]]) -> dict[str, QPushButton]:
    made = {}
    for text, slot in entries:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False, slot=slot: slot())
        layout.addWidget(button)
        made[text] = button
    layout.addStretch(1)
    return made


def _status_of(row: dict[str, Any]) -> str:
    status = row.get("status")
    if not status:
        return "ยังไม่ลงเวลา"
    text = ATTENDANCE_STATUSES.get(status, status)
    if status == "substitute":
        return f"{row['came_name']} มาแทน"
    if status == "absent" and row.get("reason"):
        return f"{text} ({row['reason']})"
    return text


class MeetingsPage(QWidget):
    """Interaction hooks (tests replace them): `exec_dialog(dialog) -> bool`, `ask(title, text) -> bool`,
    `ask_text(title, label) -> str | None`, `ask_save_path(name, fmt) -> Path | None`."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.db = ctx.db
        self.desk: AttendanceDesk | None = None
        self.last_pdf: Path | None = None
        self.exec_dialog = lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted
        self.ask = lambda title, text: QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes
        self.ask_text = self._ask_text
        self.ask_save_path = lambda name, fmt: save_report.ask_save_path(self, name, fmt)
        self._tmp = Path(tempfile.mkdtemp(prefix="moi-minutes-"))
        self._serial = 0
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.stack.addWidget(self._build_overview())
        ctx.data_changed.connect(self._on_data_changed)
        self.refresh()
        self.shortcuts = install_shortcuts(self, "meetings", view=self.meetings_view, new=self.new_meeting,
                                           open=self.edit_meeting, refresh=self.refresh, listed=DESK_KEYS)

    def _ask_text(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label)
        return text if ok else None

    # -- layout --------------------------------------------------------------------------------
    def _build_overview(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(QLabel("การประชุม"))
        self.meeting_buttons = _buttons(top, (
            ("สร้างการประชุม", self.new_meeting), ("ประชุมครั้งถัดไปของชุดนี้", self.next_meeting),
            ("แก้ไข", self.edit_meeting), ("ลบ", self.remove_meeting)))
        layout.addLayout(top)
        self.meetings_model = DictTableModel([
            ("ครั้งที่", lambda r: number_text(r), None),
            ("การประชุม", lambda r: r["title"], None),
            ("วันที่", lambda r: formatting.thai_date(r["date"], "medium"), None),
            ("สถานที่", lambda r: r["place"] or "", None),
            ("มา / เชิญ", lambda r: formatting.digits(f"{r['attended']}/{r['invited']}"), None),
            ("งานค้าง", lambda r: formatting.digits(str(r["open_actions"])), None),
            ("รายงานการประชุม", lambda r: MINUTES_STATUSES.get(r["status"], r["status"]), None),
        ], self)
        self.meetings_view = _table(self.meetings_model)
        self.meetings_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_meeting())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.meetings_view)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("meetingSummary")
        self.summary.setWordWrap(True)
        detail_layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_people(), "ผู้เข้าประชุม")
        self.tabs.addTab(self._build_agenda(), "ระเบียบวาระและมติ")
        self.tabs.addTab(self._build_actions(), "งานที่ต้องติดตาม")
        self.tabs.addTab(self._build_minutes(), "รายงานการประชุม")
        detail_layout.addWidget(self.tabs, 1)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        return page

    def _build_people(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.people_buttons = _buttons(row, (
            ("เชิญ…", self.invite), ("มาประชุม", self.mark_present), ("ไม่มาประชุม…", self.mark_absent),
            ("มาแทน…", self.mark_substitute), ("ผู้เข้าร่วมประชุม…", self.add_other), ("ยกเลิกการลงเวลา", self.clear_mark),
            ("เอาออกจากรายชื่อ", self.uninvite)))
        layout.addLayout(row)
        row2 = QHBoxLayout()
        self.desk_buttons = _buttons(row2, (
            ("เปิดโต๊ะลงเวลา (สแกน)", self.open_desk), ("บันทึกจากใบลงลายมือชื่อ", lambda: self.open_desk(paper=True)),
            ("พิมพ์ใบลงลายมือชื่อ…", self.save_signin)))
        layout.addLayout(row2)
        self.people_model = DictTableModel([
            ("ชื่อ - สกุล", lambda r: r["name"], None),
            ("ตำแหน่ง", lambda r: r.get("position") or "", None),
            ("หน้าที่", lambda r: r.get("role") or "", None),
            ("การเข้าประชุม", _status_of, None),
        ], self)
        self.people_view = _table(self.people_model, 1)
        layout.addWidget(self.people_view, 1)
        self.others_label = QLabel()
        self.others_label.setObjectName("participants")
        self.others_label.setWordWrap(True)
        layout.addWidget(self.others_label)
        return page

    def _build_agenda(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.agenda_buttons = _buttons(row, (
            ("เพิ่มเรื่อง…", self.add_item), ("แก้ไข / บันทึกมติ…", self.edit_item), ("ลบเรื่อง", self.remove_item),
            ("รับรองรายงานการประชุมครั้งก่อน…", self.certify)))
        layout.addLayout(row)
        self.agenda_model = DictTableModel([
            ("วาระ", lambda r: formatting.digits(str(r["agenda_no"])), None),
            ("เรื่อง", lambda r: formatting.digits(r["text"]), None),
            ("มติที่ประชุม", lambda r: formatting.digits(r["resolution"]), None),
        ], self)
        self.agenda_view = _table(self.agenda_model)
        layout.addWidget(self.agenda_view, 1)
        return page

    def _build_actions(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.action_buttons = _buttons(row, (
            ("เพิ่มงานจากมติ…", self.add_action), ("ดำเนินการแล้ว", lambda: self.set_status("done")),
            ("ยกเลิกงาน", lambda: self.set_status("cancelled")), ("เปิดใหม่", lambda: self.set_status("open"))))
        layout.addLayout(row)
        self.actions_model = DictTableModel([
            ("งาน", lambda r: formatting.digits(r["what"]), None),
            ("ผู้รับผิดชอบ", lambda r: r["owner_name"], None),
            ("กำหนดแล้วเสร็จ", lambda r: formatting.thai_date(r["due_date"], "medium") if r["due_date"] else "-", None),
            ("สถานะ", lambda r: r["status_th"], None),
            ("จากการประชุมครั้งที่", lambda r: formatting.digits(f"{r['meeting_number']}/{r['meeting_year'] + 543}"),
             None),
        ], self)
        self.actions_view = _table(self.actions_model, 0)
        layout.addWidget(self.actions_view, 1)
        return page

    def _build_minutes(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.minutes_buttons = _buttons(row, (
            ("แสดงตัวอย่าง", self.preview_minutes), ("บันทึกเป็น PDF…", self.save_minutes),
            ("ออกรายงานการประชุม", self.issue)))
        layout.addLayout(row)
        self.minutes_status = QLabel()
        self.minutes_status.setObjectName("minutesStatus")
        layout.addWidget(self.minutes_status)
        self.preview = PdfPreview()
        layout.addWidget(self.preview, 1)
        return page

    # -- state ---------------------------------------------------------------------------------
    def _on_data_changed(self, table: str) -> None:
        if table in WATCHED and self.stack.currentIndex() == 0:
            self.refresh()

    def meeting_id(self) -> str | None:
        index = self.meetings_view.currentIndex()
        if not index.isValid():
            return None
        return str(self.meetings_model.row(index.row())["id"])

    def refresh(self) -> None:
        current = self.meeting_id()
        rows = list_meetings(self.db)
        self.meetings_model.set_rows(rows)
        ids = [str(r["id"]) for r in rows]
        if ids:
            self.select_meeting(current if current is not None and current in ids else ids[0])
        self._show_meeting()

    def select_meeting(self, meeting_id: str) -> None:
        for n, row in enumerate(self.meetings_model.rows):
            if row["id"] == meeting_id:
                self.meetings_view.selectRow(n)
                return

    def _show_meeting(self) -> None:
        meeting_id = self.meeting_id()
        meeting = get_meeting(self.db, meeting_id) if meeting_id else None
        manage = allowed(self.db, "meetings.manage")
        for text, button in self.meeting_buttons.items():
            button.setEnabled(manage and (text == "สร้างการประชุม" or meeting is not None))
        for group in (self.people_buttons, self.desk_buttons, self.agenda_buttons, self.action_buttons,
                      self.minutes_buttons):
            for button in group.values():
                button.setEnabled(meeting is not None)
        if meeting is None:
            self.summary.setText("ยังไม่มีการประชุม — กด “สร้างการประชุม”")
            for model in (self.people_model, self.agenda_model, self.actions_model):
                model.set_rows([])
            self.others_label.setText("")
            self.minutes_status.setText("")
            return
        issued = meeting["status"] == "issued"
        for text in ("แก้ไข", "ลบ"):  # issued minutes are frozen (the core refuses too)
            self.meeting_buttons[text].setEnabled(manage and not issued)
        for group in (self.people_buttons, self.agenda_buttons):
            for button in group.values():
                button.setEnabled(manage and not issued)
        self.desk_buttons["เปิดโต๊ะลงเวลา (สแกน)"].setEnabled(manage and not issued)
        self.desk_buttons["บันทึกจากใบลงลายมือชื่อ"].setEnabled(manage and not issued)
        self.minutes_buttons["ออกรายงานการประชุม"].setEnabled(manage and not issued)
        self.action_buttons["เพิ่มงานจากมติ…"].setEnabled(manage and not issued)
        for text in ("ดำเนินการแล้ว", "ยกเลิกงาน", "เปิดใหม่"):
            self.action_buttons[text].setEnabled(manage)
        c = meeting_counts(self.db, meeting["id"])
        when = formatting.thai_date(meeting["date"], "full")
        if meeting["start_time"]:
            when += f" เวลา {meeting['start_time'].replace(':', '.')} น."
        self.summary.setText(formatting.digits(
            f"{meeting_title(meeting, False)} — {when}" + (f" ณ {meeting['place']}" if meeting["place"] else "")
            + f"\nประธาน: {meeting['chair_name']} · มาประชุม {c['present']}/{c['invited']} คน"
            + (f" (มาแทน {c['substitutes']})" if c["substitutes"] else "")
            + f" · ไม่มา {c['absent']} · ยังไม่ลงเวลา {c['unmarked']} · ผู้เข้าร่วมประชุม {c['participants']}"))
        self.people_model.set_rows(invitees(self.db, meeting["id"]))
        others = [r for r in attendance_rows(self.db, meeting["id"]) if r["status"] == "participant"]
        self.others_label.setText("ผู้เข้าร่วมประชุม: " + (", ".join(
            f"{r['name']} ({r['position']})" if r["position"] else r["name"] for r in others) or "-"))
        self.agenda_model.set_rows(self._agenda_rows(meeting["id"]))
        own = actions(self.db, meeting_id=meeting["id"])
        self.actions_model.set_rows(carried_actions(self.db, meeting["id"]) + own)
        status = MINUTES_STATUSES[meeting["status"]]
        if issued:
            status += f" (ฉบับที่ {int(meeting['revision']) + 1})"
        if meeting["amendment_note"] and not issued:
            status += f" — รอออกใหม่: {meeting['amendment_note']}"
        self.minutes_status.setText(formatting.digits(f"สถานะรายงานการประชุม: {status}"))

    def _agenda_rows(self, meeting_id: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for entry in agenda(self.db, meeting_id):
            number = entry["agenda_no"]
            rows.append({"agenda_no": number, "text": f"ระเบียบวาระที่ {formatting.digits(number)} {entry['heading']}",
                         "resolution": "", "item": None})
            cert = entry.get("certification")
            if cert:
                rows.append({"agenda_no": number, "text": f"(อัตโนมัติ) {cert['body']}",
                             "resolution": cert["resolution"], "item": None})
            for item in entry["items"]:
                text = item["title"] or (item["body"] or "").split("\n")[0]
                rows.append({"agenda_no": number, "text": text, "resolution": item["resolution"] or "", "item": item})
            for action in entry.get("carried_actions") or []:
                rows.append({"agenda_no": number, "text": f"(ติดตาม) {action['what']} — {action['owner_name']}",
                             "resolution": action["status_th"], "item": None})
        return rows

    def _current(self, view: QTableView, model: DictTableModel) -> dict[str, Any] | None:
        index = view.currentIndex()
        return model.row(index.row()) if index.isValid() else None

    def _do(self, fn: Callable[[], object]) -> bool:
        try:
            fn()
        except UserError as exc:
            show_error(self, exc)
            return False
        self.refresh()
        return True

    # -- meetings ------------------------------------------------------------------------------
    def _edit(self, dialog: MeetingDialog) -> str | None:
        if self.exec_dialog(dialog) and dialog.saved_id:
            self.refresh()
            self.select_meeting(dialog.saved_id)
            return str(dialog.saved_id)
        return None

    def new_meeting(self) -> str | None:
        return self._edit(MeetingDialog(self.ctx, parent=self))

    def next_meeting(self) -> str | None:
        meeting_id = self.meeting_id()
        meeting = get_meeting(self.db, meeting_id) if meeting_id else None
        return self._edit(MeetingDialog(self.ctx, parent=self, series=meeting["series"] if meeting else None))

    def edit_meeting(self) -> str | None:
        meeting_id = self.meeting_id()
        return self._edit(MeetingDialog(self.ctx, meeting_id, parent=self)) if meeting_id else None

    def remove_meeting(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id and self.ask("ลบการประชุม", "ลบการประชุมครั้งนี้ (ยังไม่ได้ออกรายงาน) ใช่หรือไม่"):
            self._do(lambda: delete_meeting(self.db, meeting_id))

    # -- people --------------------------------------------------------------------------------
    def _invitee(self) -> dict[str, Any] | None:
        row = self._current(self.people_view, self.people_model)
        if row is None:
            show_message(self, "เลือกผู้เข้าประชุมในตารางก่อน")
        return row

    def invite(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id and self.exec_dialog(InviteDialog(self.ctx, meeting_id, self)):
            self.refresh()

    def mark_present(self) -> None:
        row = self._invitee()
        if row:
            self._do(lambda: set_invitee_status(self.db, row["id"], "present"))

    def mark_absent(self) -> None:
        row = self._invitee()
        if row:
            reason = self.ask_text("ไม่มาประชุม", f"เหตุผลที่ {row['name']} ไม่มาประชุม (เช่น ติดราชการ)")
            if reason is not None:
                self._do(lambda: set_invitee_status(self.db, row["id"], "absent", reason=reason))

    def mark_substitute(self) -> None:
        row = self._invitee()
        if row:
            text = self.ask_text("มาแทน", f"ชื่อผู้มาแทน {row['name']} (ชื่อ | ตำแหน่ง)")
            if text:
                name, _, position = text.partition("|")
                self._do(lambda: record_substitute(self.db, row["id"], name=name.strip(),
                                                   position=position.strip() or None))

    def add_other(self) -> None:
        meeting_id = self.meeting_id()
        text = self.ask_text("ผู้เข้าร่วมประชุม", "ชื่อ | ตำแหน่ง") if meeting_id else None
        if meeting_id and text:
            name, _, position = text.partition("|")
            self._do(lambda: add_participant(self.db, meeting_id, name=name.strip(),
                                             position=position.strip() or None))

    def clear_mark(self) -> None:
        row = self._invitee()
        if row and row.get("attendance_id"):
            self._do(lambda: clear_attendance(self.db, row["attendance_id"]))

    def uninvite(self) -> None:
        row = self._invitee()
        if row and self.ask("เอาออกจากรายชื่อ", f"เอา {row['name']} ออกจากรายชื่อผู้เข้าประชุมใช่หรือไม่"):
            self._do(lambda: remove_invitee(self.db, row["id"]))

    def open_desk(self, *, paper: bool = False) -> AttendanceDesk | None:
        meeting_id = self.meeting_id()
        if meeting_id is None:
            return None
        self.close_desk()
        self.desk = AttendanceDesk(self.ctx, None, paper=paper, roll=MeetingRoll(self.db, meeting_id))
        show_desk_in(self.stack, self.desk, "← กลับไปหน้าการประชุม", self.close_desk)
        return self.desk

    def close_desk(self) -> None:
        remove_desk_from(self.stack)
        self.desk = None
        self.refresh()

    def save_signin(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id:
            self._save_report("meeting-signin", meeting_id, "ใบลงลายมือชื่อผู้เข้าประชุม")

    # -- agenda --------------------------------------------------------------------------------
    def add_item(self, agenda_no: int = 4) -> None:
        meeting_id = self.meeting_id()
        if meeting_id and self.exec_dialog(ItemDialog(self.ctx, meeting_id, parent=self, agenda_no=agenda_no)):
            self.refresh()

    def edit_item(self) -> None:
        meeting_id = self.meeting_id()
        row = self._current(self.agenda_view, self.agenda_model)
        if meeting_id is None or row is None or row["item"] is None:
            show_message(self, "เลือกเรื่องในระเบียบวาระก่อน (หัวข้อวาระและรายการอัตโนมัติแก้ไขที่นี่ไม่ได้)")
            return
        if self.exec_dialog(ItemDialog(self.ctx, meeting_id, row["item"], parent=self)):
            self.refresh()

    def remove_item(self) -> None:
        row = self._current(self.agenda_view, self.agenda_model)
        if row and row["item"] and self.ask("ลบเรื่อง", "ลบเรื่องนี้ออกจากระเบียบวาระใช่หรือไม่"):
            self._do(lambda: delete_item(self.db, row["item"]["id"]))

    def certify(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id is None:
            return
        text = self.ask_text("รับรองรายงานการประชุมครั้งก่อน",
                             "สิ่งที่แก้ไข (ว่างไว้ = รับรองโดยไม่มีการแก้ไข)")
        if text is not None:
            self._do(lambda: certify_previous(self.db, meeting_id, amendments=text or None))

    # -- actions -------------------------------------------------------------------------------
    def add_action(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id and self.exec_dialog(ActionDialog(self.ctx, meeting_id, items(self.db, meeting_id), self)):
            self.refresh()

    def set_status(self, status: str) -> None:
        row = self._current(self.actions_view, self.actions_model)
        if row is None:
            show_message(self, "เลือกงานในตารางก่อน")
            return
        self._do(lambda: set_action_status(self.db, row["id"], status))

    # -- minutes -------------------------------------------------------------------------------
    def preview_minutes(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id is None:
            return
        self._serial += 1
        out = self._tmp / f"minutes-{self._serial}.pdf"
        self.preview.show_message("กำลังสร้างรายงานการประชุม…")
        self.ctx.tasks.run(render_report, "meeting-minutes", out, {"meeting": meeting_id},
                           title="กำลังสร้างรายงานการประชุม", on_done=self._show_preview,
                           on_error=lambda _e: self.preview.show_message("สร้างรายงานการประชุมไม่สำเร็จ"))

    def _show_preview(self, path: Path) -> None:
        self.last_pdf = path
        self.preview.load(path)

    def save_minutes(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id:
            self._save_report("meeting-minutes", meeting_id, "รายงานการประชุม")

    def _save_report(self, key: str, meeting_id: str, name: str) -> None:
        meeting = get_meeting(self.db, meeting_id)
        suggested = f"{name} {number_text(meeting, False).replace('/', '-')}" if meeting else name
        target = self.ask_save_path(suggested, "pdf")
        if target is None:
            return
        self.ctx.tasks.run(render_report, key, target, {"meeting": meeting_id}, title=f"กำลังบันทึก{name}",
                           on_done=self._saved)

    def _saved(self, path: Path) -> None:
        try:
            message = save_report.confirm_saved(path)
        except Exception as exc:  # a broken write (stick pulled out): say so, never claim success
            show_error(self, exc)
            return
        self.last_pdf = path
        show_message(self, message, "บันทึกแล้ว")

    def issue(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id and self.ask("ออกรายงานการประชุม",
                                   "เมื่อออกรายงานการประชุมแล้วจะแก้ไขไม่ได้อีก (จนกว่าที่ประชุมครั้งถัดไปจะรับรอง"
                                   "โดยมีการแก้ไข) ยืนยันหรือไม่"):
            self._do(lambda: issue_minutes(self.db, meeting_id))


PAGE = PageSpec(key="meetings", title="การประชุม", order=45, factory=lambda ctx: MeetingsPage(ctx))
