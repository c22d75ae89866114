"""The headless face of the program: one module per area, named after the area it faces.

`commands/<area>.py` holds the commands of `moi_desktop/<area>/` (or `moi_desktop/<area>.py`):
the `training` and `attendance` groups are in trainings.py, `import` in imports.py, `bundle` in
exchange.py, `lookup` in reference.py, `report` in reports.py, `breach` in pdpa_register.py,
`backup` and `restore` in backup.py, `users`, `audit` and `safety` in security.py. The members'
PDPA tools (`members export-person|erase|retention`) stay in members.py: they are `members`
commands and call moi_desktop/members/.

Each module defines `register(subparsers)`; moi_desktop/cli.py finds them all. A module whose name
starts with an underscore is a helper, not a command module (_common.py: `opened(args)` and
friends). tests/unit/test_commands_layout.py holds this layout to account.
"""

# Command modules not named after one area, and the areas they face.
SHARED_MODULES: dict[str, tuple[str, ...]] = {
    # init / info / demo: setting up an installation (office profile, database facts, demo data).
    "setup": ("office", "db", "demo"),
}
