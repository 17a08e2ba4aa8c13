"""Speech without a window: the lexicon, each screen's reading order, eSpeak NG's WAV files,
the capped cache, rendering ahead on the worker, and what `validate` and `speak` say."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.citation import source_line
from kiosk.cli import main
from kiosk.config import Settings, load_content_for, load_settings
from kiosk.content import load_content
from kiosk.footprint.session import QuizSession
from kiosk.navigator import Route
from kiosk.screens import ATTRACT, GOAL, HOME, QUIZ, RESULT, STATION, THEME
from kiosk.speech.cache import SpeechCache, speech_key
from kiosk.speech.lexicon import Entry, Lexicon
from kiosk.speech.reading import screen_reading, speech_mode_hint
from kiosk.speech.synthesizer import Synthesizer
from kiosk.speech.voice import NICENESS, Voice, find_voice
from tests.contentkit import edit
from tests.speechkit import wav_duration_and_rms

LANGUAGES = Settings().languages.available
ROOT = Path(__file__).resolve().parent.parent

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (scripts/setup.sh)"
)


# The lexicon -------------------------------------------------------------------------------


def test_units_become_words_only_after_a_number():
    fi = Lexicon("fi")
    assert fi.spoken("Vuonna 2023 jo 63,3 % tuotannosta") == (
        "Vuonna 2023 jo 63,3 prosenttia tuotannosta"
    )
    assert fi.spoken("107,8 g CO₂/kWh") == "107,8 grammaa hiilidioksidia kilowattitunnilta"
    assert fi.spoken("noin 9,6\u00a0t CO₂e vuodessa") == (
        "noin 9,6 tonnia hiilidioksidiekvivalenttia vuodessa"
    )
    # A letter in a sentence stays a letter: only a number makes it a unit.
    assert Lexicon("en").spoken("plan t and g") == "plan t and g"
    assert Lexicon("sv").spoken("20 km med HSL") == "20 kilometer med hå ess ell"


def test_abbreviations_and_symbols_are_words_in_each_language():
    text = "CO₂e, kWh, HSL, HSY, EU"
    assert Lexicon("fi").spoken(text) == (
        "hiilidioksidiekvivalenttia, kilowattituntia, hoo äs äl, hoo äs yy, ee uu"
    )
    assert Lexicon("sv").spoken(text) == (
        "koldioxidekvivalenter, kilowattimmar, hå ess ell, hå ess y, e u"
    )
    assert Lexicon("en").spoken(text) == (
        "carbon dioxide equivalent, kilowatt-hours, H S L, H S Y, E U"
    )
    # A Finnish case ending after a colon joins the spoken word; a word inside another stays.
    assert Lexicon("fi").spoken("HSL:n ja EU:n, HSLX") == "hoo äs äln ja ee uun, HSLX"


def test_numbers_are_read_as_one_number_not_two():
    assert Lexicon("fi").spoken("1\u00a0690,5 t") == "1690,5 tonnia"
    assert Lexicon("en").spoken("1,690.5 t") == "1690.5 tonnes"
    # Ordinary spaces between numbers are words apart ("in 2020 146 grams").
    assert Lexicon("en").spoken("2020 146 g") == "2020 146 grams"


def test_a_curators_entry_wins_over_the_built_in_one():
    lexicon = Lexicon("fi", (Entry("HSY", "Helsingin seudun ympäristöpalvelut"), Entry("t", "t")))
    assert lexicon.spoken("HSY: 5 t") == "Helsingin seudun ympäristöpalvelut: 5 t"


def test_the_content_lexicon_and_a_stations_speech_text_are_read(exhibit):
    edit(
        Path("exhibits/exhibition.yaml"),
        "themes:",
        "lexicon:\n  - written: Kivenlahti\n    spoken:\n      fi: Kivenlahti-kaupunginosa\n"
        "      sv: Stensvik\n  - written: kt\n    unit: true\n    spoken:\n"
        "      fi: kilotonnia\n      sv: kiloton\n      en: kilotonnes\nthemes:",
    )
    edit(
        Path("exhibits/themes/housing.yaml"),
        "    facts:",
        "    speech:\n      fi: Tämä luetaan ääneen.\n    facts:",
    )
    result = load_content(Path("exhibits"), Path("media"))
    assert not result.diagnostics.errors
    # Left out languages fall back to Finnish, with the usual warning.
    assert all("missing" in line for line in result.diagnostics.lines()), result.diagnostics.lines()
    exhibition = result.content.exhibition
    synthesizer = Synthesizer(None, SpeechCache(Path("cache")), LANGUAGES)
    synthesizer.use_lexicon(exhibition)
    assert synthesizer.spoken_text("Kivenlahti: 742 kt", "fi") == (
        "Kivenlahti-kaupunginosa: 742 kilotonnia"
    )
    assert synthesizer.spoken_text("742 kt", "en") == "742 kilotonnes"
    reading = screen_reading(exhibition, Route(STATION, "housing-station"), "fi", LANGUAGES)
    texts = [u.text for u in reading]
    assert "Tämä luetaan ääneen." in texts
    assert "Kappale yksi." not in texts  # the speech text replaces the written body
    # English has no speech text of its own: it falls back to the Finnish one, like any text.
    en = [
        u.text
        for u in screen_reading(exhibition, Route(STATION, "housing-station"), "en", LANGUAGES)
    ]
    assert "Tämä luetaan ääneen." in en


def test_a_lexicon_entry_with_a_mistake_is_an_error_with_its_position(exhibit):
    edit(
        Path("exhibits/exhibition.yaml"),
        "themes:",
        "lexicon:\n  - written: HSY\n    spken:\n      fi: hoo äs yy\nthemes:",
    )
    lines = load_content(Path("exhibits"), Path("media")).diagnostics.lines()
    assert any(
        line.startswith("exhibits/exhibition.yaml:") and "unknown key 'spken'" in line
        for line in lines
    ), lines


# Reading order -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    settings, _ = load_settings(ROOT / "kiosk.yaml")
    return load_content_for(settings).content


def routes(exhibition):
    themes = [
        Route(GOAL if theme.kind == "goal-2030" else THEME, theme.id) for theme in exhibition.themes
    ]
    stations = [Route(STATION, station.id) for station in exhibition.stations]
    return [Route(ATTRACT), Route(HOME), *themes, *stations, Route(QUIZ), Route(RESULT)]


def finished_session(content):
    session = QuizSession(lambda: content)
    session.begin()
    while not session.done:
        session.answer(session.question.options[0].id)
    session.finish()
    return session


def test_a_station_reads_title_lead_body_facts_with_sources_then_buttons(bundled):
    exhibition = bundled.exhibition
    station = exhibition.station("district-heat")
    reading = screen_reading(exhibition, Route(STATION, station.id), "fi", LANGUAGES)
    roles = [u.role for u in reading]
    texts = [u.text for u in reading]
    assert texts[0] == station.title("fi") and roles[0] == "title"
    assert texts[1] == station.lead("fi")
    assert texts[2:5] == list(station.body.paragraphs("fi"))
    first_fact = roles.index("fact")
    assert texts[first_fact].startswith(station.facts[0].label("fi"))
    assert "107,8" in texts[first_fact]
    # Every fact is followed, before the next fact, by its year and source, as the screen
    # writes them under the fact card.
    sources = [t for t, role in zip(texts, roles, strict=True) if role == "source"]
    assert len(sources) == len(station.facts)
    assert sources[0] == source_line(station.facts[0], "fi")
    assert "Lähde: " in sources[0] and str(station.facts[0].year) in sources[0]
    # The buttons come last: related stations, Back, Home, the switches, the other languages.
    buttons = [u for u in reading if u.is_button]
    assert reading[-len(buttons) :] == tuple(buttons)
    assert [b.action for b in buttons][-6:] == [
        ("back", None),
        ("home", None),
        ("contrast", None),
        ("large_text", None),
        ("language", "sv"),
        ("language", "en"),
    ]
    assert buttons[-2].text == "Svenska, knapp" and buttons[-2].language == "sv"
    assert buttons[0].text == "Ilmalämpöpumppu, painike"


def test_the_attract_screen_invites_and_says_how_to_turn_speech_on_in_every_language(bundled):
    reading = screen_reading(bundled.exhibition, Route(ATTRACT), "fi", LANGUAGES)
    for code in LANGUAGES:
        said = [u.text for u in reading if u.language == code]
        assert bundled.exhibition.invitation(code) in said
        assert speech_mode_hint(code) in said
    assert len({speech_mode_hint(code) for code in LANGUAGES}) == 3  # translated, not copied


def test_the_quiz_and_its_result_are_read_with_every_choice(bundled):
    session = QuizSession(lambda: bundled)
    session.begin()
    reading = screen_reading(bundled.exhibition, Route(QUIZ), "sv", LANGUAGES, session)
    question = session.question
    assert reading[0].text == bundled.quiz.title("sv")
    assert reading[1].text == f"Fråga 1 av {session.count}"
    chosen = [u.action for u in reading if u.action and u.action[0] in ("choose", "skip")]
    assert chosen == [("choose", o.id) for o in question.options] + [("skip", "skipped")]
    session = finished_session(bundled)
    result = screen_reading(bundled.exhibition, Route(RESULT), "en", LANGUAGES, session)
    texts = [u.text for u in result]
    assert texts[0] == "Your carbon footprint"
    assert texts[1].startswith("Your carbon footprint is about ")
    assert "Start over, button" in texts
    tips = session.tips()
    assert tips and tips[0].tip.title("en") in texts
    assert ("already_do", tips[0].tip.id) in [u.action for u in result]


# eSpeak NG, the cache, the worker ----------------------------------------------------------


@needs_espeak
def test_espeak_writes_non_silent_wav_that_grows_with_the_text():
    voice = find_voice()
    short = wav_duration_and_rms(voice.synthesize("Hei.", "fi"))
    long = wav_duration_and_rms(voice.synthesize("Hei. " * 12 + "Tervetuloa näyttelyyn.", "fi"))
    assert short[1] > 300 and long[1] > 300
    assert long[0] > 5 * short[0]
    for code in LANGUAGES:
        seconds, rms = wav_duration_and_rms(voice.synthesize("Ilmastoteot", code))
        assert seconds > 0.3 and rms > 300


def test_espeak_runs_niced_and_started_without_forking_the_kiosk(tmp_path, monkeypatch):
    """A stand-in espeak-ng reports its niceness; Python forks (rather than vforks) only for a
    preexec_fn, which would copy the page tables of the whole kiosk while the frames wait."""
    program = tmp_path / "espeak-ng"
    program.write_text(
        "#!/bin/sh\nprintf 'RIFF'; cut -d' ' -f19 /proc/self/stat\n", encoding="utf-8"
    )
    program.chmod(0o755)
    started = []
    real_popen_init = subprocess.Popen.__init__

    def spy(self, *args, **kwargs):
        started.append(kwargs)
        real_popen_init(self, *args, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", spy)
    wav = Voice(str(program), "test").synthesize("Hei.", "fi")
    assert int(wav[4:].split()[0]) == min(19, os.nice(0) + NICENESS)  # 19: the lowest
    assert started and all(kwargs.get("preexec_fn") is None for kwargs in started)


def test_the_cache_key_names_text_language_voice_rate_and_version():
    base = speech_key("teksti", "fi", "fi", 160, "1.51")
    others = [
        speech_key("teksti!", "fi", "fi", 160, "1.51"),
        speech_key("teksti", "sv", "fi", 160, "1.51"),
        speech_key("teksti", "fi", "sv", 160, "1.51"),
        speech_key("teksti", "fi", "fi", 180, "1.51"),
        speech_key("teksti", "fi", "fi", 160, "1.52"),
    ]
    assert len({base, *others}) == 6
    assert base == speech_key("teksti", "fi", "fi", 160, "1.51")


def test_the_cache_stays_under_its_cap_and_drops_the_oldest(tmp_path):
    cache = SpeechCache(tmp_path / "speech", max_bytes=3000)
    for number in range(5):
        key = f"{number:064x}"
        assert cache.put(key, bytes([number]) * 1000) is not None
        os.utime(cache.path(key), (1000 + number, 1000 + number))
    assert cache.size() <= 3000
    assert cache.get(f"{0:064x}") is None and cache.get(f"{4:064x}") is not None
    assert cache.put("f" * 64, b"x" * 4000) is None  # larger than the whole cache


def test_the_cache_leaves_the_disk_its_reserve(tmp_path, monkeypatch):
    """Spoken texts never take the room the statistics and the log need: near the reserve the
    cache gives up its own oldest files, and writes nothing when that is not enough."""
    from kiosk.speech import cache as speech_cache

    cache = SpeechCache(tmp_path / "speech", reserve_bytes=10_000)
    disk = {"size": 12_500}  # what the file system could hold beside the cache's files
    monkeypatch.setattr(speech_cache, "_free_bytes", lambda _folder: disk["size"] - cache.size())
    keys = [f"{number:064x}" for number in range(3)]
    for age, key in enumerate(keys):
        assert cache.put(key, b"x" * 1000) is not None
        os.utime(cache.path(key), (1000 + age, 1000 + age))
    assert cache.get(keys[0]) is None, "the oldest gave way to keep the reserve"
    assert cache.get(keys[1]) is not None and cache.get(keys[2]) is not None
    assert cache.problem is None

    disk["size"] = 5_000  # the disk filled up with something else
    assert cache.put("e" * 64, b"x" * 1000) is None
    assert cache.size() == 0 and "nearly full" in cache.problem


def test_a_cache_that_cannot_be_written_degrades_quietly(tmp_path):
    blocked = tmp_path / "speech"
    blocked.write_text("a file where the folder should be")
    cache = SpeechCache(blocked)
    assert cache.put("a" * 64, b"RIFF") is None
    assert "cannot be written" in cache.problem
    assert cache.get("a" * 64) is None


@needs_espeak
def test_the_worker_renders_ahead_and_a_reload_renders_only_what_changed(exhibit, tmp_path):
    exhibition = load_content(Path("exhibits"), Path("media")).content.exhibition
    synthesizer = Synthesizer(find_voice(), SpeechCache(tmp_path / "speech"), LANGUAGES)
    reading = screen_reading(exhibition, Route(STATION, "housing-station"), "fi", LANGUAGES)
    assert all(synthesizer.cached(u) is None for u in reading)
    done = []
    synthesizer.request(reading, lambda utterance, path: done.append((utterance, path)))
    assert synthesizer.wait_idle(60)
    assert len(done) == len(set(reading)) and all(path is not None for _, path in done)
    assert all(synthesizer.cached(u) is not None for u in reading)
    rendered = synthesizer.rendered
    edit(Path("exhibits/themes/housing.yaml"), "Kappale yksi.", "Kappale yksi, muutettu.")
    changed = load_content(Path("exhibits"), Path("media")).content.exhibition
    again = screen_reading(changed, Route(STATION, "housing-station"), "fi", LANGUAGES)
    synthesizer.request(again)
    assert synthesizer.wait_idle(60)
    assert synthesizer.rendered == rendered + 1
    synthesizer.shutdown()


def test_without_espeak_the_synthesizer_is_silent_and_says_why(tmp_path):
    synthesizer = Synthesizer(
        find_voice(program="no-such-espeak"), SpeechCache(tmp_path), LANGUAGES
    )
    assert not synthesizer.available and "espeak-ng is not installed" in synthesizer.problem
    assert synthesizer.render(screen_reading_sample()) is None
    synthesizer.request([screen_reading_sample()])  # nothing to do, nothing raised
    assert synthesizer.pending() == 0


def screen_reading_sample():
    from kiosk.speech.reading import Utterance

    return Utterance("Hei", "fi")


@needs_espeak
def test_every_screen_in_every_language_speaks_longer_for_longer_text(bundled, tmp_path):
    """The bundled exhibition, every screen and language: non-silent speech, some 12–30
    characters a second, so no screen is cut short and none reads garbage at length."""
    exhibition = bundled.exhibition
    synthesizer = Synthesizer(find_voice(), SpeechCache(tmp_path / "speech"), LANGUAGES)
    synthesizer.use_lexicon(exhibition)
    session = finished_session(bundled)
    for code in LANGUAGES:
        measured = []
        for route in routes(exhibition):
            reading = screen_reading(exhibition, route, code, LANGUAGES, session, "fi")
            assert reading, route
            synthesizer.request(reading)
            assert synthesizer.wait_idle(600)
            seconds = chars = 0
            for utterance in reading:
                path = synthesizer.cached(utterance)
                assert path is not None, utterance
                duration, rms = wav_duration_and_rms(path)
                assert rms > 300, utterance
                seconds += duration
                chars += len(synthesizer.spoken_text(utterance.text, utterance.language))
            measured.append((chars, seconds, route))
            assert 8 < chars / seconds < 30, (code, route, chars, seconds)
        measured.sort(key=lambda item: item[0])
        (fewest, short_s, _), (most, long_s, _) = measured[0], measured[-1]
        assert most > 3 * fewest and long_s > 3 * short_s
    synthesizer.shutdown()


# The command line --------------------------------------------------------------------------


def test_validate_warns_when_espeak_ng_is_missing(exhibit, monkeypatch, capsys):
    header = "# yaml-language-server: $schema=schema/kiosk.schema.json\n"
    Path("kiosk.yaml").write_text(header + "speech:\n  enabled: true\n")
    monkeypatch.setenv("PATH", str(Path.cwd()))  # no espeak-ng on this PATH
    assert main(["validate", "--config", "kiosk.yaml"]) == 0
    assert main(["validate", "--config", "kiosk.yaml", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "kiosk.yaml:1:1: warning: speech: espeak-ng is not installed" in out
    Path("kiosk.yaml").write_text(header + "speech:\n  enabled: false\n")
    assert main(["validate", "--config", "kiosk.yaml", "--strict"]) == 0


@needs_espeak
def test_speak_prints_the_spoken_text_and_writes_the_wav(exhibit, capsys):
    out = Path("out.wav")
    assert main(["speak", "--lang", "sv", "Utsläppen 12 t CO₂e.", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == "Utsläppen 12 ton koldioxidekvivalenter."
    seconds, rms = wav_duration_and_rms(out)
    assert seconds > 1 and rms > 300


# Explore-by-touch gestures -----------------------------------------------------------------


def test_a_touch_is_a_tap_two_quick_ones_a_double_tap_and_a_sideways_stroke_a_swipe():
    from kiosk.speech.gestures import DOUBLE_TAP, NEXT, NONE, PREVIOUS, TAP, ExploreGestures

    size = (1920, 1080)
    gestures = ExploreGestures()

    def touch(x, y, t, to=None, held=0.05):
        gestures.down(x, y, t)
        end = to or (x, y)
        return gestures.up(end[0], end[1], t + held, size)

    assert touch(500, 500, 10.0) == TAP
    assert touch(505, 498, 10.3) == DOUBLE_TAP  # came down 0.25 s after the first lifted
    assert touch(505, 498, 10.6) == TAP  # a third tap starts afresh
    assert touch(505, 498, 11.5) == TAP  # too late for a double tap
    assert touch(900, 500, 11.7) == TAP  # too far away for one
    assert touch(500, 500, 20.0, to=(800, 520)) == NEXT
    assert touch(800, 500, 21.0, to=(500, 480)) == PREVIOUS
    assert touch(500, 500, 22.0, to=(520, 800)) == NONE  # up or down: neither
    assert touch(500, 500, 23.0, to=(800, 500), held=2.0) == NONE  # too slow for a swipe


# The keypad --------------------------------------------------------------------------------


def test_every_key_has_one_command_and_numpad_keys_work_with_num_lock_on_or_off():
    from kivy.core.window import Keyboard

    from kiosk.speech import keymap

    keys = [key for names in keymap.KEYMAP.values() for key in names]
    assert len(keys) == len(set(keys))  # no key does two things
    assert all(key in Keyboard.keycodes for key in keys), set(keys) - set(Keyboard.keycodes)
    assert keymap.command_for("numpad6") == keymap.command_for("right") == keymap.NEXT
    assert keymap.command_for("numpad4") == keymap.command_for("left") == keymap.PREVIOUS
    assert keymap.command_for("numpadenter") == keymap.command_for("numpad5") == keymap.CHOOSE
    assert keymap.command_for("numpad7") == keymap.command_for("home") == keymap.HOME
    assert keymap.command_for("numpad1") == keymap.command_for("end") == keymap.BACK
    assert keymap.command_for("numpad0") == keymap.command_for("insert") == keymap.REPEAT
    assert keymap.command_for("tab") == keymap.NEXT
    assert keymap.command_for("tab", ["shift"]) == keymap.PREVIOUS
    assert keymap.command_for("escape") is None and "escape" in keymap.IGNORED
    assert set(keymap.WHAT) == set(keymap.KEYMAP)


def test_the_documented_key_map_is_the_one_the_kiosk_uses():
    from kiosk.speech import keymap

    doc = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
    for command, keys in keymap.KEYMAP.items():
        row = next(
            line for line in doc.splitlines() if line.startswith(f"| {keymap.WHAT[command]} |")
        )
        for key in keys:
            assert f"`{key}`" in row, (command, key, row)


def test_every_test_the_conformance_table_names_exists():
    import re

    doc = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", doc)
    assert len(named) > 20
    for path, name in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert not name or f"def {name}(" in source, (path, name)
