"""One module per command group; each defines register(subparsers). See moi_desktop/cli.py."""
