"""The kiosk's log: <data_dir>/logs/kiosk.log, rotated by size so that months of running can
never fill the disk. Kivy's own Logger is routed here by the UI (kiosk/ui).

Logging never takes the kiosk down. A line the disk cannot take (full, read-only, gone) is
dropped and counted; the fault goes to kiosk.faults, which says it once in the journal,
and to the health file and the staff menu. Nothing is ever written to `sys.stderr` from here:
the UI has Kivy send `sys.stderr` back into the log, and a failed line written there would
come back to this handler, fail again, and so on until Python's recursion limit."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
from pathlib import Path

from kiosk.faults import FAULTS, os_error_kind

LOG_DIR, LOG_FILE = "logs", "kiosk.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HANDLER_NAME = "kiosk-file"
FAULT_KEY = "log"


class KioskLogHandler(logging.handlers.RotatingFileHandler):
    """A size-rotated log file whose failures are counted, not raised or printed."""

    dropped_total = 0  # every instance's since the start, for the metrics

    def __init__(self, path: Path, max_bytes: int, backups: int, faults=FAULTS):
        # delay: the file is opened by the first line, so a failure to open it is one more
        # dropped line and not an error at start-up.
        super().__init__(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True
        )
        self.faults = faults
        self.dropped = 0

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)  # a failure comes back through handleError, which drops the stream
        if self.dropped and self.stream is not None:  # written: the disk takes lines again
            dropped, self.dropped = self.dropped, 0
            self.faults.clear(FAULT_KEY)
            note = f"{dropped} log line(s) could not be written and were dropped"
            super().emit(logging.LogRecord(__name__, logging.WARNING, "", 0, note, None, None))

    def retry(self) -> None:
        """While lines are being dropped, tries to write one (not counted when it fails too),
        so that the fault clears when space returns even if the kiosk has nothing to log."""
        self.acquire()
        try:
            if not self.dropped:
                return
            before = self.dropped
            probe = "log: writing again after lines were dropped"
            self.emit(logging.LogRecord(__name__, logging.INFO, "", 0, probe, None, None))
            if self.dropped:
                KioskLogHandler.dropped_total -= self.dropped - before
                self.dropped = before
        finally:
            self.release()

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        import sys

        exc = sys.exc_info()[1]
        self.dropped += 1
        KioskLogHandler.dropped_total += 1
        kind = os_error_kind(exc) or "cannot write"
        self.faults.set(
            FAULT_KEY,
            f"{kind}: {self.baseFilename} cannot be written ({exc}); log lines are "
            "dropped and counted",
        )
        # A stream whose write failed may hold the failed bytes in its buffer: drop it, and
        # open the file again for the next line.
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.close()


def dropped_log_lines() -> int:
    """Log lines dropped since the kiosk started, by every kiosk log handler (the metrics)."""
    return KioskLogHandler.dropped_total


def setup_logging(settings, level: int = logging.INFO) -> Path:
    """Sends the root logger to the rotating log file; returns its path. Calling it again
    (after a settings reload) replaces the handler instead of adding a second one. A folder
    that cannot be made is a fault (see KioskLogHandler), not an error."""
    folder = Path(settings.data_dir) / LOG_DIR
    with contextlib.suppress(OSError):  # else the first line fails and reports the fault
        folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    handler = KioskLogHandler(path, settings.kiosk.log_max_bytes, settings.kiosk.log_backups)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.name = HANDLER_NAME
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.name == handler.name]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    return path


def retry_log() -> None:
    """KioskLogHandler.retry for the root logger's kiosk log, if there is one; call it every
    few seconds."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, KioskLogHandler):
            handler.retry()
