"""Live reload in the running app: a saved edit is on screen within 2 s, a broken edit never
replaces the last good content and is reported with file:line, and fixing it recovers."""

from __future__ import annotations

import pytest

from kiosk.navigator import Route
from kiosk.screens import STATION
from tests.uikit import fresh_visit
from tests.waiting import wait_for

pytestmark = pytest.mark.ui


def test_edits_show_up_and_broken_edits_keep_the_last_good_content(ui):
    station = ui.app.content.exhibition.theme("food").stations[0]
    path = ui.app.settings.content_dir / "themes" / "food.yaml"
    original = path.read_text(encoding="utf-8")
    fresh_visit(ui)
    ui.app.navigator.open_station(station.id)
    ui.settle()
    old_title = station.title("fi")
    try:
        path.write_text(original.replace(f"fi: {old_title}", "fi: Uusi otsikko", 1), "utf-8")
        assert wait_for(lambda: ui.screen.title == "Uusi otsikko", 2.0, ui.frames), (
            "the edit must be on screen within 2 s"
        )
        assert ui.app.navigator.route == Route(STATION, station.id), "the visitor stays put"
        good_hash = ui.app.content.content_hash

        broken = original.replace("stations:\n", "stations:\n  - id: [\n", 1)
        path.write_text(broken, "utf-8")
        problems = ui.app.services.watcher
        assert wait_for(lambda: problems.errors, 3.0, ui.frames)
        assert problems.errors[0].startswith(f"{path}:")
        assert ": error: YAML syntax error" in problems.errors[0]
        ui.frames(5)
        assert ui.app.content.content_hash == good_hash, "a broken edit replaces nothing"
        assert ui.screen.name == "station" and ui.screen.title == "Uusi otsikko"
        health = ui.app.services.health.snapshot()
        assert health["state"] == "running" and health["content_errors"] == problems.errors

        path.write_text(original, "utf-8")
        assert wait_for(lambda: ui.screen.title == old_title, 3.0, ui.frames)
        assert problems.errors == []
    finally:
        path.write_text(original, "utf-8")
        wait_for(lambda: not ui.app.services.watcher.errors, 3.0, ui.frames)
