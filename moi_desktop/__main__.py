import sys

from moi_desktop.cli import main

sys.exit(main())
