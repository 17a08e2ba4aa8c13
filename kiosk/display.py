"""Sizes on the screen: "WxH" as written on a command line, millimetres to pixels, and the
layout scale. No Kivy."""

from __future__ import annotations

REFERENCE_SHORT_SIDE = 1080  # the design is drawn for a 1920x1080 screen


def parse_size(text: str) -> tuple[int, int]:
    """(width, height) in pixels from "1920x1080"; ValueError saying what is wrong otherwise."""
    try:
        width, height = (int(part) for part in text.strip().lower().split("x"))
    except ValueError:
        raise ValueError(f"must look like 1920x1080, got '{text}'") from None
    if width < 1 or height < 1:
        raise ValueError(f"must be positive, got '{text}'")
    return width, height


def mm_to_px(display, screen_px: tuple[int, int], mm: float) -> int:
    """Pixels for `mm` on a screen of `screen_px` whose visible area is display.width_mm by
    display.height_mm. Pixels are square, so the long sides match whichever way it is turned."""
    mm_per_px = max(display.width_mm, display.height_mm) / max(screen_px)
    return max(1, round(mm / mm_per_px))


def layout_scale(screen_px: tuple[int, int]) -> float:
    """dp-to-pixel factor: the design is drawn for a short side of 1080 px and scales with it."""
    return max(0.5, min(4.0, min(screen_px) / REFERENCE_SHORT_SIDE))
