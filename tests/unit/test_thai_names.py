import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from moi_desktop.thai import TITLES, is_title, normalize_text, split_name


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        # Forms printed in the seed documents: title glued to the first name.
        ("นายสุทธิพงษ์ จุลเจริญ", ("นาย", "สุทธิพงษ์", "จุลเจริญ")),
        ("(นายประยูร รัตนเสนีย์)".strip("()"), ("นาย", "ประยูร", "รัตนเสนีย์")),
        ("นาย สมชาย ใจดี", ("นาย", "สมชาย", "ใจดี")),
        ("นางสาวสมศรี ใจดี", ("นางสาว", "สมศรี", "ใจดี")),
        ("นาง สมศรี ใจดี", ("นาง", "สมศรี", "ใจดี")),
        ("น.ส.สมศรี ใจดี", ("น.ส.", "สมศรี", "ใจดี")),
        ("น.ส. สมศรี ใจดี", ("น.ส.", "สมศรี", "ใจดี")),
        ("นส สมศรี ใจดี", ("น.ส.", "สมศรี", "ใจดี")),
        ("นส.สมศรี ใจดี", ("น.ส.", "สมศรี", "ใจดี")),
        ("ด.ช.สมชาย ใจดี", ("ด.ช.", "สมชาย", "ใจดี")),
        ("ด.ญ. สมหญิง ใจดี", ("ด.ญ.", "สมหญิง", "ใจดี")),
        ("เด็กหญิงสมหญิง ใจดี", ("เด็กหญิง", "สมหญิง", "ใจดี")),
        ("ว่าที่ ร.ต. สมชาย ทองดี", ("ว่าที่ ร.ต.", "สมชาย", "ทองดี")),
        ("ว่าที่ร.ต.สมชาย ทองดี", ("ว่าที่ ร.ต.", "สมชาย", "ทองดี")),
        ("ว่าที่ร้อยตรีสมชาย ทองดี", ("ว่าที่ร้อยตรี", "สมชาย", "ทองดี")),
        ("ว่าที่ ร.ต.หญิง สมศรี ทองดี", ("ว่าที่ ร.ต.หญิง", "สมศรี", "ทองดี")),
        ("ดร.สมชาย ใจดี", ("ดร.", "สมชาย", "ใจดี")),
        ("ดร สมชาย ใจดี", ("ดร.", "สมชาย", "ใจดี")),
        ("ผศ.ดร.สมชาย ใจดี", ("ผศ.ดร.", "สมชาย", "ใจดี")),
        ("ผศ. ดร. สมชาย ใจดี", ("ผศ.ดร.", "สมชาย", "ใจดี")),
        ("รศ.สมชาย ใจดี", ("รศ.", "สมชาย", "ใจดี")),
        ("ศ.สมชาย ใจดี", ("ศ.", "สมชาย", "ใจดี")),
        ("นพ.สมชาย ใจดี", ("นพ.", "สมชาย", "ใจดี")),
        ("พญ.สมศรี ใจดี", ("พญ.", "สมศรี", "ใจดี")),
        ("จ.ส.อ.สมชาย กล้าหาญ", ("จ.ส.อ.", "สมชาย", "กล้าหาญ")),
        ("ส.อ. สมชาย กล้าหาญ", ("ส.อ.", "สมชาย", "กล้าหาญ")),
        ("ด.ต.สมชาย กล้าหาญ", ("ด.ต.", "สมชาย", "กล้าหาญ")),
        ("ร.ต.อ.สมชาย กล้าหาญ", ("ร.ต.อ.", "สมชาย", "กล้าหาญ")),
        ("ร.ต.อ.หญิงสมศรี กล้าหาญ", ("ร.ต.อ.หญิง", "สมศรี", "กล้าหาญ")),
        ("ร.ต.อนันต์ กล้าหาญ", ("ร.ต.", "อนันต์", "กล้าหาญ")),
        ("พ.ต.อ. ดร. สมชาย กล้าหาญ", ("พ.ต.อ. ดร.", "สมชาย", "กล้าหาญ")),
        ("พ.ต.ท.สมชาย กล้าหาญ", ("พ.ต.ท.", "สมชาย", "กล้าหาญ")),
        # Monks: longest title first, and often no surname.
        ("พระครูสิริธรรมวัฒน์", ("พระครู", "สิริธรรมวัฒน์", "")),
        ("พระมหาสมศักดิ์ ฐิตธมฺโม", ("พระมหา", "สมศักดิ์", "ฐิตธมฺโม")),
        ("พระอธิการสมบัติ", ("พระอธิการ", "สมบัติ", "")),
        ("พระสมชาย", ("พระ", "สมชาย", "")),
        ("สามเณรสมชาย ใจดี", ("สามเณร", "สมชาย", "ใจดี")),
        # Positions are not titles.
        ("กำนันสมชาย ใจดี", ("", "กำนันสมชาย", "ใจดี")),
        ("ผู้ใหญ่บ้าน สมชาย ใจดี", ("", "ผู้ใหญ่บ้าน", "สมชาย ใจดี")),
        # No title; names that merely start like a title; multi-word surnames.
        ("สมชาย ใจดี", ("", "สมชาย", "ใจดี")),
        ("นายิกา ใจดี", ("", "นายิกา", "ใจดี")),
        ("ดรุณี ใจดี", ("", "ดรุณี", "ใจดี")),
        ("นพดล ใจดี", ("", "นพดล", "ใจดี")),
        ("มานพ อิศรางกูร ณ อยุธยา", ("", "มานพ", "อิศรางกูร ณ อยุธยา")),
        ("นายมานพ  อิศรางกูร   ณ อยุธยา", ("นาย", "มานพ", "อิศรางกูร ณ อยุธยา")),
        # English titles.
        ("Mr. John Smith", ("Mr.", "John", "Smith")),
        ("mrs Jane Smith", ("Mrs.", "Jane", "Smith")),
        ("Ms.Jane Doe", ("Ms.", "Jane", "Doe")),
        # Messy input.
        ("  \u200bนาย\u200b  สมชาย\t ใจดี\u200b ", ("นาย", "สมชาย", "ใจดี")),
        ("นางสาวสมศรี ใจดี\ufeff", ("นางสาว", "สมศรี", "ใจดี")),
        ("", ("", "", "")),
        ("นาย", ("นาย", "", "")),
    ],
)
def test_split_examples(full, expected):
    assert split_name(full) == expected


def test_titles_list():
    for title in ("นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "ว่าที่ ร.ต.", "ดร.", "ผศ.",
                  "รศ.", "ศ.", "พระ", "พระครู", "พระมหา"):  # fmt: skip
        assert title in TITLES
    assert "กำนัน" not in TITLES and "ผู้ใหญ่บ้าน" not in TITLES
    assert len(set(TITLES)) == len(TITLES)


@pytest.mark.parametrize("title", TITLES)
def test_every_listed_title_is_recognised_in_both_spacings(title):
    assert is_title(title)
    assert split_name(f"{title} สมชาย ใจดี") == (title, "สมชาย", "ใจดี")
    assert split_name(f"{title}สมชาย ใจดี") == (title, "สมชาย", "ใจดี")


# Name-like Thai words: start with a consonant or leading vowel, then letters and marks.
_CONSONANTS = "กขคงจฉชซญฎฐณดตถทธนบปผพฟภมยรลวศษสหฬอฮ"
_START = st.sampled_from(list(_CONSONANTS + "เแโใไ"))
_BODY = st.text(alphabet=_CONSONANTS + "ะาิีึืุูเแโใไำ่้๊๋็์ั", max_size=10)
# Names come back normalised (NFC mark order, เเ → แ), so generate them normalised.
_WORD = st.builds(lambda a, b: normalize_text(a + b), _START, _BODY)


@given(st.sampled_from(TITLES), _WORD, st.lists(_WORD, max_size=3))
def test_split_recovers_parts(title, first, last_words):
    assume(not is_title(first))
    last = " ".join(last_words)
    full = f"{title} {first} {last}"
    assert split_name(full) == (title, first, last)


@given(_WORD, st.lists(_WORD, min_size=1, max_size=3))
def test_untitled_names_are_left_alone_unless_they_start_with_a_title(first, last_words):
    title, got_first, got_last = split_name(f"{first} {' '.join(last_words)}")
    if title:
        # Only when the first word really begins with a title's letters (นางนวล, a bare "พต").
        assert first.startswith(title.replace(".", "").replace(" ", ""))
    else:
        assert (got_first, got_last) == (first, " ".join(last_words))
