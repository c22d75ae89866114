"""Fuzzy lookup of districts and provinces by (possibly misspelt or OCR-garbled) Thai names.

Each name is compared at three levels (see names.py) with rapidfuzz's ratio; a candidate's score
is the best of the exact-form score and the looser forms' scores discounted a little, so a clean
match always outranks a merely similar one. When a province is named (itself matched fuzzily),
districts outside it are discounted heavily: the printed province is stronger evidence than a
garbled district name that happens to spell a real district elsewhere (แม่เมาะ, เชียงใหม่).
"""

import bisect
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from moi_desktop.db import Database
from moi_desktop.errors import UserError
from moi_desktop.reference import names

SKELETON_WEIGHT = 0.97
CONSONANT_WEIGHT = 0.90
OTHER_PROVINCE_WEIGHT = 0.60
MIN_SCORE = 40.0  # below this a candidate is noise, not a suggestion
# With a province named, its districts stay on offer down to this score: the user is choosing
# among that province's districts, and a garbled name may share little with the right one.
IN_PROVINCE_MIN_SCORE = 25.0
PROVINCE_ACCEPT = 60.0  # a province hint must match at least this well to be used

CONSONANT_MIN_LEN = 4  # shorter consonant skeletons collide by chance (เมือง ~ น้ำพอง)
PREFIX_BASE = 60.0  # a typed beginning of a name ("เชียง", "อุบล") scores at least this, more if longer

# Everyday names that the official list does not contain.
PROVINCE_ALIASES = {"10": ("กรุงเทพ", "กทม"), "14": ("อยุธยา",), "30": ("โคราช",)}


@dataclass(frozen=True)
class DistrictCandidate:
    code: str
    name: str
    province: str
    province_code: str
    score: float  # 0–100

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "province": self.province,
            "province_code": self.province_code,
            "score": self.score,
        }


@dataclass(frozen=True)
class ProvinceCandidate:
    code: str
    name: str
    name_en: str
    score: float

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "name_en": self.name_en, "score": self.score}


@dataclass(frozen=True)
class _Forms:
    clean: str
    skeleton: str
    consonants: str

    @classmethod
    def of(cls, cleaned: str) -> "_Forms":
        skel = names.skeleton(cleaned)
        return cls(cleaned, skel, names.consonants(skel))


class _FormTable:
    """Spellings of places (several per place allowed), scored against a query at once.

    rapidfuzz's process.extract runs each comparison loop in C and, given a floor, skips the
    choices that cannot reach it, so only plausible candidates ever reach Python.
    """

    def __init__(self, spellings: list[tuple[int, str]]):
        self.owners = [owner for owner, _ in spellings]
        forms = [_Forms.of(text) for _, text in spellings]
        self.clean = [f.clean for f in forms]
        self.skeleton = [f.skeleton for f in forms]
        # Too-short consonant skeletons collide by chance: leave them out of that level.
        self.consonants = [f.consonants if len(f.consonants) >= CONSONANT_MIN_LEN else None for f in forms]
        self.by_clean = sorted((c, i) for i, c in enumerate(self.clean))

    def scores(self, query: _Forms, floor: float) -> dict[int, float]:
        """Best score per owner, for owners scoring at least `floor`."""
        best: dict[int, float] = {}

        def offer(i: int, score: float) -> None:
            owner = self.owners[i]
            if score >= floor and score > best.get(owner, -1.0):
                best[owner] = score

        # A clean match always outranks a merely similar one: the looser levels are discounted.
        levels: list[tuple[str, Sequence[str | None], float]] = [
            (query.clean, self.clean, 1.0),
            (query.skeleton, self.skeleton, SKELETON_WEIGHT),
        ]
        if len(query.consonants) >= CONSONANT_MIN_LEN:
            levels.append((query.consonants, self.consonants, CONSONANT_WEIGHT))
        # Loaded at the first lookup, not when the reference package is imported (the home page
        # imports it at every start: issue 18).
        from rapidfuzz import fuzz, process

        for text, choices, weight in levels:
            cutoff = min(100.0, floor / weight)
            for _, score, i in process.extract(text, choices, scorer=fuzz.ratio, limit=None, score_cutoff=cutoff):
                offer(i, weight * score)
        # A typed beginning of a name ("เชียง", "อุบล") is a good candidate even when short.
        q = query.clean
        if len(q) >= 2:
            for clean, i in self.by_clean[bisect.bisect_left(self.by_clean, (q,)) :]:
                if not clean.startswith(q):
                    break
                if clean != q:
                    offer(i, PREFIX_BASE + (100 - PREFIX_BASE) * len(q) / len(clean) - 1)
        return best


@dataclass(frozen=True)
class _Place:
    code: str
    name: str
    name_en: str
    province_code: str
    province: str


class _Index:
    def __init__(self, db: Database):
        prov_rows = db.execute(
            "SELECT province_code, name_th, name_en, abbr_th, abbr_en FROM provinces ORDER BY province_code"
        ).fetchall()
        self.provinces = [_Place(code, th, en, code, th) for code, th, en, _, _ in prov_rows]
        thai: list[tuple[int, str]] = []
        latin: list[tuple[int, str]] = []
        for i, (code, name_th, name_en, abbr_th, abbr_en) in enumerate(prov_rows):
            thai += [(i, names.clean_province(s)) for s in (name_th, abbr_th, *PROVINCE_ALIASES.get(code, ())) if s]
            latin += [(i, names.clean_province(s)) for s in (name_en, abbr_en) if s]
        self.province_th = _FormTable(thai)
        self.province_en = _FormTable(latin)

        names_by_code = {p.code: p.name for p in self.provinces}
        dist_rows = db.execute(
            "SELECT district_code, province_code, name_th, name_en FROM districts ORDER BY district_code"
        ).fetchall()
        self.districts = [_Place(code, th, en or "", pc, names_by_code[pc]) for code, pc, th, en in dist_rows]
        self.district_th = _FormTable([(i, names.clean_district(r[2])) for i, r in enumerate(dist_rows)])
        self.district_en = _FormTable([(i, names.clean_district(r[3] or "")) for i, r in enumerate(dist_rows)])
        # Per-province tables: a hinted lookup scores that province's districts with a low floor.
        self.by_province: dict[tuple[str, bool], _FormTable] = {}
        for is_latin in (False, True):
            column = 3 if is_latin else 2
            groups: dict[str, list[tuple[int, str]]] = {}
            for i, r in enumerate(dist_rows):
                groups.setdefault(r[1], []).append((i, names.clean_district(r[column] or "")))
            for pcode, spellings in groups.items():
                self.by_province[(pcode, is_latin)] = _FormTable(spellings)


_index: _Index | None = None
_lock = threading.Lock()


def _get_index(db: Database) -> _Index:
    """Built once per process: reference tables are identical in every database."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _Index(db)
    return _index


def lookup_province(db: Database, name: str, limit: int = 3) -> list[ProvinceCandidate]:
    cleaned = names.clean_province(name)
    if not cleaned:
        raise UserError("กรุณาระบุชื่อจังหวัด", field="province")
    index = _get_index(db)
    table = index.province_th if names.has_thai(cleaned) else index.province_en
    scores = table.scores(_Forms.of(cleaned), MIN_SCORE)
    scored = [(score, index.provinces[i]) for i, score in scores.items()]
    scored.sort(key=lambda s: (-s[0], s[1].code))
    return [ProvinceCandidate(p.code, p.name, p.name_en, round(score, 1)) for score, p in scored[:limit]]


def resolve_province(db: Database, name: str) -> ProvinceCandidate:
    """The province a hint refers to, or a Thai error when nothing matches well enough."""
    found = lookup_province(db, name, limit=1)
    if not found or found[0].score < PROVINCE_ACCEPT:
        raise UserError(f"ไม่พบจังหวัดที่ชื่อใกล้เคียงกับ “{name.strip()}”", field="province")
    return found[0]


def _split_trailing_province(db: Database, text: str) -> tuple[str, str | None]:
    """"บางรัก กรุงเทพ" → ("บางรัก", "กรุงเทพ") when the last word is clearly a province name."""
    head, _, tail = names.tidy(text).rpartition(" ")
    if not head or not names.clean_province(tail):
        return text, None
    found = lookup_province(db, tail, limit=1)
    if found and found[0].score >= 90:
        return head, tail
    return text, None


def lookup_district(db: Database, name: str, province: str | None = None, limit: int = 5) -> list[DistrictCandidate]:
    """Districts (อำเภอ and Bangkok เขต) whose names best match `name`, best first.

    `name` may carry its province ("อ.เชียงของ จ.เชียงราย") when `province` is not given.
    An empty name or unknown province raises UserError; no plausible match returns [].
    """
    if province is None:
        name, province = names.split_district_province(name or "")
    if province is None:
        name, province = _split_trailing_province(db, name)
    cleaned = names.clean_district(name or "")
    if not cleaned:
        raise UserError("กรุณาระบุชื่ออำเภอ", field="name")
    index = _get_index(db)
    hint = resolve_province(db, province) if province and province.strip() else None
    if hint and cleaned == "เมือง" and hint.code != "10":
        cleaned = names.clean_district("เมือง" + hint.name)  # "อ.เมือง" means the capital district
    latin = not names.has_thai(cleaned)
    query = _Forms.of(cleaned)
    table = index.district_en if latin else index.district_th
    if hint is None:
        scores = table.scores(query, MIN_SCORE)
    else:
        # Elsewhere only names that stay plausible after the discount; in the province, more.
        elsewhere = table.scores(query, MIN_SCORE / OTHER_PROVINCE_WEIGHT)
        scores = {i: s * OTHER_PROVINCE_WEIGHT for i, s in elsewhere.items()}
        scores.update(index.by_province[(hint.code, latin)].scores(query, IN_PROVINCE_MIN_SCORE))
    scored = [(score, index.districts[i]) for i, score in scores.items()]
    scored.sort(key=lambda s: (-s[0], s[1].code))
    return [
        DistrictCandidate(p.code, p.name, p.province, p.province_code, round(score, 1)) for score, p in scored[:limit]
    ]
