"""The partner network registry: members, team roles, merge history and the Thai search index.

Search uses an FTS5 trigram index (the default tokenizer is useless for Thai). The index is kept in
sync by triggers through a small local map table (member id -> FTS rowid) rather than the members
table's implicit rowid, which VACUUM or INSERT OR REPLACE may change. Soft-deleted and merged rows
are dropped from the index by the same triggers, so a search never finds a tombstone.
"""

from moi_desktop.db.rows import create_sync_table
from moi_desktop.db.types import Database

TEAM_ROLES = [
    ("leader10", "ทีมผู้นำนักขับเคลื่อน ๑๐ คน"),
    ("change_agent100", "ทีมนักขับเคลื่อน ๑๐๐ คน"),
    ("village_committee", "คณะกรรมการหมู่บ้าน"),
    ("forum", "ผู้เข้าร่วมเวทีประชาคม"),
    ("other", "อื่น ๆ"),
]

# What a search matches: names, phone, organisation and position. ({r} is the row alias.)
# moi_desktop.members.search.bulk_indexing builds the same text for bulk imports.
SEARCH_BODY = (
    "coalesce({r}.title, '') || coalesce({r}.first_name, '') || ' ' || coalesce({r}.last_name, '') || ' ' || "
    "coalesce({r}.phone, '') || ' ' || coalesce({r}.organisation, '') || ' ' || coalesce({r}.position, '')"
)
SEARCH_LIVE = "{r}.deleted_at IS NULL AND {r}.merged_into IS NULL"


def _index_sql(r: str) -> str:
    live = SEARCH_LIVE.format(r=r)
    return (
        f"INSERT INTO members_fts_map(member_id) SELECT {r}.id WHERE {live};\n"  # noqa: S608 - r is "new"/"old"
        f"INSERT INTO members_fts(rowid, body) SELECT fts_rowid, {SEARCH_BODY.format(r=r)} "
        f"FROM members_fts_map WHERE member_id = {r}.id AND {live};\n"
    )


def _unindex_sql(r: str) -> str:
    return (
        # "rowid = (scalar)": FTS5 answers it by lookup; "rowid IN (subquery)" scans the whole index.
        f"DELETE FROM members_fts WHERE rowid = (SELECT fts_rowid FROM members_fts_map WHERE member_id = {r}.id);\n"  # noqa: S608 - r is "new"/"old"
        f"DELETE FROM members_fts_map WHERE member_id = {r}.id;\n"
    )


def up(db: Database) -> None:
    db.table("team_roles").create({"code": str, "name_th": str, "sort": int}, pk="code", not_null={"name_th"})
    db.table("team_roles").insert_all(
        [{"code": c, "name_th": n, "sort": i} for i, (c, n) in enumerate(TEAM_ROLES, 1)]
    )

    create_sync_table(
        db,
        "members",
        {
            "title": str,
            "first_name": str,
            "last_name": str,
            "national_id": str,  # 13 digits, or NULL
            "phone": str,  # digits only
            "email": str,
            "line_id": str,
            "organisation": str,
            "position": str,
            "sector": str,  # sectors.code; never religion: the partner sector someone represents
            "sector_other": str,  # the text as written when sector is "other" (e.g. ภาคการศึกษา)
            "team_role": str,
            "house_no": str,
            "moo": str,  # หมู่ที่
            "subdistrict_code": str,
            "address_extra": str,  # soi/road, or an address the reference data could not resolve
            "photo_hash": str,  # sha256 of a file under <data dir>/photos/
            "notes": str,
            "active": int,
            "inactive_since": str,  # ISO date the active flag was cleared (retention)
            "lawful_basis": str,  # PDPA: public_task or consent
            "consent_date": str,
            "consent_scope": str,
            "merged_into": str,  # set on the tombstone of a merged duplicate
            "erased_at": str,  # PDPA erasure: personal fields cleared
            "name_key": str,  # normalised first+last name, for duplicate detection
            "name_sort": str,  # Thai dictionary-order key (leading vowels swapped)
        },
        not_null={"first_name", "sector", "active"},
        defaults={"active": 1, "sector": "other"},
        foreign_keys=[
            ("sector", "sectors", "code"),
            ("team_role", "team_roles", "code"),
            ("subdistrict_code", "subdistricts", "subdistrict_code"),
            ("merged_into", "members", "id"),
        ],
    )
    # The list's default order, over live rows only: counting and paging the whole list read
    # this small index instead of the table.
    db.execute(
        "CREATE INDEX idx_members_live_sort ON members(name_sort) WHERE deleted_at IS NULL AND merged_into IS NULL"
    )
    for cols in (
        ["national_id"],
        ["phone"],
        ["name_key"],
        ["first_name"],
        ["last_name"],
        ["sector", "name_sort"],
        ["team_role", "name_sort"],
        ["subdistrict_code"],
    ):
        db.table("members").create_index(cols)
    # Partial: "merged_into IS NULL" (every listing) must never pick this index over better ones.
    db.execute("CREATE INDEX idx_members_merged_into ON members(merged_into) WHERE merged_into IS NOT NULL")

    # History of merges: both records as they were, so a merge can be reviewed (and erased for PDPA).
    create_sync_table(
        db,
        "member_merges",
        {
            "survivor_id": str,
            "merged_id": str,
            "survivor_before": str,  # JSON
            "merged_snapshot": str,  # JSON
            "repointed": str,  # JSON {table: rows moved to the survivor}
        },
        not_null={"survivor_id", "merged_id"},
        foreign_keys=[("survivor_id", "members", "id"), ("merged_id", "members", "id")],
    )
    db.table("member_merges").create_index(["survivor_id"])
    db.table("member_merges").create_index(["merged_id"])

    db.execute("CREATE VIRTUAL TABLE members_fts USING fts5(body, tokenize='trigram')")
    db.execute("CREATE TABLE members_fts_map (fts_rowid INTEGER PRIMARY KEY, member_id TEXT NOT NULL UNIQUE)")
    columns = "title, first_name, last_name, phone, organisation, position, deleted_at, merged_into"
    # One statement per execute(): executescript() may COMMIT and break the migration's transaction.
    db.execute(
        f"CREATE TRIGGER members_fts_ai AFTER INSERT ON members BEGIN\n{_unindex_sql('new')}{_index_sql('new')}END"
    )
    db.execute(
        f"CREATE TRIGGER members_fts_au AFTER UPDATE OF {columns} ON members BEGIN\n"
        f"{_unindex_sql('old')}{_index_sql('new')}END"
    )
    db.execute(f"CREATE TRIGGER members_fts_ad AFTER DELETE ON members BEGIN\n{_unindex_sql('old')}END")
