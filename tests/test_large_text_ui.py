"""The visitor's "A+" toggle in the shared test window: every text at least 1.5 times as large,
the page laid out again (scrolling, nothing cut), off again at the idle reset, and said in the
screen's language in speech mode."""

from __future__ import annotations

import pytest

from kiosk.i18n import tr
from kiosk.navigator import Route
from kiosk.render.worker import text_problems
from kiosk.screens import STATION
from kiosk.speech.reading import CONTRAST, LARGE_TEXT
from tests.uikit import LANDSCAPE, PORTRAIT, prompt
from tests.waiting import wait_for

pytestmark = pytest.mark.ui

STATION_ID = "district-heat"


def open_station(ui, size, language="fi"):
    ui.resize(size)
    ui.app.end_visit()
    ui.settle()
    ui.app.navigator.start_visit()
    ui.app.navigator.set_language(language)
    ui.app.navigator.open_station(STATION_ID)
    ui.settle()
    assert ui.app.navigator.route == Route(STATION, STATION_ID)


def font_sizes(ui) -> dict[str, float]:
    """Every text on the screen (the scrolled-away part too) and its font size in pixels."""
    from kivy.uix.label import Label

    labels = ui.find_all(lambda w: isinstance(w, Label) and w.text.strip() and w.opacity > 0)
    return {label.text: float(label.font_size) for label in labels}


def large_text_button(ui):
    from kiosk.ui.widgets import LargeTextButton

    (button,) = ui.find_all(lambda w: isinstance(w, LargeTextButton))
    return button


def page_scroll(ui):
    from kiosk.ui.widgets import PageScroll

    return max(ui.find_all(lambda w: isinstance(w, PageScroll)), key=lambda w: w.height)


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_a_plus_enlarges_every_text_and_lays_the_page_out_again(ui, size):
    open_station(ui, size)
    station = ui.app.content.exhibition.station(STATION_ID)
    body = station.body.paragraphs("fi")[0]
    before = font_sizes(ui)
    scroll = page_scroll(ui)
    content_before = scroll.children[0].height
    button = large_text_button(ui)
    assert button.text == "A+" and not button.selected
    ui.tap(button)
    try:
        assert ui.app.large_text
        assert ui.app.navigator.route == Route(STATION, STATION_ID)  # the visitor stays
        ui.settle()
        ui.frames(5)
        after = font_sizes(ui)
        assert after[body] >= 1.5 * before[body] - 0.01
        # Every text, not only the body: titles, leads, facts, sources, buttons.
        shared = [text for text in before if text in after]
        assert len(shared) >= 10
        smaller = {t: (before[t], after[t]) for t in shared if after[t] < 1.5 * before[t] - 0.01}
        assert smaller == {}
        # The page is laid out again for the larger text: it grows and scrolls, and no text on
        # it is cut off, broken or sticks out (the same check as `kiosk render`).
        scroll = page_scroll(ui)
        content = scroll.children[0]
        assert content.height > content_before
        assert content.height > scroll.height
        assert text_problems(ui.screen, ui.window.size) == []
        scroll.scroll_y = 0
        ui.frames(3)
        assert text_problems(ui.screen, ui.window.size) == []
        # The toggle keeps its place and size, drawn as chosen.
        button = large_text_button(ui)
        assert button.selected
        assert button.width >= ui.app.target_px and button.height >= ui.app.target_px
        # "Are you still there?" in large text fits too (and a touch keeps the visit going).
        ui.clock.now += ui.app.settings.idle.timeout_s
        assert wait_for(lambda: prompt(ui) is not None, step=ui.frames)
        ui.frames(3)
        assert text_problems(prompt(ui), ui.window.size) == []
        ui.tap_at(10, 10)
        assert prompt(ui) is None and ui.app.large_text
    finally:
        ui.app.end_visit()
        ui.settle()
    # The idle reset turns it off: the next visitor gets the default size.
    assert not ui.app.large_text
    open_station(ui, size)
    assert font_sizes(ui)[body] == pytest.approx(before[body])
    assert not large_text_button(ui).selected
    ui.app.end_visit()
    ui.settle()


def test_in_speech_mode_the_a_plus_toggle_is_said_in_the_screens_language(ui, monkeypatch):
    """As are the other switches: high contrast too is said in the screen's language."""
    from kiosk.ui.widgets import LargeTextButton

    open_station(ui, LANDSCAPE, "sv")
    speech, explorer = ui.app.speech, ui.app.explorer
    said = []
    # The shared window has no sound device: what would be played is recorded instead.
    monkeypatch.setattr(speech, "say", lambda utterances: said.extend(utterances))
    speech.mode = True
    try:
        # The keypad's way: move the focus to the toggle (its name is said), then Enter.
        for _ in range(200):
            explorer.move(1)
            if explorer.focused[0].action == LARGE_TEXT:
                break
        utterance, widget = explorer.focused
        assert utterance.action == LARGE_TEXT
        assert isinstance(widget, LargeTextButton)
        assert said[-1].text == tr("Large text", "sv") + ", knapp" == "Stor text, knapp"
        explorer.activate()
        ui.settle()
        assert ui.app.large_text
        assert (said[-1].text, said[-1].language) == ("Stor text är på.", "sv")
        ui.app.navigator.set_language("fi")
        ui.settle()
        ui.app.manager.current_screen.perform(LARGE_TEXT)  # as a double tap on it chooses
        ui.settle()
        assert not ui.app.large_text
        assert (said[-1].text, said[-1].language) == ("Suuri teksti on pois päältä.", "fi")
        # High contrast beside it is said the same way, in the screen's language.
        ui.app.manager.current_screen.perform(CONTRAST)
        ui.settle()
        assert ui.app.high_contrast
        assert (said[-1].text, said[-1].language) == ("Suuri kontrasti on päällä.", "fi")
    finally:
        speech.mode = False
        ui.app.end_visit()
        ui.settle()
    assert not ui.app.large_text and not ui.app.high_contrast


def test_the_render_check_names_a_text_drawn_over_another(ui):
    from kivy.uix.floatlayout import FloatLayout
    from kivy.uix.label import Label

    from kiosk.render.worker import overlapping_labels

    board = FloatLayout(size=ui.window.size)
    title = Label(text="Ilmastotekoja", font_size=40, size_hint=(None, None), pos=(100, 500))
    fact = Label(text="9 610 kg", font_size=40, size_hint=(None, None), pos=(140, 510))
    for label in (title, fact):
        label.texture_update()
        label.size = label.texture_size
        board.add_widget(label)
    ui.window.add_widget(board)
    try:
        ui.frames(2)
        assert overlapping_labels(board) in ([title], [fact])  # one problem for the pair
        fact.y = title.top + 2  # the next line, touching at most
        ui.frames(2)
        assert overlapping_labels(board) == []
    finally:
        ui.window.remove_widget(board)
