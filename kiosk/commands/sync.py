"""`kiosk sync`: fetches the content repository and switches to a new, checked commit (a thin
command over kiosk.sync.engine). Lines go to standard error (the journal under systemd), one
per incident: a run that finds nothing new, or the same failure as the run before, prints
nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.commands.common import printed_settings
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS


def add_command(commands) -> None:
    sync = commands.add_parser("sync", help="fetch the content repository and switch to it")
    sync.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    sync.add_argument("--now", action="store_true", help="ignore the back-off after failures")
    sync.add_argument(
        "--accept-unrelated",
        action="store_true",
        help="take a commit that does not descend from the current one (checked by a person)",
    )
    sync.add_argument("--verbose", action="store_true", help="also say when nothing changed")
    sync.add_argument(
        "--print-timer",
        action="store_true",
        help="print the systemd timer drop-in with kiosk.yaml's interval, and do nothing else",
    )
    sync.set_defaults(handler=_sync)


def _sync(args) -> int:
    from kiosk.sync.engine import sync, trigger_pending

    settings, diagnostics = printed_settings(args)
    if diagnostics.errors:
        print("kiosk sync: kiosk.yaml has errors; nothing synced", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.print_timer:
        from kiosk.sync.timer import timer_dropin

        print(timer_dropin(settings), end="")
        return EXIT_OK
    outcome = sync(
        settings,
        force=args.now or trigger_pending(settings),
        accept_unrelated=args.accept_unrelated,
    )
    if outcome.new or args.verbose:
        print(f"kiosk sync: {outcome.message}", file=sys.stderr)
        for line in outcome.errors if outcome.new else ():
            print(f"  {line}", file=sys.stderr)
    return EXIT_OK if outcome.ok else EXIT_PROBLEMS
