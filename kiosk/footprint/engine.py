"""Answers -> footprint by category -> tips ranked by saving.

Answers are a mapping of question id -> option id; a skipped question is simply absent. A
line that depends on a skipped question is the mix of that line over the question's options,
weighted by how the population answers it (the question's `shares`), so skipping gives the
average Finn line by line; a question without shares falls back to each factor's `skipped`
value. Nothing here reads or writes a file: a visitor's answers live only in a Visit, in
memory, until it is reset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.content.spec_types import suggest
from kiosk.footprint.model import SKIPPED, Quiz, Tip
from kiosk.footprint.rounding import rounded_kg


class UnknownAnswer(ValueError):
    """A question, option or tip id that the quiz does not have; the message suggests one."""


class NoValue(LookupError):
    """A factor has no value for these answers: a question it needs was skipped."""


def check_answer(quiz: Quiz, question_id: str, option_id: str) -> None:
    question = quiz.question(question_id)
    if question is None:
        ids = [q.id for q in quiz.questions]
        hint = suggest(question_id, ids)
        raise UnknownAnswer(f"no question '{question_id}'{hint} (questions: {', '.join(ids)})")
    if question.option(option_id) is None:
        ids = question.option_ids
        raise UnknownAnswer(
            f"question '{question_id}' has no option '{option_id}'{suggest(option_id, ids)} "
            f"(options: {', '.join(ids)})"
        )


def factor_value(quiz: Quiz, factor_id: str, answers: Mapping[str, str]) -> float:
    """The factor's value for these answers, in base units (kg CO2e, kWh, km, …)."""
    factor = quiz.factor(factor_id)
    if factor.value is not None:
        return factor.value * factor.unit.scale
    key = tuple(answers.get(question) for question in factor.by)
    cell = factor.skipped if None in key else factor.cell(key)
    if cell is None:
        raise NoValue(f"factor '{factor_id}' has no value unless {', '.join(factor.by)} answered")
    if isinstance(cell, str):
        return factor_value(quiz, cell, answers)
    return cell * factor.unit.scale


def product(quiz: Quiz, times, per, answers: Mapping[str, str]) -> float:
    """Factors multiplied and divided; the validator made sure this is kg CO2e/person/yr."""
    value = 1.0
    for factor_id in times:
        value *= factor_value(quiz, factor_id, answers)
    for factor_id in per:
        value /= factor_value(quiz, factor_id, answers)
    return value


def questions_of(quiz: Quiz, factor_ids) -> set[str]:
    """The questions these factors' values depend on, directly or through other factors."""
    seen, questions, todo = set(), set(), list(factor_ids)
    while todo:
        factor = quiz.factor(todo.pop())
        if factor is None or factor.id in seen:
            continue
        seen.add(factor.id)
        questions.update(factor.by)
        todo += factor.references
    return questions


def scenarios(quiz: Quiz, question_ids, answers: Mapping[str, str]):
    """(weight, answers) pairs that fill in the skipped questions among `question_ids` (and
    the questions their shares depend on) with each option, weighted by the population's
    shares; the weights sum to 1. Questions without shares stay skipped."""
    needed, todo = set(), list(question_ids)
    while todo:
        question = quiz.question(todo.pop())
        if question is None or question.id in needed:
            continue
        needed.add(question.id)
        if question.id not in answers and question.shares_by:
            todo.append(question.shares_by)
    open_questions = [
        q for q in quiz.questions if q.id in needed and q.id not in answers and q.shares
    ]
    filled = [(1.0, dict(answers))]
    for question in open_questions:  # in quiz order: shares_by is always filled in first
        branches = []
        for weight, given in filled:
            parent = given.get(question.shares_by) if question.shares_by else None
            for option, share in question.weights(parent):
                branches.append((weight * share, {**given, question.id: option}))
        filled = branches or filled
    return filled


def line_kg(quiz: Quiz, line, answers: Mapping[str, str]) -> float:
    """The line for these answers, mixed over the options of every skipped question it needs."""
    needed = questions_of(quiz, (*line.times, *line.per))
    return sum(
        weight * product(quiz, line.times, line.per, given)
        for weight, given in scenarios(quiz, needed, answers)
    )


@dataclass(frozen=True)
class Footprint:
    """kg CO2e per person per year, by category (in the quiz's order) and by line."""

    categories: tuple[tuple[str, float], ...]
    lines: tuple[tuple[str, float], ...]

    @property
    def total_kg(self) -> float:
        return sum(kg for _, kg in self.categories)

    def category(self, category_id: str) -> float:
        return dict(self.categories)[category_id]


def footprint(quiz: Quiz, answers: Mapping[str, str]) -> Footprint:
    lines = tuple((line.id, line_kg(quiz, line, answers)) for line in quiz.lines)
    by_category = {category.id: 0.0 for category in quiz.categories}
    for line, (_, kg) in zip(quiz.lines, lines, strict=True):
        by_category[line.category] += kg
    return Footprint(tuple(by_category.items()), lines)


def applies(tip: Tip, answers: Mapping[str, str]) -> bool:
    """Every question in `when` has one of the listed answers (or `skipped`, if listed)."""
    return all(answers.get(question, SKIPPED) in options for question, options in tip.when)


def saving_kg(quiz: Quiz, tip: Tip, answers: Mapping[str, str]) -> float:
    """kg CO2e a year the tip would save this visitor."""
    saving = tip.saving
    if saving.switch:
        changed = {**answers, **dict(saving.switch)}
        return footprint(quiz, answers).total_kg - footprint(quiz, changed).total_kg
    return line_kg(quiz, saving, answers)


@dataclass(frozen=True)
class RankedTip:
    tip: Tip
    saving_kg: float


def ranked_tips(
    quiz: Quiz, answers: Mapping[str, str], dismissed: frozenset[str] = frozenset()
) -> tuple[RankedTip, ...]:
    """The tips that apply and save something, largest saving first (ties in file order)."""
    ranked = []
    for tip in quiz.tips:
        if tip.id in dismissed or not applies(tip, answers):
            continue
        try:
            kg = saving_kg(quiz, tip, answers)
        except NoValue:
            continue  # the validator prevents this; a tip it cannot estimate stays hidden
        if rounded_kg(kg) > 0:  # a saving shown as "0 kg" is no saving
            ranked.append(RankedTip(tip, kg))
    return tuple(sorted(ranked, key=lambda ranked_tip: -ranked_tip.saving_kg))


class Visit:
    """One visitor's answers and dismissed tips, in memory only; reset() forgets them all
    (the UI calls it at idle reset and when the visitor starts over)."""

    def __init__(self, quiz: Quiz):
        self.quiz = quiz
        self._answers: dict[str, str] = {}
        self._skipped: set[str] = set()
        self._dismissed: set[str] = set()

    @property
    def answers(self) -> Mapping[str, str]:
        return MappingProxyType(dict(self._answers))

    @property
    def skipped(self) -> frozenset[str]:
        return frozenset(self._skipped)

    @property
    def dismissed(self) -> frozenset[str]:
        return frozenset(self._dismissed)

    def answer(self, question_id: str, option_id: str) -> None:
        check_answer(self.quiz, question_id, option_id)
        self._answers[question_id] = option_id
        self._skipped.discard(question_id)

    def skip(self, question_id: str) -> None:
        """'Don't know / skip': the Finnish-average default holds for this question."""
        if self.quiz.question(question_id) is None:
            raise UnknownAnswer(f"no question '{question_id}'")
        self._answers.pop(question_id, None)
        self._skipped.add(question_id)

    def already_do(self, tip_id: str) -> None:
        """'I already do this': the tip is no longer shown."""
        if self.quiz.tip(tip_id) is None:
            raise UnknownAnswer(f"no tip '{tip_id}'")
        self._dismissed.add(tip_id)

    def reset(self) -> None:
        self._answers.clear()
        self._skipped.clear()
        self._dismissed.clear()

    def footprint(self) -> Footprint:
        return footprint(self.quiz, self._answers)

    def tips(self) -> tuple[RankedTip, ...]:
        return ranked_tips(self.quiz, self._answers, frozenset(self._dismissed))
