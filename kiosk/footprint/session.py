"""One visitor's way through the quiz: the engine's Visit (answers, skips, dismissed tips), the
question on screen, and the pledge made. Pure Python, no Kivy: the quiz and result screens share
one QuizSession and only bind to it.

Everything here lives in memory and is forgotten when the visit ends (the session follows the
navigator: any return to the attract screen resets it) and, except the pledge, when the visitor
starts the quiz over.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.footprint.engine import Footprint, RankedTip, Visit, check_answer, footprint
from kiosk.footprint.model import SKIPPED, Question, Quiz
from kiosk.screens import ATTRACT


class QuizSession:
    def __init__(self, content: Callable[[], object]):
        """`content` gives the content now showing (kiosk.content.Content or None): the quiz
        follows a live reload without anyone telling the session."""
        self._content = content
        self._quiz: Quiz | None = None
        self._visit: Visit | None = None
        self.index = 0
        """The question on screen, 0-based; len(questions) once the last one is answered."""
        self.started = False
        self.completed = False
        self.pledge: str | None = None
        """The id of the pledge made on this visit, if any."""

    # The quiz ----------------------------------------------------------------------------

    @property
    def quiz(self) -> Quiz | None:
        content = self._content()
        quiz = content.quiz if content is not None else None
        if quiz is not self._quiz:
            self._switch(quiz)
        return quiz

    @property
    def pledges(self) -> tuple:
        content = self._content()
        return content.pledges if content is not None else ()

    @property
    def visit(self) -> Visit | None:
        self.quiz  # noqa: B018 - brings the visit up to date with the content
        return self._visit

    def _switch(self, quiz: Quiz | None) -> None:
        """New content: keep the answers the new quiz still has, forget the rest."""
        old = self._visit
        self._quiz = quiz
        self._visit = Visit(quiz) if quiz is not None else None
        if old is None or self._visit is None:
            self.index = 0
            return
        for question_id, option_id in old.answers.items():
            try:
                check_answer(quiz, question_id, option_id)
            except ValueError:
                continue
            self._visit.answer(question_id, option_id)
        for question_id in old.skipped:
            if quiz.question(question_id) is not None:
                self._visit.skip(question_id)
        for tip_id in old.dismissed:
            if quiz.tip(tip_id) is not None:
                self._visit.already_do(tip_id)
        self.index = min(self.index, len(quiz.questions))

    @property
    def count(self) -> int:
        """The questions this visitor is asked: those whose `ask_if` their answers meet."""
        return len(self._asked())

    @property
    def number(self) -> int:
        """The question on screen as the visitor counts them, 1-based."""
        asked = self._asked()
        return sum(1 for index in asked if index < self.index) + 1

    def _asked(self) -> list[int]:
        """Indices of the questions that apply to the answers given so far."""
        quiz, visit = self.quiz, self.visit
        if quiz is None:
            return []
        answers = visit.answers if visit is not None else {}
        return [i for i, q in enumerate(quiz.questions) if q.asked(answers)]

    def _step(self, start: int, direction: int) -> int:
        """The next question from `start` (inclusive) in `direction` that applies; past the end
        going forward means done, and going back stops at the first question."""
        quiz = self.quiz
        asked = set(self._asked())
        index = start
        while 0 <= index < len(quiz.questions) and index not in asked:
            index += direction
        return max(index, 0) if direction < 0 and index < 0 else index

    @property
    def question(self) -> Question | None:
        """The question on screen (the last one once all are answered)."""
        quiz = self.quiz
        if quiz is None or not quiz.questions:
            return None
        return quiz.questions[min(self.index, len(quiz.questions) - 1)]

    @property
    def done(self) -> bool:
        quiz = self.quiz
        return quiz is not None and self.index >= len(quiz.questions)

    def chosen(self, question_id: str) -> str | None:
        """The visitor's option for this question, SKIPPED, or None if not reached yet."""
        visit = self.visit
        if visit is None:
            return None
        if question_id in visit.skipped:
            return SKIPPED
        return visit.answers.get(question_id)

    # What the visitor does ---------------------------------------------------------------

    def begin(self) -> bool:
        """The visitor opens the quiz; True when this begins a new attempt (for statistics)."""
        if self.started:
            return False
        self.started = True
        return True

    def resume(self) -> None:
        """Back on the questions after the result: the last question asked shows again."""
        if self.done:
            self.index = self._step(len(self.quiz.questions) - 1, -1)

    def answer(self, option_id: str) -> None:
        self.visit.answer(self.question.id, option_id)
        self.index = self._step(self.index + 1, 1)

    def skip(self) -> None:
        """'Don't know / skip': the mix of the question's options, as Finns answer it."""
        self.visit.skip(self.question.id)
        self.index = self._step(self.index + 1, 1)

    def previous(self) -> None:
        self.resume()
        before = self._step(self.index - 1, -1)
        if self.quiz.questions[before].asked(self.visit.answers):
            self.index = before

    def finish(self) -> bool:
        """The result is shown; True the first time for this attempt (for statistics)."""
        if self.completed:
            return False
        self.completed = True
        return True

    def already_do(self, tip_id: str) -> None:
        self.visit.already_do(tip_id)

    def start_over(self) -> None:
        """Forget the answers and dismissed tips; the first question again. The pledge stays:
        it is one per visit."""
        if self._visit is not None:
            self._visit.reset()
        self.index = 0
        self.started = self.completed = False

    def reset(self) -> None:
        """The visit is over: forget everything."""
        self.start_over()
        self.pledge = None

    # What the screens show ---------------------------------------------------------------

    def footprint(self) -> Footprint | None:
        visit = self.visit
        return visit.footprint() if visit is not None else None

    def average(self) -> Footprint | None:
        """Every question skipped: the Finnish average the bars are compared with."""
        quiz = self.quiz
        return footprint(quiz, {}) if quiz is not None else None

    def tips(self) -> tuple[RankedTip, ...]:
        visit = self.visit
        return visit.tips() if visit is not None else ()

    # The navigator's listener ------------------------------------------------------------

    def follow(self, navigator) -> QuizSession:
        navigator.subscribe(self._route_changed)
        return self

    def _route_changed(self, route, _language: str, _why: str) -> None:
        if route.screen == ATTRACT:
            self.reset()
