"""The curators' pictures on screen: each is shown as its prepared copy (kiosk.media), fitted to
the window's picture box on the preparer's thread and handed to the Kivy thread when ready.
KioskServices makes the app's one Pictures and use()s it; every PreparedImage
(kiosk.ui.widgets) asks current() for its picture."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from kivy.clock import Clock

from kiosk.cache_budget import texture_bytes
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


KIVY_PICTURE_CACHES = ("kv.texture", "kv.image")


def trim_kivy_caches(budget_bytes: int) -> int:
    """Kivy keeps every picture it has loaded (its kv.image and kv.texture caches, by file) for
    a minute after its last use, however many and however large: at 2160x3840 a minute of
    visitors held hundreds of megabytes. This lets the least recently used go from both until
    their textures (each counted once) fit `budget_bytes` (kiosk.cache_budget.CacheBudget's
    picture_textures); a picture still on a page stays there, and one no longer cached is read
    from its prepared copy when next shown. Returns the bytes they hold now. Kivy has no public
    way to list a cache's entries: this reads Cache._objects."""
    from kivy.cache import Cache

    entries = {}  # key -> [last access, bytes]
    for category in KIVY_PICTURE_CACHES:
        for key, entry in list(Cache._objects.get(category, {}).items()):
            texture = entry["object"]
            texture = getattr(texture, "texture", texture)  # kv.image holds loaded images
            size = getattr(texture, "size", (0, 0))
            known = entries.setdefault(key, [entry["lastaccess"], 0])
            known[0] = max(known[0], entry["lastaccess"])
            known[1] = max(known[1], texture_bytes(*size))
    total = sum(size for _, size in entries.values())
    for key, (_, size) in sorted(entries.items(), key=lambda item: item[1][0]):
        if total <= budget_bytes:
            break
        for category in KIVY_PICTURE_CACHES:
            Cache.remove(category, key)
        total -= size
    return total


_current: Pictures | None = None


def use(pictures: Pictures | None) -> None:
    """Makes `pictures` the one every PreparedImage asks; with None they show stand-ins."""
    global _current
    _current = pictures


def current() -> Pictures | None:
    return _current
