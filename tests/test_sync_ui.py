"""End to end with the real window: the kiosk runs in its own process on its own virtual
display, reading its content through the current release; `kiosk sync` brings a new station
title, which is on screen within 2 s of the sync's end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.sync import engine
from tests.synckit import ContentRepo, kiosk_settings, retitle

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.ui

# The kiosk's side: the app on the real window, opened at the food station; it runs `kiosk
# sync` beside itself, keeps drawing frames, and tells how long the new title took.
KIOSK = textwrap.dedent(
    """
    import json, subprocess, sys, time
    from dataclasses import replace
    from kiosk.config import load_settings
    from kiosk.sync.releases import through_current
    from kiosk.ui.driver import Driver

    config, new_title = sys.argv[1], sys.argv[2]
    settings, _ = load_settings(config)
    settings = through_current(settings)
    settings = replace(settings, display=replace(settings.display, fullscreen=False))
    ui = Driver.start(settings, (1280, 800))
    ui.app.navigator.open_station("food-station")
    ui.settle()
    before = ui.screen.title
    sync = subprocess.Popen([sys.executable, "-m", "kiosk", "sync", "--config", config])
    while sync.poll() is None:
        ui.frames(1)
    synced = time.monotonic()
    took = None
    while time.monotonic() - synced < 5:
        ui.frames(1)
        if ui.screen.title == new_title:
            took = time.monotonic() - synced
            break
    print(json.dumps({"before": before, "after": ui.screen.title, "took": took,
                      "sync_exit": sync.returncode, "screen": ui.screen.name}))
    """
)


def test_after_kiosk_sync_a_new_station_title_is_on_screen_within_2_s(display, tmp_path):  # noqa: F811
    content = ContentRepo(tmp_path / "content")
    settings = kiosk_settings(tmp_path / "kiosk", content.origin)
    content.commit("First")
    assert engine.sync(settings).status == engine.SWITCHED
    retitle(content, "Ruokaa lähellä")
    content.commit("New title for the food station")
    env = {
        **os.environ,
        "DISPLAY": display,
        "KIVY_HOME": str(tmp_path / "kivy"),
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-c", KIOSK, str(settings.base_dir / "kiosk.yaml"), "Ruokaa lähellä"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["before"] == "Asema" and result["sync_exit"] == 0, result
    assert result["screen"] == "station"
    assert result["took"] is not None and result["took"] <= 2.0, result
    assert result["after"] == "Ruokaa lähellä"
