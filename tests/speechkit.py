"""Reading WAV files the way a listener would judge them: how long, and whether anything is
heard."""

from __future__ import annotations

import array
import io
import math
import wave
from pathlib import Path


def wav_duration_and_rms(source: Path | bytes) -> tuple[float, float]:
    """(seconds, RMS of the 16-bit samples) of a WAV file or bytes."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with wave.open(io.BytesIO(data)) as wav:
        assert wav.getsampwidth() == 2
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
    samples = array.array("h", frames)
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0
    return seconds, rms


def raw_rms(data: bytes) -> float:
    """RMS of raw signed 16-bit samples (what SDL's disk audio driver writes)."""
    samples = array.array("h", data[: len(data) - len(data) % 2])
    return math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0
