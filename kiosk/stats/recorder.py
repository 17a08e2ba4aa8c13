"""StatsRecorder: takes events from the UI thread and writes them on a thread of its own.

`record()` only puts the event on a bounded queue, so the UI never waits for the disk. The
writer thread commits in batches (every `interval_s`, or sooner at `batch_size` events). When
the disk is full or read-only, or the file cannot be opened, the failure is logged once per
kind of failure, the events that cannot be written are dropped and counted, and the recorder
keeps accepting events: statistics are never worth a frozen or crashed kiosk.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from kiosk.faults import FAULTS
from kiosk.stats.store import (
    PLEDGE,
    STATS_FILE,
    Event,
    EventStore,
    looks_like_a_database,
    make_event,
    quarantine,
)

log = logging.getLogger(__name__)

_STOP = object()
DAY_S = 86_400.0
RETRY_ENV = "KIOSK_STATS_RETRY_S"
FAULT_KEY, INCIDENT_KEY = "statistics", "statistics incident"
INVALID_EVENT = "invalid event"


class StatsRecorder:
    """Records anonymous events into <data_dir>/stats.sqlite3; see kiosk.stats.store.

    With `path` None it is switched off: it accepts events and keeps nothing, so that the UI
    needs no `if` for kiosk.yaml's `stats.enabled: false`.
    """

    def __init__(
        self,
        path: Path | None,
        retention_days: int | None = None,
        *,
        batch_size: int = 50,
        interval_s: float = 1.0,
        max_queue: int = 10_000,
        reopen_after_s: float = 60.0,
        purge_every_s: float = DAY_S,
        clock: Callable[[], float] = time.time,
        on_commit: Callable[[list[Event]], None] | None = None,
    ):
        """`clock` gives the events' wall-clock time (UTC seconds); `on_commit` is called on
        the writer thread with each batch once it is committed (for health reports and tests).
        """
        self.path = Path(path) if path is not None else None
        self.retention_days = retention_days
        self.batch_size = batch_size
        self.interval_s = interval_s
        self.reopen_after_s = reopen_after_s
        self.purge_every_s = purge_every_s
        self.clock = clock
        self.on_commit = on_commit
        self._queue: queue.Queue = queue.Queue(maxsize=max_queue)
        self._lock = threading.Lock()
        self._dropped = 0
        self._written = 0
        self._failures: Counter[str] = Counter()
        self._logged: set[str] = set()
        self._closed = False
        self._store: EventStore | None = None
        self._identity: tuple[int, int] | None = None
        self._last_open_try: float | None = None
        self._last_purge: float | None = None
        # The pledge wall's totals: those on disk when the writer started, plus every pledge
        # accepted since, so that a visitor sees their own pledge counted at once.
        self._pledges_on_disk: dict[str, int] = {}
        self._pledges_accepted: Counter[str] = Counter()
        self._pledges_written: Counter[str] = Counter()  # committed since start, any database
        self.incidents: list[str] = []
        """One line per damaged database set aside while this recorder ran."""
        self._accepted: Counter[str] = Counter()  # events by kind since the start (metrics)
        self._pledges_loaded = threading.Event()
        self._thread: threading.Thread | None = None
        if self.path is None:
            self._pledges_loaded.set()
            return
        # A daemon: a writer stuck on a dead disk must never keep the kiosk from exiting.
        self._thread = threading.Thread(target=self._run, name="stats-writer", daemon=True)
        self._thread.start()

    @classmethod
    def for_settings(cls, settings, **options) -> StatsRecorder:
        """The recorder kiosk.yaml asks for: <data_dir>/stats.sqlite3, or switched off.
        KIOSK_STATS_RETRY_S in the environment sets `reopen_after_s` (tests use seconds)."""
        if not settings.stats.enabled:
            return cls(None)
        retry = os.environ.get(RETRY_ENV)
        if retry:
            options.setdefault("reopen_after_s", float(retry))
        return cls(settings.data_dir / STATS_FILE, settings.stats.retention_days, **options)

    # The UI thread's side ----------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def record(self, kind: str, **columns) -> bool:
        """Queues one event (columns: screen, target, language, seconds, item); never blocks
        and never raises. False when the event was dropped."""
        if self.path is None:
            return False
        try:
            event = make_event(kind, self.clock(), **columns)
        except (TypeError, ValueError) as exc:
            self._fail(INVALID_EVENT, exc, 1)
            return False
        if self._closed:
            self._count_dropped(1)
            return False
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            self._fail("queue full", "the writer cannot keep up", 1)
            return False
        with self._lock:
            self._accepted[kind] += 1
            if kind == PLEDGE:
                self._pledges_accepted[event.item] += 1
        return True

    def pledge_totals(self, wait_s: float = 1.0) -> dict[str, int]:
        """Pledges made so far by pledge id, including those still on their way to disk.
        Waits at most `wait_s` for the writer to read the totals on disk at start-up."""
        self._pledges_loaded.wait(wait_s)
        with self._lock:
            totals = Counter(self._pledges_on_disk)
            totals.update(self._pledges_accepted)
        return dict(sorted(totals.items()))

    def flush(self, timeout: float = 2.0) -> bool:
        """Waits until every event recorded so far is written or dropped, at most `timeout`
        seconds (call it on SIGTERM). True when everything was handled in time."""
        if self._thread is None or not self._thread.is_alive():
            return True
        done = threading.Event()
        deadline = time.monotonic() + timeout
        try:
            self._queue.put(done, timeout=timeout)
        except queue.Full:
            return False
        return done.wait(max(0.0, deadline - time.monotonic()))

    def close(self, timeout: float = 2.0) -> bool:
        """Writes what is queued, then stops the writer and closes the file. Events recorded
        after this are dropped. True when it finished within `timeout` seconds."""
        self._closed = True
        if self._thread is None:
            return True
        deadline = time.monotonic() + timeout
        try:
            self._queue.put(_STOP, timeout=timeout)
        except queue.Full:
            return False
        self._thread.join(max(0.0, deadline - time.monotonic()))
        return not self._thread.is_alive()

    def accepted(self, kind: str) -> int:
        """Events of `kind` accepted since this recorder started (the metrics' counters)."""
        with self._lock:
            return self._accepted[kind]

    @property
    def dropped(self) -> int:
        """Events accepted or offered but never written."""
        with self._lock:
            return self._dropped

    @property
    def written(self) -> int:
        with self._lock:
            return self._written

    @property
    def failures(self) -> dict[str, int]:
        """How often each kind of failure happened, e.g. {'disk full': 3}."""
        with self._lock:
            return dict(self._failures)

    # The writer thread's side ------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._ensure_open()
            self._purge_if_due()
            self._load_pledges()
            while True:
                batch, markers, stop = self._next_batch()
                if batch:
                    self._write(batch)
                for marker in markers:
                    marker.set()
                if stop:
                    break
                self._purge_if_due()
        except Exception as exc:  # a bug here must not go unseen, nor take the UI with it
            log.exception("statistics writer stopped: %s", exc)
            self._closed = True
        finally:
            self._pledges_loaded.set()
            self._drain_after_stop()
            if self._store is not None:
                self._store.close()
                self._store = None

    def _next_batch(self) -> tuple[list[Event], list[threading.Event], bool]:
        """Waits for an event, then gathers more for up to `interval_s` or `batch_size`.
        A flush or stop marker ends the batch at once."""
        batch: list[Event] = []
        markers: list[threading.Event] = []
        # Idle, it wakes only to see whether the daily purge is due.
        try:
            item = self._queue.get(timeout=None if self.retention_days is None else 60.0)
        except queue.Empty:
            return batch, markers, False
        deadline = time.monotonic() + self.interval_s
        while True:
            if item is _STOP:
                return batch, markers, True
            if isinstance(item, threading.Event):
                markers.append(item)
                return batch, markers, False
            batch.append(item)
            if len(batch) >= self.batch_size:
                return batch, markers, False
            left = deadline - time.monotonic()
            if left <= 0:
                return batch, markers, False
            try:
                item = self._queue.get(timeout=left)
            except queue.Empty:
                return batch, markers, False

    def _write(self, batch: list[Event]) -> None:
        if self._store is not None and not self._file_is_ours():
            self._replace_lost_database("its file was overwritten, damaged or removed")
        if not self._ensure_open():
            self._count_dropped(len(batch))
            return
        try:
            self._store.write(batch)
        except sqlite3.Error as exc:
            if failure_kind(exc) != DAMAGED:
                self._fail(failure_kind(exc), exc, len(batch))
                return
            self._replace_lost_database(str(exc))
            if not self._ensure_open():
                self._count_dropped(len(batch))
                return
            try:
                self._store.write(batch)
            except sqlite3.Error as again:
                self._fail(failure_kind(again), again, len(batch))
                return
        FAULTS.clear(FAULT_KEY)
        pledges = Counter(event.item for event in batch if event.kind == PLEDGE)
        with self._lock:
            self._written += len(batch)
            self._pledges_written.update(pledges)
        if self.on_commit is not None:
            try:
                self.on_commit(batch)
            except Exception:
                log.exception("statistics: on_commit failed")

    def _ensure_open(self) -> bool:
        """The store, opened now if it is not yet; a failed open is retried after
        `reopen_after_s`, not at every batch, so a dead disk costs nothing."""
        if self._store is not None:
            return True
        now = time.monotonic()
        if self._last_open_try is not None and now - self._last_open_try < self.reopen_after_s:
            return False
        self._last_open_try = now
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._store = self._open_checked()
        except OSError as exc:
            self._fail("cannot create folder", exc, 0)
        except Exception as exc:  # sqlite3.Error, StoreError: each is one kind of failure
            if failure_kind(exc) == DAMAGED and self._set_aside(str(exc)):
                return self._ensure_open_fresh()
            self._fail(failure_kind(exc), exc, 0)
        return self._store is not None

    def _open_checked(self) -> EventStore:
        if not looks_like_a_database(self.path):
            raise sqlite3.DatabaseError("file is not a database (its header is not SQLite's)")
        store = EventStore.open(self.path)
        self._identity = _identity(self.path)
        return store

    def _ensure_open_fresh(self) -> bool:
        self._last_open_try = None
        return self._ensure_open()

    def _file_is_ours(self) -> bool:
        """Whether the open database is still the file at `path` and still looks like one:
        a file overwritten or replaced while open is only noticed by SQLite at the next
        checkpoint, by which time every event since would be lost with it."""
        return _identity(self.path) == self._identity and looks_like_a_database(self.path)

    def _replace_lost_database(self, why: str) -> None:
        """The open database is damaged or gone: closed, set aside, and a fresh one started
        with the pledge totals carried over."""
        if self._store is not None:
            with contextlib.suppress(Exception):
                self._store.close()
            self._store = None
        self._set_aside(why)
        self._last_open_try = None

    def _set_aside(self, why: str) -> bool:
        """Quarantines the damaged file and opens a fresh one with the pledge totals carried
        over (those known in memory, else those still readable from the damaged file)."""
        with self._lock:
            # Before the totals on disk were read, only the damaged file itself can tell them.
            known = self._pledges_loaded.is_set()
            carried = Counter(self._pledges_on_disk) if known else Counter()
            carried.update(self._pledges_written)
        if not carried:
            with contextlib.suppress(Exception), EventStore.open_for_reading(self.path) as old:
                carried = Counter(old.pledge_totals())
        try:
            kept_as = quarantine(self.path, self.clock())
        except FileNotFoundError:
            kept_as = None  # removed: nothing to keep
        except OSError as exc:
            self._fail("cannot set the damaged database aside", exc, 0)
            return False
        try:
            self._store = self._open_checked()
            self._store.carry_pledges(dict(carried))
        except Exception as exc:  # noqa: BLE001 - reported as a failure, retried later
            self._fail(failure_kind(exc), exc, 0)
            if self._store is not None:
                self._store.close()
                self._store = None
            return False
        if not self._pledges_loaded.is_set():
            with self._lock:
                self._pledges_on_disk = dict(carried)
        where = f"kept as {kept_as.name}" if kept_as else "its file was gone"
        moment = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self.clock()))
        incident = (
            f"{moment}: the statistics database was damaged ({why}); {where}, a fresh one "
            f"was started with {sum(carried.values())} pledge(s) carried over"
        )
        log.warning("statistics: %s", incident)
        with self._lock:
            self.incidents.append(incident)
        FAULTS.set(INCIDENT_KEY, incident)
        return True

    def _purge_if_due(self) -> None:
        if self.retention_days is None:
            return
        now = time.monotonic()
        if self._last_purge is not None and now - self._last_purge < self.purge_every_s:
            return
        if not self._ensure_open():
            return
        self._last_purge = now
        try:
            deleted = self._store.purge(self.retention_days, self.clock())
        except sqlite3.Error as exc:
            self._fail(failure_kind(exc), exc, 0)
            return
        if deleted:
            log.info(
                "statistics: deleted %d events older than %d days", deleted, self.retention_days
            )

    def _load_pledges(self) -> None:
        totals = {}
        try:
            if self._store is not None:
                totals = self._store.pledge_totals()
            else:
                with EventStore.open_for_reading(self.path) as store:
                    totals = store.pledge_totals()
        except Exception as exc:
            self._fail(failure_kind(exc), exc, 0)
        with self._lock:
            self._pledges_on_disk = totals
        self._pledges_loaded.set()

    def _drain_after_stop(self) -> None:
        """Counts what is left on the queue as dropped and releases any waiting flush."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, threading.Event):
                item.set()
            elif isinstance(item, Event):
                self._count_dropped(1)

    # Both sides --------------------------------------------------------------------------

    def _count_dropped(self, count: int) -> None:
        with self._lock:
            self._dropped += count

    def _fail(self, kind: str, detail, dropped: int) -> None:
        """Counts a failure and the events it cost; logs only the first of each kind, so a
        full disk writes one line, not one a second for weeks."""
        with self._lock:
            self._dropped += dropped
            self._failures[kind] += 1
            first = kind not in self._logged
            self._logged.add(kind)
        if kind != INVALID_EVENT:  # a program error, for the log; not something staff can fix
            FAULTS.set(
                FAULT_KEY, f"{kind} at {self.path}: events that cannot be written are dropped"
            )
        if first:
            log.warning(
                "statistics: %s (%s) at %s; events that cannot be written are dropped and "
                "counted, and this is logged only once",
                kind,
                detail,
                self.path,
            )


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


DAMAGED = "damaged"


def failure_kind(exc: BaseException) -> str:
    """A short name for what went wrong, by SQLite's error code where Python tells it."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name == "SQLITE_FULL" or "full" in text:
        return "disk full"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return "read-only"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return "cannot open"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "busy"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return DAMAGED
    if "not a database" in text:
        return DAMAGED
    if name.startswith("SQLITE_IOERR") or "disk i/o" in text:
        return "i/o error"
    return name.lower().removeprefix("sqlite_") or type(exc).__name__
