"""Acceptance of the official templates (memo, external letter, stamped letter, minutes) on the
seeds' own texts: the Garuda at the regulation's size and place, "- ๒ -" on pages 2+, the
extracted text equal to the input (pdftotext in both modes and pypdf), no line ending inside a
word, nothing across the margins, fonts embedded as subsets."""

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from moi_desktop.cli import main
from moi_desktop.documents import get_fonts, load_spec, render_spec
from moi_desktop.documents.memo import digits
from moi_desktop.documents.page import MARGIN_LEFT, MARGIN_RIGHT
from moi_desktop.documents.spec import LetterSpec, MemoSpec, MinutesSpec, StampedSpec
from moi_desktop.documents.thaitext import _TO_UNICODE, _face_key
from moi_desktop.thai import format_thai_date, to_thai_digits
from moi_desktop.thai.segment import _dictionary, segment

SPECS = Path(__file__).resolve().parent.parent / "data" / "specs"
SPEC_FILES = sorted(SPECS.glob("*.json"))
# private-use codes (unmapped shaped glyphs), zero-width and control/bidi characters
BAD = re.compile("[\ue000-\uf8ff\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
THAI_END = re.compile("[\u0e01-\u0e4e]$")
THAI_START = re.compile("^[\u0e01-\u0e2e\u0e40-\u0e44]")
PAGE_NUMBER = re.compile("^- ([๐-๙0-9]+) -$")


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33"))


def decode(shaped: str, font_name: str) -> str:
    """The logical text of a shaped string: its private glyph codes mapped back (ToUnicode)."""
    mapping = _TO_UNICODE.get(_face_key(pdfmetrics.getFont(font_name)), {})
    text = "".join(mapping.get(ord(ch), ch) for ch in shaped)
    return unicodedata.normalize("NFC", text.replace("\u0e4d\u0e32", "\u0e33"))


def expected_parts(spec) -> list[str]:
    """The strings the document must show, in reading order."""
    td = spec.thai_digits

    def d(s: str) -> str:
        return digits(s, td)

    date = format_thai_date(spec.date, "full", thai_digits=td)
    if isinstance(spec, MemoSpec):
        parts = ["บันทึกข้อความ", "ส่วนราชการ", d(spec.office), "ที่", d(spec.ref), "วันที่", date, "เรื่อง",
                 d(spec.subject), "เรียน " + d(spec.to)]
        parts += [d(p) for p in spec.body]
        if spec.table:
            parts += [d(c) for c in spec.table.columns] + [d(v) for row in spec.table.rows for v in row]
        return parts + [d(spec.closing), d(f"({spec.signer.name})"), d(spec.signer.position)]
    if isinstance(spec, LetterSpec):
        parts = [d(f"ที่ {spec.ref}"), d(spec.office), date, "เรื่อง", d(spec.subject), "เรียน", d(spec.to)]
        if spec.refer_to:
            parts += ["อ้างถึง", d(spec.refer_to)]
        if spec.attachments:
            parts += ["สิ่งที่ส่งมาด้วย", *[d(a) for a in spec.attachments]]
        parts += [d(p) for p in spec.body] + [d(spec.closing), spec.salutation, d(f"({spec.signer.name})"),
                                              d(spec.signer.position)]
        return parts + [d(line) for line in spec.contact.lines()]
    if isinstance(spec, StampedSpec):
        parts = [d(f"ที่ {spec.ref}"), "ถึง", d(spec.to), *[d(p) for p in spec.body], d(spec.office), date]
        return parts + [d(line) for line in spec.contact.lines()]
    parts = ["รายงานการประชุม", d(spec.title), d(f"ครั้งที่ {spec.number}"), f"เมื่อวันที่ {date}",
             d(f"ณ {spec.place}")]

    def people(title, group, third):
        out = [title, "ลำดับ", "ชื่อ - สกุล", "ตำแหน่ง", third]
        for i, p in enumerate(group, 1):
            out += [d(str(i)), d(p.name), d(p.position), d(p.reason if third == "หมายเหตุ" else p.role)]
        return out

    parts += people("ผู้มาประชุม", spec.present, "หน้าที่")
    if spec.absent:
        parts += people("ผู้ไม่มาประชุม", spec.absent, "หมายเหตุ")
    if spec.others:
        parts += people("ผู้เข้าร่วมประชุม", spec.others, "หน้าที่")
    parts.append(d(f"เริ่มประชุมเวลา {spec.start_time}"))
    for n, item in enumerate(spec.agenda, 1):
        parts.append(d(f"ระเบียบวาระที่ {n} {item.title}"))
        parts += [d(p) for p in item.body]
        if item.resolution:
            parts.append("มติที่ประชุม " + d(item.resolution))
    parts.append(d(f"เลิกประชุมเวลา {spec.end_time}"))
    for signer, role in ((spec.recorder, "ผู้จดรายงานการประชุม"), (spec.checker, "ผู้ตรวจรายงานการประชุม")):
        parts += [d(f"({signer.name})"), d(signer.position), role]
    return parts


@pytest.fixture(scope="module", params=[p.name for p in SPEC_FILES])
def rendered(request, tmp_path_factory):
    """Render one spec while recording every drawn string: (page, x0, x1, baseline y, text)."""
    spec = load_spec(SPECS / request.param)
    out = tmp_path_factory.mktemp("pdf") / (request.param + ".pdf")
    drawn = []
    original = Canvas.drawString

    def recording(self, x, y, text, *args, **kwargs):
        a, _, c, d, e, f = self._currentMatrix
        width = sum(sd.x_advance for sd in text.__shapeData__) * self._fontsize / 1000
        logical = decode(str(text), self._fontname)
        drawn.append((self.getPageNumber(), a * x + c * y + e, a * (x + width) + c * y + e, d * y + f, logical))
        return original(self, x, y, text, *args, **kwargs)

    Canvas.drawString = recording
    try:
        render_spec(spec, out)
    finally:
        Canvas.drawString = original
    return spec, out, drawn


def table_headers(spec) -> list[str]:
    if isinstance(spec, (MemoSpec, LetterSpec)):
        return [normalise("".join(spec.table.columns))] if spec.table else []
    if isinstance(spec, MinutesSpec):
        return [normalise("ลำดับชื่อ - สกุลตำแหน่งหน้าที่"), normalise("ลำดับชื่อ - สกุลตำแหน่งหมายเหตุ")]
    return []


def pypdf_pages(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def _pdftotext(path, *mode) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", *mode, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          encoding="utf-8", check=True).stdout
    return text.split("\f")[:-1]


def pdftotext_pages(path) -> list[str]:
    """pdftotext's own reading order (where marks once came out after the next letter)."""
    return _pdftotext(path)


def pdftotext_raw_pages(path) -> list[str]:
    return _pdftotext(path, "-raw")


def _strip_page_numbers(pages: list[str], thai_digits: bool) -> list[str]:
    """Each page's normalised text without its "- ๒ -" (pdftotext's reading order drops the last
    "-", taking it for a hyphen at a line end)."""
    out = []
    for number, page in enumerate(pages, 1):
        text = normalise(page)
        if number > 1:
            mark = normalise(f"- {to_thai_digits(str(number)) if thai_digits else number} -")
            for candidate in (mark, mark[:-1]):
                if text.startswith(candidate):
                    text = text[len(candidate):]
                    break
            else:
                raise AssertionError(f"page {number} does not start with its number: {text[:20]}")
        out.append(text)
    return out


def _drawn_lines(drawn) -> list[str]:
    return [normalise(text) for *_, text in drawn if not PAGE_NUMBER.match(text) and normalise(text)]


def test_drawn_text_is_the_source(rendered):
    """Every part of the spec is drawn, in order, in whole lines; only table headers repeat."""
    spec, _, drawn = rendered
    lines = _drawn_lines(drawn)
    headers = set(table_headers(spec))
    used = [False] * len(lines)
    first_free = 0
    for part in expected_parts(spec):
        rest = normalise(part)
        while rest:
            # a row split across pages draws its cells' second halves after the other cells
            # the first line that fits, passing over a repeated header's pieces ("ที่" of ลำดับที่)
            fits = [k for k in range(first_free, len(lines)) if not used[k] and rest.startswith(lines[k])]
            assert fits, (part, rest[:30])
            i = next((k for k in fits if not any(lines[k] in h for h in headers)), fits[0])
            used[i] = True
            rest = rest[len(lines[i]):]
        while first_free < len(lines) and used[first_free]:
            first_free += 1
    left = [line for line, u in zip(lines, used, strict=True) if not u]
    assert all(any(line in h for h in headers) for line in left), left


@pytest.mark.parametrize("extract", [pypdf_pages, pdftotext_raw_pages])
def test_extracted_text_equals_the_drawn_text(rendered, extract):
    """pypdf and pdftotext -raw read the content in order: they give back exactly what was drawn,
    marks in place, ำ whole, nothing unmapped (private-use codes), no control characters."""
    spec, out, drawn = rendered
    pages = extract(out)
    assert not BAD.findall("".join(pages))
    assert "".join(_strip_page_numbers(pages, spec.thai_digits)) == "".join(_drawn_lines(drawn))


def test_pdftotext_reading_order_gives_every_line_whole(rendered):
    """pdftotext's own reading order (where ผู้ที่ once came out as ผูที่ + ้ on the next line):
    every drawn line comes out whole, and nothing else."""
    spec, out, drawn = rendered
    pages = pdftotext_pages(out)
    assert not BAD.findall("".join(pages))
    # pdftotext takes a "-" at a line's end or start for a hyphen and may drop it: dashes aside
    text = "".join(_strip_page_numbers(pages, spec.thai_digits)).replace("-", "")
    lines = [line.replace("-", "") for line in _drawn_lines(drawn)]
    for line in lines:
        assert line in text, line
    assert sorted(text) == sorted("".join(lines))


def test_pages_after_the_first_are_numbered_at_the_top_centre(rendered):
    spec, out, drawn = rendered
    pages = len(pypdf.PdfReader(out).pages)
    numbers = [(page, (x0 + x1) / 2, y, text) for page, x0, x1, y, text in drawn if PAGE_NUMBER.match(text)]
    if pages > 1 or isinstance(spec, MinutesSpec):
        assert pages > 1, "the seed documents run over a page"
    assert [n[0] for n in numbers] == list(range(2, pages + 1))
    for page, centre, y, text in numbers:
        assert text == f"- {to_thai_digits(str(page))} -"
        assert centre == pytest.approx(A4[0] / 2, abs=0.5)
        assert A4[1] - 2.5 * cm < y < A4[1] - 1 * cm  # above the body, below the paper's edge


def _image_boxes(path) -> list[tuple[int, float, float, float, float]]:
    """(page, x, y, width, height) of every image drawn, from the content streams' matrices."""
    reader = pypdf.PdfReader(path)
    boxes = []
    for number, page in enumerate(reader.pages, 1):
        xobjects = page["/Resources"].get("/XObject", {})
        images = {name for name, obj in xobjects.items() if obj.get_object().get("/Subtype") == "/Image"}
        ctm, stack = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop()
            elif op == b"cm":
                a, b, c, d, e, f = (float(v) for v in operands)
                m0, m1, m2, m3, m4, m5 = ctm
                ctm = [a * m0 + b * m2, a * m1 + b * m3, c * m0 + d * m2, c * m1 + d * m3, e * m0 + f * m2 + m4,
                       e * m1 + f * m3 + m5]
            elif op == b"Do" and operands[0] in images:
                boxes.append((number, ctm[4], ctm[5], ctm[0], ctm[3]))
    return boxes


def test_garuda_at_the_regulation_size_and_place(rendered):
    spec, out, _ = rendered
    boxes = _image_boxes(out)
    if isinstance(spec, MinutesSpec):
        assert boxes == []
        return
    assert len(boxes) == 1
    page, x, y, width, height = boxes[0]
    assert page == 1
    top = A4[1] - (y + height)
    assert top == pytest.approx(1.5 * cm, abs=1)  # 1.5 cm below the paper's edge
    if isinstance(spec, MemoSpec):
        assert height == pytest.approx(1.5 * cm, abs=0.1) and x == pytest.approx(MARGIN_LEFT, abs=0.1)
    else:  # external and stamped letters: 3 cm, centred on the paper
        assert height == pytest.approx(3 * cm, abs=0.1)
        assert x + width / 2 == pytest.approx(A4[0] / 2, abs=0.5)


def _continuations(drawn):
    """Pairs of drawn strings where the second is the next line of the same paragraph or cell."""
    for (p0, x0, _, y0, a), (p1, x1, _, y1, b) in zip(drawn, drawn[1:], strict=False):
        if p0 == p1 and 18 <= y0 - y1 <= 40 and abs(x1 - x0) <= 80 and a.strip() and b.strip():
            yield a, b


SEEN_SPLITS = [("วิ", "ดิทัศน์"), ("พื้น", "ที่"), ("โครง", "การ"), ("๐", "๕๓๑๑")]


def test_no_line_ends_inside_a_word(rendered):
    """A line never ends inside a word: where one line ends in Thai and the next begins in Thai,
    the two pieces across the break are not one dictionary word, the break is a word boundary in
    the context of both lines, and none of the splits once seen returns. Dates and phone numbers
    stay on one line."""
    spec, _, drawn = rendered
    words = _dictionary()
    source = re.sub(r"\s+", " ", " ".join(decode(part, get_fonts().regular) for part in expected_parts(spec)))
    checked = 0
    for a, b in _continuations(drawn):
        for left, right in SEEN_SPLITS:
            assert not (a.endswith(left) and b.startswith(right)), (a, b)
        if not (THAI_END.search(a) and THAI_START.search(b)) or f"{a[-12:]} {b[:12]}" in source:
            continue  # not Thai on both sides, or the line broke at a space
        assert a[-12:] + b[:12] in source, (a, b)
        checked += 1
        last, first = segment(a)[-1], segment(b)[0]
        assert last + first not in words, (a, b)
        pos, cuts = 0, set()
        for part in segment(a + b):
            pos += len(part)
            cuts.add(pos)
        assert len(a) in cuts, (a, b)
    assert checked > 3
    lines = [text for *_, text in drawn]
    date = format_thai_date(spec.date, "full", thai_digits=spec.thai_digits)
    assert any(date in line for line in lines)
    for phone in ("๐ ๕๓๑๑ ๒๗๐๓",):
        if phone in json.dumps(spec.__dict__, default=str, ensure_ascii=False):
            assert any(phone in line for line in lines), phone


def test_nothing_crosses_the_margins(rendered):
    _, _, drawn = rendered
    assert drawn
    right = A4[0] - MARGIN_RIGHT
    for _, x0, x1, _, text in drawn:
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
    assert seen >= 1


def test_arabic_digits_when_thai_digits_off(tmp_path):
    data = json.loads((SPECS / "memo_001a.json").read_text(encoding="utf-8"))
    data["thai_digits"] = False
    data["garuda"] = str(SPECS / "garuda-placeholder.png")
    path = tmp_path / "memo.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "memo.pdf"
    assert main(["document", "render", str(path), "--out", str(out)]) == 0
    text = pypdf.PdfReader(out).pages[0].extract_text()
    assert "3 มกราคม 2565" in text and "0801.2" in text
    assert not re.search("[๐-๙]", text)


def test_cli_renders_with_office_font_and_garuda(tmp_path, db_path, capsys):
    from moi_desktop.db import open_database
    from moi_desktop.documents import set_document_font

    assert main(["init", "--db", str(db_path), "--district", "6205"]) == 0
    assert main(["office", "set", "--db", str(db_path), "--garuda", str(SPECS / "garuda-placeholder.png")]) == 0
    db = open_database(db_path)
    set_document_font(db, "Sarabun")
    db.close()
    data = json.loads((SPECS / "memo_001b.json").read_text(encoding="utf-8"))
    del data["garuda"]  # the office's own image is used
    spec = tmp_path / "memo.json"
    spec.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "memo.pdf"
    capsys.readouterr()
    assert main(["document", "render", str(spec), "--out", str(out), "--db", str(db_path)]) == 0
    assert str(out) in capsys.readouterr().out
    fonts = pypdf.PdfReader(out).pages[0]["/Resources"]["/Font"].values()
    assert any("Sarabun" in f.get_object()["/BaseFont"] for f in fonts)
    assert len(_image_boxes(out)) == 1
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("kind", ["memo_001a.json", "letter_002.json", "stamped_003.json"])
def test_a_letter_without_a_garuda_is_refused_saying_where_to_set_it(tmp_path, capsys, kind):
    data = json.loads((SPECS / kind).read_text(encoding="utf-8"))
    del data["garuda"]
    spec = tmp_path / "x.json"
    spec.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "x.pdf"
    assert main(["document", "render", str(spec), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "ภาพครุฑ" in err and "ตั้งค่า" in err and "office set --garuda" in err
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_minutes_need_no_garuda(tmp_path):
    out = tmp_path / "m.pdf"
    data = json.loads((SPECS / "minutes_004.json").read_text(encoding="utf-8"))
    data["agenda"] = data["agenda"][:1]
    spec = tmp_path / "m.json"
    spec.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["document", "render", str(spec), "--out", str(out)]) == 0
    assert _image_boxes(out) == []


@pytest.mark.parametrize(
    "content, needle",
    [
        ('{"kind": "memo", "office": "x"', "JSON"),
        ('{"kind": "memo"}', "office"),
        ('{"kind": "letter", "ref": "มท ๑"}', "office"),
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


def test_hostile_text_is_stripped_with_a_warning_and_never_reaches_the_pdf(tmp_path, capsys):
    data = json.loads((SPECS / "memo_001a.json").read_text(encoding="utf-8"))
    data["garuda"] = str(SPECS / "garuda-placeholder.png")
    data["subject"] = "เรื่อง\x00ทดสอบ\x1b[31m \u202eสำคัญ\u202c"
    data["body"] = ["ย่อหน้า\u2066แรก\u2069\x07", "บรรทัด\tที่สอง\x9b"]
    spec = tmp_path / "hostile.json"
    spec.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "hostile.pdf"
    assert main(["document", "render", str(spec), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "คำเตือน" in err and "U+0000" in err and "U+202E" in err and "U+2066" in err and "U+009B" in err
    for extract in (pypdf_pages, pdftotext_pages):
        text = "".join(extract(out))
        assert not BAD.findall(text)
        assert "เรื่องทดสอบ[๓๑mสำคัญ" in normalise(text) and "ย่อหน้าแรก" in normalise(text)


def test_characters_the_font_cannot_draw_are_refused_by_name(tmp_path, capsys):
    data = json.loads((SPECS / "memo_001a.json").read_text(encoding="utf-8"))
    data["garuda"] = str(SPECS / "garuda-placeholder.png")
    data["body"] = ["ขอบคุณครับ 😀 และ 中文"]
    spec = tmp_path / "emoji.json"
    spec.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "emoji.pdf"
    assert main(["document", "render", str(spec), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "U+1F600" in err and "😀" in err and "U+4E2D" in err and "แบบอักษร" in err
    assert not out.exists() and not list(tmp_path.glob("*.part"))


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


def test_fonts_fall_back_when_asked_for_an_unknown_family():
    assert get_fonts("No Such Font").family in ("Laksaman", "TH SarabunIT๙", "TH Sarabun New", "TH Sarabun PSK")
