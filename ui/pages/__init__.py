"""Pages of the main window, discovered from the modules in this package.

Each module `ui/pages/<area>.py` that defines a module-level

    PAGE = PageSpec(key="members", title="ภาคีเครือข่าย", order=30, factory=lambda ctx: MembersPage(ctx))

gets a navigation entry, ordered by `order` (home 10, projects 20, members 30, trainings 40,
cases 50, reports 60, exchange 70, settings 90). An area whose module does not exist simply does
not appear: there are no placeholder screens. The factory receives the `ui.context.AppContext`
and returns a QWidget; it is called lazily, the first time the page is shown. A page may expose
`refresh()`, which the window calls each time the page is shown again.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.context import AppContext


@runtime_checkable
class PageHost(Protocol):
    """The main window as a page or widget sees it (a page shown on its own has none)."""

    def page_keys(self) -> list[str]: ...

    def show_page(self, key: str) -> QWidget: ...


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # Thai, shown in the navigation list
    order: int
    factory: Callable[[AppContext], QWidget]


def _literal_spec(path: str) -> tuple[str, str, int] | None:
    """(key, title, order) of a module's `PAGE = PageSpec(key=..., title=..., order=..., ...)` when
    all three are written as literals, read from its source without importing it; else None."""
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
    except (OSError, ValueError):
        return None
    tree = _parsed_from_page(source, path)
    if tree is None:
        return None
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "PAGE"):
            continue
        call = node.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "PageSpec"):
            return None
        values = {k.arg: k.value.value for k in call.keywords if isinstance(k.value, ast.Constant)}
        key, title, order = values.get("key"), values.get("title"), values.get("order")
        if isinstance(key, str) and isinstance(title, str) and isinstance(order, int):
            return key, title, order
        return None
    return None


def _parsed_from_page(source: str, path: str) -> ast.Module | None:
    """The module's statements from its top-level `PAGE = ` on (the rest of a module is a valid
    module on its own from any top-level statement): parsing the whole of the page modules cost
    a twentieth of a second at every start. The whole module when that line is not found."""
    start = source.rfind("\nPAGE = ")  # the last one: it is the one that counts at run time
    for text in ((source[start + 1:],) if start >= 0 else ()) + (source,):
        try:
            return ast.parse(text, filename=path)
        except (SyntaxError, ValueError):
            continue
    return None


def _imported_spec(module_name: str) -> PageSpec | None:
    module = importlib.import_module(module_name)
    spec = getattr(module, "PAGE", None)
    if spec is not None and not isinstance(spec, PageSpec):
        raise TypeError(f"{module_name}.PAGE must be a PageSpec, got {type(spec).__name__}")
    return spec


def _deferred_factory(module_name: str, key: str) -> Callable[[AppContext], QWidget]:
    def factory(ctx: AppContext) -> QWidget:
        spec = _imported_spec(module_name)
        if spec is None or spec.key != key:
            raise RuntimeError(f"{module_name}.PAGE changed: expected the page {key!r}")
        return spec.factory(ctx)

    return factory


def discover_pages(package: str = __name__) -> list[PageSpec]:
    """All PageSpecs of the package's modules, ordered by (order, key).

    A page whose PAGE names its key, title and order as literals is listed from its source and
    imported the first time it is shown (importing every page — and through them the
    report and document engines — cost about a second at each start); any other page module is
    imported here. A page module that fails to import is a bug and raises (here, or when the page
    is first built — `--smoke` builds them all): hiding it would make an area vanish silently. Two
    pages with the same key are a bug too.
    """
    pkg = importlib.import_module(package)
    specs: list[PageSpec] = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.ispkg:
            continue
        module_name = f"{package}.{info.name}"
        found = getattr(info.module_finder, "find_spec", None)
        origin = getattr(found(module_name) if found else None, "origin", None)
        literal = _literal_spec(origin) if origin and module_name not in sys.modules else None
        if literal is not None:
            key, title, order = literal
            specs.append(PageSpec(key=key, title=title, order=order, factory=_deferred_factory(module_name, key)))
            continue
        spec = _imported_spec(module_name)
        if spec is not None:
            specs.append(spec)
    keys = [s.key for s in specs]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise RuntimeError(f"duplicate page keys: {duplicates}")
    return sorted(specs, key=lambda s: (s.order, s.key))
