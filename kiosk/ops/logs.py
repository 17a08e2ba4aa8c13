"""The kiosk's log: <data_dir>/logs/kiosk.log, rotated by size so that months of running can
never fill the disk. Kivy's own Logger is routed here by the UI (kiosk/ui)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_DIR, LOG_FILE = "logs", "kiosk.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HANDLER_NAME = "kiosk-file"


class CountingFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating file, counting the lines it could not write (a full disk, a dead drive)
    instead of printing a traceback for each one."""

    dropped = 0  # every instance's, for the metrics

    def handleError(self, record) -> None:  # noqa: N802 - logging's name
        first = CountingFileHandler.dropped == 0
        CountingFileHandler.dropped += 1
        if first:
            super().handleError(record)  # once: what went wrong, on standard error


def dropped_log_lines() -> int:
    return CountingFileHandler.dropped


def setup_logging(settings, level: int = logging.INFO) -> Path:
    """Sends the root logger to the rotating log file; returns its path. Calling it again
    (after a settings reload) replaces the handler instead of adding a second one."""
    folder = Path(settings.data_dir) / LOG_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    handler = CountingFileHandler(
        path,
        maxBytes=settings.kiosk.log_max_bytes,
        backupCount=settings.kiosk.log_backups,
        encoding="utf-8",
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.name = HANDLER_NAME
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.name == handler.name]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    return path
