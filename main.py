"""Starts the kiosk: the same as `python -m kiosk run`, with any options after it."""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", *sys.argv[1:]]))
