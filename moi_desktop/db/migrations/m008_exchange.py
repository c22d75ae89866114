"""USB exchange bookkeeping: bundles sent and received, the offices seen, conflicts.

All four tables are local to this installation and never travel in bundles (the exchange's
exclusion list names them). bundles_sent holds the watermark per destination: the next bundle
carries rows changed after the last confirmed one. exchange_peers maps every installation id a
bundle mentioned to its office, so a province can tell which district a row came from.

Certificate serials ("12/2565") are numbered per issuing office, so a province merging two
districts holds two certificates numbered 12/2565: their uniqueness is re-scoped to the issuing
installation (origin). Allocation (max + 1 over the year) stays unique within every origin.
"""

from moi_desktop.db.types import Database


def up(db: Database) -> None:
    if "certificates" in db.table_names():
        db.execute("DROP INDEX IF EXISTS idx_certificates_serial")
        db.execute("CREATE UNIQUE INDEX idx_certificates_serial ON certificates(origin, year_be, serial_no)")

    db.table("bundles_sent").create(
        {
            "id": str,  # the bundle id in its manifest
            "destination": str,  # "province:62", "district:6205" or "any"
            "created_at": str,  # UTC ISO
            "since": str,  # rows changed after this were included (NULL: everything)
            "watermark": str,  # the next incremental bundle to this destination starts here
            "scope": str,  # all / changes
            "aggregate_only": str,  # JSON list of tables sent without personal fields
            "counts": str,  # JSON {table: rows}
            "rows_total": int,
            "file_name": str,
            "sha256": str,  # of the bundle file
            "confirmed_at": str,  # when the receiver's receipt was imported here
            "receipt": str,  # JSON: what the receiver reported
        },
        pk="id",
        not_null={"destination", "created_at", "watermark", "scope", "counts", "rows_total"},
    )
    db.table("bundles_sent").create_index(["destination", "created_at"])

    db.table("bundles_received").create(
        {
            "id": str,  # the bundle id in its manifest
            "sender_installation": str,
            "sender_level": str,
            "sender_province_code": str,
            "sender_district_code": str,
            "sender_org_name": str,
            "created_at": str,  # when the sender made it (UTC ISO)
            "since": str,
            "until": str,
            "scope": str,
            "schema_version": int,
            "aggregate_only": str,  # JSON list
            "imported_at": str,
            "counts": str,  # JSON {table: {new, updated, unchanged, conflicts}}
            "rows_total": int,
            "file_name": str,
            "sha256": str,
        },
        pk="id",
        not_null={"sender_installation", "created_at", "imported_at", "counts", "rows_total"},
    )
    db.table("bundles_received").create_index(["sender_district_code", "imported_at"])
    db.table("bundles_received").create_index(["sender_installation", "imported_at"])

    db.table("exchange_peers").create(
        {
            "installation_id": str,
            "level": str,  # district / province
            "province_code": str,
            "district_code": str,
            "org_name": str,
            "first_seen_at": str,
            "last_seen_at": str,
        },
        pk="installation_id",
        not_null={"level", "first_seen_at", "last_seen_at"},
    )
    db.table("exchange_peers").create_index(["district_code"])

    db.table("exchange_conflicts").create(
        {
            "bundle_id": str,
            "table_name": str,
            "row_key": str,  # JSON list of the primary-key values
            "winner": str,  # incoming / local
            "local_updated_at": str,
            "local_origin": str,
            "incoming_updated_at": str,
            "incoming_origin": str,
            "columns": str,  # JSON list of the columns that differed
        },
        pk=("bundle_id", "table_name", "row_key"),
        not_null={"winner"},
    )
