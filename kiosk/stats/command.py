"""`kiosk report [--since YYYY-MM-DD] --out DIR`: the curator report from the statistics.

It reads <data_dir>/stats.sqlite3 without changing it, while the kiosk runs or not, and
creates nothing in the data folder: with no database yet it reports zeros.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path


def add_command(commands) -> None:
    report = commands.add_parser(
        "report", help="write visitor statistics as CSV files, PNG charts and a summary"
    )
    report.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write")
    report.add_argument("--since", metavar="YYYY-MM-DD", help="count from this day (local time)")
    report.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    report.set_defaults(handler=_report)


def _report(args) -> int:
    from kiosk.cli import EXIT_OK, EXIT_PROBLEMS, UsageError, settings_from
    from kiosk.paths import shown_path
    from kiosk.stats.figures import compute
    from kiosk.stats.report import summary_text, write_report
    from kiosk.stats.store import STATS_FILE, EventStore, StoreError

    since = _date(args.since) if args.since else None
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out is a file, not a folder: {args.out}")
    settings, problems = settings_from(args)
    for line in problems.lines():
        print(line)
    if problems.errors:
        return EXIT_PROBLEMS
    database = settings.data_dir / STATS_FILE
    try:
        with EventStore.open_for_reading(database) as store:
            figures = compute(store, since)
    except (sqlite3.Error, StoreError) as exc:
        print(f"kiosk report: cannot read {shown_path(database)}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    retention = settings.stats.retention_days
    written = write_report(figures, args.out, retention)
    print(summary_text(figures, retention), end="")
    print(f"ok: {len(written)} files in {shown_path(args.out)}", file=sys.stderr)
    return EXIT_OK


def _date(text: str) -> date:
    from kiosk.cli import UsageError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--since must be a date like 2026-05-01, got '{text}'") from None
