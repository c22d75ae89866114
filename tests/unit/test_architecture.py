"""Layering rules that code review alone would miss (DESIGN §2)."""

import ast
import functools
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "moi_desktop"
UI = ROOT / "ui"
DOCUMENTS = CORE / "documents"
REPORTLAB_TEXT_CALLS = {"drawString", "drawCentredString", "drawRightString", "textObject", "beginText",
                        "Paragraph", "setFont"}


def python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


@functools.cache
def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_modules(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def qt_imports(tree: ast.Module) -> set[str]:
    return {m for m in imported_modules(tree) if m.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")}


def called_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def test_the_scans_see_the_code():
    core, ui = python_files(CORE), python_files(UI)
    assert CORE / "office.py" in core and UI / "main_window.py" in ui
    assert qt_imports(parse(UI / "main_window.py"))  # the detector does detect Qt imports


def test_core_never_imports_qt():
    offenders = {str(p.relative_to(ROOT)): qt_imports(parse(p)) for p in python_files(CORE)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_reportlab_text_calls_only_in_documents():
    offenders = {}
    for path in python_files(CORE) + python_files(UI):
        if DOCUMENTS in path.parents:
            continue
        tree = parse(path)
        if "reportlab" not in " ".join(imported_modules(tree)):
            calls = called_names(tree) & {"drawString", "drawCentredString", "drawRightString", "beginText",
                                          "textObject"}
        else:
            calls = called_names(tree) & REPORTLAB_TEXT_CALLS
        if calls:
            offenders[str(path.relative_to(ROOT))] = sorted(calls)
    assert offenders == {}


def test_reportlab_scan_would_catch_a_violation():
    tree = ast.parse("from reportlab.platypus import Paragraph\nc.drawString(1, 2, 'x')\nParagraph('x', s)")
    assert called_names(tree) & REPORTLAB_TEXT_CALLS == {"drawString", "Paragraph"}


def sql_in_ui(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                "execute", "executemany", "executescript", "query"):
            found.append(f"line {node.lineno}: .{node.func.attr}(")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = " ".join(node.value.split())  # SQL keywords are upper case by convention here
            if any(kw in text for kw in ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE")):
                found.append(f"line {node.lineno}: {node.value[:40]!r}")
    return found


def test_ui_holds_no_sql():
    offenders = {str(p.relative_to(ROOT)): sql_in_ui(parse(p)) for p in python_files(UI)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_sql_scan_would_catch_a_violation():
    tree = ast.parse("db.execute('SELECT * FROM members WHERE id = ?', [x])")
    assert len(sql_in_ui(tree)) == 2


# -- the import graph -----------------------------------------------------------------------------
# Every import among moi_desktop and ui modules counts, at module level and inside functions alike:
# an import moved into a function is deferred, not gone, so it cannot hide a cycle. Importing
# `a.b.c` from outside package `a` also runs `a/__init__.py` and `a/b/__init__.py`, so those count
# as imported too. `if TYPE_CHECKING:` blocks never run and do not count. Registries that discover
# their modules at run time (cli.py, reports/, ui/pages/) are not edges: nothing names them.
#
# An import inside a function says why it is there (start-up cost, a heavy library only one path
# needs) in a comment on its line or on the line above it; one comment above a run of imports
# covers the run. The files in DEFERRED_FOR_ONE_REASON share one reason, given here instead.

PROJECT_PACKAGES = ("moi_desktop", "ui")
DEFERRED_FOR_ONE_REASON = {
    "moi_desktop/commands/": "a command loads its area (and reportlab, openpyxl or pythainlp behind it) "
                             "only when it runs, so `--help` and every other command start quickly",
    "moi_desktop/imports/cli.py": "the member-import command, registered like the commands in commands/",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PROJECT_PACKAGES for p in python_files(ROOT / pkg)}


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _statements(tree: ast.Module):
    """(import node, inside a function?) for every import that can run."""
    def visit(node: ast.AST, in_function: bool):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                yield from visit(ast.Module(body=child.orelse, type_ignores=[]), in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, in_function
            elif isinstance(child, ast.Call) and getattr(child.func, "attr", getattr(child.func, "id", "")) == \
                    "import_module" and child.args and isinstance(child.args[0], ast.Constant):
                yield child, in_function
            yield from visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                       ast.Lambda)))
    yield from visit(tree, False)


def imported_project_modules(name: str, is_package: bool, node: ast.AST, modules) -> set[str]:
    """The project modules one import statement names (the module itself for `from m import function`)."""
    if isinstance(node, ast.Call):
        target = str(node.args[0].value)
        return {target} if target in modules else set()
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in modules}
    assert isinstance(node, ast.ImportFrom)
    if node.level:
        base = name.split(".") if is_package else name.split(".")[:-1]
        base = base[:len(base) - node.level + 1]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    found = set()
    for alias in node.names:
        if f"{source}.{alias.name}" in modules:
            found.add(f"{source}.{alias.name}")
        elif source in modules:
            found.add(source)
    return found


def dependency_graph(modules: dict[str, ast.Module], packages: set[str]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, tree in modules.items():
        own = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)}
        edges = set()
        for node, _ in _statements(tree):
            for target in imported_project_modules(name, name in packages, node, modules):
                parts = target.split(".")
                ancestors = {".".join(parts[:i]) for i in range(1, len(parts))}
                edges |= {target} | {a for a in ancestors if a in modules and a not in own}
        edges.discard(name)
        graph[name] = edges
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return sorted(found)


def _project_trees() -> tuple[dict[str, ast.Module], set[str]]:
    paths = project_modules()
    return {n: parse(p) for n, p in paths.items()}, {n for n, p in paths.items() if p.name == "__init__.py"}


def test_no_import_cycles():
    trees, packages = _project_trees()
    graph = dependency_graph(trees, packages)
    assert len(graph) > 200 and graph["moi_desktop.db.connection"]  # the scan sees the code
    assert import_cycles(graph) == []


def _graph_of(sources: dict[str, str]) -> dict[str, set[str]]:
    return dependency_graph({n: ast.parse(s) for n, s in sources.items()}, {"p", "p.q"})


def test_cycle_scan_would_catch_a_cycle_through_a_function_or_a_package():
    # p.q.low imports p.top inside a function; p.top imports p.q.low: a cycle, deferred or not.
    assert import_cycles(_graph_of({
        "p": "", "p.q": "", "p.top": "from p.q.low import x\n",
        "p.q.low": "def f():\n    from p.top import y\n",
    })) == [["p.q.low", "p.top"]]
    # p.q's __init__ imports p.a; p.a imports p.q.b, which runs p/q/__init__.py first: a cycle.
    assert import_cycles(_graph_of({
        "p": "", "p.q": "from p.a import z\n", "p.q.b": "", "p.a": "from p.q.b import w\n",
    })) == [["p.a", "p.q"]]
    # A package importing its own submodules, or a type-only import, is no cycle.
    assert import_cycles(_graph_of({
        "p": "", "p.q": "from p.q.b import w\n", "p.q.b": "from p.q.c import v\n", "p.q.c": "",
        "p.a": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from p.b import t\n",
        "p.b": "from p.a import s\n",
    })) == []


def _comment_lines(path: Path) -> set[int]:
    with tokenize.open(path) as f:
        return {tok.start[0] for tok in tokenize.generate_tokens(f.readline) if tok.type == tokenize.COMMENT}


def unexplained_function_imports(name: str, tree: ast.Module, comments: set[int], modules, is_package: bool
                                 ) -> list[int]:
    """Lines of imports of project modules inside functions with no comment on or above them."""
    imports = [node for node, in_function in _statements(tree) if in_function and not isinstance(node, ast.Call)]
    import_lines = {line for node in imports for line in range(node.lineno, node.end_lineno + 1)}
    missing = []
    for node in imports:
        if not imported_project_modules(name, is_package, node, modules):
            continue
        above = node.lineno - 1
        while above in import_lines and above not in comments:
            above -= 1  # up the run of imports this one belongs to
        if not comments & set(range(above, node.end_lineno + 1)):
            missing.append(node.lineno)
    return missing


def test_imports_inside_functions_say_why():
    trees, packages = _project_trees()
    paths = project_modules()
    offenders = {}
    for name, tree in trees.items():
        rel = paths[name].relative_to(ROOT).as_posix()
        if any(rel.startswith(prefix) for prefix in DEFERRED_FOR_ONE_REASON):
            continue
        lines = unexplained_function_imports(name, tree, _comment_lines(paths[name]), trees, name in packages)
        if lines:
            offenders[rel] = lines
    assert offenders == {}


def test_import_comment_rule_would_catch_a_silent_import(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "def f():\n    from p.a import x\n\n"                  # line 2: no reason given
        "def g():\n    # p.a pulls in reportlab\n    from p.a import x\n    from p.b import y\n"
        "def h():\n    import p.b  # heavy\n    import os\n",
        encoding="utf-8")
    tree = ast.parse(source.read_text(encoding="utf-8"))
    assert unexplained_function_imports("m", tree, _comment_lines(source), {"p.a", "p.b"}, False) == [2]


def one_letter_core_aliases(tree: ast.Module) -> list[str]:
    """`import moi_desktop.x as T` / `from moi_desktop import x as t`: a name from the core bound
    to one letter, which the reader then has to look up. ruff's N812 flags only the upper-case
    aliases of modules; this also catches the lower-case ones."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{a.name} as {a.asname}" for a in node.names
                      if a.name.split(".")[0] == "moi_desktop" and a.asname and len(a.asname) == 1]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "moi_desktop":
            found += [f"{node.module}.{a.name} as {a.asname}" for a in node.names if a.asname and len(a.asname) == 1]
    return found


def test_no_one_letter_aliases_of_core_modules():
    offenders = {}
    for path in python_files(CORE) + python_files(UI) + python_files(ROOT / "tests"):
        if aliases := one_letter_core_aliases(parse(path)):
            offenders[str(path.relative_to(ROOT))] = aliases
    assert offenders == {}


def test_alias_scan_would_catch_an_alias():
    tree = ast.parse("from moi_desktop import trainings as T\nimport moi_desktop.cases as c\n"
                     "from moi_desktop.members import store as s\nimport os.path as p\n"
                     "from moi_desktop import projects as project_store\nfrom PySide6 import QtCore as Q\n")
    assert one_letter_core_aliases(tree) == ["moi_desktop.trainings as T", "moi_desktop.cases as c",
                                             "moi_desktop.members.store as s"]
