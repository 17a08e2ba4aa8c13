"""Sizes on the screen: "WxH" as written on a command line, millimetres to pixels, the
layout scale, and which rows of a mounted screen a seated visitor can reach. No Kivy."""

from __future__ import annotations

import math

REFERENCE_SHORT_SIDE = 1080  # the design is drawn for a 1920x1080 screen

REACH_LOW_MM, REACH_HIGH_MM = 380.0, 1220.0
"""Controls within reach from a wheelchair, forward and unobstructed: this high above the floor
(EN 301 549 8.3.3.1.1 and 8.3.3.1.2; the 2010 ADA Standards, 308.2.1)."""
MIN_REACHABLE_SHARE = 0.3
"""The lowered layout needs at least this share of the screen's height within reach: less
holds no more than the top bar and a line or two of a page."""


def parse_size(text: str) -> tuple[int, int]:
    """(width, height) in pixels from "1920x1080"; ValueError saying what is wrong otherwise."""
    try:
        width, height = (int(part) for part in text.strip().lower().split("x"))
    except ValueError:
        raise ValueError(f"must look like 1920x1080, got '{text}'") from None
    if width < 1 or height < 1:
        raise ValueError(f"must be positive, got '{text}'")
    return width, height


def mm_per_px(display, screen_px: tuple[int, int]) -> float:
    """Millimetres one pixel spans on a screen of `screen_px` whose visible area is
    display.width_mm by display.height_mm. Pixels are square, so the long sides match
    whichever way it is turned."""
    return max(display.width_mm, display.height_mm) / max(screen_px)


def mm_to_px(display, screen_px: tuple[int, int], mm: float) -> int:
    """Pixels for `mm` on a screen of `screen_px` (see mm_per_px); at least one."""
    return max(1, round(mm / mm_per_px(display, screen_px)))


def height_above_floor_mm(display, screen_px: tuple[int, int], y_px: float) -> float:
    """How high above the floor a point `y_px` pixels up from the screen's bottom edge is, on a
    screen mounted with its bottom edge at display.bottom_edge_mm (which must be set)."""
    return display.bottom_edge_mm + y_px * mm_per_px(display, screen_px)


def reachable_mm(bottom_edge_mm: float, height_mm: float) -> float:
    """How much of a screen `height_mm` tall, its bottom edge `bottom_edge_mm` above the floor,
    lies between REACH_LOW_MM and REACH_HIGH_MM."""
    top = min(bottom_edge_mm + height_mm, REACH_HIGH_MM)
    return max(0.0, top - max(bottom_edge_mm, REACH_LOW_MM))


def reach_bands(display, screen_px: tuple[int, int]) -> tuple[int, int] | None:
    """(top, bottom): how many rows of pixels at the top of a screen of `screen_px` lie above
    REACH_HIGH_MM from the floor, and how many at its bottom below REACH_LOW_MM, so that a
    layout kept between them has every control within a seated visitor's reach. (0, 0): all
    of the screen is within reach. None: the screen's height above the floor is not known
    (display.bottom_edge_mm), or too little of it is within reach to lay a screen out in."""
    bottom_edge = display.bottom_edge_mm
    if bottom_edge is None:
        return None
    per_px = mm_per_px(display, screen_px)
    height_px = screen_px[1]
    height_mm = height_px * per_px
    if reachable_mm(bottom_edge, height_mm) < MIN_REACHABLE_SHARE * height_mm:
        return None

    def rows(mm: float) -> int:
        # Rounded up, so that what is left lies within reach; a hair's float error is not a row.
        return max(0, math.ceil(mm / per_px - 1e-6))

    top = rows(bottom_edge + height_mm - REACH_HIGH_MM)
    bottom = rows(REACH_LOW_MM - bottom_edge)
    return min(top, height_px), min(bottom, height_px)


def layout_scale(screen_px: tuple[int, int]) -> float:
    """dp-to-pixel factor: the design is drawn for a short side of 1080 px and scales with it."""
    return max(0.5, min(4.0, min(screen_px) / REFERENCE_SHORT_SIDE))
