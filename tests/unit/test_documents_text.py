"""Thai segmentation, line filling and shaping of the document engine."""

import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moi_desktop.documents import available_families, get_document_font, get_fonts, set_document_font
from moi_desktop.documents.spec import parse_spec
from moi_desktop.documents.thaitext import shape, text_width, wrap_text
from moi_desktop.errors import UserError
from moi_desktop.thai.segment import name_segments, segment
from moi_desktop.thai.text import printable

THAI_SAMPLE = (
    "ตามหนังสือกระทรวงมหาดไทย ด่วนที่สุด ที่ มท ๐๒๑๑.๒/๑๖๗๐๓ ลงวันที่ ๑๘ พฤศจิกายน ๒๕๖๔ "
    "กระทรวงมหาดไทยได้กำหนดให้มีการตรวจเยี่ยมส่วนราชการระดับกรมในสังกัดกระทรวงมหาดไทย "
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๒ โทร. ๐๘๑-๒๓๔-๕๖๗๘ เวลา ๑๔.๓๐ น. ต่าง ๆ กรุงเทพฯ ฯลฯ (Video Conference)"
)


@pytest.fixture(scope="module")
def fonts():
    return get_fonts()


def test_abbreviations_numbers_and_marks_stay_whole():
    parts = segment(THAI_SAMPLE)
    for whole in ("พ.ศ. ๒๕๖๒", "โทร. ๐๘๑-๒๓๔-๕๖๗๘", "๑๔.๓๐ น.", "ต่าง ๆ", "กรุงเทพฯ", "ฯลฯ", "มท ๐๒๑๑.๒/๑๖๗๐๓"):
        assert whole in parts, whole
    assert "(Video" in parts and "Conference)" in parts
    assert "".join(parts) == THAI_SAMPLE


def test_names_after_titles_are_not_cut():
    parts = segment("ผู้ช่วยปลัดกระทรวง นางสาวปาณิสรา กาญจนะจิตรา และ (พลเอก ประวิตร วงษ์สุวรรณ)")
    assert "นางสาวปาณิสรา" in parts and "กาญจนะจิตรา" in parts
    assert "วงษ์สุวรรณ)" in parts
    assert name_segments("นางสาวปาณิสรา กาญจนะจิตรา") == ["นางสาวปาณิสรา", " ", "กาญจนะจิตรา"]


def test_printable_strips_zero_width_and_composes_sara_am():
    assert printable("น\u200bํา\ufeff") == "นำ"


thai_chars = st.sampled_from(list("กขคงจฉชซญฐณดตถทธนบปผพฟภมยรลวศษสหอฮะาำิีึืุูเแโใไ่้๊๋็์ๆฯ ๐๑๒๓.0123abc,()"))


@settings(max_examples=150, deadline=None)
@given(st.lists(thai_chars, max_size=60).map("".join))
def test_segment_is_a_partition(text):
    assert "".join(segment(text)) == printable(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(thai_chars, min_size=1, max_size=80).map("".join), st.integers(60, 300))
def test_wrapped_lines_fit_and_keep_all_text(text, width):
    font = get_fonts().regular
    lines = wrap_text(text, font, 16, width)
    for line in lines:
        assert text_width(line, font, 16) <= width + 0.01 or len(line) <= 3
        assert line == line.strip()
    assert "".join(lines).replace(" ", "") == printable(text).replace(" ", "").replace("\n", "")


def test_lines_break_only_between_segments(fonts):
    lines = wrap_text(THAI_SAMPLE, fonts.regular, 16, 220)
    assert len(lines) > 4
    boundaries, pos = {0}, 0
    for part in segment(THAI_SAMPLE):
        pos += len(part.replace(" ", ""))
        boundaries.add(pos)
    pos = 0
    for line in lines:
        assert pos in boundaries, line
        pos += len(line.replace(" ", ""))
        assert pos in boundaries, line
    assert any(line.startswith("พ.ศ. ๒๕๖๒") or "พ.ศ. ๒๕๖๒" in line for line in lines)


def test_first_indent_narrows_only_the_first_line(fonts):
    text = "การประชุม " * 30
    plain = wrap_text(text, fonts.regular, 16, 300)
    indented = wrap_text(text, fonts.regular, 16, 300, first_indent=100)
    assert len(indented[0]) < len(plain[0])
    assert text_width(indented[0], fonts.regular, 16) <= 200


def test_name_is_broken_only_at_spaces(fonts):
    name = "นางสาวปาณิสรา กาญจนะจิตรา"
    width = text_width("นางสาวปาณิสรา", fonts.regular, 16) + 5
    assert wrap_text(name, fonts.regular, 16, width, is_name=True) == ["นางสาวปาณิสรา", "กาญจนะจิตรา"]


def test_overlong_word_splits_at_clusters_without_orphan_marks(fonts):
    word = "ผู้ใหญ่บ้านกำนันปลัดอำเภอผู้ช่วยเจ้าหน้าที่ปกครอง"
    lines = wrap_text(word, fonts.regular, 16, 60)
    assert len(lines) > 2 and "".join(lines) == word
    for line in lines:
        assert unicodedata.category(line[0]) != "Mn" and line[0] not in "ะาำ"
        assert text_width(line, fonts.regular, 16) <= 60


def test_latin_words_never_split(fonts):
    lines = wrap_text("ระบบ Sustainability Expo", fonts.regular, 16, 40)
    assert "Sustainability" in lines


def test_shaped_marks_get_their_own_glyph_codes(fonts):
    shaped = shape("ผู้ใหญ่ ป่า", fonts.regular)
    assert len(shaped.__shapeData__) == len(str(shaped))
    assert text_width("ที่", fonts.regular, 16) == pytest.approx(text_width("ท", fonts.regular, 16))


def test_fonts_default_and_fallback():
    families = available_families()
    assert families[:2] == ["Laksaman", "Sarabun"]
    assert get_fonts().family == "Laksaman"
    assert get_fonts("No Such Font").family == "Laksaman"
    sarabun = get_fonts("Sarabun")
    assert sarabun.regular != sarabun.bold and sarabun.path_bold.name == "Sarabun-Bold.ttf"


def test_document_font_preference_in_meta(db):
    assert get_document_font(db) is None
    set_document_font(db, "Sarabun")
    assert get_document_font(db) == "Sarabun"
    with pytest.raises(UserError):
        set_document_font(db, "Comic Sans")
    assert get_document_font(db) == "Sarabun"


MEMO = {
    "kind": "memo", "office": "ที่ทำการปกครองอำเภอ", "ref": "มท ๐๓๑๘.๑/๑", "date": "2022-08-30",
    "subject": "ขอเชิญประชุม", "to": "นายอำเภอ", "body": ["ย่อหน้า"],
    "signer": {"name": "นายสมชาย ใจดี", "position": "ปลัดอำเภอ"},
}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"subject": None}, "subject"),
        ({"subject": "  "}, "subject"),
        ({"body": []}, "body"),
        ({"date": "30 ก.ข. 2565"}, "date"),
        ({"signer": {"position": "x"}}, "signer.name"),
        ({"thai_digits": "yes"}, "thai_digits"),
        ({"table": {"columns": ["ก", "ข"], "rows": [["1"]]}}, "table.rows[0]"),
        ({"kind": "notice"}, "kind"),
    ],
)
def test_bad_spec_names_the_field(change, field):
    data = {**MEMO, **change}
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(UserError) as info:
        parse_spec(data)
    assert info.value.field == field
    assert field.split("[")[0].split(".")[0] in info.value.message


def test_missing_subject_message_is_thai():
    data = {k: v for k, v in MEMO.items() if k != "subject"}
    with pytest.raises(UserError, match=r"ข้อมูลไม่ครบ: ต้องมี subject \(เรื่อง\)"):
        parse_spec(data)


def test_good_spec_parses():
    spec = parse_spec(MEMO)
    assert spec.date.isoformat() == "2022-08-30" and spec.thai_digits is True and spec.table is None


def test_installed_th_sarabun_is_preferred_when_no_choice_is_stored(tmp_path, monkeypatch):
    import shutil

    from moi_desktop.documents import default_family
    from moi_desktop.documents import fonts as fonts_module

    laksaman = get_fonts("Laksaman")
    shutil.copy(laksaman.path_regular, tmp_path / "THSarabunNew.ttf")
    shutil.copy(laksaman.path_bold, tmp_path / "THSarabunNew Bold.ttf")
    monkeypatch.setattr(fonts_module, "font_dirs", lambda: [tmp_path])
    assert available_families() == ["Laksaman", "Sarabun", "TH Sarabun New"]
    assert default_family() == "TH Sarabun New"
    assert get_fonts().family == "TH Sarabun New"
    assert get_fonts("Sarabun").family == "Sarabun"  # an explicit choice still wins
    monkeypatch.setattr(fonts_module, "font_dirs", lambda: [])
    assert default_family() == "Laksaman"


@pytest.mark.parametrize("ref", ["มท ๐๒๑๑.๒/๑๖๗๐๓", "มท ๐๓๑๘.๑/ว ๑๒๓", "นร ๐๕๐๖/ว ๒๙๐", "ลพ 0018.1/123"])
def test_government_reference_numbers_stay_whole(fonts, ref):
    text = f"ตามหนังสือกระทรวงมหาดไทย ที่ {ref} ลงวันที่ ๑๘ พฤศจิกายน ๒๕๖๔"
    assert ref in segment(text)
    # at every width that fits the number, no line ends between its prefix and its code
    for width in range(int(text_width(ref, fonts.regular, 16)) + 1, 400, 7):
        for line in wrap_text(text, fonts.regular, 16, width):
            assert not line.endswith(ref.split()[0]), (width, line)


def test_ordinary_counts_are_not_glued_as_references():
    assert segment("จำนวน ๑๐ คน ๒๐๐๐ บาท") == ["จำนวน", " ", "๑๐", " ", "คน", " ", "๒๐๐๐", " ", "บาท"]


# ---------------------------------------------------------------------------------------------
# "/" between words, place names in the dictionary, compound parts


def line_breaks(lines: list[str]) -> set[int]:
    """Offsets (spaces removed) where one line ends and the next begins."""
    breaks, pos = set(), 0
    for line in lines[:-1]:
        pos += len(line.replace(" ", ""))
        breaks.add(pos)
    return breaks


@pytest.mark.parametrize(
    "text, parts",
    [
        ("บ้านมีสภาพชำรุด/ทรุดโทรม", ["ชำรุด/", "ทรุดโทรม"]),
        ("หน่วยงาน/ตำแหน่ง", ["หน่วยงาน/", "ตำแหน่ง"]),
        ("(หน่วยงาน/ตำแหน่ง)", ["(หน่วยงาน/", "ตำแหน่ง)"]),
        ("และ/หรือ", ["และ/", "หรือ"]),
    ],
)
def test_slash_between_thai_words_is_a_break_after_it(text, parts):
    segments = segment(text)
    assert segments[-len(parts):] == parts
    assert "".join(segments) == text


@pytest.mark.parametrize(
    "whole", ["มท ๐๓๑๘.๑/ว ๑๒๓", "หนังสือ/ว ๑๒๓", "๓๐/๐๘/๒๕๖๕", "12/2565", "ส.ค./ก.ย.", "ก/ข", "ปี/2565", "ว/๑๒๓"]
)
def test_slash_in_numbers_references_and_abbreviations_stays_glued(whole):
    assert whole in segment(f"ตามหนังสือ {whole} แล้ว")


def test_wrapping_breaks_after_slash_and_never_before_it(fonts):
    text = "ตรวจสอบบ้านที่มีสภาพชำรุด/ทรุดโทรม และระบุหน่วยงาน/ตำแหน่ง ตามหนังสือที่ มท ๐๓๑๘.๑/ว ๑๒๓ ลงวันที่ ๓๐/๐๘/๒๕๖๕"
    ends_at_slash = 0
    narrowest = int(max(text_width(part, fonts.regular, 16) for part in segment(text))) + 1  # the reference
    for width in range(narrowest, 420, 3):
        lines = wrap_text(text, fonts.regular, 16, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for before, after in pairwise(lines):
            assert not after.startswith("/"), (width, after)
            assert not (before.endswith("/ว") or before.endswith("๐๓๑๘.๑/")), (width, before)
            assert not (before.endswith("๓๐/") or before.endswith("๓๐/๐๘/")), (width, before)
            ends_at_slash += before.endswith(("ชำรุด/", "หน่วยงาน/"))
    assert ends_at_slash > 0  # the new break opportunity is really taken at some widths


thai_with_slashes = st.sampled_from(list("กขคงจดตนบปมยรลวสหอะาำิีุูเแโไ่้์ /๐๑.ส"))


@settings(max_examples=150, deadline=None)
@given(st.lists(thai_with_slashes, max_size=60).map("".join))
def test_slash_never_starts_a_segment_after_a_word(text):
    segments = segment(text)
    assert "".join(segments) == text
    pos = 0
    for part in segments:
        if part.startswith("/") and pos > 0:
            assert text[pos - 1].isspace() or text[pos - 1] == "/", (text, segments)
        pos += len(part)


@pytest.mark.parametrize(
    "text, name",
    [
        ("อำเภอคลองขลุง จังหวัดกำแพงเพชร", "คลองขลุง"),
        ("ที่ว่าการอำเภอศรีบรรพต จังหวัดพัทลุง", "ศรีบรรพต"),
        ("ตำบลวังบัว อำเภอคลองขลุง จังหวัดกำแพงเพชร", "วังบัว"),  # a subdistrict
        ("องค์การบริหารส่วนตำบลท่ามะเขือ อำเภอคลองขลุง", "ท่ามะเขือ"),  # a subdistrict
    ],
)
def test_place_names_never_break_inside(fonts, text, name):
    assert name in segment(text)
    start = text.replace(" ", "").index(name)
    inside = set(range(start + 1, start + len(name)))
    narrowest = int(text_width(name, fonts.regular, 16)) + 1
    for width in range(narrowest, int(text_width(text, fonts.regular, 16)) + 2):
        lines = wrap_text(text, fonts.regular, 16, width)
        assert not line_breaks(lines) & inside, (width, lines)


def test_dictionary_is_pythainlp_words_and_every_place_name():
    import csv

    from pythainlp.corpus import thai_words

    from moi_desktop.paths import resource_path
    from moi_desktop.thai import segment as segmenter

    words = segmenter._dictionary()
    assert thai_words() <= words
    for file in ("provinces.csv", "districts.csv", "subdistricts.csv"):
        with resource_path("reference", file).open(encoding="utf-8") as handle:
            names = {row["name_th"] for row in csv.DictReader(handle) if "-" not in row["name_th"]}
        assert names - {"จ.ป.ร."} <= words, file
    assert "คลองขลุง" in words and "คลองขลุง" not in thai_words()
    assert segmenter._trie() is segmenter._trie()  # built once per process


def test_compound_parts_is_public_and_used_by_table_layout():
    from moi_desktop.documents import table_report
    from moi_desktop.thai.segment import compound_parts, subwords

    assert compound_parts("รองประธานกรรมการ") == ("รอง", "ประธานกรรมการ")
    assert compound_parts("ตำแหน่ง") == ("ตำแหน่ง",)  # a dictionary word is not cut
    assert subwords("รองประธานกรรมการ")[:2] == ["รอง", "ประธาน"]
    assert table_report.compound_parts is compound_parts


def test_abbreviation_written_flush_stays_with_its_word():
    assert segment("ม.๓ ต.วังบัว อ.คลองขลุง") == ["ม.๓", " ", "ต.วังบัว", " ", "อ.คลองขลุง"]
    assert segment("หมู่ ๓ ต.วังบัว") == ["หมู่", " ", "๓", " ", "ต.วังบัว"]
