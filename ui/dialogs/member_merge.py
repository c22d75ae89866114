"""The merge screen: pick a pair that may be one person, compare side by side, choose which record
survives and which value each field keeps. The other record stays as a tombstone with history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.members import (
    DUPLICATE_ID,
    DUPLICATE_NAME_PHONE,
    LABELS,
    SIMILAR_NAME,
    code_label,
    display_name,
    get_member,
    merge_members,
    possible_duplicates,
    proposed_values,
)
from moi_desktop.members.exports import shown_id
from moi_desktop.progress import Cancelled, Progress
from ui import formatting
from ui.context import AppContext
from ui.errors import show_error

COMPARED = (
    "title", "first_name", "last_name", "national_id", "phone", "email", "line_id", "organisation",
    "position", "sector", "sector_other", "team_role", "house_no", "moo", "subdistrict_code", "notes",
)  # fmt: skip
KIND_TEXT = {
    DUPLICATE_ID: "เลขประจำตัวประชาชนเดียวกัน",
    DUPLICATE_NAME_PHONE: "ชื่อและเบอร์โทรเดียวกัน",
    SIMILAR_NAME: "ชื่อใกล้เคียงกัน",
}


def _find_pairs(db: Database, *, progress: Progress, cancelled: Cancelled) -> list[tuple[str, object, str]]:
    return [(m.kind, m.ref, later) for m, later in possible_duplicates(db, progress=progress, cancelled=cancelled)]


class MergeDialog(QDialog):
    def __init__(self, ctx: AppContext, pair: tuple[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.setWindowTitle("รวมรายการซ้ำ")
        self.a: dict | None = None
        self.b: dict | None = None
        self.merged: list[tuple[str, str]] = []
        self.pairs = QListWidget()
        self.pairs.currentRowChanged.connect(self._pair_chosen)
        self.keep_a = QRadioButton("เก็บรายการ ก")
        self.keep_b = QRadioButton("เก็บรายการ ข")
        self.keep_a.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.keep_a)
        group.addButton(self.keep_b)
        self.keep_a.toggled.connect(lambda _on: self._fill_choices())
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["ข้อมูล", "รายการ ก", "รายการ ข", "ใช้ค่าจาก"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.choices: dict[str, QComboBox] = {}
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.merge_button = QPushButton("รวมรายการ")
        self.merge_button.clicked.connect(self.merge)
        close = QPushButton("ปิด")
        close.clicked.connect(self.accept)

        left = QVBoxLayout()
        left.addWidget(QLabel("รายการที่อาจเป็นคนเดียวกัน"))
        left.addWidget(self.pairs, 1)
        right = QVBoxLayout()
        keep = QHBoxLayout()
        keep.addWidget(self.keep_a)
        keep.addWidget(self.keep_b)
        keep.addStretch(1)
        right.addLayout(keep)
        right.addWidget(self.table, 1)
        right.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(close)
        right.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 1)
        outer.addLayout(right, 3)
        self.resize(1000, 560)
        if pair:
            self.set_pairs([("", pair[0], pair[1])])
        else:
            ctx.tasks.run(_find_pairs, title="กำลังค้นหารายการซ้ำ", on_done=self.set_pairs)

    # --- pairs ------------------------------------------------------------------------------
    def set_pairs(self, pairs: list[tuple[str, str, str]]) -> None:
        self.pairs.clear()
        for kind, a, b in pairs:
            ra, rb = get_member(self.db, a), get_member(self.db, b)
            if not ra or not rb or ra["deleted_at"] or rb["deleted_at"]:
                continue
            text = f"{display_name(ra)} ↔ {display_name(rb)}"
            if kind:
                text += f"\n({KIND_TEXT.get(kind, kind)})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (a, b))
            self.pairs.addItem(item)
        if self.pairs.count():
            self.pairs.setCurrentRow(0)
        else:
            self.status.setText("ไม่พบรายการที่อาจซ้ำกัน")
            self.merge_button.setEnabled(False)

    def _pair_chosen(self, row: int) -> None:
        item = self.pairs.item(row)
        if item is None:
            self.a = self.b = None
            self.table.setRowCount(0)
            self.merge_button.setEnabled(False)
            return
        a, b = item.data(Qt.ItemDataRole.UserRole)
        self.a, self.b = get_member(self.db, a), get_member(self.db, b)
        self.merge_button.setEnabled(True)
        self._fill_table()

    # --- comparison -------------------------------------------------------------------------
    def _show(self, field: str, row: dict | None) -> str:
        value = row.get(field) if row else None
        if field == "national_id":
            return shown_id(value, False)
        if field in ("sector", "team_role", "subdistrict_code"):
            return code_label(self.db, field, value)
        if field == "moo" and value:
            return formatting.digits(value)
        return "" if value is None else str(value)

    def _fill_table(self) -> None:
        self.table.setRowCount(len(COMPARED))
        self.choices = {}
        for i, field in enumerate(COMPARED):
            texts = (LABELS.get(field, field), self._show(field, self.a), self._show(field, self.b))
            for j, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if j and texts[1] != texts[2]:
                    item.setBackground(Qt.GlobalColor.yellow)
                self.table.setItem(i, j, item)
            combo = QComboBox()
            combo.addItem("ก", "a")
            combo.addItem("ข", "b")
            self.table.setCellWidget(i, 3, combo)
            self.choices[field] = combo
        self._fill_choices()
        self.table.resizeRowsToContents()

    def _fill_choices(self) -> None:
        """Default: the survivor's value, or the other record's where the survivor has none."""
        if not self.a or not self.b:
            return
        survivor, other = ("a", "b") if self.keep_a.isChecked() else ("b", "a")
        rows = {"a": self.a, "b": self.b}
        proposed = proposed_values(rows[survivor], rows[other])
        for field, combo in self.choices.items():
            side = survivor if proposed.get(field) == rows[survivor].get(field) else other
            combo.setCurrentIndex(0 if side == "a" else 1)

    def chosen_values(self) -> dict:
        if not self.a or not self.b:
            return {}
        rows = {"a": self.a, "b": self.b}
        return {field: rows[combo.currentData()].get(field) for field, combo in self.choices.items()}

    # --- merging ----------------------------------------------------------------------------
    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "ยืนยันการรวมรายการ", text)
        return answer == QMessageBox.StandardButton.Yes

    def merge(self) -> None:
        if not self.a or not self.b:
            return
        survivor, merged = (self.a, self.b) if self.keep_a.isChecked() else (self.b, self.a)
        text = (f"รวม “{display_name(merged)}” เข้ากับ “{display_name(survivor)}”?\n"
                "รายการที่ถูกรวมจะถูกเก็บไว้เป็นประวัติ และการลงเวลา/ข้อมูลที่อ้างถึงจะย้ายมาที่รายการที่เก็บไว้")
        if not self.confirm(text):
            return
        try:
            merge_members(self.db, survivor["id"], merged["id"], self.chosen_values())
        except UserError as exc:
            show_error(self, exc)
            return
        self.merged.append((survivor["id"], merged["id"]))
        self.status.setText(f"รวมแล้ว: {display_name(merged)} → {display_name(survivor)}")
        row = self.pairs.currentRow()
        gone = {survivor["id"], merged["id"]}
        # Other pairs that involved the merged record are stale now.
        for i in reversed(range(self.pairs.count())):
            a, b = self.pairs.item(i).data(Qt.ItemDataRole.UserRole)
            if merged["id"] in (a, b) or (i == row and gone == {a, b}):
                self.pairs.takeItem(i)
        if self.pairs.count() == 0:
            self._pair_chosen(-1)
