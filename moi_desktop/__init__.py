"""MOI District Desk core: everything that is not Qt lives here.

Every database any face of the program opens is audited, guarded and sealed, under the key this
PC keeps (DESIGN §7): `moi_desktop.security` registers the audit trail's change listener, the
write guard, the row seals (db/connection.py OPEN_HOOKS) and the key source (db/cipher.py). It
loads before the first database connection (trust.py: registered here, run by db/cipher.py), not
when this package is imported: a command that opens no database (`--help`) starts without
sqlite-utils and the security package. `db/`, which security is built on, never imports security.
"""

from moi_desktop import trust

__version__ = "0.1.0"
APP_NAME = "MOI District Desk"
APP_NAME_TH = "โปรแกรมอำเภอนำร่อง บำบัดทุกข์ บำรุงสุข"


def _load_security() -> None:
    # Deferred from package import to the first database connection (issue 18): `--help` and the
    # window's first paint do not wait for sqlite-utils and the security package.
    import moi_desktop.security  # noqa: F401


trust.register(_load_security)
