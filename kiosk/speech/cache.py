"""Spoken WAV files in the data folder: <data_dir>/cache/speech/<key>.wav (no Kivy).

A key names everything that changes the sound: the text after the lexicon, the language, the
voice, the rate and espeak-ng's version. The folder is capped in bytes (speech is some 44 KB a
second); the files used longest ago go first. It also leaves the disk RESERVE_BYTES free, so
that spoken texts never take the room the statistics and the log need. A full disk or a
read-only folder never stops the kiosk: what is not cached is not spoken, the problem is logged
once and shown to staff (`problem`), and the next write that succeeds clears it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import threading
from pathlib import Path

from kiosk.atomic import write_atomically

log = logging.getLogger(__name__)

FORMAT_VERSION = 1  # raise when the cached files change for the same key
ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.wav")
DEFAULT_MAX_BYTES = 500_000_000
RESERVE_BYTES = 64 * 1024 * 1024  # free space the cache never writes into


def speech_cache_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "cache" / "speech"


def speech_key(text: str, language: str, voice_name: str, rate_wpm: int, version: str) -> str:
    named = "\0".join((str(FORMAT_VERSION), version, voice_name, str(rate_wpm), language, text))
    return hashlib.sha256(named.encode("utf-8")).hexdigest()


class SpeechCache:
    def __init__(
        self, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES, reserve_bytes: int = RESERVE_BYTES
    ):
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.reserve_bytes = reserve_bytes
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
            if not self._disk_has_room(len(wav)):
                if self.problem is None:
                    log.warning("speech cache %s: the disk is nearly full", self.folder)
                self.problem = "speech cache: the disk is nearly full; spoken texts are not kept"
                return None
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

    def _disk_has_room(self, incoming: int) -> bool:
        """Whether `incoming` bytes leave the disk reserve_bytes free, after giving up the
        cache's own files used longest ago if that is what it takes."""
        short = self.reserve_bytes + incoming - _free_bytes(self.folder)
        for path, size, _ in sorted(self._entries(), key=lambda entry: entry[2]):
            if short <= 0:
                break
            try:
                path.unlink()
            except OSError:
                continue
            short -= size
        return short <= 0

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


def _free_bytes(folder: Path) -> int:
    """Free bytes on the file system `folder` is (or will be) on; 0 when it cannot be told."""
    for place in (folder, *folder.parents):
        try:
            return shutil.disk_usage(place).free
        except OSError:
            continue
    return 0
