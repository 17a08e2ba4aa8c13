"""`kiosk export-stats --out FILE`: copies the anonymous statistics into a portable SQLite file
with the kiosk's id (kiosk.yaml's kiosk.id), for `kiosk report --merge`. See kiosk.stats.export."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from kiosk.commands.common import settings_from
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS, UsageError


def add_command(commands) -> None:
    export = commands.add_parser(
        "export-stats", help="copy the anonymous statistics into a file for `report --merge`"
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="file to write")
    export.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    export.set_defaults(handler=_export)


def _export(args) -> int:
    from kiosk.config import kiosk_id
    from kiosk.paths import shown_path
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
