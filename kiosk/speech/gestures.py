"""Explore by touch, as phone screen readers do it: which gesture a touch was (no Kivy).

In speech mode a single touch speaks what is under the finger, a double tap chooses what was
last spoken, and a swipe right or left moves to the next or previous item in reading order.
A long press on the attract screen, away from the corners the staff gesture uses, turns speech
mode on. Fed with window coordinates (y up) and seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

TAP, DOUBLE_TAP, NEXT, PREVIOUS, NONE = "tap", "double_tap", "next", "previous", "none"
LONG_PRESS_S = 2.0  # the same length as the staff gesture's long press
DOUBLE_TAP_S = 0.45  # from the first tap's lift to the second's touch
DOUBLE_TAP_DISTANCE = 0.08  # of the screen's shorter side
SWIPE_DISTANCE = 0.12  # of the screen's shorter side
SWIPE_MAX_S = 1.0


@dataclass
class ExploreGestures:
    """Call `down` and `up` for every touch; `up` answers which gesture it was."""

    _down: tuple[float, float, float] | None = None
    _last_tap: tuple[float, float, float] | None = None

    def down(self, x: float, y: float, now: float) -> None:
        self._down = (x, y, now)

    def up(self, x: float, y: float, now: float, size: tuple[float, float]) -> str:
        if self._down is None:
            return NONE
        x0, y0, t0 = self._down
        self._down = None
        short = min(size)
        dx, dy = x - x0, y - y0
        if abs(dx) >= SWIPE_DISTANCE * short and abs(dx) > 2 * abs(dy) and now - t0 <= SWIPE_MAX_S:
            self._last_tap = None
            return NEXT if dx > 0 else PREVIOUS
        if abs(dx) >= SWIPE_DISTANCE * short or abs(dy) >= SWIPE_DISTANCE * short:
            self._last_tap = None
            return NONE  # a drag that is not a swipe: nothing
        last, self._last_tap = self._last_tap, (x, y, now)
        if last is not None:
            lx, ly, lt = last
            near = max(abs(x - lx), abs(y - ly)) <= DOUBLE_TAP_DISTANCE * short
            if near and t0 - lt <= DOUBLE_TAP_S:  # this finger came down soon after the last lifted
                self._last_tap = None
                return DOUBLE_TAP
        return TAP
