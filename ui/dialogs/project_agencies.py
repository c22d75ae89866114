"""The supporting agencies list (seeded from seed 004's two tables): add, rename, retire, bring back.

Agencies are never deleted: a retired one keeps its history in the reports and is no longer
offered for new projects.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.projects import add_agency, agencies, update_agency
from moi_desktop.projects.model import AGENCY_KINDS
from ui.context import AppContext
from ui.widgets.field_errors import error_label

GROUP_SHORT = {"moi": "กรม/รัฐวิสาหกิจ มท.", "area": "ส่วนราชการในพื้นที่"}


class AgencyEditor(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.setWindowTitle("รายชื่อหน่วยงานที่สนับสนุนโครงการ")
        self.resize(720, 560)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["หน่วยงาน", "กลุ่ม", "สถานะ"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selected)

        self.name = QLineEdit()
        self.name.setPlaceholderText("ชื่อหน่วยงาน")
        self.group = QComboBox()
        for code, label in GROUP_SHORT.items():
            self.group.addItem(label, code)
        self.group.setCurrentIndex(1)
        self.kind = QComboBox()
        for code, label in AGENCY_KINDS.items():
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(self.kind.findData("other"))
        self.add_button = QPushButton("เพิ่มหน่วยงาน")
        self.rename_button = QPushButton("เปลี่ยนชื่อที่เลือก")
        self.toggle_button = QPushButton("เลิกใช้ / ใช้อีกครั้ง")
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.error = error_label()

        form = QHBoxLayout()
        form.addWidget(self.name, 1)
        form.addWidget(self.group)
        form.addWidget(self.kind)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.rename_button)
        actions.addWidget(self.toggle_button)
        actions.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("พิมพ์ชื่อแล้วกด “เพิ่มหน่วยงาน” หรือเลือกแถวแล้วแก้ชื่อ"))
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.rows = agencies(self.db, include_inactive=True)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            for col, text in enumerate((r["name_th"], GROUP_SHORT.get(r["grp"], r["grp"]),
                                        "ใช้งาน" if r["active"] else "เลิกใช้")):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r["id"])
                if not r["active"]:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(i, col, item)
            if r["id"] == select:
                self.table.selectRow(i)
        self._selected()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()]["id"] if rows else None

    def select_name(self, name: str) -> None:
        for i, r in enumerate(self.rows):
            if r["name_th"] == name:
                self.table.selectRow(i)
                return
        raise KeyError(name)

    def _selected(self) -> None:
        agency_id = self.selected_id()
        self.rename_button.setEnabled(agency_id is not None)
        self.toggle_button.setEnabled(agency_id is not None)
        if agency_id:
            row = next(r for r in self.rows if r["id"] == agency_id)
            self.name.setText(row["name_th"])

    def _run(self, action: Callable[[], str | None]) -> str | None:
        self.error.hide()
        try:
            return action()
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return None

    def add(self) -> None:
        new_id = self._run(lambda: add_agency(self.db, self.name.text(), self.group.currentData(),
                                                self.kind.currentData()))
        if new_id:
            self.reload(select=new_id)

    def rename(self) -> None:
        agency_id = self.selected_id()
        if agency_id:
            self._run(lambda: update_agency(self.db, agency_id, name=self.name.text()))
            self.reload(select=agency_id)

    def toggle_active(self) -> None:
        agency_id = self.selected_id()
        if agency_id:
            row = next(r for r in self.rows if r["id"] == agency_id)
            self._run(lambda: update_agency(self.db, agency_id, active=not row["active"]))
            self.reload(select=agency_id)
