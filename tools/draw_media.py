"""Draw the pictures of the Ilmastotekoja kiosk: theme tiles and station pictures.

Flat vector-style illustrations and word-free charts (one picture serves fi, sv and en), drawn with
Pillow only at 2x and downscaled, and written as optimised PNGs:

    <out>/themes/<theme-id>.png       1200 x 800
    <out>/stations/<station-id>.png   1600 x 1000

What each picture shows follows the station it illustrates (exhibits/themes/); the figures a
chart draws are declared under that picture's `numbers:` there, each with its source from
exhibits/sources.yaml. The output is deterministic.

Usage: python tools/draw_media.py [--out DIR]   (default: the repository's media/ folder)
"""

from __future__ import annotations

import argparse
import importlib.util
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SCALE = 2  # draw at 2x, downscale with LANCZOS
THEME_SIZE = (1200, 800)
STATION_SIZE = (1600, 1000)
MAX_BYTES = 290_000

# --- palette -------------------------------------------------------------------------------------
INK = "#1E2A32"
GREEN = "#1F5C45"
TEAL = "#2A7F8F"
YELLOW = "#F2C14E"
CORAL = "#E07A5F"
SKY = "#CFE8EF"
OFFWHITE = "#FAF7F0"
LEAF = "#6FA86B"
SAND = "#EFE4CF"
WHITE = "#FFFFFF"
STONE = "#B9C3C7"
SLATE = "#5D6D75"
BROWN = "#9A6A4B"

NNBSP = "\u202f"  # narrow no-break space: thousands separator and before units
SUB2 = "\u2082"  # subscript two; Kivy's Roboto lacks it, so Canvas.text draws it as a small "2"

Point = tuple[float, float]


def mix(color_a: str, color_b: str, t: float) -> str:
    """Blend two hex colours: t=0 gives color_a, t=1 gives color_b."""
    a = [int(color_a[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(color_b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(a, b, strict=True))


def tint(color: str, t: float) -> str:
    """A paler version of a palette colour (t = share of off-white mixed in)."""
    return mix(color, OFFWHITE, t)


LEAF_PALE = tint(LEAF, 0.45)  # meadows and lawns


def num(value: float, decimals: int = 0) -> str:
    """Format a number with a narrow space as thousands separator: 1690 -> '1 690'."""
    return f"{value:,.{decimals}f}".replace(",", NNBSP)


# --- fonts ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def font_dir() -> Path:
    spec = importlib.util.find_spec("kivy")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("kivy is not installed: its Roboto fonts are needed")
    return Path(spec.submodule_search_locations[0]) / "data" / "fonts"


@lru_cache(maxsize=64)
def font(px: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    name = "Roboto-Bold.ttf" if bold else "Roboto-Regular.ttf"
    return ImageFont.truetype(str(font_dir() / name), px)


def split_subscripts(text: str) -> list[tuple[str, bool]]:
    """Split text into runs of (chars, is_subscript) at each subscript two."""
    runs: list[tuple[str, bool]] = []
    for i, part in enumerate(text.split(SUB2)):
        if i:
            runs.append(("2", True))
        if part:
            runs.append((part, False))
    return runs


# --- geometry ------------------------------------------------------------------------------------
def rotate(points: Sequence[Point], degrees: float, centre: Point = (0, 0)) -> list[Point]:
    cx, cy = centre
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return [(cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c) for x, y in points]


def polar(cx: float, cy: float, r: float, degrees: float) -> Point:
    """Point on a circle; angles as Pillow uses them (0 = east, clockwise)."""
    return cx + r * math.cos(math.radians(degrees)), cy + r * math.sin(math.radians(degrees))


def blob(
    cx: float, cy: float, rx: float, ry: float, phase: float = 0.0, n: int = 72
) -> list[Point]:
    """A smooth, slightly irregular closed shape (continents, steak, leaves of salad)."""
    pts = []
    for i in range(n):
        a = 2 * math.pi * i / n
        k = 1 + 0.10 * math.sin(3 * a + phase) + 0.06 * math.cos(5 * a + 2 * phase)
        pts.append((cx + rx * k * math.cos(a), cy + ry * k * math.sin(a)))
    return pts


def star_points(cx: float, cy: float, r: float) -> list[Point]:
    return [polar(cx, cy, r if i % 2 == 0 else r * 0.42, -90 + 36 * i) for i in range(10)]


# --- canvas --------------------------------------------------------------------------------------
class Canvas:
    """A 2x supersampled drawing surface with nestable local frames.

    Coordinates are in final picture pixels. Inside ``place(cx, cy, size)`` they are in a
    100-unit box centred on (cx, cy), so icons can be drawn at any size.
    """

    def __init__(self, size: tuple[int, int], background: str = OFFWHITE) -> None:
        self.size = size
        self.image = Image.new("RGB", (size[0] * SCALE, size[1] * SCALE), background)
        self.draw = ImageDraw.Draw(self.image)
        self._frames: list[tuple[float, float, float]] = [(0.0, 0.0, 1.0)]

    @contextmanager
    def place(self, cx: float, cy: float, size: float) -> Iterator[Canvas]:
        ox, oy, k = self._frames[-1]
        self._frames.append((ox + k * cx, oy + k * cy, k * size / 100))
        try:
            yield self
        finally:
            self._frames.pop()

    # coordinate helpers
    def pt(self, x: float, y: float) -> Point:
        ox, oy, k = self._frames[-1]
        return (ox + k * x) * SCALE, (oy + k * y) * SCALE

    def ln(self, v: float) -> float:
        return v * self._frames[-1][2] * SCALE

    def _w(self, v: float) -> int:
        return max(1, round(self.ln(v)))

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> list[float]:
        return [*self.pt(min(x0, x1), min(y0, y1)), *self.pt(max(x0, x1), max(y0, y1))]

    # shapes
    def rect(self, x0, y0, x1, y1, fill=None, radius=0.0, outline=None, width=0.0, corners=None):
        box = self._box(x0, y0, x1, y1)
        radius = min(self.ln(radius), (box[2] - box[0]) / 2 - 1, (box[3] - box[1]) / 2 - 1)
        self.draw.rounded_rectangle(
            box,
            radius=max(0, radius),
            fill=fill,
            outline=outline,
            width=self._w(width) if outline else 0,
            corners=corners,
        )

    def ellipse(self, x0, y0, x1, y1, fill=None, outline=None, width=0.0):
        w = self._w(width) if outline else 0
        self.draw.ellipse(self._box(x0, y0, x1, y1), fill=fill, outline=outline, width=w)

    def circle(self, cx, cy, r, fill=None, outline=None, width=0.0):
        self.ellipse(cx - r, cy - r, cx + r, cy + r, fill, outline, width)

    def poly(self, points: Sequence[Point], fill=None, outline=None, width=0.0):
        w = self._w(width) if outline else 0
        self.draw.polygon([self.pt(*p) for p in points], fill=fill, outline=outline, width=w)

    def line(self, points: Sequence[Point], fill, width: float, caps: bool = True):
        self.draw.line(
            [self.pt(*p) for p in points], fill=fill, width=self._w(width), joint="curve"
        )
        if caps:
            for x, y in (points[0], points[-1]):
                self.circle(x, y, width / 2, fill)

    def arc(self, cx, cy, r, start, end, fill, width: float, caps: bool = False):
        """A thick arc centred on radius r (Pillow angles, clockwise from east)."""
        h = width / 2
        box = self._box(cx - r - h, cy - r - h, cx + r + h, cy + r + h)
        self.draw.arc(box, start, end, fill=fill, width=self._w(width))
        if caps:
            for a in (start, end):
                self.circle(*polar(cx, cy, r, a), h, fill)

    def pie(self, cx, cy, r, start, end, fill):
        self.draw.pieslice(self._box(cx - r, cy - r, cx + r, cy + r), start, end, fill=fill)

    # text
    def text_width(self, text: str, size: float, bold: bool = True) -> float:
        px = self.ln(size)
        big, small = font(round(px), bold), font(round(px * 0.62), bold)
        total = sum((small if sub else big).getlength(t) for t, sub in split_subscripts(text))
        return total / self.ln(1)

    def text(self, x, y, text: str, size: float, fill=INK, anchor: str = "mm", bold: bool = True):
        """Draw text; anchor is (l|m|r)(t|m|s): top/middle of capitals or baseline."""
        px = self.ln(size)
        big, small = font(round(px), bold), font(round(px * 0.62), bold)
        runs = split_subscripts(text)
        widths = [(small if sub else big).getlength(t) for t, sub in runs]
        sx, sy = self.pt(x, y)
        cap = -big.getbbox("H", anchor="ls")[1]
        left = sx - {"l": 0, "m": sum(widths) / 2, "r": sum(widths)}[anchor[0]]
        base = sy + {"t": cap, "m": cap / 2, "s": 0}[anchor[1]]
        for (t, sub), w in zip(runs, widths, strict=True):
            f = small if sub else big
            self.draw.text(
                (left, base + (0.2 * px if sub else 0)), t, font=f, fill=fill, anchor="ls"
            )
            left += w

    def finish(self) -> Image.Image:
        return self.image.resize(self.size, Image.Resampling.LANCZOS)


# --- drawing helpers -----------------------------------------------------------------------------
def arrow_head(cv: Canvas, tip: Point, direction: Point, length: float, width: float, fill):
    dx, dy = direction
    n = math.hypot(dx, dy) or 1
    ux, uy = dx / n, dy / n
    bx, by = tip[0] - ux * length, tip[1] - uy * length
    cv.poly(
        [
            tip,
            (bx - uy * width / 2, by + ux * width / 2),
            (bx + uy * width / 2, by - ux * width / 2),
        ],
        fill,
    )


def arrow(cv: Canvas, points: Sequence[Point], fill, width: float, head: float | None = None):
    """A polyline ending in a triangular head."""
    head = head or width * 2.6
    (x0, y0), (x1, y1) = points[-2], points[-1]
    d = math.hypot(x1 - x0, y1 - y0) or 1
    stop = (x1 - (x1 - x0) / d * head * 0.8, y1 - (y1 - y0) / d * head * 0.8)
    cv.line([*points[:-1], stop], fill, width)
    arrow_head(cv, (x1, y1), (x1 - x0, y1 - y0), head, head * 1.1, fill)


def wavy_arrow(cv: Canvas, start: Point, end: Point, fill, width: float, waves=2.0, amp=12.0):
    """A wavy arrow (heat, air flow) from start to end."""
    (x0, y0), (x1, y1) = start, end
    d = math.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    head = width * 2.6
    body = d - head * 0.8
    pts = []
    for i in range(61):
        t = i / 60
        off = amp * math.sin(2 * math.pi * waves * t) * min(1.0, (1 - t) * 4)
        pts.append((x0 + ux * body * t - uy * off, y0 + uy * body * t + ux * off))
    cv.line(pts, fill, width)
    arrow_head(cv, end, (ux, uy), head, head * 1.1, fill)


def arc_arrow(cv: Canvas, cx, cy, r, start, end, fill, width: float, head: float | None = None):
    """A clockwise arc from start to end degrees; the arrow head's tip ends at `end`."""
    head = head or width * 2.2
    stop = end - math.degrees(head / r)
    cv.arc(cx, cy, r, start, stop + 1, fill, width)
    cv.circle(*polar(cx, cy, r, start), width / 2, fill)
    a = math.radians(stop)
    bx, by = polar(cx, cy, r, stop)
    direction = (-math.sin(a), math.cos(a))
    tip = (bx + direction[0] * head, by + direction[1] * head)
    arrow_head(cv, tip, direction, head, head * 1.3, fill)


def dashed_line(cv: Canvas, start: Point, end: Point, fill, width: float, dash=26.0, gap=18.0):
    (x0, y0), (x1, y1) = start, end
    d = math.hypot(x1 - x0, y1 - y0)
    pos = 0.0
    while pos < d:
        a, b = pos / d, min(pos + dash, d) / d
        cv.line(
            [(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
            fill,
            width,
        )
        pos += dash + gap


def sun(cv: Canvas, cx: float, cy: float, r: float, color=YELLOW):
    for i in range(12):
        a = i * 30 + 15
        cv.line([polar(cx, cy, r * 1.28, a), polar(cx, cy, r * 1.6, a)], color, r * 0.13)
    cv.circle(cx, cy, r, color)


def cloud(cv: Canvas, cx: float, cy: float, w: float, color=WHITE):
    with cv.place(cx, cy, w):
        cv.rect(-50, -4, 50, 22, color, radius=13)
        cv.circle(-24, -2, 21, color)
        cv.circle(6, -12, 29, color)
        cv.circle(32, 2, 17, color)


def rain(cv: Canvas, box: tuple[float, float, float, float], color, step: float = 60, width=7.0):
    """Deterministic slanted rain streaks over a box."""
    x0, y0, x1, y1 = box
    rows = int((y1 - y0) // (step * 0.9))
    for j in range(rows):
        y = y0 + j * step * 0.9 + ((j * 5) % 3) * step * 0.1
        x = x0 + (j % 2) * step / 2
        i = 0
        while x < x1:
            yy = y + ((i * 7 + j * 3) % 4) * step * 0.12
            cv.line([(x, yy), (x - step * 0.12, yy + step * 0.4)], color, width)
            x += step
            i += 1


def grass_tuft(cv: Canvas, x: float, ground: float, h: float, color=GREEN):
    for dx, k in ((-0.45, 0.75), (0.0, 1.0), (0.45, 0.8)):
        cv.line([(x + dx * h * 0.3, ground), (x + dx * h, ground - h * k)], color, h * 0.14)


def tree(cv: Canvas, x: float, ground: float, h: float, crown=LEAF):
    cv.rect(x - h * 0.05, ground - h * 0.55, x + h * 0.05, ground, BROWN, radius=h * 0.03)
    cv.circle(x - h * 0.17, ground - h * 0.55, h * 0.22, crown)
    cv.circle(x + h * 0.17, ground - h * 0.58, h * 0.2, crown)
    cv.circle(x, ground - h * 0.74, h * 0.26, crown)


def pine(cv: Canvas, x: float, ground: float, h: float, color=GREEN):
    cv.rect(x - h * 0.04, ground - h * 0.2, x + h * 0.04, ground, BROWN)
    for i in range(3):
        top = ground - h + i * h * 0.22
        half = h * (0.2 + i * 0.07)
        cv.poly([(x, top), (x + half, top + h * 0.42), (x - half, top + h * 0.42)], color)


def windows(cv: Canvas, x0, y0, cols, rows, w, h, gap, lit: set[int], on=YELLOW, off=SKY):
    """A grid of windows; `lit` holds the indices (row * cols + col) of warm, lit ones."""
    for r in range(rows):
        for c in range(cols):
            x, y = x0 + c * (w + gap), y0 + r * (h + gap)
            cv.rect(x, y, x + w, y + h, on if r * cols + c in lit else off, radius=w * 0.12)


def molecule(cv: Canvas, cx: float, cy: float, size: float, color=SLATE):
    """A CO2 molecule: carbon between two oxygens."""
    with cv.place(cx, cy, size):
        cv.line([(-30, 0), (30, 0)], color, 10)
        cv.circle(-32, 0, 18, tint(color, 0.45))
        cv.circle(32, 0, 18, tint(color, 0.45))
        cv.circle(0, 0, 22, color)


def ground_band(cv: Canvas, y: float, color: str = LEAF_PALE):
    cv.rect(-10, y, cv.size[0] + 10, cv.size[1] + 10, color)


# --- icons (drawn in a 100-unit box centred on cx, cy) -------------------------------------------
def icon_car(cv: Canvas, cx, cy, size, color=CORAL):
    with cv.place(cx, cy, size):
        cv.poly([(-32, -4), (-18, -30), (16, -30), (34, -4)], color)
        cv.poly([(-25, -6), (-15, -24), (-2, -24), (-2, -6)], SKY)
        cv.poly([(3, -6), (3, -24), (13, -24), (26, -6)], SKY)
        cv.rect(-49, -8, 49, 22, color, radius=10)
        cv.rect(40, -2, 49, 6, YELLOW, radius=3)
        for x in (-27, 27):
            cv.circle(x, 22, 13, INK)
            cv.circle(x, 22, 5, STONE)


def icon_bus(cv: Canvas, cx, cy, size, color=TEAL, electric=True):
    with cv.place(cx, cy, size):
        cv.rect(-50, -32, 50, 22, color, radius=10)
        for i in range(4):
            x = -43 + i * 19
            cv.rect(x, -24, x + 15, -6, SKY, radius=3)
        cv.rect(34, -24, 46, 8, SKY, radius=3)
        if electric:
            icon_bolt(cv, -18, 8, 18, YELLOW)
        for x in (-30, 28):
            cv.circle(x, 22, 10, INK)
            cv.circle(x, 22, 4, STONE)


def icon_train(cv: Canvas, cx, cy, size, color=CORAL):
    """Front view of an electric train: the same icon stands for metro, tram and train."""
    with cv.place(cx, cy, size):
        cv.line([(-6, -38), (8, -48), (-4, -56)], INK, 4)
        cv.line([(-16, -56), (16, -56)], INK, 5)
        cv.rect(-34, -40, 34, 30, color, radius=16)
        cv.rect(-25, -31, 25, -4, SKY, radius=6)
        cv.circle(-19, 13, 6, YELLOW)
        cv.circle(19, 13, 6, YELLOW)
        cv.rect(-8, 9, 8, 17, tint(color, 0.5), radius=3)
        cv.rect(-30, 30, -16, 38, INK, radius=2)
        cv.rect(16, 30, 30, 38, INK, radius=2)
        cv.line([(-44, 44), (44, 44)], SLATE, 4)


def icon_bike(cv: Canvas, cx, cy, size, color=GREEN):
    with cv.place(cx, cy, size):
        rear, front, bb = (-30, 14), (30, 14), (-3, 14)
        seat, head = (-11, -14), (19, -14)
        for x, y in (rear, front):
            cv.circle(x, y, 19, None, INK, 5)
            cv.circle(x, y, 3, INK)
        cv.line([rear, bb, seat, rear], color, 5)
        cv.line([seat, head, bb], color, 5)
        cv.line([front, head, (16, -24), (24, -25)], color, 5)
        cv.line([seat, (-13, -20)], color, 5)
        cv.rect(-22, -24, -6, -19, INK, radius=2)
        cv.circle(*bb, 5, INK)


def icon_plane(cv: Canvas, cx, cy, size, color=TEAL):
    """A plane seen from above, flying right."""
    with cv.place(cx, cy, size):
        cv.poly([(10, -4), (-10, -46), (-20, -46), (-12, -4)], color)
        cv.poly([(10, 4), (-10, 46), (-20, 46), (-12, 4)], color)
        cv.poly([(-34, -4), (-44, -20), (-50, -20), (-46, -4)], color)
        cv.poly([(-34, 4), (-44, 20), (-50, 20), (-46, 4)], color)
        cv.rect(-50, -7, 42, 7, color, radius=7)
        cv.poly([(38, -7), (50, 0), (38, 7)], color)


def icon_person(cv: Canvas, cx, cy, size, color=INK):
    with cv.place(cx, cy, size):
        cv.circle(0, -26, 18, color)
        cv.rect(-30, 0, 30, 48, color, radius=26, corners=(True, True, False, False))


def icon_house(cv: Canvas, cx, cy, size, color=TEAL, roof=None):
    with cv.place(cx, cy, size):
        cv.rect(-34, -8, 34, 44, color)
        cv.poly([(-46, -4), (0, -44), (46, -4)], roof or mix(color, INK, 0.35))
        cv.rect(-9, 16, 9, 44, tint(color, 0.55), radius=3)
        cv.rect(14, 6, 26, 18, YELLOW, radius=2)


def icon_bag(cv: Canvas, cx, cy, size, color=YELLOW):
    with cv.place(cx, cy, size):
        cv.arc(0, -14, 18, 180, 360, mix(color, INK, 0.3), 7)
        cv.poly([(-34, -14), (34, -14), (40, 44), (-40, 44)], color)


def icon_plate(cv: Canvas, cx, cy, size, color=GREEN):
    """Plate with fork and knife: food."""
    with cv.place(cx, cy, size):
        cv.circle(0, 0, 32, WHITE)
        cv.circle(0, 0, 22, None, tint(color, 0.5), 4)
        for x in (-47, -42, -37):
            cv.line([(x, -38), (x, -20)], color, 3)
        cv.rect(-48, -22, -36, -14, color, radius=4)
        cv.rect(-45, -16, -39, 38, color, radius=3)
        cv.rect(37, -38, 47, 2, color, radius=5, corners=(True, False, False, False))
        cv.rect(39, 0, 47, 38, color, radius=3)


def icon_bolt(cv: Canvas, cx, cy, size, color=YELLOW):
    with cv.place(cx, cy, size):
        cv.poly([(8, -50), (-30, 8), (-4, 8), (-10, 50), (30, -10), (4, -10)], color)


def icon_steak(cv: Canvas, cx, cy, size, color=CORAL):
    with cv.place(cx, cy, size):
        cv.poly(blob(0, 0, 48, 34, phase=0.6), tint(color, 0.55))
        cv.poly(blob(-2, 0, 40, 27, phase=0.6), mix(color, "#8E2F22", 0.45))
        cv.line([(-22, -8), (-6, 2), (14, -4)], tint(color, 0.55), 4)
        cv.circle(22, 6, 9, OFFWHITE)
        cv.circle(22, 6, 4, tint(BROWN, 0.5))


def icon_cheese(cv: Canvas, cx, cy, size, color=YELLOW):
    with cv.place(cx, cy, size):
        cv.poly([(-48, -4), (48, -4), (26, -40)], tint(color, 0.35))
        cv.rect(-48, -4, 48, 36, color, radius=3)
        for x, y, r in ((-26, 10, 7), (8, 20, 9), (30, 4, 5), (-8, -2, 4)):
            cv.circle(x, y, r, mix(color, BROWN, 0.35))


def icon_milk(cv: Canvas, cx, cy, size, color=TEAL):
    with cv.place(cx, cy, size):
        cv.rect(-13, -48, 13, -38, color, radius=2)
        cv.poly([(-26, -14), (26, -14), (13, -40), (-13, -40)], mix(color, INK, 0.2))
        cv.rect(-26, -14, 26, 48, WHITE, radius=4, outline=tint(INK, 0.6), width=2)
        cv.rect(-26, 10, 26, 48, color, radius=4, corners=(False, False, True, True))
        with cv.place(0, 28, 26):
            cv.circle(0, 12, 30, WHITE)
            cv.poly([(0, -46), (-27, 4), (27, 4)], WHITE)


def icon_ticket(cv: Canvas, cx, cy, size, color=CORAL, background=OFFWHITE):
    with cv.place(cx, cy, size):
        cv.rect(-50, -28, 50, 28, color, radius=6)
        cv.circle(-50, 0, 10, background)
        cv.circle(50, 0, 10, background)
        for y in range(-22, 24, 10):
            cv.line([(22, y), (22, y + 4)], tint(color, 0.6), 3)
        cv.poly(star_points(-8, 0, 17), tint(color, 0.75))


def icon_sofa(cv: Canvas, cx, cy, size, color=TEAL):
    with cv.place(cx, cy, size):
        dark = mix(color, INK, 0.3)
        cv.rect(-38, -32, 38, 4, color, radius=10)
        cv.rect(-38, 0, 38, 22, tint(color, 0.25), radius=6)
        cv.rect(-50, -12, -32, 30, dark, radius=8)
        cv.rect(32, -12, 50, 30, dark, radius=8)
        cv.rect(-44, 30, -36, 40, INK, radius=2)
        cv.rect(36, 30, 44, 40, INK, radius=2)


def icon_recycle(cv: Canvas, cx, cy, size, color=GREEN, width=12.0):
    """Three chasing arrows: a loop of reuse."""
    with cv.place(cx, cy, size):
        for a in (-90, 30, 150):
            arc_arrow(cv, 0, 0, 36, a + 8, a + 112, color, width)


def icon_drop(cv: Canvas, cx, cy, size, color=TEAL):
    with cv.place(cx, cy, size):
        cv.circle(0, 14, 30, color)
        cv.poly([(0, -48), (-26, 0), (26, 0)], color)


def icon_crane(cv: Canvas, cx, cy, size, color=YELLOW):
    """A building crane over a block: land use and construction."""
    with cv.place(cx, cy, size):
        cv.rect(-10, -40, 0, 44, color)
        cv.rect(-40, -44, 46, -36, color)
        cv.line([(36, -36), (36, -10)], INK, 3)
        cv.rect(30, -12, 42, -2, INK)
        cv.rect(6, 8, 44, 44, tint(TEAL, 0.3), radius=2)


# --- charts --------------------------------------------------------------------------------------
@dataclass
class Bar:
    value: float
    label: str  # number (and unit) written above the bar
    color: str
    below: str | Callable[[Canvas, float, float, float], None]  # year text or icon drawer


def unit_caption(cv: Canvas, x: float, y: float, text: str, size: float = 46) -> float:
    """The unit of a chart, top left; returns the x where the caption ends."""
    cv.text(x, y, text, size, SLATE, anchor="lm")
    return x + cv.text_width(text, size)


def bar_chart(cv: Canvas, box, bars: Sequence[Bar], vmax: float, slots: Sequence[float] = ()):
    """Vertical bars on a baseline at the bottom of box; slots give bar centres as 0..1 of width.

    Each bar gets its value label on top and a year or an icon (about 150 px) under the baseline.
    """
    x0, y0, x1, y1 = box
    n = len(bars)
    slots = slots or [(i + 0.5) / n for i in range(n)]
    bar_w = min(220.0, (x1 - x0) / n * 0.55)
    cv.line([(x0 - 30, y1), (x1 + 30, y1)], tint(INK, 0.5), 5)
    for bar, s in zip(bars, slots, strict=True):
        cx = x0 + (x1 - x0) * s
        top = y1 - max(8.0, (y1 - y0) * bar.value / vmax)
        cv.rect(cx - bar_w / 2, top, cx + bar_w / 2, y1, bar.color, radius=min(18, y1 - top))
        cv.text(cx, top - 26, bar.label, 68, INK, anchor="ms")
        if isinstance(bar.below, str):
            cv.text(cx, y1 + 60, bar.below, 52, INK, anchor="mm")
        else:
            bar.below(cv, cx, y1 + 105, 150)


# --- theme tiles (1200 x 800) --------------------------------------------------------------------
def earth(cv: Canvas, cx: float, cy: float, r: float):
    cv.circle(cx, cy, r, TEAL)
    with cv.place(cx, cy, r * 2):
        cv.poly(blob(-16, -18, 20, 16, phase=0.3), LEAF)
        cv.poly(blob(18, 10, 16, 22, phase=1.7), LEAF)
        cv.poly(blob(-22, 22, 10, 8, phase=2.9), LEAF)
        cv.poly(blob(10, -32, 12, 6, phase=4.1), tint(LEAF, 0.2))


def theme_climate_change(cv: Canvas):
    sun(cv, 200, 190, 95)
    cx, cy = 720, 420
    cv.circle(cx, cy, 335, tint(CORAL, 0.72))
    cv.circle(cx, cy, 270, OFFWHITE)
    for i in range(10):
        a = -160 + i * 36
        molecule(cv, *polar(cx, cy, 302, a), 70, mix(CORAL, INK, 0.25))
    earth(cv, cx, cy, 230)
    for start, angle in (((310, 250), 208), ((290, 330), 186)):
        arrow(cv, [start, polar(cx, cy, 236, angle)], YELLOW, 14)


def theme_housing(cv: Canvas):
    cv.circle(1020, 160, 70, tint(YELLOW, 0.3))
    ground_band(cv, 600)
    cv.rect(-10, 650, 1210, 810, SAND)
    # district-heat pipes: warm supply and cooler return
    cv.line([(290, 600), (290, 700), (930, 700), (930, 600)], CORAL, 26, caps=False)
    cv.line([(330, 600), (330, 742), (880, 742), (880, 600)], tint(TEAL, 0.2), 26, caps=False)
    for x in (470, 620, 770):
        cv.rect(x - 10, 686, x + 10, 714, mix(CORAL, INK, 0.25), radius=3)
    # block of flats
    cv.rect(150, 170, 520, 600, TEAL, radius=8)
    cv.rect(136, 150, 534, 178, mix(TEAL, INK, 0.4), radius=6)
    windows(cv, 188, 210, 4, 4, 58, 52, 30, lit={0, 3, 5, 6, 9, 12, 14})
    cv.rect(300, 520, 370, 600, mix(TEAL, INK, 0.4), radius=6)
    # detached house
    cv.rect(730, 400, 1060, 600, CORAL)
    cv.poly([(700, 410), (895, 260), (1090, 410)], GREEN)
    windows(cv, 770, 440, 2, 1, 80, 70, 40, lit={0, 1})
    cv.rect(960, 480, 1020, 600, mix(CORAL, INK, 0.35), radius=6)
    tree(cv, 620, 600, 260)
    pine(cv, 1140, 600, 230)


def metro(cv: Canvas, x0: float, y0: float, length: float, height: float, color=CORAL):
    cars = 2
    gap = 14
    car_w = (length - gap) / cars
    for i in range(cars):
        left = x0 + i * (car_w + gap)
        nose = i == cars - 1
        cv.rect(left, y0, left + car_w, y0 + height, color, radius=height * (0.45 if nose else 0.2))
        if not nose:
            cv.rect(left, y0, left + car_w * 0.5, y0 + height, color, radius=height * 0.2)
        wins = 4
        for w in range(wins):
            wx = left + car_w * (0.08 + w * 0.2)
            cv.rect(wx, y0 + height * 0.2, wx + car_w * 0.13, y0 + height * 0.55, SKY, radius=6)
        cv.rect(left, y0 + height * 0.68, left + car_w, y0 + height * 0.76, tint(color, 0.5))
    cv.rect(
        x0 + length - height * 0.35,
        y0 + height * 0.2,
        x0 + length - 6,
        y0 + height * 0.5,
        SKY,
        radius=8,
    )


def theme_mobility(cv: Canvas):
    cloud(cv, 940, 150, 220)
    cloud(cv, 330, 110, 150)
    # viaduct with the metro
    cv.rect(-10, 410, 1210, 434, SLATE)
    for x in (150, 500, 850, 1120):
        cv.rect(x - 18, 434, x + 18, 560, tint(SLATE, 0.45))
    metro(cv, 60, 270, 780, 135)
    # road, bus and bike
    ground_band(cv, 560)
    cv.rect(-10, 610, 1210, 760, tint(INK, 0.15))
    for x in range(20, 1200, 160):
        cv.rect(x, 682, x + 90, 692, OFFWHITE, radius=4)
    icon_bus(cv, 850, 580, 430)
    icon_bike(cv, 260, 612, 270)


def carrot(cv: Canvas, x: float, y: float, length: float, degrees: float):
    """A carrot lying on its side: leafy top at (x, y), tip pointing along `degrees`."""
    with cv.place(x, y, length):
        for dy in (-8, 0, 8):
            cv.line(rotate([(0, 0), (-22, dy * 1.6)], degrees), LEAF, 5)
        cv.poly(rotate([(0, -11), (90, -2), (94, 0), (90, 2), (0, 11)], degrees), "#EE9B45")
        for t in (30, 52, 72):
            cv.line(rotate([(t, -6), (t, -2)], degrees), "#D9822F", 2)


def theme_food(cv: Canvas):
    cv.rect(-10, -10, 1210, 810, tint(SAND, 0.3))
    cx, cy = 600, 400
    cv.circle(cx + 10, cy + 14, 320, tint(INK, 0.85))
    cv.circle(cx, cy, 320, WHITE)
    cv.circle(cx, cy, 250, None, tint(SKY, 0.3), 10)
    # grains
    cv.poly(blob(510, 300, 130, 100, phase=1.0), tint(YELLOW, 0.55))
    for i in range(40):
        gx = 420 + (i * 37) % 180
        gy = 240 + (i * 53) % 120
        cv.ellipse(gx - 9, gy - 5, gx + 9, gy + 5, tint(YELLOW, 0.1))
    # salad leaves and broccoli
    cv.poly(blob(700, 290, 110, 80, phase=2.0), LEAF)
    cv.poly(blob(730, 300, 70, 45, phase=3.2), tint(LEAF, 0.35))
    for bx, by in ((450, 470), (500, 520)):
        cv.rect(bx - 8, by, bx + 8, by + 50, tint(LEAF, 0.4), radius=6)
        for dx, dy, r in ((-26, 0, 26), (24, -4, 26), (0, -22, 30)):
            cv.circle(bx + dx, by + dy, r, GREEN)
    # tomato slices
    for tx, ty in ((620, 520), (690, 480)):
        cv.circle(tx, ty, 46, CORAL)
        cv.circle(tx, ty, 34, tint(CORAL, 0.35))
        for a in range(0, 360, 60):
            cv.circle(*polar(tx, ty, 18, a), 6, tint(YELLOW, 0.3))
    for i in range(3):
        carrot(cv, 470 + i * 50, 600 + i * 10, 150, -20 + i * 4)
    # little fish
    fx, fy = 770, 400
    cv.poly([(fx - 60, fy), (fx - 100, fy - 32), (fx - 100, fy + 32)], TEAL)
    cv.ellipse(fx - 75, fy - 34, fx + 75, fy + 34, TEAL)
    cv.circle(fx + 42, fy - 8, 7, WHITE)
    cv.arc(fx + 10, fy, 30, 300, 60, tint(TEAL, 0.4), 6)
    # fork and knife
    fork_x, knife_x = 190, 1010
    for dx in (-16, 0, 16):
        cv.line([(fork_x + dx, 150), (fork_x + dx, 250)], STONE, 9)
    cv.rect(fork_x - 22, 240, fork_x + 22, 270, STONE, radius=12)
    cv.rect(fork_x - 11, 260, fork_x + 11, 650, STONE, radius=10)
    cv.rect(
        knife_x - 20, 150, knife_x + 16, 400, STONE, radius=18, corners=(True, False, False, False)
    )
    cv.rect(knife_x - 14, 390, knife_x + 16, 650, STONE, radius=12)


def chair(cv: Canvas, x: float, floor: float, h: float, color=BROWN):
    """A wooden chair seen from the front, one leg mended with a yellow splint and tape."""
    with cv.place(x, floor - h / 2, h):
        dark = mix(color, INK, 0.3)
        cv.rect(-30, -50, 30, -44, dark, radius=3)
        for sx in (-26, -8, 10):
            cv.rect(sx, -44, sx + 14, -6, tint(color, 0.15), radius=2)
        cv.rect(-34, -50, -26, 50, dark, radius=3)
        cv.rect(26, -50, 34, 50, dark, radius=3)
        cv.rect(-40, -6, 40, 6, color, radius=3)
        cv.rect(-36, 6, -28, 50, dark, radius=3)
        cv.rect(28, 6, 36, 50, dark, radius=3)
        cv.rect(-32, 26, 32, 30, dark)
        cv.rect(25, 28, 39, 44, YELLOW, radius=2)
        for y in (31, 36, 41):
            cv.line([(24, y), (40, y)], mix(YELLOW, BROWN, 0.5), 1.5, caps=False)


def wrench(cv: Canvas, cx, cy, size, degrees=-45.0, color=SLATE, background=OFFWHITE):
    """A spanner: open jaw at the top, handle downwards, turned by `degrees`."""
    with cv.place(cx, cy, size):
        cv.poly(rotate([(-7, -24), (7, -24), (7, 42), (-7, 42)], degrees), color)
        cv.circle(*rotate([(0, 42)], degrees)[0], 9, color)
        cv.circle(*rotate([(0, -32)], degrees)[0], 20, color)
        cv.poly(rotate([(-7, -56), (7, -56), (7, -32), (-7, -32)], degrees), background)


def theme_consumption(cv: Canvas):
    floor_color = tint(SAND, 0.1)
    ground_band(cv, 640, floor_color)
    cv.circle(600, 360, 250, tint(SKY, 0.45))
    icon_bag(cv, 220, 500, 300, CORAL)
    cv.circle(220, 540, 50, tint(CORAL, 0.6))
    icon_recycle(cv, 220, 540, 78, WHITE, width=12)
    chair(cv, 600, 640, 380)
    wrench(cv, 790, 700, 150, -90, SLATE, floor_color)
    icon_recycle(cv, 970, 380, 360, GREEN, width=12)


def theme_adaptation(cv: Canvas):
    cv.rect(-10, -10, 1210, 470, tint(SKY, 0.25))
    cloud(cv, 300, 90, 360, tint(SLATE, 0.55))
    cloud(cv, 820, 70, 420, tint(SLATE, 0.45))
    rain(cv, (60, 170, 1200, 440), TEAL, step=70, width=6)
    # street, rain garden, pavement
    cv.rect(-10, 470, 1210, 560, tint(SAND, 0.1))
    cv.rect(-10, 560, 1210, 580, STONE)
    cv.rect(-10, 580, 1210, 810, tint(INK, 0.2))
    for x in range(40, 1200, 170):
        cv.rect(x, 690, x + 100, 702, OFFWHITE, radius=5)
    cv.rect(160, 470, 1040, 560, tint(BROWN, 0.55), radius=20)
    cv.ellipse(260, 500, 940, 556, tint(TEAL, 0.35))
    for i, x in enumerate(range(200, 1020, 70)):
        h = 50 + (i * 17) % 30
        cv.line([(x, 510), (x - 14, 510 - h)], LEAF, 8)
        cv.line([(x, 510), (x + 12, 510 - h * 0.8)], GREEN, 8)
        if i % 3 == 1:
            cv.circle(x + 12, 510 - h * 0.8, 12, CORAL)
    for x in (80, 600, 1120):
        cv.ellipse(x - 150, 460, x + 150, 500, tint(GREEN, 0.55))
        tree(cv, x, 480, 380, GREEN if x == 600 else LEAF)
    for x in (420, 780):
        arrow(cv, [(x, 620), (x, 575)], WHITE, 8, head=22)


def skyline(cv: Canvas, base: float):
    blocks = [
        (40, 180, 160, TEAL),
        (190, 250, 260, tint(TEAL, 0.35)),
        (270, 330, 330, GREEN),
        (350, 470, 210, tint(GREEN, 0.3)),
        (490, 560, 380, TEAL),
        (580, 700, 240, tint(TEAL, 0.45)),
        (720, 800, 300, GREEN),
        (820, 940, 180, tint(SLATE, 0.3)),
        (960, 1040, 280, tint(GREEN, 0.35)),
        (1060, 1160, 200, TEAL),
    ]
    for x0, x1, tall, color in blocks:
        h = tall * 0.75
        cv.rect(x0, base - h, x1, base, color, radius=6)
        for wy in range(int(base - h + 30), int(base - 30), 44):
            for wx in range(int(x0 + 18), int(x1 - 30), 34):
                cv.rect(wx, wy, wx + 16, wy + 20, tint(SKY, 0.2), radius=3)
    for x in (175, 340, 710, 950, 1180):
        tree(cv, x, base, 130, LEAF)


def flag(cv: Canvas, x: float, foot: float, h: float, label: str, color=YELLOW):
    cv.rect(x - 6, foot - h, x + 6, foot, INK, radius=5)
    cv.circle(x, foot - h, 12, INK)
    w = h * 0.95
    cv.poly(
        [
            (x + 6, foot - h + 10),
            (x + w, foot - h + 10),
            (x + w - 36, foot - h + 70),
            (x + w, foot - h + 130),
            (x + 6, foot - h + 130),
        ],
        color,
    )
    cv.text(x + 6 + (w - 40) / 2, foot - h + 70, label, h * 0.22, INK)


def theme_espoo_2030(cv: Canvas):
    ground_band(cv, 700, tint(LEAF, 0.4))
    skyline(cv, 700)
    pts = [(90, 110), (330, 170), (560, 205), (760, 270)]
    cv.line(pts, CORAL, 16)
    target = (910, 345)
    dashed_line(cv, pts[-1], target, CORAL, 14, dash=30, gap=20)
    for p in pts:
        cv.circle(*p, 20, CORAL)
        cv.circle(*p, 9, OFFWHITE)
    flag(cv, target[0], target[1], 260, "2030", YELLOW)
    cv.circle(*target, 20, INK)


# --- station pictures (1600 x 1000) --------------------------------------------------------------
def ground_y(cx: float, cy: float, r: float, x: float) -> float:
    """Height of the top of a big circle (a curved horizon) at x."""
    return cy - math.sqrt(r**2 - (x - cx) ** 2)


def station_greenhouse_effect(cv: Canvas):
    ecx, ecy, er = 800, 3000, 2180
    gas_in, gas_out = er + 470, er + 560
    cv.circle(ecx, ecy, gas_out, tint(TEAL, 0.55))
    cv.circle(ecx, ecy, gas_in, tint(SKY, 0.35))
    for i in range(11):
        molecule(cv, *polar(ecx, ecy, (gas_in + gas_out) / 2, -108 + i * 3.6), 66, GREEN)
    cv.circle(ecx, ecy, er, LEAF)
    cv.circle(ecx, ecy, er - 40, tint(LEAF, 0.3))

    def ground(x: float) -> float:
        return ground_y(ecx, ecy, er, x)

    def layer(x: float) -> float:
        return ground_y(ecx, ecy, gas_in, x)

    for x, h in ((120, 150), (240, 110), (1330, 140), (1480, 120)):
        pine(cv, x, ground(x) + 14, h, GREEN)
    icon_house(cv, 1200, ground(1200) - 36, 110, CORAL)
    sx, sy = 150, 115
    sun(cv, sx, sy, 72)
    for angle, ex in ((30, 640), (52, 450), (74, 280)):
        arrow(cv, [polar(sx, sy, 128, angle), (ex, ground(ex) - 12)], YELLOW, 18)
    # heat from the ground: one ray escapes, two are sent back down by the gas layer
    wavy_arrow(cv, (1030, ground(1030) - 10), (1130, 40), CORAL, 16)
    for x in (660, 860):
        peak = x + 60
        wavy_arrow(cv, (x, ground(x) - 10), (peak, layer(peak) + 6), CORAL, 16)
        back = mix(CORAL, "#B03A2E", 0.4)
        wavy_arrow(cv, (peak + 14, layer(peak) + 20), (x + 130, ground(x + 130) - 14), back, 16)


def station_average_footprint(cv: Canvas):
    cx, cy, r_out, r_in = 800, 500, 340, 185
    shares = [
        (29, CORAL, icon_car),
        (20, TEAL, icon_house),
        (18, GREEN, icon_plate),
        (33, YELLOW, icon_bag),
    ]
    start = -90.0
    for pct, color, icon in shares:
        end = start + 360 * pct / 100
        mid = (start + end) / 2
        cv.pie(cx, cy, r_out, start, end, color)
        ix, iy = polar(cx, cy, r_out + 125, mid)
        cv.circle(ix, iy, 84, tint(color, 0.7))
        icon(cv, ix, iy, 124, mix(color, INK, 0.15))
        start = end
    for i in range(4):
        a = -90 + 360 * sum(s[0] for s in shares[:i]) / 100
        cv.line([(cx, cy), polar(cx, cy, r_out + 4, a)], OFFWHITE, 12, caps=False)
    cv.circle(cx, cy, r_in, OFFWHITE)
    icon_person(cv, cx, cy, 200, INK)
    start = -90.0
    for pct, color, _ in shares:
        end = start + 360 * pct / 100
        lx, ly = polar(cx, cy, (r_out + r_in) / 2, (start + end) / 2)
        cv.text(lx, ly, f"{pct}{NNBSP}%", 72, INK if color == YELLOW else WHITE)
        start = end


def station_district_heat(cv: Canvas):
    unit_caption(cv, 120, 90, f"g CO{SUB2}/kWh", 54)
    # Network averages by the benefit allocation method only: the 2018 figure (for customers
    # other than Ekolämpö, by an older method) is not comparable and is not drawn.
    values = [
        (2020, 146, "146"),
        (2021, 118, "118"),
        (2022, 146, "146"),
        (2023, 107.8, "108"),  # no decimal sign, which differs between fi/sv and en
    ]
    bars = [Bar(v, label, CORAL if year < 2023 else GREEN, str(year)) for year, v, label in values]
    bar_chart(cv, (180, 230, 1460, 860), bars, 160)
    # a radiator: heat at home
    with cv.place(1400, 120, 150):
        for i in range(5):
            cv.rect(-46 + i * 19, -30, -32 + i * 19, 34, TEAL, radius=6)
        cv.rect(-48, 24, 48, 32, TEAL, radius=3)
        for x in (-26, 0, 26):
            wavy_arrow(cv, (x, -34), (x, -70), CORAL, 5, waves=1.0, amp=4)


def wind_turbine(cv: Canvas, x: float, hub_y: float, ground: float, blade: float, color: str):
    top, foot, w = blade * 0.05, blade * 0.1, blade * 0.05
    cv.poly([(x - top, hub_y), (x + top, hub_y), (x + foot, ground), (x - foot, ground)], color)
    for a in (-90, 30, 150):
        shape = [(0, -w), (blade * 0.25, -w * 1.4), (blade, -w * 0.2), (blade, w * 0.4), (0, w)]
        cv.poly([(x + px, hub_y + py) for px, py in rotate(shape, a)], color)
    cv.circle(x, hub_y, blade * 0.09, SLATE)


def solar_panel(cv: Canvas, x0: float, x1: float, top: float, bottom: float, ground: float):
    mid = (x0 + x1) / 2
    cv.rect(mid - 6, bottom, mid + 6, ground, SLATE)
    inset = (x1 - x0) * 0.12
    cv.poly([(x0, bottom), (x1, bottom), (x1 - inset, top), (x0 + inset, top)], TEAL)
    for i in range(1, 4):
        xb = x0 + (x1 - x0) * i / 4
        xt = x0 + inset + (x1 - x0 - 2 * inset) * i / 4
        cv.line([(xb, bottom), (xt, top)], tint(TEAL, 0.5), 3, caps=False)
    cv.line(
        [(x0 + inset / 2, (top + bottom) / 2), (x1 - inset / 2, (top + bottom) / 2)],
        tint(TEAL, 0.5),
        3,
        caps=False,
    )


def plug_and_socket(cv: Canvas, x: float, y: float, size: float):
    """A wall socket at (x, y) with a plug pushed into it from the right."""
    with cv.place(x, y, size):
        cv.rect(-18, -40, 22, 40, WHITE, radius=8, outline=STONE, width=2)
        cv.circle(2, -14, 5, INK)
        cv.circle(2, 14, 5, INK)
        cv.rect(14, -20, 30, -10, STONE, radius=2)
        cv.rect(14, 10, 30, 20, STONE, radius=2)
        cv.rect(28, -30, 72, 30, SLATE, radius=12)
        cv.rect(70, -8, 86, 8, SLATE, radius=3)


def station_home_electricity(cv: Canvas):
    ground_band(cv, 800)
    sun(cv, 700, 170, 70)
    cloud(cv, 1040, 130, 230)
    wind_turbine(cv, 1300, 250, 800, 210, tint(SLATE, 0.6))
    solar_panel(cv, 880, 1130, 590, 700, 800)
    # house
    cv.rect(180, 480, 600, 800, CORAL)
    cv.poly([(140, 500), (390, 300), (640, 500)], GREEN)
    windows(cv, 230, 540, 2, 1, 110, 90, 40, lit={0, 1})
    cv.rect(470, 640, 550, 800, mix(CORAL, INK, 0.35), radius=8)
    icon_bolt(cv, 390, 415, 90, YELLOW)
    # the cable from the turbine and the panel ends in a plug in the house's socket
    cv.line([(1300, 790), (1300, 880), (1005, 880)], INK, 10, caps=False)
    cv.line([(1005, 800), (1005, 900), (780, 900), (780, 700), (700, 700)], INK, 10, caps=False)
    plug_and_socket(cv, 620, 700, 120)


def station_heat_pump(cv: Canvas):
    wall_x0, wall_x1 = 860, 950
    # outside: cold air, snow
    cv.rect(-10, -10, wall_x0, 1010, tint(SKY, 0.1))
    cv.rect(-10, 850, wall_x0, 1010, WHITE)
    for i in range(14):
        fx, fy = 60 + (i * 131) % 740, 60 + (i * 89) % 420
        for a in (0, 60, 120):
            cv.line([polar(fx, fy, 14, a), polar(fx, fy, 14, a + 180)], WHITE, 5)
    pine(cv, 140, 850, 330, GREEN)
    # inside: a warm room
    cv.rect(wall_x1, -10, 1610, 1010, tint(YELLOW, 0.72))
    cv.rect(wall_x1, 880, 1610, 1010, tint(BROWN, 0.5))
    cv.rect(wall_x0, -10, wall_x1, 1010, CORAL)
    for y in range(40, 1000, 70):
        cv.line([(wall_x0, y), (wall_x1, y)], mix(CORAL, INK, 0.2), 4, caps=False)
    # outdoor unit on wall brackets
    ux0, uy0, ux1, uy1 = 470, 560, 820, 800
    for bx in (540, 750):
        cv.line([(bx, uy1 + 8), (wall_x0, uy1 + 8)], SLATE, 12, caps=False)
    cv.line([(640, uy1 + 8), (wall_x0, uy1 + 90)], SLATE, 10, caps=False)
    cv.rect(ux0 + 40, uy1, ux0 + 60, uy1 + 20, SLATE)
    cv.rect(ux1 - 60, uy1, ux1 - 40, uy1 + 20, SLATE)
    cv.rect(ux0, uy0, ux1, uy1, WHITE, radius=18, outline=STONE, width=4)
    cv.circle(600, 680, 92, tint(SLATE, 0.6))
    for r in (80, 56, 32):
        cv.circle(600, 680, r, None, SLATE, 5)
    cv.circle(600, 680, 12, SLATE)
    for y in (600, 640, 680, 720, 760):
        cv.line([(720, y), (790, y)], STONE, 8)
    for y in (580, 780):
        wavy_arrow(cv, (180, y - 60), (440, y - 60 + (680 - y) * 0.3), TEAL, 14)
    # pipes through the wall to the indoor unit
    cv.line([(ux1, 620), (1010, 620), (1010, 300)], SLATE, 12)
    cv.rect(1000, 180, 1500, 320, WHITE, radius=30, outline=STONE, width=4)
    cv.rect(1030, 280, 1470, 296, tint(SLATE, 0.5), radius=8)
    cv.circle(1450, 220, 8, LEAF)
    for x in (1100, 1250, 1400):
        wavy_arrow(cv, (x, 330), (x - 60, 640), CORAL, 16)
    icon_sofa(cv, 1290, 800, 380, TEAL)


def station_public_transport(cv: Canvas):
    end = unit_caption(cv, 120, 90, f"g CO{SUB2}e /", 54)
    icon_person(cv, end + 40, 92, 56, SLATE)
    cv.text(end + 80, 90, "km", 54, SLATE, anchor="lm")

    def with_year(icon, year: str):
        def below(c, x, y, size):
            icon(c, x, y, size)
            c.text(x, y + size * 0.62, year, 40, SLATE)

        return below

    bars = [
        Bar(99, "99", CORAL, with_year(lambda c, x, y, s: icon_car(c, x, y, s, CORAL), "2011")),
        # a diesel bus: the 73 g figure is from about 2010, before the e-buses
        Bar(
            73, "73", TEAL, with_year(lambda c, x, y, s: icon_bus(c, x, y, s, TEAL, False), "2010")
        ),
        Bar(0, "0", GREEN, lambda c, x, y, s: icon_train(c, x, y + 12, s, GREEN)),
    ]
    bar_chart(cv, (260, 260, 1340, 760), bars, 99)


def bezier(p0: Point, p1: Point, p2: Point, steps: int = 40) -> list[Point]:
    """Points on a quadratic Bézier curve (a hanging cable)."""
    pts = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t**2
        pts.append((a * p0[0] + b * p1[0] + c * p2[0], a * p0[1] + b * p1[1] + c * p2[1]))
    return pts


def station_car_choices(cv: Canvas):
    ground_band(cv, 760)
    cv.rect(-10, 800, 1610, 1010, tint(INK, 0.15))
    cloud(cv, 700, 160, 260)
    pine(cv, 120, 760, 360)
    tree(cv, 1460, 760, 420)
    # charging post
    cv.rect(330, 380, 470, 800, TEAL, radius=24)
    cv.rect(355, 420, 445, 500, SKY, radius=10)
    icon_bolt(cv, 400, 590, 110, YELLOW)
    cv.rect(462, 640, 490, 680, mix(TEAL, INK, 0.4), radius=6)
    # electric car with its cable plugged in at the rear
    icon_car(cv, 850, 690, 620, GREEN)
    cv.line(bezier((488, 660), (520, 900), (590, 690)), INK, 12)
    cv.rect(578, 672, 612, 712, SLATE, radius=6)
    icon_bike(cv, 1370, 740, 320, CORAL)


def flight_path(cv: Canvas, cx: float, cy: float, width: float):
    """Two airports joined by a dashed arc with a plane on top: a longer arc, a longer flight."""
    x0, x1 = cx - width / 2, cx + width / 2
    rise = 30 + width * 0.1
    r = (width**2 / 4 + rise**2) / (2 * rise)
    mid_y = cy - rise + r
    a0 = math.degrees(math.atan2(cy - mid_y, x0 - cx))
    a1 = math.degrees(math.atan2(cy - mid_y, x1 - cx))
    steps = max(5, round(width / 30)) | 1
    for i in range(0, steps, 2):
        s, e = a0 + (a1 - a0) * i / steps, a0 + (a1 - a0) * (i + 1) / steps
        cv.arc(cx, mid_y, r, s, e, SLATE, 7)
    cv.circle(x0, cy, 13, INK)
    cv.circle(x1, cy, 13, INK)
    cv.circle(cx, cy - rise, 50, OFFWHITE)
    icon_plane(cv, cx, cy - rise, 96, TEAL)


def station_flights(cv: Canvas):
    """The average Finn's car travel and flights in 2018 (Sitra): kg CO₂e a year."""
    unit_caption(cv, 120, 90, f"kg CO{SUB2}e", 54)
    bars = [
        Bar(2240, f"{num(2240)}{NNBSP}kg", CORAL, lambda c, x, y, s: icon_car(c, x, y, s, CORAL)),
        Bar(630, f"630{NNBSP}kg", TEAL, lambda c, x, y, s: icon_plane(c, x, y, s, TEAL)),
    ]
    bar_chart(cv, (300, 230, 1300, 770), bars, 2240)


def station_food_footprint(cv: Canvas):
    unit_caption(cv, 120, 90, f"kg CO{SUB2}e", 54)
    bars = [
        Bar(560, f"560{NNBSP}kg", CORAL, lambda c, x, y, s: icon_steak(c, x, y, s * 1.05)),
        Bar(340, f"340{NNBSP}kg", YELLOW, lambda c, x, y, s: icon_cheese(c, x, y, s)),
        Bar(290, f"290{NNBSP}kg", TEAL, lambda c, x, y, s: icon_milk(c, x, y, s * 0.95)),
    ]
    bar_chart(cv, (260, 230, 1340, 780), bars, 560)


def bowl_food(cv: Canvas, cx: float, cy: float, rx: float, ry: float):
    """Plant-based food filling a bowl whose opening is the ellipse (cx, cy, rx, ry)."""
    cv.ellipse(cx - rx, cy - ry, cx + rx, cy + ry, tint(YELLOW, 0.55))

    def at(u: float, v: float) -> Point:
        return cx + u * rx, cy + v * ry

    # quinoa (left middle)
    for i in range(48):
        gx, gy = at(-0.86 + (i % 8) * 0.075 + (i // 8 % 2) * 0.03, -0.05 + (i // 8) * 0.13)
        if (gx - cx) ** 2 / rx**2 + (gy - cy) ** 2 / ry**2 < 0.85:
            cv.ellipse(gx - 10, gy - 6, gx + 10, gy + 6, tint(YELLOW, 0.1))
    # leafy greens heaped at the back
    cv.poly(blob(*at(0.02, -0.42), rx * 0.36, ry * 0.5, phase=1.1), GREEN)
    cv.poly(blob(*at(-0.08, -0.72), rx * 0.2, ry * 0.32, phase=2.9), LEAF)
    cv.poly(blob(*at(0.14, -0.5), rx * 0.22, ry * 0.3, phase=2.3), LEAF)
    # cherry tomatoes (back left)
    for u, v in ((-0.5, -0.45), (-0.33, -0.62), (-0.62, -0.15)):
        tx, ty = at(u, v)
        cv.circle(tx, ty, 46, CORAL)
        cv.circle(tx - 14, ty - 14, 11, tint(CORAL, 0.5))
    # chickpeas (right)
    for i in range(14):
        px, py = at(0.38 + (i % 5) * 0.09, -0.42 + (i // 5) * 0.26)
        cv.circle(px, py, 24, "#E3B873")
        cv.circle(px - 7, py - 7, 7, tint(YELLOW, 0.6))
    # avocado slices (front)
    for i in range(5):
        ax, ay = at(-0.16 + i * 0.13, 0.5)
        cv.ellipse(ax - 38, ay - 70, ax + 38, ay + 70, GREEN)
        cv.ellipse(ax - 28, ay - 60, ax + 28, ay + 58, tint(LEAF, 0.35))
    # carrot sticks (front left) and radish slices (front right)
    for i in range(5):
        x, y = at(-0.5 + i * 0.07, 0.5)
        pts = rotate([(-10, -50), (10, -50), (10, 50), (-10, 50)], 35)
        cv.poly([(x + px, y + py) for px, py in pts], "#EE9B45")
    for u, v in ((0.62, 0.4), (0.74, 0.12), (0.5, 0.66)):
        rx_, ry_ = at(u, v)
        cv.ellipse(rx_ - 40, ry_ - 26, rx_ + 40, ry_ + 26, CORAL)
        cv.ellipse(rx_ - 30, ry_ - 18, rx_ + 30, ry_ + 18, WHITE)


def bowl(cv: Canvas, cx: float, cy: float, rx: float, depth: float, color: str):
    """A bowl seen slightly from above: foot and body; the caller draws the rim and food."""
    foot = rx * 0.28
    cv.rect(cx - foot, cy + depth - 30, cx + foot, cy + depth + 20, mix(color, INK, 0.2), radius=14)
    arc = [(math.pi * i / 60) for i in range(61)]
    cv.poly([(cx + rx * math.cos(a), cy + depth * math.sin(a)) for a in arc], color)


def station_plant_based(cv: Canvas):
    cv.rect(-10, 700, 1610, 1010, tint(SAND, 0.2))
    cv.circle(800, 470, 440, tint(SKY, 0.45))
    cx, cy, rx, ry = 800, 450, 480, 210
    cv.ellipse(cx - 300, 745, cx + 300, 795, tint(INK, 0.8))
    bowl(cv, cx, cy, rx, 300, TEAL)
    cv.ellipse(cx - rx, cy - ry, cx + rx, cy + ry, mix(TEAL, INK, 0.25))
    bowl_food(cv, cx, cy + 6, rx - 26, ry - 22)


def station_goods_and_services(cv: Canvas):
    unit_caption(cv, 120, 90, f"kg CO{SUB2}e", 54)
    bars = [
        Bar(
            1690,
            f"{num(1690)}{NNBSP}kg",
            CORAL,
            lambda c, x, y, s: icon_ticket(c, x, y, s * 1.15, CORAL),
        ),
        Bar(
            1140,
            f"{num(1140)}{NNBSP}kg",
            TEAL,
            lambda c, x, y, s: icon_sofa(c, x, y, s * 1.2, TEAL),
        ),
    ]
    bar_chart(cv, (300, 230, 1300, 780), bars, 1690)


def jacket(cv: Canvas, cx, cy, size, color=CORAL):
    with cv.place(cx, cy, size):
        dark = mix(color, INK, 0.25)
        cv.poly([(-30, -40), (-48, -20), (-50, 40), (-36, 40), (-32, -6)], dark)
        cv.poly([(30, -40), (48, -20), (50, 40), (36, 40), (32, -6)], dark)
        cv.rect(-32, -40, 32, 46, color, radius=6)
        cv.poly([(-14, -42), (0, -20), (14, -42)], tint(color, 0.6))
        cv.line([(0, -20), (0, 44)], dark, 3, caps=False)
        cv.rect(-26, 14, -10, 22, dark, radius=2)
        cv.rect(10, 14, 26, 22, dark, radius=2)


def phone(cv: Canvas, cx, cy, size, color=INK):
    with cv.place(cx, cy, size):
        cv.rect(-26, -48, 26, 48, color, radius=10)
        cv.rect(-21, -38, 21, 34, SKY, radius=4)
        cv.circle(0, 41, 4, STONE)
        cv.rect(-14, -28, 14, -20, tint(TEAL, 0.3), radius=2)
        cv.rect(-14, -14, 6, -8, tint(TEAL, 0.4), radius=2)


def station_circular_economy(cv: Canvas):
    cx, cy, r = 800, 520, 330
    cv.circle(cx, cy, r + 60, tint(SKY, 0.5))
    items = [(-90, icon_bike, CORAL), (30, jacket, CORAL), (150, phone, INK)]
    for a, _, _ in items:
        arc_arrow(cv, cx, cy, r, a + 26, a + 94, GREEN, 26, head=64)
    for a, draw_item, color in items:
        ix, iy = polar(cx, cy, r, a)
        cv.circle(ix, iy, 135, WHITE)
        draw_item(cv, ix, iy, 200, color)
    wrench(cv, cx, cy, 220, -45, TEAL, tint(SKY, 0.5))


def house_green_roof(cv: Canvas, x0: float, x1: float, ground: float):
    """A house whose roof is covered with a thick layer of plants."""
    top = ground - 330
    mid = (x0 + x1) / 2
    cv.rect(x0, top, x1, ground, tint(CORAL, 0.1))
    windows(cv, x0 + 60, top + 80, 1, 1, 130, 110, 0, lit={0})
    windows(cv, x1 - 190, top + 80, 1, 1, 130, 110, 0, lit={0})
    cv.rect(mid - 45, ground - 180, mid + 45, ground, mix(CORAL, INK, 0.35), radius=6)
    cv.poly([(x0 - 50, top + 10), (mid, top - 150), (x1 + 50, top + 10)], SLATE)
    # soil and plant layer along both slopes
    cv.poly(
        [
            (x0 - 60, top - 14),
            (mid, top - 196),
            (x1 + 60, top - 14),
            (x1 + 50, top + 10),
            (mid, top - 150),
            (x0 - 50, top + 10),
        ],
        tint(BROWN, 0.2),
    )
    for i in range(17):
        t = (i + 0.5) / 17
        x = x0 - 55 + (x1 - x0 + 110) * t
        y = top - 18 - 180 * (1 - abs(2 * t - 1))
        cv.circle(x, y, 26, GREEN if i % 2 else LEAF)
        if i % 3 == 1:
            cv.circle(x + 4, y - 22, 10, YELLOW)


def rain_barrel(cv: Canvas, cx: float, ground: float):
    cv.rect(cx - 90, ground - 250, cx + 90, ground, TEAL, radius=24)
    for y in (ground - 200, ground - 60):
        cv.rect(cx - 94, y, cx + 94, y + 16, mix(TEAL, INK, 0.35), radius=6)
    cv.ellipse(cx - 90, ground - 272, cx + 90, ground - 228, mix(TEAL, INK, 0.35))
    cv.ellipse(cx - 72, ground - 264, cx + 72, ground - 236, tint(SKY, 0.1))
    cv.rect(cx + 60, ground - 60, cx + 110, ground - 44, SLATE, radius=4)


def station_adapting_espoo(cv: Canvas):
    cv.rect(-10, -10, 1610, 860, tint(SKY, 0.3))
    cloud(cv, 520, 230, 480, tint(SLATE, 0.5))
    cloud(cv, 1120, 210, 420, tint(SLATE, 0.4))
    rain(cv, (180, 350, 1500, 500), TEAL, step=80, width=8)
    ground_band(cv, 860, tint(LEAF, 0.35))
    house_green_roof(cv, 300, 900, 860)
    # gutter at the eaves and a downpipe into the barrel
    cv.line([(930, 548), (1030, 548), (1030, 610)], SLATE, 18)
    rain_barrel(cv, 1060, 860)
    tree(cv, 1380, 860, 420, GREEN)
    for i, x in enumerate(range(90, 1600, 210)):
        grass_tuft(cv, x, 930 + (i % 2) * 30, 40 + (i * 7) % 14)


def progress_row(cv: Canvas, y: float, icon, color: str, share: float):
    cv.circle(300, y, 42, tint(color, 0.7))
    icon(cv, 300, y, 58, color)
    cv.rect(370, y - 18, 930, y + 18, tint(STONE, 0.6), radius=18)
    cv.rect(370, y - 18, 370 + 560 * share, y + 18, color, radius=18)


def station_climate_watch(cv: Canvas):
    cv.rect(150, 80, 1450, 900, INK, radius=40)
    cv.rect(190, 120, 1410, 860, OFFWHITE, radius=16)
    cv.rect(190, 120, 1410, 200, TEAL, radius=16, corners=(True, True, False, False))
    for i in range(3):
        cv.circle(240 + i * 40, 160, 11, tint(TEAL, 0.5))
    rows = [
        (icon_bolt, YELLOW, 0.8),
        (icon_bus, TEAL, 0.55),
        (icon_crane, CORAL, 0.4),
        (icon_recycle, GREEN, 0.65),
        (icon_drop, TEAL, 0.3),
    ]
    for i, (icon, color, share) in enumerate(rows):
        progress_row(cv, 280 + i * 125, icon, mix(color, INK, 0.1), share)
    # ring gauge of actions under way
    gx, gy = 1170, 390
    cv.arc(gx, gy, 135, 0, 360, tint(STONE, 0.6), 46)
    cv.arc(gx, gy, 135, -90, 160, GREEN, 46)
    cv.arc(gx, gy, 135, 160, 215, YELLOW, 46)
    cv.circle(gx, gy, 40, tint(GREEN, 0.6))
    # magnifier
    mx, my = 1170, 710
    handle = rotate([(-22, 120), (22, 120), (22, 300), (-22, 300)], -40)
    cv.poly([(mx + x, my + y) for x, y in handle], INK)
    cv.circle(mx, my, 130, INK)
    cv.circle(mx, my, 104, tint(SKY, 0.2))
    cv.arc(mx, my, 72, 200, 260, WHITE, 14, caps=True)


def station_emissions_trend(cv: Canvas):
    """Emissions within Espoo as a share of 1990: whole per cents, so no decimal sign. The 2030
    bar is the −80 % goal; the dashed box above it is the 20 % absorbed in sinks or offset."""
    unit_caption(cv, 120, 90, "% 1990", 54)
    x0, x1, y0, y1 = 220, 1380, 260, 820
    values = [(1990, 100, CORAL), (2023, 70, CORAL), (2024, 67, CORAL), (2030, 20, GREEN)]
    bars = [
        Bar(v, f"{v}{NNBSP}%" if year < 2030 else "", color, str(year)) for year, v, color in values
    ]
    slots = [0.1, 0.42, 0.62, 0.9]
    bar_chart(cv, (x0, y0, x1, y1), bars, 100, slots=slots)
    # the 20 % the goal leaves: absorbed in carbon sinks or offset, drawn dashed above the bar
    cx = x0 + (x1 - x0) * slots[-1]
    w = min(220.0, (x1 - x0) / 4 * 0.55) / 2
    top_goal = y1 - (y1 - y0) * 0.20
    top_sink = y1 - (y1 - y0) * 0.40
    for x in (cx - w, cx + w):
        dashed_line(cv, (x, top_goal), (x, top_sink), GREEN, 6, dash=18, gap=12)
    dashed_line(cv, (cx - w, top_sink), (cx + w, top_sink), GREEN, 6, dash=18, gap=12)
    tree(cv, cx, top_goal - 14, (top_goal - top_sink) * 0.75, LEAF)
    cv.text(cx, top_sink - 26, f"20{NNBSP}%", 68, INK, anchor="ms")


def station_eu_mission(cv: Canvas):
    cx, cy = 800, 500
    cv.circle(cx, cy, 440, tint(TEAL, 0.15))
    for i in range(12):
        cv.poly(star_points(*polar(cx, cy, 360, -90 + i * 30), 40), YELLOW)
    cv.circle(cx, cy, 290, tint(SKY, 0.15))
    with cv.place(cx, cy, 580):
        horizon = 20
        start = math.degrees(math.asin(horizon / 50))
        arc = [polar(0, 0, 50, start + (180 - 2 * start) * i / 40) for i in range(41)]
        cv.poly(arc, tint(LEAF, 0.3))
        blocks = [
            (-36, -24, 30, TEAL),
            (-20, -8, 46, GREEN),
            (-4, 8, 26, tint(TEAL, 0.3)),
            (12, 24, 38, tint(GREEN, 0.3)),
            (28, 38, 22, TEAL),
        ]
        for bx0, bx1, h, color in blocks:
            cv.rect(bx0, horizon - h, bx1, horizon, color, radius=1.5)
            for wy in range(int(horizon + 3 - h), horizon - 4, 5):
                for wx in range(int(bx0 + 3), int(bx1 - 3), 5):
                    cv.rect(wx, wy, wx + 2.5, wy + 2.5, tint(SKY, 0.1), radius=0.5)
        tree(cv, -40, horizon, 16, LEAF)
        tree(cv, 42, horizon, 14, LEAF)
        wind_turbine(cv, 2, -36, -24, 9, WHITE)


# --- station pictures of what Espoo and its partners do ------------------------------------------
def block_of_flats(cv: Canvas, x0: float, ground: float, w: float, h: float, color=TEAL):
    cv.rect(x0, ground - h, x0 + w, ground, color, radius=10)
    cols, rows = 3, max(2, int(h // 110))
    win_w = w / (cols * 1.6)
    windows(cv, x0 + win_w * 0.45, ground - h + 40, cols, rows, win_w, 56, win_w * 0.55, {1, 4, 6})


def station_words_of_climate_work(cv: Canvas):
    """Three words, three pictures: CO₂e (a molecule), carbon neutrality (emissions and a
    forest in balance), emission factor (a gauge)."""
    for cx in (300, 800, 1300):
        cv.circle(cx, 470, 230, tint(SKY, 0.35))
    molecule(cv, 300, 470, 300, SLATE)
    cv.text(300, 800, f"CO{SUB2}e", 72, INK)
    # a balance: a cloud of emissions against a tree
    cv.poly([(800, 560), (770, 620), (830, 620)], INK)
    cv.line([(650, 540), (950, 540)], INK, 10)
    cloud(cv, 680, 470, 150, tint(SLATE, 0.45))
    tree(cv, 920, 530, 170, LEAF)
    cv.text(800, 800, "= 0", 72, INK)
    # a gauge
    cv.arc(1300, 520, 150, 180, 360, tint(STONE, 0.5), 36)
    cv.arc(1300, 520, 150, 180, 250, GREEN, 36)
    cv.arc(1300, 520, 150, 250, 300, YELLOW, 36)
    cv.arc(1300, 520, 150, 300, 360, CORAL, 36)
    cv.line([(1300, 520), polar(1300, 520, 130, 235)], INK, 14)
    cv.circle(1300, 520, 22, INK)
    cv.text(1300, 800, "g/kWh", 64, INK)


def station_footprint_falling(cv: Canvas):
    unit_caption(cv, 120, 90, f"kg CO{SUB2}e", 54)
    bars = [
        Bar(10300, f"{num(10300)}{NNBSP}kg", CORAL, "2018"),
        Bar(9610, f"{num(9610)}{NNBSP}kg", GREEN, "2023"),
    ]
    bar_chart(cv, (300, 230, 1300, 800), bars, 10300)
    arrow(cv, [(720, 250), (880, 300)], SLATE, 10)


def station_suomenoja_heat_pumps(cv: Canvas):
    cv.rect(-10, -10, 1610, 640, tint(SKY, 0.3))
    ground_band(cv, 640, tint(LEAF, 0.35))
    # the sea, bottom right, where the cooled water goes
    cv.poly([(980, 1010), (1080, 820), (1610, 800), (1610, 1010)], tint(TEAL, 0.3))
    for x in range(1140, 1600, 150):
        cv.arc(x, 880, 45, 200, 340, tint(SKY, 0.2), 8)
    # the treatment plant: two round basins
    for cx in (150, 360):
        cv.ellipse(cx - 110, 560, cx + 110, 640, SLATE)
        cv.ellipse(cx - 96, 570, cx + 96, 628, tint(TEAL, 0.2))
    # treated water through the heat pump and out to sea, about five degrees cooler
    cv.line([(460, 600), (620, 600)], TEAL, 26)
    cv.rect(620, 470, 900, 660, CORAL, radius=24)
    for i in range(4):
        cv.rect(650 + i * 60, 500, 690 + i * 60, 560, tint(CORAL, 0.5), radius=8)
    cv.circle(760, 610, 30, tint(CORAL, 0.5))
    arrow(cv, [(900, 620), (1040, 720), (1160, 860)], TEAL, 26, head=60)
    # hot district heat to the blocks of flats
    arrow(cv, [(760, 470), (760, 330), (1150, 330)], CORAL, 26, head=60)
    block_of_flats(cv, 1200, 640, 170, 420, TEAL)
    block_of_flats(cv, 1400, 640, 160, 330, GREEN)


def station_coal_free_heat(cv: Canvas):
    unit_caption(cv, 120, 90, "%", 54)
    bars = [
        Bar(28, f"28{NNBSP}%", CORAL, "2019"),
        Bar(40, f">{NNBSP}40{NNBSP}%", YELLOW, "2020"),
        Bar(63.3, f"63{NNBSP}%", GREEN, "2023"),  # whole per cents: no decimal sign
    ]
    bar_chart(cv, (260, 230, 1280, 800), bars, 70)
    # no more coal: a lump of coal crossed out
    with cv.place(1420, 200, 220):
        cv.poly(blob(0, 0, 34, 28, phase=0.7), INK)
        cv.circle(0, 0, 46, None, CORAL, 8)
        cv.line([(-32, 32), (32, -32)], CORAL, 8)


def station_energy_wise_housing(cv: Canvas):
    cv.rect(-10, -10, 1610, 1010, tint(SAND, 0.4))
    cv.rect(-10, 820, 1610, 1010, tint(STONE, 0.5))
    # the notice board with a poster: a lamp and a thermometer
    cv.rect(560, 160, 1040, 560, BROWN, radius=18)
    cv.rect(590, 190, 1010, 530, OFFWHITE, radius=10)
    cv.circle(720, 320, 60, YELLOW)
    cv.rect(695, 380, 745, 430, SLATE, radius=6)
    cv.rect(880, 240, 910, 430, WHITE, radius=14, outline=SLATE, width=4)
    cv.rect(886, 330, 904, 430, CORAL, radius=8)
    cv.circle(895, 440, 30, CORAL)
    # two residents talking, with speech bubbles
    for cx, color in ((400, TEAL), (1200, GREEN)):
        cv.circle(cx, 520, 60, tint(BROWN, 0.5))
        cv.rect(cx - 90, 590, cx + 90, 820, color, radius=60)
    cv.circle(300, 330, 70, WHITE)
    cv.circle(1300, 330, 70, WHITE)
    cv.text(300, 330, "kWh", 44, INK)
    cv.text(1300, 330, "°C", 52, INK)


def station_jokeri_light_rail(cv: Canvas):
    cv.rect(-10, -10, 1610, 700, tint(SKY, 0.35))
    for x0, w, h, color in (
        (80, 200, 380, TEAL),
        (320, 160, 300, GREEN),
        (1160, 200, 420, TEAL),
        (1390, 180, 320, tint(GREEN, 0.2)),
    ):
        block_of_flats(cv, x0, 700, w, h, color)
    ground_band(cv, 700, tint(LEAF, 0.35))
    cv.rect(-10, 760, 1610, 800, SLATE)
    for x in range(0, 1600, 60):
        cv.rect(x, 800, x + 30, 816, tint(SLATE, 0.4))
    # overhead wire
    cv.line([(-10, 420), (1610, 420)], INK, 5, caps=False)
    metro(cv, 280, 520, 1040, 230, CORAL)
    cv.line([(800, 420), (760, 520)], INK, 6)
    cv.line([(800, 420), (840, 520)], INK, 6)


def station_western_metro(cv: Canvas):
    cv.rect(-10, -10, 1610, 1010, tint(SLATE, 0.15))
    cv.ellipse(-200, 180, 1800, 1300, tint(INK, 0.25))
    cv.rect(-10, 760, 1610, 1010, tint(INK, 0.4))
    metro(cv, 200, 500, 1200, 250, CORAL)
    # five new stations, from Finnoo to Kivenlahti
    for i in range(5):
        x = 260 + i * 270
        cv.circle(x, 230, 70, CORAL)
        cv.text(x, 232, "M", 80, OFFWHITE)
        if i:
            cv.line([(x - 200, 230), (x - 70, 230)], OFFWHITE, 12)


def station_city_bikes(cv: Canvas):
    cv.rect(-10, -10, 1610, 1010, tint(SKY, 0.3))
    ground_band(cv, 760, tint(STONE, 0.5))
    # a metro entrance behind
    cv.rect(1020, 260, 1480, 760, tint(SLATE, 0.4), radius=20)
    cv.circle(1250, 190, 80, CORAL)
    cv.text(1250, 192, "M", 90, OFFWHITE)
    cv.rect(1120, 420, 1380, 760, tint(INK, 0.3), radius=12)
    # the bike station and two yellow city bikes
    cv.rect(140, 600, 880, 630, SLATE, radius=12)
    for x in (320, 680):
        icon_bike(cv, x, 640, 330, YELLOW)
    tree(cv, 80, 760, 300, LEAF)


def station_school_meals(cv: Canvas):
    cv.rect(-10, -10, 1610, 1010, tint(SAND, 0.4))
    cv.rect(300, 250, 1300, 800, tint(STONE, 0.4), radius=40)
    cv.rect(330, 280, 1270, 770, WHITE, radius=30)
    icon_plate(cv, 620, 520, 420, GREEN)
    for dx, dy, r, color in (
        (-30, -20, 34, LEAF),
        (25, -25, 28, YELLOW),
        (0, 28, 32, CORAL),
        (-40, 30, 20, GREEN),
        (40, 20, 22, tint(BROWN, 0.3)),
    ):
        cv.circle(620 + dx, 520 + dy, r, color)
    # bread and a glass of milk
    cv.rect(900, 380, 1100, 470, tint(BROWN, 0.35), radius=36)
    cv.rect(980, 520, 1080, 720, tint(SKY, 0.1), radius=14, outline=STONE, width=5)
    cv.rect(988, 560, 1072, 712, WHITE, radius=10)
    carrot(cv, 1180, 600, 160, -60)


def station_food_waste(cv: Canvas):
    cv.rect(-10, -10, 1610, 1010, tint(SAND, 0.4))
    icon_plate(cv, 420, 520, 520, TEAL)
    # leftovers go into a box, not into the bin
    arrow(cv, [(650, 520), (900, 520)], GREEN, 22, head=60)
    cv.rect(960, 430, 1300, 640, tint(SKY, 0.1), radius=24, outline=TEAL, width=8)
    cv.rect(940, 400, 1320, 450, TEAL, radius=14)
    cv.ellipse(1020, 500, 1240, 600, tint(YELLOW, 0.3))
    # a crossed-out bin
    with cv.place(1380, 800, 200):
        cv.rect(-28, -30, 28, 40, STONE, radius=6)
        cv.rect(-34, -40, 34, -30, SLATE, radius=3)
        cv.circle(0, 5, 46, None, CORAL, 7)
        cv.line([(-32, 37), (32, -27)], CORAL, 7)


def station_kera(cv: Canvas):
    cv.rect(-10, -10, 1610, 1010, tint(SKY, 0.3))
    ground_band(cv, 760, tint(LEAF, 0.35))
    # the old hall
    cv.rect(80, 420, 700, 760, tint(SLATE, 0.3), radius=10)
    cv.poly([(60, 430), (390, 300), (720, 430)], SLATE)
    for i in range(4):
        cv.rect(130 + i * 140, 520, 220 + i * 140, 640, YELLOW, radius=8)
    # new blocks of flats with a green roof
    block_of_flats(cv, 820, 760, 200, 460, TEAL)
    block_of_flats(cv, 1060, 760, 180, 360, GREEN)
    cv.rect(1060, 385, 1240, 405, LEAF, radius=8)
    # the city rail line in front
    cv.rect(-10, 820, 1610, 850, SLATE)
    metro(cv, 700, 770, 620, 110, tint(CORAL, 0.1))
    # planter boxes
    for x in (160, 360):
        cv.rect(x, 700, x + 150, 760, BROWN, radius=8)
        for dx in (30, 75, 120):
            grass_tuft(cv, x + dx, 700, 40, GREEN)


def station_recycling(cv: Canvas):
    """Mixed waste per resident in a year; the green part could have been recycled."""
    end = unit_caption(cv, 120, 90, "kg /", 54)
    icon_person(cv, end + 40, 92, 56, SLATE)
    x0, x1, y0, y1 = 560, 1040, 260, 860
    cv.rect(x0, y0, x1, y1, tint(STONE, 0.5), radius=30)
    top = y1 - (y1 - y0) * 0.76
    cv.rect(x0, top, x1, y1, GREEN, radius=30)
    icon_recycle(cv, (x0 + x1) / 2, (top + y1) / 2, 300, OFFWHITE, 20)
    cv.text((x0 + x1) / 2, y0 - 30, f"157{NNBSP}kg", 68, INK, anchor="ms")
    cv.text(x1 + 60, (top + y1) / 2, f"76{NNBSP}%", 90, GREEN, anchor="lm")


def station_coast_and_floods(cv: Canvas):
    cv.rect(-10, -10, 1610, 1010, tint(SLATE, 0.45))
    cloud(cv, 420, 180, 520, tint(SLATE, 0.2))
    cloud(cv, 1150, 150, 460, tint(SLATE, 0.25))
    # the sea with high waves on the left, the embankment, houses safe behind it
    cv.rect(-10, 560, 760, 1010, TEAL)
    for x in range(0, 760, 150):
        cv.arc(x + 60, 580, 70, 200, 340, tint(SKY, 0.2), 14)
    cv.poly([(700, 1010), (760, 520), (880, 520), (940, 1010)], tint(LEAF, 0.1))
    ground_band(cv, 760, tint(LEAF, 0.35))
    cv.rect(940, 760, 1610, 1010, tint(LEAF, 0.35))
    for x, color in ((1020, CORAL), (1260, YELLOW)):
        icon_house(cv, x + 90, 660, 240, color)
    tree(cv, 1500, 760, 280, GREEN)


def station_forests_and_sinks(cv: Canvas):
    cv.rect(-10, -10, 1610, 1010, tint(SKY, 0.3))
    ground_band(cv, 780, tint(BROWN, 0.55))
    for i, x in enumerate(range(120, 1600, 190)):
        pine(cv, x, 790, 360 + (i % 3) * 70, GREEN if i % 2 else tint(GREEN, 0.2))
    for x in (360, 800, 1240):
        molecule(cv, x, 150, 150, SLATE)
        arrow(cv, [(x, 210), (x, 380)], SLATE, 12, head=40)
    # carbon into the soil
    for x in (300, 700, 1100, 1450):
        cv.circle(x, 880, 16, INK)
        cv.circle(x + 60, 920, 12, INK)


def station_roadmap_2030(cv: Canvas):
    cv.rect(-10, -10, 1610, 1010, tint(SKY, 0.3))
    ground_band(cv, 420, tint(LEAF, 0.35))
    road = [(120, 980), (520, 860), (380, 700), (900, 620), (760, 520), (1280, 470)]
    cv.line(road, SLATE, 90)
    cv.line(road, tint(SLATE, 0.6), 8)
    flag(cv, 1300, 470, 300, "2030", YELLOW)
    # along the way: district heat, the metro, a bike
    metro(cv, 1000, 760, 420, 110, CORAL)
    icon_bike(cv, 250, 640, 220, GREEN)
    tree(cv, 160, 420, 220, LEAF)


def station_lowest_per_resident(cv: Canvas):
    end = unit_caption(cv, 120, 90, f"kg CO{SUB2}e /", 54)
    icon_person(cv, end + 40, 92, 56, SLATE)
    bars = [
        Bar(3100, f"{num(3100)}{NNBSP}kg", CORAL, "2020"),
        Bar(2400, f"{num(2400)}{NNBSP}kg", GREEN, "2023"),
    ]
    bar_chart(cv, (320, 260, 1280, 800), bars, 3100)


NEW_STATIONS: dict[str, Callable[[Canvas], None]] = {
    "words-of-climate-work": station_words_of_climate_work,
    "footprint-falling": station_footprint_falling,
    "suomenoja-heat-pumps": station_suomenoja_heat_pumps,
    "coal-free-heat": station_coal_free_heat,
    "energy-wise-housing": station_energy_wise_housing,
    "jokeri-light-rail": station_jokeri_light_rail,
    "western-metro": station_western_metro,
    "city-bikes": station_city_bikes,
    "school-meals": station_school_meals,
    "food-waste": station_food_waste,
    "kera": station_kera,
    "recycling": station_recycling,
    "coast-and-floods": station_coast_and_floods,
    "forests-and-sinks": station_forests_and_sinks,
    "roadmap-2030": station_roadmap_2030,
    "lowest-per-resident": station_lowest_per_resident,
}


# --- output --------------------------------------------------------------------------------------
THEMES: dict[str, Callable[[Canvas], None]] = {
    "climate-change": theme_climate_change,
    "housing": theme_housing,
    "mobility": theme_mobility,
    "food": theme_food,
    "consumption": theme_consumption,
    "adaptation": theme_adaptation,
    "espoo-2030": theme_espoo_2030,
}

STATIONS: dict[str, Callable[[Canvas], None]] = {
    "greenhouse-effect": station_greenhouse_effect,
    "average-footprint": station_average_footprint,
    "district-heat": station_district_heat,
    "home-electricity": station_home_electricity,
    "heat-pump": station_heat_pump,
    "public-transport": station_public_transport,
    "car-choices": station_car_choices,
    "flights": station_flights,
    "food-footprint": station_food_footprint,
    "plant-based": station_plant_based,
    "goods-and-services": station_goods_and_services,
    "circular-economy": station_circular_economy,
    "adapting-espoo": station_adapting_espoo,
    "climate-watch": station_climate_watch,
    "emissions-trend": station_emissions_trend,
    "eu-mission": station_eu_mission,
    **NEW_STATIONS,
}


def save(image: Image.Image, path: Path) -> int:
    """Write an optimised PNG; fall back to a 256-colour palette if it would be too big."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)
    if path.stat().st_size > MAX_BYTES:
        image.quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            path, optimize=True
        )
    return path.stat().st_size


def render(draw: Callable[[Canvas], None], size: tuple[int, int]) -> Image.Image:
    cv = Canvas(size)
    draw(cv)
    return cv.finish()


def main(argv: Sequence[str] | None = None) -> None:
    default_out = Path(__file__).resolve().parent.parent / "media"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_out, help="output folder")
    args = parser.parse_args(argv)
    jobs = [("themes", n, f, THEME_SIZE) for n, f in THEMES.items()]
    jobs += [("stations", n, f, STATION_SIZE) for n, f in STATIONS.items()]
    for folder, name, draw, size in jobs:
        path = args.out / folder / f"{name}.png"
        nbytes = save(render(draw, size), path)
        print(f"{path}  {size[0]}x{size[1]}  {nbytes // 1024} KB")


if __name__ == "__main__":
    main()
