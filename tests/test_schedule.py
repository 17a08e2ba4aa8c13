"""Opening hours with the time passed in: midnight, past-midnight ranges, exception dates, a
disabled schedule, and when the next change comes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.config import Schedule, ScheduleException, load_settings
from kiosk.ops.schedule import WEEKDAYS, hours_on, is_open, next_change, seconds_until

REPO = Path(__file__).resolve().parent.parent
# 2026-05-04 is a Monday.
MON, TUE, WED, SAT, SUN = (date(2026, 5, day) for day in (4, 5, 6, 9, 10))


def at(day: date, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute)


def week(**days) -> tuple[tuple[str, str], ...]:
    return tuple((name, days.get(name, "closed")) for name in WEEKDAYS)


def schedule(exceptions=(), **days) -> Schedule:
    return Schedule(True, week(**days), tuple(ScheduleException(d, h) for d, h in exceptions))


OFFICE = schedule(
    mon="08:00-20:00", tue="08:00-20:00", wed="08:00-20:00", thu="08:00-20:00",
    fri="08:00-18:00", sat="10:00-16:00",
)  # fmt: skip


@pytest.mark.parametrize(
    ("when", "open_"),
    [
        (at(MON, "07:59"), False),
        (at(MON, "08:00"), True),  # opens on the minute
        (at(MON, "19:59"), True),
        (at(MON, "20:00"), False),  # closes on the minute
        (at(SAT, "12:00"), True),
        (at(SUN, "12:00"), False),  # closed all Sunday
    ],
)
def test_a_plain_week(when, open_):
    assert is_open(OFFICE, when) is open_


def test_next_change_opens_and_closes():
    assert next_change(OFFICE, at(MON, "07:00")) == at(MON, "08:00")
    assert next_change(OFFICE, at(MON, "08:00")) == at(MON, "20:00")
    assert next_change(OFFICE, at(MON, "21:30")) == at(TUE, "08:00")
    # Saturday after closing: Sunday is closed, so Monday morning.
    assert next_change(OFFICE, at(SAT, "16:00")) == at(date(2026, 5, 11), "08:00")


def test_a_range_past_midnight_belongs_to_the_day_it_starts():
    late = schedule(fri="18:00-02:00")
    friday, saturday = date(2026, 5, 8), SAT
    assert not is_open(late, at(friday, "17:59"))
    assert is_open(late, at(friday, "23:59"))
    assert is_open(late, at(saturday, "00:00"))
    assert is_open(late, at(saturday, "01:59"))
    assert not is_open(late, at(saturday, "02:00"))
    assert next_change(late, at(friday, "20:00")) == at(saturday, "02:00")
    assert next_change(late, at(saturday, "02:00")) == at(date(2026, 5, 15), "18:00")
    # Thursday night has no tail: the range is Friday's.
    assert not is_open(late, at(friday, "01:00"))


def test_midnight_and_24_00():
    whole_monday = schedule(mon="00:00-24:00")
    assert not is_open(whole_monday, at(SUN, "23:59"))
    assert is_open(whole_monday, at(MON, "00:00"))
    assert is_open(whole_monday, datetime(2026, 5, 4, 23, 59, 59, 999999))
    assert not is_open(whole_monday, at(TUE, "00:00"))
    assert next_change(whole_monday, at(MON, "12:00")) == at(TUE, "00:00")
    assert next_change(whole_monday, at(SUN, "23:59")) == at(date(2026, 5, 11), "00:00")


def test_touching_and_overlapping_openings_are_one():
    # Monday's 24:00 meets Tuesday's 00:00; Tuesday's tail overlaps Wednesday's morning.
    joined = schedule(mon="20:00-24:00", tue="00:00-03:00", wed="01:00-06:00")
    assert next_change(joined, at(MON, "21:00")) == at(TUE, "03:00")
    overlapping = schedule(tue="18:00-04:00", wed="02:00-06:00")
    assert next_change(overlapping, at(TUE, "19:00")) == at(WED, "06:00")
    assert is_open(overlapping, at(WED, "03:00"))


def test_exception_dates_replace_that_days_hours():
    holidays = schedule(
        [(TUE, "closed"), (SUN, "12:00-14:00")],
        mon="08:00-20:00", tue="08:00-20:00", wed="08:00-20:00",
    )  # fmt: skip
    assert not is_open(holidays, at(TUE, "12:00"))
    assert next_change(holidays, at(MON, "21:00")) == at(WED, "08:00")  # Tuesday skipped
    assert is_open(holidays, at(SUN, "13:00"))  # a Sunday opened by exception
    assert hours_on(holidays, TUE) == "closed"
    assert hours_on(holidays, WED) == "08:00-20:00"


def test_an_exception_does_not_cut_the_previous_evenings_tail():
    """The documented rule: hours belong to the day they start. New Year's Eve runs until 3
    although New Year's Day is closed; closing Dec 31 itself removes its tail as well."""
    eve, new_year = date(2026, 12, 31), date(2027, 1, 1)
    party = schedule([(eve, "18:00-03:00"), (new_year, "closed")], fri="08:00-18:00")
    assert is_open(party, at(new_year, "02:59"))
    assert not is_open(party, at(new_year, "03:00"))
    assert next_change(party, at(eve, "20:00")) == at(new_year, "03:00")
    no_party = schedule([(eve, "closed")], thu="18:00-03:00")  # Dec 31 2026 is a Thursday
    assert not is_open(no_party, at(new_year, "01:00"))


def test_an_exception_far_ahead_is_still_found():
    # Closed every week, open on one date next year: the next change is that opening.
    one_day = schedule([(date(2027, 3, 1), "10:00-12:00")])
    assert next_change(one_day, at(MON, "12:00")) == at(date(2027, 3, 1), "10:00")
    assert next_change(one_day, at(date(2027, 3, 1), "11:00")) == at(date(2027, 3, 1), "12:00")
    assert next_change(one_day, at(date(2027, 3, 1), "12:00")) is None  # never again


def test_around_the_clock_and_never_open_have_no_next_change():
    always = schedule(**{day: "00:00-24:00" for day in WEEKDAYS})
    assert is_open(always, at(WED, "03:00"))
    assert next_change(always, at(WED, "03:00")) is None
    assert next_change(schedule(), at(WED, "03:00")) is None
    # Open around the clock but for one exception date: it closes at that date's start.
    saturday_off = Schedule(True, always.weekly, (ScheduleException(SAT, "closed"),))
    assert next_change(saturday_off, at(WED, "03:00")) == at(SAT, "00:00")


def test_a_disabled_schedule_is_always_open():
    off = Schedule(False, week(), ())
    assert is_open(off, at(SUN, "03:00"))
    assert next_change(off, at(SUN, "03:00")) is None


def test_aware_times_keep_their_zone_and_seconds_until_counts_real_seconds():
    helsinki = ZoneInfo("Europe/Helsinki")
    # Clocks go forward on 2026-03-29 at 03:00 (EET -> EEST): that night is an hour short.
    night = schedule(sat="20:00-24:00", sun="08:00-20:00")
    evening = datetime(2026, 3, 28, 21, 0, tzinfo=helsinki)
    assert is_open(night, evening)
    closing = next_change(night, evening)
    assert closing == datetime(2026, 3, 29, 0, 0, tzinfo=helsinki)
    asleep = datetime(2026, 3, 29, 1, 0, tzinfo=helsinki)
    opening = next_change(night, asleep)
    assert opening.isoformat() == "2026-03-29T08:00:00+03:00"
    assert seconds_until(opening, asleep) == 6 * 3600  # 7 hours on the wall clock


def test_the_bundled_schedule():
    settings, diagnostics = load_settings(REPO / "kiosk.yaml")
    assert diagnostics.lines() == []
    bundled = Schedule(True, settings.schedule.weekly, settings.schedule.exceptions)
    christmas_eve = date(2026, 12, 24)  # a Thursday: 08:00-20:00 but for the exception
    assert not is_open(bundled, at(christmas_eve, "12:00"))
    assert next_change(bundled, at(christmas_eve, "12:00")) == at(date(2026, 12, 25), "08:00")


def test_settings_refuse_hours_that_start_and_end_together(tmp_path):
    path = tmp_path / "kiosk.yaml"
    path.write_text(
        "# yaml-language-server: $schema=schema/kiosk.schema.json\n"
        "schedule:\n"
        "  weekly:\n"
        "    mon: '08:00-08:00'\n"
        "    tue: '18:00-02:00'\n"
        "    wed: '00:00-24:00'\n"
        "  exceptions:\n"
        "    - date: 2026-12-24\n"
        "      hours: '00:00-00:00'\n",
        encoding="utf-8",
    )
    _, diagnostics = load_settings(path)
    assert diagnostics.lines() == [
        f'{path}:4:10: error: schedule.weekly.mon: opening hours "08:00-08:00" start and end at '
        'the same time; write "00:00-24:00" for all day, or closed',
        f'{path}:9:14: error: schedule.exceptions[0].hours: opening hours "00:00-00:00" start '
        'and end at the same time; write "00:00-24:00" for all day, or closed',
    ]
