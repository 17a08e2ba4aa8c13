"""Giving freed memory back to the system between visits. No Kivy.

Pictures and label textures are large blocks (a 1600x1000 picture is 6.4 MB). glibc's malloc
keeps many freed blocks in its heap instead of returning them, so the resident set would grow
in steps over a day of visits although nothing leaks. malloc_trim(0) hands the free pages
back; it takes a few milliseconds, so the kiosk calls it when a visit has ended.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)
_libc = None


def _c_library():
    """The C library, or False where ctypes cannot load it."""
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        except OSError:
            _libc = False
    return _libc


def trim_heap() -> bool:
    """Returns free heap memory to the system where the C library can (glibc); False where it
    cannot (musl, macOS) or nothing was returned."""
    trim = getattr(_c_library(), "malloc_trim", None)
    if trim is None:
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    try:
        return bool(trim(0))
    except OSError:  # never worth more than a log line
        log.exception("malloc_trim failed")
        return False


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
LARGE_BLOCK_BYTES = 128 * 1024
"""Blocks from this size up get mappings of their own (glibc's initial threshold)."""


def map_large_blocks(threshold: int = LARGE_BLOCK_BYTES) -> bool:
    """Large blocks (pictures, rendered text, textures) from mappings of their own, handed
    back to the system as soon as they are freed. By default glibc raises the threshold up to
    32 MB each time such a block is freed, so the kiosk's pictures and textures come to live in
    the heap, where the blocks freed between them stay resident. False where the C library has
    no mallopt (musl, macOS) or refused."""
    mallopt = getattr(_c_library(), "mallopt", None)
    if mallopt is None:
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, int(threshold)))


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            *("arena", "ordblks", "smblks", "hblks", "hblkhd"),
            *("usmblks", "fsmblks", "uordblks", "fordblks", "keepcost"),
        )
    ]


def heap_info() -> dict[str, int] | None:
    """glibc's mallinfo2, all arenas: `arena` (bytes of heap), `hblkhd` (in blocks mapped
    of their own), `uordblks` (in use in the heap), `fordblks` (free in the heap) and the
    rest. None where there is no mallinfo2 (glibc before 2.33, musl). For the benchmarks."""
    info = getattr(_c_library(), "mallinfo2", None)
    if info is None:
        return None
    info.restype = _MallInfo2
    result = info()
    return {name: getattr(result, name) for name, _ in _MallInfo2._fields_}


def heap_in_use() -> int | None:
    """Bytes the C allocator has handed out and not had back (mmapped blocks included):
    grows with a native leak, not with memory merely not handed back. None where there is
    no mallinfo2. For the soak benchmark (bench/soak.py)."""
    info = heap_info()
    return None if info is None else info["uordblks"] + info["hblkhd"]


class QuietCollector:
    """Python's cycle collector, run when nobody is touching the screen.

    Every page a visitor opens leaves tens of thousands of widget objects in reference cycles,
    and Python collects them whenever its counters say so, also in the middle of a tap, where a
    full collection of everything the kiosk holds would stall the frame. Here the objects that
    live as long as the kiosk are frozen out of every collection once it has started, which
    makes each collection a fraction of that, and `poll` collects once the screen has been left
    alone for `quiet_s` (a visitor reading, or the attract loop) and `every_s` have passed since
    the last collection, so that Python's own collections seldom come due during taps. Python's
    own stay on, so that a long visit's garbage does not pile up until its end.

    When a visit has ended (`visit_ended`) `before_visit_collection` (letting go of the visit's
    pages), a full collection, then `after_visit` (the app: the next visitor's home page made,
    the freed memory handed back) are due: it runs in steps, the young generations first,
    everything on a later poll, `after_visit` on the next, each step only when the screen has
    been quiet for `quiet_s` and `ready()` says nothing is waiting (the app: no slide runs and
    no touch waits to be dispatched). A touch that comes first is answered first, and the rest
    waits for the next quiet spell.
    """

    VISIT_END_STEPS = (1, 2, None)
    """The steps at the end of a visit, one per poll: the young generations collected (cheap,
    most of a visit's garbage), then everything, then (None) `after_visit`."""

    def __init__(
        self,
        quiet_s: float = 1.0,
        every_s: float = 5.0,
        clock=None,
        collector=None,
        ready=None,
        after_visit=None,
        before_visit_collection=None,
    ):
        import gc
        import time

        self.quiet_s = quiet_s
        self.every_s = every_s
        self.clock = clock or time.monotonic
        self.gc = collector or gc
        self.ready = ready or (lambda: True)
        """True when a collection would delay nothing (set by the app)."""
        self.after_visit = after_visit or (lambda: None)
        self.before_visit_collection = before_visit_collection or (lambda: None)
        """Called at the first quiet moment after a visit, before its collection: lets go of
        what only that visit needed, so that the collection frees it."""
        self._touched = self._collected = self.clock()
        self._visit_steps: list[int | None] = []
        self.collections = 0
        self.freeze_due = False
        """A layout was made mid-visit and not frozen: the visit's end freezes it."""
        self._freeze_after_visit = False

    def start(self, freeze: bool = True) -> None:
        """Once the kiosk has made what it keeps (its screens, at start-up and after every new
        layout): freeze it out of every later collection. What an earlier start froze is
        thawed and collected first: a frozen object in a reference cycle is never freed, so
        the screens of the last layout, and any page a visitor had open when the layout
        changed, would otherwise stay in memory for good, more of them at every change.

        Not `freeze` when a visitor's page is open on the new screens (a layout made mid-visit:
        larger text, high contrast): the freeze would keep that page once the visit's end let
        go of it. The visit's end then freezes after its collection (`freeze_due`)."""
        self.gc.unfreeze()
        self.gc.collect()
        if freeze:
            self.gc.freeze()
        self.freeze_due = not freeze

    def touched(self) -> None:
        self._touched = self.clock()

    def visit_ended(self) -> None:
        """A full collection, then `after_visit`, are due at the next quiet moments."""
        self._visit_steps = list(self.VISIT_END_STEPS)

    @property
    def visit_collection_due(self) -> bool:
        return bool(self._visit_steps)

    def poll(self) -> bool:
        """Collects (a step of the visit's end, or a periodic full collection) if it is quiet,
        ready and time; True when it did."""
        now = self.clock()
        if now - self._touched < self.quiet_s:
            return False
        if not self._visit_steps and now - self._collected < self.every_s:
            return False
        if not self.ready():
            return False
        if self._visit_steps:
            self._visit_end_step()
        else:
            self.collect()
        return True

    def _visit_end_step(self) -> None:
        if len(self._visit_steps) == len(self.VISIT_END_STEPS):
            # Frozen at the end only if due now: `before_visit_collection` lets go of what a
            # freeze must not take (the app: the home page) only when it is due.
            self._freeze_after_visit = self.freeze_due
            self.before_visit_collection()
        generation = self._visit_steps.pop(0)
        if generation is None:
            self.after_visit()
            return
        self.collect(generation)
        if generation >= 2 and self._freeze_after_visit:  # the visit let go of and freed
            self.gc.freeze()
            self.freeze_due = self._freeze_after_visit = False

    def collect(self, generation: int = 2) -> None:
        self.gc.collect(generation)
        if generation >= 2:
            self._collected = self.clock()
        self.collections += 1
