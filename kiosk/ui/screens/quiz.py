"""The footprint quiz: one question at a time, one tap per answer, "don't know" on every
question, and the visitor's footprint by category beside it, compared with the average Finn and
redrawn after every answer. The answers live in the QuizSession only."""

from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.footprint.model import SKIPPED
from kiosk.footprint.rounding import shown_tonnes
from kiosk.ui.kv import load_kv
from kiosk.ui.quiz_widgets import ChoiceButton, category_rows
from kiosk.ui.screens.base import KioskScreen


class QuizScreen(KioskScreen):
    title = StringProperty("")
    question_text = StringProperty("")
    progress_text = StringProperty("")
    progress = NumericProperty(0)
    """Share of the questions answered or skipped, 0..1."""
    can_go_back = BooleanProperty(False)
    """There is a question before this one."""
    available = BooleanProperty(True)
    # Emptied at the end of a visit (drop_pages): the visitor's last question and answers.
    page_containers = ("options",)
    page_values = ("title", "question_text", "progress_text")

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

    def drop_pages(self, keep_shown: bool = False) -> None:
        """At the end of a visit the visitor's footprint so far goes with them too."""
        super().drop_pages(keep_shown)
        if keep_shown:
            return
        bars = self.ids.bars
        bars.heading = bars.total_text = bars.legend = ""
        bars.rows = []

    def show_question(self):
        session = self.quiz_session
        quiz, question = session.quiz, session.question
        number, count = session.number, session.count
        self.question_text = question.text(self.language)
        self.progress_text = f"{self.number(number)} / {self.number(count)}"
        self.progress = (number - 1) / count
        self.can_go_back = number > 1
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
        total = self.number(shown_tonnes(session.footprint().categories), "t")
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
