"""The real kiosk on its own virtual display, driven by keys only (xdotool, as a USB numeric
keypad sends them): every station and the quiz's result are reachable without touching the
screen. What was reached is read back from the kiosk's own statistics database (SQLite)."""

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

from kiosk.config import load_content_for, load_settings
from kiosk.footprint.session import QuizSession
from kiosk.navigator import Route
from kiosk.screens import GOAL, HOME, QUIZ, THEME
from kiosk.speech.reading import screen_reading
from kiosk.stats.store import EventStore
from kiosk.xvfb import VirtualDisplay
from tests.contentkit import bundled_kiosk_yaml
from tests.waiting import wait_for

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.ui

# The numeric keypad with Num Lock off, as a keypad fresh from the box sends its keys.
NEXT, CHOOSE, BACK, HOME_KEY = "KP_Right", "KP_Enter", "KP_End", "KP_Home"


@pytest.fixture
def display():
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        pytest.skip("needs Xvfb and xdotool: run the tests with scripts/test")
    if not shutil.which("espeak-ng"):
        pytest.skip("needs espeak-ng (scripts/setup.sh installs it)")
    with VirtualDisplay(1280, 800) as name:
        yield name


def position(reading, action) -> int:
    """How many NEXT presses from a fresh screen focus the item with `action`."""
    return [u.action for u in reading].index(action) + 1


def test_the_keypad_reaches_every_station_and_the_quiz_result(display, tmp_path):
    settings, _ = load_settings(REPO / "kiosk.yaml")
    content = load_content_for(settings).content
    exhibition, languages = content.exhibition, settings.languages.available
    data = tmp_path / "var"
    config = bundled_kiosk_yaml(tmp_path, data)
    health = tmp_path / "health.json"
    env = {**os.environ, "DISPLAY": display, "KIVY_HOME": str(tmp_path / "kivy")}
    env["SDL_AUDIODRIVER"] = "dummy"  # a sound device that plays nothing: the keys are tested
    command = [sys.executable, str(REPO / "main.py"), "--config", str(config)]
    # The output goes to a file: a pipe nobody reads until the end fills up and blocks the kiosk.
    console = open(tmp_path / "console.txt", "wb")  # noqa: SIM115 - closed after the kiosk
    kiosk = subprocess.Popen(
        [*command, "--health-file", str(health)],
        env=env,
        cwd=tmp_path,
        stdout=console,
        stderr=console,
    )
    xdo = {"env": env, "check": True, "timeout": 20, "capture_output": True}

    def keys(*names, settle=0.3):
        for name in names:
            subprocess.run(["xdotool", "key", name], **xdo)
            time.sleep(settle)

    def press_next(count):
        keys(*[NEXT] * count, settle=0.15)

    def choose():
        keys(CHOOSE, settle=1.5)  # a slide to the next screen

    try:
        assert wait_for(
            lambda: health.exists() and json.loads(health.read_text())["state"] == "running"
        )
        time.sleep(3)  # the first frames
        keys(CHOOSE, settle=0.5)  # the first key: speech mode, the title focused
        choose()  # the attract screen's item chosen: the visit starts at home
        home = screen_reading(exhibition, Route(HOME), "fi", languages, None, "fi")
        for theme in exhibition.themes:
            press_next(position(home, ("open_theme", theme.id)))
            choose()
            kind = GOAL if theme.kind == "goal-2030" else THEME
            page = screen_reading(exhibition, Route(kind, theme.id), "fi", languages)
            for station in theme.stations:
                press_next(position(page, ("open_station", station.id)))
                choose()
                keys(BACK, settle=1.5)
            keys(HOME_KEY, settle=1.5)
        session = QuizSession(lambda: content)
        home = screen_reading(exhibition, Route(HOME), "fi", languages, session, "fi")
        press_next(position(home, ("open_quiz", None)))
        choose()
        session.begin()
        while not session.done:
            question = screen_reading(exhibition, Route(QUIZ), "fi", languages, session)
            first = session.question.options[0].id
            press_next(position(question, ("choose", first)))
            choose()
            session.answer(first)
        time.sleep(2)
        # Escape would close a plain Kivy app: the kiosk ignores it.
        keys("Escape", settle=1.0)
        assert kiosk.poll() is None, "the kiosk must ignore Escape"
        kiosk.send_signal(signal.SIGTERM)
        kiosk.wait(20)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
        console.close()
        output = (tmp_path / "console.txt").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in output, output[-3000:]
    with EventStore.open_for_reading(data / "stats.sqlite3") as store:
        events = store.events()
    seen = {event.target for event in events if event.screen == "station"}
    assert seen == {station.id for station in exhibition.stations}, sorted(seen)
    kinds = [event.kind for event in events]
    assert "quiz_completed" in kinds, kinds
    assert any(event.screen == "result" for event in events)
