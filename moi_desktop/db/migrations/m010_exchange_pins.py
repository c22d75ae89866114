"""Exchange trust: the installation and signing key each sending office is pinned to.

exchange_pins holds one active row per office ("district:6201", "province:62") that this
installation has received a bundle or receipt from: the installation id and the Ed25519 public key
of its first signed bundle (trust on first use). A later bundle claiming that office from another
installation or key is refused. An administrator may un-pin an office (a replaced PC): the row is
kept with unpinned_at/unpinned_by as history, and the office's next bundle pins afresh.

Offices that sent bundles before bundles were signed are pinned here to the installation of their
latest bundle, with no key yet: the first signed bundle from that installation fills the key in.
The table is local (never travels): it has none of the sync columns.
"""

from moi_desktop.db.types import Database


def up(db: Database) -> None:
    db.table("exchange_pins").create(
        {
            "id": str,
            "office": str,  # "district:6201" / "province:62"
            "installation_id": str,
            "public_key": str,  # base64 Ed25519 public key; NULL: pinned before bundles were signed
            "org_name": str,  # as the office named itself when pinned
            "pinned_at": str,
            "pinned_by_bundle": str,  # the bundle (or the receipt's bundle) that pinned it
            "unpinned_at": str,
            "unpinned_by": str,  # the administrator who un-pinned it
            "unpin_reason": str,
        },
        pk="id",
        not_null={"office", "installation_id", "pinned_at"},
    )
    db.execute("CREATE UNIQUE INDEX idx_exchange_pins_office ON exchange_pins(office) WHERE unpinned_at IS NULL")
    db.execute(
        "CREATE UNIQUE INDEX idx_exchange_pins_installation ON exchange_pins(installation_id) "
        "WHERE unpinned_at IS NULL"
    )
    # Newest first: OR IGNORE keeps each office's latest installation (and each installation once).
    db.execute(
        "INSERT OR IGNORE INTO exchange_pins (id, office, installation_id, org_name, pinned_at, pinned_by_bundle) "
        "SELECT 'pin-' || id, office, sender_installation, sender_org_name, imported_at, id FROM ("
        " SELECT id, sender_installation, sender_org_name, imported_at,"
        "  CASE WHEN sender_level = 'province' THEN 'province:' || sender_province_code"
        "   ELSE 'district:' || sender_district_code END AS office"
        " FROM bundles_received"
        " WHERE (sender_level = 'province' AND sender_province_code IS NOT NULL)"
        "  OR (coalesce(sender_level, 'district') = 'district' AND sender_district_code IS NOT NULL)"
        " ORDER BY imported_at DESC)"
    )
