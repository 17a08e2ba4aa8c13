"""The palette's contrast, computed as WCAG 2 does: every text on its background at least
4.5:1 (AA, 1.4.3), and the parts that must stand out, such as the focus ring, at least 3:1
against what is around them (1.4.11)."""

from __future__ import annotations

import pytest

from kiosk.ui import style


@pytest.mark.parametrize("name", sorted(style.TEXT_PAIRS))
def test_every_text_on_its_background_has_at_least_4_5_to_1(name):
    foreground, background = style.TEXT_PAIRS[name]
    assert style.contrast(foreground, background) >= 4.5, name


@pytest.mark.parametrize("name", sorted(style.GRAPHIC_PAIRS))
def test_the_focus_ring_stands_out_from_what_is_around_it(name):
    foreground, background = style.GRAPHIC_PAIRS[name]
    assert style.contrast(foreground, background) >= 3.0, name


def test_the_contrast_formula_gives_wcags_reference_values():
    black, white = style.rgba("#000000"), style.rgba("#FFFFFF")
    assert style.contrast(black, white) == pytest.approx(21.0)
    assert style.contrast(white, white) == pytest.approx(1.0)
    assert style.contrast(style.rgba("#777777"), white) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", sorted(style.text_pairs(style.HIGH_CONTRAST_PALETTE)))
def test_the_high_contrast_palette_gives_7_to_1_body_text_and_4_5_to_1_everything_else(name):
    foreground, background = style.text_pairs(style.HIGH_CONTRAST_PALETTE)[name]
    least = 7.0 if name in style.BODY_TEXT_PAIRS else 4.5
    assert style.contrast(foreground, background) >= least, name


def test_both_palettes_name_the_same_colours():
    assert set(style.HIGH_CONTRAST_PALETTE) == set(style.DEFAULT_PALETTE)
    assert set(style.BODY_TEXT_PAIRS) <= set(style.TEXT_PAIRS)


VIEWING_DISTANCE_MM = 450
"""The viewing distance docs/accessibility.md states for EN 301 549 5.1.4: a touchscreen read
at arm's length."""
TYPE_SCALE = ("DISPLAY", "TITLE", "HEADING", "LEAD", "BODY", "SMALL", "FACT_VALUE")


def capital_h_degrees(scale: float) -> float:
    """The angle the smallest text's capital H subtends at VIEWING_DISTANCE_MM on the bundled
    kiosk.yaml's screen at 1920x1080, with every font size times `scale`."""
    import math
    from pathlib import Path

    from PIL import ImageFont

    from kiosk.config import load_settings
    from kiosk.display import layout_scale
    from kiosk.ui.fonts import INTER_DIRS

    regular = [folder / "Inter-Regular.otf" for folder in INTER_DIRS]
    regular = [path for path in regular if path.is_file()]
    if not regular:
        pytest.skip("needs the Inter font (package fonts-inter)")
    left, top, right, bottom = ImageFont.truetype(str(regular[0]), 1000).getbbox("H")
    cap_height_em = (bottom - top) / 1000
    settings, _ = load_settings(Path(__file__).resolve().parent.parent / "kiosk.yaml")
    screen = (1920, 1080)
    mm_per_px = max(settings.display.width_mm, settings.display.height_mm) / max(screen)
    smallest = min(getattr(style, name) for name in TYPE_SCALE)
    font_px = smallest * layout_scale(screen) * scale
    capital_mm = font_px * cap_height_em * mm_per_px
    return math.degrees(2 * math.atan(capital_mm / 2 / VIEWING_DISTANCE_MM))


def test_large_text_makes_every_capital_h_subtend_0_7_degrees_at_the_viewing_distance():
    # EN 301 549 5.1.4: the large-text mode is the one that meets it, even for the sources.
    assert capital_h_degrees(style.LARGE_TEXT_SCALE) >= 0.7
    assert capital_h_degrees(style.DEFAULT_TEXT_SCALE) < 0.7
    assert style.LARGE_TEXT_SCALE >= 1.5
