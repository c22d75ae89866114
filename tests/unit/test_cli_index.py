"""commands.INDEX, the one-line help of every command that lets a run load only its own command
module, says what the modules register; and a run parses as if every module were loaded."""

import argparse
import contextlib
import io

import pytest

from moi_desktop import cli, commands


def registered() -> dict[str, tuple[str, str]]:
    """What the command modules register: command -> (module, one-line help), in `--help` order."""
    found: dict[str, tuple[str, str]] = {}
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    for name in cli.command_modules():
        before = set(sub.choices)
        __import__(f"moi_desktop.commands.{name}", fromlist=["register"]).register(sub)
        helps = {action.dest: action.help for action in sub._choices_actions}
        found |= {command: (name, str(helps[command])) for command in sub.choices if command not in before}
    return found


def test_the_index_is_what_the_modules_register():
    # A difference prints the entries to paste into commands/__init__.py INDEX.
    expected = registered()
    assert len(expected) > 30
    assert list(commands.INDEX.items()) == list(expected.items()), "\n".join(
        f"    {k!r}: ({m!r}, {h!r})," for k, (m, h) in expected.items())


def _help(argv: list[str]) -> str:
    with contextlib.redirect_stdout(io.StringIO()) as out, pytest.raises(SystemExit) as exit_:
        cli.build_parser(argv).parse_args(argv)
    assert exit_.value.code == 0
    return out.getvalue()


@pytest.mark.parametrize("argv", [["--help"], ["members", "--help"], ["members", "list", "--help"],
                                  ["report", "--help"], ["-h"]])
def test_a_run_parses_as_with_every_module_loaded(argv):
    with contextlib.redirect_stdout(io.StringIO()) as out, pytest.raises(SystemExit):
        cli.build_parser().parse_args(argv)
    assert _help(argv) == out.getvalue()


def test_a_run_loads_only_the_module_it_names():
    parser = cli.build_parser(["info", "--db", "x.sqlite3"])
    args = parser.parse_args(["info", "--db", "x.sqlite3"])
    assert args.func.__module__ == "moi_desktop.commands.setup"
    (groups,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert groups.choices["members"].get_default("func") is None  # a stand-in: never run
    assert list(groups.choices) == list(commands.INDEX)


def test_a_wrong_or_missing_command_is_refused_with_the_list():
    for argv in (["nosuch"], []):
        with contextlib.redirect_stderr(io.StringIO()) as err, pytest.raises(SystemExit) as exit_:
            cli.build_parser(argv).parse_args(argv)
        assert exit_.value.code == 2
    assert "'members'" in err.getvalue() or "COMMAND" in err.getvalue()


def test_a_module_missing_from_the_index_is_still_loaded(monkeypatch):
    index = {k: v for k, v in commands.INDEX.items() if v[0] != "reference"}
    monkeypatch.setattr(commands, "INDEX", index)
    args = cli.build_parser(["lookup", "district", "x"]).parse_args(["lookup", "district", "x"])
    assert args.func.__module__ == "moi_desktop.commands.reference"
