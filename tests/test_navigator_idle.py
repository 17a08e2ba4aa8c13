"""The navigator and the idle logic, pure Python, without a window."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content_files import load_content_folder
from kiosk.idle import ASKING, RESET, VISIT, WAITING, IdleMonitor
from kiosk.languages import LANGUAGES
from kiosk.navigator import Navigator, Route
from kiosk.screens import ATTRACT, GOAL, HOME, QUIZ, RESULT, STATION, THEME
from tests.clocks import FakeClock
from tests.contentkit import edit


@pytest.fixture
def navigator(exhibit):
    exhibition = load_content_folder(Path("exhibits"), Path("media")).content.exhibition
    nav = Navigator(exhibition, LANGUAGES, "fi")
    heard = []
    nav.subscribe(lambda route, language, why: heard.append((route, language, why)))
    nav.heard = heard
    return nav


def test_a_station_is_three_intents_from_attract(navigator):
    navigator.start_visit()
    navigator.open_theme("housing")
    navigator.open_station("housing-station")
    assert navigator.route == Route(STATION, "housing-station")
    assert [why for *_, why in navigator.heard] == ["start", "open", "open"]


def test_back_and_home(navigator):
    navigator.start_visit()
    navigator.open_theme("food")
    navigator.open_station("food-station")
    navigator.back()
    assert navigator.route == Route(THEME, "food")
    navigator.back()
    assert navigator.route == Route(HOME)
    navigator.back()  # nothing behind home
    assert navigator.route == Route(HOME)
    navigator.open_theme("food")
    navigator.open_station("food-station")
    navigator.home()
    assert navigator.stack == [Route(HOME)]


def test_goal_theme_opens_the_goal_screen(navigator):
    navigator.start_visit()
    navigator.open_theme("espoo-2030")
    assert navigator.route == Route(GOAL, "espoo-2030")


def test_unknown_targets_are_ignored(navigator):
    navigator.start_visit()
    navigator.open_theme("nope")
    navigator.open_station("nope")
    assert navigator.route == Route(HOME)
    assert len(navigator.heard) == 1


def test_revisiting_a_screen_on_the_stack_shortens_it(navigator):
    navigator.start_visit()
    navigator.open_theme("food")
    navigator.open_station("food-station")
    navigator.open_theme("food")
    assert navigator.stack == [Route(HOME), Route(THEME, "food")]


def test_language_switch_keeps_the_screen(navigator):
    navigator.start_visit()
    navigator.open_theme("food")
    navigator.set_language("sv")
    assert (navigator.route, navigator.language) == (Route(THEME, "food"), "sv")
    assert navigator.heard[-1][2] == "language"
    navigator.set_language("de")
    assert navigator.language == "sv"


ACTIONS = [
    ("open_theme", "food"),
    ("open_theme", "espoo-2030"),
    ("open_theme", "no-such-theme"),
    ("open_station", "food-station"),
    ("open_station", "housing-station"),
    ("open_station", "no-such-station"),
    ("back", None),
    ("home", None),
    ("language", "sv"),
    ("language", "fi"),
    ("language", "de"),
    ("open_quiz", None),
]
"""Controls' actions (intent, argument), as in kiosk.speech.reading."""


def perform(navigator, action) -> None:
    intent, argument = action
    method = getattr(navigator, "set_language" if intent == "language" else intent)
    method() if argument is None else method(argument)


@pytest.mark.parametrize(
    "way_there",
    [[], [("open_theme", "food")], [("open_theme", "food"), ("open_station", "food-station")]],
)
def test_an_action_leads_where_performing_it_goes_without_going_there(navigator, way_there):
    navigator.start_visit()
    for action in way_there:
        perform(navigator, action)
    before = (list(navigator.stack), navigator.language, len(navigator.heard))
    for action in ACTIONS:
        expected = navigator.leads_to(action)
        assert (list(navigator.stack), navigator.language, len(navigator.heard)) == before
        perform(navigator, action)
        moved = (navigator.stack[-1], navigator.language) != (before[0][-1], before[1])
        if expected is not None:
            assert (navigator.route, navigator.language) == expected, action
        elif action != ("open_quiz", None):  # the quiz depends on more than the route
            assert not moved, action
        navigator.stack, navigator.language = list(before[0]), before[1]
        del navigator.heard[before[2] :]


def test_reset_forgets_the_visit(navigator):
    navigator.start_visit()
    navigator.open_theme("food")
    navigator.set_language("en")
    navigator.reset()
    assert (navigator.stack, navigator.language) == ([Route(ATTRACT)], "fi")


def test_new_content_keeps_the_visitor_where_they_are_if_it_can(navigator):
    navigator.start_visit()
    navigator.open_theme("food")
    navigator.open_station("food-station")
    edit(Path("exhibits/themes/food.yaml"), "  en: Lead", "  en: Changed lead")
    navigator.replace_content(
        load_content_folder(Path("exhibits"), Path("media")).content.exhibition
    )
    assert navigator.route == Route(STATION, "food-station")
    edit(Path("exhibits/themes/food.yaml"), "- id: food-station", "- id: food-renamed")
    navigator.replace_content(
        load_content_folder(Path("exhibits"), Path("media")).content.exhibition
    )
    assert navigator.stack == [Route(HOME)]


def test_the_quiz_result_has_the_questions_underneath(navigator):
    navigator.start_visit()
    navigator.open_quiz()
    navigator.open_result()
    assert navigator.stack == [Route(HOME), Route(QUIZ), Route(RESULT)]
    navigator.open_station("food-station")  # a tip's "what Espoo does"
    navigator.back()
    assert navigator.route == Route(RESULT)
    navigator.open_quiz()  # start over: back to the questions, the result gone from the way back
    assert navigator.stack == [Route(HOME), Route(QUIZ)]
    navigator.home()
    navigator.open_result()  # from home once the result was seen: Back returns to the questions
    assert navigator.stack == [Route(HOME), Route(QUIZ), Route(RESULT)]
    navigator.back()
    assert navigator.route == Route(QUIZ)


def test_idle_sequence_with_an_injected_clock():
    clock = FakeClock()
    idle = IdleMonitor(timeout_s=60, countdown_s=10, clock=clock)
    assert not idle.running and idle.poll().phase == WAITING
    clock.now += 3600  # attract: no timer, however long nobody comes
    assert idle.poll().phase == WAITING
    idle.visit_started()
    clock.now += 59.5
    assert idle.poll().phase == VISIT
    clock.now += 0.5
    assert (idle.poll().phase, idle.poll().remaining_s) == (ASKING, 10)
    clock.now += 4.2
    assert idle.poll().remaining_s == 6
    idle.touched()  # any touch dismisses the question
    assert idle.poll().phase == VISIT
    clock.now += 69.9
    assert idle.poll().remaining_s == 1
    clock.now += 0.2
    assert idle.poll().phase == RESET
    assert idle.poll().phase == WAITING and not idle.running


def test_touches_keep_a_visit_alive():
    clock = FakeClock()
    idle = IdleMonitor(timeout_s=60, countdown_s=10, clock=clock)
    idle.visit_started()
    for _ in range(100):
        clock.now += 50
        idle.touched()
        assert idle.poll().phase == VISIT
