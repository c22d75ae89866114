"""Acceptance of the memo and minutes templates on the seeds' own texts: the PDF's extracted text
equals the input, lines break at segment boundaries, nothing crosses the margins, fonts are
embedded subsets."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from moi_desktop.cli import main
from moi_desktop.documents import get_fonts, load_spec, render_spec
from moi_desktop.documents.memo import digits
from moi_desktop.documents.page import MARGIN_LEFT, MARGIN_RIGHT
from moi_desktop.documents.spec import MemoSpec
from moi_desktop.thai import format_thai_date
from moi_desktop.thai.segment import name_segments, segment, subwords

SPECS = Path(__file__).resolve().parent.parent / "data" / "specs"
SPEC_FILES = sorted(SPECS.glob("*.json"))
BAD = re.compile("[\ue000-\uf8ff\u200b\u200c\u200d\u2060\ufeff]")


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u0e4d\u0e32", "\u0e33"))


def expected_parts(spec) -> list[tuple[str, bool]]:
    """The strings the document must show, in reading order, with is_name flags."""
    td = spec.thai_digits

    def d(s: str) -> str:
        return digits(s, td)

    date = format_thai_date(spec.date, "full", thai_digits=td)
    if isinstance(spec, MemoSpec):
        parts = [("บันทึกข้อความ", False), ("ส่วนราชการ", False), (d(spec.office), False), ("ที่", False),
                 (d(spec.ref), False), ("วันที่", False), (date, False), ("เรื่อง", False),
                 (d(spec.subject), False), ("เรียน " + d(spec.to), False)]
        parts += [(d(p), False) for p in spec.body]
        if spec.table:
            parts += [(d(c), False) for c in spec.table.columns]
            parts += [(d(v), False) for row in spec.table.rows for v in row]
        parts += [(d(spec.closing), False), (d(f"({spec.signer.name})"), True), (d(spec.signer.position), False)]
        return parts
    parts = [("รายงานการประชุม", False), (d(spec.title), False), (d(f"ครั้งที่ {spec.number}"), False),
             (f"เมื่อวันที่ {date}", False), (d(f"ณ {spec.place}"), False), ("-" * 40, False)]

    def people(title, group, third):
        out = [(title, False), ("ลำดับ", False), ("ชื่อ - สกุล", False), ("ตำแหน่ง", False), (third, False)]
        for i, p in enumerate(group, 1):
            out += [(d(str(i)), False), (d(p.name), False), (d(p.position), False),
                    (d(p.reason if third == "หมายเหตุ" else p.role), False)]
        return out

    parts += people("ผู้มาประชุม", spec.present, "หน้าที่")
    if spec.absent:
        parts += people("ผู้ไม่มาประชุม", spec.absent, "หมายเหตุ")
    if spec.others:
        parts += people("ผู้เข้าร่วมประชุม", spec.others, "หน้าที่")
    parts.append((d(f"เริ่มประชุมเวลา {spec.start_time}"), False))
    for n, item in enumerate(spec.agenda, 1):
        parts.append((d(f"ระเบียบวาระที่ {n} {item.title}"), False))
        parts += [(d(p), False) for p in item.body]
        if item.resolution:
            parts.append(("มติที่ประชุม " + d(item.resolution), False))
    parts.append((d(f"เลิกประชุมเวลา {spec.end_time}"), False))
    for signer, role in ((spec.recorder, "ผู้จดรายงานการประชุม"), (spec.checker, "ผู้ตรวจรายงานการประชุม")):
        parts += [(d(f"({signer.name})"), True), (d(signer.position), False), (role, False)]
    return parts


@pytest.fixture(scope="module", params=[p.name for p in SPEC_FILES])
def rendered(request, tmp_path_factory):
    """Render one spec while recording every drawn line's absolute x-extent."""
    spec = load_spec(SPECS / request.param)
    out = tmp_path_factory.mktemp("pdf") / (request.param + ".pdf")
    drawn = []
    original = Canvas.drawString

    def recording(self, x, y, text, *args, **kwargs):
        a, _, c, _, e, _ = self._currentMatrix
        width = sum(sd.x_advance for sd in text.__shapeData__) * self._fontsize / 1000
        drawn.append((a * x + c * y + e, a * (x + width) + c * y + e, str(text)))
        return original(self, x, y, text, *args, **kwargs)

    Canvas.drawString = recording
    try:
        render_spec(spec, out)
    finally:
        Canvas.drawString = original
    return spec, out, drawn


def table_headers(spec) -> list[str]:
    if isinstance(spec, MemoSpec):
        return [normalise("".join(spec.table.columns))] if spec.table else []
    return [normalise("ลำดับชื่อ - สกุลตำแหน่งหน้าที่"), normalise("ลำดับชื่อ - สกุลตำแหน่งหมายเหตุ")]


def pypdf_pages(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def pdftotext_pages(path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          encoding="utf-8", check=True).stdout
    return text.split("\f")


@pytest.mark.parametrize("extract", [pypdf_pages, pdftotext_pages])
def test_extracted_text_equals_input(rendered, extract):
    spec, out, _ = rendered
    pages = extract(out)
    text = normalise("\n".join(pages))
    assert not BAD.findall("".join(pages))
    expected = normalise("".join(t for t, _ in expected_parts(spec)))
    # table headers repeat on every page a table continues on
    for header in table_headers(spec):
        assert expected.count(header) <= text.count(header)
        text, expected = text.replace(header, ""), expected.replace(header, "")
    assert text == expected


def test_lines_start_and_end_at_segment_boundaries(rendered):
    spec, out, _ = rendered
    boundaries, pos = {0}, 0
    for text, is_name in expected_parts(spec):
        for part in name_segments(text) if is_name else segment(text):
            for word in subwords(part):  # compound segments may break between dictionary words
                pos += len(normalise(word))
                boundaries.add(pos)
    pos = 0
    headers = table_headers(spec)
    seen_header = False
    for page in pypdf.PdfReader(out).pages:
        lines = page.extract_text().splitlines()
        # a table continued on this page starts with its repeated header: not part of the input
        prefix = ""
        for i, line in enumerate(lines):
            prefix += normalise(line)
            if prefix in headers and seen_header:
                lines = lines[i + 1:]
                break
            if not any(h.startswith(prefix) for h in headers):
                break
        for line in lines:
            assert pos in boundaries, line
            pos += len(normalise(line))
            assert pos in boundaries, line
        seen_header = seen_header or any(h in normalise(page.extract_text()) for h in headers)


def test_nothing_crosses_the_margins(rendered):
    _, _, drawn = rendered
    assert drawn
    right = A4[0] - MARGIN_RIGHT
    for x0, x1, text in drawn:
        assert x0 >= MARGIN_LEFT - 0.01, text
        assert x1 <= right + 0.01, text


def test_fonts_are_embedded_subsets(rendered):
    _, out, _ = rendered
    seen = 0
    for page in pypdf.PdfReader(out).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert re.match(r"^/[A-Z]{6}\+", font["/BaseFont"]), font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            seen += 1
    assert seen >= 2  # regular and bold


def test_arabic_digits_when_thai_digits_off(tmp_path):
    data = json.loads((SPECS / "memo_001a.json").read_text(encoding="utf-8"))
    data["thai_digits"] = False
    path = tmp_path / "memo.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "memo.pdf"
    assert main(["document", "render", str(path), "--out", str(out)]) == 0
    text = pypdf.PdfReader(out).pages[0].extract_text()
    assert "3 มกราคม 2565" in text and "0801.2" in text
    assert not re.search("[๐-๙]", text)


def test_cli_renders_with_office_font_preference(tmp_path, db_path, capsys):
    from moi_desktop.db import open_database
    from moi_desktop.documents import set_document_font

    db = open_database(db_path)
    set_document_font(db, "Sarabun")
    db.close()
    out = tmp_path / "memo.pdf"
    assert main(["document", "render", str(SPECS / "memo_001b.json"), "--out", str(out), "--db", str(db_path)]) == 0
    assert str(out) in capsys.readouterr().out
    fonts = pypdf.PdfReader(out).pages[0]["/Resources"]["/Font"].values()
    assert any("Sarabun" in f.get_object()["/BaseFont"] for f in fonts)
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(
    "content, needle",
    [
        ('{"kind": "memo", "office": "x"', "JSON"),
        ('{"kind": "memo"}', "office"),
        ('{"kind": "minutes", "title": "t", "number": "1", "date": "2022-08-30", "place": "p"}', "present"),
    ],
)
def test_cli_bad_spec_exits_2_with_thai_message(tmp_path, capsys, content, needle):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "x.pdf"
    assert main(["document", "render", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert needle in err and "ข้อมูล" in err or "JSON" in err
    assert not out.exists()


def test_garuda_drawn_only_when_configured(tmp_path):
    from PIL import Image

    spec = load_spec(SPECS / "memo_001a.json")
    plain, with_garuda = tmp_path / "a.pdf", tmp_path / "b.pdf"
    image = tmp_path / "garuda.png"
    Image.new("RGB", (60, 60), "black").save(image)
    render_spec(spec, plain, fonts=get_fonts())
    render_spec(spec, with_garuda, fonts=get_fonts(), garuda_path=str(image))
    assert not pypdf.PdfReader(plain).pages[0].images
    assert len(pypdf.PdfReader(with_garuda).pages[0].images) == 1


def test_pdftotext_reading_order_keeps_marks_with_their_letters(tmp_path):
    """pdftotext orders glyphs by position: a tone mark HarfBuzz moves right (นี้) once came out
    after the next letter (นีไ้), and ำ as ํ + า. Drawn text carries ActualText for both."""
    from moi_desktop.documents.certificate import CertificateItem, render_certificates

    out = tmp_path / "cert.pdf"
    render_certificates([CertificateItem("นางสาวกาญจนา ศรีสุข", "๑/๒๕๖๕")], out,
                        course="หลักสูตรผู้นำการเปลี่ยนแปลง", date_range_text="ระหว่างวันที่ ๖ – ๙ สิงหาคม ๒๕๖๕",
                        signatories=[("นายสมชาย ใจดี", "นายอำเภอเมืองลำพูน")])
    for mode in ([], ["-layout"]):
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext (poppler-utils) is not installed")
        text = subprocess.run(["pdftotext", *mode, "-enc", "UTF-8", str(out), "-"], capture_output=True,
                              text=True, encoding="utf-8", check=True).stdout
        assert "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า" in text, mode
        assert "นายอำเภอเมืองลำพูน" in text and "\u0e4d" not in text, mode
    assert "ฉบับนี้ไว้" in pypdf.PdfReader(out).pages[0].extract_text()
