"""The climate pledges a visitor can make (exhibits/pledges.yaml), and which ones a station or
the quiz result offers. Their running totals are counted in kiosk.stats.store."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.model import Text


@dataclass(frozen=True)
class Pledge:
    id: str
    text: Text  # "I'll …", at most 80 characters, in every language
    station: str | None = None  # the station whose "what you can do" offers it
    tip: str | None = None  # the quiz tip it puts into practice, offered with that tip


def pledges_for_station(pledges: tuple[Pledge, ...], station_id: str) -> tuple[Pledge, ...]:
    """The pledges a station's "what you can do" offers."""
    return tuple(pledge for pledge in pledges if pledge.station == station_id)


def pledges_for_tips(pledges: tuple[Pledge, ...], tip_ids) -> tuple[Pledge, ...]:
    """The pledges that put these quiz tips into practice, in the tips' order (the result
    screen passes its ranked tips), then every other pledge: the visitor may choose any."""
    order = {tip_id: rank for rank, tip_id in enumerate(tip_ids)}
    return tuple(sorted(pledges, key=lambda pledge: order.get(pledge.tip, len(order))))
