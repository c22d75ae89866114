"""การคัดเลือกอำเภอ (province / committee use, seed 004): a selection round's committee and
districts, a score grid per committee member, the ranking within each province group with the
chair's draw, and the score sheet / ranked result printed through the reports registry.

Every write is the core's (moi_desktop.evaluation), which checks evaluation.manage /
evaluation.score itself; buttons only follow the same permissions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.evaluation import (
    add_candidate,
    add_committee_member,
    candidates,
    committee,
    compute_results,
    create_round,
    district_choices,
    fmt_score,
    install_seed_rubrics,
    list_rounds,
    list_rubrics,
    record_draw,
    record_scores,
    round_rubric,
    scores_of,
)
from moi_desktop.reports import render_report
from ui import formatting
from ui.context import AppContext
from ui.dialogs import save_report
from ui.errors import show_error, show_message
from ui.pages import PageSpec
from ui.permissions import may
from ui.shortcuts import install as install_shortcuts
from ui.widgets.search_combo import SearchCombo
from ui.widgets.table_cells import elastic_combo
from ui.widgets.thai_date import ThaiDateField
from ui.widgets.thai_numbers import ThaiSpinBox

TABLES = {"eval_rubrics", "eval_criteria", "eval_rounds", "eval_committee", "eval_candidates", "eval_scores"}
RESULT_HEADERS = ("กลุ่มจังหวัด", "ลำดับ", "จังหวัด", "อำเภอ", "คะแนนเฉลี่ย", "ผล", "หมายเหตุ")
SELECTED = QColor("#dff0d8")
NEEDS_DRAW = QColor("#fcf8e3")


class RoundDialog(QDialog):
    """A new selection round: rubric, title, meeting date, districts chosen per group."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.round_id: str | None = None
        self.setWindowTitle("สร้างรอบการคัดเลือก")
        self.rubric = QComboBox()
        for r in list_rubrics(ctx.db):
            self.rubric.addItem(f"{r['title']} ({formatting.digits(f'{r['total']:g}')} คะแนน)", r["id"])
        self.title = QLineEdit()
        self.title.setPlaceholderText("เช่น คัดเลือกอำเภอนำร่องระดับกลุ่มจังหวัด ๑๘ อำเภอ")
        self.held_on = ThaiDateField("วันประชุม เช่น ๒๐/๗/๒๕๖๕")  # DISPLAY: the one date widget
        self.seats = ThaiSpinBox()
        self.seats.setRange(1, 99)
        form = QFormLayout(self)
        form.addRow("หลักเกณฑ์", self.rubric)
        form.addRow("ชื่อรอบ", self.title)
        form.addRow("วันประชุมคณะกรรมการ", self.held_on)
        form.addRow("จำนวนอำเภอที่คัดเลือกต่อกลุ่ม", self.seats)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("สร้าง")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("ยกเลิก")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            self.round_id = create_round(self.ctx.db, self.rubric.currentData() or "", self.title.text(),
                                         held_on=self.held_on.text().strip() or None, seats=self.seats.value())
        except UserError as exc:
            show_error(self, exc)
            return
        self.accept()


class EvaluationPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: QDialog | None = None
        self.items: list[Any] = []
        self.grid_candidates: list[dict[str, Any]] = []
        self.result_rows: list[Any] = []

        self.round = QComboBox()
        elastic_combo(self.round, 30)  # SCREEN FIT: long round titles no longer widen the page
        self.round.currentIndexChanged.connect(lambda _i: self.refresh_round())
        self.seed_button = QPushButton(formatting.digits("เพิ่มหลักเกณฑ์ตามเอกสาร (๕๐+๕๐ และ ๗๐/๒๐/๑๐)"))
        self.seed_button.clicked.connect(self.seed_rubrics)
        self.new_round_button = QPushButton("สร้างรอบการคัดเลือก")
        self.new_round_button.clicked.connect(self.new_round)
        top = QHBoxLayout()
        top.addWidget(QLabel("รอบการคัดเลือก"))
        top.addWidget(self.round, 1)
        top.addWidget(self.new_round_button)
        top.addWidget(self.seed_button)
        self.rubric_label = QLabel()
        self.rubric_label.setWordWrap(True)
        self.rubric_label.setObjectName("rubric_label")

        # -- committee and districts
        self.members = QTableWidget(0, 3)
        self.members.setHorizontalHeaderLabels(("ชื่อ", "ตำแหน่ง", "ฐานะ"))
        self.members.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.members.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.member_name = QLineEdit()
        self.member_name.setPlaceholderText("ชื่อกรรมการ")
        self.member_position = QLineEdit()
        self.member_position.setPlaceholderText("ตำแหน่ง")
        self.member_role = QComboBox()
        self.member_role.addItems(["กรรมการ", "ประธาน", "กรรมการและเลขานุการ"])
        self.add_member_button = QPushButton("เพิ่มกรรมการ")
        self.add_member_button.clicked.connect(self.add_member)
        members_box = QGroupBox("คณะกรรมการ")
        mb = QVBoxLayout(members_box)
        mb.addWidget(self.members)
        row = QHBoxLayout()
        for w in (self.member_name, self.member_position, self.member_role, self.add_member_button):
            row.addWidget(w)
        mb.addLayout(row)

        self.cands = QTableWidget(0, 3)
        self.cands.setHorizontalHeaderLabels(("กลุ่มจังหวัด", "จังหวัด", "อำเภอ"))
        self.cands.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.cands.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.district_code = SearchCombo("พิมพ์ชื่ออำเภอหรือจังหวัด")
        self.district_code.set_items(district_choices(ctx.db))
        self.group_name = QLineEdit()
        self.group_name.setPlaceholderText("กลุ่มจังหวัด (เว้นว่าง: ใช้ชื่อจังหวัด)")
        self.add_candidate_button = QPushButton("เพิ่มอำเภอ")
        self.add_candidate_button.clicked.connect(self.add_district)
        cands_box = QGroupBox("อำเภอที่เข้ารับการคัดเลือก")
        cb = QVBoxLayout(cands_box)
        cb.addWidget(self.cands)
        row = QHBoxLayout()
        for w in (self.district_code, self.group_name, self.add_candidate_button):
            row.addWidget(w)
        cb.addLayout(row)
        setup = QWidget()
        sl = QHBoxLayout(setup)
        sl.addWidget(members_box, 1)
        sl.addWidget(cands_box, 1)

        # -- score grid
        self.scorer = QComboBox()
        self.scorer.currentIndexChanged.connect(lambda _i: self.fill_grid())
        self.grid = QTableWidget(0, 0)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.save_scores_button = QPushButton("บันทึกคะแนน")
        self.save_scores_button.clicked.connect(self.save_scores)
        self.grid_status = QLabel()
        scoring = QWidget()
        gl = QVBoxLayout(scoring)
        row = QHBoxLayout()
        row.addWidget(QLabel("กรรมการผู้ให้คะแนน"))
        row.addWidget(self.scorer, 1)
        gl.addLayout(row)
        gl.addWidget(self.grid, 1)
        row = QHBoxLayout()
        row.addWidget(self.grid_status, 1)
        row.addWidget(self.save_scores_button)
        gl.addLayout(row)

        # -- results
        self.results = QTableWidget(0, len(RESULT_HEADERS))
        self.results.setHorizontalHeaderLabels(RESULT_HEADERS)
        self.results.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.results.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.draw_button = QPushButton("บันทึกผลการจับสลาก")
        self.draw_button.clicked.connect(self.record_draw)
        self.sheet_button = QPushButton("พิมพ์ใบสรุปคะแนน")
        self.sheet_button.clicked.connect(lambda: self.print_report("evaluation-sheet"))
        self.ranking_button = QPushButton("พิมพ์ผลการจัดลำดับ")
        self.ranking_button.clicked.connect(lambda: self.print_report("evaluation-ranking"))
        result_tab = QWidget()
        rl = QVBoxLayout(result_tab)
        rl.addWidget(self.results, 1)
        row = QHBoxLayout()
        for b in (self.draw_button, self.sheet_button, self.ranking_button):
            row.addWidget(b)
        row.addStretch(1)
        rl.addLayout(row)

        self.tabs = QTabWidget()
        self.tabs.addTab(setup, "คณะกรรมการและอำเภอ")
        self.tabs.addTab(scoring, "ให้คะแนน")
        self.tabs.addTab(result_tab, "ผลการจัดลำดับ")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.rubric_label)
        layout.addWidget(self.tabs, 1)
        ctx.data_changed.connect(self._on_data_changed)
        self.refresh()
        self.shortcuts = install_shortcuts(self, "evaluation", new=self.new_round, refresh=self.refresh)

    # -- loading
    def _on_data_changed(self, table: str) -> None:
        if table in TABLES:
            self.refresh()

    def current_round(self) -> str | None:
        data = self.round.currentData()
        return str(data) if data else None

    def refresh(self) -> None:
        keep = self.current_round()
        self.round.blockSignals(True)
        self.round.clear()
        for r in list_rounds(self.ctx.db):
            self.round.addItem(f"{r['title']} — {r['rubric_title']}", r["id"])
        index = self.round.findData(keep) if keep else 0
        self.round.setCurrentIndex(max(index, 0))
        self.round.blockSignals(False)
        manage = may(self.ctx, "evaluation.manage")
        score = may(self.ctx, "evaluation.score")
        has_rubrics = bool(list_rubrics(self.ctx.db))
        self.seed_button.setVisible(manage)
        self.new_round_button.setEnabled(manage and has_rubrics)
        for w in (self.add_member_button, self.add_candidate_button):
            w.setEnabled(manage and self.current_round() is not None)
        for w in (self.save_scores_button, self.draw_button):
            w.setEnabled(score and self.current_round() is not None)
        self.refresh_round()

    def refresh_round(self) -> None:
        rid = self.current_round()
        if rid is None:
            self.rubric_label.setText("ยังไม่มีรอบการคัดเลือก: เพิ่มหลักเกณฑ์ตามเอกสาร แล้วสร้างรอบการคัดเลือก")
            for table in (self.members, self.cands, self.results, self.grid):
                table.setRowCount(0)
            self.scorer.clear()
            return
        rubric = round_rubric(self.ctx.db, rid)
        parts = [f"{formatting.digits(c.number)}. {c.text} ({formatting.digits(f'{c.full_points:g}')} คะแนน)"
                 for c in rubric.criteria]
        self.rubric_label.setText(formatting.digits(f"{rubric.title}: " + " · ".join(parts)))
        people = committee(self.ctx.db, rid)
        self.members.setRowCount(len(people))
        for i, m in enumerate(people):
            for j, text in enumerate((m["name"], m["position"] or "", m["role"] or "")):
                self.members.setItem(i, j, QTableWidgetItem(text))
        districts = candidates(self.ctx.db, rid)
        self.cands.setRowCount(len(districts))
        for i, c in enumerate(districts):
            for j, text in enumerate((c["group_name"], c["province_name"], c["district_name"])):
                self.cands.setItem(i, j, QTableWidgetItem(text))
        keep = self.scorer.currentData()
        self.scorer.blockSignals(True)
        self.scorer.clear()
        for n, m in enumerate(people, start=1):
            self.scorer.addItem(f"คนที่ {formatting.digits(n)} {m['name']}", m["id"])
        index = self.scorer.findData(keep) if keep else 0
        self.scorer.setCurrentIndex(max(index, 0))
        self.scorer.blockSignals(False)
        self.fill_grid()
        self.fill_results()

    def fill_grid(self) -> None:
        rid = self.current_round()
        member = self.scorer.currentData()
        if rid is None:
            return
        rubric = round_rubric(self.ctx.db, rid)
        self.items = rubric.scored_items()
        self.grid_candidates = candidates(self.ctx.db, rid)
        given = {(s["candidate_id"], s["criterion_id"]): s["score"] for s in scores_of(self.ctx.db, rid)
                 if s["member_id"] == member}
        self.grid.clear()
        self.grid.setColumnCount(1 + len(self.items))
        self.grid.setHorizontalHeaderLabels(
            ["อำเภอ", *[f"ข้อ {formatting.digits(i.number)} (เต็ม {formatting.digits(f'{i.points or 0:g}')})"
                       for i in self.items]])
        self.grid.setRowCount(len(self.grid_candidates))
        for r, c in enumerate(self.grid_candidates):
            name = QTableWidgetItem(f"{c['district_name']} ({c['province_name']})")
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.grid.setItem(r, 0, name)
            for k, item in enumerate(self.items, start=1):
                score = given.get((c["id"], item.id))
                cell = QTableWidgetItem("" if score is None else f"{score:g}")
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.grid.setItem(r, k, cell)
        self.grid_status.setText("" if member else "เพิ่มกรรมการก่อนจึงจะให้คะแนนได้")

    def fill_results(self) -> None:
        rid = self.current_round()
        if rid is None:
            return
        results = compute_results(self.ctx.db, rid)
        self.result_rows = results.results
        self.results.setRowCount(len(self.result_rows))
        for i, r in enumerate(self.result_rows):
            status = ("ให้คะแนนไม่ครบ" if not r.complete else "ต้องจับสลาก" if r.needs_draw
                      else "ได้รับคัดเลือก" if r.selected else "")
            texts = (r.group_name, formatting.digits(str(r.rank)), r.province_name, r.district_name,
                     fmt_score(r.average) if r.complete else "—", status, r.tie_note)
            for j, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                if r.selected:
                    cell.setBackground(QBrush(SELECTED))
                elif r.needs_draw:
                    cell.setBackground(QBrush(NEEDS_DRAW))
                self.results.setItem(i, j, cell)
        self.results.resizeColumnsToContents()

    # -- actions
    def seed_rubrics(self) -> None:
        try:
            install_seed_rubrics(self.ctx.db)
        except UserError as exc:
            show_error(self, exc)

    def new_round(self) -> None:
        dialog = RoundDialog(self.ctx, self)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._select(dialog.round_id))
        dialog.open()

    def _select(self, round_id: str | None) -> None:
        if round_id:
            self.refresh()
            self.round.setCurrentIndex(max(self.round.findData(round_id), 0))

    def add_member(self) -> None:
        rid = self.current_round()
        if rid is None:
            return
        try:
            add_committee_member(self.ctx.db, rid, self.member_name.text(), position=self.member_position.text(),
                                 role=self.member_role.currentText())
        except UserError as exc:
            show_error(self, exc)
            return
        self.member_name.clear()
        self.member_position.clear()

    def add_district(self) -> None:
        rid = self.current_round()
        if rid is None:
            return
        try:
            add_candidate(self.ctx.db, rid, self.district_code.current_code() or "", group_name=self.group_name.text())
        except UserError as exc:
            show_error(self, exc)
            return

    def save_scores(self) -> None:
        member = self.scorer.currentData()
        if not member:
            return
        saved = 0
        try:
            with self.ctx.db.atomic():
                for r, c in enumerate(self.grid_candidates):
                    row = {item.number: cell.text().strip() for k, item in enumerate(self.items, start=1)
                           if (cell := self.grid.item(r, k)) is not None and cell.text().strip()}
                    if row:
                        saved += record_scores(self.ctx.db, c["id"], member, row)
        except UserError as exc:
            show_error(self, exc)
            return
        self.grid_status.setText(f"บันทึกคะแนนแล้ว {formatting.digits(saved)} ช่อง")

    def record_draw(self) -> None:
        rows = self.results.selectionModel().selectedRows()
        if not rows:
            show_message(self, "เลือกอำเภอที่จับสลากในตารางผลการจัดลำดับก่อน")
            return
        r = self.result_rows[rows[0].row()]
        order, ok = QInputDialog.getInt(self, "ผลการจับสลาก", f"อำเภอ{r.district_name} จับสลากได้ลำดับที่", 1, 1, 99)
        if not ok:
            return
        self.draw(r.candidate_id, order)

    def draw(self, candidate_id: str, order: int) -> None:
        try:
            record_draw(self.ctx.db, candidate_id, order)
        except UserError as exc:
            show_error(self, exc)

    def print_report(self, key: str) -> None:
        rid = self.current_round()
        if rid is None:
            return
        title = "ใบสรุปคะแนน" if key == "evaluation-sheet" else "ผลการจัดลำดับ"
        target = save_report.ask_save_path(self, title, "pdf")
        if target is None:
            return
        self.ctx.tasks.run(render_report, key, target, {"round": rid}, title=f"กำลังสร้าง{title}",
                           on_done=self._printed)

    def _printed(self, path: Path) -> None:
        try:
            show_message(self, save_report.confirm_saved(path), "บันทึกแล้ว")
        except Exception as exc:  # noqa: BLE001 — a broken write is reported, never claimed as saved
            show_error(self, exc)


PAGE = PageSpec(key="evaluation", title="การคัดเลือกอำเภอ", order=65, factory=lambda ctx: EvaluationPage(ctx))
