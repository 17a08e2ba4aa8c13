"""How much the kiosk may keep in memory of what grows with the window's pixels, and a cache
bounded by bytes that lets the least recently used go first. No Kivy.

Everything the kiosk caches to answer taps quickly (kept pages with their rendered text and
pictures, Kivy's picture textures) costs about four bytes per pixel it covers, and under
software rendering every texture lives in the kiosk's own memory. A cache bounded by a number
of entries then costs eight times as much at 2160x3840 as at 1920x1080; a budget in bytes,
counted in full-window frames, costs the same share of a window at every size.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass

BYTES_PER_PIXEL = 4  # RGBA, as Kivy makes every texture

KEPT_PAGES_FRAMES = 4.0
"""Kept pages (their text and pictures, all screens together), in full-window frames: a
station page is about one frame's worth, a theme page of cards one to two."""
PICTURE_TEXTURES_FRAMES = 2.0
"""Kivy's own cache of picture textures (pictures not on a kept page), in full-window frames."""


def texture_bytes(width: float, height: float) -> int:
    """What a texture of width x height pixels costs (RGBA)."""
    return max(0, int(width)) * max(0, int(height)) * BYTES_PER_PIXEL


def frame_bytes(window_size: tuple[int, int]) -> int:
    """One full-window frame: the unit of every budget here."""
    return texture_bytes(*window_size)


@dataclass(frozen=True)
class CacheBudget:
    """Byte budgets for one window size."""

    window_size: tuple[int, int]
    kept_pages: int
    """Bytes of texture all kept pages may hold together."""
    picture_textures: int
    """Bytes of picture texture Kivy's own picture caches may hold."""


def budget_for_window(window_size: tuple[int, int]) -> CacheBudget:
    """The budgets for a window of `window_size`."""
    frame = frame_bytes(window_size)
    return CacheBudget(
        window_size=tuple(window_size),
        kept_pages=int(KEPT_PAGES_FRAMES * frame),
        picture_textures=int(PICTURE_TEXTURES_FRAMES * frame),
    )


class ByteLRU:
    """Values with a size in bytes, at most `budget` bytes of them in all; putting one in lets
    the least recently used go until the rest fits. A value larger than the whole budget is
    not kept at all. `get` and `pop` count as a use."""

    def __init__(self, budget: int):
        self.budget = int(budget)
        self._entries: OrderedDict = OrderedDict()  # key -> (value, bytes), oldest first
        self.total = 0
        """Bytes of everything held."""

    def put(self, key: Hashable, value, size: int) -> list[tuple[Hashable, object]]:
        """Keeps `value` under `key` as the most recently used; returns what went to make room
        (oldest first), `value` itself when it alone is over the budget."""
        self.pop(key)
        if size > self.budget:
            return [(key, value)]
        self._entries[key] = (value, int(size))
        self.total += int(size)
        return self._shrink()

    def get(self, key: Hashable, default=None):
        entry = self._entries.get(key)
        if entry is None:
            return default
        self._entries.move_to_end(key)
        return entry[0]

    def pop(self, key: Hashable, default=None):
        entry = self._entries.pop(key, None)
        if entry is None:
            return default
        self.total -= entry[1]
        return entry[0]

    def resize(self, budget: int) -> list[tuple[Hashable, object]]:
        """A new budget (a new window size); returns what went to fit it."""
        self.budget = int(budget)
        return self._shrink()

    def clear(self) -> None:
        self._entries.clear()
        self.total = 0

    def keys(self) -> Iterator[Hashable]:
        """Oldest first."""
        return iter(list(self._entries))

    def __contains__(self, key) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def _shrink(self) -> list[tuple[Hashable, object]]:
        evicted = []
        while self.total > self.budget and self._entries:
            key, (value, size) = self._entries.popitem(last=False)
            self.total -= size
            evicted.append((key, value))
        return evicted
