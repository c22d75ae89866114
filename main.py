import sys


def main() -> None:
    # The command line first, before Qt and the window load (ui/launch.py): `--help`, `--version`
    # and a mistyped option answer without waiting for them. run() parses it again (a few µs).
    from ui.launch import parse_args

    parse_args(sys.argv[1:])
    from ui.app import run  # Qt and the GUI: only once the command line asks for a window
    raise SystemExit(run())

if __name__ == "__main__":
    main()
