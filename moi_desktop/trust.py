"""What must be attached before any database opens: the key source, the audit trail, the write
guard and the row seals (DESIGN §7), all registered by `moi_desktop.security` when it loads.

db/ cannot import security (security is built on it), and importing the security package at
start-up costs every command sqlite-utils and more (issue 18: `--help` in half the time of
`sqlite-utils --help`). So the package root registers here how to load it, and db/cipher.py
calls attach() before each connection: the first one loads it, whoever imported what first.
A leaf module (it imports nothing of the project), so db/ and the root can both name it.
"""

from collections.abc import Callable

_loaders: list[Callable[[], None]] = []
_attached = False


def register(loader: Callable[[], None]) -> None:
    """Run `loader` before the first database connection (the package root registers security)."""
    if loader not in _loaders:
        _loaders.append(loader)


def attach() -> None:
    """Run the registered loaders once (db/cipher.py calls this before every connection)."""
    global _attached
    if _attached:
        return
    for loader in _loaders:
        loader()
    _attached = True
