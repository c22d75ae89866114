"""Headless commands: `python -m moi_desktop <command> ...`.

Each module in moi_desktop/commands/ (one per area, named after it; see commands/__init__.py)
defines `register(subparsers)` and gives its parsers a `func(args) -> int`. A UserError becomes a
Thai message on stderr and exit code 2; anything else is a bug and keeps its traceback.

Every text argument is an input boundary: control and bidi characters are removed from it (with
a warning on stderr) before any command sees it.
"""

import argparse
import importlib
import pkgutil
import sys

from moi_desktop import __version__, commands
from moi_desktop.errors import UserError
from moi_desktop.thai.text import hostile_chars, hostile_warning, strip_hostile


def _configure_stdio() -> None:
    # Windows consoles default to a legacy code page: Thai must still come out.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m moi_desktop", description="MOI District Desk (headless)")
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def clean_arguments(args: argparse.Namespace) -> list[str]:
    """Remove control and bidi characters from every text argument; the warnings, one a field."""
    warnings = []
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        if not any(isinstance(v, str) and hostile_chars(v) for v in values):
            continue
        texts = "".join(v for v in values if isinstance(v, str))
        warnings.append(f"--{name.replace('_', '-')}: {hostile_warning(texts)}")
        cleaned = [strip_hostile(v) if isinstance(v, str) else v for v in values]
        setattr(args, name, cleaned if isinstance(value, list) else cleaned[0])
    return warnings


def main(argv: list[str] | None = None) -> int:
    _configure_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    for warning in clean_arguments(args):
        print(f"คำเตือน: {warning}", file=sys.stderr)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        where = f" ({exc.field})" if exc.field else ""
        print(f"ข้อผิดพลาด{where}: {exc.message}", file=sys.stderr)
        return 2
