"""The real kiosk in its own process on its own virtual display, clicked with xdotool as a
visitor's finger would be (the X pointer is the kiosk's touch path), then stopped with SIGTERM."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.contentkit import bundled_kiosk_yaml
from tests.waiting import wait_for

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.ui


def grab(display: str):
    from PIL import ImageGrab

    return ImageGrab.grab(xdisplay=display).convert("RGB")


def changed_share(before, after) -> float:
    from PIL import ImageChops

    difference = ImageChops.difference(before, after).convert("L").point(lambda v: v > 40)
    return sum(difference.histogram()[1:]) / (before.width * before.height)


def test_the_running_kiosk_answers_clicks_and_stops_cleanly(display, tmp_path):
    data = tmp_path / "var"
    config = bundled_kiosk_yaml(tmp_path, data)
    health = tmp_path / "health.json"
    env = {**os.environ, "DISPLAY": display, "KIVY_HOME": str(tmp_path / "kivy")}
    env.pop("KIVY_NO_CONSOLELOG", None)
    command = [sys.executable, str(REPO / "main.py"), "--config", str(config)]
    command += ["--health-file", str(health)]
    # The output goes to a file: a pipe nobody reads until the end fills up, and a kiosk
    # blocked on writing its log answers no click.
    console = open(tmp_path / "console.txt", "wb")  # noqa: SIM115 - closed after the kiosk
    kiosk = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=console, stderr=console)
    try:
        assert wait_for(
            lambda: health.exists() and json.loads(health.read_text())["state"] == "running", 60
        )
        xdo = {"env": env, "check": True, "timeout": 20, "capture_output": True}
        # The first frame: the screen is no longer one flat colour.
        assert wait_for(lambda: len(grab(display).getcolors(1 << 16) or range(99)) > 50, 60)
        time.sleep(2)  # the first frames
        attract = grab(display)
        subprocess.run(["xdotool", "mousemove", "640", "300", "click", "1"], **xdo)
        assert wait_for(lambda: changed_share(attract, grab(display)) > 0.2, 30)
        time.sleep(1)
        home = grab(display)
        # Keys that would leave a kiosk do nothing: Escape, Alt+F4, F1.
        for key in ("Escape", "alt+F4", "F1"):
            subprocess.run(["xdotool", "key", key], **xdo)
        time.sleep(1.5)
        assert kiosk.poll() is None, "the kiosk must ignore Escape and Alt+F4"
        # A theme tile: the top-left tile of the home grid.
        subprocess.run(["xdotool", "mousemove", "150", "250", "click", "1"], **xdo)
        # A tenth of the screen: home and a theme page share their paper and top bar, and the
        # home tiles' pictures may still be on their way (a click that does nothing changes
        # nothing).
        assert wait_for(lambda: changed_share(home, grab(display)) > 0.1, 30)
        state = json.loads(health.read_text())
        assert state["last_interaction"] is not None
        started = time.monotonic()
        kiosk.send_signal(signal.SIGTERM)
        kiosk.wait(10)
        assert time.monotonic() - started < 5, "SIGTERM must stop the kiosk within 5 s"
        assert kiosk.returncode == 0
        assert json.loads(health.read_text())["state"] == "stopped"
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
        console.close()
        output = (tmp_path / "console.txt").read_text(encoding="utf-8", errors="replace")
    logs = "".join(p.read_text(errors="replace") for p in (data / "logs").glob("*"))
    assert "Traceback" not in output + logs, output[-3000:] + logs[-3000:]
    # One log, rotated by size, with Kivy's lines in it and nobody's debug chatter.
    assert [p.name for p in (data / "logs").iterdir()] == ["kiosk.log"]
    assert " INFO kivy: GL: " in logs and " DEBUG " not in logs, logs[-3000:]
    assert " INFO kivy: Kivy: v" in logs  # logged on import, before the kiosk's log was set up


def test_invalid_content_at_start_shows_a_calm_screen_and_recovers_when_fixed(display, tmp_path):
    """Visitors see 'taking a short break'; the health file says content_error with file:line;
    fixing the file brings the exhibition back without a restart."""
    shutil.copytree(REPO / "exhibits", tmp_path / "exhibits")
    broken = tmp_path / "exhibits" / "themes" / "food.yaml"
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good.replace("kind: food", "kind: fod", 1), encoding="utf-8")
    config = tmp_path / "kiosk.yaml"
    text = (REPO / "kiosk.yaml").read_text(encoding="utf-8")
    text = text.replace("media_dir: media", f"media_dir: {REPO / 'media'}")
    config.write_text(text, encoding="utf-8")
    health = tmp_path / "health.json"
    env = {**os.environ, "DISPLAY": display, "KIVY_HOME": str(tmp_path / "kivy")}
    command = [sys.executable, "-m", "kiosk", "run", "--config", str(config)]
    command += ["--health-file", str(health)]
    kiosk = subprocess.Popen(command, env={**env, "PYTHONPATH": str(REPO)}, cwd=tmp_path)

    def state():
        return json.loads(health.read_text()) if health.exists() else {}

    try:
        assert wait_for(lambda: state().get("state") == "content_error", 60)
        (error,) = state()["content_errors"]
        assert error.startswith("exhibits/themes/food.yaml:3:7: error: kind: 'fod' is not one of")
        assert wait_for(lambda: len(grab(display).getcolors(1 << 16) or range(99)) > 20, 60)
        time.sleep(1)
        calm = grab(display)
        broken.write_text(good, encoding="utf-8")
        assert wait_for(lambda: state().get("state") == "running", 30)
        assert state()["content_errors"] == []
        # The attract screen replaces the calm text: its picture and invitation bar appear.
        assert wait_for(lambda: changed_share(calm, grab(display)) > 0.05, 30)
    finally:
        kiosk.send_signal(signal.SIGTERM)
        kiosk.wait(15)
    logs = "".join(p.read_text(errors="replace") for p in (tmp_path / "var" / "logs").glob("*"))
    assert "Traceback" not in logs
