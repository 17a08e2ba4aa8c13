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

# Starts the kiosk as `kiosk run` does and notes what the process holds when the first frame
# has been swapped to the display, and again once the first screen's picture is shown and all
# screens are made; then leaves at once.
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

        from kivy.uix.label import Label

        flips = []

        def state():
            manager = App.get_running_app().manager
            screen = manager.current_screen
            return {
                "screen": manager.current,
                "collecting": gc.isenabled(),
                "texts": [w.text for w in screen.walk() if isinstance(w, Label) and w.text],
                "drawn": all(
                    w.texture is not None
                    for w in screen.walk()
                    if isinstance(w, Label) and w.text and w.opacity > 0
                ),
                "pictures": [
                    w.state for w in screen.walk() if type(w).__name__ == "PreparedImage"
                ],
            }

        def all_made():
            screens = App.get_running_app().screens
            return all(screens.made(name) for name in screens)

        def flipped(window):
            flips.append(1)
            if len(flips) == 1:
                from kivy.lang import Builder

                kv_files = sorted(os.path.basename(name) for name in Builder.files if name)
                seen["first_frame"] = {**state(), "modules": sorted(sys.modules), "kv": kv_files}
            elif len(flips) >= 5 and "waiting" not in state()["pictures"] and all_made():
                from kivy.lang import Builder

                kv_files = sorted(os.path.basename(name) for name in Builder.files if name)
                seen["later"] = {**state(), "kv": kv_files}
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
    """What the second start of the bundled kiosk held at its first frame and once its
    pictures were shown (the first start prepared them, as an installed kiosk has them)."""
    if not shutil.which("Xvfb"):
        pytest.skip("needs Xvfb: run the tests with scripts/test")
    folder = tmp_path_factory.mktemp("startup")
    config = bundled_kiosk_yaml(folder, folder / "var")
    with VirtualDisplay(1280, 800) as display:
        env = {**os.environ, "DISPLAY": display, "KIVY_HOME": str(folder / "kivy")}
        for _ in range(2):
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


def test_the_first_frame_is_the_attract_screen_with_its_text_drawn(started):
    first = started["first_frame"]
    assert first["screen"] == "attract"
    # All of it, as it stays: only the QR codes' captions follow with the codes.
    assert len(first["texts"]) >= 5 and set(first["texts"]) <= set(started["later"]["texts"])
    assert first["drawn"], "every visible text has its texture at the first frame"


def test_the_first_screen_s_picture_follows_its_first_frame(started):
    """Its prepared copy is in the cache, but the first frame shows the stand-in of its shape;
    the picture comes on a frame soon after."""
    assert started["first_frame"]["pictures"] == ["waiting"]
    assert started["later"]["pictures"] == ["shown"]


def test_the_cycle_collector_waits_for_the_first_frame_then_runs(started):
    assert started["first_frame"]["collecting"] is False
    assert started["later"]["collecting"] is True


def test_what_only_other_screens_need_waits_for_the_first_frame(started):
    first = started["first_frame"]
    assert "widgets.kv" in first["kv"] and "attract.kv" in first["kv"]
    assert "page_widgets.kv" not in first["kv"], "the pages' kv rules"
    assert "page_widgets.kv" in started["later"]["kv"], "read once the other screens are made"
    for module in ("qrcode", "kivy.core.audio", "kiosk.sync.status", "kiosk.ops.metrics"):
        assert module not in first["modules"], module
