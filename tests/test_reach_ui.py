"""Low reach in the real window: on a 55" portrait panel mounted with its bottom edge 700 mm up,
the lowered layout keeps every control of every screen 380-1220 mm above the floor, measured
from where Kivy really laid each one out; without it the top bar is out of a seated reach."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.display import REACH_HIGH_MM, REACH_LOW_MM, height_above_floor_mm
from kiosk.i18n import tr
from kiosk.navigator import Route
from kiosk.screens import ATTRACT, HOME, QUIZ, RESULT, SCREENS, STATION
from tests.uikit import LANDSCAPE, PORTRAIT, fresh_visit, prompt
from tests.waiting import wait_for

pytestmark = pytest.mark.ui

SLACK_MM = 0.01  # float rounding of a pixel row, not a millimetre of reach


@pytest.fixture
def panel_55(ui):
    """The shared app with a 55" portrait panel's settings: 680 x 1210 mm of picture, its
    bottom edge 700 mm above the floor; the kiosk's own settings again afterwards."""
    app = ui.app
    saved = app.settings
    display = replace(
        saved.display, width_mm=680, height_mm=1210, bottom_edge_mm=700, low_reach="toggle"
    )
    app.settings = replace(saved, display=display)
    try:
        fresh_visit(ui, PORTRAIT)
        yield ui
    finally:
        app.end_visit()
        app.settings = saved
        ui.resize(LANDSCAPE)


def _shown(widget) -> bool:
    while widget is not None:
        if widget.opacity == 0 or getattr(widget, "disabled", False):
            return False
        if widget.parent is widget:
            return True
        widget = widget.parent
    return True


def _window_span(widget) -> tuple[float, float]:
    """(bottom, top) of the widget in window pixels."""
    _, bottom = widget.to_window(widget.x, widget.y)
    _, top = widget.to_window(widget.x, widget.top)
    return bottom, top


def _touchable_span(widget):
    """The rows of the window where a finger can touch the widget now: a control in a
    scrolling page only where the page's box shows it. None where it is scrolled away."""
    from kivy.uix.scrollview import ScrollView

    bottom, top = _window_span(widget)
    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            box_bottom, box_top = _window_span(parent)
            bottom, top = max(bottom, box_bottom), min(top, box_top)
        parent = parent.parent
    return (bottom, top) if top > bottom else None


def controls_heights_mm(ui) -> list[tuple[str, float, float]]:
    """Every control the visitor can touch on the current screen, as (what, lowest mm,
    highest mm) above the floor, and every scrolling page's box (a control scrolled out of
    view comes into reach inside it)."""
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.scrollview import ScrollView

    display, size = ui.app.settings.display, tuple(ui.window.size)
    found = []
    for widget in ui.find_all(lambda w: isinstance(w, ButtonBehavior | ScrollView)):
        if not _shown(widget):
            continue
        span = _window_span(widget) if isinstance(widget, ScrollView) else _touchable_span(widget)
        if span is None:
            continue
        low, high = (height_above_floor_mm(display, size, y) for y in span)
        name = getattr(widget, "text", "") or type(widget).__name__
        found.append((f"{ui.screen.name}: {name!r}", low, high))
    return found


def out_of_reach(ui) -> list[str]:
    return [
        f"{what} {low:.0f}-{high:.0f} mm"
        for what, low, high in controls_heights_mm(ui)
        if low < REACH_LOW_MM - SLACK_MM or high > REACH_HIGH_MM + SLACK_MM
    ]


def walk_every_screen(ui):
    """Every screen `kiosk render` shows, reached as a visitor would: yields after each."""
    app = ui.app
    navigator, exhibition = app.navigator, app.content.exhibition
    navigator.reset()
    ui.settle()
    yield
    navigator.start_visit()
    ui.settle()
    yield
    for theme in exhibition.themes:
        navigator.open_theme(theme.id)
        ui.settle()
        yield
    for station in exhibition.stations:
        navigator.open_station(station.id)
        ui.settle()
        yield
    navigator.home()
    ui.settle()
    app.screens[HOME].open_quiz()
    ui.settle()
    session = app.quiz_session
    while navigator.route.screen == QUIZ and session.question is not None:
        yield
        app.screens[QUIZ].choose(session.question.options[0].id)
        ui.settle()
    assert navigator.route.screen == RESULT
    yield


def test_the_lowered_layout_keeps_every_control_within_a_seated_reach(panel_55):
    ui = panel_55
    app = ui.app
    assert app.low_reach_offered and not app.low_reach
    # Without it, the top bar of a 55" panel mounted 700 mm up is far out of reach.
    assert any(high > 1700 for _what, _low, high in controls_heights_mm(ui))
    assert out_of_reach(ui)
    app.switch_low_reach()
    ui.settle()
    assert app.low_reach
    seen, problems = set(), []
    for _ in walk_every_screen(ui):
        seen.add(ui.screen.name)
        assert app.low_reach, ui.screen.name  # it stays on through the whole visit
        controls = controls_heights_mm(ui)
        assert controls, ui.screen.name
        problems += out_of_reach(ui)
    assert problems == []
    assert seen == {name for name, screen in SCREENS.items() if screen.render}


def test_the_toggle_lowers_the_view_is_said_in_the_visitors_language_and_resets(panel_55):
    from kiosk.ui.widgets import LowerButton, TapButton, TopBar

    ui = panel_55
    app = ui.app
    app.navigator.open_station("district-heat")
    app.navigator.set_language("sv")
    ui.settle()
    (bar,) = ui.find_all(lambda w: isinstance(w, TopBar))
    raised_top = _window_span(bar)[1]
    (button,) = ui.find_all(lambda w: isinstance(w, LowerButton))
    assert button.width == app.target_px and _shown(button)
    said = []
    speech = app.speech
    speech.say = lambda utterances: said.extend((u.text, u.language) for u in utterances)
    speech.mode = True
    try:
        ui.tap(button)  # in speech mode a touch speaks it ...
        assert said[-1] == (tr("{label}, button", "sv", label="Sänk vyn"), "sv")
        assert not app.low_reach
        app.explorer.activate()  # ... and a double tap (or Enter) chooses it
        ui.settle()
        assert app.low_reach
        assert said[-1] == (tr("The view is lowered.", "sv"), "sv")
        assert app.navigator.route == Route(STATION, "district-heat")  # the visitor stays
    finally:
        speech.mode = False
        del speech.say
    (bar,) = ui.find_all(lambda w: isinstance(w, TopBar))
    display, size = app.settings.display, tuple(ui.window.size)
    assert height_above_floor_mm(display, size, _window_span(bar)[1]) <= REACH_HIGH_MM
    assert _window_span(bar)[1] < raised_top - 1000
    # High contrast makes the screens anew: they are made lowered.
    app.switch_contrast()
    ui.settle()
    assert app.high_contrast and ui.screen.reach_band == list(app.reach_band()) != [0, 0]
    app.switch_contrast()
    ui.settle()
    (button,) = ui.find_all(lambda w: isinstance(w, LowerButton))
    assert button.selected
    ui.tap(button)  # a plain tap turns it off again
    assert not app.low_reach and not button.selected
    ui.tap(button)
    assert app.low_reach
    # Walking away: "Are you still there?" and its Continue are within reach too ...
    ui.clock.now += app.settings.idle.timeout_s
    assert wait_for(lambda: prompt(ui) is not None, step=ui.frames)
    ui.frames(2)
    (resume,) = ui.find_all(lambda w: isinstance(w, TapButton), root=prompt(ui))
    low, high = (height_above_floor_mm(display, size, y) for y in _window_span(resume))
    assert low >= REACH_LOW_MM and high <= REACH_HIGH_MM
    # ... and the idle reset returns to the site's default.
    ui.clock.now += app.settings.idle.countdown_s
    assert wait_for(lambda: app.navigator.route.screen == ATTRACT, step=ui.frames)
    ui.settle()
    assert not app.low_reach
    assert all(app.screens[name].reach_band == [0, 0] for name in (HOME, STATION))


def test_always_lowers_every_visit_and_landscape_or_an_unmeasured_screen_shows_no_toggle(
    panel_55,
):
    from kiosk.ui.widgets import LowerButton

    ui = panel_55
    app = ui.app
    settings = app.settings
    app.settings = replace(settings, display=replace(settings.display, low_reach="always"))
    ui.resize(PORTRAIT)
    app.end_visit()
    ui.settle()
    fresh_visit(ui, PORTRAIT)
    assert app.low_reach and not app.low_reach_offered
    assert out_of_reach(ui) == []
    assert ui.find_all(lambda w: isinstance(w, LowerButton)) == []  # nothing to switch
    app.end_visit()
    ui.settle()
    assert app.low_reach  # the site's default comes back at the idle reset
    app.settings = replace(settings, display=replace(settings.display, bottom_edge_mm=None))
    fresh_visit(ui, PORTRAIT)
    assert not app.low_reach and not app.low_reach_offered
    assert ui.find_all(lambda w: isinstance(w, LowerButton)) == []
    app.settings = settings
    fresh_visit(ui, LANDSCAPE)
    assert not app.low_reach and not app.low_reach_offered
    assert ui.find_all(lambda w: isinstance(w, LowerButton)) == []
