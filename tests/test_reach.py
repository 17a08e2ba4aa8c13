"""Low reach: which rows of a mounted screen a seated visitor can reach (kiosk.display), and
kiosk.yaml's display.bottom_edge_mm and display.low_reach. Pure: no window."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Display, load_settings
from kiosk.display import (
    REACH_HIGH_MM,
    REACH_LOW_MM,
    height_above_floor_mm,
    mm_per_px,
    reach_bands,
)

HEADER = "# yaml-language-server: $schema=schema/kiosk.schema.json\n"
PORTRAIT = (1080, 1920)
# A 55" panel turned upright: 680 mm by 1210 mm of picture, its bottom edge 700 mm up.
PANEL_55 = Display(width_mm=680, height_mm=1210, bottom_edge_mm=700)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_the_band_above_reach_ends_at_1220_mm_on_a_55_inch_portrait_panel():
    top, bottom = reach_bands(PANEL_55, PORTRAIT)
    # 1210 mm over 1920 px is 0.630 mm a pixel; 700 + 1210 - 1220 = 690 mm lie above reach.
    assert (top, bottom) == (1095, 0)
    highest_row = PORTRAIT[1] - top
    assert height_above_floor_mm(PANEL_55, PORTRAIT, highest_row) <= REACH_HIGH_MM
    # One row more would be out of reach: the band is no taller than it must be.
    assert height_above_floor_mm(PANEL_55, PORTRAIT, highest_row + 1) > REACH_HIGH_MM


def test_a_screen_reaching_below_380_mm_gets_a_band_at_the_bottom_too():
    low = Display(width_mm=680, height_mm=1210, bottom_edge_mm=200)
    top, bottom = reach_bands(low, PORTRAIT)
    assert top > 0 and bottom > 0
    assert height_above_floor_mm(low, PORTRAIT, bottom) >= REACH_LOW_MM
    assert height_above_floor_mm(low, PORTRAIT, bottom - 1) < REACH_LOW_MM
    assert height_above_floor_mm(low, PORTRAIT, PORTRAIT[1] - top) <= REACH_HIGH_MM


def test_a_screen_wholly_within_reach_needs_no_band():
    # A 24" panel upright (296 x 527 mm) with its bottom edge at 600 mm: its top is at 1127 mm.
    small = Display(width_mm=296, height_mm=527, bottom_edge_mm=600)
    assert reach_bands(small, PORTRAIT) == (0, 0)


def test_the_bands_follow_the_pixels_not_the_orientation_the_settings_are_written_in():
    turned = Display(width_mm=1210, height_mm=680, bottom_edge_mm=700)
    assert reach_bands(turned, PORTRAIT) == reach_bands(PANEL_55, PORTRAIT)
    assert mm_per_px(turned, (2160, 3840)) * 2 == mm_per_px(PANEL_55, PORTRAIT)
    top, _ = reach_bands(PANEL_55, (2160, 3840))
    assert abs(top - 2 * 1095) <= 1


def test_no_band_without_the_height_above_the_floor_or_with_too_little_within_reach():
    assert reach_bands(Display(width_mm=680, height_mm=1210), PORTRAIT) is None
    # Bottom edge at 1000 mm: only 220 of 1210 mm are within reach, too little for a page.
    high = Display(width_mm=680, height_mm=1210, bottom_edge_mm=1000)
    assert reach_bands(high, PORTRAIT) is None


def test_the_new_display_keys_are_read_and_default_to_not_measured(tmp_path):
    settings, diagnostics = load_settings(write(tmp_path, "idle:\n  timeout_s: 60\n"))
    assert (settings.display.bottom_edge_mm, settings.display.low_reach) == (None, "toggle")
    path = write(
        tmp_path,
        "display:\n  width_mm: 680\n  height_mm: 1210\n  bottom_edge_mm: 700\n"
        "  low_reach: always\n",
    )
    settings, diagnostics = load_settings(path)
    assert diagnostics.lines() == []
    assert (settings.display.bottom_edge_mm, settings.display.low_reach) == (700, "always")


def test_bad_low_reach_settings_are_errors_with_their_place(tmp_path):
    path = write(tmp_path, "display:\n  bottom_edge_mm: -5\n  low_reach: off\n")
    _, diagnostics = load_settings(path)
    assert diagnostics.lines() == [
        f"{path}:3:19: error: display.bottom_edge_mm: -5 is below the smallest allowed, 0",
        f"{path}:4:14: error: display.low_reach: expected one of toggle, always, never, "
        "got true/false (off)",
    ]
    path = write(tmp_path, "display:\n  low_reach: always\n")
    _, diagnostics = load_settings(path)
    assert diagnostics.lines() == [
        f"{path}:3:14: error: display.low_reach: 'always' needs bottom_edge_mm, the screen's "
        "height above the floor"
    ]


def test_a_screen_mounted_too_high_for_the_lowered_layout_is_a_warning(tmp_path):
    path = write(tmp_path, "display:\n  width_mm: 680\n  height_mm: 1210\n  bottom_edge_mm: 1000\n")
    settings, diagnostics = load_settings(path)
    assert diagnostics.lines() == [
        f"{path}:5:19: warning: display.bottom_edge_mm: only 220 mm of the upright screen's "
        "1210 mm lies 380-1220 mm above the floor; the lowered layout needs 363 mm and is not "
        "offered: mount the screen lower"
    ]
    assert settings.display.bottom_edge_mm == 1000
    never = write(
        tmp_path,
        "display:\n  width_mm: 680\n  height_mm: 1210\n  bottom_edge_mm: 1000\n"
        "  low_reach: never\n",
    )
    assert load_settings(never)[1].lines() == []


def test_the_lowered_layouts_toggle_is_read_after_the_other_toggles_only_when_shown():
    from kiosk.config import load_content_for
    from kiosk.languages import LANGUAGES
    from kiosk.navigator import Route
    from kiosk.screens import HOME, STATION
    from kiosk.speech.reading import LARGE_TEXT, LOWER, screen_reading

    settings, _ = load_settings(Path(__file__).resolve().parent.parent / "kiosk.yaml")
    exhibition = load_content_for(settings).content.exhibition
    for route in (Route(HOME), Route(STATION, "district-heat")):
        for language, label in (("fi", "Näkymä alemmas"), ("sv", "Sänk vyn")):
            shown = screen_reading(exhibition, route, language, LANGUAGES, low_reach_toggle=True)
            actions = [u.action for u in shown]
            lower = shown[actions.index(LOWER)]
            assert actions.index(LOWER) == actions.index(LARGE_TEXT) + 1
            assert lower.language == language and lower.text.startswith(label + ", ")
            hidden = screen_reading(exhibition, route, language, LANGUAGES)
            assert LOWER not in [u.action for u in hidden]
