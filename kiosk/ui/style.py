"""The one palette and type scale of the kiosk. kv files read these; nothing else picks colours
or sizes. Contrast of every text/background pair is tested (WCAG AA, 4.5:1)."""

from __future__ import annotations


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    hex_colour = hex_colour.lstrip("#")
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


PAPER = rgba("#FAF7F0")  # the background everywhere: warm off-white
CARD = rgba("#FFFFFF")
INK = rgba("#1E2A32")  # body text
INK_SOFT = rgba("#46545E")  # secondary text: sources, credits
LINE = rgba("#DDD6C8")
PICTURE_STAND_IN = rgba("#ECE6DA")  # where a picture is still being prepared, or cannot be shown
ACCENT = rgba("#1F5C45")  # deep green: buttons, highlights
ACCENT_DOWN = rgba("#143D2E")
ON_ACCENT = rgba("#FFFFFF")
SUN = rgba("#F2C14E")  # warm yellow: the attract invitation, progress
SUN_SOFT = rgba("#FBEFC8")
SHADE = rgba("#000000", 0.45)  # behind the idle question
FOCUS = rgba("#0B57D0")  # speech mode's and the keypad's focus ring: blue, unlike anything else

PALETTE_NAMES = (
    "PAPER",
    "CARD",
    "INK",
    "INK_SOFT",
    "LINE",
    "PICTURE_STAND_IN",
    "ACCENT",
    "ACCENT_DOWN",
    "ON_ACCENT",
    "SUN",
    "SUN_SOFT",
)
DEFAULT_PALETTE = {name: globals()[name] for name in PALETTE_NAMES}
HIGH_CONTRAST_PALETTE = {
    "PAPER": rgba("#FFFFFF"),
    "CARD": rgba("#FFFFFF"),
    "INK": rgba("#000000"),
    "INK_SOFT": rgba("#1A1A1A"),
    "LINE": rgba("#000000"),
    "PICTURE_STAND_IN": rgba("#E6E6E6"),
    "ACCENT": rgba("#00382A"),
    "ACCENT_DOWN": rgba("#000000"),
    "ON_ACCENT": rgba("#FFFFFF"),
    "SUN": rgba("#FFD23F"),
    "SUN_SOFT": rgba("#FFF3C4"),
}
"""The high-contrast toggle's palette: black on white, at least 7:1 for body text."""


def text_pairs(palette: dict) -> dict:
    """Every text colour on the background it is drawn on, for the contrast tests."""
    p = palette
    return {
        "body on paper": (p["INK"], p["PAPER"]),
        "secondary on paper": (p["INK_SOFT"], p["PAPER"]),
        "body on card": (p["INK"], p["CARD"]),
        "secondary on card": (p["INK_SOFT"], p["CARD"]),
        "button text": (p["ON_ACCENT"], p["ACCENT"]),
        "pressed button text": (p["ON_ACCENT"], p["ACCENT_DOWN"]),
        "text on sun": (p["INK"], p["SUN"]),
        "text on soft sun": (p["INK"], p["SUN_SOFT"]),
        "alt text on a picture's stand-in": (p["INK_SOFT"], p["PICTURE_STAND_IN"]),
    }


BODY_TEXT_PAIRS = ("body on paper", "body on card", "text on soft sun")
"""Where the long texts are read: 7:1 in the high-contrast palette (WCAG 1.4.6)."""

TEXT_PAIRS = text_pairs(DEFAULT_PALETTE)


def use_palette(palette: dict) -> None:
    """Makes `palette` the one widgets made from now on are drawn with (kv reads these names
    when it makes a widget: the app makes its screens anew after switching)."""
    globals().update(palette)


# Non-text parts that must stand out from what is around them (WCAG 1.4.11, 3:1).
GRAPHIC_PAIRS = {
    "focus ring on paper": (FOCUS, PAPER),
    "focus ring on a card": (FOCUS, CARD),
    "focus ring on a fact card": (FOCUS, SUN_SOFT),
}

# Type scale in sp at the reference size (the short side of the screen is 1080 px). Every
# font size is one of these in sp, and an sp is a dp times Kivy's Metrics.fontscale, which the
# app sets to the text scale: the visitor's "A+" toggle multiplies every text by
# LARGE_TEXT_SCALE (WCAG 1.4.4), the rest of the layout (spacing, targets) stays in dp.
DISPLAY = 60
TITLE = 44
HEADING = 32
LEAD = 28
BODY = 24
SMALL = 19
FACT_VALUE = 52
DEFAULT_TEXT_SCALE = 1.0
LARGE_TEXT_SCALE = 1.5

# Spacing in dp.
GAP = 24
PAD = 32
RADIUS = 18
TARGET_DP = 72  # the smallest touch target; never under display.min_target_mm either


def contrast(foreground, background) -> float:
    """WCAG 2 contrast ratio of two opaque colours."""

    def luminance(colour):
        def channel(c):
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in colour[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
