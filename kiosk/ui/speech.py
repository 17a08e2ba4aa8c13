"""The kiosk's voice on the Kivy side: plays each screen's reading order through SDL2 audio
(Kivy's SoundLoader), stops it when the visitor moves on, and renders ahead of need.

What a screen says is kiosk.speech.reading's; the voice and its cache are kiosk.speech's. This
module connects them to the navigator and the clock. Nothing here ever waits for synthesis on
the UI thread: a text not yet in the cache is rendered on the worker, urgently, and played when
it arrives, if the visitor is still waiting for it.
"""

from __future__ import annotations

import io

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.logger import Logger
from kivy.properties import BooleanProperty, NumericProperty

from kiosk.atomic import write_atomically
from kiosk.i18n import tr
from kiosk.navigator import Route
from kiosk.screens import ATTRACT, GOAL, HOME, STATION, THEME
from kiosk.speech.cache import SpeechCache, speech_cache_dir
from kiosk.speech.reading import Utterance, screen_reading
from kiosk.speech.synthesizer import Synthesizer
from kiosk.speech.voice import find_voice

SPEECH_MODE_ON = (
    "Speech mode is on. Touch the screen to hear what is under your finger. Double-tap to "
    "choose it. Swipe right or left to move to the next or previous item."
)
VOLUME_STEP = 0.1
PROBE_FILE = "probe.wav"
NO_SOUND_DEVICE = "no sound device: the kiosk runs silently"


def _silence(seconds: float = 0.05, rate: int = 22050) -> bytes:
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\0\0" * int(seconds * rate))
    return buffer.getvalue()


class Speech(EventDispatcher):
    """The app's one voice. `mode` is speech mode (explore by touch); `speaking` is True while
    something plays."""

    mode = BooleanProperty(False)
    speaking = BooleanProperty(False)
    volume = NumericProperty(0.8)
    low_reach_toggle = BooleanProperty(False)
    """The top bar shows the lowered layout's button: it is read with the others."""
    offered = BooleanProperty(False)
    """Visitors are offered speech (the Listen button): on in kiosk.yaml and a voice
    installed, known once `start` has looked for the voice. A missing sound device is staff's
    to fix; the button stays in its place."""

    def __init__(self, settings, **kwargs):
        super().__init__(**kwargs)
        self.settings = settings
        speech = settings.speech
        self.volume = speech.volume
        cache = SpeechCache(speech_cache_dir(settings.data_dir), speech.cache_max_bytes)
        # The voice is looked for in `start` (a subprocess), after the first frame.
        self.synthesizer = Synthesizer(None, cache, settings.languages.available)
        self.sound_device: bool | None = None  # None: not tried yet
        self.navigator = None
        self.quiz_session = None
        self.exhibition = None
        self._queue: list[Utterance] = []
        self._sound = None
        self._generation = 0
        self.played: list[Utterance] = []  # the last utterances started, newest last
        self._voice_looked_for = False

    # State for health and staff --------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self.settings.speech.enabled

    @property
    def available(self) -> bool:
        """Speech can be heard: on in kiosk.yaml, a voice, and a sound device."""
        return self.enabled and self.synthesizer.available and self.sound_device is not False

    def problem(self) -> str | None:
        """Why visitors cannot hear the kiosk, for health and the staff menu; None when they
        can (or speech is off in kiosk.yaml)."""
        if not self.enabled or not self._voice_looked_for:
            return None
        if not self.synthesizer.available:
            return self.synthesizer.problem
        if self.sound_device is False:
            return NO_SOUND_DEVICE
        return self.synthesizer.cache.problem or self.synthesizer.problem

    def status(self) -> str:
        if not self.enabled:
            return "off"
        return self.problem() or "ok"

    # Start, content, navigation ------------------------------------------------------------

    def start(self, navigator, quiz_session, exhibition) -> None:
        """Finds the voice (the Listen button appears when there is one), follows the
        navigator and readies the content's first readings."""
        self.look_for_voice()
        self.navigator = navigator
        self.quiz_session = quiz_session
        navigator.subscribe(self._route_changed)
        self.use_content(exhibition)
        self.sound_device = self._probe_sound_device()
        if self.sound_device is False:
            Logger.warning(f"Speech: {NO_SOUND_DEVICE}")

    def look_for_voice(self) -> None:
        """Runs espeak-ng to find the voice; `offered` says whether there is one."""
        speech = self.settings.speech
        if not speech.enabled:
            return
        self.synthesizer.use_voice(find_voice(speech.rate_wpm))
        self._voice_looked_for = True
        self.offered = self.synthesizer.available
        if not self.offered:
            Logger.warning(f"Speech: {self.synthesizer.problem}")

    def use_content(self, exhibition) -> None:
        """New content (at start, after a live reload): its lexicon, and the attract and home
        screens in every language rendered ahead; unchanged texts are already cached."""
        self.exhibition = exhibition
        if exhibition is None or not self.synthesizer.available:
            return
        self.synthesizer.use_lexicon(exhibition)
        for language in self.navigator.languages:
            for route in (Route(ATTRACT), Route(HOME)):
                self.synthesizer.request(self.reading(route, language))

    def _probe_sound_device(self) -> bool:
        """Whether SDL opened a sound device: a short silent WAV that loads with no length
        means it did not (the kiosk then runs silently and says so)."""
        if not self.enabled:
            return False
        from kivy.core.audio import SoundLoader  # Kivy's audio: once sound is first needed

        try:
            path = write_atomically(self.synthesizer.cache.folder / PROBE_FILE, _silence())
        except OSError as exc:
            Logger.warning(f"Speech: cannot write the sound probe: {exc}")
            return True  # unknown; the cache problem is reported on its own
        sound = SoundLoader.load(str(path))
        if sound is None or not sound.length:
            return False
        sound.unload()
        return True

    def _route_changed(self, route: Route, language: str, why: str) -> None:
        self.stop()
        if why == "reset":  # the next visitor starts as kiosk.yaml says
            self.mode = False
            self.volume = self.settings.speech.volume
        elif why == "content":
            self.use_content(self.navigator.exhibition)
        if why == "open" and route.screen in (THEME, GOAL):
            # After the frame that answers the tap: working out the texts takes a few ms.
            Clock.schedule_once(lambda _dt: self.prepare_theme(route.target, language), 0)
        if self.mode and why not in ("reset", "content"):
            Clock.schedule_once(lambda _dt: self.read_screen(), 0)

    def prepare_theme(self, theme_id: str, language: str) -> None:
        """A theme opened: its stations are rendered ahead, in the visitor's language."""
        theme = self.exhibition.theme(theme_id) if self.exhibition else None
        if theme is None:
            return
        for station in theme.stations:
            self.synthesizer.request(self.reading(Route(STATION, station.id), language))

    # What is said ----------------------------------------------------------------------------

    def reading(self, route: Route | None = None, language: str | None = None):
        navigator = self.navigator
        if navigator is None or self.exhibition is None:
            return ()
        return screen_reading(
            self.exhibition,
            route or navigator.route,
            language or navigator.language,
            tuple(navigator.languages),
            self.quiz_session,
            navigator.default_language,
            low_reach_toggle=self.low_reach_toggle,
        )

    def read_screen(self) -> None:
        """The Listen button: the whole screen, in reading order."""
        self.say(self.reading())

    def say_text(self, message: str, language: str | None = None) -> None:
        language = language or (self.navigator.language if self.navigator else "fi")
        self.say([Utterance(tr(message, language), language)])

    def say_in_every_language(self, message: str) -> None:
        """`message` in the visitor's language, then in the others: on the attract screen
        nobody has chosen a language yet."""
        first = self.navigator.language if self.navigator else "fi"
        codes = [first, *(c for c in self.settings.languages.available if c != first)]
        self.say([Utterance(tr(message, code), code) for code in codes])

    def say(self, utterances) -> None:
        """Stops what plays and says `utterances` in order, from the cache as far as it has
        them; the rest are rendered urgently and played when they arrive."""
        self.stop()
        if not self.available:
            return
        self._queue = list(utterances)
        missing = [u for u in self._queue if self.synthesizer.cached(u) is None]
        if missing:
            generation = self._generation
            self.synthesizer.request(
                missing,
                lambda u, path: Clock.schedule_once(lambda _dt: self._arrived(generation), 0),
                urgent=True,
            )
        self._play_next()

    def _arrived(self, generation: int) -> None:
        if generation == self._generation and self._sound is None and self._queue:
            self._play_next()

    def _play_next(self) -> None:
        from kivy.core.audio import SoundLoader

        while self._queue:
            utterance = self._queue[0]
            path = self.synthesizer.cached(utterance)
            if path is None:
                self.speaking = True
                return  # still being rendered: _arrived plays it
            self._queue.pop(0)
            sound = SoundLoader.load(str(path))
            if sound is None or not sound.length:
                continue
            sound.volume = self.volume
            generation = self._generation
            sound.bind(on_stop=lambda _s, g=generation: self._finished(g))
            self._sound = sound
            self.played.append(utterance)
            del self.played[:-50]
            self.speaking = True
            sound.play()
            return
        self.speaking = False

    def _finished(self, generation: int) -> None:
        if generation != self._generation:
            return  # stopped on purpose
        self._release()
        self._play_next()

    def _release(self) -> None:
        sound, self._sound = self._sound, None
        if sound is not None:
            sound.unload()

    def stop(self) -> None:
        """Silence now: navigation, a language switch and the idle reset all stop speech."""
        self._generation += 1
        self._queue = []
        sound = self._sound
        if sound is not None:
            sound.stop()
        self._release()
        self.speaking = False

    def change_volume(self, steps: int) -> None:
        self.volume = max(0.0, min(1.0, round(self.volume + steps * VOLUME_STEP, 2)))
        if self._sound is not None:
            self._sound.volume = self.volume

    def shutdown(self) -> None:
        self.stop()
        self.synthesizer.shutdown()
