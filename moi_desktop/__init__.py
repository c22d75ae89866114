"""MOI District Desk core: everything that is not Qt lives here.

Importing the core attaches the audit trail to the write path: `moi_desktop.security` registers
its change listener, so every database any face of the program opens is audited (DESIGN §7),
while `db/`, which security is built on, never imports security.
"""

__version__ = "0.1.0"
APP_NAME = "MOI District Desk"
APP_NAME_TH = "โปรแกรมอำเภอนำร่อง บำบัดทุกข์ บำรุงสุข"

import moi_desktop.security  # noqa: E402,F401  (after the names above: nothing below needs them)
