"""eSpeak NG as a subprocess that writes WAV (no Kivy).

It runs at low priority (through `nice`), so synthesising ahead of need never takes the cores the
frames need. `nice` rather than a priority set in the child before exec: that would need a
`preexec_fn`, which makes Python fork the whole kiosk process instead of vfork, copying the page
tables of hundreds of megabytes while the frames wait on them.

A PC without espeak-ng is not an error: `available()` says so, the kiosk stays silent and says
why in its log, `validate` and the staff menu.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

PROGRAM = "espeak-ng"
VOICES = {"fi": "fi", "sv": "sv", "en": "en-gb"}
NICE = "nice"  # coreutils
NICENESS = 15
TIMEOUT_S = 60


class VoiceUnavailable(RuntimeError):
    """espeak-ng is missing or failed: speech is off, the kiosk runs on."""


@dataclass(frozen=True)
class Voice:
    """One way of speaking: the program, its version and the speaking rate (words a minute).
    The version is part of every cache key, so an upgraded espeak-ng renders afresh."""

    program: str
    version: str
    rate_wpm: int = 160

    def name_for(self, language: str) -> str:
        return VOICES.get(language, VOICES["en"])

    def synthesize(self, text: str, language: str) -> bytes:
        """`text` (already through the lexicon) spoken in `language`, as WAV bytes."""
        command = [
            NICE,
            "-n",
            str(NICENESS),
            self.program,
            "-v",
            self.name_for(language),
            "-s",
            str(self.rate_wpm),
            "--stdout",
            "--",
            text,
        ]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise VoiceUnavailable(f"{self.program} failed: {exc}") from exc
        if result.returncode != 0 or not result.stdout.startswith(b"RIFF"):
            message = result.stderr.decode("utf-8", "replace").strip() or "no WAV written"
            raise VoiceUnavailable(f"{self.program} failed ({result.returncode}): {message}")
        return _fixed_wav_sizes(result.stdout)


def _fixed_wav_sizes(data: bytes) -> bytes:
    """espeak-ng writing to a pipe cannot seek back, so its header says 'as long as the
    stream' (0x7FFFFFFF): the RIFF and data sizes are written in here for players that
    trust them."""
    index = data.find(b"data", 12)
    if index < 0:
        return data
    payload = len(data) - index - 8
    return (
        data[:4]
        + (len(data) - 8).to_bytes(4, "little")
        + data[8 : index + 4]
        + payload.to_bytes(4, "little")
        + data[index + 8 :]
    )


def find_voice(rate_wpm: int = 160, program: str = PROGRAM) -> Voice | None:
    """The installed espeak-ng, or None when there is none (or it does not start)."""
    path = shutil.which(program)
    if path is None:
        return None
    try:
        result = subprocess.run(
            [path, "--version"], capture_output=True, timeout=10, check=False, text=True
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    words = result.stdout.split()
    version = next((w for w in words if w[:1].isdigit()), result.stdout.strip()[:40])
    return Voice(path, version, rate_wpm)


MISSING_MESSAGE = (
    "espeak-ng is not installed: the kiosk cannot speak "
    "(install the Debian package espeak-ng for speech in fi, sv and en)"
)
