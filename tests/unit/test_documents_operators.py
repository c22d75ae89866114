"""The text operators a long table is drawn with: built in one pass (shaped_operators), they say
what reportlab's own formatter says; a canvas copies those of a text it has drawn before; each
finished page of a table report is compressed and written to the file when it is done, and the
file reads back whole."""

import io
import re
import zlib

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from moi_desktop.documents.flowables import draw_text, shaped_operators
from moi_desktop.documents.fonts import get_fonts
from moi_desktop.documents.pdf_stream import StreamingCanvas
from moi_desktop.documents.report import Column, ReportDefinition
from moi_desktop.documents.table_report import render_pdf
from moi_desktop.documents.thaitext import shape, text_width

TEXTS = ["นายสมชาย ใจดี", "ผู้ใหญ่บ้าน", "กำนันตำบลน้ำใส", "ปั้น ปี่ ปู่ ฟ้า ญี่ปุ่น", "ฐิติ ฎีกา", "ABC (test) \\ x",
         "๑๒๓", "พระราชบัญญัติ ผู้ที่ นี้ นั้น ถ้ำ", "ป่ำ ปั๊ม ฝั่ง ฟื้น"]
_TOKEN = re.compile(r"\((?:\\.|[^\\)])*\)|-?[\d.]+|[A-Za-z*]+|/[\w+]+|\[|\]")


def _tokens(operators: str) -> list:
    """Operators as tokens, numbers rounded to a hundredth (the precision either side writes)."""
    out: list = []
    for token in _TOKEN.findall(operators):
        try:
            out.append(round(float(token), 2))
        except ValueError:
            out.append(token)
    return out


def _reportlab(canvas: Canvas, shaped, font: str, size: float) -> str:
    canvas.setFont(font, size)
    return canvas.beginText(0, 0)._formatText(shaped)


@pytest.fixture(scope="module")
def fonts():
    return get_fonts()


@pytest.mark.parametrize("size", [16, 14.5])
def test_operators_say_what_reportlab_says(fonts, size):
    for font in (fonts.regular, fonts.bold):
        for text in TEXTS:
            shaped = shape(text, font)
            ours = shaped_operators(Canvas(io.BytesIO()), shaped, font, size)
            assert _tokens(ours) == _tokens(_reportlab(Canvas(io.BytesIO()), shaped, font, size)), text
            assert ours.startswith("/F") and ("Tj" in ours or "TJ" in ours)


def test_raised_glyphs_get_the_same_rise_as_reportlab_gives(fonts):
    """A font that lifts a mark (y offset) writes it on its own rise, back to 0 after it."""
    shaped = shape("ปั้น ผู้ที่", fonts.regular)
    data = list(shaped.__shapeData__)
    data[2] = data[2]._replace(y_offset=120)
    data[3] = data[3]._replace(y_offset=120)
    data[7] = data[7]._replace(y_offset=-60)
    shaped.__shapeData__ = data
    ours = shaped_operators(Canvas(io.BytesIO()), shaped, fonts.regular, 16)
    rises = re.findall(r"(-?[\d.]+) Ts", ours)
    assert rises[:2] == ["1.92", "0"] and rises[-1] == "0"  # lifted, then back on the baseline
    assert _tokens(ours) == _tokens(_reportlab(Canvas(io.BytesIO()), shaped, fonts.regular, 16))


def test_a_canvas_copies_what_it_drew_and_draws_the_same_as_without(fonts):
    reused, fresh = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    text = "ผู้ใหญ่บ้าน"
    widths = [draw_text(reused, x, 100, text, fonts.regular, 16, "right", reuse=True) for x in (200, 300)]
    assert widths == [text_width(text, fonts.regular, 16)] * 2
    first, second = reused._code[-2:]
    place = re.compile(r"1 0 0 1 [\d.]+ [\d.]+ Tm")
    assert place.sub("", first) == place.sub("", second)  # one text: only its place differs
    assert "/ActualText" in first and first.endswith("EMC")  # Thai marks: the logical text rides along
    draw_text(fresh, 300, 100, text, fonts.regular, 16, "right")
    drawn = " ".join(fresh._code)
    operators = first.split(" Tm ", 1)[1].split(" T* ET")[0]
    assert _tokens(operators) == _tokens(drawn.split(" Tm ", 1)[1].split(" T* ET")[0])


def test_report_pages_go_to_the_file_as_they_finish_and_read_back(tmp_path, monkeypatch):
    held = []
    save = StreamingCanvas.save

    def saving(canvas):  # what the document still holds of its pages when it is saved
        held.extend(canvas._doc.Pages.pages)
        save(canvas)

    monkeypatch.setattr(StreamingCanvas, "save", saving)
    rows = [{"n": i, "name": f"นายสมชาย ใจดี {i}", "place": "ผู้ใหญ่บ้าน หมู่ที่ ๓"} for i in range(1, 121)]
    defn = ReportDefinition(title="รายชื่อทดสอบ", columns=[
        Column("n", "ลำดับ", kind="int"), Column("name", "ชื่อ-สกุล", kind="name"), Column("place", "ตำแหน่ง")],
        rows=rows)
    (tmp_path / "out").mkdir()
    out = render_pdf(defn, tmp_path / "out" / "t.pdf")
    reader = PdfReader(out, strict=True)
    assert len(reader.pages) > 1 and len(held) == len(reader.pages)
    assert all(isinstance(page, bytes) for page in held)  # written already: only its Kids entry kept
    assert list(out.parent.iterdir()) == [out]  # the temporary file became the output
    for page in reader.pages:
        contents = page["/Contents"].get_object()
        assert contents["/Filter"] == ["/FlateDecode"]
        assert b" Tm " in zlib.decompress(contents._data)  # compressed once: operators inside
    text = "".join(page.extract_text() for page in reader.pages)
    assert "ผู้ใหญ่บ้าน" in text and "ใจดี" in text
