"""The statistics as the screens use them (no Kivy): the screens tell it what the visitor does
and ask it how many visitors have made each pledge. It does nothing, and counts nothing, while
there are no statistics: turned off in kiosk.yaml, or before the kiosk follows its first visit.
"""

from __future__ import annotations

from kiosk.stats.recorder import StatsRecorder
from kiosk.stats.tracker import VisitTracker


class StatisticsService:
    def __init__(self, recorder: StatsRecorder | None = None, tracker: VisitTracker | None = None):
        self.recorder = recorder
        """Where the events are kept, and the pledge totals read from."""
        self.tracker = tracker
        """What the visitor does, as events: given when the kiosk starts following visits."""

    def record(self, event: str, *args) -> None:
        """Tells the tracker: `record("pledged", pledge_id)` calls tracker.pledged(pledge_id)
        (quiz_started, quiz_completed, tip_chosen, qr_shown, pledged)."""
        if self.tracker is not None:
            getattr(self.tracker, event)(*args)

    def pledge_totals(self, wait_s: float) -> dict[str, int] | None:
        """Visitors per pledge id, waiting up to `wait_s` for pledges still on their way to
        disk; None when the statistics keep no count."""
        if self.recorder is None or not self.recorder.enabled:
            return None
        return self.recorder.pledge_totals(wait_s=wait_s)
