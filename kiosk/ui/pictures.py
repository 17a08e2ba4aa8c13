"""The curators' pictures on screen: each is shown as its prepared copy (kiosk.media), fitted to
the window's picture box on the preparer's thread and handed to the Kivy thread when ready.
KioskServices makes the app's one Pictures and use()s it; every PreparedImage
(kiosk.ui.widgets) asks current() for its picture."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from kivy.clock import Clock

from kiosk.media import MediaPreparer, Prepared, picture_box


class Pictures:
    """The app's pictures: one MediaPreparer, for the cache in the data folder, whose answers
    reach the widgets on the Kivy thread."""

    def __init__(self, cache_dir: Path):
        self.preparer = MediaPreparer(cache_dir)
        self.hold: Callable[[], bool] = lambda: False
        """While this is true (a slide runs), a picture that arrives waits: shown at once, it
        would have the whole page it lands on drawn again in the middle of the slide."""

    def ask(self, source: Path, on_ready) -> Prepared | None:
        """The prepared copy of `source` for this window's size, or why there is none, at once
        when that is known without reading the file (then on this same frame); else None, and
        `on_ready(Prepared)` is called later on the Kivy thread."""
        from kivy.core.window import Window  # importing it opens the window: not at import

        box = picture_box(Window.size)
        known = self.preparer.known(source, box)
        if known is not None:
            return known

        def prepared(outcome: Prepared) -> None:  # on the preparer's thread
            Clock.schedule_once(lambda _dt: self._hand_over(outcome, on_ready))

        # Stopped: the kiosk is closing, and the stand-in stays for its last frames.
        with suppress(RuntimeError):
            self.preparer.request(source, box, prepared)
        return None

    def _hand_over(self, outcome: Prepared, on_ready) -> None:
        if self.hold():
            Clock.schedule_once(lambda _dt: self._hand_over(outcome, on_ready), 0)
        else:
            on_ready(outcome)

    def warm_up(self, sources: Iterable[Path]) -> None:
        """Has every picture in `sources` (all the content's) prepared for this window's size
        in the background, so that the first visitor to open it after a restart, a new window
        size or a content change sees it at once; pictures no longer among them are no longer
        listed as problems."""
        sources = list(sources)
        self.preparer.forget_problems_except(sources)
        for source in sources:
            self.ask(source, lambda _outcome: None)

    @property
    def problems(self) -> list[str]:
        """Pictures that could not be shown, one message each (validate cannot see a JPEG
        that stops halfway)."""
        return self.preparer.problems

    def stop(self) -> None:
        # Not waiting: a 50-megapixel photo halfway through must not hold up the stop.
        self.preparer.shutdown(wait=False)


KIVY_PICTURE_CACHES = ("kv.image", "kv.texture")
KIVY_CACHE_TIMEOUT_S = 60  # Kivy's own: a picture not used for a minute goes


def bound_kivy_caches(entries: int) -> None:
    """Kivy keeps every picture it has loaded (kv.image, kv.texture) for a minute after its
    last use, however many and however large: at 2160x3840 a minute of visitors held a
    gigabyte. Now each holds at most `entries` (kiosk.cache_budget.CacheBudget's
    picture_entries), the least recently used going first. Registering a cache anew empties it:
    call this when the window gets its size, not while pictures are being loaded."""
    from kivy.cache import Cache

    for category in KIVY_PICTURE_CACHES:
        Cache.register(category, limit=max(1, int(entries)), timeout=KIVY_CACHE_TIMEOUT_S)


_current: Pictures | None = None


def use(pictures: Pictures | None) -> None:
    """Makes `pictures` the one every PreparedImage asks; with None they show stand-ins."""
    global _current
    _current = pictures


def current() -> Pictures | None:
    return _current
