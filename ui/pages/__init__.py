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

import importlib
import pkgutil
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


def discover_pages(package: str = __name__) -> list[PageSpec]:
    """All PageSpecs of the package's modules, ordered by (order, key).

    A page module that fails to import is a bug and raises: hiding it would make an area vanish
    silently. Two pages with the same key are a bug too.
    """
    pkg = importlib.import_module(package)
    specs: list[PageSpec] = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        spec = getattr(module, "PAGE", None)
        if spec is None:
            continue
        if not isinstance(spec, PageSpec):
            raise TypeError(f"{package}.{info.name}.PAGE must be a PageSpec, got {type(spec).__name__}")
        specs.append(spec)
    keys = [s.key for s in specs]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise RuntimeError(f"duplicate page keys: {duplicates}")
    return sorted(specs, key=lambda s: (s.order, s.key))
