"""Helpers for the tests that drive the real app (the `ui` fixture of conftest.py): finding
widgets, starting a visit, the idle prompt, and comparing screens with their baselines."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.navigator import Route
from kiosk.screens import HOME

LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)
BASELINES = Path(__file__).resolve().parent / "baselines"


def cards(ui):
    from kiosk.ui.widgets import Card

    return ui.find_all(lambda w: isinstance(w, Card))


def card_titled(ui, title):
    (card,) = [card for card in cards(ui) if card.title == title]
    return card


def language_button(ui, code):
    from kiosk.ui.widgets import LangButton

    (button,) = ui.find_all(lambda w: isinstance(w, LangButton) and w.text == code.upper())
    return button


def fresh_visit(ui, size=LANDSCAPE):
    """Walk up to the kiosk: attract screen, then one touch in the middle of it."""
    ui.resize(size)
    ui.app.end_visit()
    ui.settle()
    assert ui.screen.name == "attract"
    width, height = ui.window.size
    ui.tap_at(width / 2, height / 2)
    assert ui.app.navigator.route == Route(HOME)


def station_fills(monkeypatch) -> list[tuple[str, str]]:
    """Records every time a station page is filled, as (station id, language), from now until
    the test ends: how a test tells a kept page put back from a page made anew."""
    from kiosk.ui.screens.station import StationScreen

    fills = []
    populate = StationScreen.populate

    def counted(self, exhibition, route):
        fills.append((route.target, self.language))
        populate(self, exhibition, route)

    monkeypatch.setattr(StationScreen, "populate", counted)
    return fills


def exhibition(ui):
    return ui.app.content.exhibition


def prompt(ui):
    """The "Are you still there?" prompt, when it is open."""
    from kiosk.ui.idle_prompt import IdlePrompt

    found = [w for w in ui.window.children if isinstance(w, IdlePrompt)]
    return found[0] if found else None


class Baselines:
    """Compares screens with tests/baselines/*.png (a quarter of the size) and keeps every
    mismatch, so that one run shows all of them: `check` each screen, then `assert_all_match`.
    Each mismatch leaves the screenshot and a diff image (differences brightened) in
    `shots_dir`. With `update` (pytest --update-baselines) the screens become the baselines."""

    def __init__(self, update: bool, shots_dir: Path):
        self.update = update
        self.shots_dir = shots_dir
        self.mismatches: list[str] = []

    def check(self, ui, name: str) -> None:
        from PIL import Image, ImageChops

        ui.screen.freeze()
        assert ui.wait_for_pictures() == [], f"{name}: a picture was never prepared"
        full = ui.screenshot(self.shots_dir / f"{name}.png")
        small = Image.open(full).convert("RGB")
        small = small.resize((small.width // 4, small.height // 4), Image.Resampling.BOX)
        baseline = BASELINES / f"{name}.png"
        if self.update or not baseline.exists():
            BASELINES.mkdir(exist_ok=True)
            small.save(baseline, optimize=True)
            if not self.update:
                self.mismatches.append(f"{name}: no baseline: made one; look at it, commit it")
            return
        expected = Image.open(baseline).convert("RGB")
        if expected.size != small.size:
            self.mismatches.append(f"{name}: {small.size} against a baseline of {expected.size}")
            return
        difference = ImageChops.difference(small, expected)
        histogram = difference.convert("L").histogram()
        pixels = small.width * small.height
        mean = sum(value * count for value, count in enumerate(histogram)) / pixels
        far = sum(histogram[48:]) / pixels
        # Font anti-aliasing moves a few grey levels; a moved or missing element moves many pixels.
        if mean < 2.5 and far < 0.01:
            return
        diff = self.shots_dir / f"{name}-diff.png"
        difference.point(lambda value: min(255, value * 4)).save(diff)
        self.mismatches.append(
            f"{name}: mean {mean:.2f}, {far:.1%} pixels differ (screen {full}, diff {diff})"
        )

    def assert_all_match(self) -> None:
        if self.mismatches:
            pytest.fail("screens differ from their baselines:\n" + "\n".join(self.mismatches))
