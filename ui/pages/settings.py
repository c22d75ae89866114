"""ตั้งค่า: edit the office profile (the same form as the first-run wizard), choose the
document font (bundled Laksaman/Sarabun or the office's installed TH Sarabun family), the digits
on screen, the households' income benchmark, and — on this PC only — mute the attendance desk's
sounds (and try each one)."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.cases.priority import income_benchmark, set_income_benchmark
from moi_desktop.documents.fonts import available_families, default_family, get_document_font, set_document_font
from moi_desktop.errors import UserError
from moi_desktop.office import get_office, save_office, set_thai_digits, uses_thai_digits
from moi_desktop.thai import format_thai_date
from moi_desktop.thai.numbers import format_count, format_percent
from ui import formatting
from ui.context import AppContext
from ui.errors import show_error
from ui.pages import PageSpec
from ui.sounds import OUTCOME_LABELS, OUTCOMES, DeskSounds, is_muted, set_muted
from ui.widgets.office_form import OfficeForm

log = logging.getLogger(__name__)


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
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
        layout.addWidget(self._font_box())
        layout.addWidget(self._desk_sound_box())
        layout.addWidget(self._digits_box())
        layout.addWidget(self._benchmark_box())
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    def _font_box(self) -> QGroupBox:
        box = QGroupBox("แบบอักษรในเอกสาร PDF")
        self.font_combo = QComboBox()
        self.font_combo.setObjectName("document_font")
        self.font_combo.currentIndexChanged.connect(self._font_chosen)
        self.font_status = QLabel()
        self.font_status.setObjectName("font_status")
        hint = QLabel("ถ้าเครื่องนี้ติดตั้งแบบอักษร TH Sarabun (TH SarabunIT๙, TH Sarabun New, TH Sarabun PSK) "
                      "จะเลือกได้จากรายการนี้ แบบอักษรที่เลือกใช้กับบันทึกข้อความ รายงาน และเกียรติบัตรทุกฉบับ")
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel("แบบอักษร"))
        row.addWidget(self.font_combo, 1)
        row.addWidget(self.font_status, 1)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(hint)
        return box

    def _desk_sound_box(self) -> QGroupBox:
        """Per-PC (QSettings): mute the desk's sounds; a button per outcome plays its sound."""
        box = QGroupBox("เสียงที่โต๊ะลงเวลา (เฉพาะเครื่องนี้)")
        self.desk_mute = QCheckBox("ปิดเสียง")
        self.desk_mute.setObjectName("desk_sound_muted")
        self.desk_mute.setChecked(is_muted(self.ctx.settings))
        self.desk_mute.toggled.connect(lambda muted: set_muted(self.ctx.settings, muted))
        self.sound_test = DeskSounds(self.ctx.settings)
        row = QHBoxLayout()
        row.addWidget(self.desk_mute)
        row.addWidget(QLabel("ทดลองฟัง:"))
        self.sound_buttons: dict[str, QPushButton] = {}
        for outcome in OUTCOMES:
            button = QPushButton(OUTCOME_LABELS[outcome])
            button.clicked.connect(lambda _=False, o=outcome: self.sound_test.play(o))
            self.sound_buttons[outcome] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        return box

    # -- DISPLAY DIGITS ---------------------------------------------------------
    def _digits_box(self) -> QGroupBox:
        box = QGroupBox("ตัวเลขบนหน้าจอ")
        self.thai_digits = QCheckBox("แสดงตัวเลขไทย (๐ ๑ ๒ … ๙) ในตาราง วันที่ และช่องกรอกตัวเลข")
        self.thai_digits.setObjectName("thai_digits")
        self.thai_digits.setToolTip("ใช้กับทุกเครื่องของสำนักงานนี้ เอกสารราชการยังใช้ตัวเลขไทยตามแบบของแต่ละเอกสาร")
        self.thai_digits.toggled.connect(self._digits_chosen)
        self.digits_status = QLabel()
        self.digits_status.setObjectName("digits_status")
        layout = QVBoxLayout(box)
        layout.addWidget(self.thai_digits)
        layout.addWidget(self.digits_status)
        return box

    def _benchmark_box(self) -> QGroupBox:
        """The income benchmark the households' priority list judges against (office policy)."""
        box = QGroupBox("เกณฑ์รายได้ครัวเรือน (ใช้จัดลำดับความสำคัญของครัวเรือน)")
        self.benchmark = QLineEdit()
        self.benchmark.setObjectName("income_benchmark")
        self.benchmark.setMaximumWidth(160)
        self.benchmark_button = QPushButton("บันทึกเกณฑ์")
        self.benchmark_button.clicked.connect(self.save_benchmark)
        self.benchmark_status = QLabel()
        self.benchmark_status.setObjectName("benchmark_status")
        row = QHBoxLayout(box)
        row.addWidget(QLabel("รายได้ต่ำกว่า"))
        row.addWidget(self.benchmark)
        row.addWidget(QLabel("บาทต่อคนต่อปี"))
        row.addWidget(self.benchmark_button)
        row.addWidget(self.benchmark_status, 1)
        return box

    def _show_benchmark(self) -> None:
        self.benchmark.setText(formatting.number(income_benchmark(self.ctx.db)))

    def save_benchmark(self) -> None:
        try:
            amount = set_income_benchmark(self.ctx.db, self.benchmark.text())
        except UserError as exc:
            self.benchmark_status.setText(exc.message)
            return
        except Exception as exc:  # a bug: logged and shown with details
            show_error(self, exc)
            return
        self.benchmark_status.setText(f"บันทึกแล้ว: {formatting.number(amount)} บาทต่อคนต่อปี")
        self._show_benchmark()

    def _digits_chosen(self, on: bool) -> None:
        try:
            set_thai_digits(self.ctx.db, on)
        except UserError as exc:
            self.digits_status.setText(exc.message)
            self._show_digits()
            return
        except Exception as exc:  # a bug: logged and shown with details
            show_error(self, exc)
            return
        self.digits_status.setText("ตัวอย่าง: " + format_count(12, "หลัก", on) + " · "
                                   + format_percent(42, on) + " · " + format_thai_date(date.today(), "medium", on))

    def _show_digits(self) -> None:
        self.thai_digits.blockSignals(True)
        self.thai_digits.setChecked(uses_thai_digits(self.ctx.db))
        self.thai_digits.blockSignals(False)

    def _fill_fonts(self) -> None:
        """List the families on this PC; a stored choice the PC no longer has falls back."""
        chosen = get_document_font(self.ctx.db)
        families = available_families()
        current = chosen if chosen in families else default_family()
        self.font_combo.blockSignals(True)
        self.font_combo.clear()
        for family in families:
            label = f"{family} (ค่าเริ่มต้น)" if family == default_family() else family
            self.font_combo.addItem(label, family)
        self.font_combo.setCurrentIndex(families.index(current))
        self.font_combo.blockSignals(False)
        if chosen and chosen not in families:
            self.font_status.setText(f"ไม่พบ {chosen} ในเครื่องนี้ จะใช้ {current} แทน")

    def _font_chosen(self, index: int) -> None:
        family = self.font_combo.itemData(index)
        try:
            set_document_font(self.ctx.db, family)
        except UserError as exc:
            self.font_status.setText(exc.message)
            return
        except Exception as exc:  # a bug: logged and shown with details
            show_error(self, exc)
            return
        self.font_status.setText(f"เอกสารจะใช้แบบอักษร {family}")
        log.info("document font set to %s", family)

    def refresh(self) -> None:
        """Show the stored profile and font (discarding unsaved edits)."""
        if self.ctx.office is not None:
            self.form.set_office(self.ctx.office)
        self.status.clear()
        self.font_status.clear()
        self._fill_fonts()
        self._show_digits()
        self.digits_status.clear()
        self._show_benchmark()
        self.benchmark_status.clear()

    def save(self) -> bool:
        self.form.clear_errors()
        self.status.clear()
        try:
            office = self.form.office()
            with self.ctx.db.atomic():
                save_office(self.ctx.db, office)
                self.form.header.save_garuda(self.ctx.db)
            office = get_office(self.ctx.db) or office  # as stored, with the Garuda's file name
            self.form.set_office(office)  # show the cleaned text that was saved
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
