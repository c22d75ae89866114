"""Dialogs of the meetings page: the meeting itself (date, times, place, chair, secretary,
minutes' times and signers), an agenda item with its resolution, a follow-up action, inviting
someone, and a person typed in (substitute, participant, absence reason)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QWidget

from moi_desktop.cases.query import search_cases
from moi_desktop.correspondence.officials import list_officials
from moi_desktop.meetings import (
    AGENDA,
    add_action,
    add_invitee,
    add_item,
    create_meeting,
    require_meeting,
    series_names,
    update_item,
    update_meeting,
)
from moi_desktop.meetings.model import OWNER_KINDS
from moi_desktop.members.search import MemberQuery, search_members
from moi_desktop.projects.store import list_activities, list_projects
from ui import formatting
from ui.context import AppContext
from ui.dialogs.form import FormDialog
from ui.dialogs.project_fields import ThaiDateField
from ui.widgets.search_combo import SearchCombo


def case_label(row: dict[str, Any]) -> str:
    """A case as the picker shows it: indicator, head of household, address, first words."""
    address = " ".join(part for part in (f"บ้านเลขที่ {row['house_no']}" if row.get("house_no") else "",
                                         f"หมู่ {row['moo']}" if row.get("moo") else "",
                                         row.get("subdistrict_name") or "") if part)
    about = (row.get("description") or "").split("\n")[0][:40]
    return formatting.digits(f"ตัวชี้วัด {row['indicator_number']} · {row['head_name']} {address}"
                          + (f" · {about}" if about else ""))


def _officials_combo(ctx: AppContext) -> QComboBox:
    combo = QComboBox()
    combo.addItem("— พิมพ์ชื่อเอง —", None)
    for official in list_officials(ctx.db):
        combo.addItem(official.label(), official.id)
    return combo


class _Person:
    """A role filled from the officials registry or typed (name and position)."""

    def __init__(self, ctx: AppContext) -> None:
        self.official = _officials_combo(ctx)
        self.name = QLineEdit()
        self.position = QLineEdit()

    def load(self, meeting: dict[str, Any], role: str) -> None:
        index = self.official.findData(meeting.get(f"{role}_official_id"))
        self.official.setCurrentIndex(max(index, 0))
        self.name.setText(meeting.get(f"{role}_name") or "")
        self.position.setText(meeting.get(f"{role}_position") or "")

    def values(self, role: str) -> dict[str, Any]:
        return {f"{role}_official_id": self.official.currentData(), f"{role}_name": self.name.text(),
                f"{role}_position": self.position.text()}


class MeetingDialog(FormDialog):
    """`meeting_id` None creates one (`series` pre-fills the next meeting of a series)."""

    ROLES = (("chair", "ประธาน"), ("secretary", "เลขานุการ"), ("recorder", "ผู้จดรายงานการประชุม"),
             ("checker", "ผู้ตรวจรายงานการประชุม"))

    def __init__(self, ctx: AppContext, meeting_id: str | None = None, parent: QWidget | None = None, *,
                 series: str | None = None) -> None:
        super().__init__(ctx, "แก้ไขการประชุม" if meeting_id else "สร้างการประชุม", parent)
        self.meeting_id = meeting_id
        form = self.add_form()
        self.title_edit = QLineEdit()
        self.series = QComboBox()
        self.series.setEditable(True)
        self.series.addItems(series_names(self.db))
        self.series.setEditText(series or "")
        self.date = ThaiDateField()
        self.start = QLineEdit()
        self.start.setPlaceholderText("เช่น ๐๙.๓๐")
        self.end = QLineEdit()
        self.place = QLineEdit()
        self.started = QLineEdit()
        self.started.setPlaceholderText("เวลาเริ่มจริง (สำหรับรายงานการประชุม)")
        self.ended = QLineEdit()
        self.people = {role: _Person(ctx) for role, _ in self.ROLES}
        e = self.errors
        form.addRow("ชื่อการประชุม *", e.wrap(self.title_edit, "title"))
        form.addRow("ชุดการประชุม", self.series)
        form.addRow("วันที่ประชุม *", e.wrap(self.date, "date"))
        form.addRow("เวลาเริ่ม", e.wrap(self.start, "start_time"))
        form.addRow("เวลาเลิก", e.wrap(self.end, "end_time"))
        form.addRow("สถานที่", self.place)
        for role, label in self.ROLES:
            person = self.people[role]
            star = " *" if role == "chair" else ""
            form.addRow(f"{label}{star}", person.official)
            form.addRow("   ชื่อ", e.wrap(person.name, f"{role}_name"))
            form.addRow("   ตำแหน่ง", person.position)
        form.addRow("เริ่มประชุมเวลา", e.wrap(self.started, "started_at"))
        form.addRow("เลิกประชุมเวลา", e.wrap(self.ended, "ended_at"))
        if meeting_id:
            self._load(require_meeting(self.db, meeting_id))
        elif series:
            self.title_edit.setText(series)

    def _load(self, m: dict[str, Any]) -> None:
        self.title_edit.setText(m["title"])
        self.series.setEditText(m["series"])
        self.date.set_date(m["date"])
        for field, value in ((self.start, m["start_time"]), (self.end, m["end_time"]), (self.place, m["place"]),
                             (self.started, m["started_at"]), (self.ended, m["ended_at"])):
            field.setText(formatting.digits(value) if value and ":" in value else value or "")
        for role, person in self.people.items():
            person.load(m, role)

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title_edit.text(), "series": self.series.currentText(), "date": self.date.text(),
            "start_time": self.start.text(), "end_time": self.end.text(), "place": self.place.text(),
            "started_at": self.started.text(), "ended_at": self.ended.text(),
        }
        for role, person in self.people.items():
            data.update(person.values(role))
        return data

    def problems(self) -> dict[str, str]:
        problem = self.date.problem()
        return {"date": problem} if problem else {}

    def write(self) -> str:
        if self.meeting_id:
            update_meeting(self.db, self.meeting_id, self.values())
            return self.meeting_id
        return create_meeting(self.db, self.values())


class ItemDialog(FormDialog):
    """An agenda item: agenda number, title, text, attachments, resolution (มติที่ประชุม)."""

    def __init__(self, ctx: AppContext, meeting_id: str, item: dict[str, Any] | None = None,
                 parent: QWidget | None = None, *, agenda_no: int = 4) -> None:
        super().__init__(ctx, "แก้ไขเรื่อง / บันทึกมติ" if item else "เพิ่มเรื่องในระเบียบวาระ", parent)
        self.meeting_id, self.item = meeting_id, item
        form = self.add_form()
        self.agenda = QComboBox()
        for number, heading in AGENDA.items():
            self.agenda.addItem(formatting.digits(f"ระเบียบวาระที่ {number} {heading}"), number)
        self.title_edit = QLineEdit()
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("ย่อหน้าละหนึ่งบรรทัด")
        self.attachments = QLineEdit()
        self.attachments.setPlaceholderText("ชื่อเอกสารแนบ คั่นด้วย ;")
        self.resolution = QPlainTextEdit()
        self.resolution.setFixedHeight(70)
        e = self.errors
        form.addRow("ระเบียบวาระ", e.wrap(self.agenda, "agenda_no"))
        form.addRow("เรื่อง", e.wrap(self.title_edit, "title"))
        form.addRow("รายละเอียด", e.wrap(self.text, "body", expand=True))
        form.addRow("เอกสารแนบ", self.attachments)
        form.addRow("มติที่ประชุม", e.wrap(self.resolution, "resolution"))
        source = item or {"agenda_no": agenda_no}
        self.agenda.setCurrentIndex(max(self.agenda.findData(source["agenda_no"]), 0))
        if item:
            self.title_edit.setText(item["title"] or "")
            self.text.setPlainText(item["body"] or "")
            self.attachments.setText("; ".join(item["attachments"]))
            self.resolution.setPlainText(item["resolution"] or "")

    def values(self) -> dict[str, Any]:
        return {"agenda_no": self.agenda.currentData(), "title": self.title_edit.text(),
                "body": self.text.toPlainText(), "resolution": self.resolution.toPlainText(),
                "attachments": [a.strip() for a in self.attachments.text().split(";") if a.strip()]}

    def write(self) -> str:
        if self.item:
            update_item(self.db, self.item["id"], self.values())
            return str(self.item["id"])
        return add_item(self.db, self.meeting_id, self.values())


class ActionDialog(FormDialog):
    """A follow-up action from a resolution: what, owner (a member, an official or an agency —
    required), due date, the agenda item it came from."""

    def __init__(self, ctx: AppContext, meeting_id: str, items: list[dict[str, Any]],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "เพิ่มงานที่ต้องติดตามจากมติที่ประชุม", parent)
        self.meeting_id = meeting_id
        form = self.add_form()
        self.what = QPlainTextEdit()
        self.what.setFixedHeight(70)
        self.owner_kind = QComboBox()
        for code, label in OWNER_KINDS.items():
            self.owner_kind.addItem(label, code)
        self.owner_kind.setCurrentIndex(self.owner_kind.findData("agency"))
        self.official = _officials_combo(ctx)
        self.owner_name = QLineEdit()
        self.owner_name.setPlaceholderText("ชื่อผู้รับผิดชอบ หรือชื่อหน่วยงาน")
        self.due = ThaiDateField("ว่างไว้ได้")
        self.project = QComboBox()
        self.project.addItem("-", None)
        for project in list_projects(self.db):
            self.project.addItem(project["title"], project["id"])
        self.activity = QComboBox()
        self.project.currentIndexChanged.connect(lambda _: self._activities())
        self._activities()
        self.case = SearchCombo("พิมพ์ชื่อหัวหน้าครัวเรือนหรือบ้านเลขที่ (ถ้ามี)")
        self.case.set_items([(r["id"], case_label(r)) for r in search_cases(self.db, limit=2000)])
        self.item = QComboBox()
        self.item.addItem("-", None)
        for it in items:
            label = it["title"] or (it["body"] or "").split("\n")[0][:60]
            self.item.addItem(formatting.digits(f"วาระที่ {it['agenda_no']}: {label}"), it["id"])
        e = self.errors
        form.addRow("งานที่ต้องดำเนินการ *", e.wrap(self.what, "what"))
        form.addRow("ประเภทผู้รับผิดชอบ", self.owner_kind)
        form.addRow("เจ้าหน้าที่ (ทะเบียน)", self.official)
        form.addRow("ผู้รับผิดชอบ *", e.wrap(self.owner_name, "owner"))
        form.addRow("กำหนดแล้วเสร็จ", e.wrap(self.due, "due_date"))
        form.addRow("จากเรื่อง", self.item)
        form.addRow("เชื่อมโยงโครงการ", self.project)
        form.addRow("กิจกรรม", self.activity)
        form.addRow("เรื่องราวครัวเรือน", e.wrap(self.case, "case_id"))

    def _activities(self) -> None:
        self.activity.clear()
        self.activity.addItem("-", None)
        project_id = self.project.currentData()
        for activity in list_activities(self.db, project_id) if project_id else []:
            self.activity.addItem(activity["title"], activity["id"])

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {"what": self.what.toPlainText(), "owner_kind": self.owner_kind.currentData(),
                                "owner_name": self.owner_name.text(), "due_date": self.due.text() or None,
                                "item_id": self.item.currentData(), "project_id": self.project.currentData(),
                                "activity_id": self.activity.currentData(), "case_id": self.case.current_code()}
        if self.official.currentData():
            data.update(owner_kind="official", owner_official_id=self.official.currentData())
        return data

    def problems(self) -> dict[str, str]:
        problem = self.due.problem() if self.due.text() else None
        found = {"due_date": problem} if problem else {}
        if self.case.currentText().strip() and self.case.current_code() is None:
            found["case_id"] = "ไม่พบเรื่องราวครัวเรือนนี้ — เลือกจากรายการ หรือเว้นว่างไว้"
        return found

    def write(self) -> str:
        return add_action(self.db, self.meeting_id, self.values())


class InviteDialog(FormDialog):
    """Invite a member (search the registry), an official, or anyone typed in."""

    def __init__(self, ctx: AppContext, meeting_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "เชิญผู้เข้าประชุม", parent)
        self.meeting_id = meeting_id
        form = self.add_form()
        self.search = QLineEdit()
        self.search.setPlaceholderText("ค้นหาภาคีเครือข่ายด้วยชื่อ")
        self.results = QListWidget()
        self.results.setFixedHeight(120)
        self.search.textChanged.connect(self._search)
        self.official = _officials_combo(ctx)
        self.name = QLineEdit()
        self.position = QLineEdit()
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.addItems(["กรรมการ", "ประธาน", "รองประธาน", "กรรมการและเลขานุการ", "ผู้ช่วยเลขานุการ"])
        form.addRow("ภาคีเครือข่าย", self.search)
        form.addRow("", self.results)
        form.addRow("หรือ เจ้าหน้าที่", self.official)
        form.addRow("หรือ ชื่อ", self.errors.wrap(self.name, "name"))
        form.addRow("ตำแหน่ง", self.position)
        form.addRow("หน้าที่ในที่ประชุม", self.role)

    def _search(self, text: str) -> None:
        self.results.clear()
        if len(text.strip()) < 2:
            return
        for row in search_members(self.db, MemberQuery(text=text), limit=20):
            name = f"{row.get('title') or ''}{row['first_name']} {row.get('last_name') or ''}".strip()
            item = QListWidgetItem(f"{name} — {row.get('organisation') or row.get('sector_name') or ''}")
            item.setData(256, row["id"])
            self.results.addItem(item)
        if self.results.count() == 1:
            self.results.setCurrentRow(0)

    def write(self) -> str:
        current = self.results.currentItem()
        member_id = current.data(256) if current is not None else None
        return add_invitee(self.db, self.meeting_id, member_id=member_id,
                           official_id=None if member_id else self.official.currentData(),
                           name=self.name.text() or None, position=self.position.text() or None,
                           role=self.role.currentText())
