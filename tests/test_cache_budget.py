"""The byte budgets of the caches that grow with the window, and the byte-bounded LRU. No Kivy."""

import pytest

from kiosk.cache_budget import (
    KEPT_PAGES_FRAMES,
    PICTURE_TEXTURES_FRAMES,
    ByteLRU,
    budget_for_window,
    frame_bytes,
    texture_bytes,
)


def test_a_texture_costs_four_bytes_a_pixel():
    assert texture_bytes(1920, 1080) == 1920 * 1080 * 4
    assert texture_bytes(10.7, 2.2) == 10 * 2 * 4  # Kivy sizes may be floats
    assert texture_bytes(0, 500) == texture_bytes(-3, 5) == 0


@pytest.mark.parametrize("size", [(640, 400), (1920, 1080), (1080, 1920), (2160, 3840)])
def test_the_budgets_are_frames_of_the_window(size):
    budget = budget_for_window(size)
    assert budget.kept_pages == int(KEPT_PAGES_FRAMES * size[0] * size[1] * 4)
    assert budget.picture_textures == int(PICTURE_TEXTURES_FRAMES * size[0] * size[1] * 4)
    assert budget.window_size == size


def test_a_budget_grows_with_the_pixels_not_faster():
    small, large = budget_for_window((1920, 1080)), budget_for_window((2160, 3840))
    pixels = (2160 * 3840) / (1920 * 1080)
    assert large.kept_pages / small.kept_pages == pytest.approx(pixels, rel=1e-6)
    assert large.picture_textures / small.picture_textures == pytest.approx(pixels, rel=1e-6)
    # the same window turned on its side keeps as much
    assert budget_for_window((1080, 1920)).kept_pages == small.kept_pages
    assert frame_bytes((2160, 3840)) == 2160 * 3840 * 4


def test_the_least_recently_used_goes_first_when_over_budget():
    cache = ByteLRU(100)
    assert cache.put("a", "A", 40) == []
    assert cache.put("b", "B", 40) == []
    assert cache.get("a") == "A"  # a use: b is now the oldest
    assert cache.put("c", "C", 40) == [("b", "B")]
    assert list(cache.keys()) == ["a", "c"]
    assert cache.total == 80
    assert "b" not in cache and cache.get("b") is None


def test_several_go_to_make_room_for_a_large_one():
    cache = ByteLRU(100)
    for key in "abcd":
        cache.put(key, key.upper(), 25)
    assert cache.total == 100
    assert cache.put("e", "E", 70) == [("a", "A"), ("b", "B"), ("c", "C")]
    assert list(cache.keys()) == ["d", "e"] and cache.total == 95


def test_a_value_over_the_whole_budget_is_not_kept():
    cache = ByteLRU(100)
    cache.put("a", "A", 50)
    assert cache.put("huge", "H", 101) == [("huge", "H")]
    assert list(cache.keys()) == ["a"] and cache.total == 50


def test_putting_a_key_again_replaces_it_and_counts_its_new_size():
    cache = ByteLRU(100)
    cache.put("a", "A", 60)
    cache.put("a", "A2", 30)
    assert len(cache) == 1 and cache.total == 30 and cache.get("a") == "A2"


def test_pop_clear_and_a_smaller_budget():
    cache = ByteLRU(100)
    for key in "abc":
        cache.put(key, key, 30)
    assert cache.pop("b") == "b" and cache.total == 60
    assert cache.pop("b", "none") == "none"
    cache.pop("a")
    assert list(cache.keys()) == ["c"] and cache.total == 30
    cache.put("d", "d", 30)
    assert cache.resize(40) == [("c", "c")]
    assert cache.budget == 40 and cache.total == 30
    cache.clear()
    assert len(cache) == 0 and cache.total == 0
