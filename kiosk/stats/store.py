"""The event store: anonymous events in one SQLite file, <data_dir>/stats.sqlite3.

What an event holds, and why nothing more
-----------------------------------------
A row is a time, a kind, and a few typed columns: screen, target, language, seconds, item.
Every text column is either one word from a fixed set or a content id (lower-case letters,
digits and '-', at most 64 characters), and the database itself refuses anything else with
CHECK constraints: no sentence, name, e-mail or phone number can be stored, not even by a bug.
Visitors type nothing anyway (the kiosk has no keyboard), and no device id or address is kept.

The time is UTC, rounded to the second. That is not identifying: with no person data at all
there is nothing to tie it to, and the report needs it for visits per day and per hour.

There is no visit id. A random per-visit id would let a reader link the events of one visit,
and nothing the report shows needs that: visits are counted by their start events, and a
visit's length travels on its end event. A column the database does not have never has to be
defended (data minimisation, GDPR art. 5(1)(c)).

Durability
----------
WAL with synchronous=NORMAL: when a commit returns, it is in the WAL file in the operating
system's hands, so a crash, a SIGKILL or a watchdog restart loses nothing committed and never
damages the file. Only a power cut can lose the last commits since the WAL was last synced (at
each checkpoint), and even then the database stays consistent. For anonymous counts that is
the right trade: FULL would sync the disk at every batch, all day for months, wearing the kiosk
PC's SSD for figures no curator would miss. In WAL the report can read while the kiosk writes.

Migrations
----------
`MIGRATIONS[n]` turns version n into version n + 1; `schema_version` holds the version. A new
event kind or column is a new migration (SQLite changes a CHECK by rebuilding the table: create,
copy, drop, rename), never an edit of an old one.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from kiosk.content import spec_types
from kiosk.screens import ATTRACT, GOAL, HOME, QUIZ, RESULT, STATION, THEME

STATS_FILE = "stats.sqlite3"

VISIT_START, VISIT_END, SCREEN_VIEW, LANGUAGE = (
    "visit_start",
    "visit_end",
    "screen_view",
    "language",
)
QUIZ_STARTED, QUIZ_COMPLETED = "quiz_started", "quiz_completed"
TIP_CHOSEN, PLEDGE, QR_SHOWN = "tip_chosen", "pledge", "qr_shown"
KINDS = (
    VISIT_START,
    VISIT_END,
    SCREEN_VIEW,
    LANGUAGE,
    QUIZ_STARTED,
    QUIZ_COMPLETED,
    TIP_CHOSEN,
    PLEDGE,
    QR_SHOWN,
)
SCREENS_V1 = (ATTRACT, HOME, THEME, STATION, GOAL, QUIZ)
SCREENS = (*SCREENS_V1, RESULT)  # version 2: the quiz's result is a screen of its own
MAX_ID_LEN = spec_types.MAX_ID_LEN  # what the content validator allows: every valid id is kept
MAX_SECONDS = 86_400.0  # nobody reads one screen for a day; a larger value is a bug

_ID = re.compile(spec_types.ID_PATTERN)
_LANGUAGE = re.compile(r"^[a-z]{2}$")


class StoreError(Exception):
    """The file cannot be used as an event store (for example, a newer kiosk wrote it)."""


class Event(NamedTuple):
    """One anonymous event; the columns a kind does not use are None."""

    at: int  # Unix time (UTC), whole seconds
    kind: str
    screen: str | None = (
        None  # a navigator screen: attract, home, theme, station, goal, quiz, result
    )
    target: str | None = None  # the theme or station id the screen showed
    language: str | None = None
    seconds: float | None = None  # dwell on a screen, length of a visit or of the quiz
    item: str | None = None  # a pledge, tip or QR code id


def make_event(kind: str, at: float, **columns) -> Event:
    """An Event, checked as the database will check it, so that one bad event cannot fail a
    whole batch. Raises ValueError."""
    if kind not in KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    event = Event(int(at), kind, **columns)
    if event.screen is not None and event.screen not in SCREENS:
        raise ValueError(f"unknown screen {event.screen!r}")
    for name in ("target", "item"):
        value = getattr(event, name)
        if value is not None and not (
            isinstance(value, str) and len(value) <= MAX_ID_LEN and _ID.match(value)
        ):
            raise ValueError(f"{name} must be a content id, got {value!r}")
    if event.language is not None and not (
        isinstance(event.language, str) and _LANGUAGE.match(event.language)
    ):
        raise ValueError(f"language must be a two-letter code, got {event.language!r}")
    if event.seconds is not None:
        seconds = float(event.seconds)
        if not 0 <= seconds <= MAX_SECONDS:
            raise ValueError(f"seconds out of range: {seconds}")
        event = event._replace(seconds=round(seconds, 1))
    return event


def _id_check(column: str) -> str:
    # GLOB, not REGEXP: SQLite has no REGEXP built in. Together these equal ID_PATTERN except
    # that they allow '--' and a trailing '-', which can hold no more than an id can.
    return (
        f"{column} IS NULL OR ({column} GLOB '[a-z0-9]*' "
        f"AND {column} NOT GLOB '*[^a-z0-9-]*' AND length({column}) <= {MAX_ID_LEN})"
    )


def _one_of(column: str, values: Iterable[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _events_table(name: str, screens: tuple[str, ...]) -> str:
    return f"""CREATE TABLE {name} (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL CHECK (at >= 0),
            kind TEXT NOT NULL CHECK ({_one_of("kind", KINDS)}),
            screen TEXT CHECK (screen IS NULL OR {_one_of("screen", screens)}),
            target TEXT CHECK ({_id_check("target")}),
            language TEXT CHECK (language IS NULL OR language GLOB '[a-z][a-z]'),
            seconds REAL CHECK (seconds IS NULL OR seconds BETWEEN 0 AND {MAX_SECONDS}),
            item TEXT CHECK ({_id_check("item")})
        ) STRICT"""


_EVENT_INDEXES = (
    "CREATE INDEX events_by_kind_item ON events (kind, item)",
    "CREATE INDEX events_by_time ON events (at)",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 0 -> 1: the events, and the pledge counts of events the retention purge has deleted.
    (
        _events_table("events", SCREENS_V1),
        *_EVENT_INDEXES,
        f"""CREATE TABLE purged_pledges (
            pledge TEXT NOT NULL PRIMARY KEY CHECK ({_id_check("pledge")}),
            count INTEGER NOT NULL CHECK (count >= 0)
        ) STRICT""",
    ),
    # 1 -> 2: the screen 'result' (the quiz's result) is allowed: the table is rebuilt.
    (
        _events_table("events_v2", SCREENS),
        "INSERT INTO events_v2 SELECT * FROM events",
        "DROP TABLE events",
        "ALTER TABLE events_v2 RENAME TO events",
        *_EVENT_INDEXES,
    ),
    # 2 -> 3: the database's own random id, so that merging exports (kiosk.stats.export)
    # counts an event once however often it was exported. A database recreated after a
    # quarantine restarts its row numbers, and gets a new id with them.
    (
        """CREATE TABLE store_identity (
            id TEXT NOT NULL CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*')
        ) STRICT""",
        "INSERT INTO store_identity VALUES (lower(hex(randomblob(16))))",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
WRITER_CACHE_KIB = 256
_COLUMNS = Event._fields


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode: every transaction here is an explicit BEGIN … COMMIT,
    kept short so that the report can always read."""
    return sqlite3.connect(str(path), timeout=5.0, isolation_level=None)


def schema_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    if row and not isinstance(row[0], int):
        raise StoreError(f"the statistics database's schema version is not a number ({row[0]!r})")
    return row[0] if row else 0


def migrate(conn: sqlite3.Connection) -> None:
    """Brings the database to SCHEMA_VERSION in one transaction: all of a migration or none."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(conn)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"statistics were written by a newer kiosk (schema {version}; "
                f"this one knows {SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION:
            if version == 0:
                conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT")
                conn.execute("INSERT INTO schema_version VALUES (0)")
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    conn.execute(statement)
            conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class EventStore:
    """Events in one SQLite database. Not thread-safe: one thread owns one store."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    @classmethod
    def open(cls, path: Path) -> EventStore:
        """The store at `path` for writing, created and migrated as needed."""
        conn = connect(path)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # why: see the module docstring
            # SQLite's own page cache (2 MB by default) fills as the file grows, and the kiosk's
            # memory with it. The writer only appends and reads pledge totals through an
            # index, and the operating system caches the file anyway: a small cache does.
            conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn)

    @classmethod
    def open_for_reading(cls, path: Path) -> EventStore:
        """The store at `path` for reading only, creating nothing on disk: an empty store in
        memory when the file does not exist yet, and an in-memory migrated copy when an older
        kiosk wrote it.

        A read/write connection in query-only mode, not SQLite's mode=ro: a read-only
        connection leaves -wal and -shm files behind, owned by whoever ran the report, which
        the kiosk might then be unable to write. A read/write one removes them on close."""
        path = Path(path)
        if not path.is_file():
            return cls.in_memory()
        conn = connect(path)
        try:
            conn.execute("PRAGMA query_only = ON")
            version = schema_version(conn)
        except sqlite3.OperationalError:
            conn.close()
            if os.access(path.parent, os.W_OK):
                raise
            # A read-only folder: nobody can be writing there, so the file cannot change.
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
            version = schema_version(conn)
        except BaseException:
            conn.close()
            raise
        if version == SCHEMA_VERSION:
            return cls(conn)
        copy = sqlite3.connect(":memory:", isolation_level=None)
        try:
            conn.backup(copy)
            migrate(copy)
        finally:
            conn.close()
        return cls(copy)

    @classmethod
    def in_memory(cls) -> EventStore:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        migrate(conn)
        return cls(conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Writing ------------------------------------------------------------------------------

    def write(self, events: Iterable[Event]) -> None:
        """All the events in one short transaction, or none of them."""
        columns = ", ".join(_COLUMNS)
        marks = ", ".join("?" for _ in _COLUMNS)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.executemany(f"INSERT INTO events ({columns}) VALUES ({marks})", events)
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def purge(self, older_than_days: int, now: float | None = None) -> int:
        """Deletes events older than `older_than_days`; returns how many. The pledges among them
        are added to purged_pledges first, so that the running totals never go down."""
        cutoff = int(time.time() if now is None else now) - older_than_days * 86_400
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(
                """INSERT INTO purged_pledges (pledge, count)
                   SELECT item, count(*) FROM events
                   WHERE kind = ? AND at < ? AND item IS NOT NULL GROUP BY item
                   ON CONFLICT (pledge) DO UPDATE SET count = count + excluded.count""",
                (PLEDGE, cutoff),
            )
            deleted = self.conn.execute("DELETE FROM events WHERE at < ?", (cutoff,)).rowcount
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return deleted

    def carry_pledges(self, totals: dict[str, int]) -> None:
        """Adds `totals` (pledge id -> count, from a database that was lost) to the pledges
        counted outside the events, so that the pledge wall's totals never go down."""
        rows = [(pledge, count) for pledge, count in totals.items() if count > 0]
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.executemany(
                """INSERT INTO purged_pledges (pledge, count) VALUES (?, ?)
                   ON CONFLICT (pledge) DO UPDATE SET count = count + excluded.count""",
                rows,
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # The failure that brought us here is the one worth reporting, not this one's.
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    # Reading ------------------------------------------------------------------------------

    def pledge_totals(self) -> dict[str, int]:
        """Pledges ever made, by pledge id: those still in the events (read through the
        kind/item index) plus those the retention purge has deleted."""
        rows = self.conn.execute(
            """SELECT pledge, sum(n) FROM (
                   SELECT item AS pledge, count(*) AS n FROM events
                   WHERE kind = ? AND item IS NOT NULL GROUP BY item
                   UNION ALL
                   SELECT pledge, count AS n FROM purged_pledges
               ) GROUP BY pledge ORDER BY pledge""",
            (PLEDGE,),
        )
        return {pledge: total for pledge, total in rows}

    def events(self, since: float | None = None) -> list[Event]:
        """Every event at or after `since` (Unix time), oldest first."""
        rows = self.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM events WHERE at >= ? ORDER BY at, id",
            (int(since or 0),),
        )
        return [Event(*row) for row in rows]

    def identity(self) -> str:
        """This database's random id (schema 3)."""
        return self.conn.execute("SELECT id FROM store_identity").fetchone()[0]

    def integrity(self) -> str:
        """'ok', or what SQLite found wrong."""
        return "\n".join(row[0] for row in self.conn.execute("PRAGMA integrity_check"))


def pledge_totals(database: Path) -> dict[str, int]:
    """Pledges ever made, by pledge id, read from the statistics database; {} when there is
    none yet (nothing is created). The running kiosk asks its StatsRecorder instead, which
    also counts the pledges still on their way to disk."""
    with EventStore.open_for_reading(database) as store:
        return store.pledge_totals()


# Damaged databases ---------------------------------------------------------------------------

SQLITE_HEADER = b"SQLite format 3\x00"
QUARANTINE_MARK = ".damaged-"
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def looks_like_a_database(path: Path) -> bool:
    """Whether the file at `path` starts as every SQLite database does (an empty or missing
    file is one SQLite would make anew)."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return True
    except OSError:
        return True  # cannot tell; SQLite's own errors say more
    return head in (b"", SQLITE_HEADER)


def quarantine(path: Path, now: float | None = None) -> Path:
    """Renames the damaged database at `path` (and its -wal and -shm files) to
    `<name>.damaged-<UTC time>`, kept for inspection; returns the new name of the main file.
    Raises OSError when it cannot be renamed."""
    path = Path(path)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() if now is None else now))
    target = path.with_name(f"{path.name}{QUARANTINE_MARK}{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}{QUARANTINE_MARK}{stamp}-{number}")
    os.rename(path, target)
    for suffix in _COMPANIONS[1:]:
        with contextlib.suppress(FileNotFoundError):
            os.rename(f"{path}{suffix}", f"{target}{suffix}")
    return target


def quarantined(path: Path) -> list[Path]:
    """The damaged databases set aside beside `path`, oldest first."""
    path = Path(path)
    found = path.parent.glob(f"{path.name}{QUARANTINE_MARK}*")
    return sorted(p for p in found if not p.name.endswith(_COMPANIONS[1:]))
