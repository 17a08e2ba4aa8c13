"""`kiosk report [--since YYYY-MM-DD] --out DIR`: the curator report from the statistics.

It reads <data_dir>/stats.sqlite3 without changing it, while the kiosk runs or not, and
creates nothing in the data folder: with no database yet it reports zeros.

`kiosk report --merge FILE... --out DIR` reports on many kiosks' exports (`kiosk export-stats`)
at once: the whole exhibition, and each kiosk. See kiosk.stats.export.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

from kiosk.commands.common import settings_from
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS, UsageError


def add_command(commands) -> None:
    report = commands.add_parser(
        "report", help="write visitor statistics as CSV files, PNG charts and a summary"
    )
    report.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write")
    report.add_argument("--since", metavar="YYYY-MM-DD", help="count from this day (local time)")
    report.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    report.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="report on these exports (kiosk export-stats; a folder: its *.sqlite3 files)",
    )
    report.set_defaults(handler=_report)


def _merged_report(args, since, retention) -> int:
    from kiosk.paths import shown_path
    from kiosk.stats.export import ExportError, export_files, merge, read_export
    from kiosk.stats.figures import compute
    from kiosk.stats.report import summary_text, write_fleet_report

    files = export_files(args.merge)
    if not files:
        raise UsageError(
            "--merge found no exports (*.sqlite3) in " + ", ".join(map(str, args.merge))
        )
    try:
        merged = merge([read_export(path) for path in files])
    except ExportError as exc:
        print(f"kiosk report: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        whole = compute(merged.exhibition, since)
        kiosks = {kiosk: compute(store, since) for kiosk, store in merged.kiosks.items()}
    finally:
        merged.close()
    written = write_fleet_report(whole, kiosks, args.out, retention)
    print(summary_text(whole, retention), end="")
    counted = f"{len(files)} exports of {len(kiosks)} kiosks"
    if merged.duplicates:
        counted += f"; {merged.duplicates} events exported more than once were counted once"
    print(f"ok: {counted}; {len(written)} files in {shown_path(args.out)}", file=sys.stderr)
    return EXIT_OK


def _report(args) -> int:
    from kiosk.paths import shown_path
    from kiosk.stats.figures import compute
    from kiosk.stats.report import summary_text, write_report
    from kiosk.stats.store import STATS_FILE, EventStore, StoreError

    since = _date(args.since) if args.since else None
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out is a file, not a folder: {args.out}")
    try:  # before the statistics are read: a report that cannot be written is not begun
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out cannot be made: {args.out}: {exc.strerror or exc}") from None
    settings, problems = settings_from(args)
    for line in problems.lines():
        print(line)
    if problems.errors:
        return EXIT_PROBLEMS
    if args.merge:
        return _merged_report(args, since, settings.stats.retention_days)
    database = settings.data_dir / STATS_FILE
    try:
        with EventStore.open_for_reading(database) as store:
            figures = compute(store, since)
    except (sqlite3.Error, StoreError) as exc:
        print(f"kiosk report: cannot read {shown_path(database)}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    retention = settings.stats.retention_days
    try:
        written = write_report(figures, args.out, retention)
    except OSError as exc:
        print(f"kiosk report: cannot write {shown_path(args.out)}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(summary_text(figures, retention), end="")
    written += _incidents(database, args.out)
    print(f"ok: {len(written)} files in {shown_path(args.out)}", file=sys.stderr)
    return EXIT_OK


def _incidents(database: Path, out: Path) -> list[Path]:
    """Damaged databases the kiosk set aside (kiosk.stats.recorder): said after the summary
    and written to incidents.txt, since their events are not in this report."""
    from kiosk.atomic import write_atomically
    from kiosk.stats.store import quarantined

    lines = [
        f"statistics incident: the database was found damaged and set aside as {kept.name}; "
        "a fresh one was started with the pledge totals carried over. Events in the damaged "
        "file are not in these figures."
        for kept in quarantined(database)
    ]
    if not lines:
        return []
    print("\n".join(lines))
    return [write_atomically(out / "incidents.txt", "\n".join(lines) + "\n")]


def _date(text: str) -> date:
    from kiosk.stats.figures import start_of

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--since must be a date like 2026-05-01, got '{text}'") from None
    try:
        if start_of(day) >= 0:  # the statistics hold Unix times
            return day
    except (ValueError, OverflowError, OSError):  # local midnight of 0001-01-01 is year 0
        pass
    raise UsageError(f"--since must be {date(1970, 1, 1)} or later, got '{text}'")
