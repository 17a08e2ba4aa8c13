"""Symbols and abbreviations as words, per language (no Kivy).

eSpeak NG reads what is written: "CO₂e" as letters and a subscript, "kWh" as "k w h", "t" as
a letter. A lexicon maps each written form to the words a listener understands, in the
language being spoken. Units are only replaced after a number ("12 t", "63,3 %"), so a "t" or
a "g" in a sentence stays a letter; abbreviations are replaced wherever they stand as a word.
Curators add entries in exhibits/exhibition.yaml (`lexicon:`); theirs win over the built-in
ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_GAP = "[ \u00a0\u202f]"


@dataclass(frozen=True)
class Entry:
    written: str
    spoken: str
    after_number: bool = False  # a unit: replaced only right after a number


# Units: the longest written forms first is the Lexicon's business, not the table's.
_UNITS = {
    "fi": {
        "g CO₂/kWh": "grammaa hiilidioksidia kilowattitunnilta",
        "g CO₂e/kWh": "grammaa hiilidioksidiekvivalenttia kilowattitunnilta",
        "t CO₂e": "tonnia hiilidioksidiekvivalenttia",
        "kg CO₂e": "kilogrammaa hiilidioksidiekvivalenttia",
        "t": "tonnia",
        "kg": "kilogrammaa",
        "g": "grammaa",
        "%": "prosenttia",
        "km": "kilometriä",
        "kWh": "kilowattituntia",
        "MWh": "megawattituntia",
        "GWh": "gigawattituntia",
        "°C": "astetta",
    },
    "sv": {
        "g CO₂/kWh": "gram koldioxid per kilowattimme",
        "g CO₂e/kWh": "gram koldioxidekvivalenter per kilowattimme",
        "t CO₂e": "ton koldioxidekvivalenter",
        "kg CO₂e": "kilo koldioxidekvivalenter",
        "t": "ton",
        "kg": "kilo",
        "g": "gram",
        "%": "procent",
        "km": "kilometer",
        "kWh": "kilowattimmar",
        "MWh": "megawattimmar",
        "GWh": "gigawattimmar",
        "°C": "grader",
    },
    "en": {
        "g CO₂/kWh": "grams of carbon dioxide per kilowatt-hour",
        "g CO₂e/kWh": "grams of carbon dioxide equivalent per kilowatt-hour",
        "t CO₂e": "tonnes of carbon dioxide equivalent",
        "kg CO₂e": "kilograms of carbon dioxide equivalent",
        "t": "tonnes",
        "kg": "kilograms",
        "g": "grams",
        "%": "per cent",
        "km": "kilometres",
        "kWh": "kilowatt-hours",
        "MWh": "megawatt-hours",
        "GWh": "gigawatt-hours",
        "°C": "degrees",
    },
}

_WORDS = {
    "fi": {
        "CO₂e": "hiilidioksidiekvivalenttia",
        "CO2e": "hiilidioksidiekvivalenttia",
        "CO₂": "hiilidioksidi",
        "CO2": "hiilidioksidi",
        "kWh": "kilowattituntia",
        "HSL": "hoo äs äl",
        "HSY": "hoo äs yy",
        "EU": "ee uu",
        "QR": "kuu är",
        "esim.": "esimerkiksi",
        "n.": "noin",
    },
    "sv": {
        "CO₂e": "koldioxidekvivalenter",
        "CO2e": "koldioxidekvivalenter",
        "CO₂": "koldioxid",
        "CO2": "koldioxid",
        "kWh": "kilowattimmar",
        "HSL": "hå ess ell",
        "HSY": "hå ess y",
        "EU": "e u",
        "QR": "ku är",
        "t.ex.": "till exempel",
        "ca": "cirka",
    },
    "en": {
        "CO₂e": "carbon dioxide equivalent",
        "CO2e": "carbon dioxide equivalent",
        "CO₂": "carbon dioxide",
        "CO2": "carbon dioxide",
        "kWh": "kilowatt-hours",
        "HSL": "H S L",
        "HSY": "H S Y",
        "EU": "E U",
        "QR": "Q R",
        "e.g.": "for example",
    },
}


def built_in(language: str) -> tuple[Entry, ...]:
    units = _UNITS.get(language, _UNITS["en"])
    words = _WORDS.get(language, _WORDS["en"])
    return tuple(Entry(w, s, True) for w, s in units.items()) + tuple(
        Entry(w, s) for w, s in words.items()
    )


class Lexicon:
    """The words for one language: the built-in entries, then `extra` ones (a curator's),
    which replace a built-in entry of the same written form."""

    def __init__(self, language: str, extra: tuple[Entry, ...] = ()):
        self.language = language
        entries = {(e.written, e.after_number): e for e in built_in(language)}
        for entry in extra:
            entries.pop((entry.written, not entry.after_number), None)
            entries[(entry.written, entry.after_number)] = entry
        self.entries = tuple(entries.values())
        ordered = sorted(self.entries, key=lambda e: len(e.written), reverse=True)
        self._spoken = {(e.written, e.after_number): e.spoken for e in ordered}
        units = [re.escape(e.written) for e in ordered if e.after_number]
        words = [re.escape(e.written) for e in ordered if not e.after_number]
        self._units = (
            re.compile(rf"(?<=\d){NUMBER_GAP}?({'|'.join(units)})(?![\w₂])") if units else None
        )
        self._words = (
            re.compile(rf"(?<![\w.])({'|'.join(words)})(?::(\w+))?(?![\w₂])") if words else None
        )

    def spoken(self, text: str) -> str:
        """`text` as it should be read aloud in this lexicon's language."""
        text = _joined_digit_groups(text, self.language)
        if self._units is not None:
            text = self._units.sub(lambda m: " " + self._spoken[(m.group(1), True)], text)
        if self._words is not None:
            text = self._words.sub(self._word, text)
        return " ".join(text.split())

    def _word(self, match) -> str:
        """An abbreviation, with a Finnish case ending written after a colon ("HSL:n") joined
        to its spoken form."""
        return self._spoken[(match.group(1), False)] + (match.group(2) or "")


def _joined_digit_groups(text: str, language: str) -> str:
    """'1 690,5' (a no-break space between the groups, as kiosk.i18n writes it) -> '1690,5',
    and '1,690.5' -> '1690.5' in English: one number, not two."""
    text = re.sub(r"(?<=\d)[\u00a0\u202f](?=\d{3}(?!\d))", "", text)
    if language == "en":
        text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    return text
