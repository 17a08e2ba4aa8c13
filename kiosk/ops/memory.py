"""Giving freed memory back to the system between visits. No Kivy.

Pictures and label textures are large blocks (a 1600x1000 picture is 6.4 MB). glibc's malloc
keeps many freed blocks in its heap instead of returning them, so the resident set grows in
steps over a day of visits although nothing leaks: the soak benchmark (bench/soak.py) sees
+15 MB in 300 visits without this, and a flat line with it. malloc_trim(0) hands the free
pages back; it takes a few milliseconds, so the kiosk calls it when a visit has ended.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)
_trim = None


def trim_heap() -> bool:
    """Returns free heap memory to the system where the C library can (glibc); False where it
    cannot (musl, macOS) or nothing was returned."""
    global _trim
    if _trim is None:
        try:
            library = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _trim = library.malloc_trim
            _trim.argtypes, _trim.restype = [ctypes.c_size_t], ctypes.c_int
        except (OSError, AttributeError):
            _trim = False
    if not _trim:
        return False
    try:
        return bool(_trim(0))
    except OSError:  # never worth more than a log line
        log.exception("malloc_trim failed")
        return False
