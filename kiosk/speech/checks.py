"""What `kiosk validate` and the kiosk's start say about speech (no Kivy)."""

from __future__ import annotations

from pathlib import Path

from kiosk.speech.voice import MISSING_MESSAGE, PROGRAM, find_voice


def check_speech(settings, diagnostics, settings_path: Path | str, program: str = PROGRAM) -> None:
    """A warning in `diagnostics` when speech is on in kiosk.yaml but espeak-ng cannot run: the
    kiosk then runs silently (never a crash), and staff should know before visitors do."""
    if not settings.speech.enabled:
        return
    if find_voice(settings.speech.rate_wpm, program) is None:
        diagnostics.warning(settings_path, None, MISSING_MESSAGE, "speech")
