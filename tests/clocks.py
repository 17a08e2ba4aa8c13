"""The test suite's fake clocks: time moves only when a test moves it."""

from __future__ import annotations

from datetime import datetime


class FakeClock:
    """Seconds, as time.monotonic or time.time give them. `start` may be a datetime, taken as
    its timestamp (for the statistics, whose events carry wall time)."""

    def __init__(self, start: datetime | float = 1000.0):
        self.now = start.timestamp() if isinstance(start, datetime) else float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeNow:
    """The wall clock, as datetime.now gives it: `moment` when a test has set one, otherwise
    the real time (so that a shared app runs on real time until a test needs another)."""

    def __init__(self, moment: datetime | None = None):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment if self.moment is not None else datetime.now()
