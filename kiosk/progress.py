"""Progress through a long job (pictures prepared, screens rendered) on standard error."""

from __future__ import annotations

import sys

BAR_WIDTH = 30


class Progress:
    """A bar redrawn in place on a terminal; one line per step anywhere else (a log)."""

    def __init__(self, total: int, stream=None):
        self.total = total
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty()

    def step(self, done: int, name: str, outcome: str) -> None:
        if self.bar:
            filled = BAR_WIDTH * done // max(1, self.total)
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {done}/{self.total} {name}\x1b[K")
        else:
            self.stream.write(f"[{done}/{self.total}] {name}: {outcome}\n")
        self.stream.flush()

    def interrupt(self) -> None:
        """Clears the bar's line, so that a message printed next starts on a clean line."""
        if self.bar:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def finish(self) -> None:
        if self.bar:
            self.stream.write("\n")
