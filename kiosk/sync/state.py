"""What the syncs did, kept in content/sync-state.json between runs (written atomically): the
releases switched to, a hold after a rollback, a refused commit, failures and the back-off.
The kiosk reads it for its health file, metrics and staff menu."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from kiosk.atomic import write_atomically

BACKOFF_FIRST_S = 60.0
BACKOFF_MAX_S = 3600.0
HISTORY_KEPT = 20
log = logging.getLogger(__name__)


@dataclass
class SyncState:
    history: list[str] = field(default_factory=list)  # releases switched to, oldest first
    held: str | None = None  # rolled back from this commit: not applied again
    refused: dict | None = None  # {"commit", "reason", "errors", "kiosk_version"}
    last_attempt: float | None = None  # Unix time
    last_success: float | None = None  # fetched and judged, whatever the verdict
    last_switch: float | None = None
    failures: int = 0  # in a row; the back-off grows with them
    failures_total: int = 0
    next_attempt: float = 0.0
    last_error: str | None = None
    incident: str | None = None  # the last thing reported, so that it is reported once

    def failed(self, now: float, error: str) -> bool:
        """Counts a failure and sets the back-off; True when it is a new incident."""
        self.last_attempt = now
        self.failures += 1
        self.failures_total += 1
        self.next_attempt = now + backoff_s(self.failures)
        self.last_error = error
        return self.report_once(f"failed: {error}")

    def succeeded(self, now: float) -> bool:
        """True when this ends a run of failures."""
        recovered = self.failures > 0
        self.last_attempt = self.last_success = now
        self.failures = 0
        self.next_attempt = 0.0
        self.last_error = None
        if recovered:
            self.incident = None
        return recovered

    def report_once(self, incident: str) -> bool:
        new = incident != self.incident
        self.incident = incident
        return new

    def remember_switch(self, commit: str, now: float) -> None:
        if commit in self.history:
            self.history.remove(commit)
        self.history = (self.history + [commit])[-HISTORY_KEPT:]
        self.last_switch = now


def backoff_s(failures: int) -> float:
    """60 s after the first failure, doubling, at most an hour."""
    return min(BACKOFF_FIRST_S * 2 ** max(failures - 1, 0), BACKOFF_MAX_S)


def load_state(path: Path) -> SyncState:
    """The state in `path`; a fresh one when it is missing or unreadable (said in the log)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return SyncState()
    except (OSError, ValueError) as exc:
        log.warning("sync state %s unreadable (%s); starting afresh", path, exc)
        return SyncState()
    if not isinstance(raw, dict):
        return SyncState()
    known = {f.name for f in fields(SyncState)}
    try:
        return SyncState(**{k: v for k, v in raw.items() if k in known})
    except TypeError:
        return SyncState()


def save_state(path: Path, state: SyncState) -> None:
    write_atomically(path, json.dumps(asdict(state), indent=1, sort_keys=True) + "\n")
