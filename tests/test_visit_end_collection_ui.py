"""The collection at the end of a visit never falls on a tap: on the real app and window, a
finger that comes down while the collection is due is dispatched first, and the collection
waits for the next quiet moment."""

from __future__ import annotations

import gc

import pytest

from kiosk.navigator import Route
from kiosk.screens import ATTRACT, HOME
from tests.clocks import FakeClock
from tests.uikit import card_titled, exhibition, fresh_visit, language_button

pytestmark = pytest.mark.ui


class RecordingCollector:
    """The gc module, noting each collection in `events` before doing it."""

    def __init__(self, events):
        self.events = events

    def collect(self, generation=2):
        self.events.append(f"collect {generation}")
        return gc.collect(generation)

    def freeze(self):
        gc.freeze()

    def unfreeze(self):
        gc.unfreeze()


@pytest.fixture
def recorded(ui, monkeypatch):
    """The app's collector on a fake clock, its collections, hand-backs and the touches that
    reach the app noted in one list, in the order they happen."""
    from kivy.core.window import Window

    events = []
    collector = ui.app.collector
    clock = FakeClock()
    monkeypatch.setattr(collector, "clock", clock)
    monkeypatch.setattr(collector, "gc", RecordingCollector(events))
    after_visit = collector.after_visit

    def handed_back():
        events.append("hand back")
        after_visit()

    monkeypatch.setattr(collector, "after_visit", handed_back)
    monkeypatch.setattr(collector, "_touched", clock.now)

    def touched(_window, _touch):
        events.append("touch")

    Window.bind(on_touch_down=touched)
    polling = ui.app._collector_event
    polling.cancel()  # the test polls, at the moments it chooses
    yield events, clock
    Window.unbind(on_touch_down=touched)
    polling()  # the app polls on its clock again


@pytest.fixture
def mouse(ui):
    """Kivy's mouse provider, as App.run() adds it from the kiosk's input settings (the driver
    steps the loop itself and adds none): it queues the window's pointer events, and the loop
    dispatches them on its next frame."""
    from kivy.base import EventLoop
    from kivy.input.providers.mouse import MouseMotionEventProvider

    provider = MouseMotionEventProvider("mouse", "disable_multitouch")
    EventLoop.add_input_provider(provider)
    provider.start()
    yield provider
    provider.stop()
    EventLoop.remove_input_provider(provider)


def end_the_visit(ui, clock):
    ui.app.end_visit()
    ui.settle()
    assert ui.app.navigator.route == Route(ATTRACT)
    assert ui.app.collector.visit_collection_due
    clock.advance(ui.app.collector.quiet_s + 1)  # nobody has touched the screen since


def test_a_finger_waiting_at_the_visit_end_is_answered_before_the_collection(ui, recorded, mouse):
    from kivy.core.window import Window

    from kiosk.ui.app import input_waiting

    events, clock = recorded
    fresh_visit(ui)
    end_the_visit(ui, clock)
    events.clear()
    width, height = ui.window.size
    # A finger comes down (the mouse provider queues it for the next frame, as it does every
    # pointer event from the X server) just as the collection comes due.
    Window.dispatch("on_mouse_down", width / 2, height / 2, "left", {})
    assert input_waiting()
    assert not ui.app.collector.poll()  # the touch waits: no collection now
    assert events == []
    ui.frames(1)  # the next frame dispatches the touch first
    assert events[:1] == ["touch"]
    assert not input_waiting()
    Window.dispatch("on_mouse_up", width / 2, height / 2, "left", {})
    ui.settle()
    assert ui.app.navigator.route == Route(HOME)  # the touch started a visit
    # The new visitor is touching the screen: nothing is collected while the visit goes on.
    assert "collect 2" not in events
    for _ in range(3):
        clock.advance(0.5)
        ui.app.collector.touched()
        assert not ui.app.collector.poll()
    assert "collect 2" not in events
    assert ui.app.collector.visit_collection_due  # still due, for the next quiet moment
    clock.advance(ui.app.collector.quiet_s + 1)
    while ui.app.collector.visit_collection_due:
        assert ui.app.collector.poll()
    assert events.index("touch") < events.index("collect 2") < events.index("hand back")


def test_the_visit_end_collection_runs_in_steps_once_the_attract_screen_is_at_rest(ui, recorded):
    events, clock = recorded
    fresh_visit(ui)
    ui.app.end_visit()
    events.clear()
    clock.advance(ui.app.collector.quiet_s + 1)
    # The slide back to the attract screen runs: no collection in the middle of it.
    assert not ui.app.manager.at_rest
    assert not ui.app.collector.poll()
    ui.settle()
    assert ui.app.collector.poll()
    assert events == ["collect 1"]  # the young generations first, cheap
    assert ui.app.collector.poll()
    assert events == ["collect 1", "collect 2"]
    assert ui.app.collector.poll()  # then the next visitor's home page, and the hand-back
    assert events == ["collect 1", "collect 2", "hand back"]
    assert not ui.app.collector.visit_collection_due


def test_the_visit_end_makes_the_next_visitors_home_page_out_of_sight(ui, recorded, monkeypatch):
    from kiosk.ui.screens.home import HomeScreen

    events, clock = recorded
    fresh_visit(ui)
    home = ui.screen
    ui.app.navigator.set_language("sv")
    ui.settle()
    end_the_visit(ui, clock)
    while ui.app.collector.visit_collection_due:
        assert ui.app.collector.poll()
    # The attract screen is on show; the home page waits behind it, in the default language.
    assert ui.screen.name == ATTRACT and home.language == ui.app.navigator.default_language
    fills = []
    populate = HomeScreen.populate

    def counted(self, exhibition, route):
        fills.append(self.language)
        populate(self, exhibition, route)

    monkeypatch.setattr(HomeScreen, "populate", counted)
    width, height = ui.window.size
    ui.tap_at(width / 2, height / 2)
    assert ui.app.navigator.route == Route(HOME)
    assert fills == []  # the tap that started the visit only drew it


def test_the_app_polls_its_collector_on_the_clock_however_often_nothing_was_due(ui, recorded):
    """Kivy cancels an interval whose callback returns False, and the collector's poll says
    False whenever it had nothing to do: the app's polling must outlive that."""
    import time

    events, clock = recorded
    ui.app._collector_event()  # here the app polls, as it does on the floor

    def frames_for(seconds):
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            ui.frames(1)

    fresh_visit(ui)
    ui.app.collector.touched()
    frames_for(1.5)  # polled and nothing due: the visitor touched the screen just now
    end_the_visit(ui, clock)
    events.clear()
    deadline = time.monotonic() + 30
    while ui.app.collector.visit_collection_due and time.monotonic() < deadline:
        frames_for(0.2)
    assert not ui.app.collector.visit_collection_due
    assert events == ["collect 1", "collect 2", "hand back"]


def test_a_visit_begun_before_the_collection_keeps_its_pages(ui, recorded):
    events, clock = recorded
    fresh_visit(ui)
    end_the_visit(ui, clock)
    width, height = ui.window.size
    ui.tap_at(width / 2, height / 2)  # the next visitor, before a quiet moment came
    theme = next(t for t in ui.app.content.exhibition.themes if t.stations)
    ui.app.navigator.open_theme(theme.id)
    ui.settle()
    ui.app.navigator.open_station(theme.stations[0].id)
    ui.settle()
    theme_screen = ui.app.screens[ui.app.navigator.stack[-2].screen]
    cards = list(theme_screen.ids.cards.children)
    assert cards
    clock.advance(ui.app.collector.quiet_s + 1)
    while ui.app.collector.visit_collection_due:
        assert ui.app.collector.poll()
    assert "collect 2" in events  # the last visit's garbage is collected...
    assert list(theme_screen.ids.cards.children) == cards  # ...this visit's Back page stays


# What a visit leaves behind once its collection has run ----------------------------------


def all_screens_made(ui):
    """The app makes its screens one per frame after a new layout and then freezes what it
    keeps (QuietCollector.start): a page made before that would be frozen for good."""
    while ui.app._prebuild_event is not None:
        ui.frames(1)


def collect_the_visit(ui, clock):
    end_the_visit(ui, clock)
    while ui.app.collector.visit_collection_due:
        assert ui.app.collector.poll()


def test_the_visit_end_lets_go_of_every_page_the_visitor_opened(ui, recorded):
    """Also the home page in the visitor's language (making the next visitor's kept it) and
    the station's pledge box (an attribute of the screen, not in its containers)."""
    import weakref

    from kiosk.stats.pledges import pledges_for_station
    from kiosk.ui import pages
    from kiosk.ui.screens.station import StationScreen

    events, clock = recorded
    fresh_visit(ui)
    all_screens_made(ui)
    ui.tap(language_button(ui, "en"))
    home_tiles = [weakref.ref(tile) for tile in ui.screen.ids.tiles.children]

    def pledged(station) -> bool:
        return any(pledges_for_station(ui.app.quiz_session.pledges, station.id))

    theme = next(t for t in exhibition(ui).themes if any(map(pledged, t.stations)))
    ui.tap(card_titled(ui, theme.title("en")))
    theme_cards = [weakref.ref(card) for card in ui.screen.ids.cards.children]
    station = next(filter(pledged, theme.stations))
    ui.tap(card_titled(ui, station.title("en")))
    assert isinstance(ui.screen, StationScreen) and ui.screen.pledge_box is not None
    pledge_box = weakref.ref(ui.screen.pledge_box)
    page = [weakref.ref(w) for w in ui.screen.ids.text_column.children]
    opened = [*home_tiles, *theme_cards, pledge_box, *page]
    assert home_tiles and theme_cards and page
    collect_the_visit(ui, clock)
    gc.collect()
    assert [ref for ref in opened if ref() is not None] == []
    assert len(pages.KEPT) == 0  # the kept pages of every screen went with them
    home = ui.app.screens[HOME]
    assert home.language == "fi" and home.ids.tiles.children  # the next visitor's


def test_the_visitors_quiz_and_result_go_at_the_visit_end(ui, recorded):
    import weakref

    from kiosk.ui.widgets import Para
    from tests.test_quiz_ui import ANSWERS, answer_all, open_quiz, tip_cards

    events, clock = recorded
    all_screens_made(ui)
    open_quiz(ui, "en")
    quiz_screen = ui.screen
    answer_all(ui, ANSWERS["en"], "en")
    result = ui.screen
    assert result.name == "result"
    total = result.summary.total_text
    shown = [weakref.ref(result.summary), *(weakref.ref(card) for card in tip_cards(ui))]
    assert total and len(shown) > 1
    collect_the_visit(ui, clock)
    gc.collect()
    assert [ref for ref in shown if ref() is not None] == []
    texts = [w.text for w in result.walk() if hasattr(w, "text") and w.text]
    assert not any(total in text for text in texts), texts
    assert quiz_screen.question_text == "" and not quiz_screen.ids.options.children
    # Not even empty blocks wait for the next visitor: made before a freeze and replaced
    # after it, they would stay in memory.
    assert result.summary is None and not result.ids.main_column.children
    assert not any(isinstance(w, Para) and w.text for w in quiz_screen.ids.bars.walk())
    # The next visitor's quiz and result are made anew, in full.
    open_quiz(ui, "fi")
    answer_all(ui, ANSWERS["fi"], "fi")
    assert ui.screen is result and result.summary.total_text
    assert result.summary in result.ids.main_column.children
    assert tip_cards(ui) and ui.find_text(result.summary.total_text)


def test_the_home_page_a_new_layout_made_is_freed_once_a_visit_replaced_it(ui, recorded):
    """The screens are frozen out of Python's collections once made (QuietCollector.start);
    a page made before that freeze would never be collected once replaced."""
    import weakref

    from kiosk.ui import pages
    from tests.uikit import LANDSCAPE, PORTRAIT

    events, clock = recorded
    clock.advance(ui.app.collector.quiet_s + 1)
    while ui.app.collector.visit_collection_due:  # an earlier test's visit
        assert ui.app.collector.poll()
    ui.resize(PORTRAIT)
    ui.resize(LANDSCAPE)  # a new layout: new screens, the freeze, the home page made ahead
    all_screens_made(ui)
    home = ui.app.screens[HOME]
    first_tiles = [weakref.ref(tile) for tile in home.ids.tiles.children]
    assert first_tiles and home.language == "fi"
    fresh_visit(ui)
    ui.tap(language_button(ui, "en"))
    pages.KEPT.clear()  # the Finnish page let go, as the budget does after a long visit
    collect_the_visit(ui, clock)
    gc.collect()
    assert [ref for ref in first_tiles if ref() is not None] == []
    assert home.language == "fi" and home.ids.tiles.children  # made anew for the next visitor


def open_a_station(ui):
    """A fresh visit, every screen made, then a theme and its first station."""
    theme = next(t for t in exhibition(ui).themes if t.stations)
    fresh_visit(ui)
    all_screens_made(ui)
    ui.app.navigator.open_theme(theme.id)
    ui.settle()
    ui.app.navigator.open_station(theme.stations[0].id)
    ui.settle()


def assert_the_next_home_page_is_not_frozen(ui):
    """The home page waits in the default language, and dropping it frees it: it was made
    after the last freeze (a frozen page would outlive the visit that replaced it)."""
    import weakref

    home = ui.app.screens[HOME]
    tiles = [weakref.ref(tile) for tile in home.ids.tiles.children]
    assert tiles and home.language == "fi"
    home.drop_pages()
    gc.collect()
    assert [ref for ref in tiles if ref() is not None] == []
    ui.app._make_home_ahead()


def test_a_page_on_screens_made_mid_visit_is_freed_at_the_visit_end_and_they_are_frozen(
    ui, recorded
):
    """Larger text on, then off, on a station page: each makes new screens with the page on
    them. Frozen then, the page would outlive the visit; the visit's end frees it, freezes the
    screens, and only then makes the next visitor's home page, which stays collectable."""
    import weakref

    events, clock = recorded
    open_a_station(ui)
    for large in (True, False):
        ui.app.set_large_text(large)
        ui.settle()
        all_screens_made(ui)
    assert ui.app.collector.freeze_due  # a visitor's page is on the screens
    station_page = [weakref.ref(w) for w in ui.screen.ids.text_column.children]
    assert station_page
    collect_the_visit(ui, clock)
    gc.collect()
    assert [ref for ref in station_page if ref() is not None] == []
    assert not ui.app.collector.freeze_due and gc.get_freeze_count() > 0
    assert_the_next_home_page_is_not_frozen(ui)


@pytest.mark.parametrize("made_after_steps", [0, 1, 2, 3])
def test_whenever_the_visit_ends_layout_is_done_nothing_of_the_visit_is_frozen(
    ui, recorded, made_after_steps
):
    """The visit's end sets larger text back, which makes new screens one per frame: they may
    be done before the visit-end collection, between its steps, or after it. Whichever, the
    visitor's page is freed, and the next visitor's home page is not frozen (a later visit
    that replaces it must be able to free it)."""
    import weakref

    events, clock = recorded
    open_a_station(ui)
    ui.app.set_large_text(True)
    ui.settle()
    all_screens_made(ui)
    station_page = [weakref.ref(w) for w in ui.screen.ids.text_column.children]
    assert station_page
    ui.app.end_visit()  # larger text off: new screens, the visitor's page on them
    ui.settle()
    clock.advance(ui.app.collector.quiet_s + 1)
    for _ in range(made_after_steps):
        assert ui.app.collector.poll()
    all_screens_made(ui)
    while ui.app.collector.visit_collection_due:
        assert ui.app.collector.poll()
    gc.collect()
    assert [ref for ref in station_page if ref() is not None] == []
    assert_the_next_home_page_is_not_frozen(ui)


def test_a_page_dropped_while_scrolled_down_leaves_the_next_one_at_the_top(ui, recorded):
    """Emptied while scrolled down, a scroll view was out of its bounds: the next visitor's
    page opened part way down and glided."""
    events, clock = recorded
    theme = next(t for t in exhibition(ui).themes if len(t.stations) > 3)
    fresh_visit(ui)
    ui.app.navigator.open_theme(theme.id)
    ui.settle()
    scroll = ui._scroll_view_of(ui.screen.ids.cards)
    scroll.scroll_y = 0  # the visitor read to the last card
    ui.frames(2)
    collect_the_visit(ui, clock)
    fresh_visit(ui)
    ui.app.navigator.open_theme(theme.id)
    ui.settle()
    assert ui._scroll_view_of(ui.screen.ids.cards) is scroll
    for _ in range(3):
        ui.frames(1)
        assert scroll.scroll_y == pytest.approx(1)
