"""Each screen's reading order as text, built from the models the screen is shown (no Kivy).

The order follows the screen: the title, the lead, the body, the facts with their sources,
then the buttons, each button said with its role so a listener knows it can be chosen. Every
utterance has the language it is spoken in (the attract screen invites in all of them) and,
when it stands for something that can be chosen, the `action` that chooses it: explore by
touch and the keypad move through the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.citation import cite, source_line
from kiosk.footprint.model import SKIPPED
from kiosk.footprint.rounding import rounded_kg, rounded_tonnes
from kiosk.i18n import format_number, tr
from kiosk.languages import NATIVE_NAMES
from kiosk.navigator import Route
from kiosk.screens import ATTRACT, GOAL, HOME, QUIZ, RESULT, STATION, THEME

# What choosing an utterance does, as (intent, argument): the UI maps these onto its
# navigator and screens.
BACK, HOME_ACTION, LANGUAGE = ("back", None), ("home", None), "language"
OPEN_THEME, OPEN_STATION, OPEN_QUIZ = "open_theme", "open_station", "open_quiz"
CHOOSE, SKIP, PREVIOUS, START_VISIT = "choose", "skip", "previous", "start_visit"
START_OVER, ALREADY_DO = "start_over", "already_do"
CONTRAST = ("contrast", None)
LARGE_TEXT = ("large_text", None)
LOWER = ("lower", None)
TOGGLES = (CONTRAST, LARGE_TEXT, LOWER)
"""The top bar's switches: they change how every screen looks, not what it says."""


@dataclass(frozen=True)
class Utterance:
    text: str
    language: str
    role: str = "text"  # title, lead, text, fact, source, button
    action: tuple[str, str | None] | None = None

    @property
    def is_button(self) -> bool:
        return self.action is not None


def speech_mode_hint(language: str) -> str:
    """How to turn speech mode on: on the attract screen, and said there."""
    return tr("To have the screen read aloud, touch and hold anywhere for two seconds.", language)


class _Reader:
    def __init__(self, language: str, languages: tuple[str, ...], low_reach_toggle=False):
        self.language = language
        self.languages = languages
        self.low_reach_toggle = low_reach_toggle
        self.items: list[Utterance] = []

    def say(self, text: str | None, role: str = "text", language: str | None = None) -> None:
        text = " ".join((text or "").split())
        if text:
            self.items.append(Utterance(text, language or self.language, role))

    def button(self, label: str, action, language: str | None = None) -> None:
        language = language or self.language
        label = " ".join(label.split()).rstrip(".")
        text = tr("{label}, button", language, label=label)
        self.items.append(Utterance(text, language, "button", action))

    def number(self, value, unit: str | None = None) -> str:
        text = format_number(value, self.language)
        return f"{text}\u00a0{unit}" if unit else text

    def tr(self, message: str, **values) -> str:
        return tr(message, self.language, **values)

    def navigation(self) -> None:
        """The top bar's buttons, said after the page: Back, Home, high contrast, large text,
        the other languages."""
        self.button(self.tr("Back"), BACK)
        self.button(self.tr("Home"), HOME_ACTION)
        self.toggles()

    def toggles(self) -> None:
        self.button(self.tr("High contrast"), CONTRAST)
        self.button(self.tr("Large text"), LARGE_TEXT)
        if self.low_reach_toggle:
            self.button(self.tr("Lower the view"), LOWER)

    def language_buttons(self) -> None:
        for code in self.languages:
            if code != self.language:
                self.button(NATIVE_NAMES.get(code, code), (LANGUAGE, code), code)


def screen_reading(
    exhibition,
    route: Route,
    language: str,
    languages: tuple[str, ...],
    quiz_session=None,
    default_language: str | None = None,
    low_reach_toggle: bool = False,
) -> tuple[Utterance, ...]:
    """What the screen for `route` says, in reading order. `low_reach_toggle`: the top bar
    shows the lowered layout's button (said after high contrast)."""
    reader = _Reader(language, tuple(languages), low_reach_toggle)
    screen = route.screen
    if screen == ATTRACT:
        _attract(reader, exhibition, default_language or language)
    elif screen == HOME:
        _home(reader, exhibition, quiz_session)
    elif screen == THEME:
        _theme(reader, exhibition.theme(route.target))
    elif screen == GOAL:
        _goal(reader, exhibition.theme(route.target))
    elif screen == STATION:
        _station(reader, exhibition, exhibition.station(route.target))
    elif screen == QUIZ:
        _quiz(reader, quiz_session)
    elif screen == RESULT:
        _result(reader, exhibition, quiz_session)
    if screen not in (ATTRACT, HOME):
        reader.navigation()
    elif screen == HOME:
        reader.toggles()
    if screen != ATTRACT:
        reader.language_buttons()
    return tuple(reader.items)


def _attract(reader: _Reader, exhibition, default_language: str) -> None:
    reader.say(exhibition.title(default_language), "title", default_language)
    for code in reader.languages:
        reader.items.append(
            Utterance(exhibition.invitation(code), code, "button", (LANGUAGE, code))
        )
        reader.say(speech_mode_hint(code), "text", code)


def _home(reader: _Reader, exhibition, quiz_session) -> None:
    reader.say(exhibition.title(reader.language), "title")
    if exhibition.subtitle:
        reader.say(exhibition.subtitle(reader.language), "lead")
    for theme in exhibition.themes:
        _card(reader, theme.title, theme.lead, (OPEN_THEME, theme.id))
    quiz = quiz_session.quiz if quiz_session is not None else None
    if quiz is not None:
        lead = reader.tr("{count} questions, about a minute", count=len(quiz.questions))
        reader.button(f"{quiz.title(reader.language)}. {lead}", (OPEN_QUIZ, None))


def _card(reader: _Reader, title, lead, action) -> None:
    reader.button(f"{title(reader.language)}. {lead(reader.language)}", action)


def _theme(reader: _Reader, theme) -> None:
    if theme is None:
        return
    reader.say(theme.title(reader.language), "title")
    reader.say(theme.lead(reader.language), "lead")
    for station in theme.stations:
        _card(reader, station.title, station.lead, (OPEN_STATION, station.id))


def _goal(reader: _Reader, theme) -> None:
    if theme is None:
        return
    reader.say(theme.title(reader.language), "title")
    reader.say(theme.lead(reader.language), "lead")
    goal = theme.goal
    if goal is not None:
        latest = goal.latest
        reader.say(
            reader.tr(
                "Goal: emissions {cut} % below {baseline} by {target}",
                cut=reader.number(goal.target_cut),
                baseline=goal.baseline_year,
                target=goal.target_year,
            ),
            "fact",
        )
        reader.say(
            reader.tr(
                "{year}: {cut} % below {baseline}",
                year=latest.year,
                cut=reader.number(latest.cut),
                baseline=goal.baseline_year,
            ),
            "fact",
        )
        reader.say(cite(latest.source, reader.language), "source")
    for station in theme.stations:
        _card(reader, station.title, station.lead, (OPEN_STATION, station.id))


def _station(reader: _Reader, exhibition, station) -> None:
    if station is None:
        return
    language = reader.language
    reader.say(station.title(language), "title")
    reader.say(station.lead(language), "lead")
    for chunk in (station.speech or station.body).paragraphs(language):
        reader.say(chunk)
    reader.say(reader.tr("Key facts"), "heading")
    for fact in station.facts:
        reader.say(f"{fact.label(language)}: {reader.number(fact.value, fact.unit)}", "fact")
        if fact.note:
            reader.say(fact.note(language), "fact")
        reader.say(source_line(fact, language), "source")
    for image in station.images:
        reader.say(image.alt(language), "picture")
    for heading, text in (
        ("What Espoo does", station.espoo_does),
        ("What you can do", station.you_can_do),
    ):
        reader.say(reader.tr(heading), "heading")
        for chunk in text.paragraphs(language):
            reader.say(chunk)
    if station.links:
        reader.say(reader.tr("Read more on your phone"), "heading")
        for link in station.links:
            reader.say(link.label(language))
    related = [exhibition.station(i) for i in station.related]
    if any(related):
        reader.say(reader.tr("See also"), "heading")
        for other in related:
            if other is not None:
                reader.button(other.title(language), (OPEN_STATION, other.id))


def _quiz(reader: _Reader, session) -> None:
    quiz = session.quiz if session is not None else None
    if quiz is None or not quiz.questions or session.question is None:
        reader.say(reader.tr("The quiz is not available right now."), "title")
        return
    question, language = session.question, reader.language
    reader.say(quiz.title(language), "title")
    reader.say(
        reader.tr(
            "Question {number} of {count}",
            number=reader.number(session.index + 1),
            count=reader.number(session.count),
        ),
        "lead",
    )
    reader.say(question.text(language), "title")
    for option in question.options:
        reader.button(option.label(language), (CHOOSE, option.id))
    reader.button(quiz.skip_label(language), (SKIP, SKIPPED))
    if session.index > 0:
        reader.button(reader.tr("Previous question"), (PREVIOUS, None))
    total = reader.number(rounded_tonnes(session.footprint().total_kg), "t")
    reader.say(reader.tr("Your footprint so far"), "heading")
    reader.say(reader.tr("About {total} CO₂e a year", total=total), "fact")


def _result(reader: _Reader, exhibition, session) -> None:
    quiz = session.quiz if session is not None else None
    if quiz is None:
        reader.say(reader.tr("The quiz is not available right now."), "title")
        return
    language = reader.language
    reader.say(reader.tr("Your carbon footprint"), "title")
    total_kg = session.footprint().total_kg
    total = reader.number(rounded_tonnes(total_kg), "t")
    reader.say(f"{reader.tr('Your carbon footprint is about')} {total} {reader.tr('CO₂e a year')}")
    reader.say(reader.tr("Comparison"), "heading")
    for reference in quiz.references:
        value = reader.number(rounded_tonnes(reference.kg), "t")
        reader.say(f"{reference.label(language)}: {value}", "fact")
    sources = "; ".join(dict.fromkeys(reference.source for reference in quiz.references))
    if sources:
        reader.say(reader.tr("Source: {source}", source=sources), "source")
    reader.button(reader.tr("Start over"), (START_OVER, None))
    reader.say(reader.tr("What would cut your footprint most"), "heading")
    tips = session.tips()
    if not tips:
        reader.say(reader.tr("No more tips: you already do what this quiz asks about."))
    for ranked in tips:
        tip = ranked.tip
        reader.say(tip.title(language), "title")
        reader.say(tip.text(language))
        saving = reader.number(rounded_kg(ranked.saving_kg), "kg")
        reader.say(reader.tr("Saves about {kg} CO₂e a year", kg=saving), "fact")
        station = exhibition.station(tip.station) if tip.station else None
        if station is not None:
            reader.button(reader.tr("What Espoo does"), (OPEN_STATION, station.id))
        reader.button(reader.tr("I already do this"), (ALREADY_DO, tip.id))
