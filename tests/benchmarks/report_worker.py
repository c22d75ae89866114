"""One report rendering in a fresh process, for test_bench_reports.py: ours (the members-by-sector
report as the program writes it) or the plain baseline (the same rows, read by the same query,
written by openpyxl's write-only workbook or drawn by reportlab's canvas unshaped). Prints one
JSON line: CPU seconds of the rendering, wall seconds, peak resident memory of the process (MiB)
and, in "heap" mode, the peak of the Python heap while rendering (tracemalloc, started after the
start-up work; SQLite's page cache is not on it).

    python -m tests.benchmarks.report_worker DB (ours|plain|styled) OUT.(pdf|xlsx) [time|heap]
"""

import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from moi_desktop.db import open_database
from moi_desktop.documents.fonts import get_fonts
from moi_desktop.members.reports_data import iter_members_for_report
from moi_desktop.reports import get_report, render_report
from moi_desktop.thai.segment import segment

COLUMNS = ("sector_label", "name", "organisation", "position", "team_role_name")


def plain_rows(db):
    for n, r in enumerate(iter_members_for_report(db), start=1):
        yield [n, *(r[k] or "" for k in COLUMNS)]


def plain_xlsx(db, out: Path, styled: bool) -> None:
    """Both sheets the program writes (the report and the raw data), the same values; `styled`:
    every cell with the style of its column (font, border, alignment, number format on the
    report, font on the data), as any program writing this workbook must — one style object
    per column, shared by its cells."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook(write_only=True)
    report, data = wb.create_sheet("รายงาน"), wb.create_sheet("ข้อมูล")
    if not styled:
        for row in plain_rows(db):
            report.append(row)
            data.append(row)
        wb.save(out)
        return
    thin = Side(style="thin")
    font = Font(name="TH Sarabun New", size=16)
    prototypes = []
    for i in range(6):
        cell = WriteOnlyCell(report, "x")
        cell.font, cell.border = font, Border(left=thin, right=thin, top=thin, bottom=thin)
        cell.alignment = Alignment(horizontal="right" if i == 0 else "left", vertical="top", wrap_text=i > 0)
        cell.number_format = "0" if i == 0 else "@"
        prototypes.append(cell._style)
    raw = WriteOnlyCell(data, "x")
    raw.font = font
    for row in plain_rows(db):
        cells, raws = [], []
        for value, style in zip(row, prototypes, strict=True):
            cell = WriteOnlyCell(report, value)
            cell._style = style
            cells.append(cell)
            cell = WriteOnlyCell(data, value)
            cell._style = raw._style
            raws.append(cell)
        report.append(cells)
        data.append(raws)
    wb.save(out)


def plain_pdf(db, out: Path) -> None:
    """Each cell one unshaped line in a fixed-height grid row, landscape A4, paginated."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    font = get_fonts().regular
    canvas = Canvas(str(out), pagesize=landscape(A4), initialFontName=font)
    widths = [40, 110, 180, 200, 80, 110]
    y = 500
    for row in plain_rows(db):
        if y < 60:
            canvas.showPage()
            y = 500
        canvas.setFont(font, 16)
        x = 85
        for w, value in zip(widths, row, strict=True):
            canvas.drawString(x + 4, y - 18, str(value))
            canvas.rect(x, y - 27, w, 27)
            x += w
        y -= 27
    canvas.save()


def _peak_mib() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    exec from the forked parent (the test runner, hundreds of MiB), VmHWM starts with the program."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(db_path: str, kind: str, out_path: str, mode: str = "time") -> None:
    db = open_database(db_path)
    out = Path(out_path)
    # start-up, not rendering: font registration, the report modules' import, the word dictionary
    get_fonts()
    get_report("members-by-sector")
    segment("ก")
    if mode == "heap":  # a separate run: tracing slows every allocation
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    if kind == "ours":
        render_report(db, "members-by-sector", out)
    elif out.suffix == ".xlsx":
        plain_xlsx(db, out, styled=kind == "styled")
    else:
        plain_pdf(db, out)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = _peak_mib()
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if mode == "heap" else None
    print(json.dumps({"cpu": cpu, "wall": wall, "peak_mib": peak, "heap_mib": heap}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
