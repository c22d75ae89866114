"""The one save path for workbooks: user text is written as text (no <f> in the XML, quote-prefixed
where it starts like a formula), numbers stay numbers, and no other module saves a workbook."""

import ast
import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from moi_desktop.workbooks.save import FORMULA_STARTS, keep_text, save_workbook, writable

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ['=HYPERLINK("http://x","y")', "=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1+2", "\r=1+2", "#N/A", "=A1"]


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")}


def quote_prefixed_styles(path: Path) -> set[int]:
    """Indexes of the cell formats (cellXfs) that carry quotePrefix."""
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode()
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
    return {i for i, xf in enumerate(re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", xfs, re.S)) if 'quotePrefix="1"' in xf}


def formulas(path: Path) -> list[str]:
    return [m for xml in sheet_xml(path).values() for m in re.findall(r"<f[ >].*?</f>|<f/>", xml)]


@pytest.fixture
def written(tmp_path) -> Path:
    wb = Workbook()
    ws = wb.active
    for text in HOSTILE:
        ws.append([text, -1250.5, 3])
    ws.append(["ปกติ", 0, -7])
    return save_workbook(wb, tmp_path / "x.xlsx")


def test_text_that_looks_like_a_formula_is_written_as_text(written):
    assert formulas(written) == []
    ws = load_workbook(written).active
    # XML reads a carriage return back as a line feed; everything else comes back as it was.
    assert [ws.cell(row=i, column=1).value for i in range(1, len(HOSTILE) + 1)] == [
        t.replace("\r", "\n") for t in HOSTILE]
    assert all(ws.cell(row=i, column=1).data_type == "s" for i in range(1, len(HOSTILE) + 2))


def test_formula_like_text_is_quote_prefixed_and_plain_text_is_not(written):
    xml = sheet_xml(written)["xl/worksheets/sheet1.xml"]
    prefixed = quote_prefixed_styles(written)
    cells = dict(re.findall(r'<c r="(A\d+)"([^>]*)>', xml))
    style = {ref: int(m.group(1)) if (m := re.search(r's="(\d+)"', attrs)) else 0 for ref, attrs in cells.items()}
    for i, text in enumerate(HOSTILE, start=1):
        assert (style[f"A{i}"] in prefixed) == text.startswith(FORMULA_STARTS), text
    assert style[f"A{len(HOSTILE) + 1}"] not in prefixed


def test_numbers_the_program_writes_stay_numbers(written):
    ws = load_workbook(written).active
    assert ws["B1"].value == -1250.5 and ws["B1"].data_type == "n"
    assert ws["C10"].value == -7 and ws["C10"].data_type == "n"
    assert re.search(r'<c r="B1"[^>]*><v>-1250.5</v></c>', sheet_xml(written)["xl/worksheets/sheet1.xml"])


def test_controls_that_xml_forbids_are_dropped_and_line_breaks_kept():
    assert writable("ก\x00ข\x1b[31mค\x0c") == "กข[31mค"
    assert writable("บรรทัด ๑\nบรรทัด ๒\tแท็บ\r") == "บรรทัด ๑\nบรรทัด ๒\tแท็บ\r"
    assert writable(-5) == -5 and writable(None) is None


def test_keep_text_counts_what_it_prefixed():
    wb = Workbook()
    wb.active.append(["=1", "ok", 5, "-x"])
    assert keep_text(wb) == 2


def test_a_failed_save_leaves_no_file(tmp_path, monkeypatch):
    wb = Workbook()
    wb.active.append(["x"])
    monkeypatch.setattr(Workbook, "save", lambda self, path: (_ for _ in ()).throw(OSError("disk full")))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OSError):
        save_workbook(wb, out / "x.xlsx")
    assert list(out.iterdir()) == []


def test_only_the_save_module_saves_a_workbook():
    """Every XLSX writer goes through save_workbook: a module that uses openpyxl and calls .save()
    would bypass it."""
    offenders = []
    for path in sorted((ROOT / "moi_desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        uses_openpyxl = any(
            (isinstance(n, ast.ImportFrom) and (n.module or "").startswith("openpyxl"))
            or (isinstance(n, ast.Import) and any(a.name.startswith("openpyxl") for a in n.names))
            for n in ast.walk(tree))
        saves = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "save"
                    for n in ast.walk(tree))
        if uses_openpyxl and saves and path.name != "save.py":
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
    assert (ROOT / "moi_desktop/workbooks/save.py").read_text().count("workbook.save(") == 1


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_text_literally(written, tmp_path):
    """LibreOffice opens the workbook and exports what the cells show: the formulas' text, not
    their results (3) or a link (y)."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(written)],
                   check=True, capture_output=True, timeout=120)
    with open(tmp_path / "x.csv", encoding="utf-8", newline="") as f:
        shown = [row[0] for row in csv.reader(f)]
    assert shown[:len(HOSTILE)] == [t.replace("\r", "\n") for t in HOSTILE]
    assert "3" not in shown and "y" not in shown
