"""`kiosk run` in a process of its own, up to its first frames: what the start leaves until the
attract screen is on the display."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.xvfb import VirtualDisplay
from tests.contentkit import bundled_kiosk_yaml

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.ui

# Starts the kiosk as `kiosk run` does and notes, when the first frame has been swapped to the
# display and again a few frames later, what the process holds; then leaves at once.
CHILD = r"""
import gc, json, os, sys

import kiosk.ui.launch as launch

configure = launch.configure_kivy
seen = {}


def configured(*args, **kwargs):
    configure(*args, **kwargs)
    import kivy.app

    run = kivy.app.runTouchApp

    def hooked(*args, **kwargs):
        from kivy.app import App
        from kivy.core.window import Window

        flips = []

        def flipped(window):
            flips.append(1)
            if len(flips) == 1:
                seen["first_frame"] = {
                    "screen": App.get_running_app().manager.current,
                    "collecting": gc.isenabled(),
                    "modules": sorted(sys.modules),
                }
            elif len(flips) == 5:
                seen["later"] = {"collecting": gc.isenabled()}
                print("STARTUP " + json.dumps(seen), flush=True)
                os._exit(0)

        Window.bind(on_flip=flipped)
        return run(*args, **kwargs)

    kivy.app.runTouchApp = hooked


launch.configure_kivy = configured
from kiosk.cli import main

main(["run", "--config", sys.argv[1], "--windowed", "--size", "1280x720"])
"""


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    """What a start of the bundled kiosk held at its first frame and a few frames later."""
    if not shutil.which("Xvfb"):
        pytest.skip("needs Xvfb: run the tests with scripts/test")
    folder = tmp_path_factory.mktemp("startup")
    config = bundled_kiosk_yaml(folder, folder / "var")
    with VirtualDisplay(1280, 800) as display:
        env = {**os.environ, "DISPLAY": display, "KIVY_HOME": str(folder / "kivy")}
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(config)],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("STARTUP ")]
    assert lines, f"the kiosk drew no frames (exit {done.returncode}):\n{done.stderr[-3000:]}"
    return json.loads(lines[-1][len("STARTUP ") :])


def test_the_first_frame_is_the_attract_screen(started):
    assert started["first_frame"]["screen"] == "attract"


def test_the_cycle_collector_waits_for_the_first_frame_then_runs(started):
    assert started["first_frame"]["collecting"] is False
    assert started["later"]["collecting"] is True
