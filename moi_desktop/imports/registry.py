"""The kinds of import the program knows: name → where its ImportSpec lives.

Add one line per area (projects and cases later); the `import` command and the wizard list these.
"""

import importlib

from moi_desktop.imports.engine import ImportSpec

# kind -> (module:attribute of its ImportSpec, Thai title). Loaded lazily: CLI start-up stays fast.
IMPORTERS: dict[str, tuple[str, str]] = {
    "members": ("moi_desktop.members.importer:SPEC", "รายชื่อภาคีเครือข่าย"),
    "projects": ("moi_desktop.projects.importer:SPEC", "โครงการและกิจกรรม"),
    "households": ("moi_desktop.cases.importer:HOUSEHOLDS_SPEC", "ครัวเรือน"),
    "cases": ("moi_desktop.cases.importer:CASES_SPEC", "เรื่องราวครัวเรือน (พร้อมครัวเรือน)"),
}


def get_importer(kind: str) -> ImportSpec:
    module, _, attr = IMPORTERS[kind][0].partition(":")
    return getattr(importlib.import_module(module), attr)


def importer_title(kind: str) -> str:
    return IMPORTERS[kind][1]


def importer_kinds() -> list[str]:
    return list(IMPORTERS)
