"""``python -m teamsim``: the command line (see :mod:`teamsim.cli`)."""

import sys

from teamsim.cli import main

if __name__ == "__main__":
    sys.exit(main())
