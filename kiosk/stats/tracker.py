"""VisitTracker: turns the navigator's changes into visit and screen-view events, with dwell
times from an injected clock. Pure logic, no Kivy: the UI subscribes it to the navigator and
calls its few event methods (quiz, tip, pledge, QR code)."""

from __future__ import annotations

import time
from collections.abc import Callable

from kiosk.navigator import Route
from kiosk.screens import ATTRACT
from kiosk.stats.store import (
    LANGUAGE,
    PLEDGE,
    QR_SHOWN,
    QUIZ_COMPLETED,
    QUIZ_STARTED,
    SCREEN_VIEW,
    TIP_CHOSEN,
    VISIT_END,
    VISIT_START,
)

IDLE_RESET = "reset"  # the navigator's `why` when the idle countdown ended the visit


class VisitTracker:
    """What one visit looks like to the statistics: when it began, which screen is open and
    since when, and whether the visitor has pledged. All of it is forgotten when the visit ends.

    A visit starts when the navigator leaves the attract screen and ends when it returns there.
    A screen view lasts from opening a screen to opening another; a language switch does not
    split it (the view counts once, in the language it ended in). When the idle countdown ends
    the visit, the visitor left `idle_s` earlier (the idle timeout plus the countdown), so that
    time is taken off the last screen and the visit instead of being counted as reading.
    """

    def __init__(self, recorder, idle_s: float = 0.0, clock: Callable[[], float] = time.monotonic):
        self.recorder = recorder
        self.idle_s = idle_s
        self.clock = clock
        self.route: Route | None = None
        self.language: str | None = None
        self._visit_since: float | None = None
        self._view: Route | None = None
        self._view_since = 0.0
        self._quiz_since: float | None = None
        self._pledged = False
        self._codes_shown: set[str] = set()

    @classmethod
    def for_settings(cls, recorder, settings, clock: Callable[[], float] = time.monotonic):
        idle = settings.idle
        return cls(recorder, idle.timeout_s + idle.countdown_s, clock)

    @property
    def in_visit(self) -> bool:
        return self._visit_since is not None

    @property
    def has_pledged(self) -> bool:
        """A visitor makes one pledge per visit; the UI can show it as made."""
        return self._pledged

    # The navigator's listener ------------------------------------------------------------

    def follow(self, navigator) -> VisitTracker:
        """Listens to `navigator` from now on, starting from where it stands."""
        self.route, self.language = navigator.route, navigator.language
        navigator.subscribe(self)
        return self

    def __call__(self, route: Route, language: str, why: str) -> None:
        """The navigator calls this on every change of route or language (see follow)."""
        now = self.clock()
        if route.screen == ATTRACT:
            if self.in_visit:
                self._end(now - self.idle_s if why == IDLE_RESET else now)
            self.route, self.language = route, language
            return
        if not self.in_visit:
            self._visit_since = now
            self.recorder.record(VISIT_START, language=language)
        elif language != self.language:
            self.recorder.record(LANGUAGE, language=language)
        self.language = language
        if route != self._view:
            self._close_view(now)
            self._view, self._view_since = route, now
            self._codes_shown.clear()
        self.route = route

    def end_visit(self) -> None:
        """The visit ends now, e.g. the visitor tapped "start over". (An idle reset needs no
        call: the tracker hears it from the navigator.)"""
        if self.in_visit:
            self._end(self.clock())

    # Events the UI reports ---------------------------------------------------------------

    def quiz_started(self) -> None:
        self._quiz_since = self.clock()
        self._record(QUIZ_STARTED)

    def quiz_completed(self) -> None:
        """The visitor reached the result screen; records how long the quiz took."""
        seconds = None if self._quiz_since is None else self.clock() - self._quiz_since
        self._quiz_since = None
        self._record(QUIZ_COMPLETED, seconds=seconds)

    def tip_chosen(self, tip_id: str) -> None:
        self._record(TIP_CHOSEN, item=tip_id)

    def pledged(self, pledge_id: str) -> bool:
        """Records the visit's one pledge; False (and nothing recorded) if this visit has
        pledged already, so that repeated taps do not inflate the totals."""
        if self._pledged:
            return False
        self._pledged = True
        self._record(PLEDGE, item=pledge_id)
        return True

    def qr_shown(self, code: str) -> None:
        """A QR code was put on screen for the visitor; `code` is its name as in `kiosk qr`
        (newsletter, station-<id>-1, …). Counted once per screen view, however often the
        screen redraws it."""
        if code in self._codes_shown:
            return
        self._codes_shown.add(code)
        self._record(QR_SHOWN, item=code)

    # -------------------------------------------------------------------------------------

    def _record(self, kind: str, **columns) -> None:
        route = self.route or Route(ATTRACT)
        self.recorder.record(
            kind, screen=route.screen, target=route.target, language=self.language, **columns
        )

    def _close_view(self, until: float) -> None:
        if self._view is None:
            return
        self.recorder.record(
            SCREEN_VIEW,
            screen=self._view.screen,
            target=self._view.target,
            language=self.language,
            seconds=max(0.0, until - self._view_since),
        )
        self._view = None

    def _end(self, until: float) -> None:
        until = max(until, self._view_since if self._view else self._visit_since)
        self._close_view(until)
        self.recorder.record(
            VISIT_END, language=self.language, seconds=max(0.0, until - self._visit_since)
        )
        self._visit_since = self._quiz_since = None
        self._pledged = False
        self._codes_shown.clear()
