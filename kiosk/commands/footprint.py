"""`kiosk footprint [--answer QUESTION=OPTION ...] [--json]`: the footprint and ranked tips for
some answers, straight from exhibits/quiz.yaml, so a curator can check the numbers after an
edit. Skipped questions (those not given) take the Finnish-average default."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.commands.common import content_from, settings_from
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from kiosk.languages import LANGUAGES


def add_command(commands) -> None:
    footprint = commands.add_parser(
        "footprint", help="the quiz's footprint and ranked tips for some answers"
    )
    footprint.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="QUESTION=OPTION",
        help="an answer; repeat for more (questions left out count as skipped)",
    )
    footprint.add_argument("--json", action="store_true", help="one JSON object, unrounded too")
    footprint.add_argument(
        "--explain", action="store_true", help="how each line is worked out, with sources"
    )
    footprint.add_argument(
        "--tables", action="store_true", help="the tables of docs/quiz-method.md (Markdown)"
    )
    footprint.add_argument("--lang", choices=LANGUAGES, help="language of the texts (default: fi)")
    footprint.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    footprint.add_argument("--content", type=Path, help="content folder (from kiosk.yaml)")
    footprint.set_defaults(handler=_footprint)


def _footprint(args) -> int:
    from kiosk.footprint.engine import UnknownAnswer, check_answer, footprint, ranked_tips

    settings, diagnostics = settings_from(args)
    content = content_from(args, settings, diagnostics)
    if content is None or diagnostics.errors:
        for line in diagnostics.lines():  # as `kiosk validate` prints them
            print(line)
        print(
            f"{len(diagnostics.errors)} error(s), {len(diagnostics.warnings)} warning(s)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    quiz = content.quiz
    if quiz is None:
        print("kiosk footprint: the content folder has no quiz.yaml", file=sys.stderr)
        return EXIT_PROBLEMS
    language = args.lang or settings.languages.default
    if language not in settings.languages.available:
        raise UsageError(f"language '{language}' is not among the kiosk's languages")
    answers = {}
    for given in args.answer:
        question, equals, option = given.partition("=")
        if not equals:
            raise UsageError(f"--answer takes QUESTION=OPTION, got '{given}'")
        try:
            check_answer(quiz, question.strip(), option.strip())
        except UnknownAnswer as problem:
            raise UsageError(str(problem)) from None
        answers[question.strip()] = option.strip()
    result = footprint(quiz, answers)
    tips = ranked_tips(quiz, answers)
    if args.explain or args.tables:
        from kiosk.footprint.explain import explain, method_tables

        text = method_tables(quiz) if args.tables else "\n".join(explain(quiz, answers, language))
        print(text.rstrip("\n"))
    elif args.json:
        print(json.dumps(as_json(quiz, answers, result, tips, language), ensure_ascii=False))
    else:
        print("\n".join(as_text(quiz, answers, result, tips, language)))
    return EXIT_OK


def as_json(quiz, answers, result, tips, language: str) -> dict:
    """Unrounded kg for checking, the rounded figures a visitor would see beside them."""
    from kiosk.footprint.rounding import rounded_kg, rounded_tonnes, shown_categories, shown_tonnes

    return {
        "language": language,
        "answers": dict(answers),
        "total_kg": result.total_kg,
        "total_rounded_t": shown_tonnes(result.categories),
        "categories": dict(result.categories),
        "categories_rounded_kg": dict(shown_categories(result.categories)),
        "lines": dict(result.lines),
        "questions": [
            {
                "id": question.id,
                "category": question.category,
                "text": question.text(language),
                "answer": answers.get(question.id),
                "options": [{"id": o.id, "label": o.label(language)} for o in question.options],
            }
            for question in quiz.questions
        ],
        "tips": [
            {
                "id": ranked.tip.id,
                "saving_kg": ranked.saving_kg,
                "saving_rounded_kg": rounded_kg(ranked.saving_kg),
                "title": ranked.tip.title(language),
                "text": ranked.tip.text(language),
                "station": ranked.tip.station,
                "link": _link(ranked.tip.link, language),
            }
            for ranked in tips
        ],
        "references": [
            {
                "id": reference.id,
                "label": reference.label(language),
                "kg": reference.kg,
                "rounded_t": rounded_tonnes(reference.kg),
                "year": reference.year,
                "source": reference.source,
            }
            for reference in quiz.references
        ],
    }


def _link(link, language: str) -> dict | None:
    return None if link is None else {"url": link.url, "label": link.label(language)}


def as_text(quiz, answers, result, tips, language: str) -> list[str]:
    """The breakdown and the tips as the result screen rounds them; the headings are for the
    curator and stay in English, the texts from quiz.yaml are in `language`."""
    from kiosk.footprint.rounding import format_kg, format_tonnes, shown_categories, shown_tonnes
    from kiosk.i18n import format_number

    total = format_number(shown_tonnes(result.categories), language)
    lines = [f"Footprint (estimate): {total} t CO2e a year"]
    labels = {category.id: category.label(language) for category in quiz.categories}
    width = max(len(label) for label in labels.values()) + 2
    for category, kg in shown_categories(result.categories):
        lines.append(f"  {labels[category]:<{width}}{format_number(kg, language) + ' kg':>10}")
    lines += ["", "Answers (the others skipped: the mix of Finns' answers):"]
    given = [f"  {q}={o}" for q, o in answers.items()]
    lines += given or ["  none"]
    lines += ["", "Compared with:"]
    for reference in quiz.references:
        shown = format_tonnes(reference.kg, language)
        source = f"{reference.source}, {reference.year}"
        lines.append(f"  {reference.label(language)}: {shown} ({source})")
    lines += ["", "Tips, largest saving first:"]
    for number, ranked in enumerate(tips, 1):
        saving = format_kg(ranked.saving_kg, language)
        station = f"  [station: {ranked.tip.station}]" if ranked.tip.station else ""
        lines.append(f"  {number}. {ranked.tip.title(language)}: −{saving} a year{station}")
    if not tips:
        lines.append("  none apply")
    return lines
