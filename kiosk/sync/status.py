"""What the kiosk tells about its content sync (health file, metrics, staff menu): read from the
sync state and the `current` link, which `kiosk sync` (another process) keeps up to date."""

from __future__ import annotations

import os
from dataclasses import dataclass

from kiosk.sync import releases
from kiosk.sync.releases import Layout
from kiosk.sync.state import load_state


@dataclass(frozen=True)
class SyncStatus:
    commit: str | None  # the release shown; None for the bundled content
    last_success: float | None  # Unix time of the last fetch that worked
    last_attempt: float | None
    failures: int  # in a row
    failures_total: int
    last_error: str | None
    refused_commit: str | None
    refused_reason: str | None
    refused_errors: tuple[str, ...]
    held: str | None

    def as_dict(self) -> dict:
        return {
            "commit": self.commit,
            "last_success": self.last_success,
            "last_attempt": self.last_attempt,
            "failures": self.failures,
            "failures_total": self.failures_total,
            "last_error": self.last_error,
            "refused_commit": self.refused_commit,
            "refused_reason": self.refused_reason,
            "refused_errors": list(self.refused_errors),
            "held": self.held,
        }


class SyncStatusReader:
    """Reads the state file again only when it changed: cheap enough for every health tick."""

    def __init__(self, settings):
        self.layout = Layout.for_settings(settings)
        self._seen = None
        self._state = None

    def read_dict(self) -> dict:
        """read() as the health file's "sync" value."""
        return self.read().as_dict()

    def read(self) -> SyncStatus:
        try:
            stat = os.stat(self.layout.state_file)
            seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except OSError:
            seen = None
        if seen != self._seen or self._state is None:
            self._state = load_state(self.layout.state_file)
            self._seen = seen
        state = self._state
        refused = state.refused or {}
        return SyncStatus(
            commit=releases.current_commit(self.layout),
            last_success=state.last_success,
            last_attempt=state.last_attempt,
            failures=state.failures,
            failures_total=state.failures_total,
            last_error=state.last_error,
            refused_commit=refused.get("commit"),
            refused_reason=refused.get("reason"),
            refused_errors=tuple(refused.get("errors") or ()),
            held=state.held,
        )
