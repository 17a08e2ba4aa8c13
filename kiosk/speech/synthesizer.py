"""Speech rendered ahead of need on one worker thread, into the speech cache (no Kivy).

The UI asks `cached(utterance)` on its own thread (a file lookup, no synthesis) and plays what
is there; `request(utterances)` renders the rest in the background, the visitor's latest
request before anything rendered ahead. A text already in the cache costs nothing, so asking
again for every screen after a live reload renders only the texts that changed.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from kiosk.speech.cache import SpeechCache, speech_key
from kiosk.speech.lexicon import Entry, Lexicon
from kiosk.speech.voice import MISSING_MESSAGE, Voice, VoiceUnavailable

log = logging.getLogger(__name__)

Done = Callable[[object, Path | None], None]  # (utterance, cached file or None)


def lexicon_entries(exhibition, language: str) -> tuple[Entry, ...]:
    """The curator's lexicon entries (exhibition.yaml `lexicon:`) for `language`."""
    return tuple(
        Entry(word.written, word.spoken(language), word.unit) for word in exhibition.lexicon
    )


class Synthesizer:
    def __init__(self, voice: Voice | None, cache: SpeechCache, languages: Iterable[str]):
        self.voice = voice
        self.cache = cache
        self.languages = tuple(languages)
        self._lexicons: dict[str, Lexicon] = {}
        """By language: the built-in words alone (each made when first needed) until
        use_lexicon adds the content's."""
        self._lock = threading.Condition()
        self._queue: OrderedDict[str, tuple[object, list[Done]]] = OrderedDict()
        self._stopped = False
        self._thread: threading.Thread | None = None
        self.rendered = 0  # texts synthesised (not found in the cache) since the start
        self.problem: str | None = None if voice is not None else MISSING_MESSAGE

    @property
    def available(self) -> bool:
        return self.voice is not None

    def use_voice(self, voice: Voice | None) -> None:
        """The voice found (None: none installed), when it was not known at the start."""
        self.voice = voice
        self.problem = None if voice is not None else MISSING_MESSAGE

    def use_lexicon(self, exhibition) -> None:
        """The curator's entries from the content (again after a live reload)."""
        lexicons = {
            code: Lexicon(code, lexicon_entries(exhibition, code)) for code in self.languages
        }
        with self._lock:
            self._lexicons = lexicons

    def spoken_text(self, text: str, language: str) -> str:
        lexicon = self._lexicons.get(language)
        if lexicon is None:
            lexicon = Lexicon(language)
            if language in self.languages:
                with self._lock:  # use_lexicon's, if it came meanwhile, stays
                    lexicon = self._lexicons.setdefault(language, lexicon)
        return lexicon.spoken(text)

    def key(self, utterance) -> str | None:
        if self.voice is None:
            return None
        language = utterance.language
        return speech_key(
            self.spoken_text(utterance.text, language),
            language,
            self.voice.name_for(language),
            self.voice.rate_wpm,
            self.voice.version,
        )

    def cached(self, utterance) -> Path | None:
        """The utterance's WAV if it is in the cache: cheap enough for the UI thread."""
        key = self.key(utterance)
        return self.cache.get(key) if key is not None else None

    def render(self, utterance) -> Path | None:
        """The utterance's WAV, synthesised now unless cached; None without a voice or when
        the cache cannot be written."""
        key = self.key(utterance)
        if key is None:
            return None
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        text = self.spoken_text(utterance.text, utterance.language)
        try:
            wav = self.voice.synthesize(text, utterance.language)
        except VoiceUnavailable as exc:
            if self.problem != str(exc):
                log.warning("speech: %s", exc)
            self.problem = str(exc)
            return None
        self.rendered += 1
        return self.cache.put(key, wav)

    # The worker ----------------------------------------------------------------------------

    def request(self, utterances: Iterable, done: Done | None = None, urgent: bool = False):
        """Renders `utterances` in the background; `done(utterance, path)` runs on the worker
        thread for each. `urgent` ones (what a visitor is waiting for) go first."""
        if self.voice is None:
            return
        with self._lock:
            if self._stopped:
                return
            items = list(utterances)
            for utterance in reversed(items) if urgent else items:
                key = self.key(utterance)
                entry = self._queue.get(key)
                if entry is None:
                    entry = self._queue[key] = (utterance, [])
                if done is not None:
                    entry[1].append(done)
                if urgent:
                    self._queue.move_to_end(key, last=False)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="speech-synthesizer", daemon=True
                )
                self._thread.start()
            self._lock.notify()

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Waits until every request is rendered (for commands and tests)."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._queue and not self._busy, timeout)

    _busy = False

    def _work(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._queue or self._stopped)
                if self._stopped:
                    return
                key, (utterance, callbacks) = self._queue.popitem(last=False)
                self._busy = True
            try:
                path = self.render(utterance)
            except Exception:  # noqa: BLE001 - speech is never worth the kiosk
                log.exception("speech: rendering failed")
                path = None
            for callback in callbacks:
                try:
                    callback(utterance, path)
                except Exception:  # noqa: BLE001
                    log.exception("speech: a callback failed")
            with self._lock:
                self._busy = False
                self._lock.notify_all()

    def shutdown(self) -> None:
        with self._lock:
            self._stopped = True
            self._queue.clear()
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
