"""Every screen of the kiosk, registered once: the navigator routes to them by name, the app
makes each one's widget when first shown, and `kiosk render` lists and reaches them from here.
Pure Python, no Kivy: the widget is named as "module:Class" and imported by the app.

Adding a screen: its kiosk/ui/screens/<name>.py and .kv, and one `Screen(...)` in SCREENS."""

from __future__ import annotations

from dataclasses import dataclass

ATTRACT, HOME, THEME, STATION, GOAL = "attract", "home", "theme", "station", "goal"
QUIZ, RESULT = "quiz", "result"
UNAVAILABLE, SLEEP = "unavailable", "sleep"

# How `kiosk render` meets a screen: once, with the label as its name; once for each theme (of
# the screen's theme kind) or station, with that as its target; once for each quiz question,
# answered in turn; after the last question. None: it is not rendered.
RENDER_ONCE = "once"
RENDER_EACH_THEME = "each theme"
RENDER_EACH_STATION = "each station"
RENDER_EACH_QUESTION = "each quiz question"
RENDER_AFTER_QUIZ = "after the quiz"


@dataclass(frozen=True)
class Screen:
    name: str  # the route's screen, and the Kivy Screen's name
    widget: str  # "module:Class" of its kiosk.ui.screens widget
    shows: str | None = None  # what the route's target names: "theme" or "station"
    theme_kind: str | None = None  # themes of this kind open here instead of on THEME
    render: str | None = None  # how `kiosk render` meets it: one of RENDER_*
    label: str = ""  # how `kiosk render` names it, for RENDER_ONCE and RENDER_AFTER_QUIZ
    opened_by: str | None = None  # for RENDER_ONCE: the Navigator intent that opens it


SCREENS: dict[str, Screen] = {
    screen.name: screen
    for screen in (
        Screen(
            ATTRACT,
            "kiosk.ui.screens.attract:AttractScreen",
            render=RENDER_ONCE,
            label="attract screen",
            opened_by="reset",
        ),
        Screen(
            HOME,
            "kiosk.ui.screens.home:HomeScreen",
            render=RENDER_ONCE,
            label="home",
            opened_by="home",
        ),
        Screen(
            THEME, "kiosk.ui.screens.theme:ThemeScreen", shows="theme", render=RENDER_EACH_THEME
        ),
        Screen(
            STATION,
            "kiosk.ui.screens.station:StationScreen",
            shows="station",
            render=RENDER_EACH_STATION,
        ),
        Screen(
            GOAL,
            "kiosk.ui.screens.goal:GoalScreen",
            shows="theme",
            theme_kind="goal-2030",
            render=RENDER_EACH_THEME,
        ),
        Screen(QUIZ, "kiosk.ui.screens.quiz:QuizScreen", render=RENDER_EACH_QUESTION),
        Screen(
            RESULT,
            "kiosk.ui.screens.result:ResultScreen",
            render=RENDER_AFTER_QUIZ,
            label="quiz result",
        ),
        Screen(UNAVAILABLE, "kiosk.ui.screens.unavailable:UnavailableScreen"),
        Screen(SLEEP, "kiosk.ui.screens.sleep:SleepScreen"),
    )
}


def screen_for_theme(kind: str) -> str:
    """The screen a theme of `kind` opens on: the one registered for its kind, else THEME."""
    for screen in SCREENS.values():
        if screen.theme_kind == kind:
            return screen.name
    return THEME
