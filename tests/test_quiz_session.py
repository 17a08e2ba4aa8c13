"""The visitor's way through the quiz, without a window: answers, skips, going back, starting
over, forgetting at the end of a visit, and following a content reload."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.content_files import load_content_folder
from kiosk.footprint.engine import footprint
from kiosk.footprint.model import SKIPPED
from kiosk.footprint.session import QuizSession
from kiosk.languages import LANGUAGES
from kiosk.navigator import Navigator, Route

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def content():
    return load_content_folder(REPO / "exhibits", REPO / "media").content


@pytest.fixture
def session(content):
    holder = {"content": content}
    session = QuizSession(lambda: holder["content"])
    session.holder = holder
    return session


def test_one_question_at_a_time_to_the_end(session, content):
    quiz = content.quiz
    # Car distance is asked only of drivers: nine questions until travel says car.
    assert (session.index, session.count, session.question) == (0, 9, quiz.questions[0])
    session.answer("detached")
    session.skip()
    assert session.chosen("home-type") == "detached"
    assert session.chosen("household-size") == SKIPPED
    assert session.chosen("heating") is None
    for option in ("district-heat", "renewable", "car"):
        session.answer(option)
    assert session.question.id == "car-distance" and (session.number, session.count) == (6, 10)
    session.answer("under-10000")
    for option in ("none", "none", "vegan"):
        session.answer(option)
    assert not session.done and session.question == quiz.questions[-1]
    session.answer("less")
    assert session.done and session.question == quiz.questions[-1]
    answers = dict(session.visit.answers)
    assert "household-size" not in answers
    assert session.footprint().total_kg == footprint(quiz, answers).total_kg


def test_car_distance_is_not_asked_of_those_who_do_not_drive(session, content):
    for option in ("flat", "2", "district-heat", "renewable"):
        session.answer(option)
    session.answer("bus")
    assert session.question.id == "flights-europe"
    assert (session.number, session.count) == (6, 9)
    session.previous()
    assert session.question.id == "travel"
    session.skip()  # not known to drive: not asked either
    assert session.question.id == "flights-europe"
    session.previous()
    session.answer("electric-car")
    assert session.question.id == "car-distance"


def test_back_from_the_result_shows_the_last_question_then_the_one_before(session, content):
    last = len(content.quiz.questions) - 1
    for _ in range(session.count):
        session.skip()
    assert session.done
    session.resume()
    assert session.index == last
    session.previous()
    assert session.index == last - 1
    session.index = 0
    session.previous()
    assert session.index == 0


def test_begin_and_finish_are_reported_once_per_attempt(session):
    assert session.begin() and not session.begin()
    assert session.finish() and not session.finish()
    session.start_over()
    assert session.begin() and session.finish()


def test_starting_over_forgets_answers_but_not_the_pledge(session):
    session.answer("flat")
    session.already_do("buy-less")
    session.pledge = "fly-less"
    session.start_over()
    assert (dict(session.visit.answers), session.visit.dismissed, session.index) == ({}, set(), 0)
    assert session.pledge == "fly-less"
    session.reset()
    assert session.pledge is None


def test_the_end_of_a_visit_forgets_everything(session, content):
    navigator = Navigator(content.exhibition, LANGUAGES, "fi")
    session.follow(navigator)
    navigator.start_visit()
    navigator.open_quiz()
    session.begin()
    session.answer("flat")
    session.pledge = "fly-less"
    navigator.open_result()
    assert session.visit.answers == {"home-type": "flat"}
    navigator.reset()
    assert navigator.route == Route("attract")
    assert (dict(session.visit.answers), session.index, session.pledge) == ({}, 0, None)
    assert not session.started


def test_a_content_reload_keeps_the_answers_the_new_quiz_still_has(session, content):
    session.answer("flat")
    session.answer("2")
    session.skip()
    session.already_do("buy-less")
    quiz = content.quiz
    without_size = tuple(q for q in quiz.questions if q.id != "household-size")
    new_quiz = replace(quiz, questions=without_size)
    session.holder["content"] = replace(content, quiz=new_quiz)
    assert session.quiz is new_quiz
    assert dict(session.visit.answers) == {"home-type": "flat"}
    assert session.visit.skipped == {"heating"}
    assert session.visit.dismissed == {"buy-less"}
    assert session.index == 3
    session.holder["content"] = None
    assert session.quiz is None and session.footprint() is None and session.tips() == ()
