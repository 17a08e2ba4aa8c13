"""The command line: `python -m kiosk <command>` (also installed as `kiosk`). Each command is a
module of kiosk.commands with `add_command(commands)`; this module only assembles them."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from kiosk import __version__
from kiosk.commands.errors import EXIT_USAGE, UsageError

# Imported for every command line: the kiosk's own start must not wait for the others.
QUICK_COMMAND_MODULES: list[str] = [
    "kiosk.commands.validate",
    "kiosk.commands.schema",
    "kiosk.commands.run",
]
COMMAND_MODULES: list[str] = [
    "kiosk.commands.qr",
    "kiosk.commands.footprint",
    "kiosk.commands.set_pin",
    "kiosk.commands.unlock_staff",
    "kiosk.commands.prepare_media",
    "kiosk.commands.report",
    "kiosk.commands.export_stats",
    "kiosk.commands.sync",
    "kiosk.commands.rollback",
    "kiosk.commands.unit_dropins",
    "kiosk.commands.speak",
    "kiosk.commands.render",
]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"kiosk {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; for `command` run, validate or schema without the other
    commands' modules (importing them all would add to the kiosk's start-up)."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Ilmastotekoja exhibition kiosk")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="<command>")
    for module in QUICK_COMMAND_MODULES:
        import_module(module).add_command(commands)
    if command in commands.choices:
        return parser
    for module in COMMAND_MODULES:
        import_module(module).add_command(commands)
    return parser
