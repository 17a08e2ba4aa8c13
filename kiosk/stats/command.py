"""`kiosk report [--since YYYY-MM-DD] --out DIR`: the curator report from the statistics.

It reads <data_dir>/stats.sqlite3 without changing it, while the kiosk runs or not, and
creates nothing in the data folder: with no database yet it reports zeros.

`kiosk export-stats --out FILE` copies the statistics into a portable file with the kiosk's
id; `kiosk report --merge FILE... --out DIR` reports on many kiosks' exports at once (the
whole exhibition, and each kiosk). See kiosk.stats.export.
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
    report.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="report on these exports (kiosk export-stats; a folder: its *.sqlite3 files)",
    )
    report.set_defaults(handler=_report)

    export = commands.add_parser(
        "export-stats", help="copy the anonymous statistics into a file for `report --merge`"
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="file to write")
    export.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    export.set_defaults(handler=_export)


def _export(args) -> int:
    from kiosk.cli import EXIT_OK, EXIT_PROBLEMS, UsageError, settings_from
    from kiosk.config import kiosk_id
    from kiosk.content.loader import shown_path
    from kiosk.stats.export import export_store
    from kiosk.stats.store import STATS_FILE, EventStore, StoreError

    if args.out.is_dir():
        raise UsageError(f"--out is a folder; name the file to write, e.g. {args.out}/k1.sqlite3")
    settings, problems = settings_from(args)
    for line in problems.lines():
        print(line)
    if problems.errors:
        return EXIT_PROBLEMS
    database = settings.data_dir / STATS_FILE
    try:
        with EventStore.open_for_reading(database) as store:
            export_store(store, kiosk_id(settings), args.out)
            count = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    except (sqlite3.Error, StoreError, OSError) as exc:
        print(f"kiosk export-stats: cannot export {shown_path(database)}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"ok: {count} events of kiosk {kiosk_id(settings)} in {args.out}", file=sys.stderr)
    return EXIT_OK


def _merged_report(args, since, retention) -> int:
    from kiosk.cli import EXIT_OK, EXIT_PROBLEMS, UsageError
    from kiosk.content.loader import shown_path
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
    from kiosk.cli import EXIT_OK, EXIT_PROBLEMS, UsageError, settings_from
    from kiosk.content.loader import shown_path
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
