"""Screens drawn through off-screen frames (kiosk.ui.framed), the page cache behind language
switches (kiosk.ui.pages), and the scissor that keeps a scrolled page under the top bar: in the
real window, driven frame by frame."""

from __future__ import annotations

import pytest

from kiosk.navigator import Route
from tests.clocks import FakeClock
from tests.uikit import LANDSCAPE, exhibition, fresh_visit, station_fills
from tests.waiting import wait_for

pytestmark = pytest.mark.ui


def frames_in_use(manager):
    return [frame for frame in manager._frames if frame.screen is not None]


def test_the_screen_shown_is_drawn_through_its_frame(ui):
    fresh_visit(ui)
    manager = ui.app.manager
    (frame,) = frames_in_use(manager)
    assert frame.screen is ui.screen
    assert ui.screen.canvas not in manager.canvas.children  # drawn into the frame instead
    assert frame.fbo in manager.canvas.children and frame.picture in manager.canvas.children
    assert tuple(frame.fbo.size) == tuple(ui.window.size)
    assert frame.rect.texture is frame.fbo.texture


def test_a_slide_moves_pictures_and_freezes_the_screen_left(ui, monkeypatch):
    fresh_visit(ui)
    manager = ui.app.manager
    monkeypatch.setattr(manager.transition, "duration", 2.0)  # frames on a busy machine are slow
    home, theme_screen = ui.screen, ui.app.screens["theme"]
    theme = next(t for t in exhibition(ui).themes if t.title("fi") != theme_screen.title)
    ui.app.navigator.open_theme(theme.id)
    out_frame, in_frame = manager.frame_of(home), manager.frame_of(theme_screen)
    assert out_frame is not None and in_frame is not None and out_frame is not in_frame
    # The frame that answers the tap: the page left is frozen; the new one is filled already
    # and the band of it that comes into view is drawn with this frame, not the whole page.
    assert out_frame.fbo not in manager.canvas.children
    assert theme_screen.title == theme.title("fi")
    assert in_frame.fbo in manager.canvas.children and in_frame.rect.texture is in_frame.fbo.texture
    assert 0 < in_frame.rect.pos[0] < ui.window.width
    ui.frames(1)
    drawn = in_frame.revealed()
    assert 0 < drawn < ui.window.width / 4
    for _ in range(100):  # more of it is drawn as more comes into view
        ui.frames(1)
        if in_frame.revealed() > drawn:
            break
    assert manager.transition.is_active and drawn < in_frame.revealed() < ui.window.width
    moving = in_frame.rect.pos[0]
    assert 0 < moving < ui.window.width  # the picture slides in from the right...
    assert tuple(ui.app.screens["theme"].pos) == tuple(manager.pos)  # ...the screen stays put
    ui.settle()
    assert frames_in_use(manager) == [in_frame]
    assert tuple(in_frame.rect.pos) == tuple(manager.pos)
    assert home.canvas not in out_frame.fbo.children


def test_a_new_page_is_laid_out_before_it_is_first_drawn(ui):
    """The frame that first draws the page sliding in shows it as it will stay: nothing of it
    moves or resizes afterwards (a card row fitted a frame late drew the cards on top of each
    other for one frame)."""
    from kiosk.ui.widgets import Card

    fresh_visit(ui)
    theme_screen = ui.app.screens["theme"]
    theme = next(t for t in exhibition(ui).themes if t.title("fi") != theme_screen.title)
    ui.app.navigator.open_theme(theme.id)
    ui.frames(1)  # the frame that answers the tap draws the new page's first band
    assert theme_screen.title == theme.title("fi")
    assert ui.app.manager.frame_of(theme_screen).revealed() > 0

    def shape():
        cards = ui.find_all(lambda w: isinstance(w, Card), theme_screen)
        assert cards
        return [(tuple(card.pos), tuple(card.size)) for card in cards]

    first_drawn = shape()
    ui.settle()
    assert shape() == first_drawn


@pytest.mark.parametrize("way", ["forward", "back", "language"])
def test_a_page_drawn_band_by_band_is_the_whole_page(ui, way):
    """The bands drawn as a page slides in, from the right (forward) or the left (back), or
    comes in another language, make up the same picture as drawing the page whole."""
    fresh_visit(ui, LANDSCAPE)
    navigator = ui.app.navigator
    station = exhibition(ui).stations[0]
    navigator.open_theme(next(t.id for t in exhibition(ui).themes if station in t.stations))
    ui.settle()
    navigator.open_station(station.id)
    ui.settle()
    if way == "back":
        navigator.back()
        ui.settle()
    if way == "language":
        navigator.set_language("en")  # not "sv": a later test counts the Swedish page's fills
        ui.settle()
    manager = ui.app.manager
    frame = manager.frame_of(ui.screen)
    assert frame.revealed() == ui.window.width
    banded = bytes(frame.fbo.pixels)
    frame.fbo.ask_update()
    frame.fbo.draw()
    whole = bytes(frame.fbo.pixels)
    assert len(set(whole)) > 2  # a page was drawn, not a blank frame
    assert banded == whole


def test_a_scrolled_page_stays_under_the_top_bar(ui, tmp_path):
    from PIL import Image, ImageChops

    fresh_visit(ui, LANDSCAPE)
    station = exhibition(ui).stations[0]
    ui.app.navigator.open_station(station.id)
    ui.settle()
    scroll = ui.screen.ids.scroll
    bar_height = int(ui.window.height - scroll.top)
    assert bar_height > 40
    top = Image.open(ui.screenshot(tmp_path / "top.png")).convert("RGB")
    scroll.scroll_y = 0.4
    ui.frames(3)
    scrolled = Image.open(ui.screenshot(tmp_path / "scrolled.png")).convert("RGB")
    box = (0, 0, ui.window.width, bar_height - 2)  # in image rows, the top bar
    assert ImageChops.difference(top.crop(box), scrolled.crop(box)).getbbox() is None
    below = (0, bar_height + 2, ui.window.width, ui.window.height)
    assert ImageChops.difference(top.crop(below), scrolled.crop(below)).getbbox() is not None


def test_switching_the_language_back_puts_the_kept_page_back(ui, monkeypatch):
    from kiosk.ui.screens.station import StationScreen

    fills = station_fills(monkeypatch)
    fresh_visit(ui)
    station, other = exhibition(ui).stations[:2]
    navigator = ui.app.navigator
    navigator.open_station(station.id)
    ui.settle()
    screen = ui.screen
    finnish = list(screen.ids.text_column.children)
    fills.clear()  # the Finnish page may have been kept from an earlier test
    navigator.set_language("sv")
    ui.frames(2)
    assert screen.title == station.title("sv")
    assert not set(screen.ids.text_column.children) & set(finnish)
    navigator.set_language("fi")
    ui.frames(2)
    assert screen.title == station.title("fi") and screen.lead == station.lead("fi")
    assert list(screen.ids.text_column.children) == finnish  # the very same widgets
    assert fills == [(station.id, "sv")]
    for language in ("sv", "en"):
        navigator.set_language(language)
        ui.frames(1)
    navigator.open_station(other.id)
    ui.settle()
    assert len(screen._pages) == StationScreen.KEPT_PAGES  # the oldest page went
    assert fills[-1] == (other.id, "en")
    assert ui.app.navigator.route == Route("station", other.id)


def test_a_language_switch_fades_the_old_page_out_over_the_new_one(ui, monkeypatch):
    from kiosk.ui.crossfade import FADE_DIM

    fresh_visit(ui)
    manager, navigator = ui.app.manager, ui.app.navigator
    monkeypatch.setattr(manager, "fade_s", 30)  # frames on a busy machine may take 0.2 s
    screen = ui.screen
    old = manager.frame_of(screen)
    navigator.set_language("sv")
    # The frame that answers the tap: the old picture, frozen and dimmed, mixed with the first
    # band of the new page, which is filled at once and drawn into its own frame.
    new = manager.frame_of(screen)
    assert new is not None and new is not old and screen.canvas in new.fbo.children
    assert screen.canvas not in old.fbo.children and old.fbo not in manager.canvas.children
    assert screen.title == exhibition(ui).title("sv")
    crossfade = manager._crossfade
    children = manager.canvas.children
    assert new.fbo in children and crossfade.instruction in children
    assert old.picture not in children and new.picture not in children
    assert crossfade._old.texture is old.fbo.texture and crossfade.rect.texture is new.fbo.texture
    assert crossfade.instruction["old_dim"] == pytest.approx(FADE_DIM)
    assert 0 < crossfade.instruction["old_share"] < 1
    ui.frames(1)
    assert 0 < new.revealed() < ui.window.width
    assert crossfade.instruction["new_drawn"] == pytest.approx(new.revealed() / ui.window.width)
    for _ in range(100):  # the rest of the new page is drawn a band at a time
        ui.frames(1)
        if new.revealed() == ui.window.width:
            break
    assert new.revealed() == ui.window.width and manager._fading is not None
    manager.fade_s = 0.01
    ui.settle()
    children = manager.canvas.children
    assert crossfade.instruction not in children and new.picture in children
    assert frames_in_use(manager) == [new] and not old.fading
    assert tuple(old.tint.rgb) == (1, 1, 1)

    # A slide during a fade ends the fade at once.
    navigator.set_language("en")
    fading = manager._fading.old
    navigator.open_theme(exhibition(ui).themes[0].id)
    assert manager._fading is None and not fading.fading
    pictures = [f for f in manager._frames if f.picture in manager.canvas.children]
    assert sorted(id(f.screen) for f in pictures) == sorted(
        id(s) for s in (screen, ui.app.screens["theme"])
    )  # the two pages of the slide, nothing fading under or over them
    ui.settle()
    assert frames_in_use(manager) == [manager.frame_of(ui.screen)]


def test_a_language_switch_mixes_the_two_pages_on_screen(ui, tmp_path, monkeypatch):
    from PIL import Image, ImageChops, ImageStat

    from kiosk.ui import crossfade

    fresh_visit(ui)
    manager, navigator = ui.app.manager, ui.app.navigator
    before = Image.open(ui.screenshot(tmp_path / "fi.png")).convert("RGB")
    monkeypatch.setattr(crossfade, "FADE_FROM", 0.5)
    monkeypatch.setattr(manager, "fade_s", 600)  # held halfway for the picture
    navigator.set_language("sv")
    ui.frames(8)  # the Swedish page laid out in full
    during = Image.open(ui.screenshot(tmp_path / "during.png")).convert("RGB")
    manager.end_fade()
    after = Image.open(ui.screenshot(tmp_path / "sv.png")).convert("RGB")
    changed = ImageChops.difference(before, after).getbbox()
    assert changed is not None  # the words differ
    # Halfway, every pixel that changed is the mean of the new page and the old one, dimmed.
    dimmed = before.point(lambda value: value * crossfade.FADE_DIM)
    mean = Image.blend(dimmed, after, 0.5).crop(changed)
    difference = ImageStat.Stat(ImageChops.difference(during.crop(changed), mean))
    assert max(difference.extrema[band][1] for band in range(3)) <= 2


def test_the_first_screen_is_drawn_straight_away_and_framed_after_its_first_frame(ui):
    fresh_visit(ui)
    manager = ui.app.manager
    screen = ui.screen
    manager._new_frames()  # as for a new window size: the screen is added afresh
    assert manager.frame_of(screen) is None and screen.canvas in manager.canvas.children
    ui.frames(2)
    frame = manager.frame_of(screen)
    assert frame is not None and screen.canvas in frame.fbo.children
    assert screen.canvas not in manager.canvas.children


def test_the_other_screens_are_made_after_the_first_frame_not_before(ui):
    import time

    from kivy.clock import Clock

    from kiosk.screens import SCREENS
    from kiosk.ui.app import PREBUILD_AFTER_S

    fresh_visit(ui)
    app = ui.app
    app._layout_key = None
    app._layout()  # a fresh set of screens, as at start-up
    shown = ui.app.manager.current

    def made():
        return {name for name in SCREENS if app.screens.made(name)}

    # At start-up Kivy's clock last ticked long before the first frame: a delay counted from
    # that tick would be over before anything is drawn.
    time.sleep(PREBUILD_AFTER_S + 0.2)
    Clock.tick()
    assert made() == {shown}
    ui.frames(1)  # the first frame
    assert made() == {shown}
    assert wait_for(lambda: made() == set(SCREENS), PREBUILD_AFTER_S + 10, ui.frames)


def test_with_room_for_one_page_switching_languages_puts_the_other_back(ui, monkeypatch):
    fills = station_fills(monkeypatch)
    fresh_visit(ui)
    navigator = ui.app.navigator
    navigator.open_station(exhibition(ui).stations[2].id)
    ui.settle()
    screen = ui.screen
    monkeypatch.setattr(screen._pages, "size", 1)
    screen.drop_pages(keep_shown=True)
    fills.clear()
    pages = {}
    for language in ("sv", "fi", "sv", "fi", "sv"):
        navigator.set_language(language)
        ui.frames(2)
        pages.setdefault(language, list(screen.ids.text_column.children))
        assert list(screen.ids.text_column.children) == pages[language]
        assert len(screen._pages) == 1  # the page not on show
    assert [language for _, language in fills] == [
        "sv"
    ]  # Finnish was on show; Swedish made once, then put back


def test_a_visit_end_drops_the_pages_of_screens_not_on_show(ui, tmp_path, monkeypatch):
    from PIL import Image, ImageChops

    fresh_visit(ui)
    app, navigator = ui.app, ui.app.navigator
    clock = FakeClock()
    monkeypatch.setattr(app.collector, "clock", clock)
    monkeypatch.setattr(app.collector, "_touched", clock.now)
    theme = exhibition(ui).themes[0]
    station = theme.stations[0]
    navigator.open_theme(theme.id)
    ui.settle()
    navigator.open_station(station.id)
    ui.settle()
    navigator.set_language("sv")
    ui.settle()
    before = Image.open(ui.screenshot(tmp_path / "before.png")).convert("RGB")
    screens = app.screens
    assert screens["station"]._pages and screens["theme"].ids.cards.children
    app.end_visit()
    ui.settle()
    assert ui.screen.name == "attract" and app.collector.visit_collection_due
    assert screens["station"].ids.text_column.children  # kept until the collection
    clock.advance(app.collector.quiet_s + 1)
    while app.collector.visit_collection_due:
        assert app.collector.poll()
    for name in ("theme", "station", "goal", "home"):
        assert len(screens[name]._pages) == 0
    assert not screens["theme"].ids.cards.children
    assert not screens["station"].ids.text_column.children
    assert not screens["station"].ids.side_column.children
    assert screens["home"].ids.tiles.children  # the next visit starts there
    fresh_visit(ui)
    navigator.set_language("sv")
    navigator.open_theme(theme.id)
    ui.settle()
    assert len(screens["theme"].ids.cards.children) == len(theme.stations)
    navigator.open_station(station.id)
    ui.settle()
    after = Image.open(ui.screenshot(tmp_path / "after.png")).convert("RGB")
    assert ImageChops.difference(before, after).getbbox() is None  # made anew, the same
