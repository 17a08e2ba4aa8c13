"""Opening hours from kiosk.yaml's `schedule`: is the kiosk open now, and when does that change.

Pure Python with the time passed in; no Kivy. Times are wall-clock times on the kiosk's local
clock, as staff write them in kiosk.yaml. Pass `when` as naive local time (`datetime.now()`);
every result has the same tzinfo as `when`. (An aware `when` works if its zone knows daylight
saving, like ZoneInfo("Europe/Helsinki"); a fixed offset such as `datetime.now().astimezone()`
gives would put a change across a daylight-saving switch an hour off.) Measure how long to sleep
with `seconds_until`, not by subtracting datetimes: Python subtracts wall-clock times, which is
an hour off across a daylight-saving switch.

How a day's hours are read:
- "HH:MM-HH:MM" opens at the first time and closes at the second; "24:00" closes at midnight.
- An end earlier than the start runs past midnight and belongs to the day it starts: Friday's
  "18:00-02:00" is open from Friday 18:00 until Saturday 02:00, whatever Saturday's own hours.
- An exception date replaces the hours that START on that date, nothing else. So an exception
  for a date also replaces that date's own past-midnight tail into the next morning, and does
  not cut short the tail of the previous evening: with "2026-12-31: 18:00-03:00" and
  "2027-01-01: closed", the New Year's Eve opening runs until 03:00 on January 1st. Staff who
  want the previous evening shortened give that evening an exception of its own.
- Openings that touch or overlap are one opening: Monday "00:00-24:00" followed by Tuesday
  "00:00-10:00" closes on Tuesday at 10:00, not at midnight.
- A disabled schedule is always open.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

CLOSED = "closed"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # the order of date.weekday()
ONE_DAY = timedelta(days=1)
# After the last exception date the schedule repeats every week, so a week and a day past it
# (the day for a past-midnight tail) shows everything that will ever happen.
HORIZON = timedelta(days=8)


def is_open(schedule, when: datetime) -> bool:
    """Whether the kiosk should be showing content at `when`."""
    if not schedule.enabled:
        return True
    day = when.date()
    return any(start <= when < end for start, end in _openings(schedule, day - ONE_DAY, day, when))


def next_change(schedule, when: datetime) -> datetime | None:
    """When the kiosk next opens (if closed at `when`) or closes (if open); None if it never
    will: the schedule is disabled, open around the clock, or never open again."""
    if not schedule.enabled:
        return None
    today = when.date()
    last_day = max([today, *(exception.date for exception in schedule.exceptions)]) + HORIZON
    for start, end in _joined(_openings(schedule, today - ONE_DAY, last_day, when)):
        if end <= when:
            continue
        if start > when:
            return start  # closed now: the next opening
        if end > _midnight(last_day, when):
            return None  # open from now through a whole plain week: open around the clock
        return end
    return None


def seconds_until(moment: datetime, now: datetime) -> float:
    """Real seconds from `now` to `moment`, right across daylight-saving changes."""
    return moment.timestamp() - now.timestamp()


def hours_on(schedule, day: date) -> str:
    """The hours written for `day`: its exception date's if it has one, else its weekday's."""
    for exception in schedule.exceptions:
        if exception.date == day:
            return exception.hours
    return dict(schedule.weekly).get(WEEKDAYS[day.weekday()], CLOSED)


def parse_hours(hours: str) -> tuple[time, time | None] | None:
    """Hours "HH:MM-HH:MM" as (opens, closes), closes None for "24:00"; None for "closed".
    kiosk.config has already checked the text; a start equal to its end is refused there
    because it could mean all day or not at all."""
    if hours == CLOSED:
        return None
    first, second = hours.split("-")
    opens = time.fromisoformat(first)
    closes = None if second == "24:00" else time.fromisoformat(second)
    if closes == opens:
        raise ValueError(f'ambiguous opening hours "{hours}": use "00:00-24:00" or closed')
    return opens, closes


def _openings(schedule, first: date, last: date, like: datetime) -> Iterator[tuple]:
    """(start, end) of the openings that start on the days from `first` to `last`, in order."""
    day = first
    while day <= last:
        parsed = parse_hours(hours_on(schedule, day))
        if parsed is not None:
            opens, closes = parsed
            start = _at(day, opens, like)
            if closes is None:
                end = _midnight(day + ONE_DAY, like)
            elif closes > opens:
                end = _at(day, closes, like)
            else:
                end = _at(day + ONE_DAY, closes, like)  # past midnight, into the next day
            yield start, end
        day += ONE_DAY


def _joined(openings: Iterator[tuple]) -> Iterator[tuple]:
    """Openings in order of start, with those that touch or overlap joined into one."""
    current = None
    for start, end in openings:
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current:
            yield current
        current = (start, end)
    if current:
        yield current


def _at(day: date, clock_time: time, like: datetime) -> datetime:
    return datetime.combine(day, clock_time, tzinfo=like.tzinfo)


def _midnight(day: date, like: datetime) -> datetime:
    return _at(day, time(0, 0), like)
