"""การอบรมและลงเวลา: a trainer's whole job — the training, its targets, the roll-call schedule,
enrolment (from the registry or a registrant workbook), the attendance desk (and keying back paper
sign-in sheets), closing roll calls with excused absences, the 80 % list, certificates and
materials. Printing goes through the reports registry, in the background."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.reports import get_report, render_report
from moi_desktop.trainings import (
    SLOTS,
    RegistrantImport,
    compute_materials,
    delete_material,
    delete_session,
    eligibility,
    eligibility_summary,
    enrolment_counts,
    friday_conflicts,
    generate_sessions,
    import_registrants,
    list_trainings,
    reopen_session,
    require_training,
    restore_session,
    session_counts,
    session_label,
    sessions,
    sessions_needed,
    training_title,
    withdraw,
)
from moi_desktop.trainings.schedule import in_friday_area, is_friday_afternoon, plan_sessions
from ui import formatting
from ui.context import AppContext
from ui.dialogs import save_report
from ui.dialogs.training_certificates import CertificateDialog
from ui.dialogs.training_close import CloseSessionDialog
from ui.dialogs.training_edit import TrainingDialog
from ui.dialogs.training_enrol import EnrolDialog, RegistrantPreviewDialog
from ui.dialogs.training_material import MaterialDialog
from ui.dialogs.training_session import SessionDialog, ask_keep_friday
from ui.dialogs.training_targets import TargetsDialog
from ui.errors import show_error, show_message
from ui.models.attendance_model import DictTableModel, eligibility_model, targets_model
from ui.pages import PageSpec
from ui.shortcuts import DESK as DESK_KEYS
from ui.shortcuts import install as install_shortcuts
from ui.widgets.attendance_desk import AttendanceDesk, remove_desk_from, show_desk_in
from ui.widgets.table_cells import elastic_combo
from ui.widgets.undo_bar import UndoBar

WATCHED = ("trainings", "training_sessions", "training_targets", "enrolments", "attendance", "training_materials",
           "certificates")


def _sessions_model(parent: QWidget | None) -> DictTableModel:
    return DictTableModel([
        ("วันที่", lambda r: formatting.thai_date(r["day"], "medium"), None),
        ("ช่วง", lambda r: r["label"] or SLOTS[r["slot"]], None),
        ("เวลา", lambda r: formatting.digits(r["starts_at"]), None),
        ("สายหลัง", lambda r: formatting.digits(r["late_after"] or "-"), None),
        ("มา / ลงทะเบียน", lambda r: formatting.digits(f"{r['counts']['present']}/{r['counts']['registered']}"), None),
        ("ลา / ขาด", lambda r: formatting.digits(f"{r['counts']['excused']}/{r['counts']['absent']}"), None),
        ("สถานะ", lambda r: "ปิดแล้ว" if r["closed_at"] else "เปิด", None),
    ], parent)


def _materials_model(parent: QWidget | None) -> DictTableModel:
    return DictTableModel([
        ("รายการ", lambda r: r["name"], None),
        ("เกณฑ์", lambda r: formatting.digits(f"{r['quantity']:g} {r['unit']} {r['basis_th']}"
                                          + (f" {r['group_size']} คน" if r["basis"] == "per_group" else "")), None),
        ("สำรอง", lambda r: formatting.digits(f"{r['spare_pct']:g}%"), None),
        ("จำนวนจัดหา", lambda r: formatting.digits(f"{r['total']:,} {r['unit']}"), None),
        ("รวมเงิน (บาท)", lambda r: formatting.digits(f"{r['cost']:,.2f}") if r["cost"] is not None else "-", None),
    ], parent)


def _buttons(layout: QHBoxLayout,
             actions: Iterable[tuple[str, Callable[[], object]] | tuple[None, None]]) -> dict[str, QPushButton]:
    """A row of buttons; (None, None) leaves a gap."""
    made = {}
    for text, slot in actions:
        if text is None or slot is None:
            layout.addSpacing(16)
            continue
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False, slot=slot: slot())
        layout.addWidget(button)
        made[text] = button
    layout.addStretch(1)
    return made


class TrainingsPage(QWidget):
    """Interaction hooks (tests replace them): `exec_dialog(dialog) -> bool`,
    `keep_friday(count) -> bool`, `ask(title, text) -> bool`, `ask_save_path(name, fmt) -> Path | None`,
    `ask_open_path() -> str`."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.db = ctx.db
        self.desk: AttendanceDesk | None = None
        self.last_saved: Path | None = None
        self.exec_dialog = lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted
        self.keep_friday = lambda count: ask_keep_friday(self, count)
        self.ask = lambda title, text: QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes
        self.ask_save_path = lambda name, fmt: save_report.ask_save_path(self, name, fmt)
        self.ask_open_path = lambda: QFileDialog.getOpenFileName(
            self, "เลือกไฟล์รายชื่อผู้เข้าอบรม", "", "Excel/CSV (*.xlsx *.xls *.csv)")[0]
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.stack.addWidget(self._build_overview())
        ctx.data_changed.connect(self._on_data_changed)
        self.shortcuts = install_shortcuts(self, "trainings", view=self.sessions_view, new=self.new_training,
                                           open=lambda: self.open_desk(), delete=self.delete_session,
                                           undo=self.undo_bar.undo, refresh=self.refresh, listed=DESK_KEYS)
        self.refresh()

    # -- layout --------------------------------------------------------------------------------
    def _build_overview(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.training_combo = QComboBox()
        elastic_combo(self.training_combo, 40)  # SCREEN FIT: as wide as the row allows, list entries whole
        self.training_combo.currentIndexChanged.connect(lambda _: self._show_training())
        top.addWidget(QLabel("การอบรม"))
        top.addWidget(self.training_combo, 4)
        _buttons(top, (("สร้างการอบรม", self.new_training), ("แก้ไข", self.edit_training)))
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._sessions_tab(), "รอบลงเวลา")
        self.tabs.addTab(self._people_tab(), "ผู้เข้าอบรมและเกณฑ์")
        self.tabs.addTab(self._targets_tab(), "เป้าหมาย")
        self.tabs.addTab(self._materials_tab(), "วัสดุ")
        layout.addWidget(self.tabs, 1)
        return page

    def _sessions_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        friday = QHBoxLayout()
        self.friday_warning = QLabel()
        self.friday_warning.setStyleSheet("color:#7a4a00; font-weight:bold;")
        self.friday_drop = QPushButton("ตัดรอบบ่ายวันศุกร์ออก")
        self.friday_drop.clicked.connect(self.drop_friday_sessions)
        friday.addWidget(self.friday_warning, 1)
        friday.addWidget(self.friday_drop)
        layout.addLayout(friday)
        self.sessions_model = _sessions_model(self)
        self.sessions_view = self._table(self.sessions_model)
        self.sessions_view.doubleClicked.connect(lambda _: self.open_desk())
        self.undo_bar = UndoBar(tab)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.sessions_view)
        desk_row, edit_row = QHBoxLayout(), QHBoxLayout()
        _buttons(desk_row, (("เปิดโต๊ะลงเวลา", self.open_desk), ("บันทึกจากใบลงลายมือชื่อ", self.open_paper_desk),
                            ("ปิดรอบ / บันทึกการลา…", self.close_session), ("เปิดรอบอีกครั้ง", self.reopen_session),
                            (None, None), ("พิมพ์ใบลงลายมือชื่อ", self.print_signin_sheet)))
        _buttons(edit_row, (("สร้างรอบลงเวลาทุกวัน", self.generate_schedule), ("เพิ่มรอบ", self.add_session),
                            ("แก้ไขรอบ", self.edit_session), ("ลบรอบ", self.delete_session)))
        layout.addLayout(desk_row)
        layout.addLayout(edit_row)
        return tab

    def _people_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.eligibility_summary = QLabel()
        layout.addWidget(self.eligibility_summary)
        self.people_model = eligibility_model(self)
        self.people_view = self._table(self.people_model)
        layout.addWidget(self.people_view)
        enrol_row, cert_row = QHBoxLayout(), QHBoxLayout()
        _buttons(enrol_row, (("เพิ่มผู้เข้าอบรมจากทะเบียน…", self.pick_members),
                             ("นำเข้าไฟล์รายชื่อผู้เข้าอบรม…", self.import_registrants),
                             ("ถอนชื่อ", self.withdraw_selected)))
        _buttons(cert_row, (("ออกเกียรติบัตร…", self.issue_certificates), ("พิมพ์เกียรติบัตร", self.print_certificates),
                            ("พิมพ์รายชื่อผู้ผ่านเกณฑ์", partial(self.print_training_report, "attendance-eligibility")),
                            ("พิมพ์ทะเบียนการลงเวลา", partial(self.print_training_report, "attendance-matrix"))))
        layout.addLayout(enrol_row)
        layout.addLayout(cert_row)
        return tab

    def _targets_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.targets_summary = QLabel()
        layout.addWidget(self.targets_summary)
        row = QHBoxLayout()
        self.district_targets = targets_model(self)
        self.sector_targets = targets_model(self)
        for title, model in (("รายอำเภอ", self.district_targets), ("รายภาคีเครือข่าย", self.sector_targets)):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(self._table(model))
            row.addLayout(column)
        layout.addLayout(row, 1)
        buttons = QHBoxLayout()
        _buttons(buttons, (("แก้ไขเป้าหมาย…", self.edit_targets),
                           ("พิมพ์สรุปผลการเข้าอบรม", partial(self.print_training_report, "attendance-summary"))))
        layout.addLayout(buttons)
        return tab

    def _materials_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.materials_summary = QLabel()
        layout.addWidget(self.materials_summary)
        self.materials_model = _materials_model(self)
        self.materials_view = self._table(self.materials_model)
        self.materials_view.doubleClicked.connect(lambda _: self.edit_material())
        layout.addWidget(self.materials_view)
        buttons = QHBoxLayout()
        _buttons(buttons, (("เพิ่มรายการ", self.add_material), ("แก้ไขรายการ", self.edit_material),
                           ("ลบรายการ", self.delete_material),
                           ("พิมพ์บัญชีวัสดุที่ต้องจัดหา", partial(self.print_training_report, "procurement-list"))))
        layout.addLayout(buttons)
        return tab

    def _table(self, model: QAbstractItemModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    # -- data ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.training_id()
        self.training_combo.blockSignals(True)
        self.training_combo.clear()
        for t in list_trainings(self.db):
            dates = formatting.date_range(t["start_date"], t["end_date"])
            self.training_combo.addItem(formatting.digits(f"{training_title(t)} ({dates})"), t["id"])
        index = self.training_combo.findData(current)
        self.training_combo.setCurrentIndex(index if index >= 0 else 0)
        self.training_combo.blockSignals(False)
        self._show_training()
        if self.desk is not None:
            self.desk.refresh()

    def _on_data_changed(self, table: str) -> None:
        if table in WATCHED and self.stack.currentIndex() == 0:
            self.refresh()

    def training_id(self) -> str | None:
        return self.training_combo.currentData() if hasattr(self, "training_combo") else None

    def _show_training(self) -> None:
        tid = self.training_id()
        models = (self.sessions_model, self.people_model, self.materials_model, self.district_targets,
                  self.sector_targets)
        if tid is None:
            self.summary.setText("ยังไม่มีการอบรม — กด “สร้างการอบรม”")
            for model in models:
                model.set_rows([])
            self.friday_warning.hide()
            self.friday_drop.hide()
            return
        rows = sessions(self.db, tid)
        for row in rows:
            row["counts"] = session_counts(self.db, row["id"])
        self._keep_selection(self.sessions_view, self.sessions_model, rows, "id")
        fridays = friday_conflicts(self.db, tid)
        self.friday_warning.setText(formatting.digits(
            f"มี {len(fridays)} รอบตรงกับบ่ายวันศุกร์ (เวลาละหมาดวันศุกร์) ในพื้นที่จังหวัดชายแดนภาคใต้"))
        self.friday_warning.setVisible(bool(fridays))
        self.friday_drop.setVisible(bool(fridays))
        people = eligibility(self.db, tid)
        self._keep_selection(self.people_view, self.people_model, [p.to_json() for p in people], "member_id")
        s = eligibility_summary(people)
        counts = enrolment_counts(self.db, tid)
        target = f" จากเป้าหมาย {counts['target']:,} คน" if counts["target"] else ""
        self.summary.setText(formatting.digits(f"ลงทะเบียน {counts['total']:,} คน{target} · รอบลงเวลา {len(rows)} รอบ"))
        needed = sessions_needed(len(rows), require_training(self.db, tid)["threshold_pct"])
        self.eligibility_summary.setText(formatting.digits(
            f"ต้องเข้าอย่างน้อย {needed} จาก {len(rows)} รอบ · ผ่านเกณฑ์ {s['eligible']:,} คน · "
            f"ยังผ่านเกณฑ์ได้ {s['can_reach']:,} คน · ไม่ผ่านเกณฑ์ {s['cannot_reach']:,} คน"))
        self.district_targets.set_rows([dict(r) for r in counts["by_district"]])
        self.sector_targets.set_rows([dict(r) for r in counts["by_sector"]])
        short = [r["name"] for r in counts["by_district"] + counts["by_sector"]
                 if r["target"] and r["enrolled"] < r["target"]]
        self.targets_summary.setText(formatting.digits(
            f"ลงทะเบียน {counts['total']:,} คน{target}" + (f" · ยังไม่ถึงเป้าหมาย: {', '.join(short)}" if short else "")))
        m = compute_materials(self.db, tid)
        self._keep_selection(self.materials_view, self.materials_model, m["items"], "id")
        cost = f" · รวมเงิน {m['total_cost']:,.2f} บาท" if m["total_cost"] is not None else ""
        self.materials_summary.setText(formatting.digits(f"คำนวณสำหรับ {m['people']:,} คน {m['sessions']} รอบ{cost}"))

    @classmethod
    def _keep_selection(cls, view: QTableView, model: DictTableModel, rows: list[dict], key: str) -> None:
        """Replace the rows; the selected row (by key) stays selected across the refresh."""
        chosen = cls._selected(view, model)
        model.set_rows(rows)
        if chosen is not None:
            for i, row in enumerate(rows):
                if row[key] == chosen[key]:
                    view.selectRow(i)
                    break

    @staticmethod
    def _selected(view: QTableView, model: DictTableModel) -> dict | None:
        rows = view.selectionModel().selectedRows()
        return model.row(rows[0].row()) if rows else None

    def selected_session(self) -> dict | None:
        return self._selected(self.sessions_view, self.sessions_model)

    def _need_session(self) -> dict | None:
        session = self.selected_session()
        if session is None:
            show_message(self, "เลือกรอบลงเวลาก่อน")
        return session

    def _attempt(self, fn: Callable[..., object], *args: object) -> bool:
        """Run a core action; a UserError is shown in Thai and nothing else happens."""
        try:
            fn(*args)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.refresh()
        return True

    # -- training and targets ------------------------------------------------------------------
    def new_training(self) -> None:
        dialog = TrainingDialog(self.ctx, parent=self)
        if self.exec_dialog(dialog):
            self.refresh()
            self.training_combo.setCurrentIndex(self.training_combo.findData(dialog.saved_id))

    def edit_training(self) -> None:
        if self.training_id() and self.exec_dialog(TrainingDialog(self.ctx, self.training_id(), parent=self)):
            self.refresh()

    def edit_targets(self) -> None:
        if (tid := self.training_id()) and self.exec_dialog(TargetsDialog(self.ctx, tid, parent=self)):
            self.refresh()

    # -- schedule --------------------------------------------------------------------------------
    def generate_schedule(self) -> None:
        tid = self.training_id()
        if tid is None:
            return
        try:
            training = require_training(self.db, tid)
            existing = {(s["day"], s["slot"]) for s in sessions(self.db, tid)}
            fridays = [p for p in plan_sessions(training) if (p["day"], p["slot"]) not in existing
                       and in_friday_area(self.db, training) and is_friday_afternoon(p["day"], p["starts_at"],
                                                                                     p["ends_at"])]
            skip = bool(fridays) and not self.keep_friday(len(fridays))
            result = generate_sessions(self.db, tid, skip_friday_afternoon=skip)
        except Exception as exc:
            show_error(self, exc)
            return
        self.refresh()
        skipped = f" (ไม่สร้างรอบบ่ายวันศุกร์ {len(result.skipped)} รอบ)" if result.skipped else ""
        show_message(self, formatting.digits(f"สร้างรอบลงเวลา {len(result.created)} รอบ{skipped}"))

    def drop_friday_sessions(self) -> None:
        tid = self.training_id()
        fridays = friday_conflicts(self.db, tid) if tid else []
        if fridays and self.ask("บ่ายวันศุกร์", formatting.digits(f"ลบ {len(fridays)} รอบที่ตรงกับบ่ายวันศุกร์ออกจากตาราง?")):
            def drop() -> None:
                for s in fridays:
                    delete_session(self.db, s["id"])

            self._attempt(drop)

    def add_session(self) -> None:
        if (tid := self.training_id()) and self.exec_dialog(SessionDialog(self.ctx, tid, parent=self)):
            self.refresh()

    def edit_session(self) -> None:
        session = self._need_session()
        if session and self.exec_dialog(SessionDialog(self.ctx, session["training_id"], session["id"], parent=self)):
            self.refresh()

    def delete_session(self) -> None:
        session = self._need_session()
        if session and self.ask("ลบรอบลงเวลา", f"ลบรอบ {session_label(session)} ออกจากตาราง?") \
                and self._attempt(delete_session, self.db, session["id"]):
            self.undo_bar.offer(f"ลบรอบ {session_label(session)} แล้ว",
                                lambda: self._attempt(restore_session, self.db, session["id"]))

    # -- the desk ------------------------------------------------------------------------------
    def open_desk(self, session_id: str | None = None, *, paper: bool = False) -> AttendanceDesk | None:
        if session_id is None:
            session = self._need_session()
            if session is None:
                return None
            session_id = session["id"]
        self.close_desk()
        self.desk = AttendanceDesk(self.ctx, session_id, paper=paper)
        show_desk_in(self.stack, self.desk, "← กลับไปหน้ารายการอบรม", self.close_desk)
        return self.desk

    def open_paper_desk(self, session_id: str | None = None) -> AttendanceDesk | None:
        """Key back a paper sign-in sheet: scanning a row's code marks that person present."""
        return self.open_desk(session_id, paper=True)

    def close_desk(self) -> None:
        remove_desk_from(self.stack)
        self.desk = None
        self.refresh()

    def close_session(self) -> None:
        session = self._need_session()
        if session is None:
            return
        if session["closed_at"]:
            show_message(self, "รอบนี้ปิดการลงเวลาไปแล้ว")
            return
        dialog = CloseSessionDialog(self.ctx, session["id"], parent=self)
        if not self.exec_dialog(dialog):
            return
        c = dialog.counts
        self.refresh()
        if c is not None:  # set by the dialog when it closed the session
            show_message(self, formatting.digits(f"ปิดรอบแล้ว: มา {c['present']:,} จาก {c['registered']:,} คน "
                                              f"ลา {c['excused']:,} คน บันทึกขาด {c['marked_absent']:,} คน"))

    def reopen_session(self) -> None:
        session = self._need_session()
        if session is not None:
            self._attempt(reopen_session, self.db, session["id"])

    # -- people and certificates ----------------------------------------------------------------
    def pick_members(self) -> None:
        tid = self.training_id()
        if tid is None:
            return
        dialog = EnrolDialog(self.ctx, tid, parent=self)
        if self.exec_dialog(dialog):
            self.refresh()
            show_message(self, formatting.digits(f"ลงทะเบียนเพิ่ม {dialog.added:,} คน"))

    def import_registrants(self, path: str | None = None) -> None:
        """Dry run first (a preview of who is new, who is known and every problem row), then import."""
        tid = self.training_id()
        if tid is None:
            return
        path = path or self.ask_open_path()
        if not path:
            return
        self.ctx.tasks.run(partial(import_registrants, dry_run=True), tid, Path(path),
                           title="ตรวจสอบไฟล์รายชื่อผู้เข้าอบรม", on_done=partial(self._preview, tid, Path(path)))

    def _preview(self, tid: str, path: Path, result: RegistrantImport) -> None:
        if not self.exec_dialog(RegistrantPreviewDialog(result, path.name, parent=self)):
            return
        self.ctx.tasks.run(partial(import_registrants, dry_run=False), tid, path,
                           title="นำเข้ารายชื่อผู้เข้าอบรม", on_done=self._imported)

    def _imported(self, result: RegistrantImport) -> None:
        self.refresh()
        show_message(self, formatting.digits(
            f"ลงทะเบียนเพิ่ม {result.enrolled:,} คน (สมาชิกใหม่ {result.new_members:,} คน, "
            f"มีในทะเบียนแล้ว {result.existing_members:,} คน, ข้อผิดพลาด {len(result.report.errors):,} แถว)"))

    def withdraw_selected(self) -> None:
        person = self._selected(self.people_view, self.people_model)
        if person and self.ask("ถอนชื่อ", f"ถอนชื่อ {person['name']} ออกจากรายชื่อผู้เข้าอบรม? (การลงเวลาเดิมยังเก็บไว้)"):
            self._attempt(withdraw, self.db, self.training_id(), person["member_id"])

    def issue_certificates(self) -> None:
        tid = self.training_id()
        if tid is None:
            return
        dialog = CertificateDialog(self.ctx, tid, parent=self)
        if self.exec_dialog(dialog):
            self.refresh()
            show_message(self, formatting.digits(f"ออกเกียรติบัตรแล้ว {len(dialog.issued):,} ฉบับ — กด “พิมพ์เกียรติบัตร”"))

    # -- materials -------------------------------------------------------------------------------
    def add_material(self) -> None:
        if (tid := self.training_id()) and self.exec_dialog(MaterialDialog(self.ctx, tid, parent=self)):
            self.refresh()

    def edit_material(self) -> None:
        item = self._selected(self.materials_view, self.materials_model)
        if item and (tid := self.training_id()) and self.exec_dialog(MaterialDialog(self.ctx, tid, item, parent=self)):
            self.refresh()

    def delete_material(self) -> None:
        item = self._selected(self.materials_view, self.materials_model)
        if item and self.ask("ลบรายการวัสดุ", f"ลบ “{item['name']}”?"):
            self._attempt(delete_material, self.db, item["id"])

    # -- printing --------------------------------------------------------------------------------
    def print_report(self, key: str, params: dict, name: str, fmt: str = "pdf") -> None:
        target = self.ask_save_path(name, fmt)
        if target is None:
            return
        self.ctx.tasks.run(render_report, key, Path(target), params, title="กำลังสร้างเอกสาร", on_done=self._saved)

    def _saved(self, path: Path) -> None:
        self.last_saved = path
        self.refresh()  # certificates are issued and counted when printed
        try:
            show_message(self, save_report.confirm_saved(path))
        except UserError as exc:
            show_error(self, exc)

    def print_training_report(self, key: str, fmt: str = "pdf") -> None:
        tid = self.training_id()
        if tid is not None:
            self.print_report(key, {"training": tid}, get_report(key).title_th.replace("/", "-"), fmt)

    def print_certificates(self) -> None:
        self.print_training_report("certificates")

    def print_signin_sheet(self) -> None:
        session = self._need_session()
        if session is not None:
            name = f"ใบลงลายมือชื่อ {formatting.thai_date(session['day'], 'medium')} {session['label'] or ''}".strip()
            self.print_report("signin-sheet", {"session": session["id"]}, name)


PAGE = PageSpec(key="trainings", title="การอบรมและลงเวลา", order=40, factory=lambda ctx: TrainingsPage(ctx))
