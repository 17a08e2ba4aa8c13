"""How a screen names where a figure comes from, in the visitor's language: 'Lähde: Fortum
2024', and for a goal 'Tavoite vuodelle 2030' instead of a year after the source. No Kivy."""

from __future__ import annotations

from kiosk.i18n import tr


def source_line(figure, language: str) -> str:
    """The caption under a fact (or a picture's number): the year the figure is for, or the
    year it is a goal for, then its source."""
    source = figure.source.cite(language)
    if figure.target:
        return tr("Target for {year}. Source: {source}", language, year=figure.year, source=source)
    return tr("Figure for {year}. Source: {source}", language, year=figure.year, source=source)


def cite(source, language: str) -> str:
    """'Lähde: Espoon kaupunki 2025'."""
    return tr("Source: {source}", language, source=source.cite(language))
