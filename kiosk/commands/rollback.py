"""`kiosk rollback`: returns to the previous content release and holds there until a newer
commit arrives (kiosk.sync.engine)."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.commands.common import printed_settings
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS


def add_command(commands) -> None:
    rollback = commands.add_parser("rollback", help="return to the previous content release")
    rollback.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    rollback.set_defaults(handler=_rollback)


def _rollback(args) -> int:
    from kiosk.sync.engine import rollback

    settings, diagnostics = printed_settings(args)
    if diagnostics.errors:
        return EXIT_PROBLEMS
    outcome = rollback(settings)
    print(f"kiosk rollback: {outcome.message}", file=sys.stderr)
    return EXIT_OK if outcome.ok else EXIT_PROBLEMS
