"""Why the kiosk last stopped, for the staff menu and the health file.

At start-up `begin_run` reads the marker the previous run left in the data folder and leaves a
"running" one; a clean exit replaces it with its reason (`record_stop`). A run that never
recorded a stop crashed, was killed or lost power.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from kiosk.atomic import write_atomically

MARKER = "last-stop.json"
STOPPED_BY_STAFF = "stopped by staff"
SIGTERM = "SIGTERM"
RESTART_REQUESTED = "restart requested"
CRASH = "crash or power loss"
FIRST_START = "first start"
_RUNNING = "running"
# Exit status for "exit to desktop": the units list it in RestartPreventExitStatus=, so that
# systemd's Restart=always does not bring the kiosk straight back.
EXIT_STAY_STOPPED = 4
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LastStop:
    reason: str  # one of the reasons above
    at: str | None = None  # when it stopped (ISO 8601 UTC); None when unknown

    def __str__(self) -> str:
        return f"{self.reason} ({self.at})" if self.at else self.reason


def stay_stopped(marker: Path | None) -> bool:
    """Makes the file `marker` (`kiosk run --stay-stopped-file`), which the systemd units
    check with ExecCondition= before every start: "exit to desktop" then holds even under cage,
    which exits 0 whatever its child's exit status. It lives in /run, so a reboot brings the
    kiosk back. False when there is no marker or it cannot be made (then only the exit status
    keeps the kiosk stopped)."""
    if marker is None:
        return False
    try:
        write_atomically(marker, "exit to desktop chosen in the staff menu\n")
    except OSError as exc:
        log.warning("cannot write %s: %s", marker, exc)
        return False
    return True


def begin_run(data_dir: Path, now: datetime | None = None) -> LastStop:
    """How the previous run ended; from now on, this run counts as running."""
    last = read_last_stop(data_dir)
    _write(data_dir, {"reason": _RUNNING, "at": _stamp(now)})
    return last


def record_stop(data_dir: Path, reason: str, now: datetime | None = None) -> None:
    """Call on a clean exit, as late as possible, with one of the reasons above."""
    _write(data_dir, {"reason": reason, "at": _stamp(now)})


def read_last_stop(data_dir: Path) -> LastStop:
    path = Path(data_dir) / MARKER
    try:
        marker = json.loads(path.read_text(encoding="utf-8"))
        reason, at = marker["reason"], marker.get("at")
    except FileNotFoundError:
        return LastStop(FIRST_START)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("unreadable %s (%s); taking it as a crash", path, exc)
        return LastStop(CRASH)
    if reason == _RUNNING or not isinstance(reason, str):
        return LastStop(CRASH)  # `at` is when that run started, not when it ended
    return LastStop(reason, at if isinstance(at, str) else None)


def _write(data_dir: Path, marker: dict) -> None:
    try:
        write_atomically(Path(data_dir) / MARKER, json.dumps(marker) + "\n")
    except OSError as exc:
        log.warning("cannot write %s: %s", Path(data_dir) / MARKER, exc)


def _stamp(now: datetime | None) -> str:
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
