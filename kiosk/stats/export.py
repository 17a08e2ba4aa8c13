"""One report for many kiosks: `kiosk export-stats` writes a kiosk's anonymous events into a
portable SQLite file, and `kiosk report --merge` reads many of them into one set of figures,
for the whole exhibition and for each kiosk. No Kivy.

An export is a copy of the kiosk's statistics database (the same tables, schema version and
CHECK constraints) plus one `export_info` row: the kiosk's id from kiosk.yaml, the database's
own random id (store_identity), the time of the export and the kiosk version. Nothing about a
visitor is added.

Merging counts an event once however often it arrives: it is known by its database's id and
its row number there. The database's id, not the kiosk's: a database recreated after a
quarantine starts its row numbers again, and has a new id. Exports from an older schema are
migrated in memory; one from a newer kiosk is refused with a clear message.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import __version__
from kiosk.stats.store import (
    SCHEMA_VERSION,
    Event,
    EventStore,
    migrate,
    schema_version,
)

EXPORT_FORMAT = 1
EXPORT_SUFFIX = ".sqlite3"


class ExportError(Exception):
    """A file that cannot be merged; the message names it and says why."""


def export_store(store: EventStore, kiosk_id: str, out: Path, now: float | None = None) -> Path:
    """Writes `store` with its export_info to `out`, whole or not at all (a temporary file
    beside it, renamed over it)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        target = sqlite3.connect(str(temporary), isolation_level=None)
        try:
            store.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            target.execute(
                """CREATE TABLE export_info (
                    format INTEGER NOT NULL,
                    kiosk_id TEXT NOT NULL,
                    database_id TEXT NOT NULL,
                    exported_at INTEGER NOT NULL,
                    kiosk_version TEXT NOT NULL
                ) STRICT"""
            )
            target.execute(
                "INSERT INTO export_info VALUES (?, ?, ?, ?, ?)",
                (
                    EXPORT_FORMAT,
                    kiosk_id,
                    store.identity(),
                    int(time.time() if now is None else now),
                    __version__,
                ),
            )
        finally:
            target.close()
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, out)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return out


@dataclass(frozen=True)
class Export:
    path: Path
    kiosk_id: str
    database_id: str
    exported_at: int
    kiosk_version: str
    events: tuple[tuple[int, Event], ...]  # (row id in its database, event)
    purged_pledges: dict[str, int] = field(default_factory=dict)


def read_export(path: Path) -> Export:
    """The export at `path`, migrated in memory when an older kiosk wrote it. Raises
    ExportError naming the file."""
    path = Path(path)
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ExportError(f"{path}: cannot open: {exc}") from exc
    try:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        source.backup(conn)
    except sqlite3.DatabaseError as exc:
        raise ExportError(f"{path}: not a statistics export ({exc})") from exc
    finally:
        source.close()
    try:
        info = conn.execute(
            "SELECT format, kiosk_id, database_id, exported_at, kiosk_version FROM export_info"
        ).fetchone()
    except sqlite3.DatabaseError:
        raise ExportError(
            f"{path}: not a statistics export (no export_info); make one with "
            "`kiosk export-stats --out FILE`"
        ) from None
    if info is None:
        raise ExportError(f"{path}: the export's export_info is empty")
    format_, kiosk_id, database_id, exported_at, kiosk_version = info
    if format_ != EXPORT_FORMAT:
        raise ExportError(
            f"{path}: export format {format_} from kiosk {kiosk_version}; this kiosk "
            f"({__version__}) reads format {EXPORT_FORMAT}: merge with a kiosk of that version"
        )
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise ExportError(
            f"{path}: exported by kiosk {kiosk_version} with statistics schema {version}; "
            f"this kiosk ({__version__}) knows schema {SCHEMA_VERSION}: update it to merge"
        )
    try:
        if version < SCHEMA_VERSION:
            migrate(conn)
        rows = conn.execute(f"SELECT id, {', '.join(Event._fields)} FROM events ORDER BY id")
        events = tuple((row[0], Event(*row[1:])) for row in rows)
        purged = dict(conn.execute("SELECT pledge, count FROM purged_pledges"))
    except sqlite3.DatabaseError as exc:
        raise ExportError(f"{path}: cannot read the events: {exc}") from exc
    finally:
        conn.close()
    return Export(path, kiosk_id, database_id, exported_at, kiosk_version, events, purged)


def export_files(paths: list[Path]) -> list[Path]:
    """The files named, with a folder standing for the *.sqlite3 files in it."""
    files = []
    for path in paths:
        if Path(path).is_dir():
            files.extend(sorted(Path(path).glob(f"*{EXPORT_SUFFIX}")))
        else:
            files.append(Path(path))
    return files


@dataclass
class Merged:
    """The merged events: one store for the whole exhibition and one per kiosk id."""

    exhibition: EventStore
    kiosks: dict[str, EventStore]
    databases: dict[str, str]  # database id -> kiosk id
    duplicates: int  # events that arrived more than once and were counted once

    def close(self) -> None:
        self.exhibition.close()
        for store in self.kiosks.values():
            store.close()


def merge(exports: list[Export]) -> Merged:
    """Events counted once by (database id, row id); the purged pledge counts of each
    database taken from its newest export (they only grow)."""
    exhibition = EventStore.in_memory()
    kiosks: dict[str, EventStore] = {}
    databases: dict[str, str] = {}
    seen: set[tuple[str, int]] = set()
    duplicates = 0
    newest: dict[str, Export] = {}
    for export in sorted(exports, key=lambda e: (e.exported_at, str(e.path))):
        known = databases.setdefault(export.database_id, export.kiosk_id)
        if known != export.kiosk_id:
            raise ExportError(
                f"{export.path}: its database {export.database_id[:8]} was exported before "
                f"as kiosk '{known}', now as '{export.kiosk_id}'; was kiosk.id changed?"
            )
        kiosk = kiosks.get(export.kiosk_id) or kiosks.setdefault(
            export.kiosk_id, EventStore.in_memory()
        )
        fresh = []
        for row_id, event in export.events:
            key = (export.database_id, row_id)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            fresh.append(event)
        exhibition.write(fresh)
        kiosk.write(fresh)
        newest[export.database_id] = export
    for export in newest.values():
        for store in (exhibition, kiosks[export.kiosk_id]):
            store.conn.executemany(
                """INSERT INTO purged_pledges (pledge, count) VALUES (?, ?)
                   ON CONFLICT (pledge) DO UPDATE SET count = count + excluded.count""",
                sorted(export.purged_pledges.items()),
            )
    return Merged(exhibition, dict(sorted(kiosks.items())), databases, duplicates)
