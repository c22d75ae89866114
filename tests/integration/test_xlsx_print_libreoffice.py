"""A report workbook printed by LibreOffice (xlsx → PDF, headless): the page numbers planned in
the sheet land one per page in Thai digits, the hidden data sheet is not printed, and no wrapped
cell needs more lines than its row was given (the issue's clipped Thai lines)."""

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pythainlp.corpus import thai_words

from moi_desktop.documents.report import Column, ReportDefinition
from moi_desktop.documents.xlsx import BODY_SIZE, render_xlsx
from moi_desktop.documents.xlsx_layout import sheet_font

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                       reason="LibreOffice and poppler-utils are needed"),
]
FONT = "Laksaman"  # installed here, so LibreOffice draws with the font the sheet was measured with


def to_pdf(xlsx: Path, tmp_path: Path) -> Path:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=180)
    return tmp_path / (xlsx.stem + ".pdf")


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


def test_libreoffice_prints_the_planned_pages_with_their_thai_numbers(tmp_path):
    rows = [{"name": f"นายทดสอบ ลำดับ{i}", "org": "สำนักงานพัฒนาชุมชนอำเภอคลองขลุง " * (1 + i % 3)}
            for i in range(150)]
    defn = ReportDefinition(title="ทำเนียบภาคีเครือข่าย", columns=[Column("name", "ชื่อ-สกุล", kind="name"),
                                                                 Column("org", "หน่วยงาน")], rows=rows, numbered=True)
    xlsx = render_xlsx(defn, tmp_path / "report.xlsx", font_name=FONT)
    planned = sum(1 for r in load_workbook(xlsx).worksheets[0].iter_rows(min_col=1, max_col=1, values_only=True)
                  if str(r[0] or "").startswith("หน้า "))
    assert planned > 3
    pages = page_texts(to_pdf(xlsx, tmp_path))
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    assert len(pages) == planned  # the hidden data sheet added none
    for number, text in enumerate(pages, start=1):
        assert re.findall(r"หน้า \S+", text) == [f"หน้า {number}/{planned}".translate(thai)], f"page {number}"


MARKS_ONLY = re.compile("^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+$")


def baselines_per_tag(pdf: Path, tolerance: float) -> dict[int, int]:
    """Lines LibreOffice drew for each row tagged R<n>: the distinct baselines (word bottoms, marks
    that pdftotext splits off left out) from the tag's word until the next tag or page number."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    lines: dict[int, list[float]] = {}
    current = None
    for page in html.split("<page ")[1:]:
        words = [(float(y), w) for y, w in re.findall(r'yMax="([\d.]+)">([^<]*)</word>', page)]
        for bottom, word in words:
            if m := re.fullmatch(r"R(\d+)", word):
                current = int(m.group(1))
                lines[current] = []
            elif word == "หน้า" or word == "ข้อความ":
                current = None
            if current is None or MARKS_ONLY.match(word):
                continue
            if not any(abs(bottom - b) < tolerance for b in lines[current]):
                lines[current].append(bottom)
    return {n: len(b) for n, b in lines.items()}


def test_libreoffice_wraps_no_cell_into_more_lines_than_its_row_holds(tmp_path):
    """Random Thai phrases (dictionary words, some spaces) in one wrapped column; each row starts
    with its tag R<n>. LibreOffice's lines per row, read back from the PDF, never exceed the lines
    the row height was planned for."""
    rng = random.Random(7)
    words = sorted(w for w in thai_words() if 2 <= len(w) <= 12)
    texts = []
    for n in range(60):
        parts = [rng.choice(words) for _ in range(rng.randint(3, 45))]
        texts.append(f"R{n} " + "".join(p + (" " if rng.random() < 0.15 else "") for p in parts))
    defn = ReportDefinition(title="ทดสอบการตัดบรรทัด", columns=[Column("text", "ข้อความ")],
                            rows=[{"text": t} for t in texts], thai_digits=False)
    xlsx = render_xlsx(defn, tmp_path / "wrap.xlsx", font_name=FONT)
    ws = load_workbook(xlsx).worksheets[0]
    pitch = sheet_font(FONT).pitch(BODY_SIZE)
    planned = {}
    for r in range(1, ws.max_row + 1):
        if m := re.match(r"R(\d+) ", str(ws.cell(row=r, column=1).value or "")):
            planned[int(m.group(1))] = int(ws.row_dimensions[r].height // pitch)
    shown = baselines_per_tag(to_pdf(xlsx, tmp_path), tolerance=pitch * ws.page_setup.scale / 100 / 2)
    assert set(shown) == set(planned) == set(range(60))
    too_few = {n: (shown[n], planned[n]) for n in planned if shown[n] > planned[n]}
    assert too_few == {}, "rows LibreOffice needs more lines for (shown, planned)"
    assert sum(planned.values()) <= 1.3 * sum(shown.values())  # and not much spare
