"""Accounts, roles, the acting user, the permission check, the audit trail and the keys.

Importing this package registers the audit trail's change listener, the write guard and the row
seals on every database the program opens, and the key source of the encrypted databases
(db/cipher.py loads it before the first database connection: moi_desktop/trust.py): every write
is audited and sealed, and refused unless the user acting on that database may write its table.
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
from moi_desktop.security.logins import (
    AccountLocked,
    LoginDelayed,
    lock_after,
    login_state,
    set_lock_after,
    unlock_account,
)
from moi_desktop.security.passwords import hash_password, verify_password
from moi_desktop.security.policy import password_problem
from moi_desktop.security.roles import ACTIONS, PERMISSIONS, ROLES, WRITE_ACTIONS, can
from moi_desktop.security.session import (
    SYSTEM,
    SYSTEM_USER,
    User,
    act_as,
    acting_user,
    allowed,
    current_actor,
    has_users,
    idle_lock_minutes,
    is_demo_database,
    require,
    set_idle_lock_minutes,
)
from moi_desktop.security.users import (
    authenticate,
    create_first_admin,
    create_user,
    get_user,
    list_users,
    office_names,
    password_policy_problem,
    set_password,
    update_user,
)

__all__ = [
    "ACTIONS",
    "AccountLocked",
    "LoginDelayed",
    "ACTION_LABELS",
    "AuditEntry",
    "PERMISSIONS",
    "ROLES",
    "SYSTEM",
    "SYSTEM_USER",
    "User",
    "VerifyResult",
    "WRITE_ACTIONS",
    "act_as",
    "acting_user",
    "add_actor_arguments",
    "allowed",
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
    "lock_after",
    "login_state",
    "office_names",
    "password_policy_problem",
    "password_problem",
    "require",
    "set_idle_lock_minutes",
    "set_lock_after",
    "set_password",
    "unlock_account",
    "update_user",
    "verify_chain",
    "verify_password",
]
