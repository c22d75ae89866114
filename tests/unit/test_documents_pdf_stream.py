"""StreamingCanvas: pages written to disk as they finish, the rest at save, an xref whose offsets
point at every object; the same pages and text as reportlab's own save; nothing left behind on a
cancel."""

import re

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfdoc import PDFPage, PDFStream
from reportlab.pdfgen.canvas import Canvas

from moi_desktop.documents.flowables import draw_text
from moi_desktop.documents.fonts import get_fonts
from moi_desktop.documents.pdf_stream import StreamingCanvas
from moi_desktop.documents.report import Column, ReportDefinition
from moi_desktop.documents.table_report import render_pdf
from moi_desktop.errors import UserError

TEXTS = ["นายสมชาย ใจดี", "ผู้ใหญ่บ้าน หมู่ที่ ๓", "กำนันตำบลน้ำใส"]


def _folder(tmp_path):
    """A folder of the test's own (the test's tmp_path holds the app's data folder too)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _draw(canvas: Canvas, pages: int, finish) -> None:
    font = get_fonts().regular
    for n in range(pages):
        for i, text in enumerate(TEXTS):
            draw_text(canvas, 72, 700 - 30 * i, f"{text} {n}", font, 16, "left")
        canvas.rect(60, 600, 300, 150)
        finish()


def _xref_points_at_objects(path) -> None:
    """Every in-use xref entry's offset starts its own 'N 0 obj'."""
    data = path.read_bytes()
    start = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    lines = data[start:].split(b"\n")
    assert lines[0] == b"xref"
    first, count = map(int, lines[1].split())
    assert first == 0
    for number, line in enumerate(lines[2:2 + count]):
        offset, _generation, kind = line.split()
        if kind == b"n":
            assert re.match(rb"%d 0 obj\n" % number, data[int(offset):int(offset) + 20]), number


def test_streamed_pages_read_back_as_reportlab_writes_them(tmp_path):
    tmp_path = _folder(tmp_path)
    plain = Canvas(str(tmp_path / "plain.pdf"), initialFontName=get_fonts().regular)
    _draw(plain, 5, plain.showPage)
    plain.save()
    streaming = StreamingCanvas(tmp_path / "streamed.pdf", initialFontName=get_fonts().regular)
    _draw(streaming, 5, streaming.finish_page)
    doc = streaming._doc
    # written: the document holds each page's name and number (its Kids entry), nothing of its stream
    assert all(isinstance(page, bytes) for page in doc.Pages.pages) and len(doc.Pages.pages) == 5
    assert not any(isinstance(obj, (PDFPage, PDFStream)) for obj in doc.idToObject.values())
    assert sum(name.startswith("Page") for name in doc.idToObjectNumberAndVersion) == 5
    streaming.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.pdf", "streamed.pdf"]
    _xref_points_at_objects(tmp_path / "streamed.pdf")
    ours, theirs = PdfReader(tmp_path / "streamed.pdf", strict=True), PdfReader(tmp_path / "plain.pdf")
    assert len(ours.pages) == len(theirs.pages) == 5
    for mine, other in zip(ours.pages, theirs.pages, strict=True):
        assert mine.extract_text() == other.extract_text()
        assert mine.mediabox == other.mediabox
    assert "ผู้ใหญ่บ้าน" in ours.pages[4].extract_text()


def test_a_page_naming_late_objects_waits_for_save(tmp_path):
    """A page using a form XObject (numbered late) stays in memory and is written at save."""
    tmp_path = _folder(tmp_path)
    canvas = StreamingCanvas(tmp_path / "form.pdf")
    canvas.beginForm("box")
    canvas.rect(0, 0, 50, 50)
    canvas.endForm()
    canvas.drawString(72, 700, "first")
    canvas.finish_page()
    canvas.doForm("box")
    canvas.drawString(72, 700, "second")
    canvas.finish_page()
    first, second = canvas._doc.Pages.pages
    assert isinstance(first, bytes) and isinstance(second, PDFPage)
    canvas.drawString(72, 700, "third")  # left unfinished: save finishes it
    canvas.save()
    _xref_points_at_objects(tmp_path / "form.pdf")
    reader = PdfReader(tmp_path / "form.pdf", strict=True)
    assert [p.extract_text().strip() for p in reader.pages] == ["first", "second", "third"]
    assert "/XObject" in reader.pages[1]["/Resources"]


def test_discard_leaves_nothing(tmp_path):
    tmp_path = _folder(tmp_path)
    canvas = StreamingCanvas(tmp_path / "gone.pdf")
    _draw(canvas, 2, canvas.finish_page)
    canvas.discard()
    canvas.discard()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RuntimeError):
        canvas.save()
    other = StreamingCanvas(tmp_path / "x.pdf")
    with pytest.raises(NotImplementedError):  # reportlab's in-memory file is not what this canvas writes
        other.getpdfdata()
    other.discard()
    assert list(tmp_path.iterdir()) == []


def test_a_report_cancelled_while_drawing_leaves_only_its_first_page(tmp_path):
    tmp_path = _folder(tmp_path)
    stop = []
    rows = [{"n": i, "name": f"นายสมชาย ใจดี {i}"} for i in range(1, 200)]
    defn = ReportDefinition(title="รายชื่อ", columns=[Column("n", "ลำดับ", kind="int"), Column("name", "ชื่อ", kind="name")],
                            rows=rows)
    with pytest.raises(UserError):
        render_pdf(defn, tmp_path / "all.pdf", first_page=(tmp_path / "first.pdf", stop.append),
                   cancelled=lambda: bool(stop))
    assert [p.name for p in tmp_path.iterdir()] == ["first.pdf"]
    assert len(PdfReader(tmp_path / "first.pdf", strict=True).pages) == 1
