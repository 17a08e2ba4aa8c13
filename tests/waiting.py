"""The test suite's one way to wait for something that happens on its own time (a reload, a
picture prepared on a thread, a kiosk process starting)."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(
    condition: Callable[[], object], seconds: float = 10.0, step: Callable[[], object] | None = None
) -> bool:
    """Calls `step` (a UI test passes `ui.frames`; by default a short sleep) until `condition()`
    is true or `seconds` have passed in real time; whether it came true."""
    end = time.monotonic() + seconds
    while True:
        if condition():
            return True
        if time.monotonic() >= end:
            return False
        if step is None:
            time.sleep(0.1)
        else:
            step()
