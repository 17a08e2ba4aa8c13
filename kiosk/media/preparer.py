"""Pictures prepared on a background thread, so that a 50-megapixel photo never stalls a frame.
No Kivy.

The kiosk PC has two cores: the UI thread keeps one, and one worker prepares pictures one
after another. Pillow decodes and resizes with the GIL released, so the worker runs beside
the UI rather than taking turns with it.

For the UI (one preparer for the App, made at start and shut down at stop):

    preparer = MediaPreparer(media_cache_dir(settings))
    box = picture_box(Window.size)
    outcome = preparer.known(media_dir / image.file, box)  # no reading: fine on the UI thread
    if outcome is None:
        preparer.request(media_dir / image.file, box, on_prepared)

`on_prepared(outcome)` runs on the worker thread: hand it to the Kivy thread with
`Clock.schedule_once(lambda dt: widget.show(outcome))` before touching any widget. Show
`outcome.path` when `outcome.ok`, else a placeholder (`str(outcome.problem)` says why). Load
rotating pictures (the attract screen) with `nocache=True`, so Kivy's texture cache does not
keep every one of them. (kiosk.ui.pictures does all this for the kiosk.)
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kiosk.faults import FAULTS
from kiosk.media import cache
from kiosk.media.picture import PictureProblem
from kiosk.paths import shown_path

log = logging.getLogger(__name__)
FAULT_KEY = "picture cache"

MAX_KNOWN = 1024
"""Outcomes remembered at most: one per picture and box, so a content's pictures fit many
times over; the cap only matters after months of curators renaming files."""


@dataclass(frozen=True)
class Prepared:
    """The outcome of one request: the cached copy, or why there is none."""

    source: Path
    max_px: tuple[int, int]
    path: Path | None = None
    problem: Exception | None = None  # a PictureProblem, or a MediaCacheError for staff

    @property
    def ok(self) -> bool:
        return self.path is not None


Callback = Callable[[Prepared], None]
Signature = tuple[int, ...] | None  # the file's times, size and inode; None when it is missing


class MediaPreparer:
    """Prepares pictures into `cache_dir` on one worker thread. A request for a picture that
    is already being prepared joins it instead of starting again; a picture prepared before,
    and unchanged on disk since, is answered without reading it, and so is one that could not
    be prepared, until it changes (a broken picture is not decoded and logged at every visit)."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = Path(cache_dir)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="media-preparer")
        self._lock = threading.Lock()
        self._waiting: dict[tuple[Path, tuple[int, int]], list[Callback]] = {}
        # (source, max_px) -> the file's signature when last prepared, and the outcome. One
        # entry per picture and box, however often it is edited: bounded by the content.
        self._known: OrderedDict[tuple[Path, tuple[int, int]], tuple[Signature, Prepared]] = (
            OrderedDict()
        )
        self._problems: dict[Path, str] = {}  # source -> why its last preparation failed

    def known(self, source: Path, max_px: tuple[int, int]) -> Prepared | None:
        """The outcome of the last preparation of `source` at `max_px`, if the file is
        unchanged since and its copy is still in the cache; else None (then request() it).
        Two stat calls and no reading: cheap enough for a UI thread."""
        key = (Path(source), tuple(max_px))
        with self._lock:
            entry = self._known.get(key)
        if entry is None or entry[0] != _signature(key[0]):
            return None
        outcome = entry[1]
        if outcome.ok and not _nonempty(outcome.path):  # pruned, or emptied by a power cut
            return None
        return outcome

    def request(self, source: Path, max_px: tuple[int, int], callback: Callback) -> None:
        """Returns at once; `callback(Prepared)` is called later on the worker thread. Raises
        RuntimeError after shutdown()."""
        key = (Path(source), tuple(max_px))
        with self._lock:
            if key in self._waiting:
                self._waiting[key].append(callback)
                return
            self._waiting[key] = [callback]
        try:
            self._executor.submit(self._prepare, *key)
        except RuntimeError:
            with self._lock:
                del self._waiting[key]
            raise

    @property
    def idle(self) -> bool:
        """Nothing asked for is still being prepared."""
        with self._lock:
            return not self._waiting

    def forget_problems_except(self, sources) -> None:
        """Only pictures among `sources` (the content's, after a change) stay in `problems`: a
        broken picture the curators took out is no longer a problem."""
        kept = {Path(source) for source in sources}
        with self._lock:
            for source in [source for source in self._problems if source not in kept]:
                del self._problems[source]

    @property
    def problems(self) -> list[str]:
        """Why pictures could not be prepared, one message each (for the staff menu and the
        health file): the validator cannot see a JPEG that stops halfway, this can."""
        with self._lock:
            return sorted(self._problems.values())

    def shutdown(self, wait: bool = True) -> None:
        """Stops the worker; requests not started yet are dropped and never called back."""
        self._executor.shutdown(wait=wait, cancel_futures=True)

    def _prepare(self, source: Path, max_px: tuple[int, int]) -> None:
        outcome = self.known(source, max_px)
        if outcome is None:
            signature = _signature(source)  # before reading: an edit meanwhile shows as a change
            outcome = self._outcome(source, max_px)
            self._remember(source, max_px, signature, outcome)
        with self._lock:
            callbacks = self._waiting.pop((source, max_px), [])
        for callback in callbacks:
            try:
                callback(outcome)
            except Exception:  # one faulty listener must not cost the others their picture
                log.exception("media callback failed for %s", shown_path(source))

    def _remember(self, source, max_px, signature: Signature, outcome: Prepared) -> None:
        with self._lock:
            if outcome.ok:
                self._problems.pop(source, None)
            elif isinstance(outcome.problem, PictureProblem):
                self._problems[source] = str(outcome.problem)
            else:
                return  # a full disk or a bug: worth trying again next time
            key = (source, max_px)
            self._known.pop(key, None)
            self._known[key] = (signature, outcome)
            while len(self._known) > MAX_KNOWN:
                self._known.popitem(last=False)

    def _outcome(self, source: Path, max_px: tuple[int, int]) -> Prepared:
        try:
            path = cache.prepare(source, self.cache_dir, max_px)
        except cache.MediaCacheError as exc:
            if FAULTS.set(FAULT_KEY, f"{exc}; pictures are shown again once it can be"):
                log.warning("%s", exc)
            return Prepared(source, max_px, problem=exc)
        except PictureProblem as exc:
            log.warning("%s", exc)
            return Prepared(source, max_px, problem=exc)
        except Exception as exc:  # never let one odd file end the worker
            log.exception("preparing %s failed", shown_path(source))
            return Prepared(source, max_px, problem=exc)
        FAULTS.clear(FAULT_KEY)
        return Prepared(source, max_px, path)


def _signature(path: Path) -> Signature:
    try:
        stat = os.stat(path)
    except OSError:
        return None  # prepare() says what is wrong, in the curator's words
    # ctime too: a chmod that makes an unreadable picture readable changes only that.
    return stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino


def _nonempty(path: Path) -> bool:
    try:
        return os.stat(path).st_size > 0
    except OSError:
        return False
