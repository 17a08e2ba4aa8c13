"""A visit in speech mode, in its own process (one Kivy App per process): the real window, Kivy
touch events through its input path, and SDL's disk audio driver writing what would be heard
to $SDL_DISKAUDIOFILE. Prints one JSON line of what happened, for tests/test_speech_ui.py.

Usage: SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=F python -m tests.speech_session DATA_DIR
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(data_dir: str) -> int:
    from kiosk.config import load_settings
    from kiosk.ui.driver import Driver

    settings, _ = load_settings(REPO / "kiosk.yaml")
    settings = replace(
        settings,
        data_dir=Path(data_dir),
        display=replace(settings.display, fullscreen=False),
        idle=replace(settings.idle, attract_rotate_s=600),
        stats=replace(settings.stats, enabled=False),
    )
    driver = Driver.start(settings, (1920, 1080))
    from kivy.tests.common import UnitTestTouch

    app, speech = driver.app, driver.app.speech
    audio = Path(os.environ["SDL_DISKAUDIOFILE"])
    observed: dict = {"sound_device": speech.sound_device, "status": speech.status()}
    assert speech.synthesizer.wait_idle(600)  # the attract and home screens, rendered ahead

    def run_for(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            driver.frames(1)
            time.sleep(0.01)

    def press(x, y, hold_s=0.05, to=None):
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        run_for(hold_s)
        if to is not None:
            touch.touch_move(*to)
            driver.frames(1)
        touch.touch_up()
        driver.frames(2)

    def double_tap(x, y):
        """Two taps as quick as a finger's: Kivy dispatches each touch event as it is posted."""
        for _ in range(2):
            touch = UnitTestTouch(x, y)
            touch.touch_down()
            touch.touch_up()
        driver.frames(2)

    def said():
        return [u.text for u in speech.played]

    def heard() -> int:
        return audio.stat().st_size if audio.exists() else 0

    width, height = driver.window.size
    # A long press in the middle of the attract screen: speech mode, said at once.
    observed["audio_before"] = heard()
    press(width / 2, height / 2, hold_s=2.3)
    run_for(1.5)
    observed["long_press"] = {
        "route": app.navigator.route.screen,
        "mode": speech.mode,
        "said": said()[-1:],
        "audio_at": heard(),
    }
    # A double tap anywhere on the attract screen starts the visit; home is read aloud.
    double_tap(width / 2, height / 2)
    driver.settle()
    run_for(1.0)
    observed["after_double_tap"] = {"route": app.navigator.route.screen, "said": said()[-1:]}
    # A single touch on a theme's tile speaks it and rings it; nothing opens.
    cards = driver.find_all(
        lambda w: tuple(getattr(w, "speech_action", None) or ()) == ("open_theme", "housing")
    )
    if not cards:
        print("RESULT " + json.dumps(observed, ensure_ascii=False), flush=True)
        return 1
    card = cards[0]
    x, y = card.to_window(card.center_x, card.center_y)
    speech.played.clear()
    press(x, y)
    run_for(1.0)
    ring = app.explorer.ring
    observed["touch_card"] = {
        "route": app.navigator.route.screen,
        "said": said(),
        "ring_shown": ring.parent is not None,
        "ring_around_card": ring.rect[0] < x < ring.rect[0] + ring.rect[2]
        and ring.rect[1] < y < ring.rect[1] + ring.rect[3],
    }
    # Double tap: the tile opens.
    double_tap(x, y)
    driver.settle()
    run_for(0.5)
    observed["open_card"] = {
        "route": app.navigator.route.screen,
        "target": app.navigator.route.target,
    }
    # Swipes move through the reading order.
    steps = []
    for direction in (1, 1, 1, -1):
        start = (width * 0.4, height * 0.5)
        end = (start[0] + direction * width * 0.25, start[1])
        press(*start, to=end)
        run_for(0.3)
        steps.append({"index": app.explorer.index, "said": said()[-1]})
    observed["swipes"] = steps
    observed["reading"] = [u.text for u in speech.reading()]
    run_for(1.0)
    # The idle reset ends speech mode, silences the kiosk and restores kiosk.yaml's volume.
    speech.change_volume(-3)
    observed["volume_turned_down"] = speech.volume
    app.end_visit()
    driver.settle()
    observed["after_reset"] = {
        "mode": speech.mode,
        "speaking": speech.speaking,
        "volume": speech.volume,
    }
    observed["audio_after"] = heard()
    speech.shutdown()
    print("RESULT " + json.dumps(observed, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
