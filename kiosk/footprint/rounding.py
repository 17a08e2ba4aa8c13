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


STEP_KG = 100
"""A visitor's footprint is shown in whole 100 kg: each category to the nearest 100 kg, and
the total as their sum, so that the bars on screen add up to the total beside them (at two
digits, 1,749 + 2,849 + 1,749 + 3,249 would show as 1,700 + 2,800 + 1,700 + 3,200 beside 9.6 t).
A category the visitor has not touched shows what the average's does."""


def shown_kg(kg: float) -> int:
    """kg to the nearest 100 (halves up): 1,749.9 -> 1,700, 1,750 -> 1,800, 49 -> 0."""
    return int((Decimal(repr(kg)) / STEP_KG).quantize(Decimal(1), ROUND_HALF_UP)) * STEP_KG


def shown_categories(categories) -> tuple[tuple[str, int], ...]:
    """(category, kg) as shown on the bars."""
    return tuple((category, shown_kg(kg)) for category, kg in categories)


def shown_total_kg(categories) -> int:
    """The total shown: the sum of the categories as shown (within 200 kg of the exact one)."""
    return sum(kg for _, kg in shown_categories(categories))


def shown_tonnes(categories) -> float:
    """The shown total in tonnes, exact to one decimal: 9,600 kg -> 9.6."""
    return shown_total_kg(categories) / 1000
