"""The health file: a small JSON file, rewritten atomically every few seconds, from which a
monitoring tool tells "running", "sleeping on purpose" (opening hours), "content broken" and
"stopped" apart. Pure Python with injected clocks; no Kivy.

    {"state": "running", "content_hash": "…", "content_errors": [], "content_error_count": 0,
     "last_interaction": "2026-05-04T09:12:44Z", "uptime_s": 3605, "rss_bytes": 181403648,
     "version": "0.1.0", "pid": 1234, "next_change": "2026-05-04T20:00:00+03:00",
     "last_restart_reason": "SIGTERM", "faults": [], "written_at": "2026-05-04T09:13:02Z"}

`next_change` is when the opening hours next open or close the kiosk (local time with its
offset), null when the schedule is off or never changes. `faults` names what is degraded
right now, one "part: what is wrong" line each (kiosk.faults: "log: disk full: …",
"statistics: damaged: …", "settings: …"); empty when all is well. Times of day are local; instants
(`last_interaction`, `written_at`) are UTC.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path

from kiosk import __version__
from kiosk.atomic import write_atomically
from kiosk.content.problems import ERROR, Problem
from kiosk.faults import FAULTS
from kiosk.ops import schedule as opening_hours

RUNNING, SLEEPING, CONTENT_ERROR, STOPPED = "running", "sleeping", "content_error", "stopped"
MAX_LISTED_ERRORS = 100  # a broken folder can have thousands; the count says how many
log = logging.getLogger(__name__)


class HealthReporter:
    """What the kiosk is doing, as the health dict. The UI tells it what happens (`touched`,
    `content_loaded`, `stopping`) and calls `write()` from its clock every few seconds.

    The state, most telling first: STOPPED once `stopping()` was called; CONTENT_ERROR while
    no valid content is shown (a monitor must hear of it even at night, so that it is fixed
    before opening time); SLEEPING outside opening hours; else RUNNING.
    """

    def __init__(
        self,
        path: Path | None,
        schedule,
        last_restart_reason: str | None = None,
        now: Callable[[], datetime] = datetime.now,
        monotonic: Callable[[], float] = time.monotonic,
        faults=FAULTS,
        sync_status: Callable[[], dict] | None = None,
    ):
        """`now` gives the local time, naive as `datetime.now` (see kiosk.ops.schedule);
        `monotonic` measures uptime, which a clock set by NTP after boot must not bend."""
        self.path = Path(path) if path is not None else None
        self.schedule = schedule
        self.last_restart_reason = last_restart_reason
        self.now = now
        self.monotonic = monotonic
        self.faults = faults
        self.sync_status = sync_status  # the content sync's, when a repository is configured
        self.started = monotonic()
        self.content_hash: str | None = None
        self.content_errors: list[str] = []
        self.last_interaction: datetime | None = None
        self.stopped = False
        self._write_failed = False
        self.speech: str | None = None
        """The kiosk's voice: "ok", "off" (kiosk.yaml) or why visitors cannot hear it."""

    def touched(self) -> None:
        self.last_interaction = self.now()

    def content_loaded(
        self, content_hash: str | None, problems: Iterable[Problem | str] = ()
    ) -> None:
        """`content_hash` of the content on screen (None when there is none) and the errors
        of the last load, kiosk.content.problems.Problem values or their lines. Pass the old
        hash with the new errors when a broken edit leaves the old content showing."""
        self.content_hash = content_hash
        self.content_errors = [
            str(problem)
            for problem in problems
            if isinstance(problem, str) or problem.severity == ERROR
        ]

    def stopping(self) -> None:
        self.stopped = True

    def state(self) -> str:
        if self.stopped:
            return STOPPED
        if self.content_hash is None:
            return CONTENT_ERROR
        if not opening_hours.is_open(self.schedule, self.now()):
            return SLEEPING
        return RUNNING

    def snapshot(self) -> dict:
        now = self.now()
        change = opening_hours.next_change(self.schedule, now)
        return {
            "state": self.state(),
            "content_hash": self.content_hash,
            "content_errors": self.content_errors[:MAX_LISTED_ERRORS],
            "content_error_count": len(self.content_errors),
            "last_interaction": _utc(self.last_interaction),
            "uptime_s": round(self.monotonic() - self.started),
            "rss_bytes": rss_bytes(),
            "version": __version__,
            "pid": os.getpid(),
            "next_change": _local(change),
            "last_restart_reason": self.last_restart_reason,
            "faults": self.faults.lines(),
            "speech": self.speech,
            "written_at": _utc(now),
            **({"sync": self._sync()} if self.sync_status is not None else {}),
        }

    def _sync(self) -> dict | None:
        try:
            return self.sync_status()
        except Exception:  # noqa: BLE001 - a broken state file must not stop the health file
            log.exception("reading the sync state failed")
            return None

    def write(self) -> bool:
        """Rewrites the health file (if there is one); False if that failed. A failure is
        logged once, not every few seconds, and never raised: health must not stop the UI."""
        if self.path is None:
            return False
        text = json.dumps(self.snapshot(), ensure_ascii=False, indent=1) + "\n"
        try:
            write_atomically(self.path, text)
        except OSError as exc:
            if not self._write_failed:
                log.warning("cannot write the health file %s: %s", self.path, exc)
            self._write_failed = True
            self.faults.set("health file", f"{self.path} cannot be written ({exc})")
            return False
        if self._write_failed:
            log.info("writing the health file %s again", self.path)
            self.faults.clear("health file")
        self._write_failed = False
        return True


def rss_bytes() -> int | None:
    """This process's resident memory, from /proc (Linux); None where that is not there."""
    try:
        with open("/proc/self/statm", encoding="ascii") as file:
            resident_pages = int(file.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def health_path(cli_path: Path | None, settings) -> Path | None:
    """--health-file if given, else kiosk.yaml's kiosk.health_file (relative to kiosk.yaml)."""
    if cli_path is not None:
        return Path(cli_path)
    if settings.kiosk.health_file:
        return Path(settings.base_dir) / settings.kiosk.health_file
    return None


def _local(moment: datetime | None) -> str | None:
    """Local time with its offset at that moment (a naive time is the system's local time)."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.astimezone()
    return aware.isoformat(timespec="seconds")


def _utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
