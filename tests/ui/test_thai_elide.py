"""Thai-aware eliding: cuts only between clusters (marks and vowels stay with their letter),
prefers the space before a surname, and the delegate draws table cells that way."""

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from ui.widgets.table_cells import (
    ELLIPSIS,
    ThaiElideDelegate,
    cut_points,
    elide_thai,
    install_thai_elide,
    thai_clusters,
)

NAMES = ["นางสาวเกี่ยวข้าว ใจดีมีสุข", "นายเอกชัย ไพโรจน์ศักดิ์", "นางจุฑามาศ แก้วประเสริฐ", "ไม่มีบ้านอยู่อาศัยเป็นของตนเอง",
         "พระครูสุนทรธรรมโกศล", "น้ำใจไมตรี", "นายกิ่งแก้ว เฉลิมพระเกียรติ"]
MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
            "\u0e30\u0e32\u0e33\u0e45\u0e46")
LEADING = set("\u0e40\u0e41\u0e42\u0e43\u0e44")


class Chars:
    """Every character 10 px wide (predictable widths for the pure function)."""

    @staticmethod
    def horizontalAdvance(text: str) -> int:  # noqa: N802
        return 10 * len(text)


def test_clusters_keep_marks_and_leading_vowels_with_their_letter():
    assert thai_clusters("เกี่ยว") == ["เกี่", "ย", "ว"]
    assert thai_clusters("ไม่มี") == ["ไม่", "มี"]
    assert thai_clusters("น้ำ") == ["น้ำ"]
    for name in NAMES:
        parts = thai_clusters(name)
        assert "".join(parts) == name
        for part in parts:
            assert part[0] not in MARKS, (name, part)  # no cluster starts with a mark
            assert part[-1] not in LEADING or part == " ", (name, part)  # no leading vowel left alone


@pytest.mark.parametrize("name", NAMES)
def test_elide_never_strands_a_mark_or_a_leading_vowel(name):
    points = set(cut_points(name))
    for width in range(10, 10 * len(name) + 20, 7):
        shown = elide_thai(name, Chars, width)
        assert Chars.horizontalAdvance(shown) <= max(width, 10)
        if shown == name:
            continue
        assert shown.endswith(ELLIPSIS)
        kept = shown[:-1]
        if kept:
            assert name.startswith(kept)
            assert len(kept) in points or name[len(kept)] == " " or name[len(kept):].startswith(" "), (name, shown)
            assert kept[-1] not in LEADING


def test_elide_prefers_the_space_before_the_surname():
    name = "นายเอกชัย ไพโรจน์ศักดิ์"
    assert elide_thai(name, Chars, 10 * (len("นายเอกชัย ไพโร") + 1)) == "นายเอกชัย" + ELLIPSIS
    assert elide_thai(name, Chars, 1000) == name
    assert elide_thai(name, Chars, 5) == ELLIPSIS


def test_elide_with_real_font_metrics(qapp):
    metrics = QFontMetrics(QFont(qapp.font()))
    for name in NAMES:
        full = metrics.horizontalAdvance(name)
        for width in (full // 3, full // 2, full - 5):
            shown = elide_thai(name, metrics, width)
            assert metrics.horizontalAdvance(shown) <= width or shown == ELLIPSIS
            assert shown == ELLIPSIS or shown[-2] not in LEADING


class _Names(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return len(NAMES)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return NAMES[index.row()] if role == Qt.ItemDataRole.DisplayRole else None


def test_delegate_elides_table_cells_between_clusters(qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    model = _Names(view)
    view.setModel(model)
    assert install_thai_elide(view) == 1 and isinstance(view.itemDelegate(), ThaiElideDelegate)
    assert install_thai_elide(view) == 0  # a view keeps a delegate it already has
    view.setColumnWidth(0, 90)
    view.show()
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(model.index(0, 0))
    option.widget = view
    option.font = view.font()
    view.itemDelegate().initStyleOption(option, model.index(0, 0))
    assert option.text.endswith(ELLIPSIS) and NAMES[0].startswith(option.text[:-1])
    assert len(option.text[:-1]) in cut_points(NAMES[0])
    assert option.textElideMode == Qt.TextElideMode.ElideNone
