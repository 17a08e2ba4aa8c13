"""`kiosk unlock-staff [--config kiosk.yaml]`: clears the staff PIN pad's lock-out from the PC's
shell. Wrong PINs lock the pad for up to a day, and a visitor can cause that on purpose; staff
who can log in to the PC are trusted with the menu anyway. The running kiosk takes it up at the
next PIN typed, without a restart.
"""

from __future__ import annotations

import sys
from pathlib import Path


def add_command(commands) -> None:
    unlock = commands.add_parser("unlock-staff", help="clear the staff PIN pad's lock-out")
    unlock.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    unlock.set_defaults(handler=_unlock_staff)


def _unlock_staff(args) -> int:
    from kiosk.commands.common import settings_from
    from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS
    from kiosk.ops.pin import clear_lockout, lockout_path
    from kiosk.paths import shown_path

    settings, diagnostics = settings_from(args)
    if diagnostics.errors:
        for line in diagnostics.lines():
            print(line, file=sys.stderr)
        return EXIT_PROBLEMS
    path = lockout_path(settings.data_dir)
    try:
        failures = clear_lockout(settings.data_dir)
    except OSError as exc:
        print(f"kiosk unlock-staff: cannot clear {shown_path(path)}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if failures is None:
        print("no staff PIN lock-out to clear", file=sys.stderr)
    else:
        print(f"staff PIN lock-out cleared ({failures} wrong PIN(s) forgotten)", file=sys.stderr)
    return EXIT_OK
