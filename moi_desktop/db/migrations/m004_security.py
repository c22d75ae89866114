"""Safety on a shared PC: user accounts, the hash-chained audit trail and the PDPA breach log.

audit_log is local to this installation (never exchanged) and append-only: triggers refuse
UPDATE and DELETE, and each entry carries the hash of the one before (moi_desktop.security.audit).
"""

from moi_desktop.db.rows import create_sync_table
from moi_desktop.db.types import Database


def up(db: Database) -> None:
    create_sync_table(
        db,
        "users",
        {
            "username": str,
            "display_name": str,
            "role": str,  # admin / clerk / trainer / viewer
            "password_hash": str,  # scrypt$n$r$p$salt$hash
            "active": int,
            "last_login": str,
        },
        not_null={"username", "display_name", "role", "password_hash", "active"},
        defaults={"active": 1},
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_users_username ON users(username COLLATE NOCASE) WHERE deleted_at IS NULL"
    )

    db.execute(
        """
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            table_name TEXT,
            row_id TEXT,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_audit_log_row ON audit_log(table_name, row_id)")
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"""
            CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log
            BEGIN
                SELECT RAISE(ABORT, 'audit_log is append-only');
            END
            """
        )

    # PDPA s.37(4): a breach must be reported to the PDPC office within 72 hours of discovery.
    create_sync_table(
        db,
        "breach_log",
        {
            "discovered_at": str,  # UTC ISO
            "description": str,
            "data_affected": str,
            "people_affected": int,
            "actions_taken": str,
            "reported_to_office_at": str,  # UTC ISO, when reported to the PDPC office
            "status": str,  # open / reported / not_required / closed
            "reported_by": str,  # username who logged it
        },
        not_null={"discovered_at", "description", "status"},
        defaults={"status": "open"},
    )
