"""Province mode: which district each row came from, each district's last bundle, report filters.

A row's district is found through its `origin` (the installation that last changed it):
exchange_peers maps the installation ids named by received bundles to their offices, and this
installation's own id maps to its own office. A row a province official edits takes the
province's origin and so counts for no district — the filter is "data as the districts sent it".

    where, params = district_filter_sql(db, "6205", alias="m")
    db.execute(f"SELECT count(*) FROM members m WHERE m.deleted_at IS NULL AND {where}", params)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from moi_desktop.db import Database
from moi_desktop.office import get_office

ALL_DISTRICTS_LABEL = "ทุกอำเภอ"


def district_filter_sql(db: Database, district_code: str | None, *, alias: str | None = None,
                        column: str = "origin") -> tuple[str, list]:
    """An SQL condition (and its parameters) keeping rows that came from `district_code`.

    None or "" keeps every row ("1 = 1"), so a report can always AND it in.
    """
    if not district_code:
        return "1 = 1", []
    col = f"{alias}.[{column}]" if alias else f"[{column}]"
    sql = (  # alias and column come from the calling code; the district code is bound
        f"{col} IN (SELECT installation_id FROM exchange_peers WHERE district_code = ? "  # noqa: S608
        "UNION SELECT m.value FROM meta m WHERE m.key = 'installation_id' AND EXISTS "
        "(SELECT 1 FROM office o WHERE o.deleted_at IS NULL AND o.level = 'district' AND o.district_code = ?))"
    )
    return sql, [district_code, district_code]


def known_districts(db: Database) -> list[tuple[str, str]]:
    """(district code, Thai name) of this office's own district and every district a bundle came from."""
    rows = db.execute(
        "SELECT d.district_code, d.name_th FROM districts d WHERE d.district_code IN ("
        " SELECT district_code FROM exchange_peers WHERE district_code IS NOT NULL"
        " UNION SELECT district_code FROM office WHERE deleted_at IS NULL AND level = 'district'"
        ") ORDER BY d.name_th"
    ).fetchall()
    return [(code, name) for code, name in rows]


def district_choices(db: Database) -> list[tuple[str, str]]:
    """Choices for a report's district parameter: "" (all districts) first."""
    return [("", ALL_DISTRICTS_LABEL), *((code, f"อำเภอ{name}") for code, name in known_districts(db))]


def district_label(db: Database, district_code: str | None) -> str:
    """For report subtitles: "อำเภอคลองขลุง" or "ทุกอำเภอ"."""
    if not district_code:
        return ALL_DISTRICTS_LABEL
    row = db.execute("SELECT name_th FROM districts WHERE district_code = ?", [district_code]).fetchone()
    return f"อำเภอ{row[0]}" if row else f"อำเภอรหัส {district_code}"


def is_province_office(db: Database) -> bool:
    """Province mode: this installation serves a province office (it receives districts' bundles)."""
    office = get_office(db)
    return office is not None and office.level == "province"


def report_district_choices(db: Database) -> list[tuple[str, str]]:
    """The district parameter's choices: every known district at a province office; elsewhere only
    "all" — a district office's reports are its own, so there is nothing to pick."""
    return district_choices(db) if is_province_office(db) else [("", ALL_DISTRICTS_LABEL)]


@dataclass
class DistrictStatus:
    district_code: str | None
    district_name: str
    org_name: str | None = None
    bundles: int = 0
    last_created_at: str | None = None  # when the district made its last bundle
    last_imported_at: str | None = None
    last_bundle_id: str | None = None
    last_scope: str | None = None
    last_rows: int = 0
    last_counts: dict = field(default_factory=dict)  # {table: {new, updated, unchanged, conflicts}}
    last_aggregate_only: list = field(default_factory=list)

    @property
    def received(self) -> bool:
        return self.bundles > 0


def province_status(db: Database) -> list[DistrictStatus]:
    """Each district's last bundle. A province office lists all of its districts (never-heard-from
    ones too), then any other senders; other offices list the senders they have heard from."""
    office = get_office(db)
    statuses: dict[str, DistrictStatus] = {}
    if office is not None and office.level == "province":
        for code, name in db.execute(
            "SELECT district_code, name_th FROM districts WHERE province_code = ? ORDER BY district_code",
            [office.province_code],
        ).fetchall():
            statuses[code] = DistrictStatus(district_code=code, district_name=name)
    rows = db.execute(
        "SELECT r.sender_district_code, d.name_th, r.sender_org_name, r.created_at, r.imported_at, r.id, r.scope, "
        "r.rows_total, r.counts, r.aggregate_only, r.sender_installation, "
        "count(*) OVER (PARTITION BY coalesce(r.sender_district_code, r.sender_installation)) AS n, "
        "row_number() OVER (PARTITION BY coalesce(r.sender_district_code, r.sender_installation) "
        "ORDER BY r.created_at DESC, r.imported_at DESC) AS rn "
        "FROM bundles_received r LEFT JOIN districts d ON d.district_code = r.sender_district_code"
    ).fetchall()
    for code, name, org, created, imported, bid, scope, total, counts, aggregate, inst, n, rn in rows:
        if rn != 1:
            continue
        key = code or f"installation:{inst}"
        status = statuses.setdefault(key, DistrictStatus(district_code=code, district_name=name or (org or "")))
        status.org_name = org
        status.bundles = n
        status.last_created_at, status.last_imported_at, status.last_bundle_id = created, imported, bid
        status.last_scope, status.last_rows = scope, total or 0
        status.last_counts = json.loads(counts or "{}")
        status.last_aggregate_only = json.loads(aggregate or "[]")
    return sorted(statuses.values(), key=lambda s: (s.district_code is None, s.district_code or "", s.district_name))


@dataclass
class SentBundle:
    bundle_id: str
    destination: str
    created_at: str
    scope: str
    rows_total: int
    file_name: str | None
    confirmed_at: str | None


def sent_bundles(db: Database, limit: int = 50) -> list[SentBundle]:
    rows = db.execute(
        "SELECT id, destination, created_at, scope, rows_total, file_name, confirmed_at FROM bundles_sent "
        "ORDER BY created_at DESC LIMIT ?", [limit]
    ).fetchall()
    return [SentBundle(*r) for r in rows]
