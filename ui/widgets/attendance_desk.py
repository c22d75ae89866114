"""The attendance desk: one session, one input that always has focus, big clear feedback.

A USB scanner is a keyboard that types the code and presses Enter. The input accepts a name-card
QR (member id), a 13-digit ID card number, or a typed Thai name (incremental search; Enter on a
unique hit, or on the highlighted one, marks). Keys:

    Enter      mark                       ↑ / ↓   choose among name matches
    F2         substitute: Y attends for the registered X (after a red scan of Y, or X then Y)
    F3         walk-in: register the person just refused (red) and mark them
    Ctrl+Z     undo the last mark made here        Esc   clear the input / cancel a flow

Every mark is committed before the feedback shows. Each outcome has its own colour, tag and sound
(ui/sounds.py; muted per PC in Settings): counted green, late amber, already purple, not registered
or a bad code red, substitute blue.

Another day's roll call: a banner says the session is not today's, and nothing is
marked until the trainer confirms "บันทึกย้อนหลัง" (button → confirmation); the core refuses the
marks without it and records the confirmed ones as backdated. A session still to come is refused.

Paper mode (`paper=True`) keys back a paper sign-in sheet after the session: scanning the code
printed on a signed row marks that person present (method "paper": never late, since the scan
time is not the arrival time) and works on a closed roll call, turning its "absent" into present.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from moi_desktop.errors import UserError
from moi_desktop.members import photo_path
from moi_desktop.thai import split_name
from moi_desktop.trainings import ALREADY, LATE, NOT_REGISTERED, PRESENT, MarkResult, find_member, scan
from moi_desktop.trainings.marking import other_day
from moi_desktop.trainings.roll import Roll, TrainingRoll
from ui import formatting
from ui.context import AppContext
from ui.errors import show_error
from ui.models.attendance_model import recent_marks_model
from ui.photos import thumbnail
from ui.sounds import ALREADY as ALREADY_OUTCOME
from ui.sounds import COUNTED, OUTCOME_LABELS, SUBSTITUTE, DeskSounds
from ui.sounds import LATE as LATE_OUTCOME
from ui.sounds import NOT_REGISTERED as REFUSED_OUTCOME

SEARCH_DELAY_MS = 80
IDLE, GREEN, AMBER, RED, BLUE, PURPLE = "idle", "green", "amber", "red", "blue", "purple"
NOTICE = "notice"  # the desk's own messages (closed roll call, choose a name, undone): no outcome
STYLES = {
    IDLE: "background:#eef1f5; color:#333;",
    NOTICE: "background:#f4f1e6; color:#4a4030; border:3px dashed #8a7d55;",
    GREEN: "background:#d8f3df; color:#125c2b; border:3px solid #1b7f3b;",
    AMBER: "background:#ffe2b8; color:#6b3a00; border:3px solid #d26a00;",
    RED: "background:#fde0de; color:#8c1d18; border:3px solid #b3261e;",
    BLUE: "background:#dde8fb; color:#173f80; border:3px solid #1a4fa0;",
    PURPLE: "background:#eee3f8; color:#44106b; border:3px solid #7b2fb0;",
}
# Each desk outcome: its colour (state) here, its tag (OUTCOME_LABELS) and sound in ui/sounds.py.
OUTCOME_STATES = {
    COUNTED: GREEN,
    LATE_OUTCOME: AMBER,
    ALREADY_OUTCOME: PURPLE,
    REFUSED_OUTCOME: RED,
    SUBSTITUTE: BLUE,
}


class WalkInDialog(QDialog):
    """Name (and organisation) of someone not in the registry, registered at the desk."""

    def __init__(self, parent: QWidget | None, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("ลงทะเบียนหน้างาน")
        form = QFormLayout(self)
        title, first, last = split_name(text) if text else ("", "", "")
        self.full_name = QLineEdit(" ".join(x for x in (title + first, last) if x))
        self.organisation = QLineEdit()
        form.addRow("ชื่อ-สกุล (พร้อมคำนำหน้า)", self.full_name)
        form.addRow("หน่วยงาน", self.organisation)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("ลงทะเบียนและลงเวลา")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def person(self) -> dict:
        title, first, last = split_name(self.full_name.text())
        return {"title": title, "first_name": first, "last_name": last,
                "organisation": self.organisation.text().strip() or None}


class AttendanceDesk(QWidget):
    """The desk for one session — or for any other roll (`roll`, e.g. a meeting's
    MeetingRoll). `clock()` gives the current UTC time (tests replace it)."""

    marked = Signal(object)  # the MarkResult of every scan, after its feedback is shown

    def __init__(self, ctx: AppContext, session_id: str | None, parent: QWidget | None = None,
                 clock: Callable[[], datetime] | None = None, *, paper: bool = False, roll: Roll | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.paper = paper
        self.method = "paper" if paper else "scan"
        self.clock = clock or (lambda: datetime.now(UTC))
        if roll is None:
            if session_id is None:
                raise ValueError("the desk needs a session id or a roll")
            roll = TrainingRoll(self.db, session_id)
        self.roll: Roll = roll
        self.state = IDLE
        self.outcome: str | None = None  # the last scan's outcome (a key of OUTCOME_STATES)
        self.sounds = DeskSounds(ctx.settings)
        self.sounds.preload()  # the first scan's sound is not late
        self.last_result: MarkResult | None = None
        self._undo_stack: list[str] = []  # member ids marked here, newest last
        self._refused: MarkResult | None = None  # last red scan (walk-in / substitute candidate)
        self._refused_text = ""
        self._flow: str | None = None  # None / "sub_x" (waiting for X) / "sub_y" (waiting for Y)
        self._sub_x: dict | None = None
        self._sub_y_member: dict | None = None
        # None (today, or a roll without a day) / "past" / "future"
        self.other_day = other_day(self.roll.day, self.clock()) if self.roll.day else None
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search)
        self.refresh()
        if self.roll.closed and not paper:
            self.show_feedback(NOTICE, *self.roll.closed_message)
        elif self.other_day == "past":
            self.show_feedback(NOTICE, "บันทึกจากใบลงลายมือชื่อของวันอื่น" if paper else "รอบนี้ไม่ใช่ของวันนี้",
                               "กด “บันทึกย้อนหลัง” ด้านบนเพื่อยืนยันก่อนลงเวลา")
        elif self.other_day == "future":
            self.show_feedback(RED, "รอบนี้ยังไม่ถึงวัน", "ลงเวลาล่วงหน้าไม่ได้")
        elif paper:
            self.show_feedback(IDLE, "บันทึกจากใบลงลายมือชื่อ",
                               "สแกนรหัสท้ายแถวของทุกคนที่ลงลายมือชื่อไว้ (หรือพิมพ์ชื่อแล้วกด Enter)")
        elif self.roll.closed:
            self.show_feedback(NOTICE, *self.roll.closed_message)
        else:
            self.show_feedback(IDLE, "พร้อมลงเวลา", "สแกนบัตรชื่อ / บัตรประชาชน หรือพิมพ์ชื่อแล้วกด Enter")

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        mode = " — บันทึกจากใบลงลายมือชื่อ" if self.paper else ""
        title = QLabel(formatting.digits(f"{self.roll.title}{mode}"))
        title.setObjectName("deskTitle")
        title.setWordWrap(True)
        title.setStyleSheet("font-size:18pt; font-weight:bold;")
        layout.addWidget(title)

        self.banner = QFrame()
        self.banner.setObjectName("backdateBanner")
        banner_layout = QHBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.banner_text.setObjectName("backdateText")
        self.banner_text.setWordWrap(True)
        self.banner_text.setStyleSheet("font-size:14pt; font-weight:bold;")
        banner_layout.addWidget(self.banner_text, 1)
        self.backdate_button = QPushButton("บันทึกย้อนหลัง…")
        self.backdate_button.setObjectName("backdateButton")
        self.backdate_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.backdate_button.setStyleSheet("font-size:13pt; font-weight:bold; padding:4px 14px;")
        self.backdate_button.clicked.connect(lambda: self.confirm_backdated())
        banner_layout.addWidget(self.backdate_button)
        self._update_banner()
        layout.addWidget(self.banner)

        self.input = QLineEdit()
        self.input.setObjectName("scanInput")
        self.input.setPlaceholderText("สแกนรหัสในใบลงลายมือชื่อ แล้วกด Enter" if self.paper
                                      else "สแกนหรือพิมพ์ชื่อ แล้วกด Enter")
        font = self.input.font()
        font.setPointSize(22)
        self.input.setFont(font)
        self.input.returnPressed.connect(self.submit)
        self.input.textEdited.connect(self._on_edited)
        self.input.installEventFilter(self)
        layout.addWidget(self.input)

        self.suggestions = QListWidget()
        self.suggestions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.suggestions.setMaximumHeight(170)
        self.suggestions.hide()
        self.suggestions.itemClicked.connect(lambda item: self._mark_suggestion(item))
        layout.addWidget(self.suggestions)

        self.panel = QFrame()
        self.panel.setObjectName("feedbackPanel")
        panel_layout = QHBoxLayout(self.panel)
        self.photo = QLabel()
        self.photo.setFixedSize(120, 150)
        self.photo.hide()
        panel_layout.addWidget(self.photo)
        texts = QVBoxLayout()
        self.tag = QLabel()
        self.tag.setObjectName("outcomeTag")
        self.tag.hide()
        texts.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignLeft)
        self.headline = QLabel()
        self.headline.setObjectName("feedback")
        self.headline.setWordWrap(True)
        big = QFont(self.headline.font())
        big.setPointSize(30)
        big.setBold(True)
        self.headline.setFont(big)
        self.detail = QLabel()
        self.detail.setObjectName("feedbackDetail")
        self.detail.setWordWrap(True)
        detail_font = QFont(self.detail.font())
        detail_font.setPointSize(18)
        self.detail.setFont(detail_font)
        texts.addWidget(self.headline)
        texts.addWidget(self.detail)
        panel_layout.addLayout(texts, 1)
        self.panel.setMinimumHeight(190)
        layout.addWidget(self.panel)

        self.counters = QLabel()
        self.counters.setObjectName("counters")
        self.counters.setStyleSheet("font-size:20pt;")
        layout.addWidget(self.counters)
        self.keys_help = QLabel("Enter ลงเวลา · F2 มาแทน · F3 ลงทะเบียนหน้างาน · Ctrl+Z ยกเลิกรายการล่าสุด · Esc ล้าง")
        self.keys_help.setStyleSheet("color:#555;")
        layout.addWidget(self.keys_help)

        self.recent_model = recent_marks_model(self)
        self.recent = QTableView()
        self.recent.setModel(self.recent_model)
        self.recent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.recent.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.recent.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.recent, 1)

        for keys, slot in (("F2", self.start_substitute), ("F3", lambda: self.register_walk_in())):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- another day's roll call ---------------------------------------------------------------
    @property
    def backdated(self) -> bool:
        """Set once the trainer confirms บันทึกย้อนหลัง: the roll then records its marks as backdated."""
        return self.roll.backdated

    @backdated.setter
    def backdated(self, value: bool) -> None:
        self.roll.backdated = value

    def _update_banner(self) -> None:
        if self.other_day is None or self.roll.day is None:
            self.banner.hide()
            return
        day = formatting.thai_date(self.roll.day, "full")
        if self.other_day == "future":
            text, style = f"รอบนี้เป็นของวันที่ {day} ซึ่งยังไม่ถึง — ลงเวลาล่วงหน้าไม่ได้", "#fde0de; color:#8c1d18"
        elif self.backdated:
            text, style = f"กำลังบันทึกย้อนหลัง: รอบของวันที่ {day} (ทุกรายการจะบันทึกว่าเป็นการลงเวลาย้อนหลัง)", \
                "#e4dcf5; color:#3b1f73"
        else:
            text, style = f"รอบนี้เป็นของวันที่ {day} ไม่ใช่วันนี้ — ต้องยืนยัน “บันทึกย้อนหลัง” ก่อนลงเวลา", \
                "#fff1d6; color:#7a4a00"
        self.banner_text.setText(text)
        self.banner.setStyleSheet(f"#backdateBanner {{background:{style}; border:2px solid #b26a00; "
                                  "border-radius:6px;}")
        self.backdate_button.setVisible(self.other_day == "past" and not self.backdated)
        self.banner.show()

    def confirm_backdated(self, ask: Callable[[str], bool] | None = None) -> bool:
        """The banner's button: ask once whether to record this other day's roll call (บันทึกย้อนหลัง)."""
        if self.other_day != "past":
            return False
        if not self.backdated:
            question = (f"ลงเวลาในรอบของวันที่ {formatting.thai_date(self.roll.day or '', "full")} ซึ่งไม่ใช่วันนี้?\n"
                        "ทุกรายการจะบันทึกว่าเป็น “บันทึกย้อนหลัง” (ไม่นับเป็นมาสาย) และถูกบันทึกในประวัติการใช้งาน")
            ask = ask or (lambda text: QMessageBox.question(self, "บันทึกย้อนหลัง", text)
                          == QMessageBox.StandardButton.Yes)
            if not ask(question):
                self.input.setFocus()
                return False
            self.backdated = True
            self._update_banner()
            self.show_feedback(IDLE, "พร้อมบันทึกย้อนหลัง", "สแกนบัตรชื่อ / บัตรประชาชน หรือพิมพ์ชื่อแล้วกด Enter")
        self.input.setFocus()
        return True

    # -- focus and keys --------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.input.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.input:
            if event.type() == QEvent.Type.FocusOut and self.isVisible() and self.window().isActiveWindow():
                # The input always keeps focus: a scanner must never type into another widget.
                QTimer.singleShot(0, self.input.setFocus)
            elif isinstance(event, QKeyEvent) and self._input_key(event):
                return True
        return super().eventFilter(obj, event)

    def _input_key(self, event: QKeyEvent) -> bool:
        """Keys the desk handles itself while the input has focus; True when handled."""
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(QKeySequence.StandardKey.Undo):
            event.accept()  # the input's own text undo must not swallow Ctrl+Z
            return True
        if event.type() == QEvent.Type.KeyPress:
            if event.matches(QKeySequence.StandardKey.Undo):
                self.undo_last()
                return True
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.suggestions.isVisible():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.suggestions.count() - 1, self.suggestions.currentRow() + step))
                self.suggestions.setCurrentRow(row)
                return True
            if key == Qt.Key.Key_Escape:
                self.cancel()
                return True
        return False

    def cancel(self) -> None:
        self.input.clear()
        self.suggestions.hide()
        if self._flow:
            self._flow, self._sub_x = None, None
            self.show_feedback(IDLE, "ยกเลิกแล้ว", "พร้อมลงเวลา")

    # -- feedback -------------------------------------------------------------------------------
    def show_feedback(self, state: str, headline: str, detail: str = "", member: dict | None = None,
                      outcome: str | None = None, tag: str | None = None) -> None:
        """Show a state; a scan's `outcome` also sets the state's colour, shows its tag (or `tag`)
        and requests its sound."""
        if outcome is not None:
            state = OUTCOME_STATES[outcome]
        self.state = state
        self.outcome = outcome
        self.panel.setStyleSheet(f"#feedbackPanel {{{STYLES[state]} border-radius:8px;}}")
        if outcome is not None:
            colour = STYLES[state].split("border:3px solid ")[1].rstrip(";")
            self.tag.setText(tag or OUTCOME_LABELS[outcome])
            self.tag.setStyleSheet(f"background:{colour}; color:white; font-size:14pt; font-weight:bold; "
                                   "padding:2px 10px; border-radius:4px;")
            self.tag.show()
            self.sounds.play(outcome)
        else:
            self.tag.hide()
        self.headline.setText(headline)
        self.detail.setText(detail)
        path = photo_path(member.get("photo_hash")) if member else None
        if path:
            self.photo.setPixmap(thumbnail(path, self.photo.size()))
            self.photo.show()
        else:
            self.photo.clear()
            self.photo.hide()

    def _show_result(self, result: MarkResult) -> None:
        member = result.member
        name = member["name"] if member else ""
        unit = (member.get("organisation") or member.get("sector_name") or "") if member else ""
        if result.status == ALREADY:
            self.show_feedback(PURPLE, name, result.message_th, member, outcome=ALREADY_OUTCOME)
        elif result.status == NOT_REGISTERED:
            hint = "กด F3 เพื่อลงทะเบียนหน้างาน หรือ F2 หากมาแทนผู้ที่ลงทะเบียนไว้" if member else \
                "ไม่พบในทะเบียน — กด F3 เพื่อลงทะเบียนหน้างาน"
            self.show_feedback(RED, result.message_th, f"{name}\n{hint}".strip(), member, outcome=REFUSED_OUTCOME)
        elif result.substitute_for:
            self.show_feedback(BLUE, name, result.message_th, member, outcome=SUBSTITUTE)
        elif result.status == LATE:
            self.show_feedback(AMBER, name, f"{result.message_th}  {unit}".strip(), member, outcome=LATE_OUTCOME)
        else:
            prefix = "ลงทะเบียนหน้างานแล้ว · " if result.walk_in else ""
            message = "บันทึกว่ามา (จากใบลงลายมือชื่อ)" if self.paper else result.message_th
            self.show_feedback(GREEN, name, f"{prefix}{message}  {unit}".strip(), member, outcome=COUNTED)

    def refresh(self) -> None:
        """Counters and the recent-marks strip, from the database."""
        c = self.roll.counts()
        listed = getattr(self.roll, "listed_label", "ลงทะเบียน")  # a meeting's list is its invitees
        text = f"มาแล้ว {c['present']:,} / {listed} {c['registered']:,} คน ({c['percent']:.1f}%)"
        if c["late"]:
            text += f" · สาย {c['late']:,}"
        if c["substitutes"]:
            text += f" · มาแทน {c['substitutes']:,}"
        self.counters.setText(formatting.digits(text))
        self.recent_model.set_rows(self.roll.last_marks(limit=15))

    # -- input ----------------------------------------------------------------------------------
    def _on_edited(self, text: str) -> None:
        self._search_timer.start()

    def _search(self) -> None:
        text = self.input.text().strip()
        try:
            code = scan.decode(text) if text else None
        except UserError:
            code = None
        if code is None or code.kind != scan.NAME or len(code.value) < 2:
            self.suggestions.hide()
            return
        wide = self._flow == "sub_y"  # a substitute need not be enrolled
        found = self.roll.search_names(code.value, limit=8, enrolled_only=not wide)
        self.suggestions.clear()
        for row in found:
            mark = {"present": " ✓ มาแล้ว", "late": " ✓ มาแล้ว (สาย)"}.get(row.get("status") or "", "")
            enrolled = "" if row["enrolled"] else "  (ไม่มีชื่อในรายชื่อ)"
            item = QListWidgetItem(f"{row['name']} — {row.get('organisation') or row['sector_name']}{mark}{enrolled}")
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.suggestions.addItem(item)
        self.suggestions.setVisible(bool(found))
        if found:
            self.suggestions.setCurrentRow(0 if len(found) == 1 else -1)

    def submit(self) -> None:
        """Enter: mark what the input holds (or the highlighted name match)."""
        self._search_timer.stop()
        text = self.input.text()
        if not text.strip():
            return
        if self.suggestions.isVisible() and self.suggestions.currentRow() >= 0:
            self._mark_suggestion(self.suggestions.currentItem())
            return
        self.input.clear()
        self.suggestions.hide()
        try:
            code = scan.decode(text)
            if code.kind == scan.NAME:
                self._search_now(code)
                return
            member, _ = self.roll.resolve(code)
            self._process(member, code.kind, text)
        except UserError as exc:
            bad_code = exc.field == "code"
            self.show_feedback(RED, "รหัสไม่ถูกต้อง" if bad_code else "ลงเวลาไม่ได้", exc.message,
                               outcome=REFUSED_OUTCOME, tag=None if bad_code else "ลงเวลาไม่ได้")
        except Exception as exc:  # a bug: shown with details, the desk stays usable
            show_error(self, exc)

    def _search_now(self, code: scan.Code) -> None:
        """Enter on a typed name: one match marks; none is refused (red); several ask to choose."""
        wide = self._flow == "sub_y"
        found = self.roll.search_names(code.value, limit=8, enrolled_only=not wide)
        if not found and self._flow is None:
            # Not on the list: someone in the registry by that name can still be registered (F3).
            found = self.roll.search_names(code.value, limit=2, enrolled_only=False)
            if len(found) != 1:
                self._process(None, scan.NAME, code.value, method=self._typed())
                return
        if len(found) == 1:
            self._process(find_member(self.db, found[0]["id"]), scan.NAME, code.value, method=self._typed())
        elif not found:
            self.show_feedback(RED, "ไม่พบชื่อนี้", "ตรวจการสะกด หรือสแกนบัตรแทน", outcome=REFUSED_OUTCOME)
        else:
            self.input.setText(code.value)
            self._search()
            self.show_feedback(NOTICE, f"พบ {formatting.digits(str(len(found)))} คน", "เลือกด้วยลูกศรขึ้น/ลง แล้วกด Enter")

    def _mark_suggestion(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        member_id = item.data(Qt.ItemDataRole.UserRole)
        self.input.clear()
        self.suggestions.hide()
        try:
            self._process(find_member(self.db, member_id), scan.NAME, "", method=self._typed())
        except UserError as exc:
            self.show_feedback(RED, "ลงเวลาไม่ได้", exc.message, outcome=REFUSED_OUTCOME)

    def _typed(self) -> str:
        return "paper" if self.paper else "typed"

    def _process(self, member: dict | None, code_kind: str, text: str, method: str | None = None) -> None:
        """Mark `member` — or, inside the substitute flow, take them as X or Y."""
        method = method or self.method
        if self._flow == "sub_x":
            self._take_x(member)
            return
        if self._flow == "sub_y":
            self._take_y(member)
            return
        result = self.roll.mark(member["id"] if member else None, method=method, now=self.clock(),
                                code_kind=code_kind, member=member)
        if result.status == NOT_REGISTERED:
            self._refused, self._refused_text = result, text if code_kind == scan.NAME else ""
        else:
            self._refused = None
        self._after(result)

    def _after(self, result: MarkResult) -> None:
        if result.status in (PRESENT, LATE):
            if result.member is not None:  # always known when marked present or late
                self._undo_stack.append(result.member["id"])
            self._refused = None
            self.refresh()
        self.last_result = result
        self._show_result(result)
        self.marked.emit(result)

    # -- substitute ------------------------------------------------------------------------------
    def start_substitute(self) -> None:
        """F2. After a red scan of a known person Y, ask for X; otherwise ask for X, then Y."""
        self.input.clear()
        self.suggestions.hide()
        if self._refused is not None and self._refused.member is not None:
            self._sub_y_member = self._refused.member
            self._flow = "sub_x"
            self.show_feedback(BLUE, f"{self._sub_y_member['name']} มาแทนใคร?",
                               "สแกนบัตรหรือพิมพ์ชื่อของผู้ที่ลงทะเบียนไว้ (Esc ยกเลิก)")
        else:
            self._sub_y_member = None
            self._flow = "sub_x"
            self.show_feedback(BLUE, "บันทึกผู้มาแทน", "ขั้นที่ ๑: สแกนหรือพิมพ์ชื่อผู้ที่ลงทะเบียนไว้ (Esc ยกเลิก)")

    def _take_x(self, member: dict | None) -> None:
        if member is None or not self.roll.is_registered(member["id"]):
            self.show_feedback(RED, getattr(self.roll, "not_listed", "ไม่มีชื่อในรายชื่อผู้เข้าอบรม"),
                               "ผู้ถูกแทนต้องเป็นผู้ที่ลงทะเบียนไว้ — สแกนใหม่ หรือ Esc")
            return
        self._sub_x = member
        if self._sub_y_member is not None:
            self._record_substitute(self._sub_y_member)
            return
        self._flow = "sub_y"
        self.show_feedback(BLUE, f"แทน {member['name']}", "ขั้นที่ ๒: สแกนบัตรหรือพิมพ์ชื่อของผู้มาแทน")

    def _take_y(self, member: dict | None) -> None:
        if member is None:
            self.show_feedback(RED, "ไม่พบผู้มาแทนในทะเบียน", "เพิ่มเป็นภาคีเครือข่ายก่อน หรือ Esc เพื่อยกเลิก")
            return
        self._record_substitute(member)

    def _record_substitute(self, y: dict) -> None:
        x = self._sub_x
        self._flow, self._sub_x, self._sub_y_member = None, None, None
        if x is None:
            raise RuntimeError("a substitute is recorded only after the registered person is chosen")
        try:
            result = self.roll.mark_substitute(y["id"], x["id"], method=self.method, now=self.clock())
        except UserError as exc:
            self.show_feedback(RED, "บันทึกผู้มาแทนไม่ได้", exc.message)
            return
        self._after(result)

    # -- walk-in and undo ------------------------------------------------------------------------
    def register_walk_in(self, dialog: WalkInDialog | None = None) -> None:
        """F3: enrol the person just refused and mark them (a dialog asks the name if unknown)."""
        refused = self._refused
        if refused is None:
            self.show_feedback(NOTICE, "ยังไม่มีผู้ที่ต้องลงทะเบียน", "กด F3 หลังจากสแกนแล้วขึ้นสีแดง")
            return
        try:
            if refused.member is not None:
                result = self.roll.walk_in(member_id=refused.member["id"], method=self.method, now=self.clock())
            else:
                dialog = dialog or WalkInDialog(self, self._refused_text)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return
                result = self.roll.walk_in(person=dialog.person(), method=self.method, now=self.clock())
        except UserError as exc:
            self.show_feedback(RED, "ลงทะเบียนหน้างานไม่ได้", exc.message)
            return
        finally:
            self.input.setFocus()
        self._after(result)

    def undo_last(self) -> None:
        """Ctrl+Z: take back the latest mark made at this desk."""
        if not self._undo_stack:
            self.show_feedback(NOTICE, "ไม่มีรายการให้ยกเลิก")
            return
        member_id = self._undo_stack.pop()
        member = find_member(self.db, member_id)
        try:
            self.roll.undo(member_id, now=self.clock())
        except UserError as exc:
            self.show_feedback(RED, "ยกเลิกไม่ได้", exc.message)
            return
        self.refresh()
        self.show_feedback(NOTICE, "ยกเลิกการลงเวลาแล้ว", member["name"] if member else "", None)


def show_desk_in(stack: QStackedWidget, desk: AttendanceDesk, back_text: str, back: Callable[[], None]) -> None:
    """Show `desk` as the page's second screen under a "← back" button, ready for the first scan
    (the trainings and meetings pages both open their roll calls this way)."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    button = QPushButton(back_text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(back)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    layout.addWidget(desk, 1)
    stack.addWidget(holder)
    stack.setCurrentWidget(holder)
    desk.input.setFocus()


def remove_desk_from(stack: QStackedWidget) -> None:
    """Take the desk's screen off `stack` and show its first screen again."""
    if stack.count() > 1:
        holder = stack.widget(1)
        if holder is not None:
            stack.removeWidget(holder)
            holder.deleteLater()
    stack.setCurrentIndex(0)
