"""Bar charts for the curator report, drawn with Pillow in the kiosk's palette.

Two shapes cover every chart: columns over time (days, hours) and labelled horizontal bars
(stations, languages, quiz, pledges). Every chart is SIZE, has a title, a subtitle saying what
is counted and when, and says "No data yet" when there is nothing to draw.
"""

from __future__ import annotations

import math
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.ui import style  # the palette only: kiosk.ui.style imports no Kivy

SIZE = WIDTH, HEIGHT = 1200, 675
MARGIN = 48
PLOT_TOP = 150  # below the title and subtitle
TITLE_PX, SUBTITLE_PX, LABEL_PX, VALUE_PX = 36, 22, 20, 19
MAX_COLUMN = 96  # a week of days should still look like columns, not walls


def _rgb(colour) -> tuple[int, int, int]:
    return tuple(round(c * 255) for c in colour[:3])


PAPER, INK, INK_SOFT = _rgb(style.PAPER), _rgb(style.INK), _rgb(style.INK_SOFT)
LINE, BAR, BAR_HIGHLIGHT = _rgb(style.LINE), _rgb(style.ACCENT), _rgb(style.SUN)


def _font_files(bold: bool) -> list[Path]:
    """Inter, as on the kiosk's screen; else Kivy's Roboto; else DejaVu."""
    from kiosk.ui.fonts import INTER_DIRS  # a constant; the module imports Kivy only in calls

    weight = "Bold" if bold else "Regular"
    files = [folder / f"Inter-{weight}.otf" for folder in INTER_DIRS]
    kivy = find_spec("kivy")  # finds the package without importing it
    if kivy and kivy.submodule_search_locations:
        for folder in kivy.submodule_search_locations:
            files.append(Path(folder) / "data" / "fonts" / f"Roboto-{weight}.ttf")
    dejavu = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    files.append(Path("/usr/share/fonts/truetype/dejavu") / dejavu)
    return files


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    for path in _font_files(bold):
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _width(draw: ImageDraw.ImageDraw, text: str, typeface) -> float:
    return draw.textlength(text, font=typeface)


def _fit(draw, text: str, typeface, width: float) -> str:
    """`text`, cut with '…' to fit `width` pixels."""
    if _width(draw, text, typeface) <= width:
        return text
    while text and _width(draw, text + "…", typeface) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _canvas(title: str, subtitle: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    draw.text(
        (MARGIN, 36), _fit(draw, title, font(TITLE_PX, True), width), INK, font(TITLE_PX, True)
    )
    draw.text(
        (MARGIN, 88), _fit(draw, subtitle, font(SUBTITLE_PX), width), INK_SOFT, font(SUBTITLE_PX)
    )
    return image, draw


def no_data(title: str, subtitle: str) -> Image.Image:
    image, draw = _canvas(title, subtitle)
    middle = ((WIDTH) / 2, (PLOT_TOP + HEIGHT) / 2)
    draw.text(middle, "No data yet", INK_SOFT, font(TITLE_PX), anchor="mm")
    return image


def nice_scale(largest: float) -> tuple[int, int]:
    """(top, step) of a count axis: whole-number steps of 1, 2 or 5 × 10ⁿ, about five of them."""
    raw = max(largest / 5, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return max(step, math.ceil(largest / step) * step), int(step)


def columns(
    title: str,
    subtitle: str,
    labels: list[str],
    values: list[int],
    highlight: int | None = None,
) -> Image.Image:
    """Vertical bars over time, one per label; `highlight` marks one bar (the busiest)."""
    if not values or not any(values):
        return no_data(title, subtitle)
    image, draw = _canvas(title, subtitle)
    label_font, value_font = font(LABEL_PX), font(VALUE_PX)
    top_value, step = nice_scale(max(values))
    tick_width = max(_width(draw, f"{t:,}", label_font) for t in range(0, top_value + 1, step))
    left, right = MARGIN + tick_width + 14, WIDTH - MARGIN
    top, bottom = PLOT_TOP + 30, HEIGHT - 64  # room for value labels above, dates below

    def y_of(value: float) -> float:
        return bottom - value / top_value * (bottom - top)

    for tick in range(0, top_value + 1, step):
        y = y_of(tick)
        draw.line([(left, y), (right, y)], LINE, 1)
        draw.text((left - 12, y), f"{tick:,}", INK_SOFT, label_font, anchor="rm")
    slot = (right - left) / len(values)
    # Narrow bars touch, so that a year of days reads as a shape rather than as stripes.
    bar = slot if slot < 4 else min(slot * 0.72, MAX_COLUMN)
    show_values = all(_width(draw, f"{v:,}", value_font) <= slot for v in values)
    for i, value in enumerate(values):
        x = left + i * slot + (slot - bar) / 2
        if value:
            colour = BAR_HIGHLIGHT if i == highlight else BAR
            draw.rectangle([(x, y_of(value)), (x + max(bar, 1) - 1, bottom)], colour)
        if show_values and value:
            draw.text((x + bar / 2, y_of(value) - 6), f"{value:,}", INK, value_font, anchor="md")
    draw.line([(left, bottom), (right, bottom)], INK_SOFT, 2)
    _column_labels(draw, labels, left, slot, bottom + 12)
    return image


def _column_labels(draw, labels: list[str], left: float, slot: float, y: float) -> None:
    """The labels under the columns; "" leaves a column unlabelled. When every column has one,
    every k-th is shown, k as small as keeps them apart; a label that would touch the one
    before is left out."""
    label_font = font(LABEL_PX)
    every = 1
    if all(labels):
        widest = max(_width(draw, label, label_font) for label in labels)
        every = max(1, math.ceil((widest + 16) / slot))
    drawn_to = -math.inf
    for i in range(0, len(labels), every):
        if not labels[i]:
            continue
        half = _width(draw, labels[i], label_font) / 2
        centre = min(max(left + (i + 0.5) * slot, half + 4), WIDTH - half - 4)
        if centre - half < drawn_to + 16:
            continue
        draw.text((centre, y), labels[i], INK, label_font, anchor="mt")
        drawn_to = centre + half


def bars(title: str, subtitle: str, rows: list[tuple[str, int, str]]) -> Image.Image:
    """Horizontal bars, largest first as given: (label, value, the text after the bar)."""
    if not rows or not any(value for _, value, _ in rows):
        return no_data(title, subtitle)
    image, draw = _canvas(title, subtitle)
    top, bottom = PLOT_TOP + 6, HEIGHT - 36
    row_height = min(64.0, (bottom - top) / len(rows))
    size = LABEL_PX if row_height >= 34 else max(14, int(row_height * 0.6))
    label_font, value_font = font(size), font(size, True)
    label_width = min(max(_width(draw, label, label_font) for label, _, _ in rows), WIDTH * 0.4)
    text_width = max(_width(draw, text, value_font) for _, _, text in rows)
    left = MARGIN + label_width + 20
    longest = WIDTH - MARGIN - text_width - 14 - left
    largest = max(value for _, value, _ in rows)
    for i, (label, value, text) in enumerate(rows):
        middle = top + (i + 0.5) * row_height
        shown = _fit(draw, label, label_font, label_width)
        draw.text((left - 20, middle), shown, INK, label_font, anchor="rm")
        length = max(2.0, value / largest * longest) if value else 0.0
        thickness = row_height * 0.64
        if length:
            draw.rounded_rectangle(
                [(left, middle - thickness / 2), (left + length, middle + thickness / 2)],
                radius=min(6, thickness / 3),
                fill=BAR,
            )
        draw.text((left + length + 12, middle), text, INK, value_font, anchor="lm")
    draw.line([(left, top), (left, top + len(rows) * row_height)], INK_SOFT, 2)
    return image
