"""Layering rules that code review alone would miss (DESIGN §2)."""

import ast
import functools
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
