"""Words whole, Thai distributed justification, leading that keeps marks apart, tables that shrink
or widen before a word breaks, and characters the font cannot draw."""

import shutil
import subprocess

import pytest
from PIL import Image
from reportlab.lib.units import cm

from moi_desktop.documents.flowables import (
    MAX_GAP_EM,
    DottedLabelLine,
    TextStyle,
    ThaiParagraph,
    ThaiTable,
    draw_line,
    word_gaps,
)
from moi_desktop.documents.fonts import get_fonts
from moi_desktop.documents.page import make_doc
from moi_desktop.documents.thaitext import (
    check_drawable,
    cluster_ends,
    fill_lines,
    leading,
    line_metrics,
    spaced,
    text_width,
    wrap_text,
)
from moi_desktop.errors import UserError
from moi_desktop.thai.segment import segment


@pytest.fixture(scope="module")
def fonts():
    return get_fonts()


# -- where a line may break -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, whole",
    [
        ("ให้ประชาชนในพื้นที่เกิดความสำนึก", "พื้นที่"),  # newmm: ใน|พื้น|ที่เกิด
        ("เช่น โครงการบริหารจัดการน้ำ", "โครงการ"),  # newmm: โครง|การบริหาร
        ("การประชุมวิดิทัศน์ทางไกล", "วิดิทัศน์"),  # a misspelling newmm cuts into วิ|ดิ|ทัศน์
        ("อาคารดำรงราชานุสรณ์ กระทรวงมหาดไทย", "ดำรงราชานุสรณ์"),  # the Ministry's building
        ("โทร./โทรสาร ๐ ๕๓๑๑ ๒๗๐๓ ในวันทำการ", "๐ ๕๓๑๑ ๒๗๐๓"),
        ("ติดต่อ ๐ ๕๓๑๑ / ๒๗๐๓ ได้", "๐ ๕๓๑๑ / ๒๗๐๓"),
        ("โทร ๐๘๑-๒๓๔-๕๖๗๘ ต่อ ๑๒ ครับ", "๐๘๑-๒๓๔-๕๖๗๘ ต่อ ๑๒"),
        ("เมื่อวันศุกร์ที่ ๖ พฤศจิกายน ๒๕๖๓ เวลา", "๖ พฤศจิกายน ๒๕๖๓"),
        ("ลงวันที่ 30 สิงหาคม 2565 นั้น", "30 สิงหาคม 2565"),
        ("ประจำเดือน ธันวาคม พ.ศ. ๒๕๖๓ แล้ว", "ธันวาคม พ.ศ. ๒๕๖๓"),
        ("ที่ ชม ๐๐๑๗.๒/ว ๓๘๐๒๘ ลงวันที่", "ชม ๐๐๑๗.๒/ว ๓๘๐๒๘"),
    ],
)
def test_words_dates_phones_and_references_are_single_segments(text, whole):
    assert whole in segment(text)


@pytest.mark.parametrize("text", ["ญาติพี่น้อง", "มติที่ประชุม", "จำนวน ๐ คน ๑๒๓ ราย", "ปี ๒๕๖๕ ๒๕๖๖"])
def test_repairs_leave_real_words_and_plain_numbers_alone(text):
    parts = segment(text)
    assert "".join(parts) == text
    if " " in text:
        assert " " in parts  # ordinary numbers are not glued into one unit
    assert "ติที่" not in "|".join(parts)


def test_dates_and_phones_never_break_across_lines(fonts):
    text = "ขอเชิญประชุมในวันศุกร์ที่ ๖ พฤศจิกายน ๒๕๖๓ ติดต่อ ๐ ๕๓๑๑ ๒๗๐๓ หรือ ๐๘๑-๒๓๔-๕๖๗๘"
    units = ("๖ พฤศจิกายน ๒๕๖๓", "๐ ๕๓๑๑ ๒๗๐๓", "๐๘๑-๒๓๔-๕๖๗๘")
    widest = max(text_width(unit, fonts.regular, 16) for unit in units)
    for width in range(int(widest) + 1, 420, 7):
        lines = wrap_text(text, fonts.regular, 16, width)
        for unit in units:
            assert any(unit in line for line in lines), (width, lines)
    # narrower than a date: it breaks at its own spaces, never inside a word
    lines = wrap_text("๖ พฤศจิกายน ๒๕๖๓", fonts.regular, 16, widest - 20)
    assert lines == ["๖ พฤศจิกายน", "๒๕๖๓"] or lines == ["๖", "พฤศจิกายน ๒๕๖๓"]


# -- lines ------------------------------------------------------------------------------------


def _words(line):
    return sum(1 for text, _ in line if not text.isspace())


def test_a_paragraph_never_ends_on_a_lone_word(fonts):
    text = ("ด้วยจังหวัดขอเชิญประชุมคณะกรรมการเพื่อพิจารณาแนวทางการดำเนินงานของโครงการ"
            "ในพื้นที่อำเภอ ทั้งนี้ขอให้เตรียมข้อมูลให้ครบถ้วน ด้วย")
    seen = 0
    for width in range(150, 420, 3):
        tokens = [(t, fonts.regular) for t in segment(text)]
        lines = fill_lines(tokens, 16, width)
        if len(lines) > 1:
            seen += 1
            assert _words(lines[-1]) > 1 or _words(lines[-2]) < 3, (width, lines[-2:])
        assert "".join(t for line in lines for t, _ in line).replace(" ", "") == text.replace(" ", "")
    assert seen > 50


def test_balanced_lines_fit_and_share_the_spare_width(fonts):
    text = "การประชุมมอบนโยบายของรองนายกรัฐมนตรี และภารกิจสำคัญของกระทรวงมหาดไทย " * 6
    tokens = [(t, fonts.regular) for t in segment(text)]
    for width in (200, 300, 453):
        balanced = fill_lines(tokens, 16, width, first_indent=71)
        for n, line in enumerate(balanced):
            limit = width - (71 if n == 0 else 0)
            assert sum(text_width(t, f, 16) for t, f in line) <= limit + 0.5
        widths = [sum(text_width(t, f, 16) for t, f in line) for line in balanced[:-1]]
        # no line far shorter than its neighbours: the spare width is spread
        assert max(widths) - min(widths[1:] or widths) < width * 0.35


def test_cluster_gaps_are_never_inside_a_cluster():
    text = "ผู้ใหญ่บ้านที่น้ำ"
    ends = cluster_ends(text)
    assert ends and all(0 < e < len(text) for e in ends)
    marks = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d"
    for e in ends:  # no gap before a combining vowel or tone mark
        assert text[e] not in marks


def test_spaced_widens_only_the_gaps(fonts):
    text = "ผู้ใหญ่บ้าน"
    gaps = cluster_ends(text)
    plain = sum(sd.x_advance for sd in spaced(text, fonts.regular, 16, 0, gaps).__shapeData__)
    wide = sum(sd.x_advance for sd in spaced(text, fonts.regular, 16, 2.0, gaps).__shapeData__)
    assert wide - plain == pytest.approx(len(gaps) * 2.0 * 1000 / 16)


class _Recorder:
    """A canvas stand-in for draw_line: the x and text of each drawn string."""

    def __init__(self):
        self.drawn = []
        self._code = []

    def setFont(self, font, size):  # noqa: N802 - reportlab's name
        pass

    def drawString(self, x, y, text):  # noqa: N802 - reportlab's name
        self.drawn.append((x, text))


def test_thai_distributed_fills_the_line_within_one_em_a_gap_else_left(fonts):
    line = [(t, fonts.regular) for t in segment("ขอเชิญประชุม คณะกรรมการ")]
    natural = sum(text_width(t, f, 16) for t, f in line)
    canvas = _Recorder()
    width = draw_line(canvas, 0, 0, line, 16, avail=natural + 30, align="thai", is_last=False)
    assert width == pytest.approx(natural + 30)
    assert len(canvas.drawn) == 1  # one string: marks stay on their letters
    shaped = canvas.drawn[0][1]
    assert sum(sd.x_advance for sd in shaped.__shapeData__) * 16 / 1000 == pytest.approx(natural + 30, abs=0.01)
    # the last line of a paragraph, and a line needing more than 1 em a gap, stay left-aligned
    for avail, is_last in ((natural + 30, True), (natural + 16 * MAX_GAP_EM * 40, False)):
        canvas = _Recorder()
        assert draw_line(canvas, 0, 0, line, 16, avail=avail, align="thai", is_last=is_last) == pytest.approx(natural)


def _glyph_advances(shaped, size):
    """(offset in the text where each glyph's cluster starts, its advance in points)."""
    return [(sd.cluster, sd.x_advance * size / 1000) for sd in shaped.__shapeData__]


def test_thai_distributed_spreads_only_between_words_never_inside_one(fonts):
    """Issue 14: an external letter's line came out "อำ เภ อ เมื อ ง": every cluster gap was
    widened. Extra space now goes only where one word (segment) ends and the next begins."""
    text = "อำเภอเมืองกำแพงเพชรขอเชิญประชุม"
    words = segment(text)
    assert len(words) >= 3 and "อำเภอ" in words
    line = [(w, fonts.regular) for w in words]
    natural = sum(text_width(w, fonts.regular, 16) for w in words)
    extra = 4.0
    canvas = _Recorder()
    draw_line(canvas, 0, 0, line, 16, avail=natural + extra * (len(words) - 1), align="thai", is_last=False)
    (_x, shaped), = canvas.drawn
    plain = {c: a for c, a in _glyph_advances(spaced(text, fonts.regular, 16, 0, []), 16)}
    boundaries = set()
    pos = 0
    for w in words[:-1]:
        pos += len(w)
        boundaries.add(pos)
    data = shaped.__shapeData__
    widened = []
    for k, sd in enumerate(data):
        added = sd.x_advance * 16 / 1000 - plain[sd.cluster]
        if added > 0.01:
            nxt = data[k + 1].cluster if k + 1 < len(data) else len(text)
            widened.append(nxt)
            assert added == pytest.approx(extra, abs=0.01)
    assert set(widened) == boundaries  # after the last glyph of each word but the last, nowhere else
    # glyph x-positions: inside a word they keep their natural distances
    x, start_of = 0.0, {}
    for sd in data:
        start_of.setdefault(sd.cluster, x)
        x += sd.x_advance * 16 / 1000
    assert start_of[len("อำเ")] - start_of[0] == pytest.approx(sum(plain[c] for c in plain if c < 3), abs=0.01)


def test_word_gaps_count_a_space_once_and_a_font_change_not_twice(fonts):
    line = [("เรื่อง", fonts.bold), (" ", fonts.regular), ("ขอเชิญ", fonts.regular), ("ประชุม", fonts.regular),
            (" ", fonts.regular), ("คณะ", fonts.regular)]
    # group 1: bold "เรื่อง"; group 2: " ขอเชิญประชุม คณะ" — gaps before ประชุม and after the space
    assert word_gaps(line) == [[], [len(" ขอเชิญ"), len(" ขอเชิญประชุม ")]]


def test_a_line_of_few_words_needing_more_than_1_em_a_gap_is_left_aligned(fonts):
    words = ["ผู้ว่าราชการจังหวัด", "กำแพงเพชร"]  # one gap between words; many between clusters
    line = [(w, fonts.regular) for w in words]
    natural = sum(text_width(w, fonts.regular, 16) for w in words)
    canvas = _Recorder()
    # 1.5 em of slack: would have been spread over the clusters before; one word gap cannot take it
    assert draw_line(canvas, 0, 0, line, 16, avail=natural + 1.5 * 16 * MAX_GAP_EM, align="thai",
                     is_last=False) == pytest.approx(natural)
    canvas = _Recorder()
    assert draw_line(canvas, 0, 0, line, 16, avail=natural + 0.9 * 16, align="thai",
                     is_last=False) == pytest.approx(natural + 0.9 * 16)


def test_a_memo_header_value_breaks_at_its_spaces_not_inside_a_place_name(fonts):
    """Issue 14 screenshots: ส่วนราชการ wrapped as "…คลองขลุง จังหวัด / กำแพงเพชร โทร. …"."""
    value = "ที่ทำการปกครองอำเภอคลองขลุง จังหวัดกำแพงเพชร โทร. ๐ ๕๕๒๗ ๒๐๓๓"
    row = DottedLabelLine([("ส่วนราชการ", value, 1.0)], label_font=fonts.bold, value_font=fonts.regular)
    row.wrap(453, 800)
    lines = [line.strip() for line in row._layout[0][4]]
    assert len(lines) == 2 and "".join(lines).replace(" ", "") == value.replace(" ", "")
    assert any("จังหวัดกำแพงเพชร" in line for line in lines)
    assert any("๐ ๕๕๒๗ ๒๐๓๓" in line for line in lines)  # the phone number whole


# -- leading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("family", ["Laksaman", "Sarabun"])
def test_leading_covers_the_fonts_stacked_marks_and_descenders(family):
    fonts = get_fonts(family)
    for font in (fonts.regular, fonts.bold):
        metrics = line_metrics(font)
        assert metrics.above > 1.1 and metrics.below > 0.25  # stacked tone marks, ุ ู ฐ
        assert leading(font, 16) >= (metrics.above + metrics.below) * 16


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_descenders_never_touch_the_next_lines_tone_marks(tmp_path, fonts):
    """Rendered and rasterised: between a line of ฐ ญ ฎ ฏ ุ ู and a line of stacked tone marks
    under it there is a row of white pixels."""
    low = "ฐุ ญู ฎู ฏุ ปู ผู้ ดู ฐู " * 3
    high = "ปี้ ที่ นี้ ฟิ้ ปั๋ ชื่อ เพื่อ " * 3
    style = TextStyle(font=fonts.regular, bold_font=fonts.bold, size=16)
    pdf = tmp_path / "lines.pdf"
    doc = make_doc(pdf, left_margin=1 * cm, right_margin=1 * cm)
    doc.build([ThaiParagraph(low + "\n" + high, style)])
    subprocess.run(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-gray", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    width, height = image.size
    dark = [any(image.getpixel((x, y)) < 160 for x in range(0, width, 1)) for y in range(height)]
    bands = []
    for y, ink in enumerate(dark):
        if ink and (not bands or bands[-1][1] != y - 1):
            bands.append([y, y])
        elif ink:
            bands[-1][1] = y
    assert len(bands) >= 2, bands  # two lines, separated by white
    assert bands[1][0] - bands[0][1] >= 2


# -- tables -----------------------------------------------------------------------------------


def _table(rows, fonts, shares):
    return ThaiTable(["ลำดับ", "ประเด็น"], rows, font=fonts.regular, bold_font=fonts.bold, size=16,
                     col_widths=shares)


def test_a_table_steps_down_to_14_pt_before_breaking_a_word(fonts):
    word = "ผลสัมฤทธิ์"  # one word
    at16 = text_width(word, fonts.regular, 16)
    at14 = text_width(word, fonts.regular, 14)
    column = (at14 + at16) / 2 + 2 * ThaiTable.PAD_X + 1
    table = _table([["๑", word]], fonts, [100, column])
    size, widths = table.plan(100 + column)
    assert size < 16 and widths[1] == pytest.approx(column)
    assert table._cell_lines(word, fonts.regular, widths[1], size) == [word]


def test_a_table_widens_a_column_at_the_floor_before_breaking_a_word(fonts):
    word = "ผลสัมฤทธิ์"
    need = text_width(word, fonts.regular, 14) + 2 * ThaiTable.PAD_X + 1
    table = _table([["๑", word]], fonts, [300, need - 10])  # too narrow even at 14 pt
    size, widths = table.plan(300 + need - 10)
    assert size == 14
    assert widths[1] >= need - 0.01 and sum(widths) == pytest.approx(300 + need - 10)


def test_a_word_breaks_between_clusters_only_when_nothing_else_can_fit(fonts):
    word = "ผลสัมฤทธิ์"
    table = _table([[word, word]], fonts, [1, 1])
    width = text_width(word, fonts.regular, 14)  # two columns of half a word each
    size, widths = table.plan(width)
    assert size == 14
    lines = table._cell_lines(word, fonts.regular, widths[1], size)
    assert len(lines) > 1 and "".join(lines) == word
    for line in lines:  # never a mark cut from its letter
        assert line[0] not in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"


def test_a_row_taller_than_the_room_left_continues_on_the_next_page(fonts):
    text = "ขับเคลื่อนการพัฒนาและแก้ไขปัญหาความเดือดร้อนของประชาชนในระดับพื้นที่ " * 8
    table = _table([["๑", text]], fonts, [1, 5])
    table.wrap(400, 1000)
    pitch = leading(fonts.bold, 16)
    parts = table.split(400, table._row_height(table._measured[3], 16) + 4 * pitch + 8)
    assert len(parts) == 2
    head, tail = (p._measured[4][0][1] for p in parts)
    assert len(head) >= 4 and "".join(head + tail) == "".join(table._measured[4][0][1])


# -- what the font cannot draw ------------------------------------------------------------------


def test_characters_the_font_lacks_are_named_at_once(fonts):
    with pytest.raises(UserError) as info:
        check_drawable(["สวัสดี 😀", "中文 และ ❤"], [fonts.regular, fonts.bold])
    message = info.value.message
    for code in ("U+1F600", "U+4E2D", "U+6587"):
        assert code in message
    check_drawable(["ผู้ใหญ่บ้าน “๑–๒” ๆ ฯ"], [fonts.regular, fonts.bold])


def test_shaping_refuses_a_missing_glyph_rather_than_drawing_a_box(fonts):
    with pytest.raises(UserError, match="U\\+1F600"):
        text_width("ขอบคุณ 😀", fonts.regular, 16)
