"""The quiz as immutable values, read from exhibits/quiz.yaml. The engine computes with them;
nothing writes to them."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.model import Link, Text
from kiosk.footprint.units import Unit

CATEGORIES = ("housing", "mobility", "food", "consumption")
SKIPPED = "skipped"
"""In a tip's `when`: the visitor skipped the question (so its Finnish-average default holds)."""

Cell = float | str  # a number in the factor's unit, or the id of another factor


@dataclass(frozen=True)
class Category:
    id: str
    label: Text


@dataclass(frozen=True)
class Option:
    id: str
    label: Text


@dataclass(frozen=True)
class Question:
    id: str
    category: str
    text: Text
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class Factor:
    """A number with its unit and source: either a constant `value`, or a table `by` one or two
    questions whose `cells` give a value per answer and `skipped` the Finnish-average default."""

    id: str
    unit: Unit
    source: str | None = None
    value: float | None = None
    by: tuple[str, ...] = ()
    cells: tuple[tuple[tuple[str, ...], Cell], ...] = ()  # (option per question in `by`, value)
    skipped: Cell | None = None  # None: no value until every question in `by` is answered
    year: int | None = None
    note: str | None = None
    derivation: str | None = None

    def cell(self, options: tuple[str, ...]) -> Cell | None:
        return next((value for key, value in self.cells if key == options), None)

    @property
    def references(self) -> tuple[str, ...]:
        """The other factors this one takes values from."""
        values = [value for _, value in self.cells] + [self.skipped]
        return tuple(v for v in values if isinstance(v, str))


@dataclass(frozen=True)
class Line:
    """One part of the footprint: the product of `times` divided by the product of `per`."""

    id: str
    category: str
    times: tuple[str, ...]
    per: tuple[str, ...] = ()


@dataclass(frozen=True)
class Saving:
    """Either `switch` (the footprint now minus the footprint with these answers) or a product
    of factors like a line's."""

    switch: tuple[tuple[str, str], ...] = ()  # (question, option)
    times: tuple[str, ...] = ()
    per: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tip:
    id: str
    title: Text
    text: Text
    saving: Saving
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()  # every question must have one of these
    station: str | None = None
    link: Link | None = None


@dataclass(frozen=True)
class Reference:
    """A footprint to compare with on the result screen."""

    id: str
    label: Text
    value: float
    unit: Unit
    year: int
    source: str
    note: str | None = None

    @property
    def kg(self) -> float:
        return self.value * self.unit.scale


@dataclass(frozen=True)
class Quiz:
    title: Text
    skip_label: Text
    categories: tuple[Category, ...]
    questions: tuple[Question, ...]
    factors: tuple[Factor, ...]
    lines: tuple[Line, ...]
    tips: tuple[Tip, ...]
    references: tuple[Reference, ...]
    baseline: str | None = None  # the reference that skipping every question should reproduce

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def factor(self, factor_id: str) -> Factor | None:
        return next((f for f in self.factors if f.id == factor_id), None)

    def tip(self, tip_id: str) -> Tip | None:
        return next((t for t in self.tips if t.id == tip_id), None)

    def reference(self, reference_id: str) -> Reference | None:
        return next((r for r in self.references if r.id == reference_id), None)
