"""Accounts, roles, the acting user and the audit trail (see issue 9).

Importing this package registers the audit trail's change listener; importing `moi_desktop`
imports it, so every database the program opens is audited.
"""

# Imported for what they register: the database key source (db/cipher.py) and the row seals.
from moi_desktop.security import integrity, keystore  # noqa: F401
from moi_desktop.security.audit import (
    ACTION_LABELS,
    AuditEntry,
    VerifyResult,
    audit,
    count_entries,
    distinct_values,
    list_entries,
    verify_chain,
)
from moi_desktop.security.cli import add_actor_arguments, cli_actor
from moi_desktop.security.passwords import hash_password, password_problem, verify_password
from moi_desktop.security.roles import ACTIONS, PERMISSIONS, ROLES, can, require
from moi_desktop.security.session import (
    SYSTEM,
    current_actor,
    idle_lock_minutes,
    session_actor,
    set_actor,
    set_idle_lock_minutes,
    set_session_actor,
)
from moi_desktop.security.users import (
    SYSTEM_USER,
    User,
    authenticate,
    create_first_admin,
    create_user,
    get_user,
    has_users,
    is_demo_database,
    list_users,
    set_password,
    update_user,
)

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "AuditEntry",
    "PERMISSIONS",
    "ROLES",
    "SYSTEM",
    "SYSTEM_USER",
    "User",
    "VerifyResult",
    "add_actor_arguments",
    "audit",
    "authenticate",
    "can",
    "cli_actor",
    "count_entries",
    "create_first_admin",
    "create_user",
    "current_actor",
    "distinct_values",
    "get_user",
    "has_users",
    "is_demo_database",
    "hash_password",
    "idle_lock_minutes",
    "list_entries",
    "list_users",
    "password_problem",
    "require",
    "session_actor",
    "set_actor",
    "set_idle_lock_minutes",
    "set_password",
    "set_session_actor",
    "update_user",
    "verify_chain",
    "verify_password",
]
