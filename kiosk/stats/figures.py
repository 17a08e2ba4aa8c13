"""The figures of the curator report, counted from the event store by SQL.

Days and hours are the local time of the computer that runs the report (the kiosk's own, in
Espoo): a curator asks "how busy are we at two o'clock", not at 12:00 UTC.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from kiosk.screens import STATION
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
    EventStore,
)

DAY_COLUMNS = (
    ("visits", VISIT_START),
    ("screen_views", SCREEN_VIEW),
    ("quiz_started", QUIZ_STARTED),
    ("quiz_completed", QUIZ_COMPLETED),
    ("pledges", PLEDGE),
    ("tips_chosen", TIP_CHOSEN),
    ("qr_shown", QR_SHOWN),
    ("language_switches", LANGUAGE),
)

NO_HOURS = tuple((hour, 0, 0) for hour in range(24))


@dataclass(frozen=True)
class Day:
    day: date
    counts: dict[str, int]  # by DAY_COLUMNS name

    def __getitem__(self, name: str) -> int:
        return self.counts.get(name, 0)


@dataclass(frozen=True)
class StationViews:
    station: str
    views: int
    median_dwell_s: float
    total_dwell_s: float


@dataclass(frozen=True)
class LanguageUse:
    language: str
    screen_views: int
    dwell_s: float
    switches_to: int


@dataclass(frozen=True)
class Figures:
    since: date | None
    days: tuple[Day, ...] = ()  # every day from the first shown to the last, zeros included
    hours: tuple[tuple[int, int, int], ...] = NO_HOURS  # (hour of day, visits, screen views)
    visits: int = 0
    median_visit_s: float | None = None
    screen_views: int = 0
    stations: tuple[StationViews, ...] = ()  # most viewed first
    languages: tuple[LanguageUse, ...] = ()  # most used first
    quiz_started: int = 0
    quiz_completed: int = 0
    median_quiz_s: float | None = None
    pledges: tuple[tuple[str, int, int], ...] = ()  # (pledge, in the period, ever), most first
    tips: tuple[tuple[str, int], ...] = ()  # (tip, times chosen), most first
    qr_codes: tuple[tuple[str, int], ...] = ()  # (code, times shown), most first
    totals: dict[str, int] = field(default_factory=dict)  # events by kind in the period

    @property
    def first_day(self) -> date | None:
        return self.days[0].day if self.days else None

    @property
    def last_day(self) -> date | None:
        return self.days[-1].day if self.days else None

    @property
    def empty(self) -> bool:
        return not self.totals


def start_of(day: date) -> int:
    """Unix time of local midnight at the start of `day`."""
    return int(datetime.combine(day, datetime.min.time()).timestamp())


def compute(store: EventStore, since: date | None = None) -> Figures:
    cutoff = start_of(since) if since else 0
    conn = store.conn

    def rows(sql: str, *args):
        return conn.execute(sql, (cutoff, *args)).fetchall()

    totals = dict(rows("SELECT kind, count(*) FROM events WHERE at >= ? GROUP BY kind"))
    if not totals:
        return Figures(since)
    per_day: dict[date, dict[str, int]] = defaultdict(dict)
    names = {kind: name for name, kind in DAY_COLUMNS}
    for day, kind, count in rows(
        "SELECT date(at, 'unixepoch', 'localtime') AS day, kind, count(*) FROM events "
        "WHERE at >= ? GROUP BY day, kind"
    ):
        if kind in names:
            per_day[date.fromisoformat(day)][names[kind]] = count
    hours = {hour: [0, 0] for hour in range(24)}
    for hour, kind, count in rows(
        "SELECT CAST(strftime('%H', at, 'unixepoch', 'localtime') AS INTEGER) AS hour, kind, "
        "count(*) FROM events WHERE at >= ? AND kind IN (?, ?) GROUP BY hour, kind",
        VISIT_START,
        SCREEN_VIEW,
    ):
        hours[hour][0 if kind == VISIT_START else 1] = count
    return Figures(
        since=since,
        days=_every_day(per_day, since),
        hours=tuple((hour, visits, views) for hour, (visits, views) in hours.items()),
        visits=totals.get(VISIT_START, 0),
        median_visit_s=_median(
            rows("SELECT seconds FROM events WHERE at >= ? AND kind = ?", VISIT_END)
        ),
        screen_views=totals.get(SCREEN_VIEW, 0),
        stations=_stations(rows),
        languages=_languages(rows),
        quiz_started=totals.get(QUIZ_STARTED, 0),
        quiz_completed=totals.get(QUIZ_COMPLETED, 0),
        median_quiz_s=_median(
            rows("SELECT seconds FROM events WHERE at >= ? AND kind = ?", QUIZ_COMPLETED)
        ),
        pledges=_pledges(rows, store.pledge_totals()),
        tips=_counted(rows, TIP_CHOSEN),
        qr_codes=_counted(rows, QR_SHOWN),
        totals=totals,
    )


def _every_day(per_day: dict, since: date | None) -> tuple[Day, ...]:
    if not per_day:
        return ()
    day, last = since or min(per_day), max(per_day)
    days = []
    while day <= last:
        days.append(Day(day, per_day.get(day, {})))
        day += timedelta(days=1)
    return tuple(days)


def _median(rows) -> float | None:
    values = [seconds for (seconds,) in rows if seconds is not None]
    return statistics.median(values) if values else None


def _stations(rows) -> tuple[StationViews, ...]:
    dwell: dict[str, list[float]] = defaultdict(list)
    for station, seconds in rows(
        "SELECT target, seconds FROM events "
        "WHERE at >= ? AND kind = ? AND screen = ? AND target IS NOT NULL",
        SCREEN_VIEW,
        STATION,
    ):
        dwell[station].append(seconds or 0.0)
    stations = [
        StationViews(station, len(times), statistics.median(times), round(sum(times), 1))
        for station, times in dwell.items()
    ]
    return tuple(sorted(stations, key=lambda s: (-s.views, s.station)))


def _languages(rows) -> tuple[LanguageUse, ...]:
    views = {
        language: (count, dwell or 0.0)
        for language, count, dwell in rows(
            "SELECT language, count(*), sum(seconds) FROM events "
            "WHERE at >= ? AND kind = ? AND language IS NOT NULL GROUP BY language",
            SCREEN_VIEW,
        )
    }
    switches = dict(
        rows(
            "SELECT language, count(*) FROM events "
            "WHERE at >= ? AND kind = ? AND language IS NOT NULL GROUP BY language",
            LANGUAGE,
        )
    )
    languages = [
        LanguageUse(language, *views.get(language, (0, 0.0)), switches.get(language, 0))
        for language in set(views) | set(switches)
    ]
    return tuple(sorted(languages, key=lambda u: (-u.screen_views, -u.switches_to, u.language)))


def _counted(rows, kind: str) -> tuple[tuple[str, int], ...]:
    counted = rows(
        "SELECT item, count(*) AS n FROM events WHERE at >= ? AND kind = ? AND item IS NOT NULL "
        "GROUP BY item ORDER BY n DESC, item",
        kind,
    )
    return tuple((item, count) for item, count in counted)


def _pledges(rows, ever: dict[str, int]) -> tuple[tuple[str, int, int], ...]:
    """Pledges made in the period, with the running total the kiosk shows beside each."""
    in_period = dict(_counted(rows, PLEDGE))
    pledges = [(p, in_period.get(p, 0), ever.get(p, 0)) for p in set(in_period) | set(ever)]
    return tuple(sorted(pledges, key=lambda row: (-row[1], -row[2], row[0])))
