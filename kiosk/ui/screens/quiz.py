"""The footprint quiz: one question at a time, one tap per answer, "don't know" on every
question, and the visitor's footprint by category beside it, compared with the average Finn and
redrawn after every answer. The answers live in the QuizSession only."""

from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.footprint.model import SKIPPED
from kiosk.footprint.rounding import rounded_kg, rounded_tonnes
from kiosk.ui.kv import load_kv
from kiosk.ui.quiz_widgets import ChoiceButton
from kiosk.ui.screens.base import KioskScreen

SCALE_HEADROOM = 1.4
"""The bars' full width is this many times the largest average category (or the visitor's
largest, if bigger): the scale stays put while the visitor answers."""


def category_rows(screen: KioskScreen, session, active: str | None = None) -> list[dict]:
    """The Breakdown's rows: each category's kg for this visitor and for the average Finn."""
    quiz = session.quiz
    mine, average = session.footprint(), session.average()
    largest = max(
        max((kg for _, kg in average.categories), default=0) * SCALE_HEADROOM,
        max((kg for _, kg in mine.categories), default=0),
        1.0,
    )
    rows = []
    for category in quiz.categories:
        kg, typical = mine.category(category.id), average.category(category.id)
        rows.append(
            {
                "label": category.label(screen.language),
                "value_text": screen.number(rounded_kg(kg), "kg"),
                "average_text": screen.tr(
                    "The average Finn: {kg}", kg=screen.number(rounded_kg(typical), "kg")
                ),
                "value": kg / largest,
                "mark": typical / largest,
                "active": category.id == active,
            }
        )
    return rows


class QuizScreen(KioskScreen):
    title = StringProperty("")
    question_text = StringProperty("")
    progress_text = StringProperty("")
    progress = NumericProperty(0)
    """Share of the questions answered or skipped, 0..1."""
    can_go_back = BooleanProperty(False)
    """There is a question before this one."""
    available = BooleanProperty(True)

    def populate(self, exhibition, route):
        session = self.quiz_session
        quiz = session.quiz if session is not None else None
        self.available = quiz is not None and bool(quiz.questions)
        if not self.available:
            # Nothing to tap on the hidden page: a reload took the quiz away.
            self.title = self.tr("The quiz is not available right now.")
            self.ids.options.clear_widgets()
            self.can_go_back = False
            return
        session.resume()
        self.title = quiz.title(self.language)
        self.show_question()

    def show_question(self):
        session = self.quiz_session
        quiz, question = session.quiz, session.question
        number, count = session.index + 1, session.count
        self.question_text = question.text(self.language)
        self.progress_text = f"{self.number(number)} / {self.number(count)}"
        self.progress = session.index / count
        self.can_go_back = session.index > 0
        chosen = session.chosen(question.id)
        options = self.ids.options
        options.clear_widgets()
        for option in question.options:
            button = ChoiceButton(text=option.label(self.language), selected=chosen == option.id)
            button.option_id = option.id
            button.speech_action = ("choose", option.id)
            button.bind(on_release=lambda _b, option_id=option.id: self.choose(option_id))
            options.add_widget(button)
        skip = ChoiceButton(
            text=quiz.skip_label(self.language), quiet=True, selected=chosen == SKIPPED
        )
        skip.option_id = SKIPPED
        skip.speech_action = ("skip", SKIPPED)
        skip.bind(on_release=lambda _b: self.skip())
        options.add_widget(skip)
        self.show_bars(question.category)
        self.ids.scroll.scroll_y = 1

    def show_bars(self, active: str | None):
        session = self.quiz_session
        bars = self.ids.bars
        bars.heading = self.tr("Your footprint so far")
        total = self.number(rounded_tonnes(session.footprint().total_kg), "t")
        bars.total_text = self.tr("About {total} CO₂e a year", total=total)
        bars.legend = self.tr("kg CO₂e a year. The dark line on each bar: the average Finn.")
        bars.rows = category_rows(self, session, active)

    # Intents -----------------------------------------------------------------------------

    def choose(self, option_id: str):
        self.quiz_session.answer(option_id)
        self._next()

    def skip(self):
        self.quiz_session.skip()
        self._next()

    def previous(self):
        self.quiz_session.previous()
        self.show_question()

    def _next(self):
        session = self.quiz_session
        if not session.done:
            self.show_question()
            return
        self.show_bars(None)
        if session.finish():
            self.track("quiz_completed")
        self.navigator.open_result()


load_kv(__file__)
