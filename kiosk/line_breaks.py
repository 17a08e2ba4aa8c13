"""Where a word too long for its line may break. No Kivy.

Kivy wraps text at spaces only, and cuts a word that does not fit on a line of its own after
whichever letter reaches the edge: on a narrow screen a source's web address would end one
line in ".../espoos-climate-g" and start the next with "oals". Here such a word is broken after
a slash, a hyphen or a dot instead, where a reader expects an address or a compound to
continue on the next line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

BREAK_AFTER = "/-."
MIN_LONG = 12  # shorter words fit any line the kiosk lays out; they are never measured


def break_long_words(text: str, fits: Callable[[str], bool]) -> str:
    """`text` with a line break inside each word that does not fit a line on its own, after
    the last slash, hyphen or dot where the part before it still fits. `fits(part)` says
    whether `part` fits on one line. A word with no such place is left for Kivy to cut."""
    lines = []
    for line in text.split("\n"):
        words = [_broken(word, fits) if len(word) >= MIN_LONG else word for word in line.split(" ")]
        lines.append(" ".join(words))
    return "\n".join(lines)


def _broken(word: str, fits: Callable[[str], bool]) -> str:
    parts = []
    while not fits(word):
        cut = _last_fitting_break(word, fits)
        if cut is None:
            break
        parts.append(word[:cut])
        word = word[cut:]
    parts.append(word)
    return "\n".join(parts)


def _last_fitting_break(word: str, fits: Callable[[str], bool]) -> int | None:
    """The index after the last break character (not the word's last) whose head fits."""
    for index in range(len(word) - 2, 0, -1):
        if word[index] in BREAK_AFTER and fits(word[: index + 1]):
            return index + 1
    return None


NBSP = "\u00a0"
_UNITS = (
    r"%|‰|°C|€|"
    r"g|kg|t|kt|Mt|kWh|MWh|GWh|TWh|kW|MW|km|m|cm|mm|h|min|s|"
    r"CO₂e?|"
    r"gramm\w*|gram|grams|kilo\w*|ton|tonn\w*|tonnes?|"
    r"prosent\w*|procent|per cent|"
    r"megawat\w*|kilowat\w*|asteen?|astetta|grader?|degrees?|"
    r"vuo(?:si|tta|den|dessa)|år|years?|"
    r"milj(?:\.|oonaa?|oner|ons?)|miljard\w*|billion"
)
_DIGIT_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=(?:" + _UNITS + r")(?![\w]))")
_UNIT_CO2 = re.compile(r"(\b(?:g|kg|t|kt|Mt)) (?=CO₂)")


def bind_numbers(text: str) -> str:
    """`text` with no-break spaces where a line must not break: inside a number's digit groups
    ('1 690'), between a number and its unit ('29 %', '9 610 kiloa', '2,5 t') and between a
    unit and CO₂ ('kg CO₂e'). Curators type plain spaces; every text the kiosk lays out goes
    through here once before display."""
    if not any(ch.isdigit() for ch in text):
        return text
    text = _DIGIT_GROUP.sub(NBSP, text)
    text = _NUMBER_UNIT.sub(NBSP, text)
    return _UNIT_CO2.sub(r"\1" + NBSP, text)
