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
    """A single-tap question. `shares` say how the population answers it (per cent by option,
    or by the answer to `shares_by` and then by option): skipping it gives the mix of its
    options weighted by them. `ask_if` leaves it out unless an earlier answer is one of these."""

    id: str
    category: str
    text: Text
    options: tuple[Option, ...]
    shares: tuple[tuple[tuple[str, ...], float], ...] = ()
    shares_by: str | None = None
    shares_source: str | None = None
    shares_note: str | None = None
    ask_if: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def weights(self, given: str | None = None) -> tuple[tuple[str, float], ...]:
        """(option, weight) summing to 1 from `shares`, given the answer to `shares_by`;
        empty when the quiz has no shares for this question."""
        prefix = () if self.shares_by is None else (given,)
        cells = [(key[-1], share) for key, share in self.shares if key[:-1] == prefix]
        total = sum(share for _, share in cells)
        if not cells or total <= 0:
            return ()
        return tuple((option, share / total) for option, share in cells if share > 0)

    def asked(self, answers) -> bool:
        """Whether the question applies to someone who gave these answers."""
        return all(answers.get(question) in options for question, options in self.ask_if)


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
    url: str | None = None

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
    source: str | None = None
    """Where the figures in the tip's text and saving come from, as the visitor sees it."""


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
