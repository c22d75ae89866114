"""commands/ mirrors moi_desktop/: each command group lives in commands/<area>.py of the area it
faces, and the core never reaches back into its command-line face."""

import argparse
import ast
import functools
from pathlib import Path

from moi_desktop.cli import build_parser
from moi_desktop.commands import SHARED_MODULES

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "moi_desktop"
COMMANDS = CORE / "commands"
FACE = {CORE / "cli.py", CORE / "__main__.py"}  # the entry point, beside commands/

# The area each top-level command belongs to: where a newcomer would look for it. A new command
# group must be added here, naming its area.
GROUP_AREAS = {
    "init": "office",
    "office": "office",
    "info": "db",
    "demo": "demo",
    "lookup": "reference",
    "document": "documents",
    "report": "reports",
    "import": "imports",
    "members": "members",
    "training": "trainings",
    "attendance": "trainings",
    "cases": "cases",
    "projects": "projects",
    "milestones": "projects",  # RESULTS + EVALUATION
    "lessons": "projects",
    "bundle": "exchange",
    "users": "security",
    "audit": "security",
    "safety": "security",
    "security": "security",
    "backup": "backup",
    "restore": "backup",
    "breach": "pdpa_register",
    "officials": "correspondence",
    "letter": "correspondence",
    "meeting": "meetings",  # MEETINGS
    # REPORTING
    "calendar": "reporting",
    "submission": "reporting",
    "orders": "reporting",
    "evaluation": "evaluation",  # selection scoring
    "households": "cases",  # household members, income, location, priority list
    "referral": "cases",  # a case referred to an agency by a numbered letter
}


def areas() -> set[str]:
    """moi_desktop's areas: its packages and top-level modules (not the entry point itself)."""
    packages = {p.name for p in CORE.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in CORE.glob("*.py")}
    return (packages | modules) - {"__init__", "__main__", "cli", "commands"}


def command_modules() -> set[str]:
    return {p.stem for p in COMMANDS.glob("*.py") if not p.stem.startswith("_")}


def module_for(area: str, modules: set[str], shared: dict[str, tuple[str, ...]]) -> str | None:
    """The command module an area's commands belong in: commands/<area>.py, else the one shared
    module that lists the area."""
    if area in modules:
        return area
    owners = [name for name, faced in shared.items() if area in faced]
    return owners[0] if len(owners) == 1 else None


def handler_modules(parser: argparse.ArgumentParser) -> set[str]:
    """Modules of the functions that run the commands under `parser`."""
    found = set()
    func = parser.get_default("func")
    if func is not None:
        found.add((func.func if isinstance(func, functools.partial) else func).__module__)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= handler_modules(sub)
    return found


def group_handlers(parser: argparse.ArgumentParser) -> dict[str, set[str]]:
    (groups,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {name: handler_modules(sub) for name, sub in groups.choices.items()}


def misplaced(handlers: dict[str, set[str]], modules: set[str],
              shared: dict[str, tuple[str, ...]]) -> dict[str, tuple]:
    """Command groups not in GROUP_AREAS, or run (even in part) from another module than their area's."""
    bad = {}
    for group, found in handlers.items():
        area = GROUP_AREAS.get(group)
        expected = module_for(area, modules, shared) if area else None
        if expected is None or found != {f"moi_desktop.commands.{expected}"}:
            bad[group] = (area, expected, sorted(found))
    return bad


def test_every_command_module_is_named_after_an_area():
    modules = command_modules()
    assert {"trainings", "imports", "backup", "pdpa_register", "setup"} <= modules  # the scan sees them
    unnamed = {m for m in modules if m not in areas() and m not in SHARED_MODULES}
    assert unnamed == set()


def test_shared_modules_face_real_areas():
    assert set(SHARED_MODULES) <= command_modules()
    for module, faced in SHARED_MODULES.items():
        assert set(faced) <= areas(), module
        assert module not in areas(), f"commands/{module}.py is named after an area: it is not shared"


def test_every_command_group_lives_in_the_module_of_its_area():
    handlers = group_handlers(build_parser())
    assert set(handlers) == set(GROUP_AREAS)  # every group has an area; no stale entry
    assert misplaced(handlers, command_modules(), SHARED_MODULES) == {}


def test_every_area_with_commands_has_its_command_module():
    for group, area in GROUP_AREAS.items():
        assert module_for(area, command_modules(), SHARED_MODULES) is not None, (group, area)


def test_the_check_catches_the_layout_it_replaced():
    """The old layout: trainings registered from attendance.py, backup and breach in security.py,
    `import` run from moi_desktop/imports/cli.py, a group nobody mapped."""
    old_modules = {"attendance", "bundle", "cases", "members", "security", "setup"}
    handlers = {
        "training": {"moi_desktop.commands.attendance"},
        "bundle": {"moi_desktop.commands.bundle"},
        "backup": {"moi_desktop.commands.security"},
        "breach": {"moi_desktop.commands.security"},
        "import": {"moi_desktop.imports.cli"},
        "cases": {"moi_desktop.commands.cases", "moi_desktop.commands.members"},
        "shiny": {"moi_desktop.commands.shiny"},
        "users": {"moi_desktop.commands.security"},
    }
    assert set(misplaced(handlers, old_modules, SHARED_MODULES)) == {
        "training", "bundle", "backup", "breach", "import", "cases", "shiny"}


# --- the core does not depend on its command-line face --------------------------------------------


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at any depth (imports inside functions count)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update({node.module, *(f"{node.module}.{alias.name}" for alias in node.names)})
    return names


def reaches_the_face(name: str) -> bool:
    return name in ("moi_desktop.cli", "moi_desktop.commands") or name.startswith("moi_desktop.commands.")


def test_the_import_scan_sees_command_imports():
    assert any(map(reaches_the_face, imported_modules(COMMANDS / "trainings.py")))
    assert any(map(reaches_the_face, imported_modules(CORE / "__main__.py")))


def test_nothing_outside_the_command_face_imports_it():
    """`imports/` once climbed back into commands/_common; the core and the GUI call the core only."""
    files = [p for folder in (CORE, ROOT / "ui") for p in folder.rglob("*.py") if "__pycache__" not in p.parts]
    offenders = {
        str(p.relative_to(ROOT)): sorted(filter(reaches_the_face, imported_modules(p)))
        for p in files
        if COMMANDS not in p.parents and p not in FACE
    }
    assert {k: v for k, v in offenders.items() if v} == {}
