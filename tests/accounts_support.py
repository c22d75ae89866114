"""Accounts for tests of who may do what: one per role, their passwords, and logging in.

The `accounts_db` / `accounts_db_path` fixtures (tests/conftest.py) give a district database
that already has these accounts (nobody logged in); `login(db, name)` makes one of them the user
acting on a connection, as the CLI and the GUI do.
"""

# username -> (role, password). Passwords long and uncommon enough for any password policy.
ACCOUNTS: dict[str, tuple[str, str]] = {
    "somchai": ("admin", "Phu-Kradueng-2567!"),
    "malee": ("clerk", "Doi-Inthanon-2567!"),
    "krupa": ("trainer", "Khao-Yai-Camp-2567!"),
    "boss": ("viewer", "Koh-Samui-Beach-2567!"),
}
ADMIN, CLERK, TRAINER, VIEWER = "somchai", "malee", "krupa", "boss"


def password_of(username: str) -> str:
    return ACCOUNTS[username][1]


def add_accounts(db) -> None:
    """Create the accounts on a database that has none yet (the first is its administrator)."""
    from moi_desktop.security import create_first_admin, create_user
    from moi_desktop.security.session import act_as
    from moi_desktop.security.users import get_user

    create_first_admin(db, ADMIN, "สมชาย ผู้ดูแล", password_of(ADMIN))
    act_as(db, get_user(db, ADMIN))  # the administrator adds the others
    try:
        for username, (role, password) in ACCOUNTS.items():
            if username != ADMIN:
                create_user(db, username, f"ทดสอบ {role}", role, password)
    finally:
        act_as(db, None)


def login(db, username: str):
    """Log `username` in on `db` (audited, like the CLI's --user); returns the User."""
    from moi_desktop.security import authenticate

    return authenticate(db, username, password_of(username), via="test")
