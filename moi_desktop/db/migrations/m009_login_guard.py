"""Login hardening: failed-attempt counters and the flag that makes a weak password be changed.

login_failures is local bookkeeping (no sync stamps, never exchanged): one row per name someone
tried to log in with — an account or not, so a lock never tells whether an account exists. A row
goes back to zero on a successful login and is cleared by an administrator's unlock.
users.must_change_password is set at login when the password no longer meets the policy.
"""

from moi_desktop.db.types import Database


def up(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE login_failures (
            username_key TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_failed_at TEXT,
            locked_at TEXT
        )
        """
    )
    db.execute("ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0")
