"""The page a tap will show, made while the finger rests on the button (kiosk.ui.touch_ahead):
touches through Kivy's input path in the real window, held for some frames before they lift."""

from __future__ import annotations

import pytest
from kivy.tests.common import UnitTestTouch

from kiosk.navigator import Route
from kiosk.screens import STATION, THEME
from tests.uikit import card_titled, exhibition, fresh_visit, language_button, station_fills

pytestmark = pytest.mark.ui

HELD_FRAMES = 4  # a finger rests about a tenth of a second: a few frames


def press(ui, widget) -> UnitTestTouch:
    """A finger down on the widget's centre, resting there for HELD_FRAMES frames."""
    ui.scroll_into_view(widget)
    touch = UnitTestTouch(*widget.to_window(*widget.center))
    touch.touch_down()
    ui.frames(HELD_FRAMES)
    return touch


def on_a_station(ui, index: int):
    """A fresh visit on the exhibition's station `index`, in Finnish: (station, its screen,
    the screen manager)."""
    fresh_visit(ui)
    station = exhibition(ui).stations[index]
    ui.app.navigator.open_station(station.id)
    ui.settle()
    return station, ui.screen, ui.app.manager


def test_a_resting_finger_on_a_card_has_the_next_page_made_before_it_lifts(ui, monkeypatch):
    fills = station_fills(monkeypatch)
    fresh_visit(ui)
    theme = next(t for t in exhibition(ui).themes if t.stations and t.kind != "goal-2030")
    theme_screen = ui.app.screens[THEME]
    touch = press(ui, card_titled(ui, theme.title("fi")))
    # Still at home, the theme page is made already, at the size of the window.
    assert ui.app.navigator.route.screen == "home" and ui.screen.name == "home"
    assert theme_screen.title == theme.title("fi")
    assert tuple(theme_screen.size) == tuple(ui.app.manager.size)
    made = list(theme_screen.ids.cards.children)
    assert made and all(card.width > 0 for card in made)
    touch.touch_up()
    ui.settle()
    assert ui.app.navigator.route == Route(THEME, theme.id)
    assert list(theme_screen.ids.cards.children) == made  # shown as made, not made again

    station = theme.stations[0]
    fills.clear()
    touch = press(ui, card_titled(ui, station.title("fi")))
    assert fills == [(station.id, "fi")] and ui.screen is theme_screen
    touch.touch_up()
    ui.settle()
    assert ui.app.navigator.route == Route(STATION, station.id)
    assert fills == [(station.id, "fi")]  # once, while the finger rested


def test_a_resting_finger_on_a_language_keeps_the_page_on_show_until_it_lifts(ui, monkeypatch):
    fills = station_fills(monkeypatch)
    station, screen, manager = on_a_station(ui, 0)
    frame = manager.frame_of(screen)
    fills.clear()
    touch = press(ui, language_button(ui, "sv"))
    # The Swedish page is made on the screen, while the window shows the Finnish one: the
    # screen's frame is frozen as it was drawn last.
    assert fills == [(station.id, "sv")] and screen.title == station.title("sv")
    assert ui.app.navigator.language == "fi"
    assert frame.fbo not in manager.canvas.children and frame.picture in manager.canvas.children
    touch.touch_up()
    ui.settle()
    assert ui.app.navigator.language == "sv" and screen.title == station.title("sv")
    assert fills == [(station.id, "sv")]
    new_frame = manager.frame_of(screen)
    assert new_frame.fbo in manager.canvas.children  # drawn again whenever the page changes


def test_a_finger_that_slides_off_a_language_leaves_the_page_as_it_was(ui, monkeypatch):
    fills = station_fills(monkeypatch)
    station, screen, manager = on_a_station(ui, 1)
    finnish = list(screen.ids.text_column.children)
    fills.clear()
    touch = press(ui, language_button(ui, "en"))
    assert screen.title == station.title("en")
    x, y = screen.ids.text_column.to_window(*screen.ids.text_column.center)
    touch.touch_move(x, y)  # off the button: lifting there chooses nothing
    ui.frames(1)
    touch.touch_up()
    ui.settle()
    assert ui.app.navigator.language == "fi"
    assert screen.title == station.title("fi")
    assert list(screen.ids.text_column.children) == finnish  # the kept Finnish page, back
    assert fills == [(station.id, "en")]
    frame = manager.frame_of(screen)
    assert frame.fbo in manager.canvas.children  # thawed: drawn again when the page changes
    ui.app.navigator.set_language("sv")
    ui.settle()
    assert screen.title == station.title("sv")
