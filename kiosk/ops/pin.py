"""The staff PIN: stored only as a salted scrypt hash, and a gate that backs off wrong PINs.

Pure Python with an injected clock; no Kivy. The hash is self-describing,
`scrypt$n$r$p$salt$hash` (salt and hash in base64), so that stronger parameters can be chosen
later without breaking PINs already set. A PIN is 4 to 8 digits: staff type it on a touch
keypad. That is few enough guesses that whoever can read kiosk.yaml can find the PIN offline
in hours: keep the file readable only by root and the kiosk user (deploy/install.sh does).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable

PIN_PATTERN = re.compile(r"[0-9]{4,8}")
PIN_RULE = "a PIN is 4 to 8 digits"
SCHEME = "scrypt"
# 16 MiB and some 50 ms per try on a kiosk PC: slow for an offline guesser, quick for staff.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
# A hash from a hand-edited kiosk.yaml must not make the kiosk allocate gigabytes.
MAX_N, MAX_R, MAX_P = 2**20, 32, 16
SCRYPT_MAXMEM = 256 * 1024 * 1024

OK, WRONG, LOCKED, NO_PIN = "ok", "wrong", "locked", "no-pin"


def is_valid_pin(pin: str) -> bool:
    return bool(PIN_PATTERN.fullmatch(pin))


def hash_pin(pin: str) -> str:
    """`pin` as `scrypt$n$r$p$salt$hash`, with a new random salt each time."""
    if not is_valid_pin(pin):
        raise ValueError(PIN_RULE)
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    fields = (SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest))
    return "$".join(fields)


def is_pin_hash(stored: str | None) -> bool:
    """Whether `stored` is a hash this module can check (not, say, a PIN typed in by hand)."""
    return _parse(stored) is not None


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
    after that doubles the lock, up to MAX_LOCK_S: 30 s, 60 s, 120 s, … 15 min. A WRONG answer
    may thus come with a lock: show `locked_for_s()`. The right PIN forgets the wrong ones, and
    so does FORGET_AFTER_S without a wrong PIN, so that a few curious visitors over a month do
    not lock staff out. The count lives in memory only: restarting the kiosk clears it.
    """

    LOCK_AFTER = 3
    FIRST_LOCK_S = 30.0
    MAX_LOCK_S = 15 * 60.0
    FORGET_AFTER_S = 60 * 60.0

    def __init__(self, stored_hash: str | None, clock: Callable[[], float] | None = None):
        self.stored_hash = stored_hash
        self.clock = clock or time.monotonic
        self.failures = 0
        self.last_failure = 0.0
        self.locked_until = 0.0

    @property
    def configured(self) -> bool:
        return is_pin_hash(self.stored_hash)

    def locked_for_s(self) -> float:
        """Seconds until the next PIN is checked; 0 when it would be now."""
        return max(0.0, self.locked_until - self.clock())

    def try_pin(self, pin: str) -> str:
        if not self.configured:
            return NO_PIN
        if self.locked_for_s() > 0:
            return LOCKED
        now = self.clock()
        if self.failures and now - self.last_failure >= self.FORGET_AFTER_S:
            self.failures = 0
        if verify_pin(pin, self.stored_hash):
            self.failures = 0
            return OK
        self.failures += 1
        self.last_failure = now
        doublings = self.failures - self.LOCK_AFTER
        if doublings >= 0:
            lock = self.FIRST_LOCK_S * 2 ** min(doublings, 16)  # 2**16 × 30 s is past any cap
            self.locked_until = now + min(lock, self.MAX_LOCK_S)
        return WRONG
