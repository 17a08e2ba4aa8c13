"""The quiz's units: a few words joined by '/', so that the validator can check that factors
multiply out to kg CO2e per person per year, and convert g to kg on the way.

A unit is its words' dimensions with a scale to the base units (kg CO2e, kWh, km, …):
'g CO2e/kWh' is 0.001 kg CO2e per kWh, '%' is 0.01 of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

# Figures published as CO2 only (Fortum's district heat, Finnair's flights) count as CO2e;
# the factor's note says so.
_GASES = ("CO2e", "CO₂e", "CO2", "CO₂")
_MASSES = {"g": 0.001, "kg": 1.0, "t": 1000.0}

WORDS: dict[str, tuple[float, str | None]] = {
    **{f"{prefix} {gas}": (scale, "CO2e") for prefix, scale in _MASSES.items() for gas in _GASES},
    "kWh": (1.0, "kWh"),
    "MWh": (1000.0, "kWh"),
    "m2": (1.0, "m2"),  # floor area
    "m²": (1.0, "m2"),
    "km": (1.0, "km"),  # the visitor's own km: a driver's are the car's
    "pkm": (1.0, "pkm"),  # passenger-kilometre: one person carried one km
    "vkm": (1.0, "vkm"),  # vehicle-kilometre: one vehicle driven one km, however full
    "person": (1.0, "person"),
    "persons": (1.0, "person"),
    "household": (1.0, "household"),
    "households": (1.0, "household"),
    "flight": (1.0, "flight"),  # a return flight
    "flights": (1.0, "flight"),
    "trip": (1.0, "flight"),  # a return trip by air
    "trips": (1.0, "flight"),
    "yr": (1.0, "yr"),
    "%": (0.01, None),
}
"""Every word a unit may use, with its scale to the base unit and the dimension it measures."""

_BASE_NAMES = {"CO2e": "kg CO2e"}
_ORDER = ("CO2e", "kWh", "km", "pkm", "vkm", "flight", "m2", "person", "household", "yr")


class UnitError(ValueError):
    """A unit that is not in the vocabulary; the message says which word and why."""


@dataclass(frozen=True)
class Unit:
    scale: float  # a value in this unit times `scale` is the value in base units
    dims: tuple[tuple[str, int], ...]  # (dimension, power), sorted, no zero powers
    text: str = ""  # as the curator wrote it

    def __mul__(self, other: Unit) -> Unit:
        return _combine(self, other, 1)

    def __truediv__(self, other: Unit) -> Unit:
        return _combine(self, other, -1)

    def same_kind(self, other: Unit) -> bool:
        """True when a value in one converts to the other by scale alone."""
        return self.dims == other.dims

    def __str__(self) -> str:
        return self.text or describe(self.dims)


def _combine(a: Unit, b: Unit, sign: int) -> Unit:
    powers = dict(a.dims)
    for dim, power in b.dims:
        powers[dim] = powers.get(dim, 0) + sign * power
    scale = a.scale * b.scale if sign > 0 else a.scale / b.scale
    return Unit(scale, _dims(powers))


def _dims(powers: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((dim, power) for dim, power in powers.items() if power))


def parse_unit(text: str) -> Unit:
    """'kWh/household/yr' -> its Unit; UnitError names the word it does not know."""
    from kiosk.content.spec_types import suggest

    powers: dict[str, int] = {}
    scale = 1.0
    for position, raw in enumerate(text.split("/")):
        word = " ".join(raw.split())
        if word not in WORDS:
            hint = suggest(word, WORDS) if word else ""
            shown = f"'{word}' is not a unit" if word else "a '/' with nothing beside it"
            raise UnitError(f"unknown unit '{text}': {shown}{hint}")
        word_scale, dim = WORDS[word]
        sign = 1 if position == 0 else -1
        scale = scale * word_scale if sign > 0 else scale / word_scale
        if dim:
            powers[dim] = powers.get(dim, 0) + sign
    return Unit(scale, _dims(powers), text)


def describe(dims: tuple[tuple[str, int], ...]) -> str:
    """Dimensions in base units as a curator writes them: 'kg CO2e/person/yr'."""
    order = sorted(dims, key=lambda item: _ORDER.index(item[0]))
    top = [_power(dim, power) for dim, power in order if power > 0]
    bottom = [_power(dim, -power) for dim, power in order if power < 0]
    return "/".join(["·".join(top) or "1", *bottom])


def _power(dim: str, power: int) -> str:
    name = _BASE_NAMES.get(dim, dim)
    return name if power == 1 else f"{name}^{power}"


FOOTPRINT = parse_unit("kg CO2e/person/yr")
"""What every line of the footprint, every saving and every reference value works out to."""
