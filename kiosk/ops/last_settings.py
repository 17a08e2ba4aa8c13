"""Settings that fail safe (no Kivy).

Whenever kiosk.yaml is valid, the kiosk keeps a copy of it in its data folder, written whole
(kiosk.atomic). When kiosk.yaml has an error, the kiosk runs with that whole copy, never with a
mix of the broken file's good keys and defaults: one typo must not switch statistics on against
the site's opt-out, stop the opening hours or drop the staff PIN. With no valid copy either, it
runs with fail-safe settings: statistics off and the staff menu closed (no PIN). Either way
the error is reported (journal, health file, staff menu) until kiosk.yaml is fixed.

While the kiosk runs, SettingsFileWatcher notices edits of kiosk.yaml: a broken edit is
reported and the running settings stay; a valid one is kept as the new copy (and applies at
the next start).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.atomic import write_atomically
from kiosk.config import Settings, Stats, load_settings, resolved_against
from kiosk.content.problems import Diagnostics
from kiosk.faults import FAULTS

log = logging.getLogger(__name__)

LAST_VALID_FILE = "last-valid-kiosk.yaml"
DEFAULT_DATA_DIR = Settings().data_dir
FAULT_KEY = "settings"
_DATA_DIR_LINE = re.compile(r"^data_dir:[ \t]*([^#\s]+)", re.MULTILINE)
FROM_FILE, LAST_VALID, FAIL_SAFE = "kiosk.yaml", "last valid copy", "fail-safe"


@dataclass(frozen=True)
class KeptSettings:
    """The settings to run with, the problems of kiosk.yaml, and where the settings came
    from: FROM_FILE, LAST_VALID (the copy in the data folder) or FAIL_SAFE."""

    settings: Settings
    diagnostics: Diagnostics
    origin: str

    @property
    def message(self) -> str | None:
        """What staff must know, or None when kiosk.yaml itself is in use."""
        return _fallback_message(self.origin, len(self.diagnostics.errors))


def last_valid_path(data_dir: Path) -> Path:
    return Path(data_dir) / LAST_VALID_FILE


def load_settings_safely(path: Path) -> KeptSettings:
    """kiosk.yaml's settings if it is valid (and then kept as the last valid copy), else the
    last valid copy's, else the fail-safe settings. Never raises for anything in the file."""
    path = Path(path)
    base = path.resolve().parent
    settings, diagnostics, text = _load(path)
    if not diagnostics.errors:
        keep(settings, text)
        FAULTS.clear(FAULT_KEY)
        return KeptSettings(settings, diagnostics, FROM_FILE)
    for data_dir in _data_dir_candidates(text, base):
        copy = last_valid_path(data_dir)
        if not copy.is_file():
            continue
        kept, copy_report, _ = _load(copy, base)
        if not copy_report.errors:
            result = KeptSettings(kept, diagnostics, LAST_VALID)
            break
        log.warning("settings: the last valid copy %s cannot be used", copy)
    else:
        result = KeptSettings(fail_safe_settings(base), diagnostics, FAIL_SAFE)
    FAULTS.set(FAULT_KEY, f"{path}: {result.message}; first: {diagnostics.errors[0]}")
    return result


def fail_safe_settings(base: Path) -> Settings:
    """The defaults with statistics off; the defaults have no PIN, so the staff menu stays
    closed."""
    return resolved_against(replace(Settings(), stats=Stats(enabled=False)), base)


def keep(settings: Settings, text: bytes | None) -> bool:
    """Writes `text` (valid kiosk.yaml) as the last valid copy in the settings' data folder,
    unless that copy already says the same; False when it cannot be written."""
    if text is None:
        return False
    copy = last_valid_path(settings.data_dir)
    try:
        if copy.is_file() and copy.read_bytes() == text:
            return True
        # 0640 like kiosk.yaml itself: the copy holds the PIN's hash too.
        write_atomically(copy, text, mode=0o640)
    except OSError as exc:
        log.warning("settings: cannot keep the last valid copy at %s: %s", copy, exc)
        return False
    return True


class SettingsFileWatcher:
    """Call poll() every few seconds while the kiosk runs: an edit of kiosk.yaml that breaks
    it is reported as a fault (the running settings stay); a valid edit is kept as the last
    valid copy and clears the fault."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._seen = _signature(self.path)

    def poll(self) -> str | None:
        """None when kiosk.yaml did not change, else FROM_FILE (valid) or the error."""
        signature = _signature(self.path)
        if signature == self._seen:
            return None
        self._seen = signature
        settings, diagnostics, text = _load(self.path)
        if diagnostics.errors:
            message = (
                f"{self.path}: {len(diagnostics.errors)} error(s) since the kiosk started; it "
                f"keeps running with the settings it started with; first: {diagnostics.errors[0]}"
            )
            FAULTS.set(FAULT_KEY, message)
            for line in diagnostics.lines():
                log.warning("settings: %s", line)
            return message
        keep(settings, text)
        FAULTS.clear(FAULT_KEY)
        log.info("settings: %s changed and is valid; it applies at the next start", self.path)
        return FROM_FILE


def _load(path: Path, base: Path | None = None) -> tuple[Settings, Diagnostics, bytes | None]:
    """load_settings, with anything it raises as an error of the file, and the bytes it read
    (None when they changed while being read, so that they are never kept)."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        diagnostics = Diagnostics()
        diagnostics.error(path, None, f"cannot be read: {exc}")
        return fail_safe_settings(base or path.resolve().parent), diagnostics, None
    try:
        settings, diagnostics = load_settings(path, base)
    except Exception as exc:  # noqa: BLE001 - a checker bug must not stop the kiosk
        diagnostics = Diagnostics()
        diagnostics.error(path, None, f"cannot be read: {type(exc).__name__}: {exc}")
        return fail_safe_settings(base or path.resolve().parent), diagnostics, text
    try:
        same = path.read_bytes() == text
    except OSError:
        same = False
    return settings, diagnostics, text if same else None


def _data_dir_candidates(text: bytes | None, base: Path) -> list[Path]:
    """Where the last valid copy may be: the data folder the broken file names, if that much
    of it can be read (as YAML, or else from its own `data_dir:` line), and the default one."""
    candidates = []
    if text:
        import yaml

        try:
            raw = yaml.safe_load(text)
        except Exception:  # noqa: BLE001 - not YAML: look for the line itself
            line = _DATA_DIR_LINE.search(text.decode("utf-8", "replace"))
            raw = {"data_dir": line.group(1).strip("'\"")} if line else None
        if isinstance(raw, dict) and isinstance(raw.get("data_dir"), str):
            candidates.append((base / raw["data_dir"]).resolve())
    default = (base / DEFAULT_DATA_DIR).resolve()
    if default not in candidates:
        candidates.append(default)
    return candidates


def _fallback_message(origin: str, errors: int) -> str | None:
    if origin == LAST_VALID:
        return f"{errors} error(s); running with the last valid settings"
    if origin == FAIL_SAFE:
        return (
            f"{errors} error(s) and no valid settings were ever kept; running with fail-safe "
            "settings: statistics off, staff menu closed"
        )
    return None


def _signature(path: Path):
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)
