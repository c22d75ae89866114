"""The one way the program writes an .xlsx: text the user typed or imported stays text.

openpyxl stores a str that starts with "=" as a formula and one like "#N/A" as an error value,
so a member named =HYPERLINK("http://x","y") became a live link in a report. Excel and
LibreOffice also read a cell that starts with =, +, - or @ (or a tab or CR, which CSV-injection
filters strip) as a formula once someone edits it. `save_workbook` visits every cell once before
writing: each str cell becomes a plain string cell (type "s", written as <is><t>…</t></is>, never
<f>), and one that starts with a formula character also gets the quotePrefix style — the mark
Excel keeps for a typed leading apostrophe — so editing it keeps it text in Excel and LibreOffice.
Numbers and dates the program writes are left alone (a negative amount stays a number). The
program writes no formulas of its own; a test scans every report for <f> to keep it so.

`writable` cleans a str before it is put in a cell: the C0 controls that XML 1.0 forbids (openpyxl
would raise on them) are dropped, tab and line breaks kept.

A write-only workbook (a report of any size, streamed row by row) cannot be visited after its rows
are written, so its text goes in through `text_cell`, which makes the same string cell at once;
`save_workbook` then only writes it.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def writable(value: Any) -> Any:
    """`value` as it may go into a cell: a str without XML-forbidden controls; others unchanged."""
    if isinstance(value, str) and _XML_FORBIDDEN.search(value):
        return _XML_FORBIDDEN.sub("", value)
    return value


def text_cell(ws: WriteOnlyWorksheet, value: str) -> Cell:
    """A cell of a write-only sheet holding `value` as a plain string (quote-prefixed where it
    starts like a formula), as keep_text would leave it."""
    from openpyxl.cell.cell import WriteOnlyCell  # openpyxl loads with the first workbook, not with this module

    cell = WriteOnlyCell(ws)
    cell._value = value = writable(value)  # as it is, with no guess at its type (a formula, an error)
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def keep_text(workbook: Workbook) -> int:
    """Make every str cell of every sheet a plain string (quote-prefixed where it starts like a
    formula); returns how many cells were quote-prefixed."""
    prefixed = 0
    if workbook.write_only:  # its cells are already written, each made by text_cell
        return prefixed
    for ws in workbook.worksheets:
        for cell in ws._cells.values():  # only the cells that exist; iter_rows would create the rest
            value = cell.value
            if not isinstance(value, str):
                continue
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
                prefixed += 1
    return prefixed


def save_workbook(workbook: Workbook, out: str | Path) -> Path:
    """keep_text, then write to `out` atomically: a half-written file never replaces a good one."""
    out = Path(out)
    keep_text(workbook)
    fd, tmp = tempfile.mkstemp(prefix=".moi-", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:
        workbook.save(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
