"""Live reload: notices saved edits under exhibits/ and media/, validates them, and offers the
new content only when it is valid. Pure Python, no Kivy.

Why polling rather than inotify (or the watchdog library):
- inotify hears nothing on network shares (SMB, NFS), which is where a curator's files often
  live; watchdog then falls back to polling anyway.
- Editors save by writing a temporary file and renaming it over the old one. inotify watches
  follow the inode, so the watch is lost or needs care after every save; a snapshot of
  (path, mtime_ns, size, inode) sees the new file like any other change.
- No extra dependency, and the logic is testable with an injected clock. A snapshot of the
  few dozen files an exhibition has costs well under a millisecond.

With a content repository (kiosk.sync) the folders are var/content/current/exhibits and
media, through the link `current` that a sync replaces: each snapshot walks the path anew, so
the link is resolved on every check and a switched release is seen like any saved edit (its
files are new files, with new inodes).

Editors also write in several steps (truncate, write, rename, touch), so a change is loaded
only once the files have stayed the same for SETTLE_S: a half-saved file would otherwise be
reported as an error for no reason.

For the UI, use WatcherThread: it polls and validates on its own thread, so a reload never
holds up a frame, and hands each new LoadResult to a callback (on that thread: move it to the
Kivy thread with Clock.schedule_once). ContentWatcher.poll() on the Kivy clock also works, but
validation then runs on the UI thread.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.cache import ContentCache
from kiosk.content.loader import LoadResult
from kiosk.content.model import Content
from kiosk.content.problems import Diagnostics
from kiosk.paths import shown_path

log = logging.getLogger(__name__)

SETTLE_S = 0.3
POLL_INTERVAL_S = 0.25  # settle included, an edit is loaded within about 0.6 s plus validation
# Editors' swap, backup and lock files: they change while a curator types, the content does not.
IGNORED_PREFIXES = (".", "#", "~$")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload", ".kate-swp")

Snapshot = frozenset


def snapshot(*folders: Path) -> Snapshot:
    """(path, mtime_ns, size, inode) of every file under `folders` but editors' own. A folder
    that is missing or unreadable counts as empty: the load that follows says why."""
    entries = []
    for folder in folders:
        for directory, subfolders, files in os.walk(folder):
            subfolders[:] = [name for name in subfolders if not _ignored(name)]
            for name in files:
                if _ignored(name):
                    continue
                path = os.path.join(directory, name)
                try:
                    stat = os.stat(path)
                except OSError:  # removed between the listing and now
                    continue
                entries.append((path, stat.st_mtime_ns, stat.st_size, stat.st_ino))
    return frozenset(entries)


def _ignored(name: str) -> bool:
    return name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES)


@dataclass(frozen=True)
class _State:
    """Replaced whole, so a reader on another thread never sees half of an update."""

    current: Content | None = None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


class ContentWatcher:
    """Watches the content and media folders; `load` reads and validates them (for the kiosk:
    lambda: kiosk.config.load_content_for(settings)). Call poll() from one thread at a time;
    `current`, `diagnostics`, `problems` and `errors` may be read from any thread."""

    def __init__(
        self,
        content_dir: Path,
        media_dir: Path,
        load: Callable[[], LoadResult],
        clock: Callable[[], float] = time.monotonic,
        settle_s: float = SETTLE_S,
        cache: ContentCache | None = None,
    ):
        self.folders = (Path(content_dir), Path(media_dir))
        self._cache = cache
        self.settle_s = settle_s
        self._load = load
        self._clock = clock
        self._seen: Snapshot | None = None  # the files as last looked at
        self._seen_since = 0.0  # when they last changed
        self._loaded: Snapshot | None = None  # the files as they were at the last load
        self._state = _State()

    @property
    def current(self) -> Content | None:
        """The last valid content: only ever replaced by another valid load."""
        return self._state.current

    @property
    def diagnostics(self) -> Diagnostics:
        """The latest load's diagnostics, valid or not."""
        return self._state.diagnostics

    @property
    def problems(self) -> list[str]:
        """The latest load's errors and warnings, as path:line:col lines (the staff menu)."""
        return self._state.diagnostics.lines()

    @property
    def errors(self) -> list[str]:
        """The latest load's errors only (the health file's content_errors)."""
        return [str(problem) for problem in sorted(set(self._state.diagnostics.errors))]

    @property
    def stale(self) -> bool:
        """True when the files have errors, so the kiosk shows older content than they hold."""
        return bool(self._state.diagnostics.errors) and self._state.current is not None

    def load_now(self) -> LoadResult:
        """Loads at once, however recently the files changed: for the kiosk's start. With a
        cache, unchanged files are not read again."""
        files = snapshot(*self.folders)
        result = self._cache.get(files) if self._cache is not None else None
        if result is not None:
            log.info("content unchanged since its last check: read from %s", self._cache.path)
        else:
            result = self._checked_load()
            if self._cache is not None:
                self._keep(files, result, snapshot(*self.folders))
        self._seen, self._seen_since = files, self._clock()
        self._loaded = files
        self._publish(result)
        return result

    def poll(self) -> LoadResult | None:
        """None when nothing changed, or when a change has not settled yet; else the new
        LoadResult (its content is None when the edit is invalid; `current` then stays)."""
        files = snapshot(*self.folders)
        now = self._clock()
        if files != self._seen:
            self._seen, self._seen_since = files, now
            return None
        if files == self._loaded or now - self._seen_since < self.settle_s:
            return None
        result = self._checked_load()
        after = snapshot(*self.folders)
        if after != files:
            # Saved again while being read: this result may hold half a file. Wait for the
            # files to settle and load them again.
            self._seen, self._seen_since = after, self._clock()
            return None
        self._loaded = files
        self._keep(files, result, after)
        self._publish(result)
        return result

    def _keep(self, files: Snapshot, result: LoadResult, files_after: Snapshot) -> None:
        """Caches `result` if the files it was read from stayed as they were meanwhile."""
        if self._cache is not None and files_after == files:
            self._cache.put(files, result)

    def _checked_load(self) -> LoadResult:
        try:
            return self._load()
        except Exception as exc:  # the loader reports problems; anything else must not kill us
            log.exception("loading the content failed")
            diagnostics = Diagnostics()
            diagnostics.error(
                shown_path(self.folders[0]), None, f"content could not be read: {exc}"
            )
            return LoadResult(None, diagnostics)

    def _publish(self, result: LoadResult) -> None:
        valid = result.content is not None and not result.diagnostics.errors
        current = result.content if valid else self._state.current
        self._state = _State(current, result.diagnostics)
        if valid:
            content = result.content
            log.info(
                "content loaded (%s): %d themes, %d stations",
                content.content_hash,
                len(content.exhibition.themes),
                len(content.exhibition.stations),
            )
        else:
            kept = "keeping the last good content" if current else "no content to show"
            log.error("content has %d error(s); %s", len(result.diagnostics.errors), kept)
        for line in self.problems:
            log.log(logging.ERROR if ": error: " in line else logging.WARNING, "%s", line)


class WatcherThread:
    """Runs watcher.poll() every `interval_s` on a daemon thread and calls `on_result` with each
    new LoadResult, on that thread. The UI moves it to the Kivy thread:

        WatcherThread(watcher, lambda result: Clock.schedule_once(lambda dt: swap(result)))

    and swaps in `result.content` when it is not None and its content_hash differs from what
    is shown; else it shows `watcher.problems` in the staff menu."""

    def __init__(
        self,
        watcher: ContentWatcher,
        on_result: Callable[[LoadResult], None],
        interval_s: float = POLL_INTERVAL_S,
    ):
        self.watcher = watcher
        self.interval_s = interval_s
        self._on_result = on_result
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="content-watcher", daemon=True)

    def start(self) -> WatcherThread:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                result = self.watcher.poll()
                if result is not None:
                    self._on_result(result)
            except Exception:  # a failing listener must not end live reload for good
                log.exception("content watcher")
