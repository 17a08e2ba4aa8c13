"""Pictures prepared on a background thread, so that a 50-megapixel photo never stalls a frame.
No Kivy.

The kiosk PC has two cores: the UI thread keeps one, and one worker prepares pictures one
after another. Pillow decodes and resizes with the GIL released, so the worker runs beside
the UI rather than taking turns with it.

For the UI (one preparer for the App, made at start and shut down at stop):

    preparer = MediaPreparer(media_cache_dir(settings))
    box = picture_box(Window.size)
    preparer.request(media_dir / image.file, box, on_prepared)

`on_prepared(outcome)` runs on the worker thread: hand it to the Kivy thread with
`Clock.schedule_once(lambda dt: widget.show(outcome))` before touching any widget. Show
`outcome.path` when `outcome.ok`, else a placeholder (`str(outcome.problem)` says why). Load
rotating pictures (the attract screen) with `nocache=True`, so Kivy's texture cache does not
keep every one of them.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.loader import shown_path
from kiosk.media import cache
from kiosk.media.picture import PictureProblem

log = logging.getLogger(__name__)


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


class MediaPreparer:
    """Prepares pictures into `cache_dir` on one worker thread. A request for a picture that
    is already being prepared joins it instead of starting again; a picture prepared before,
    and unchanged on disk since, is answered without reading it."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = Path(cache_dir)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="media-preparer")
        self._lock = threading.Lock()
        self._waiting: dict[tuple[Path, tuple[int, int]], list[Callback]] = {}
        self._known: dict[tuple, Path] = {}  # (source, stat, max_px) -> cached copy
        self._problems: dict[Path, str] = {}  # source -> why its last preparation failed

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
    def problems(self) -> list[str]:
        """Why pictures could not be prepared, one message each (for the staff menu and the
        health file): the validator cannot see a JPEG that stops halfway, this can."""
        with self._lock:
            return sorted(self._problems.values())

    def shutdown(self, wait: bool = True) -> None:
        """Stops the worker; requests not started yet are dropped and never called back."""
        self._executor.shutdown(wait=wait, cancel_futures=True)

    def _prepare(self, source: Path, max_px: tuple[int, int]) -> None:
        outcome = self._outcome(source, max_px)
        with self._lock:
            callbacks = self._waiting.pop((source, max_px), [])
            if outcome.ok:
                self._problems.pop(source, None)
            elif isinstance(outcome.problem, PictureProblem):
                self._problems[source] = str(outcome.problem)
        for callback in callbacks:
            try:
                callback(outcome)
            except Exception:  # one faulty listener must not cost the others their picture
                log.exception("media callback failed for %s", shown_path(source))

    def _outcome(self, source: Path, max_px: tuple[int, int]) -> Prepared:
        try:
            stat = os.stat(source)
            known_key = (source, stat.st_mtime_ns, stat.st_size, stat.st_ino, max_px)
        except OSError:
            known_key = None  # prepare() says what is wrong, in the curator's words
        known = self._known.get(known_key)
        if known is not None and known.is_file():
            return Prepared(source, max_px, known)
        try:
            path = cache.prepare(source, self.cache_dir, max_px)
        except (PictureProblem, cache.MediaCacheError) as exc:
            log.warning("%s", exc)
            return Prepared(source, max_px, problem=exc)
        except Exception as exc:  # never let one odd file end the worker
            log.exception("preparing %s failed", shown_path(source))
            return Prepared(source, max_px, problem=exc)
        if known_key is not None:
            self._known[known_key] = path
        return Prepared(source, max_px, path)
