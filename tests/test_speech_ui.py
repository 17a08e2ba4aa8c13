"""Speech mode with the real window, in its own process: Kivy touch events through its input
path, and SDL's disk audio driver writing what a visitor would hear into a file read here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.i18n import tr
from kiosk.ui.speech import SPEECH_MODE_ON
from tests.speechkit import raw_rms

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.ui

SDL_FRAME = 4 * 1024  # bytes of 16-bit stereo the RMS is taken over: some 23 ms at 44.1 kHz


def loudest(data: bytes) -> float:
    return max(
        (raw_rms(data[i : i + SDL_FRAME]) for i in range(0, len(data), SDL_FRAME)), default=0.0
    )


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs a display: run the tests with scripts/test")
    if shutil.which("espeak-ng") is None:
        pytest.skip("needs espeak-ng (scripts/setup.sh installs it)")
    folder = tmp_path_factory.mktemp("speech-session")
    audio = folder / "heard.raw"
    env = {
        **os.environ,
        "SDL_AUDIODRIVER": "disk",
        "SDL_DISKAUDIOFILE": str(audio),
        "KIVY_HOME": str(folder / "kivy"),
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.speech_session", str(folder / "data")],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, result.stdout[-3000:] + result.stderr[-3000:]
    observed = json.loads(lines[-1][len("RESULT ") :])
    assert result.returncode == 0, observed
    return observed, audio.read_bytes()


def test_a_long_press_on_the_attract_screen_turns_speech_mode_on_and_says_so(session):
    observed, heard = session
    assert observed["sound_device"] is True and observed["status"] == "ok"
    long_press = observed["long_press"]
    assert long_press["mode"] is True
    assert long_press["route"] == "attract"  # the long press started no visit
    assert long_press["said"] == [tr(SPEECH_MODE_ON, "fi")]
    # Before it the output was silence; the announcement reached SDL's output as sound.
    assert loudest(heard[: observed["audio_before"]]) < 50
    assert loudest(heard[observed["audio_before"] : long_press["audio_at"]]) > 500


def test_a_touch_speaks_and_rings_a_tile_and_a_double_tap_opens_it(session):
    observed, _ = session
    assert observed["after_double_tap"]["route"] == "home"
    touched = observed["touch_card"]
    assert touched["route"] == "home"  # a single touch opens nothing
    assert touched["said"] == ["Asuminen. Yhä puhtaampaa lämpöä ja sähköä kotiin, painike"]
    assert touched["ring_shown"] and touched["ring_around_card"]
    assert observed["open_card"] == {"route": "theme", "target": "housing"}


def test_swipes_move_through_the_reading_order_and_speak_each_item(session):
    observed, _ = session
    reading = observed["reading"]
    assert [step["index"] for step in observed["swipes"]] == [0, 1, 2, 1]
    assert [step["said"] for step in observed["swipes"]] == [
        reading[0],
        reading[1],
        reading[2],
        reading[1],
    ]
    assert reading[0] == "Asuminen" and reading[-1] == "English, button"


def test_the_idle_reset_ends_speech_mode_and_silences_the_kiosk(session):
    observed, heard = session
    volume = Settings().speech.volume  # the repository's kiosk.yaml keeps the default
    assert observed["volume_turned_down"] == pytest.approx(volume - 0.3)
    assert observed["after_reset"] == {"mode": False, "speaking": False, "volume": volume}
    assert len(heard) >= observed["audio_after"] > observed["long_press"]["audio_at"]


# In the shared test window, which has no sound device (no SDL_AUDIODRIVER is set) -----------


def test_without_a_sound_device_the_kiosk_runs_silently_and_says_so(ui):
    from kiosk.ui.speech import NO_SOUND_DEVICE

    speech = ui.app.speech
    assert speech.sound_device is False and not speech.available
    assert speech.offered  # the voice is there: Listen keeps its place for when sound returns
    assert speech.status() == NO_SOUND_DEVICE
    ui.app.services.tick()
    assert ui.app.services.health.snapshot()["speech"] == NO_SOUND_DEVICE
    facts = dict(ui.app.staff_facts())
    assert facts[tr("Speech", ui.app.language)] == NO_SOUND_DEVICE
    speech.read_screen()  # nothing to play it on: nothing happens, nothing breaks
    assert not speech.speaking


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_screen_has_a_listen_button_in_its_language(ui, language):
    from kiosk.navigator import Route
    from kiosk.screens import HOME, STATION, THEME
    from kiosk.ui.widgets import ListenButton

    ui.resize((1920, 1080))
    ui.app.end_visit()
    ui.settle()
    exhibition = ui.app.content.exhibition
    routes = [Route(HOME), Route(THEME, "housing"), Route(STATION, "district-heat")]
    for route in [None, *routes]:
        if route is not None:
            ui.app.navigator.start_visit()
            ui.app.navigator.set_language(language)
            if route.screen == THEME:
                ui.app.navigator.open_theme(route.target)
            elif route.screen == STATION:
                ui.app.navigator.open_station(route.target)
            ui.settle()
        buttons = ui.find_all(lambda w: isinstance(w, ListenButton) and w.opacity == 1)
        expected = tr("Listen", language if route is not None else "fi")
        assert [b.text for b in buttons] == [expected], (route, language)
        assert buttons[0].height >= ui.app.target_px
        ui.app.end_visit()
        ui.settle()
    assert exhibition is ui.app.content.exhibition


def test_high_contrast_redraws_every_screen_in_its_palette_until_the_idle_reset(ui):
    from kiosk.screens import STATION
    from kiosk.ui import style
    from kiosk.ui.widgets import ContrastButton, Para

    ui.resize((1920, 1080))
    ui.app.end_visit()
    ui.settle()
    ui.app.navigator.start_visit()
    ui.app.navigator.open_station("district-heat")
    ui.settle()
    default_ink = tuple(style.DEFAULT_PALETTE["INK"])
    assert tuple(ui.find_all(lambda w: isinstance(w, Para))[0].color) == default_ink
    (button,) = ui.find_all(lambda w: isinstance(w, ContrastButton))
    ui.tap(button)
    try:
        assert ui.app.high_contrast
        assert ui.app.navigator.route.screen == STATION  # the visitor stays where they were
        black, white = tuple(style.rgba("#000000")), tuple(style.rgba("#FFFFFF"))
        paras = ui.find_all(lambda w: isinstance(w, Para) and w.text)
        assert paras and all(tuple(p.color) in (black, tuple(style.INK_SOFT)) for p in paras)
        assert tuple(ui.window.clearcolor) == white
        (button,) = ui.find_all(lambda w: isinstance(w, ContrastButton))
        assert button.selected
        # Said among the buttons in speech mode, in the screen's language.
        assert "Suuri kontrasti, painike" in [u.text for u in ui.app.speech.reading()]
    finally:
        ui.app.end_visit()
        ui.settle()
    assert not ui.app.high_contrast
    assert tuple(style.INK) == default_ink
    ui.app.navigator.start_visit()
    ui.settle()
    paras = ui.find_all(lambda w: isinstance(w, Para) and w.text)
    assert tuple(paras[0].color) == default_ink
    ui.app.end_visit()
    ui.settle()


def test_the_voice_is_looked_for_after_the_first_frame_and_listen_follows_it(ui):
    from kiosk.ui.speech import Speech

    # A new Speech knows no voice yet (looking runs espeak-ng): nothing offered, no problem.
    fresh = Speech(ui.app.settings)
    assert not fresh.offered and fresh.problem() is None
    fresh.look_for_voice()  # what start() does first, after the first frame
    assert fresh.offered and fresh.synthesizer.voice is not None and fresh.problem() is None

    # The attract screen's Listen button follows the app's voice as it becomes known.
    ui.app.end_visit()
    ui.settle()
    listen = ui.screen.ids.listen
    speech = ui.app.speech
    try:
        speech.offered = False
        assert listen.disabled
        speech.offered = True
        assert not listen.disabled
    finally:
        speech.offered = True
