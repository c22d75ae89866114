"""Headless commands: `python -m moi_desktop <command> ...`.

Each module in moi_desktop/commands/ (one per area, named after it; see commands/__init__.py)
defines `register(subparsers)` and gives its parsers a `func(args) -> int`. A run loads only the
module of the command it names (commands.INDEX holds every command's one-line help for the
rest), so `--help` costs an argparse and nothing else. A UserError becomes a
Thai message on stderr and exit code 2; anything else is a bug and keeps its traceback.

Every text argument is an input boundary: control and bidi characters are removed from it (with
a warning on stderr) before any command sees it.
"""

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from moi_desktop import __version__, commands
from moi_desktop.errors import UserError


def _configure_stdio() -> None:
    # Windows consoles default to a legacy code page: Thai must still come out.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")


def command_modules() -> list[str]:
    """The command modules (commands/*.py but the helpers), by name."""
    return sorted(info.name for info in pkgutil.iter_modules(commands.__path__) if not info.name.startswith("_"))


def named_command(argv: Sequence[str]) -> str | None:
    """The command a command line names: its first word that is not an option (the top level
    has only options without values: -h, --help, --version)."""
    return next((word for word in argv if not word.startswith("-")), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command (argv None), or the one that parses `argv`: the module of the
    command it names registers its commands in full, every other command is a stand-in carrying
    its one-line help (from commands.INDEX), enough for `--help` and for argparse to name the
    commands when the line names none or a wrong one."""
    parser = argparse.ArgumentParser(prog="python -m moi_desktop", description="MOI District Desk (headless)")
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    indexed = {module for module, _ in commands.INDEX.values()}
    wanted = commands.INDEX.get(named_command(argv) or "", ("",))[0] if argv is not None else None
    for name in command_modules():
        if argv is None or name == wanted or name not in indexed:
            importlib.import_module(f"{commands.__name__}.{name}").register(sub)
            continue
        for command, (module, help_text) in commands.INDEX.items():
            if module == name:
                sub.add_parser(command, help=help_text, add_help=False)
    return parser


def clean_arguments(args: argparse.Namespace) -> list[str]:
    """Remove control and bidi characters from every text argument; the warnings, one a field."""
    # Here, not at the top: `--help` exits while parsing and never needs the Thai text tools.
    from moi_desktop.thai.text import hostile_chars, hostile_warning, strip_hostile

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
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    for warning in clean_arguments(args):
        print(f"คำเตือน: {warning}", file=sys.stderr)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        where = f" ({exc.field})" if exc.field else ""
        print(f"ข้อผิดพลาด{where}: {exc.message}", file=sys.stderr)
        return 2
