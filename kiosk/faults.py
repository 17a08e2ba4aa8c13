"""What is wrong with the kiosk right now, for the health file and the staff menu (no Kivy).

Every part that can degrade (the log, statistics, the caches, the settings, the data folder)
reports a fault here under a key of its own when it starts failing and clears it when it works
again; the kiosk keeps running either way. A new fault is written once to the journal (the
process's real standard error, which systemd keeps), because the log file itself may be what
cannot be written. Thread-safe: the statistics writer and the picture preparer report from
their own threads.
"""

from __future__ import annotations

import errno
import sys
import threading
from collections.abc import Callable

DISK_FULL = "disk full"
READ_ONLY = "read-only"
JOURNAL_PREFIX = "kiosk: "


def journal(line: str) -> None:
    """One line to the process's own standard error (the journal under systemd), even when
    Kivy has put its logger in the place of `sys.stderr`; never raises."""
    stream = sys.__stderr__
    if stream is None:
        return
    try:
        stream.write(JOURNAL_PREFIX + line.replace("\n", " ") + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def os_error_kind(exc: BaseException) -> str | None:
    """DISK_FULL or READ_ONLY for the errors a full or read-only disk gives, else None."""
    number = getattr(exc, "errno", None)
    if number in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL
    if number == errno.EROFS:
        return READ_ONLY
    return None


class Faults:
    """The faults in force, by key (the part that has it), each with a message for staff."""

    def __init__(self, report: Callable[[str], None] = journal):
        self._report = report
        self._lock = threading.Lock()
        self._messages: dict[str, str] = {}

    def set(self, key: str, message: str) -> bool:
        """Records the fault `key`; True (and one journal line) when it is new or its message
        changed. Never raises."""
        with self._lock:
            new = self._messages.get(key) != message
            self._messages[key] = message
        if new:
            self._report(f"{key}: {message}")
        return new

    def clear(self, key: str) -> bool:
        """The part `key` works again; True (and one journal line) when it had a fault."""
        with self._lock:
            had = self._messages.pop(key, None) is not None
        if had:
            self._report(f"{key}: working again")
        return had

    def has(self, key: str) -> bool:
        with self._lock:
            return key in self._messages

    def lines(self) -> list[str]:
        """Every fault in force as "key: message", sorted by key."""
        with self._lock:
            return [f"{key}: {message}" for key, message in sorted(self._messages.items())]

    def reset(self) -> None:
        with self._lock:
            self._messages.clear()


FAULTS = Faults()
"""The process's faults: the kiosk is one process, and its parts report from any thread."""
