"""The staff PIN's format and its salted hash (no Kivy, no I/O).

The hash is self-describing, `scrypt$n$r$p$salt$hash` (salt and hash in base64), so that
stronger parameters can be chosen later without breaking PINs already set. A new PIN is 6 to 8
digits, and not a trivial one (111111, 123456, 121212): staff type it on a touch keypad. A PIN
set before that rule (4 or 5 digits) still opens the menu. Even 6 digits are few enough guesses
that whoever can read kiosk.yaml can find the PIN offline in hours: keep the file readable only
by root and the kiosk user (deploy/install.sh does). kiosk.ops.pin's gate limits guesses at the
keypad; kiosk.config checks a hash in kiosk.yaml with pin_hash_problem.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets

PIN_PATTERN = re.compile(r"[0-9]{4,8}")  # what the keypad may open with (older PINs: 4 digits)
NEW_PIN_PATTERN = re.compile(r"[0-9]{6,8}")
PIN_RULE = "a PIN is 6 to 8 digits"
SCHEME = "scrypt"
# 16 MiB and some 50 ms per try on a kiosk PC: slow for an offline guesser, quick for staff.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
# A hash from a hand-edited kiosk.yaml must not make the kiosk allocate gigabytes.
MAX_N, MAX_R, MAX_P = 2**20, 32, 16
SCRYPT_MAXMEM = 256 * 1024 * 1024


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
