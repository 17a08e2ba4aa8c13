"""Kept pages bounded by bytes (kiosk.ui.pages, kiosk.cache_budget) on the real app: over the
budget the least recently used page goes, and a page that went is made again, looking the same."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops

from kiosk.navigator import Route
from tests.uikit import exhibition, fresh_visit, station_fills

pytestmark = pytest.mark.ui


@pytest.fixture
def kept(ui, monkeypatch):
    """The shared kept pages, with their budget restored after the test."""
    from kiosk.ui import pages

    monkeypatch.setattr(pages.KEPT, "budget", pages.KEPT.budget)
    yield pages.KEPT
    pages.use_budget(pages.KEPT.budget)


def switch(ui, language):
    ui.app.navigator.set_language(language)
    ui.settle()
    assert ui.wait_for_pictures() == []
    ui.frames(2)


def holding_textures(widgets) -> list:
    """The widgets in the trees of `widgets` that hold a texture (or whose core label does)."""
    return [
        widget
        for top in widgets
        for widget in top.walk(restrict=True)
        if getattr(widget, "texture", None) is not None
        or getattr(getattr(widget, "_label", None), "texture", None) is not None
        or getattr(getattr(widget, "_coreimage", None), "texture", None) is not None
    ]


def test_over_the_budget_the_least_recently_used_page_goes_and_comes_back_the_same(
    ui, kept, tmp_path, monkeypatch
):
    from kiosk.ui import pages

    fills = station_fills(monkeypatch)
    fresh_visit(ui)
    ui.app.screens["station"].drop_pages()  # whatever an earlier test left on it
    kept.clear()
    pages.use_budget(10**12)
    station = exhibition(ui).stations[0]
    ui.app.navigator.open_station(station.id)
    ui.settle()
    switch(ui, "fi")
    screen = ui.screen
    finnish_widgets = list(screen.ids.text_column.children)
    finnish = Image.open(ui.screenshot(tmp_path / "fi-first.png")).convert("RGB")
    switch(ui, "sv")
    switch(ui, "en")  # the Finnish page, then the Swedish one, were kept
    assert len(screen._pages) == 2
    (finnish_key, swedish_key) = list(kept.keys())
    sizes = [kept._entries[key][1] for key in (finnish_key, swedish_key)]
    assert all(size > 0 for size in sizes)  # their text and pictures, counted
    # Room for one page only: the least recently used (Finnish) goes, the Swedish stays.
    swedish_widgets = kept.get(swedish_key).children["text_column"]
    pages.use_budget(max(sizes))
    assert list(kept.keys()) == [swedish_key]
    assert len(screen._pages) == 1
    # The page that went frees its text and pictures at once, not at the next collection.
    assert holding_textures(finnish_widgets) == []
    assert holding_textures(swedish_widgets)  # the kept one still has them
    fills.clear()
    switch(ui, "fi")
    assert [language for _, language in fills] == ["fi"]  # made again
    assert not set(screen.ids.text_column.children) & set(finnish_widgets)
    again = Image.open(ui.screenshot(tmp_path / "fi-again.png")).convert("RGB")
    assert ImageChops.difference(finnish, again).getbbox() is None  # and it looks the same
    # Leaving the English page kept it, and the Swedish one, now the least recently used, went.
    assert len(kept) == 1 and swedish_key not in kept
    assert ui.app.navigator.route == Route("station", station.id)


def test_a_page_larger_than_the_whole_budget_is_not_kept(ui, kept):
    from kiosk.ui import pages

    fresh_visit(ui)
    kept.clear()
    pages.use_budget(1)
    station = exhibition(ui).stations[0]
    ui.app.navigator.open_station(station.id)
    ui.settle()
    switch(ui, "sv")
    switch(ui, "en")
    assert len(kept) == 0 and kept.total == 0
    assert len(ui.screen._pages) == 0


def test_kivys_picture_caches_keep_the_most_recently_used_within_their_budget(ui):
    from kivy.cache import Cache
    from kivy.graphics.texture import Texture

    from kiosk.ui.pictures import KIVY_PICTURE_CACHES, trim_kivy_caches

    for category in KIVY_PICTURE_CACHES:
        Cache.remove(category)  # whatever the app had loaded: it loads it again when needed
    keys = [f"picture-{number}.jpg|0|0" for number in range(4)]
    for key in keys:
        Cache.append("kv.texture", key, Texture.create(size=(100, 50)))
        ui.frames(1)  # each one used later than the one before
    assert Cache.get("kv.texture", keys[0]) is not None  # the first used again: the newest
    one = 100 * 50 * 4
    assert trim_kivy_caches(2 * one) == 2 * one
    assert [key for key in keys if key in Cache._objects["kv.texture"]] == [keys[0], keys[3]]
    assert trim_kivy_caches(10 * one) == 2 * one  # within the budget: nothing goes
    assert trim_kivy_caches(0) == 0
    assert Cache._objects["kv.texture"] == {}
