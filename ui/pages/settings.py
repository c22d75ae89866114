"""ตั้งค่า: edit the office profile (the same form as the first-run wizard)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from moi_desktop.errors import UserError
from moi_desktop.office import save_office
from ui.errors import show_error
from ui.pages import PageSpec
from ui.widgets.office_form import OfficeForm

log = logging.getLogger(__name__)


class SettingsPage(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx
        self.form = OfficeForm(ctx.db)
        self.save_button = QPushButton("บันทึก")
        self.save_button.setObjectName("save_office")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("ยกเลิกการแก้ไข")
        self.revert_button.clicked.connect(self.refresh)
        self.status = QLabel()
        self.status.setObjectName("save_status")

        box = QGroupBox("ข้อมูลสำนักงานและหัวบันทึกข้อความ")
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.status, 1)
        box_layout.addLayout(buttons)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    def refresh(self) -> None:
        """Show the stored profile (discarding unsaved edits)."""
        if self.ctx.office is not None:
            self.form.set_office(self.ctx.office)
        self.status.clear()

    def save(self) -> bool:
        self.form.clear_errors()
        self.status.clear()
        try:
            office = save_office(self.ctx.db, self.form.office())
        except UserError as exc:
            self.form.show_error(exc)
            self.status.setText("ยังไม่ได้บันทึก กรุณาแก้ไขตามข้อความสีแดง")
            return False
        except Exception as exc:  # a bug: logged and shown with details
            show_error(self, exc)
            return False
        self.ctx.office = office
        self.status.setText("บันทึกแล้ว")
        log.info("office profile updated")
        return True


PAGE = PageSpec(key="settings", title="ตั้งค่า", order=90, factory=lambda ctx: SettingsPage(ctx))
