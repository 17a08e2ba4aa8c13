"""The hidden way into the staff menu: a long press in the bottom-left corner, then a tap in
each other corner going round (bottom-right, top-right, top-left) within a few seconds.
Visitors do not stumble on it; staff remember it. Pure Python, fed with touch events."""

from __future__ import annotations

from dataclasses import dataclass

LONG_PRESS_S = 2.0
ROUND_S = 6.0
BOTTOM_LEFT, BOTTOM_RIGHT, TOP_RIGHT, TOP_LEFT = "bl", "br", "tr", "tl"
ROUND = (BOTTOM_RIGHT, TOP_RIGHT, TOP_LEFT)


@dataclass
class StaffGesture:
    """Feed every touch-down and touch-up (window coordinates, y up, seconds); `up()` answers
    True when the gesture is complete."""

    corner_px: float = 60.0
    _pressed_at: float | None = None
    _started_at: float | None = None
    _next: int = 0

    def corner(self, x: float, y: float, size: tuple[float, float]) -> str | None:
        width, height = size
        near = self.corner_px
        horizontal = "l" if x <= near else "r" if x >= width - near else None
        vertical = "b" if y <= near else "t" if y >= height - near else None
        return vertical + horizontal if horizontal and vertical else None

    def down(self, x: float, y: float, size, now: float) -> None:
        self._pressed_at = now if self.corner(x, y, size) == BOTTOM_LEFT else None

    def up(self, x: float, y: float, size, now: float) -> bool:
        corner = self.corner(x, y, size)
        pressed_at, self._pressed_at = self._pressed_at, None
        if corner == BOTTOM_LEFT and pressed_at is not None and now - pressed_at >= LONG_PRESS_S:
            self._started_at, self._next = now, 0
            return False
        if self._started_at is None or now - self._started_at > ROUND_S:
            self._started_at = None
            return False
        if corner != ROUND[self._next]:
            self._started_at = None  # a wrong corner starts it all over
            return False
        self._next += 1
        if self._next == len(ROUND):
            self._started_at = None
            return True
        return False
