"""Keyboard shortcuts of the list pages, and the registry the F1 help lists (issue 17).

Every list page calls `install(page, key, ...)` with what it can do; the same keys do the same
thing everywhere:

    Ctrl+F   go to the search box          Ctrl+N   new
    Enter    open the selected row         Delete   delete the selected row(s) (undo follows)
    Ctrl+Z   undo the last delete          F5       reload from the database
    F1       this list (the main window opens ShortcutsDialog for the current page)

Enter and Delete belong to the list (they fire only while the table has focus: in a text box they
keep their usual meaning); the others work anywhere on the page. install() records each page's
shortcuts in REGISTRY, with a page's own extra keys (the desk's F2/F3 …), so the help shows exactly
what is wired.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    keys: str  # as QKeySequence reads it ("Ctrl+F", "Return")
    text: str  # what it does, in Thai
    shown: str = ""  # how the help writes the keys, when not `keys`

    @property
    def label(self) -> str:
        return self.shown or self.keys


# The standard actions, in the order the help lists them.
STANDARD: dict[str, Shortcut] = {
    "search": Shortcut("Ctrl+F", "ไปที่ช่องค้นหา"),
    "new": Shortcut("Ctrl+N", "เพิ่มรายการใหม่"),
    "open": Shortcut("Return", "เปิดรายการที่เลือก", "Enter"),
    "delete": Shortcut("Delete", "ลบรายการที่เลือก (เลิกทำได้)"),
    "undo": Shortcut("Ctrl+Z", "เลิกทำการลบล่าสุด"),
    "refresh": Shortcut("F5", "โหลดข้อมูลใหม่"),
}
HELP = Shortcut("F1", "แป้นลัดของหน้านี้")
# The attendance desk's own keys (ui/widgets/attendance_desk.py wires them), listed on its page.
DESK = (
    Shortcut("Return", "ที่โต๊ะลงเวลา: ลงเวลา", "Enter (โต๊ะลงเวลา)"),
    Shortcut("F2", "ที่โต๊ะลงเวลา: บันทึกผู้มาแทน"),
    Shortcut("F3", "ที่โต๊ะลงเวลา: ลงทะเบียนหน้างาน"),
    Shortcut("Ctrl+Z", "ที่โต๊ะลงเวลา: ยกเลิกการลงเวลาล่าสุด", "Ctrl+Z (โต๊ะลงเวลา)"),
    Shortcut("Esc", "ที่โต๊ะลงเวลา: ล้างช่อง / ยกเลิก"),
)
_ON_LIST = ("open", "delete")  # only while the list has focus

REGISTRY: dict[str, list[Shortcut]] = {}


def shortcuts_of(page_key: str) -> list[Shortcut]:
    """The page's shortcuts as installed, then F1."""
    return [*REGISTRY.get(page_key, []), HELP]


def install(page: QWidget, page_key: str, *, view: QAbstractItemView | None = None,
            search: QLineEdit | Callable[[], object] | None = None,
            new: Callable[[], object] | None = None, open: Callable[[], object] | None = None,  # noqa: A002
            delete: Callable[[], object] | None = None, undo: Callable[[], object] | None = None,
            refresh: Callable[[], object] | None = None,
            extra: Sequence[tuple[Shortcut, Callable[[], object]]] = (),
            listed: Sequence[Shortcut] = ()) -> dict[str, QShortcut]:
    """Wire the standard shortcuts the page has (and `extra` ones); returns them by action name
    (extras by their keys) and records them in REGISTRY[page_key], followed by `listed` (keys a
    widget of the page wires itself, e.g. the attendance desk's)."""
    actions: dict[str, Callable[[], object]] = {}
    if search is not None:
        actions["search"] = _focus(search) if isinstance(search, QLineEdit) else search
    for name, slot in (("new", new), ("open", open), ("delete", delete), ("undo", undo), ("refresh", refresh)):
        if slot is not None:
            actions[name] = slot
    made: dict[str, QShortcut] = {}
    shown: list[Shortcut] = []
    for name, slot in actions.items():
        spec = STANDARD[name]
        on_list = name in _ON_LIST and view is not None
        made[name] = _shortcut(view if on_list and view is not None else page, spec.keys, slot,
                               Qt.ShortcutContext.WidgetShortcut if on_list
                               else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if name == "open" and on_list and view is not None:  # the keypad's Enter too
            made["open_keypad"] = _shortcut(view, "Enter", slot, Qt.ShortcutContext.WidgetShortcut)
        shown.append(spec)
    for spec, slot in extra:
        made[spec.keys] = _shortcut(page, spec.keys, slot, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown.append(spec)
    REGISTRY[page_key] = [*shown, *listed]
    return made


def _shortcut(parent: QWidget, keys: str, slot: Callable[[], object], context: Qt.ShortcutContext) -> QShortcut:
    shortcut = QShortcut(QKeySequence(keys), parent)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut


def _focus(edit: QLineEdit) -> Callable[[], None]:
    def go() -> None:
        edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit.selectAll()
    return go


class ShortcutsDialog(QDialog):
    """F1: the current page's shortcuts (from REGISTRY), as a two-column table."""

    def __init__(self, page_key: str | None, page_title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("แป้นลัด")
        rows = shortcuts_of(page_key) if page_key else [HELP]
        heading = QLabel(f"แป้นลัดของหน้า “{page_title}”" if page_title else "แป้นลัด")
        heading.setStyleSheet("font-weight:bold;")
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(("แป้น", "ทำอะไร"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, spec in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(spec.label))
            self.table.setItem(row, 1, QTableWidgetItem(spec.text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("ปิด")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(460, 120 + 34 * len(rows))

    def rows(self) -> list[tuple[str, str]]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""
        return [(text(r, 0), text(r, 1)) for r in range(self.table.rowCount())]
