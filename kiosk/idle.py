"""Idle reset, two-tier: after `timeout_s` without a touch ask "Are you still there?", and
after `countdown_s` more end the visit. Pure Python with an injected clock; no Kivy.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

WAITING, VISIT, ASKING, RESET = "waiting", "visit", "asking", "reset"


@dataclass(frozen=True)
class IdleState:
    phase: str  # WAITING (attract: no timer), VISIT, ASKING, or RESET (the visit is over)
    remaining_s: int = 0  # whole seconds left of the countdown while ASKING


class IdleMonitor:
    """Call `touched()` on every touch and `poll()` now and then; `poll()` says what to show.
    It answers RESET once when the countdown runs out, then waits for the next visit."""

    def __init__(self, timeout_s: float, countdown_s: float, clock: Callable[[], float] = None):
        self.timeout_s = timeout_s
        self.countdown_s = countdown_s
        self.clock = clock or time.monotonic
        self.phase = WAITING
        self.last_touch = self.clock()

    @property
    def running(self) -> bool:
        """Whether anything needs polling: nothing does in the attract state."""
        return self.phase != WAITING

    def visit_started(self) -> None:
        self.phase = VISIT
        self.last_touch = self.clock()

    def visit_ended(self) -> None:
        self.phase = WAITING

    def touched(self) -> None:
        self.last_touch = self.clock()
        if self.phase == ASKING:
            self.phase = VISIT

    def poll(self) -> IdleState:
        if self.phase == WAITING:
            return IdleState(WAITING)
        quiet = self.clock() - self.last_touch
        if quiet < self.timeout_s:
            self.phase = VISIT
            return IdleState(VISIT)
        left = self.timeout_s + self.countdown_s - quiet
        if left <= 0:
            self.phase = WAITING
            return IdleState(RESET)
        self.phase = ASKING
        return IdleState(ASKING, int(left + 0.999))
