"""Table cells: the lookup of a cell the code filled itself, and Thai-aware eliding.

Qt's own elide cuts at any code point, so a long Thai name can lose the tone mark of its last
letter or keep a leading vowel (เ แ โ ใ ไ) without the consonant it belongs to ("นายสมชาย เ…").
`elide_thai` cuts only between clusters — a base letter with its marks, a leading vowel with its
consonant, a following vowel (ะ า ำ) with what it follows — and prefers a space: a person's name
gives way at the space before the surname before it gives way inside a word.
`ThaiElideDelegate` draws every cell of a view that way (the full text stays in the tooltip), in
the digits the office chose (`ui.formatting`).
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QWidget,
)

from ui import formatting

ELLIPSIS = "…"
# Marks drawn on (above/below) the letter before them: ั ิ ี ึ ื ุ ู ฺ ็ ่ ้ ๊ ๋ ์ ํ ๎
_COMBINING = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                       "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
# Vowels written after their consonant that never begin a syllable: ะ า ำ ๅ, and the repeat mark ๆ
_FOLLOWING = frozenset("\u0e30\u0e32\u0e33\u0e45\u0e46")
# Vowels written before the consonant they follow in speech: เ แ โ ใ ไ
_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The cells of a QTableWidget the code filled itself: every one has an item, so a missing one is a bug."""
    item = table.item(row, column)
    if item is None:
        raise LookupError(f"{table.objectName() or type(table).__name__}: no item at row {row}, column {column}")
    return item


def thai_clusters(text: str) -> list[str]:
    """`text` cut where a cut never strands a mark or a vowel: "เกี่ยว" → ["เกี่", "ย", "ว"].

    A combining mark or a following vowel joins the cluster before it; a leading vowel joins the
    letter after it. "".join(thai_clusters(t)) == t for every t.
    """
    out: list[str] = []
    pending = ""  # leading vowels waiting for their consonant
    for ch in text:
        if (ch in _COMBINING or ch in _FOLLOWING) and out and not pending:
            out[-1] += ch
        elif ch in _LEADING:
            pending += ch
        else:
            out.append(pending + ch)
            pending = ""
    if pending:
        out.append(pending)
    return out


def cut_points(text: str) -> list[int]:
    """Offsets (ascending, 0 < offset < len) where `text` may be cut."""
    points, offset = [], 0
    for cluster in thai_clusters(text)[:-1]:
        offset += len(cluster)
        points.append(offset)
    return points


def elide_thai(text: str, fits: object, width: int) -> str:
    """The longest prefix of `text` + "…" that `fits` in `width`, cut between clusters, at a space
    when one leaves at least half the width used. `fits` is a QFontMetrics (or anything with
    horizontalAdvance). Text that fits is returned whole; when nothing fits, "…" alone."""
    advance = fits.horizontalAdvance  # type: ignore[attr-defined]
    if "\n" in text:
        text = " ".join(text.split())
    if advance(text) <= width:
        return text
    points = cut_points(text)
    best = 0
    lo, hi = 0, len(points) - 1
    while lo <= hi:  # the widths of prefixes grow with their length: binary search
        mid = (lo + hi) // 2
        if advance(text[: points[mid]].rstrip() + ELLIPSIS) <= width:
            best = points[mid]
            lo = mid + 1
        else:
            hi = mid - 1
    if best == 0:
        return ELLIPSIS
    space = text.rfind(" ", 0, best + 1)
    if space > 0 and advance(text[:space] + ELLIPSIS) >= width / 2:
        best = space
    return text[:best].rstrip() + ELLIPSIS


@lru_cache(maxsize=8192)
def _elided(text: str, font_key: str, width: int) -> str:
    font = QFont()
    font.fromString(font_key)
    return elide_thai(text, QFontMetrics(font), width)


class ThaiElideDelegate(QStyledItemDelegate):
    """Draws display text elided between Thai clusters; an elided cell shows its whole text as a tooltip."""

    def initStyleOption(  # noqa: N802 — Qt's name
            self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        text = option.text
        if not text:
            return
        if not formatting.thai_digits():  # the office chose Arabic digits: models that write ๐–๙ follow
            text = formatting.digits(text)
            option.text = text
        style = option.widget.style() if option.widget is not None else None
        margin = 2 * (style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin) + 1) if style else 6
        width = option.rect.width() - margin
        if not option.icon.isNull():
            width -= option.decorationSize.width() + margin
        if width <= 0:
            return
        option.text = _elided(text, option.font.toString(), width)
        option.textElideMode = Qt.TextElideMode.ElideNone

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if index.isValid() and index.data(Qt.ItemDataRole.ToolTipRole) is None:
            shown = QStyleOptionViewItem(option)
            self.initStyleOption(shown, index)
            full = index.data(Qt.ItemDataRole.DisplayRole)
            if isinstance(full, str) and shown.text != full:
                QToolTip.showText(event.globalPos(), full, view)
                return True
        return super().helpEvent(event, view, option, index)


class WrappingDelegate(QStyledItemDelegate):
    """Qt's own drawing, for views whose items wrap onto more lines (a list of report titles):
    `install_thai_elide` leaves a view with this delegate alone."""


def install_thai_elide(root: QWidget) -> int:
    """Give every item view under `root` (and `root` itself) that still has Qt's default delegate
    the Thai-aware one. Returns how many views changed."""
    views = [root] if isinstance(root, QAbstractItemView) else []
    views += root.findChildren(QAbstractItemView)
    changed = 0
    for view in views:
        if type(view.itemDelegate()) is QStyledItemDelegate:
            view.setItemDelegate(ThaiElideDelegate(view))
            view.setTextElideMode(Qt.TextElideMode.ElideNone)
            changed += 1
    return changed


def elastic_combo(combo: QComboBox, chars: int = 12) -> QComboBox:
    """A filter combo that takes the width its layout gives it (at least `chars` characters)
    instead of the width of its longest entry; the open list still shows entries whole."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    timer = QTimer(combo)  # entries arrive one by one: measure once they are all in
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(lambda: _fit_popup(combo))
    combo.model().rowsInserted.connect(timer.start)
    combo.model().modelReset.connect(timer.start)
    _fit_popup(combo)
    return combo


def _fit_popup(combo: QComboBox) -> None:
    if combo.count():
        combo.view().setMinimumWidth(min(combo.view().sizeHintForColumn(0) + 24, 900))


def elastic_columns(view: QTableView, stretch: tuple[int, ...]) -> None:
    """Short columns (dates, numbers, statuses) as wide as their contents, the `stretch` text
    columns (names, addresses, titles) sharing what is left — elided, never pushed off screen."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMinimumSectionSize(40)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
