"""Seed 004's table of household cases, loaded as synthetic cases, comes back out of the
cases-by-indicator report exactly — in the PDF text and in the Excel cells (issue 7 acceptance).

The seed's own category list disagrees with its table (see tests/data/cases/README.md): the
report follows the table, and test_seed_category_list_differs_from_its_table pins the difference.
"""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.office import default_office_for_district, save_office
from moi_desktop.thai import to_arabic_digits, to_thai_digits

DATA = Path(__file__).parents[1] / "data" / "cases"
TABLE = [
    {"number": int(r["number"]), "category": r["category"], "problem": r["problem"], "cases": int(r["cases"])}
    for r in csv.DictReader((DATA / "seed004_cases_table.csv").open(encoding="utf-8"))
]
STATED = {r["category"]: int(r["cases"])
          for r in csv.DictReader((DATA / "seed004_categories_stated.csv").open(encoding="utf-8"))}
BY_CATEGORY = Counter()
for _row in TABLE:
    BY_CATEGORY[_row["category"]] += _row["cases"]
TOTAL = sum(r["cases"] for r in TABLE)


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages).replace("\u0e4d\u0e32", "\u0e33")


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed004") / "seed004.sqlite3"
    db = open_database(path)
    save_office(db, default_office_for_district(db, "4616"))  # นาคู กาฬสินธุ์, a pilot district
    db.close()
    assert main(["cases", "synthetic", "--db", str(path), "--counts", str(DATA / "seed004_cases_table.csv"),
                 "--seed", "4", "--date", "29/08/2565"]) == 0
    return path


def test_table_file_matches_the_seed_text():
    """The hand-typed CSV against the seed itself, row by row."""
    seed = next(Path("/work/shared/seeds").glob("004_*.txt"), None)
    if seed is None:
        pytest.skip("seed documents not on this machine")
    lines = seed.read_text(encoding="utf-8").splitlines()
    start = lines.index("ปัญหาที่\tประเภท\tปัญหา\tจำนวนเรื่องราว") + 1
    rows = []
    for line in lines[start:]:
        if not line.strip():
            break
        number, category, problem, count = line.split("\t")
        rows.append({"number": int(to_arabic_digits(number)), "category": category, "problem": problem,
                     "cases": int(to_arabic_digits(count))})
    assert rows == TABLE


def test_seed_category_list_differs_from_its_table():
    assert sum(STATED.values()) == 517
    assert TOTAL == 531
    assert {c: (BY_CATEGORY[c], STATED[c]) for c in STATED if BY_CATEGORY[c] != STATED[c]} == {
        "บ้าน/ที่อยู่อาศัย": (198, 186),
        "รายได้และอาชีพ": (158, 152),
        "ความเดือดร้อนที่ไม่สามารถแก้ไขด้วยตนเองได้": (85, 89),
    }


def test_loader_created_every_case(seed_db):
    db = open_database(seed_db)
    try:
        got = dict(db.execute(
            "SELECT i.number, COUNT(*) FROM cases c JOIN indicators i ON i.id = c.indicator_id GROUP BY i.number"
        ).fetchall())
        statuses = {s for (s,) in db.execute("SELECT DISTINCT status FROM cases")}
        households = db.execute("SELECT COUNT(*) FROM households").fetchone()[0]
    finally:
        db.close()
    assert got == {r["number"]: r["cases"] for r in TABLE}
    assert len(statuses) == 5
    assert TOTAL / 3 <= households < TOTAL


def _digit_lines(text: str) -> list[int]:
    return [int(to_arabic_digits(line.strip())) for line in text.splitlines() if re.fullmatch(r"[๐-๙]+", line.strip())]


def test_pdf_reproduces_the_table(seed_db, tmp_path):
    out = tmp_path / "by-indicator.pdf"
    assert main(["report", "cases-by-indicator", "--db", str(seed_db), "--out", str(out)]) == 0
    text = pdf_text(out)
    body, _, after = text.partition("\nรวม\n")
    numbers = _digit_lines(body)
    # The table's stand-alone numbers alternate ปัญหาที่ / จำนวนเรื่องราว, row after row.
    assert list(zip(numbers[0::2], numbers[1::2], strict=True)) == [(r["number"], r["cases"]) for r in TABLE]
    assert _digit_lines(after)[0] == TOTAL
    for row in TABLE:
        assert row["problem"].replace(" ", "")[:12] in text.replace(" ", "").replace("\n", "")
    for category, n in BY_CATEGORY.items():
        assert f"- {category} จำนวน {to_thai_digits(str(n))}" in text
    assert f"รวม {to_thai_digits(str(TOTAL))} เรื่องราว" in text
    assert re.search(r"ข้อมูล ณ วันที่ [๐-๙]+ \S+ [๐-๙]{4} เวลา [๐-๙]{2}\.[๐-๙]{2} น\.", text)
    assert "อำเภอนาคู จังหวัดกาฬสินธุ์" in text


def test_xlsx_reproduces_the_table(seed_db, tmp_path):
    out = tmp_path / "by-indicator.xlsx"
    assert main(["report", "cases-by-indicator", "--db", str(seed_db), "--out", str(out)]) == 0
    wb = load_workbook(out)
    data = list(wb["ข้อมูล"].iter_rows(values_only=True))
    assert data[0] == ("ปัญหาที่", "ประเภท", "ปัญหา", "จำนวนเรื่องราว")
    assert [(int(to_arabic_digits(n)), c, p, k) for n, c, p, k in data[1:]] == [
        (r["number"], r["category"], r["problem"], r["cases"]) for r in TABLE
    ]
    sheet = wb.worksheets[0]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(cells) if row[:4] == ["ปัญหาที่", "ประเภท", "ปัญหา", "จำนวนเรื่องราว"])
    # The printed sheet ends each page with blank rows and a "หน้า ๑/๒" row: skip those.
    table = [row for row in cells[header + 1:]
             if any(v is not None for v in row) and not str(row[0] or "").startswith("หน้า ")]
    counts = [row[3] for row in table[:len(TABLE)]]
    assert counts == [r["cases"] for r in TABLE] and all(isinstance(k, int) for k in counts)
    totals = table[len(TABLE)]
    assert totals[0] == "รวม" and totals[3] == TOTAL
    texts = [row[0] for row in cells if isinstance(row[0], str)]
    for category, n in BY_CATEGORY.items():
        assert f"- {category} จำนวน {to_thai_digits(str(n))}" in texts
    assert any(t.startswith("ข้อมูล ณ วันที่") and "เวลา" in t and t.endswith("น.") for t in texts)


def test_category_report_totals_per_category(seed_db, tmp_path):
    out = tmp_path / "by-category.xlsx"
    assert main(["report", "cases-by-category", "--db", str(seed_db), "--out", str(out)]) == 0
    data = list(load_workbook(out)["ข้อมูล"].iter_rows(values_only=True))
    assert data[0][:4] == ("ลำดับ", "ประเภทปัญหา", "จำนวนตัวชี้วัดที่พบ", "จำนวนเรื่องราว")
    assert {row[1]: row[3] for row in data[1:]} == dict(BY_CATEGORY)
    assert sum(row[3] for row in data[1:]) == TOTAL
    assert round(sum(row[4] for row in data[1:]), 6) == 100


def test_status_and_subdistrict_reports_add_up(seed_db, tmp_path):
    for key in ("cases-by-status", "cases-by-subdistrict"):
        out = tmp_path / f"{key}.xlsx"
        assert main(["report", key, "--db", str(seed_db), "--out", str(out)]) == 0
        data = list(load_workbook(out)["ข้อมูล"].iter_rows(values_only=True))
        column = data[0].index("จำนวนเรื่องราว" if key == "cases-by-status" else "เรื่องราว")
        assert sum(row[column] for row in data[1:]) == TOTAL
        assert main(["report", key, "--db", str(seed_db), "--out", str(tmp_path / f"{key}.pdf")]) == 0
