"""The climate pledges a visitor can make (exhibits/pledges.yaml) and their running totals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.content.model import Text
from kiosk.stats.store import EventStore


@dataclass(frozen=True)
class Pledge:
    id: str
    text: Text  # "I'll …", at most 80 characters, in every language
    station: str | None = None  # the station whose "what you can do" offers it
    tip: str | None = None  # the quiz tip it puts into practice, offered with that tip


def pledge_totals(database: Path) -> dict[str, int]:
    """Pledges ever made, by pledge id, read from the statistics database; {} when there is
    none yet (nothing is created). The running kiosk asks its StatsRecorder instead, which
    also counts the pledges still on their way to disk."""
    with EventStore.open_for_reading(database) as store:
        return store.pledge_totals()


def pledges_for_station(pledges: tuple[Pledge, ...], station_id: str) -> tuple[Pledge, ...]:
    """The pledges a station's "what you can do" offers."""
    return tuple(pledge for pledge in pledges if pledge.station == station_id)


def pledges_for_tips(pledges: tuple[Pledge, ...], tip_ids) -> tuple[Pledge, ...]:
    """The pledges that put these quiz tips into practice, in the tips' order (the result
    screen passes its ranked tips), then every other pledge: the visitor may choose any."""
    order = {tip_id: rank for rank, tip_id in enumerate(tip_ids)}
    return tuple(sorted(pledges, key=lambda pledge: order.get(pledge.tip, len(order))))
