"""Finding the same person twice.

Rules (never merged silently — duplicates are reported, similar names are flagged for review):
- the same national ID → duplicate;
- the same normalised name and the same phone (both blank counts as the same) → duplicate, unless
  both records carry different national IDs;
- near-identical names (same name with another phone, or a one-or-two-letter spelling difference,
  silent letters and tone marks ignored, within a shared first name, last name or consonant
  skeleton) → "similar", for a person to review.

`DuplicateIndex` holds the keys in memory so that an import of thousands of rows checks each row
against the database and the rows before it without a query per row.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from moi_desktop.db import Database
from moi_desktop.members.keys import loose_key, name_key, skeleton_of_loose
from moi_desktop.members.model import display_name
from moi_desktop.progress import Cancelled, Progress

DUPLICATE_ID = "national_id"
DUPLICATE_NAME_PHONE = "name_phone"
SIMILAR_NAME = "similar_name"

# Edits allowed between two loose name keys for them to count as near-identical.
def max_edits(key: str) -> int:
    return 1 if len(key) < 10 else 2


@dataclass(frozen=True)
class Match:
    kind: str  # national_id, name_phone or similar_name
    ref: object  # a member id (str) or, inside an import, an Excel row number (int)
    name: str


@dataclass(frozen=True)
class NameKeys:
    """The keys one name is compared by (compute once per record: an import checks each row thrice)."""

    key: str
    loose: str
    blocks: tuple[str, ...]


def name_keys(first: str | None, last: str | None, key: str | None = None) -> NameKeys:
    key = key if key is not None else name_key(first or "", last or "")
    loose = loose_key(key)
    return NameKeys(key, loose, tuple(_blocks(first, last, loose)))


@dataclass(slots=True)
class _Entry:
    ref: object
    key: str
    phone: str
    national_id: str
    title: str | None
    first: str | None
    last: str | None

    @property
    def name(self) -> str:
        # Built only for the few entries a match names, not for each of thousands added.
        return display_name({"title": self.title, "first_name": self.first, "last_name": self.last})


class DuplicateIndex:
    def __init__(self) -> None:
        self._by_id: dict[str, _Entry] = {}
        self._by_key: dict[str, list[_Entry]] = defaultdict(list)
        self._blocks: dict[str, list[_Entry]] = defaultdict(list)
        self._block_keys: dict[str, list[str]] = defaultdict(list)

    @classmethod
    def from_db(cls, db: Database, *, exclude_ids: tuple[str, ...] = ()) -> "DuplicateIndex":
        """Every live member, plus merged tombstones standing for their survivor (so a file that
        still spells the merged-away variant does not bring it back)."""
        index = cls()
        rows = db.execute(
            "SELECT coalesce(merged_into, id), title, first_name, last_name, phone, national_id, id FROM members "
            "WHERE erased_at IS NULL AND (deleted_at IS NULL OR merged_into IS NOT NULL)"
        )
        excluded = set(exclude_ids)
        for ref, title, first, last, phone, nid, own_id in rows:
            if own_id in excluded or ref in excluded:
                continue
            index.add(ref, first, last, phone, nid, title=title)
        return index

    def add(self, ref: object, first: str | None, last: str | None, phone: str | None, national_id: str | None, *,
            title: str | None = None, keys: NameKeys | None = None) -> None:
        keys = keys or name_keys(first, last)
        entry = _Entry(ref, keys.key, phone or "", national_id or "", title, first, last)
        if entry.national_id:
            self._by_id.setdefault(entry.national_id, entry)
        if keys.key:
            self._by_key[keys.key].append(entry)
            for block in keys.blocks:
                self._blocks[block].append(entry)
                self._block_keys[block].append(keys.loose)

    def exact(self, first: str | None, last: str | None, phone: str | None, national_id: str | None, *,
              keys: NameKeys | None = None) -> Match | None:
        """The duplicate this record is (same ID, or same name and phone), or None."""
        national_id = national_id or ""
        if national_id and national_id in self._by_id:
            entry = self._by_id[national_id]
            return Match(DUPLICATE_ID, entry.ref, entry.name)
        key = keys.key if keys else name_key(first or "", last or "")
        for entry in self._by_key.get(key, ()):
            if entry.phone == (phone or "") and not (national_id and entry.national_id):
                return Match(DUPLICATE_NAME_PHONE, entry.ref, entry.name)
        return None

    def similar(self, first: str | None, last: str | None, phone: str | None = None, national_id: str | None = None,
                *, limit: int = 3,
                keys: NameKeys | None = None) -> list[Match]:
        """Records whose name is the same or nearly the same (for review, not duplicates)."""
        keys = keys or name_keys(first, last)
        key = keys.key
        if not key:
            return []
        national_id = national_id or ""
        found: dict[object, Match] = {}

        def consider(entry: _Entry) -> None:
            # Two different valid national IDs prove two different people.
            if national_id and entry.national_id and entry.national_id != national_id:
                return
            found.setdefault(entry.ref, Match(SIMILAR_NAME, entry.ref, entry.name))

        for entry in self._by_key.get(key, ()):
            consider(entry)
        loose = keys.loose
        for block in keys.blocks:
            candidates = self._block_keys.get(block)
            if not candidates:
                continue
            hits = process.extract(
                loose, candidates, scorer=Levenshtein.distance, score_cutoff=max_edits(loose), limit=limit + 5
            )
            for _, _, position in hits:
                consider(self._blocks[block][position])
            if len(found) >= limit:
                break
        return list(found.values())[:limit]


@lru_cache(maxsize=16384)  # first and last names repeat far more than whole names
def _part_key(part: str) -> str:
    return loose_key(name_key(part, ""))


def _blocks(first: str | None, last: str | None, loose: str) -> list[str]:
    """Candidate groups: the same consonant skeleton; the same first name and initial of the last
    name (a typo in the last name); the same last name and initial of the first (a typo there).
    The initials keep common first names (สมชาย …) from making huge groups."""
    first_key = _part_key(first or "")
    last_key = _part_key(last or "")
    blocks = [f"s:{skeleton_of_loose(loose)}"]
    if first_key:
        blocks.append(f"f:{first_key}|{last_key[:1]}")
    if last_key:
        blocks.append(f"l:{last_key}|{first_key[:1]}")
    return blocks


_CANDIDATE = "SELECT coalesce(merged_into, id), title, first_name, last_name, phone, national_id, id FROM members "
_LIVE = "deleted_at IS NULL AND merged_into IS NULL"


def _candidates_sql(where: list[str], params: list[str]) -> tuple[str, list[str]]:
    """The rows sharing a name part, name key or ID with a record, among what DuplicateIndex.from_db
    reads (live members and merged tombstones): the live ones, each alternative carrying the live
    condition so the live-only first and last name indexes (m018) can answer it, then the
    tombstones, found through idx_members_merged_into (merges are few). `where` holds fixed
    conditions only; every value is a bound parameter."""
    live = " OR ".join(f"({w} AND {_LIVE})" for w in where)
    sql = (f"{_CANDIDATE} WHERE ({live}) AND erased_at IS NULL "  # noqa: S608 - fixed text
           f"UNION ALL {_CANDIDATE} WHERE ({' OR '.join(where)}) AND merged_into IS NOT NULL AND erased_at IS NULL "
           "LIMIT 2000")
    return sql, [*params, *params]


def find_duplicates(db: Database, data: dict[str, Any], *, exclude_id: str | None = None) -> list[Match]:
    """Exact duplicates first, then similar names, of one (cleaned) record against the database.

    Uses indexed queries only: fit for checking as the user types."""
    first, last = data.get("first_name") or "", data.get("last_name") or ""
    key = name_key(first, last)
    nid = data.get("national_id") or ""
    params: list[str] = [key]
    where = ["name_key = ?"]
    if nid:
        where.append("national_id = ?")
        params.append(nid)
    if first:
        where.append("first_name = ?")
        params.append(first)
    if last:
        where.append("last_name = ?")
        params.append(last)
    rows = db.execute(*_candidates_sql(where, params)).fetchall()
    index = DuplicateIndex()
    for ref, title, row_first, row_last, phone, row_nid, own_id in rows:
        if exclude_id in (own_id, ref):
            continue
        index.add(ref, row_first, row_last, phone, row_nid, title=title)
    matches: list[Match] = []
    exact = index.exact(first, last, data.get("phone"), nid)
    if exact:
        matches.append(exact)
    matches += [m for m in index.similar(first, last, national_id=nid) if not exact or m.ref != exact.ref]
    return matches


def possible_duplicates(db: Database, *, progress: Progress | None = None, cancelled: Cancelled | None = None,
                        limit: int = 1000) -> list[tuple[Match, str]]:
    """Pairs among live members to review on the merge screen: (match naming the earlier record,
    the later record's id). Exact duplicates and similar names both appear; oldest first."""
    rows = db.execute(
        "SELECT id, title, first_name, last_name, phone, national_id FROM members "
        "WHERE deleted_at IS NULL AND merged_into IS NULL ORDER BY id"
    ).fetchall()
    index = DuplicateIndex()
    pairs: list[tuple[Match, str]] = []
    total = len(rows)
    for n, (member_id, title, first, last, phone, nid) in enumerate(rows, start=1):
        if cancelled and cancelled():
            break
        exact = index.exact(first, last, phone, nid)
        if exact:
            pairs.append((exact, member_id))
        for match in index.similar(first, last, national_id=nid, limit=2):
            if not exact or match.ref != exact.ref:
                pairs.append((match, member_id))
        index.add(member_id, first, last, phone, nid, title=title)
        if progress and n % 2000 == 0:
            progress(n, total, "กำลังตรวจรายชื่อซ้ำ")
        if len(pairs) >= limit:
            break
    return pairs
