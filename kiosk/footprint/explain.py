"""How the footprint is worked out, in words and tables: `kiosk footprint --explain` for one
set of answers, and the tables of docs/quiz-method.md for the whole quiz (a test keeps the
document equal to them). Pure Python, no Kivy."""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.footprint.engine import factor_value, footprint, questions_of, scenarios
from kiosk.footprint.model import Quiz
from kiosk.footprint.rounding import shown_categories, shown_tonnes


def explain(quiz: Quiz, answers: Mapping[str, str], language: str) -> list[str]:
    """Each line of the footprint as amount × factor, with every factor's value, unit and
    source; a skipped question shows the shares its options are mixed with."""
    result = footprint(quiz, answers)
    shown = dict(shown_categories(result.categories))
    out = [
        f"Footprint: {result.total_kg:,.1f} kg CO2e a year; shown as "
        f"{shown_tonnes(result.categories)} t (in 100 kg steps; the categories add up to it)",
        "",
        "Answers:",
    ]
    for question in quiz.questions:
        if question.id in answers:
            out.append(f"  {question.id} = {answers[question.id]}")
        elif not question.asked(answers):
            out.append(f"  {question.id}: not asked ({_condition(question)})")
        else:
            out.append(f"  {question.id}: skipped -> {_mix(question, answers)}")
    labels = {c.id: c.label(language) for c in quiz.categories}
    lines = dict(result.lines)
    for category, kg in result.categories:
        out += ["", f"{labels[category]} ({category}): {kg:,.1f} kg, shown {shown[category]:,} kg"]
        for line in (line for line in quiz.lines if line.category == category):
            formula = " × ".join(line.times) + "".join(f" ÷ {f}" for f in line.per)
            out.append(f"  {line.id} = {formula} = {lines[line.id]:,.1f} kg")
            skipped = sorted(
                q for q in questions_of(quiz, (*line.times, *line.per)) if q not in answers
            )
            if skipped:
                count = len(scenarios(quiz, skipped, answers))
                out.append(f"    mixed over {count} combinations of {', '.join(skipped)}")
            for factor_id in (*line.times, *line.per):
                out.append("    " + _factor_text(quiz, factor_id, answers))
    return out


def _factor_text(quiz: Quiz, factor_id: str, answers) -> str:
    factor = quiz.factor(factor_id)
    missing = [q for q in sorted(questions_of(quiz, (factor_id,))) if q not in answers]
    if missing:
        value = f"depends on {', '.join(missing)} (mixed)"
    else:
        value = f"{factor_value(quiz, factor_id, answers) / factor.unit.scale:,.6g} {factor.unit}"
        value += _via(quiz, factor, answers)
    source = _source(quiz, factor, answers) if not missing else ""
    return f"{factor_id}: {value}{source}"


def _via(quiz: Quiz, factor, answers) -> str:
    """' (= other-factor)' when a table cell names another factor."""
    if not factor.by:
        return ""
    cell = factor.cell(tuple(answers.get(q) for q in factor.by))
    return f" (= {cell})" if isinstance(cell, str) else ""


def _source(quiz: Quiz, factor, answers) -> str:
    """The source of the number actually used: the named factor's, for a table cell."""
    while factor.by:
        cell = factor.cell(tuple(answers.get(q) for q in factor.by))
        if not isinstance(cell, str):
            break
        factor = quiz.factor(cell)
    year = f", {factor.year}" if factor.year else ""
    return f"  [{factor.source}{year}]" if factor.source else ""


def _mix(question, answers) -> str:
    if not question.shares:
        return "each factor's skipped value"
    parent = answers.get(question.shares_by) if question.shares_by else None
    if question.shares_by and parent is None:
        return f"mix by {question.shares_by} (see the method document)"
    weights = ", ".join(f"{option} {weight:.1%}" for option, weight in question.weights(parent))
    return f"mix of {weights}"


def _condition(question) -> str:
    return "; ".join(f"only if {q} is {' or '.join(options)}" for q, options in question.ask_if)


# The tables of docs/quiz-method.md ---------------------------------------------------------


def method_tables(quiz: Quiz) -> str:
    """Markdown: the shares of every question, every factor with its source and derivation,
    the lines, and what skipping everything gives, category by category."""
    out = ["### Questions and the shares a skip is mixed with", ""]
    out += ["| question | asked | shares (per cent) | source | derivation and assumptions |"]
    out += ["| --- | --- | --- | --- | --- |"]
    for question in quiz.questions:
        asked = _condition(question) or "always"
        out.append(
            f"| `{question.id}` | {asked} | {_shares_text(question)} | "
            f"{_cell(question.shares_source)} | {_cell(question.shares_note)} |"
        )
    out += ["", "### Factors", ""]
    out += [
        "| factor | value | unit | figure for | source (publisher, title, address) "
        "| derivation and notes |"
    ]
    out += ["| --- | --- | --- | --- | --- | --- |"]
    for factor in quiz.factors:
        source = ", ".join(part for part in (factor.source, factor.url) if part)
        notes = " ".join(part for part in (factor.derivation, factor.note) if part)
        out.append(
            f"| `{factor.id}` | {_value_text(factor)} | {factor.unit} | {factor.year or ''} | "
            f"{_cell(source)} | {_cell(notes)} |"
        )
    out += ["", "### Lines, and skipping everything", ""]
    average = footprint(quiz, {})
    lines = dict(average.lines)
    out += ["| line | category | amount × factor | everything skipped (kg) |"]
    out += ["| --- | --- | --- | --- |"]
    for line in quiz.lines:
        formula = " × ".join(f"`{f}`" for f in line.times)
        formula += "".join(f" ÷ `{f}`" for f in line.per)
        out.append(f"| `{line.id}` | {line.category} | {formula} | {lines[line.id]:,.1f} |")
    out += ["", "| category | everything skipped (kg) |", "| --- | --- |"]
    for category, kg in average.categories:
        out.append(f"| {category} | {kg:,.1f} |")
    out.append(f"| **total** | **{average.total_kg:,.1f}** |")
    return "\n".join(out) + "\n"


def _shares_text(question) -> str:
    if not question.shares:
        return "none"
    groups: dict[str, list[str]] = {}
    for key, share in question.shares:
        groups.setdefault(key[0] if len(key) == 2 else "", []).append(f"{key[-1]} {share:g}")
    if list(groups) == [""]:
        return ", ".join(groups[""])
    return "; ".join(f"{group}: {', '.join(items)}" for group, items in groups.items())


def _value_text(factor) -> str:
    if factor.value is not None:
        return f"{factor.value:g}"
    cells = []
    for key, value in factor.cells:
        cells.append(
            f"{'/'.join(key)}: {value:g}"
            if not isinstance(value, str)
            else f"{'/'.join(key)}: `{value}`"
        )
    return "; ".join(cells)


def _cell(text) -> str:
    """Text for a Markdown table cell: one line, no bar."""
    return " ".join(str(text or "").split()).replace("|", "\\|")
