"""Honest rounding for display. The factors behind an estimate are rough (several are marked
old or uncertain), so a figure shows no more than two significant digits: 287.5 kg -> 290 kg,
1,749 kg -> 1,700 kg, and a total 9,610 kg -> 9.6 t."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def rounded_kg(kg: float) -> int:
    """kg to two significant digits (whole kg below 10): 287.5 -> 290, 8,350 -> 8,400."""
    exact = Decimal(repr(kg))
    if exact == 0:
        return 0
    step = Decimal(10) ** max(exact.copy_abs().adjusted() - 1, 0)
    return int((exact / step).quantize(Decimal(1), ROUND_HALF_UP) * step)


def rounded_tonnes(kg: float) -> float:
    """kg as tonnes, also to two significant digits: 9,610 -> 9.6, 8,350 -> 8.4, 21,600 -> 22."""
    return rounded_kg(kg) / 1000


def format_kg(kg: float, language: str) -> str:
    """'1 700 kg' in Finnish and Swedish, '1,700 kg' in English."""
    from kiosk.i18n import format_number

    return f"{format_number(rounded_kg(kg), language)} kg"


def format_tonnes(kg: float, language: str) -> str:
    """'9,6 t' in Finnish and Swedish, '9.6 t' in English."""
    from kiosk.i18n import format_number

    return f"{format_number(rounded_tonnes(kg), language)} t"
