"""Thai word segmentation: where a line of Thai text may break.

Thai is written without spaces between words. `segment` cuts text into words with pythainlp's
newmm over its word list and every reference place name, then repairs what newmm gets wrong for
line breaking and glues back what must stay on one line:

- newmm picks the fewest words, and among equally few takes the first it finds: ในพื้น|ที่เกิด
  where พื้นที่|เกิด is meant. Two neighbouring words are re-cut where the Thai National Corpus
  says the other cut is far more likely (`_rebalance`).
- A word newmm does not know (วิดิทัศน์, a misspelling) comes out as syllables วิ|ดิ|ทัศน์; a
  syllable that cannot end a word (a consonant with ิ or ึ and no final) keeps to the next one.
- Dates (๔ ธันวาคม ๒๕๖๓), phone numbers (๐ ๕๓๑๑ ๒๗๐๓, ๐๘๑-๒๓๔-๕๖๗๘), government reference
  numbers (มท ๐๓๑๘.๑/ว ๑๒๓), abbreviations with what they abbreviate (พ.ศ. ๒๕๖๒, ต.วังบัว),
  numbers with their units, punctuation, ๆ and ฯ, and a title with the name after it (newmm cuts
  personal names such as กาญจนะจิตรา) are single segments, even across their spaces.

`compound_parts` and `clusters` give the finer break points of a word too long for a line.
documents/ fills lines from these pieces.
"""

import csv
import math
import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from moi_desktop.paths import resource_path
from moi_desktop.thai.dates import THAI_MONTHS
from moi_desktop.thai.names import TITLES
from moi_desktop.thai.text import printable

if TYPE_CHECKING:
    from pythainlp.util import Trie

# Regex character ranges: Thai letters and vowel/tone marks; Arabic and Thai digits.
THAI_LETTER = "\u0e01-\u0e4e"
_DIGIT = "0-9\u0e50-\u0e59"
_MONTH = "|".join(THAI_MONTHS)
_TOKEN_RE = re.compile(
    "|".join(
        [
            # a date: ๔ ธันวาคม ๒๕๖๓, ธันวาคม พ.ศ. ๒๕๖๓, ๔ ธันวาคม (a bare month name is a word)
            rf"(?P<date>(?<![{_DIGIT}])(?:[{_DIGIT}]{{1,2}} (?:{_MONTH})(?: (?:พ\.ศ\. ?)?[{_DIGIT}]{{4}})?"
            rf"|(?:{_MONTH}) (?:พ\.ศ\. ?)?[{_DIGIT}]{{4}})(?![{_DIGIT}{THAI_LETTER}]))",
            # a phone number: 0 and 8-9 more digits, spaced or dashed as people write them
            # (๐ ๕๓๑๑ ๒๗๐๓, ๐๘๑-๒๓๔-๕๖๗๘, ๐ ๕๓๑๑ / ๒๗๐๓), with an extension (ต่อ ๑๒๓)
            rf"(?P<phone>(?<![{_DIGIT}])[0\u0e50](?: ?[-/]? ?[{_DIGIT}]){{8,9}}(?![{_DIGIT}])"
            rf"(?: ?ต่อ ?[{_DIGIT}]{{1,5}}(?![{_DIGIT}]))?)",
            r"(?P<space>\s+)",
            r"(?P<etc>ฯลฯ)",
            # abbreviations: พ.ศ. ม.ค. โทร. น. (not the tail of a longer word)
            rf"(?P<abbr>(?<![{THAI_LETTER}])(?:[{THAI_LETTER}]{{1,4}}\.)+)",
            rf"(?P<number>[{_DIGIT}]+(?:[.,:/\-][{_DIGIT}]+)*%?)",
            r"(?P<latin>[A-Za-z](?:[A-Za-z0-9._@\-/:]*[A-Za-z0-9])?)",
            rf"(?P<thai>[{THAI_LETTER}]+)",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)
# A ministry/province prefix (มท, ลพ, ศธ: two or three consonants) and an office code that starts
# with 0 (๐๓๑๘.๑): "ที่" numbers of official letters, never broken between the two.
_GOV_PREFIX = re.compile("^[\u0e01-\u0e2e]{2,3}$")
_GOV_CODE = re.compile(f"^[0\u0e50][{_DIGIT}]{{3}}")
_CLOSING = set(")]}”’,;:!?%…»") | {"ฯ"}
_OPENING = set("([{“‘«")

_PLACE_FILES = ("provinces.csv", "districts.csv", "subdistricts.csv")
_THAI_WORD = re.compile(f"^[{THAI_LETTER}]+$")
# RLock: building the trie reads the word list, which takes the lock too. Worker threads and the
# GUI thread may segment at the same time; each structure is built once per process.
_dictionary_lock = threading.RLock()
_words: frozenset[str] | None = None
_words_trie: "Trie | None" = None


def _place_names() -> set[str]:
    """Every province, district and subdistrict name of the reference data (คลองขลุง, ศรีบรรพต):
    newmm cuts names it does not know into syllables (คลอง|ข|ลุง)."""
    names: set[str] = set()
    for file in _PLACE_FILES:
        with resource_path("reference", file).open(encoding="utf-8", newline="") as handle:
            names.update(row["name_th"].strip() for row in csv.DictReader(handle))
    # names with "-" or "." (สุไหงโก-ลก, จ.ป.ร.) never reach newmm, which sees only Thai-letter runs
    return {name for name in names if _THAI_WORD.match(name)}


def _office_words() -> set[str]:
    """Words of the Ministry's own documents that pythainlp's list lacks (building and room names,
    programme names): resources/reference/office_words.txt, one a line, # comments."""
    path = resource_path("reference", "office_words.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _dictionary() -> frozenset[str]:
    """The words of segmentation and compound splitting: pythainlp's word list ∪ place names ∪
    the Ministry's own words."""
    global _words
    if _words is None:
        with _dictionary_lock:
            if _words is None:
                from pythainlp.corpus import thai_words

                _words = frozenset(thai_words()) | _place_names() | _office_words()
    return _words


def _trie() -> "Trie":
    global _words_trie
    if _words_trie is None:
        with _dictionary_lock:
            if _words_trie is None:
                from pythainlp.util import dict_trie  # deferred: building takes ~0.6 s, once

                _words_trie = dict_trie(_dictionary())
    return _words_trie


def _newmm(run: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(run, custom_dict=_trie(), engine="newmm", keep_whitespace=False)


def _raw_tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup or "other"  # every alternative is a named group
        value = match.group()
        if kind == "thai":
            tokens += [("thai", part) for part in _repair(_newmm(value))]
        elif kind == "etc":
            tokens.append(("thai", value))
        elif kind in ("date", "phone"):
            tokens.append(("number", value))
        else:
            tokens.append((kind, value))
    return tokens


# -- repairing newmm's cuts -----------------------------------------------------------------------
_frequency_lock = threading.Lock()
_frequencies: dict[str, int] | None = None
PLACE_FREQUENCY = 1000  # a place name is a word as sure as a common one, though the corpus lacks it
# A syllable that cannot end a word: one consonant with sara i or sara ue and no final consonant
# (วิ, ดิ in the unknown วิดิทัศน์). Whole words such as สติ and มติ are dictionary words.
_OPEN_SYLLABLE = re.compile("^[\u0e01-\u0e2e][\u0e34\u0e36][\u0e48-\u0e4b]?$")


def _word_frequencies() -> dict[str, int]:
    """Word counts of the Thai National Corpus (pythainlp's tnc_freq.txt, read once), with every
    place name of the reference data counted as a common word."""
    global _frequencies
    if _frequencies is None:
        with _frequency_lock:
            if _frequencies is None:
                from pythainlp.corpus.tnc import unigram_word_freqs

                counts = dict(unigram_word_freqs())
                for name in _place_names():
                    counts[name] = max(counts.get(name, 0), PLACE_FREQUENCY)
                _frequencies = counts
    return _frequencies


def _score(words: tuple[str, ...], counts: dict[str, int]) -> float:
    return sum(math.log(counts.get(w, 0) + 1) for w in words)


def _rebalance(words: list[str]) -> list[str]:
    """Re-cut each pair of neighbouring words where both other pieces are dictionary words and
    the corpus finds them far likelier (ในพื้น|ที่เกิด → ในพื้นที่|เกิด, โครง|การบริหาร →
    โครงการ|บริหาร). The count of words stays: newmm's fewest-words choice is kept."""
    if len(words) < 2:
        return words
    dictionary = _dictionary()
    counts = _word_frequencies()
    out = list(words)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        joined = a + b
        best, best_score = (a, b), _score((a, b), counts) + 1.0  # a new cut must win clearly
        pos = 0
        for cluster in clusters(joined)[:-1]:
            pos += len(cluster)
            if pos == len(a):
                continue
            left, right = joined[:pos], joined[pos:]
            if left in dictionary and right in dictionary:
                score = _score((left, right), counts)
                if score > best_score:
                    best, best_score = (left, right), score
        out[i], out[i + 1] = best
    return out


def _ends_open(word: str, dictionary: frozenset[str]) -> bool:
    """Whether `word` ends in a syllable that cannot end a word and is not itself a longer word."""
    if _OPEN_SYLLABLE.match(word):
        return True
    return word not in dictionary and bool(_OPEN_SYLLABLE.match(clusters(word)[-1]))


# A piece newmm cut from a word it does not know (สรณ์ of ดำรงราชานุสรณ์, a misspelling's tail):
# not a dictionary word, and with a vowel or mark (a run of bare consonants is an acronym: จปฐ).
_VOWEL_OR_MARK = re.compile("[\u0e30-\u0e4e]")


def _is_fragment(word: str, dictionary: frozenset[str]) -> bool:
    return len(word) > 1 and word not in dictionary and bool(_VOWEL_OR_MARK.search(word))


def _repair(words: list[str]) -> list[str]:
    """newmm's words with likelier cuts; open syllables joined to the word after them, and the
    pieces of a word newmm does not know kept to the word before (or after) them."""
    words = _rebalance(words)
    dictionary = _dictionary()
    out: list[str] = []
    join_next = False
    for word in words:
        if out and (join_next or _ends_open(out[-1], dictionary) or _is_fragment(word, dictionary)):
            out[-1] += word
        else:
            out.append(word)
        join_next = len(out) == 1 and out[0] == word and _is_fragment(word, dictionary)
    return out


# Ranks written before names in official text, beyond the civil titles of moi_desktop.thai.
_RANKS = {
    "พลเอก", "พลโท", "พลตรี", "พันเอก", "พันโท", "พันตรี", "พลตำรวจเอก", "พลตำรวจโท", "พลตำรวจตรี",
    "พันตำรวจเอก", "พันตำรวจโท", "พันตำรวจตรี", "พลเรือเอก", "พลอากาศเอก", "ศาสตราจารย์",
    "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์", "ดร.",
}


def _is_title(value: str) -> bool:
    return value in TITLES or value in _RANKS


def _glue_names(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Title + first name, and a short surname after it, break only at spaces (newmm cuts names
    such as กาญจนะจิตรา)."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(tokens)

    def run_until_space(start: int) -> int:
        end = start
        while end < n and tokens[end][0] != "space":
            end += 1
        return end

    def take_name(first: str, end: int) -> int:
        """Keep `first` (a title and first name, or a first name) whole, and a short surname after
        one space with it; returns where the tokens go on."""
        out.append(("thai", first))
        if end + 1 < n and tokens[end][1] == " " and tokens[end + 1][0] == "thai":
            last_end = run_until_space(end + 1)
            last = "".join(v for _, v in tokens[end + 1:last_end])
            if len(last) <= 20 and all(k in ("thai", "other") for k, _ in tokens[end + 1:last_end]):
                out.extend([tokens[end], ("thai", last)])
                return last_end
        return end

    while i < n:
        kind, value = tokens[i]
        if kind in ("thai", "abbr") and _is_title(value):
            if i + 2 < n and tokens[i + 1][1] == " " and tokens[i + 2][0] == "thai":
                out += [(kind, value), tokens[i + 1]]  # "พลเอก ประวิตร": the name follows a space
                i += 2
                tokens[i] = ("thai", tokens[i][1])
                end = run_until_space(i)
                first = "".join(v for _, v in tokens[i:end])
                if len(first) <= 30:
                    i = take_name(first, end)
                continue
            end = run_until_space(i)
            first = "".join(v for _, v in tokens[i:end])
            if end > i + 1 and len(first) <= 30:
                i = take_name(first, end)
                continue
        out.append((kind, value))
        i += 1
    return out


def _slash_breaks(tokens: list[tuple[str, str]], i: int) -> bool:
    """Whether a line may break after the "/" at tokens[i]: between two Thai words (ชำรุด/ทรุดโทรม,
    และ/หรือ), not in numbers, dates, references (๐๓๑๘.๑/ว ๑๒๓) or abbreviations (ส.ค./ก.ย.).
    One-letter sides (ก/ข, …/ว) stay glued: they are list marks and reference parts, not words."""
    return (
        0 < i < len(tokens) - 1
        and tokens[i - 1][0] == "thai" and len(tokens[i - 1][1]) > 1
        and tokens[i + 1][0] == "thai" and len(tokens[i + 1][1]) > 1
    )


def _glue(tokens: list[tuple[str, str]]) -> list[str]:
    out: list[list[str]] = []  # [kind, text]
    glue_next = False
    for i, (kind, value) in enumerate(tokens):
        prev = out[-1] if out else None
        if glue_next and prev is not None and kind != "space":
            prev[1] += value
            prev[0] = kind
            glue_next = value in _OPENING or value == "/"
            continue
        glue_next = False
        if prev is None:
            out.append([kind, value])
            glue_next = value in _OPENING
            continue
        if value == "ๆ" or (kind == "other" and value in _CLOSING) or value == "ฯ":
            # ๆ may follow a space ("ต่าง ๆ"): keep it on the word's line
            if prev[0] == "space" and value == "ๆ" and len(out) >= 2:
                out.pop()
                out[-1][1] += prev[1] + value
            elif prev[0] != "space":
                prev[1] += value
            else:
                out.append([kind, value])
            continue
        if value in _OPENING or value == '"' or value == "/":
            if value == "/" and prev[0] != "space":
                prev[1] += value  # "/" stays with the word before it
                glue_next = not _slash_breaks(tokens, i)
            else:
                out.append([kind, value])
                glue_next = True
            continue
        if prev[0] == "abbr" and kind in ("thai", "number"):
            # an abbreviation written flush against what it abbreviates: ต.วังบัว, ม.๓, โทร.๐๘๑…
            prev[1] += value
            prev[0] = kind
            continue
        if kind in ("number", "abbr") and len(out) >= 2 and prev[0] == "space" and prev[1] == " ":
            before = out[-2]
            # พ.ศ. ๒๕๖๒ / โทร. ๐๘๑… / ๑๔.๓๐ น. / ๓๐ ส.ค. ๖๕ stay on one line
            unit = kind == "abbr" and (value == "น." or value.count(".") >= 2)  # น., ส.ค. but not โทร.
            # government reference numbers: มท ๐๒๑๑.๒/๑๖๗๐๓, and the circular mark in …/ว ๑๒๓
            ref = kind == "number" and (
                (before[0] == "thai" and _GOV_PREFIX.match(before[1]) and _GOV_CODE.match(value))
                or before[1].endswith("/ว")
            )
            if (before[0] == "abbr" and kind == "number") or (before[0] == "number" and unit) or ref:
                out.pop()
                before[1] += " " + value
                before[0] = kind
                continue
        out.append([kind, value])
    return [text for _, text in out]


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[str, ...]:
    return tuple(_glue(_glue_names(_raw_tokens(text))))


def segment(text: str) -> list[str]:
    """Break opportunities: words, glued abbreviations/numbers/punctuation, and whitespace runs.

    "".join(segment(t)) == printable(t).
    """
    return list(_segment(printable(text)))


def name_segments(text: str) -> list[str]:
    """Personal names break only at spaces."""
    return [part for part in re.split(r"(\s+)", printable(text)) if part]


def clusters(token: str) -> list[str]:
    """Thai character clusters (a consonant with its marks is never split)."""
    from pythainlp.tokenize import subword_tokenize

    return [part for part in subword_tokenize(token, engine="tcc") if part]


@lru_cache(maxsize=4096)
def compound_parts(token: str) -> tuple[str, ...]:
    """The fewest dictionary words (at least two) covering `token`, cut only between character
    clusters (รองประธานกรรมการ → รอง|ประธานกรรมการ), or (token,) when none do. These are the pieces
    the line filler breaks an over-long segment into first; finer pieces such as มหา|วิ|ทยา|ลัย
    would cut real words."""
    words = _dictionary()
    cuts = clusters(token)
    ends = [0]
    for c in cuts:
        ends.append(ends[-1] + len(c))
    best: dict[int, tuple[str, ...]] = {0: ()}
    for i in ends:
        if i not in best:
            continue
        for j in ends:
            if j > i and (i, j) != (0, len(token)) and token[i:j] in words:
                candidate = best[i] + (token[i:j],)
                if j not in best or len(candidate) < len(best[j]):
                    best[j] = candidate
    return best.get(len(token), (token,))


def subwords(token: str) -> list[str]:
    """All dictionary-word break points inside a compound segment, finest first
    (รองประธานกรรมการ → รอง, ประธาน, …), or the segment itself."""
    parts = compound_parts(token)
    if len(parts) == 1:
        return [token]
    return [w for part in parts for w in subwords(part)]
