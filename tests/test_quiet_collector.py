"""kiosk.ops.memory.QuietCollector: full collections only when nobody touches the screen."""

from __future__ import annotations

import gc

import pytest

from kiosk.ops.memory import QuietCollector
from tests.clocks import FakeClock


class Collector:
    """Stands in for the gc module, recording what was asked of it."""

    def __init__(self):
        self.calls = []
        self.threshold = (700, 10, 10)

    def collect(self, generation=2):
        self.calls.append("collect" if generation == 2 else f"collect {generation}")

    def freeze(self):
        self.calls.append("freeze")

    def unfreeze(self):
        self.calls.append("unfreeze")

    def get_threshold(self):
        return self.threshold

    def set_threshold(self, *threshold):
        self.threshold = threshold


def visit_end_collector(hand_back: bool = True):
    """A collector on a fake clock, quiet after a second, its periodic collection far off;
    dropping the pages and (with `hand_back`) handing memory back noted with the collections."""
    clock, collector = FakeClock(100.0), Collector()
    hooks = {"before_visit_collection": lambda: collector.calls.append("drop pages")}
    if hand_back:
        hooks["after_visit"] = lambda: collector.calls.append("hand back")
    quiet = QuietCollector(quiet_s=1.0, every_s=500.0, clock=clock, collector=collector, **hooks)
    return clock, collector, quiet


def test_start_collects_then_freezes_what_exists_and_leaves_pythons_own_collections_on():
    collector = Collector()
    QuietCollector(clock=FakeClock(100.0), collector=collector).start()
    assert collector.calls == ["unfreeze", "collect", "freeze"]
    assert collector.threshold == (700, 10, 10)


def test_collects_only_after_a_quiet_spell_and_not_too_often():
    clock, collector = FakeClock(100.0), Collector()
    quiet = QuietCollector(quiet_s=1.0, every_s=5.0, clock=clock, collector=collector)
    clock.now += 6
    quiet.touched()
    clock.now += 0.5
    assert not quiet.poll()  # the visitor touched the screen half a second ago
    clock.now += 0.6
    assert quiet.poll() and collector.calls == ["collect"]
    clock.now += 2
    assert not quiet.poll()  # collected two seconds ago
    clock.now += 3
    assert quiet.poll() and quiet.collections == 2
    for _ in range(20):  # a visitor tapping every half second: never in the middle of it
        clock.now += 0.5
        quiet.touched()
        assert not quiet.poll()


def test_with_the_real_collector_cycles_are_freed_when_it_collects():
    quiet = QuietCollector(quiet_s=0, every_s=0)
    before = gc.get_threshold()
    try:
        quiet.start()
        assert gc.get_freeze_count() > 0

        class Node:
            pass

        node = Node()
        node.self = node
        collected = []
        gc.callbacks.append(lambda phase, info: collected.append(info.get("collected", 0)))
        del node
        assert quiet.poll()
        assert sum(collected) >= 1
    finally:
        gc.callbacks.pop()
        gc.unfreeze()
        gc.set_threshold(*before)


def test_the_c_heap_in_use_counts_a_block_while_it_is_held():
    """What the soak benchmark records next to RSS (glibc; None elsewhere)."""
    from kiosk.ops.memory import heap_in_use

    before = heap_in_use()
    if before is None:
        pytest.skip("no mallinfo2 in this C library")
    block = bytearray(10_000_000)
    held = heap_in_use()
    del block
    assert held - before >= 9_000_000
    assert heap_in_use() < held - 9_000_000


def test_a_visit_end_collects_in_steps_only_when_quiet_and_ready_then_hands_back():
    clock, collector = FakeClock(100.0), Collector()
    ready = [False]
    quiet = QuietCollector(
        quiet_s=1.0,
        every_s=500.0,
        clock=clock,
        collector=collector,
        ready=lambda: ready[0],
        after_visit=lambda: collector.calls.append("hand back"),
    )
    quiet.visit_ended()
    clock.now += 2
    assert not quiet.poll()  # not ready: a slide runs, or a touch waits to be dispatched
    ready[0] = True
    quiet.touched()
    clock.now += 0.5
    assert not quiet.poll()  # touched half a second ago
    clock.now += 0.6
    assert quiet.poll() and collector.calls == ["collect 1"]
    quiet.touched()  # a visitor: the rest waits for the next quiet spell
    assert not quiet.poll() and quiet.visit_collection_due
    clock.now += 1.1
    assert quiet.poll() and collector.calls == ["collect 1", "collect"]
    assert quiet.visit_collection_due  # the hand-back is a step of its own
    assert quiet.poll()
    assert collector.calls == ["collect 1", "collect", "hand back"]
    assert not quiet.visit_collection_due
    assert not quiet.poll()  # and the periodic one is not due for every_s


def test_a_visit_end_lets_go_of_the_visits_pages_before_its_first_collection():
    clock, collector, quiet = visit_end_collector()
    quiet.touched()
    assert not quiet.poll() and collector.calls == []  # not before the quiet moment
    quiet.visit_ended()
    clock.now += 1.1
    assert quiet.poll() and quiet.poll() and quiet.poll()
    assert collector.calls == ["drop pages", "collect 1", "collect", "hand back"]


def test_a_start_without_freezing_leaves_the_freeze_to_the_visit_end_after_its_collection():
    clock, collector, quiet = visit_end_collector()
    quiet.start(freeze=False)  # a layout made mid-visit: the visitor's page is on it
    assert collector.calls == ["unfreeze", "collect"] and quiet.freeze_due
    quiet.visit_ended()
    clock.now += 1.1
    assert quiet.poll() and quiet.poll() and quiet.poll()
    assert collector.calls[2:] == ["drop pages", "collect 1", "collect", "freeze", "hand back"]
    assert not quiet.freeze_due
    collector.calls.clear()
    quiet.visit_ended()  # the next visit's end: the screens are frozen already
    clock.now += 1.1
    assert quiet.poll() and quiet.poll() and quiet.poll()
    assert collector.calls == ["drop pages", "collect 1", "collect", "hand back"]
    quiet.start()
    assert collector.calls[-3:] == ["unfreeze", "collect", "freeze"] and not quiet.freeze_due


def test_a_freeze_that_comes_due_during_a_visit_end_waits_for_the_next_one():
    """What the freeze must not take is let go of at the first step, and only if the freeze is
    due then: a layout done between the steps leaves its freeze to the next visit's end."""
    clock, collector, quiet = visit_end_collector(hand_back=False)
    quiet.visit_ended()
    clock.now += 1.1
    assert quiet.poll() and collector.calls == ["drop pages", "collect 1"]
    quiet.start(freeze=False)  # the visit end's own layout, done between the steps
    assert quiet.poll() and quiet.poll()
    assert "freeze" not in collector.calls and quiet.freeze_due
    collector.calls.clear()
    quiet.visit_ended()
    clock.now += 1.1
    assert quiet.poll() and quiet.poll() and quiet.poll()
    assert collector.calls == ["drop pages", "collect 1", "collect", "freeze"]
    assert not quiet.freeze_due


def test_a_page_open_at_a_start_without_freezing_is_freed_at_the_visit_end():
    import weakref

    class Page:
        pass

    page = Page()
    page.itself = page  # a cycle, as every page of widgets is
    kept = weakref.ref(page)
    holder = [page]
    del page
    quiet = QuietCollector(
        quiet_s=0.0, clock=FakeClock(100.0), before_visit_collection=holder.clear
    )
    try:
        quiet.start(freeze=False)  # a layout made while the page was open
        quiet.visit_ended()
        while quiet.visit_collection_due:
            quiet.poll()
        assert kept() is None
        assert gc.get_freeze_count() > 0  # and what the kiosk keeps is frozen again
    finally:
        gc.unfreeze()


def test_a_new_start_frees_what_an_earlier_one_froze_once_it_is_garbage():
    import weakref

    class Page:
        pass

    quiet = QuietCollector(clock=FakeClock(100.0))
    try:
        page = Page()
        page.itself = page  # a cycle, as every page of widgets is
        kept = weakref.ref(page)
        quiet.start()  # the screens made for a new layout while the page was open
        del page
        gc.collect()
        assert kept() is not None  # frozen: no collection looks at it
        quiet.start()  # the next layout's
        assert kept() is None
    finally:
        gc.unfreeze()


HEAP_CHECK = """
import sys
from kiosk.ops import memory

def rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096

big = bytearray(32_000_000)
del big  # glibc raises its threshold: blocks under 32 MB now come from its heap
if sys.argv[1] == "map" and not memory.map_large_blocks():
    sys.exit(3)
before = rss()
blocks = [bytearray(b"x" * 300_000) for _ in range(100)]
keepers = [bytearray(b"k" * 2000) for _ in range(50)]  # in the heap above them
del blocks
print(rss() - before)
"""


@pytest.mark.parametrize("mapped", [True, False])
def test_with_large_blocks_mapped_freed_pictures_leave_the_resident_set(mapped):
    """30 MB of 300 KB blocks (a picture's, a texture's) freed under live small blocks: with
    map_large_blocks they leave at once; without it they stay resident (glibc)."""
    import subprocess
    import sys

    from kiosk.ops.memory import _c_library

    if not hasattr(_c_library(), "mallopt") or not hasattr(_c_library(), "mallinfo2"):
        pytest.skip("not glibc")
    run = subprocess.run(
        [sys.executable, "-c", HEAP_CHECK, "map" if mapped else "default"],
        capture_output=True,
        text=True,
        check=True,
    )
    still_resident = int(run.stdout)
    if mapped:
        assert still_resident < 3_000_000
    else:
        assert still_resident > 20_000_000
