"""Headless commands: `python -m moi_desktop <command> ...`.

Each module in moi_desktop/commands/ defines `register(subparsers)` and gives its parsers a
`func(args) -> int`. A UserError becomes a Thai message on stderr and exit code 2; anything else
is a bug and keeps its traceback.
"""

import argparse
import importlib
import json
import pkgutil
import sys
from typing import Any

from moi_desktop import __version__, commands
from moi_desktop.errors import UserError


def _configure_stdio() -> None:
    # Windows consoles default to a legacy code page: Thai must still come out.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


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


def main(argv: list[str] | None = None) -> int:
    _configure_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        where = f" ({exc.field})" if exc.field else ""
        print(f"ข้อผิดพลาด{where}: {exc.message}", file=sys.stderr)
        return 2
