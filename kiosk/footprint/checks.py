"""Checks across the keys of quiz.yaml, run once every key has passed on its own: options that
exist, units that multiply out, values for every answer, conditions a tip can be estimated
under. Each problem points at the YAML node it is about.

References to unknown ids (questions, factors) are left to the loader, which reports them with
a did-you-mean once every file is read; the checks here skip what such a reference would need.
"""

from __future__ import annotations

from itertools import product

import yaml

from kiosk.content.spec_types import join, suggest
from kiosk.footprint.model import SKIPPED
from kiosk.footprint.units import FOOTPRINT, Unit

BASELINE_TOLERANCE = 0.03  # "within a few per cent" of the figure it reproduces


def check_factor(values, node, ctx, where) -> bool:
    """A factor is a constant or a table, and every number in it has a source."""
    constant, table = values["value"] is not None, bool(values["by"] or values["values"])
    if constant == table or (table and not (values["by"] and values["values"])):
        ctx.error(node, "a factor has either value: or both by: and values:", where)
        return False
    if values["skipped"] is not None and not table:
        ctx.error(node, "skipped: belongs to a factor with by: and values:", where)
        return False
    numbers = [value for _, value in values["values"]] + [values["value"], values["skipped"]]
    if values["source"] is None and any(isinstance(n, int | float) for n in numbers):
        ctx.error(node, "missing required key 'source' in factor (every number needs one)", where)
        return False
    return True


def check_question(values, node, ctx, where) -> bool:
    """Option ids are unique in their question, and `skipped` is kept for conditions."""
    ok, seen = True, set()
    for index, option in enumerate(values["options"]):
        path = ("options", index, "id")
        if option.id == SKIPPED:
            message = (
                f"'{SKIPPED}' is not an option id: a tip's when uses it for a skipped question"
            )
            ctx.error(_node_at(node, path), message, join(where, _where(path)))
            ok = False
        elif option.id in seen:
            message = f"option '{option.id}' is listed twice"
            ctx.error(_node_at(node, path), message, join(where, _where(path)))
            ok = False
        seen.add(option.id)
    return ok


def check_saving(values, node, ctx, where) -> bool:
    if bool(values["switch"]) == bool(values["times"]) or (values["per"] and not values["times"]):
        ctx.error(node, "a saving has either switch: or times: (with per: if needed)", where)
        return False
    return True


def check_quiz(values, node, ctx, where) -> bool:
    check = _QuizCheck(values, node, ctx, where)
    check.run()
    return check.ok


class _QuizCheck:
    def __init__(self, values, node, ctx, where):
        self.values, self.node, self.ctx, self.where = values, node, ctx, where
        self.questions = {q.id: q for q in values["questions"]}
        self.factors = {f.id: f for f in values["factors"]}
        self.ok = True
        self.complete = True  # False while a reference waits for the loader to report it

    def run(self) -> None:
        self._categories()
        for index, factor in enumerate(self.values["factors"]):
            self._table(index, factor)
        for index, question in enumerate(self.values["questions"]):
            self._shares(index, question)
            self._ask_if(index, question)
        self._cycles()
        for index, line in enumerate(self.values["lines"]):
            self._formula(("lines", index), line.times, line.per, f"line '{line.id}'", ())
        for index, tip in enumerate(self.values["tips"]):
            self._tip(index, tip)
        for index, reference in enumerate(self.values["references"]):
            if not reference.unit.same_kind(FOOTPRINT):
                message = f"unit mismatch: {reference.unit} does not convert to {FOOTPRINT}"
                self.error(("references", index, "unit"), message)
        if self.complete:  # until then, what is used is not known
            self._unused()
        if self.ok and self.complete:
            self._baseline()

    def error(self, path, message: str, key: bool = False) -> None:
        self.ctx.error(_node_at(self.node, path, key), message, join(self.where, _where(path)))
        self.ok = False

    def warning(self, path, message: str, key: bool = False) -> None:
        self.ctx.warning(_node_at(self.node, path, key), message, join(self.where, _where(path)))

    def _categories(self) -> None:
        listed = set()
        for index, category in enumerate(self.values["categories"]):
            if category.id in listed:
                self.error(("categories", index, "id"), f"category '{category.id}' is listed twice")
            listed.add(category.id)
        for kind in ("questions", "lines"):
            for index, item in enumerate(self.values[kind]):
                if item.category not in listed:
                    message = f"category '{item.category}' is not in categories"
                    self.error((kind, index, "category"), message)

    def _table(self, index: int, factor) -> None:
        """Each cell names options that exist, every answer has a cell, units agree."""
        path = ("factors", index)
        if not factor.by:
            return
        if any(question not in self.questions for question in factor.by):
            self.complete = False
            return
        options = [self.questions[q].option_ids for q in factor.by]
        reported, errors = set(), 0
        for key, value in factor.cells:
            if len(key) != len(factor.by):
                where = (*path, "values", *key[: min(len(key), len(factor.by))])
                if where not in reported:
                    depth = " and ".join(factor.by)
                    self.error(where, f"expected values by {depth}, one level per question")
                    reported.add(where)
                errors += 1
                continue
            for position, option in enumerate(key):
                if option not in options[position] and key[: position + 1] not in reported:
                    reported.add(key[: position + 1])
                    message = _no_option(factor.by[position], option, options[position])
                    self.error((*path, "values", *key[: position + 1]), message, key=True)
                    errors += 1
            self._same_unit((*path, "values", *key), factor, value)
        if factor.skipped is not None:
            self._same_unit((*path, "skipped"), factor, factor.skipped)
        if errors:
            return
        for answer in product(*options):
            if factor.cell(answer) is None:
                given = ", ".join(f"{q}: {o}" for q, o in zip(factor.by, answer, strict=True))
                self.error((*path, "values"), f"no value for {given}")

    def _shares(self, index: int, question) -> None:
        """Shares name the question's options (by an earlier question's options), every one
        of them, and add up to 100 % for each answer to `shares_by`."""
        path = ("questions", index)
        if question.shares_by is not None and question.shares_by not in self.questions:
            self.complete = False
            return
        if question.shares_by is not None:
            parent = self.questions[question.shares_by]
            if self._position(parent.id) > index:
                message = f"shares_by: '{parent.id}' must be asked before '{question.id}'"
                self.error((*path, "shares_by"), message)
                return
            if not parent.shares:
                message = f"shares_by: question '{parent.id}' has no shares of its own"
                self.error((*path, "shares_by"), message)
                return
            groups = parent.option_ids
        else:
            groups = (None,)
        if not question.shares:
            return
        depth = 1 if question.shares_by is None else 2
        for key, _ in question.shares:
            where = (*path, "shares", *key[: min(len(key), depth)])
            if len(key) != depth:
                shape = "option: per cent" if depth == 1 else "option: {option: per cent}"
                self.error(where, f"expected shares as {shape}")
                return
            known = [groups, question.option_ids] if depth == 2 else [question.option_ids]
            for position, option in enumerate(key):
                if option not in known[position]:
                    owner = question.shares_by if depth == 2 and position == 0 else question.id
                    known_ids = known[position]
                    self.error(
                        (*path, "shares", *key[: position + 1]),
                        _no_option(owner, option, known_ids),
                        key=True,
                    )
                    return
        for group in groups:
            prefix = () if group is None else (group,)
            cells = {key[-1]: share for key, share in question.shares if key[:-1] == prefix}
            missing = [o for o in question.option_ids if o not in cells]
            where = (*path, "shares", *prefix)
            if missing:
                given = f" for {question.shares_by}: {group}" if group else ""
                self.error(where, f"no share for {', '.join(missing)}{given}")
            elif abs(sum(cells.values()) - 100) > 0.5:
                self.error(where, f"shares add up to {sum(cells.values()):g} %, not 100 %")

    def _ask_if(self, index: int, question) -> None:
        for asked_after, options in question.ask_if:
            where = ("questions", index, "ask_if", asked_after)
            if asked_after not in self.questions:
                self.complete = False
            elif self._position(asked_after) >= index:
                self.error(where, f"ask_if: '{asked_after}' must be asked before '{question.id}'")
            else:
                for option in options:
                    known = self.questions[asked_after].option_ids
                    if option not in known:
                        self.error(where, _no_option(asked_after, option, known))

    def _has_shares(self, question_id: str) -> bool:
        question = self.questions.get(question_id)
        return question is not None and bool(question.shares)

    def _position(self, question_id: str) -> int:
        return [q.id for q in self.values["questions"]].index(question_id)

    def _same_unit(self, path, factor, value) -> None:
        if not isinstance(value, str):
            return
        other = self.factors.get(value)
        if other is None:
            self.complete = False
        elif not other.unit.same_kind(factor.unit):
            message = f"unit mismatch: '{value}' is in {other.unit}, this factor in {factor.unit}"
            self.error(path, message)

    def _cycles(self) -> None:
        for index, factor in enumerate(self.values["factors"]):
            if factor.id in self._reachable(factor.references):
                message = f"factor '{factor.id}' takes its value from itself, through others"
                self.error(("factors", index, "id"), message)

    def _reachable(self, start) -> set[str]:
        """The factors these take values from, directly or through others (known ids only)."""
        seen, todo = set(), [f for f in start if f in self.factors]
        while todo:
            factor_id = todo.pop()
            if factor_id not in seen:
                seen.add(factor_id)
                todo += [f for f in self.factors[factor_id].references if f in self.factors]
        return seen

    def _formula(self, path, times, per, what: str, answered) -> None:
        """times ÷ per works out in kg CO2e/person/yr, never divides by 0, and has a value
        whenever a question it needs may be skipped (`answered`: the ones a tip requires)."""
        if any(factor_id not in self.factors for factor_id in (*times, *per)):
            self.complete = False
            return
        unit = Unit(1.0, ())
        for factor_id in times:
            unit = unit * self.factors[factor_id].unit
        for factor_id in per:
            unit = unit / self.factors[factor_id].unit
        if not unit.same_kind(FOOTPRINT):
            self.error(
                (*path, "times"), f"unit mismatch: {what} works out in {unit}, not {FOOTPRINT}"
            )
        for factor_id in sorted(self._reachable((*times, *per))):
            factor = self.factors[factor_id]
            if factor.by and factor.skipped is None:
                for question in factor.by:
                    if question not in answered and not self._has_shares(question):
                        self.error(
                            (*path, "times"),
                            f"{what} has no value when {question} is skipped: factor "
                            f"'{factor_id}' has no skipped value",
                        )
        for factor_id in per:
            if self._can_be_zero(factor_id):
                self.error((*path, "per"), f"factor '{factor_id}' can be 0, so it cannot divide")

    def _can_be_zero(self, factor_id: str) -> bool:
        for other in self._reachable((factor_id,)):
            factor = self.factors[other]
            numbers = [factor.value, factor.skipped, *(value for _, value in factor.cells)]
            if any(n == 0 for n in numbers if isinstance(n, int | float)):
                return True
        return False

    def _tip(self, index: int, tip) -> None:
        path = ("tips", index)
        answered = []
        for question, options in tip.when:
            if question not in self.questions:
                self.complete = False
                continue
            known = self.questions[question].option_ids
            value_path = (*path, "when", question)
            listed = isinstance(_node_at(self.node, value_path), yaml.SequenceNode)
            for position, option in enumerate(options):
                if option not in (*known, SKIPPED):
                    where = (*value_path, position) if listed else value_path
                    self.error(where, _no_option(question, option, (*known, SKIPPED)))
            if SKIPPED not in options:
                answered.append(question)
        for question, option in tip.saving.switch:
            if question not in self.questions:
                self.complete = False
            elif option not in self.questions[question].option_ids:
                known = self.questions[question].option_ids
                where = (*path, "saving", "switch", question)
                self.error(where, _no_option(question, option, known))
        if tip.saving.times:
            what = f"tip '{tip.id}'"
            self._formula((*path, "saving"), tip.saving.times, tip.saving.per, what, answered)

    def _unused(self) -> None:
        used = set()
        for line in self.values["lines"]:
            used |= self._reachable((*line.times, *line.per))
        for tip in self.values["tips"]:
            used |= self._reachable((*tip.saving.times, *tip.saving.per))
        for index, factor in enumerate(self.values["factors"]):
            if factor.id not in used:
                message = f"factor '{factor.id}' is not used by any line or tip"
                self.warning(("factors", index, "id"), message)
        asked = {question for factor in self.values["factors"] for question in factor.by}
        for index, question in enumerate(self.values["questions"]):
            if question.id not in asked:
                message = f"question '{question.id}' changes no factor, so no answer counts"
                self.warning(("questions", index, "id"), message)

    def _baseline(self) -> None:
        """Skipping every question should give the reference named by `baseline`."""
        from kiosk.footprint.engine import footprint
        from kiosk.footprint.model import Quiz

        baseline = self.values["baseline"]
        if baseline is None:
            return
        references = {r.id: r for r in self.values["references"]}
        if baseline not in references:
            message = f"no reference with id '{baseline}'{suggest(baseline, references)}"
            self.error(("baseline",), message)
            return
        total = footprint(Quiz(**self.values), {}).total_kg
        expected = references[baseline].kg
        if expected and abs(total - expected) > BASELINE_TOLERANCE * expected:
            self.warning(
                ("baseline",),
                f"with every question skipped the footprint is {total:,.0f} kg, "
                f"{(total - expected) / expected:+.0%} from {baseline} ({expected:,.0f} kg)",
            )


def _no_option(question: str, option: str, known) -> str:
    return f"question '{question}' has no option '{option}'{suggest(option, known)}"


def _node_at(node, path, key: bool = False):
    """The node at `path` (mapping keys and list indices) below `node`; with `key`, the key
    node of the last step, which is where a wrong name is written."""
    for number, step in enumerate(path):
        if isinstance(step, int):
            node = node.value[step]
            continue
        pairs = [(k, v) for k, v in node.value if str(k.value) == str(step)]
        key_node, node = pairs[0]
        if key and number == len(path) - 1:
            return key_node
    return node


def _where(path) -> str:
    where = ""
    for step in path:
        where = join(where, step)
    return where
