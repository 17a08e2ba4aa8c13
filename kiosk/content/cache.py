"""The last valid content, kept in the kiosk's data folder for its next start.

Reading and checking an exhibition (YAML with every line and column, the header of every
picture) takes a tenth of a second or so on a kiosk PC, at every start. An exhibition whose
files have not changed since is read back from here instead, in a few milliseconds. The key
covers everything the result depends on: the snapshot of every file under exhibits/ and media/
(path, mtime, size, inode: kiosk.reload.snapshot), the kiosk's own code, the settings that
shape the check (languages, the longest link) and the working folder (messages name files
relative to it). Any edit, another version of the kiosk or other
settings load afresh.

The file is pickled, so it must only ever come from the kiosk itself: it lives in the kiosk's
own data folder beside the prepared pictures, is replaced whole (a power cut leaves the old
file or the new one), and one that cannot be read is ignored and written again. Only valid
content is kept."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
from pathlib import Path

from kiosk.atomic import write_atomically
from kiosk.faults import FAULTS

log = logging.getLogger(__name__)
FAULT_KEY = "content cache"

PACKAGE = Path(__file__).resolve().parent.parent
FORMAT = 1


def content_cache_path(settings) -> Path:
    return Path(settings.data_dir) / "cache" / "content.pickle"


@functools.cache
def code_signature() -> str:
    """(file, size, mtime) of every module of the kiosk: another version, another key. Taken
    once per process: the code that checked the content is the code loaded at start."""
    entries = []
    prefix = len(str(PACKAGE)) + 1  # the path below the package, as os.path.relpath gives it

    def scan(folder: str) -> None:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=False):
                    scan(entry.path)
                elif entry.name.endswith(".py"):
                    stat = entry.stat()
                    entries.append((entry.path[prefix:], stat.st_size, stat.st_mtime_ns))

    scan(str(PACKAGE))
    return repr(sorted(entries))


class ContentCache:
    """`settings_key` names the settings the content was checked with."""

    def __init__(self, path: Path, settings_key: str = ""):
        self.path = Path(path)
        self.settings_key = settings_key
        self._unwritten = None

    def key(self, files) -> str:
        digest = hashlib.sha256()
        # The working folder too: messages name files relative to it (shown_path).
        parts = (str(FORMAT), repr(sorted(files)), code_signature(), self.settings_key, os.getcwd())
        for part in parts:
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        return digest.hexdigest()

    def get(self, files):
        """The LoadResult kept for exactly these files, or None."""
        try:
            with open(self.path, "rb") as stored:
                kept = pickle.load(stored)
        except FileNotFoundError:
            return None
        except Exception as exc:  # noqa: BLE001 - a damaged cache only costs a fresh load
            log.warning("content cache %s unreadable (%s): loading afresh", self.path, exc)
            return None
        if not isinstance(kept, dict) or kept.get("key") != self.key(files):
            return None
        return kept.get("result")

    def retry(self) -> None:
        """Writes the content a failed put() could not, if any: call it every few seconds,
        so that the cache (and its fault) recovers by itself when space returns."""
        if self._unwritten is not None:
            self.put(*self._unwritten)

    def put(self, files, result) -> None:
        """Keeps `result` for these files if it is valid content."""
        if result.content is None or result.diagnostics.errors:
            return
        self._unwritten = (files, result)
        kept = pickle.dumps({"key": self.key(files), "result": result}, protocol=5)
        try:
            write_atomically(self.path, kept)
        except OSError as exc:  # a full disk: the next start loads afresh
            if FAULTS.set(FAULT_KEY, f"{self.path} not written ({exc}); kept in memory only"):
                log.warning("content cache %s not written: %s", self.path, exc)
            return
        self._unwritten = None
        FAULTS.clear(FAULT_KEY)
