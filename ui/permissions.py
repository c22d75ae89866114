"""Who may do what in the GUI: the logged-in user, the role each page needs, and guards for
buttons and menu actions. The core checks permissions itself (DESIGN §7) for the user acting on
its connection; these only present the same map (enable, hide, explain early).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from moi_desktop.errors import UserError
from moi_desktop.security import SYSTEM_USER, User, allowed, can, require
from ui.context import AppContext
from ui.errors import show_error
from ui.pages import PageSpec

if TYPE_CHECKING:  # the window imports this module
    from ui.main_window import MainWindow

# What each page needs when its PageSpec carries no `required_action` of its own.
PAGE_ACTIONS: dict[str, str | None] = {
    "home": None,
    "projects": "projects.view",
    "members": "members.view",
    "trainings": "trainings.view",
    "cases": "cases.view",
    "reports": "reports.view",
    "evaluation": "reports.view",  # selection scoring (writes check evaluation.*)
    "exchange": "exchange.export",
    "audit": "audit.view",
    "settings": "office.edit",
    "meetings": "meetings.view",  # MEETINGS
    "reporting": "reporting.view",  # REPORTING
    "correspondence": "reports.view",  # CORRESPONDENCE: reading letters; writing needs correspondence.edit
}


def current_user(ctx: AppContext) -> User:
    """The logged-in user; SYSTEM_USER when nobody logged in (tests, tools), as in the CLI."""
    return getattr(ctx, "user", None) or SYSTEM_USER


def required_action(spec: PageSpec) -> str | None:
    action = getattr(spec, "required_action", None)
    return action if action is not None else PAGE_ACTIONS.get(spec.key)


def allowed_pages(user: User | None, specs: Iterable[PageSpec]) -> list[PageSpec]:
    """The page specs `user` may open (a spec's `required_action`, else PAGE_ACTIONS)."""
    user = user or SYSTEM_USER
    return [s for s in specs if (a := required_action(s)) is None or can(user, a)]


def may(ctx: AppContext, action: str) -> bool:
    """Whether the user acting on the main connection may do `action` (to enable a widget)."""
    return allowed(ctx.db, action)


def guard(ctx: AppContext, action: str, parent: QWidget | None = None) -> bool:
    """For buttons and menu actions: True when allowed, else a Thai refusal is shown."""
    try:
        require(ctx.db, action)
    except UserError as exc:
        show_error(parent, exc)
        return False
    return True


def apply_page_limits(window: MainWindow, user: User | None) -> None:
    """Hide the navigation entries `user` may not open (and leave a page they may not see)."""
    allowed = {s.key for s in allowed_pages(user, window.specs)}
    for row, spec in enumerate(window.specs):
        window.nav.setRowHidden(row, spec.key not in allowed)
    if window.current_key() not in allowed:
        first = next((s.key for s in window.specs if s.key in allowed), None)
        if first:
            window.show_page(first)
        else:
            window.stack.setCurrentIndex(-1)
