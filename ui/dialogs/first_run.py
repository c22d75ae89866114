"""First run: which office this installation serves, then its memo header. Cancel quits the app."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizard, QWizardPage

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.office import Office, get_office, save_office
from ui.errors import show_error
from ui.widgets.office_form import (
    OfficeHeaderFields,
    OfficeLocationFields,
    build_office,
    error_label,
    suggested_header,
)

log = logging.getLogger(__name__)


class LocationPage(QWizardPage):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.setTitle("ขั้นที่ ๑ — สำนักงานของท่าน")
        self.setSubTitle("เลือกระดับสำนักงาน จังหวัด และอำเภอที่โปรแกรมนี้ใช้งาน (พิมพ์ชื่อเพื่อค้นหาได้)")
        self.fields = OfficeLocationFields(db)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        self.fields.errors.clear()
        try:
            self.fields.check()
        except UserError as exc:
            self.fields.errors.show(exc.field, exc.message)
            return False
        return True


class HeaderPage(QWizardPage):
    def __init__(self, db: Database, location: OfficeLocationFields) -> None:
        super().__init__()
        self.db = db
        self.location = location
        self.setTitle("ขั้นที่ ๒ — หัวบันทึกข้อความ")
        self.setSubTitle("ข้อมูลนี้ใช้พิมพ์หัวหนังสือ แก้ไขภายหลังได้ที่เมนูตั้งค่า")
        self.fields = OfficeHeaderFields()
        self.general_error = error_label()
        self.saved: Office | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.general_error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        suggestion = suggested_header(self.db, self.location)
        if suggestion is not None:
            self.fields.prefill(suggestion)

    def validatePage(self) -> bool:
        self.fields.errors.clear()
        self.general_error.hide()
        try:
            office = build_office(self.location, self.fields, None)
            with self.db.atomic():
                self.saved = save_office(self.db, office)
                self.fields.save_garuda(self.db)
            self.saved = get_office(self.db) or self.saved  # as stored, with the Garuda's file name
        except UserError as exc:
            if not self.fields.errors.show(exc.field, exc.message):
                self.general_error.setText(exc.message)
                self.general_error.show()
            return False
        except Exception as exc:  # a bug: reported with details, the wizard stays open
            show_error(self, exc)
            return False
        log.info("office profile saved: %s", self.saved.org_name)
        return True


class FirstRunWizard(QWizard):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("ตั้งค่าเริ่มต้น — อำเภอนำร่อง บำบัดทุกข์ บำรุงสุข")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, "ถัดไป >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< ย้อนกลับ")
        self.setButtonText(QWizard.WizardButton.FinishButton, "เสร็จสิ้น")
        self.setButtonText(QWizard.WizardButton.CancelButton, "ยกเลิก")
        self.location_page = LocationPage(db)
        self.header_page = HeaderPage(db, self.location_page.fields)
        self.addPage(self.location_page)
        self.addPage(self.header_page)
        self.setMinimumSize(680, 520)

    @property
    def saved_office(self) -> Office | None:
        return self.header_page.saved


__all__ = ["FirstRunWizard"]
