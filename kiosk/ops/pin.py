"""The staff PIN pad's gate: it backs off wrong PINs, with the back-off kept in the data folder
across restarts, so a guesser at the keypad gets a few tries a day. An injected clock; no Kivy.
The PIN's format and hash are kiosk.pin_hash.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.atomic import write_atomically
from kiosk.pin_hash import is_pin_hash, verify_pin

log = logging.getLogger(__name__)

LOCKOUT_FILE = "staff-pin-lockout.json"
OK, WRONG, LOCKED, NO_PIN = "ok", "wrong", "locked", "no-pin"


class PinGate:
    """The PIN pad's answer to each PIN typed: OK, WRONG, LOCKED (still backing off: the PIN
    was not even checked) or NO_PIN (none is set, so the staff menu cannot be opened).

    The LOCK_AFTER-th wrong PIN in a row locks the pad for FIRST_LOCK_S, and each wrong PIN
    after that doubles the lock, up to MAX_LOCK_S: 30 s, 60 s, 120 s, … a day. A WRONG answer
    may thus come with a lock: show `locked_for_s()`. The right PIN forgets the wrong ones, and
    so does a week without a wrong PIN (FORGET_AFTER_S), so that a few curious visitors over
    months do not lock staff out; a guesser gets a few tries a day.

    With `state_file` (in the data folder: lockout_path()), the count survives a restart, and
    `kiosk unlock-staff` clears it from the PC's shell, also while the kiosk runs: the file is
    read again whenever it changed. Times there are wall-clock (the default clock), so they
    mean the same after a reboot. When the file cannot be written (a full disk), the count
    stays in memory and the pad works as before.
    """

    LOCK_AFTER = 3
    FIRST_LOCK_S = 30.0
    MAX_LOCK_S = 24 * 60 * 60.0
    FORGET_AFTER_S = 7 * 24 * 60 * 60.0

    def __init__(
        self,
        stored_hash: str | None,
        clock: Callable[[], float] | None = None,
        state_file: Path | None = None,
    ):
        self.stored_hash = stored_hash
        self.clock = clock or time.time
        self.state_file = Path(state_file) if state_file else None
        self.failures = 0
        self.last_failure = 0.0
        self.locked_until = 0.0
        self._seen = _signature(self.state_file)
        self._read_state()

    @property
    def configured(self) -> bool:
        return is_pin_hash(self.stored_hash)

    def locked_for_s(self) -> float:
        """Seconds until the next PIN is checked; 0 when it would be now. Never more than
        MAX_LOCK_S, even if the clock was set back."""
        self._sync()
        return min(max(0.0, self.locked_until - self.clock()), self.MAX_LOCK_S)

    def try_pin(self, pin: str) -> str:
        if not self.configured:
            return NO_PIN
        if self.locked_for_s() > 0:
            return LOCKED
        now = self.clock()
        if self.failures and now - self.last_failure >= self.FORGET_AFTER_S:
            self.failures = 0
        if verify_pin(pin, self.stored_hash):
            if self.failures:
                self.failures, self.locked_until = 0, 0.0
                self._write_state()
            return OK
        self.failures += 1
        self.last_failure = now
        doublings = self.failures - self.LOCK_AFTER
        if doublings >= 0:
            lock = self.FIRST_LOCK_S * 2 ** min(doublings, 16)  # 2**16 × 30 s is past any cap
            self.locked_until = now + min(lock, self.MAX_LOCK_S)
        self._write_state()
        return WRONG

    def _sync(self) -> None:
        """Takes up a change someone else made to the file: `kiosk unlock-staff` removing it."""
        signature = _signature(self.state_file)
        if signature == self._seen:
            return
        self._seen = signature
        if signature is None:
            log.info("staff PIN lock-out cleared from outside the kiosk")
            self.failures, self.last_failure, self.locked_until = 0, 0.0, 0.0
        else:
            self._read_state()

    def _read_state(self) -> None:
        if self.state_file is None or self._seen is None:
            return
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
            failures = int(state["failures"])
            last_failure, locked_until = float(state["last_failure"]), float(state["locked_until"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning(
                "staff PIN lock-out file %s unreadable (%s): kept as it was", self.state_file, exc
            )
            return
        self.failures = max(self.failures, failures)
        self.last_failure = max(self.last_failure, last_failure)
        self.locked_until = max(self.locked_until, locked_until)

    def _write_state(self) -> None:
        if self.state_file is None:
            return
        try:
            if self.failures:
                state = {
                    "failures": self.failures,
                    "last_failure": self.last_failure,
                    "locked_until": self.locked_until,
                }
                write_atomically(self.state_file, json.dumps(state) + "\n", mode=0o600)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.state_file)
        except OSError as exc:
            log.warning("staff PIN lock-out not saved (%s); kept in memory until a restart", exc)
        self._seen = _signature(self.state_file)


def lockout_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOCKOUT_FILE


def clear_lockout(data_dir: Path) -> int | None:
    """Forgets the wrong PINs counted in `data_dir` (the running kiosk notices); returns how
    many there were, or None when there was no lock-out file. Raises OSError."""
    path = lockout_path(data_dir)
    try:
        failures = int(json.loads(path.read_text(encoding="utf-8")).get("failures", 0))
    except FileNotFoundError:
        return None
    except (ValueError, AttributeError, TypeError):
        failures = 0
    path.unlink()
    return failures


def _signature(path: Path | None):
    if path is None:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino
