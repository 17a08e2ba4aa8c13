"""Spoken WAV files in the data folder: <data_dir>/cache/speech/<key>.wav (no Kivy).

A key names everything that changes the sound: the text after the lexicon, the language, the
voice, the rate and espeak-ng's version. The folder is capped in bytes (speech is some 44 KB a
second); the files used longest ago go first. A full disk or a read-only folder never stops
the kiosk: what is not cached is not spoken, the problem is logged once and shown to staff
(`problem`), and the next write that succeeds clears it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from pathlib import Path

from kiosk.atomic import write_atomically

log = logging.getLogger(__name__)

FORMAT_VERSION = 1  # raise when the cached files change for the same key
ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.wav")
DEFAULT_MAX_BYTES = 500_000_000


def speech_cache_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "cache" / "speech"


def speech_key(text: str, language: str, voice_name: str, rate_wpm: int, version: str) -> str:
    named = "\0".join((str(FORMAT_VERSION), version, voice_name, str(rate_wpm), language, text))
    return hashlib.sha256(named.encode("utf-8")).hexdigest()


class SpeechCache:
    def __init__(self, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES):
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.problem: str | None = None  # why the last write failed, for health and staff
        self._lock = threading.Lock()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.wav"

    def get(self, key: str) -> Path | None:
        """The cached file for `key`, marked as just used; None when there is none (an empty
        file, left by a power cut before the flush, counts as none)."""
        path = self.path(key)
        try:
            if path.stat().st_size == 0:
                return None
            os.utime(path)
        except OSError:
            return None
        return path

    def put(self, key: str, wav: bytes) -> Path | None:
        """Keeps `wav` under `key` and makes room under the cap; None when it cannot be
        written (the caller plays the bytes it has)."""
        if len(wav) > self.max_bytes:
            return None
        with self._lock:
            self._make_room(len(wav))
            try:
                path = write_atomically(self.path(key), wav)
            except OSError as exc:
                if self.problem is None:
                    log.warning("speech cache %s cannot be written: %s", self.folder, exc)
                self.problem = f"speech cache cannot be written: {exc.strerror or exc}"
                return None
            self.problem = None
            return path

    def size(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def _entries(self) -> list[tuple[Path, int, float]]:
        entries = []
        try:
            names = list(self.folder.iterdir())
        except OSError:
            return entries
        for path in names:
            if not ENTRY_NAME.fullmatch(path.name):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((path, stat.st_size, stat.st_mtime))
        return entries

    def _make_room(self, incoming: int) -> None:
        """Removes the files used longest ago until `incoming` more bytes fit the cap."""
        entries = sorted(self._entries(), key=lambda entry: entry[2])
        total = sum(size for _, size, _ in entries)
        for path, size, _ in entries:
            if total + incoming <= self.max_bytes:
                break
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                continue
            total -= size
