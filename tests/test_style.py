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
