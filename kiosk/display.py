"""Physical sizes on the screen: millimetres to pixels, and the layout scale. No Kivy."""

from __future__ import annotations

REFERENCE_SHORT_SIDE = 1080  # the design is drawn for a 1920x1080 screen


def mm_to_px(display, screen_px: tuple[int, int], mm: float) -> int:
    """Pixels for `mm` on a screen of `screen_px` whose visible area is display.width_mm by
    display.height_mm. Pixels are square, so the long sides match whichever way it is turned."""
    mm_per_px = max(display.width_mm, display.height_mm) / max(screen_px)
    return max(1, round(mm / mm_per_px))


def layout_scale(screen_px: tuple[int, int]) -> float:
    """dp-to-pixel factor: the design is drawn for a short side of 1080 px and scales with it."""
    return max(0.5, min(4.0, min(screen_px) / REFERENCE_SHORT_SIDE))
