"""Document engine benchmarks, each against a plain unshaped reportlab baseline of the same content
measured in the same run (run: uv run pytest tests/benchmarks -p no:cacheprovider --benchmark-only).

The ratio (ours / baseline) is recorded in benchmark.extra_info; the bound is generous — it
catches a fall back onto reportlab's superlinear table splitting or per-glyph shaping, not noise.
"""

import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from moi_desktop.documents import thaitext
from moi_desktop.documents.fonts import get_fonts
from moi_desktop.documents.memo import render_memo
from moi_desktop.documents.report import Column, PreparedBy, ReportDefinition
from moi_desktop.documents.spec import MemoSpec, Signer
from moi_desktop.documents.table_report import render_pdf
from moi_desktop.thai import segment as segmenter

MAX_RATIO = 15
# The memo baseline draws 10 pages in ~30 ms; ours segments every paragraph with newmm from cold
# caches (~0.45 s), so its ratio sits near 14 on an idle machine: the bound leaves room for load.
MAX_RATIO_MEMO = 30
FIRST = ["สมชาย", "สมหญิง", "กาญจนา", "ประยุทธ์", "วิไลวรรณ", "ณัฐพล", "ศิริพร", "อนุชา", "พัชรินทร์", "ธนากร"]
LAST = ["ใจดี", "กาญจนะจิตรา", "ศรีสุข", "วงศ์สวัสดิ์", "บุญมา", "แก้วมณี", "ทองคำ", "พรหมวงศ์"]
ORGS = ["ที่ทำการปกครองอำเภอศรีบรรพต", "องค์การบริหารส่วนตำบลเขาปู่", "โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านน้ำตก",
        "วัดเขาปู่", "กลุ่มวิสาหกิจชุมชนบ้านหมู่ที่ 5 ตำบลเขาย่า", "มหาวิทยาลัยทักษิณ"]
SECTORS = ["ภาคราชการ", "ภาควิชาการ", "ภาคศาสนา", "ภาคประชาชน", "ภาคเอกชน", "ภาคประชาสังคม", "ภาคสื่อมวลชน"]
SEED_004 = next(Path(__file__).resolve().parents[2].glob("../shared/seeds/004_*.txt"), None)


def _rows(n: int = 1800) -> list[dict]:
    rng = random.Random(1)
    return [{"name": f"{rng.choice(['นาย', 'นาง', 'นางสาว'])}{rng.choice(FIRST)} {rng.choice(LAST)}",
             "org": rng.choice(ORGS), "sector": rng.choice(SECTORS), "sessions": rng.randint(0, 12),
             "pct": rng.uniform(40, 100), "joined": date(2022, 8, 6) + timedelta(days=rng.randint(0, 30))}
            for _ in range(n)]


def _table_definition(rows) -> ReportDefinition:
    return ReportDefinition(
        title=["รายชื่อผู้เข้ารับการอบรมหลักสูตรนักขับเคลื่อนยุทธศาสตร์ (DCAST)", "รุ่นที่ 1"],
        subtitle="อำเภอศรีบรรพต จังหวัดพัทลุง", as_of=date(2022, 8, 30),
        columns=[Column("name", "ชื่อ–สกุล", weight=2, kind="name"), Column("org", "หน่วยงาน", weight=3),
                 Column("sector", "ภาคี", weight=1.2), Column("sessions", "ครั้ง", kind="int"),
                 Column("pct", "ร้อยละ", kind="percent"), Column("joined", "วันที่ลงทะเบียน", kind="date")],
        rows=rows, numbered=True, totals=True, orientation="landscape",
        prepared_by=PreparedBy("นางสาวกาญจนา ศรีสุข", "ปลัดอำเภอ", date(2022, 8, 30)))


def _cold_caches() -> None:
    """Every round starts with empty shaping/segmentation caches, like a fresh report."""
    for fn in (segmenter._segment, thaitext._shape, thaitext._width1000):
        fn.cache_clear()


def _baseline(fn, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _plain_table(rows, out: Path, font: str) -> None:
    """Unshaped baseline: the same cells with canvas.drawString, one line each, fixed rows."""
    c = Canvas(str(out), pagesize=landscape(A4), initialFontName=font)
    widths = [40, 150, 220, 90, 40, 50, 100]
    y = 500
    for i, row in enumerate(rows, 1):
        if y < 60:
            c.showPage()
            y = 500
        c.setFont(font, 16)
        x = 85
        values = [str(i), row["name"], row["org"], row["sector"], str(row["sessions"]), f"{row['pct']:.1f}",
                  row["joined"].isoformat()]
        for w, value in zip(widths, values, strict=True):
            c.drawString(x + 4, y - 18, value)
            c.rect(x, y - 27, w, 27)
            x += w
        y -= 27
    c.save()


def _median(benchmark) -> float:
    return benchmark.stats.stats.median


def test_table_report_1800_rows(benchmark, tmp_path):
    rows = _rows()
    fonts = get_fonts()
    render_pdf(_table_definition(rows[:20]), tmp_path / "warm.pdf")  # pythainlp dictionary, font load
    out = tmp_path / "table.pdf"
    benchmark.pedantic(lambda: render_pdf(_table_definition(rows), out), setup=_cold_caches, rounds=3, iterations=1)
    base = _baseline(lambda: _plain_table(rows, tmp_path / "plain.pdf", fonts.regular))
    ratio = _median(benchmark) / base
    benchmark.extra_info.update({"rows": len(rows), "baseline_s": round(base, 3), "ratio": round(ratio, 2)})
    assert ratio < MAX_RATIO


GARUDA = Path(__file__).resolve().parent.parent / "data" / "specs" / "garuda-placeholder.png"


def _memo_spec(paragraphs: list[str]) -> MemoSpec:
    return MemoSpec(office="ที่ทำการปกครองอำเภอศรีบรรพต จังหวัดพัทลุง", ref="มท 0318.1/123", date=date(2022, 8, 30),
                    subject="รายงานผลการดำเนินงานโครงการอำเภอนำร่อง", to="ผู้ว่าราชการจังหวัดพัทลุง",
                    body=paragraphs, closing="จึงเรียนมาเพื่อโปรดทราบ",
                    signer=Signer("นายสมชาย ใจดี", "นายอำเภอศรีบรรพต"), garuda=str(GARUDA))


def _memo_paragraphs() -> list[str]:
    if SEED_004 is not None and SEED_004.is_file():
        text = SEED_004.read_text(encoding="utf-8")
    else:  # outside the project layout: the licence-free repetition of one seed sentence
        text = ("ผู้เข้ารับการอบรมในบางอำเภอส่งรายชื่อผู้เข้าอบรมครบตามจำนวนและมีการรายงานตัวครบถ้วน\n") * 200
    paragraphs = [p.strip() for p in text.splitlines() if len(p.strip()) > 80 and "\t" not in p]
    return paragraphs


def _plain_memo(paragraphs: list[str], out: Path, font: str) -> None:
    """Unshaped baseline: fixed-length character chunks per line, drawString, paginated."""
    c = Canvas(str(out), pagesize=A4, initialFontName=font)
    y = 780
    for para in paragraphs:
        for start in range(0, len(para), 90):
            if y < 60:
                c.showPage()
                y = 780
            c.setFont(font, 16)
            c.drawString(85, y, para[start:start + 90])
            y -= 19
    c.save()


def test_memo_10_pages(benchmark, tmp_path):
    from pypdf import PdfReader

    fonts = get_fonts()
    paragraphs = _memo_paragraphs()
    out = tmp_path / "memo.pdf"
    # take as many paragraphs as make ten pages
    chosen: list[str] = []
    for para in paragraphs:
        chosen.append(para)
        if len(chosen) % 5 == 0:
            render_memo(_memo_spec(chosen), out)
            if len(PdfReader(out).pages) >= 10:
                break
    spec = _memo_spec(chosen)
    benchmark.pedantic(lambda: render_memo(spec, out), setup=_cold_caches, rounds=3, iterations=1)
    pages = len(PdfReader(out).pages)
    base = _baseline(lambda: _plain_memo(chosen, tmp_path / "plain.pdf", fonts.regular))
    ratio = _median(benchmark) / base
    benchmark.extra_info.update({"pages": pages, "baseline_s": round(base, 3), "ratio": round(ratio, 2)})
    assert pages >= 10
    assert ratio < MAX_RATIO_MEMO
