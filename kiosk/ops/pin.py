"""The staff PIN: stored only as a salted scrypt hash, and a gate that backs off wrong PINs.

Pure Python with an injected clock; no Kivy. The hash is self-describing,
`scrypt$n$r$p$salt$hash` (salt and hash in base64), so that stronger parameters can be chosen
later without breaking PINs already set. A new PIN is 6 to 8 digits, and not a trivial one
(111111, 123456, 121212): staff type it on a touch keypad. A PIN set before that rule (4 or 5
digits) still opens the menu. Even 6 digits are few enough guesses that whoever can read
kiosk.yaml can find the PIN offline in hours: keep the file readable only by root and the
kiosk user (deploy/install.sh does). At the keypad, the gate's back-off, kept in the data
folder across restarts, leaves a guesser a few tries a day.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.atomic import write_atomically

log = logging.getLogger(__name__)

PIN_PATTERN = re.compile(r"[0-9]{4,8}")  # what the keypad may open with (older PINs: 4 digits)
NEW_PIN_PATTERN = re.compile(r"[0-9]{6,8}")
PIN_RULE = "a PIN is 6 to 8 digits"
LOCKOUT_FILE = "staff-pin-lockout.json"
SCHEME = "scrypt"
# 16 MiB and some 50 ms per try on a kiosk PC: slow for an offline guesser, quick for staff.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
# A hash from a hand-edited kiosk.yaml must not make the kiosk allocate gigabytes.
MAX_N, MAX_R, MAX_P = 2**20, 32, 16
SCRYPT_MAXMEM = 256 * 1024 * 1024

OK, WRONG, LOCKED, NO_PIN = "ok", "wrong", "locked", "no-pin"


def is_valid_pin(pin: str) -> bool:
    """Whether `pin` could be a staff PIN at the keypad (a new one must also pass pin_problem)."""
    return bool(PIN_PATTERN.fullmatch(pin))


def pin_problem(pin: str) -> str | None:
    """Why `pin` may not be set as a new staff PIN, or None: fewer than 6 digits, or one a
    guesser tries first (one digit repeated, a run up or down, a short group repeated)."""
    if not NEW_PIN_PATTERN.fullmatch(pin):
        return PIN_RULE
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if steps == {0}:
        return "a PIN of one digit repeated is the first a guesser tries"
    if steps in ({1}, {9}):
        return "a PIN of consecutive digits is the first a guesser tries"
    for size in (2, 3, 4):
        if len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size):
            return "a PIN of a few digits repeated is among the first a guesser tries"
    return None


def hash_pin(pin: str) -> str:
    """`pin` as `scrypt$n$r$p$salt$hash`, with a new random salt each time."""
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    fields = (SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest))
    return "$".join(fields)


def is_pin_hash(stored: str | None) -> bool:
    """Whether `stored` is a hash this module can check (not, say, a PIN typed in by hand)."""
    return _parse(stored) is not None


def pin_hash_problem(stored: str) -> str | None:
    """Why the keypad could never open with `stored` (for `kiosk validate`), or None."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return "not a PIN hash (scrypt$N$r$p$salt$hash); set the PIN with `kiosk set-pin`"
    if _parse(stored) is not None:
        return None
    try:
        n, r, p = (int(part) for part in parts[1:4])
    except ValueError:
        return "the PIN hash's parameters are not numbers; set the PIN again with `kiosk set-pin`"
    if 0 < r <= MAX_R and 0 < p <= MAX_P and n > 1 and _scrypt_memory(n, r, p) > SCRYPT_MAXMEM:
        mebibytes = _scrypt_memory(n, r, p) // 2**20
        return (
            f"the PIN hash asks for {mebibytes} MiB to check a PIN; at most "
            f"{SCRYPT_MAXMEM // 2**20} MiB: set the PIN again with `kiosk set-pin`"
        )
    return (
        "the PIN hash is damaged or its parameters are out of range; set the PIN again with "
        "`kiosk set-pin`"
    )


def _scrypt_memory(n: int, r: int, p: int) -> int:
    """What OpenSSL's scrypt allocates for these parameters; over `maxmem` it refuses."""
    return 128 * r * (n + 2) + 128 * r * p


def verify_pin(pin: str, stored: str | None) -> bool:
    """Whether `pin` is the one `stored` was made from; False for a malformed `stored`."""
    parsed = _parse(stored)
    if parsed is None or not is_valid_pin(pin):
        return False
    n, r, p, salt, expected = parsed
    return hmac.compare_digest(_scrypt(pin, salt, n, r, p, len(expected)), expected)


def _parse(stored):
    parts = stored.split("$") if isinstance(stored, str) else []
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt, digest = (base64.b64decode(part, validate=True) for part in parts[4:6])
    except (ValueError, binascii.Error):
        return None
    power_of_two = n > 1 and n & (n - 1) == 0
    if not (power_of_two and n <= MAX_N and 0 < r <= MAX_R and 0 < p <= MAX_P):
        return None
    if _scrypt_memory(n, r, p) > SCRYPT_MAXMEM:  # hashlib would refuse every try
        return None
    if not salt or len(digest) < 16:
        return None
    return n, r, p, salt, digest


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int = HASH_BYTES) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAXMEM, dklen=length
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


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
