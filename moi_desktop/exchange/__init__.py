"""USB exchange between offices: encrypted bundles out, verified merges in (DESIGN §7).

    export_bundle(db, "E:/", password)                      # changes since the last confirmed bundle
    report = import_bundle(db, "E:/ชุดข้อมูล-6205-….moib", password, dry_run=True)
    import_receipt(db, "E:/ชุดข้อมูล-6205-….receipt.moir", password)

Modules: tables (what travels, personal columns), crypto (the envelope), container (the zip, its
signed manifest, bounded reading), limits (sizes), signing (this installation's key), trust (pinned
senders, who may write which rows), export, merge (verify + preview + apply), receipts, offices
(destinations), province (district filter and choices for reports, status per district),
attachments (photo files). The trust model is written down in docs/exchange-trust.md.
"""

from moi_desktop.db import Database
from moi_desktop.exchange.crypto import password_problem
from moi_desktop.exchange.export import (
    BUNDLE_SUFFIX,
    ExportResult,
    export_bundle,
    watermark,
)
from moi_desktop.exchange.merge import ImportReport, import_bundle, import_bundles, read_bundle_file
from moi_desktop.exchange.province import (
    district_choices,
    district_filter_sql,
    district_label,
    is_province_office,
    province_status,
    sent_bundles,
)
from moi_desktop.exchange.receipts import RECEIPT_SUFFIX, import_receipt
from moi_desktop.exchange.tables import (
    LOCAL_ONLY,
    PERSONAL_OVERRIDES,
    exchange_tables,
    personal_columns,
)
from moi_desktop.exchange.trust import Pin, active_pins, unpin

__all__ = [
    "BUNDLE_SUFFIX",
    "LOCAL_ONLY",
    "PERSONAL_OVERRIDES",
    "RECEIPT_SUFFIX",
    "ExportResult",
    "ImportReport",
    "Pin",
    "active_pins",
    "district_choices",
    "district_filter_sql",
    "district_label",
    "exchange_tables",
    "is_province_office",
    "export_bundle",
    "import_bundle",
    "import_bundles",
    "import_receipt",
    "info_extra",
    "password_problem",
    "personal_columns",
    "province_status",
    "read_bundle_file",
    "sent_bundles",
    "unpin",
    "watermark",
]


def info_extra(db: Database) -> dict:
    """`info --json`: bundles sent and received, and the offices heard from."""
    if "bundles_sent" not in db.table_names():
        return {}
    sent = db.execute("SELECT count(*), max(created_at), count(confirmed_at) FROM bundles_sent").fetchone()
    received = db.execute("SELECT count(*), max(imported_at) FROM bundles_received").fetchone()
    peers = db.execute("SELECT count(*) FROM exchange_peers").fetchone()[0]
    pinned = db.execute("SELECT count(*) FROM exchange_pins WHERE unpinned_at IS NULL").fetchone()[0]
    return {
        "exchange": {
            "bundles_sent": sent[0],
            "bundles_confirmed": sent[2],
            "last_sent_at": sent[1],
            "bundles_received": received[0],
            "last_received_at": received[1],
            "offices_heard_from": peers,
            "offices_pinned": pinned,
        }
    }
