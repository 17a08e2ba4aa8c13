"""The fault matrix: the real kiosk, one fault at a time. For each fault the screen keeps
drawing, the health file names the fault, no statistics event committed before it is lost
(unless the fault destroyed the database: then later events are kept and the pledge totals
carried over), and the kiosk recovers by itself once the fault is cleared.
docs/reliability.md lists the cases."""

from __future__ import annotations

import os
import shutil
import signal
import time

import pytest

from kiosk.stats.store import STATS_FILE, EventStore, make_event, quarantined
from tests.faults.kit import assert_clean, kiosk_case, wait_for

pytestmark = pytest.mark.ui


def committed_events(kiosk, at_least: int = 1) -> list:
    """The events on disk, once there are at least `at_least` (the writer commits each
    second)."""
    assert wait_for(lambda: len(kiosk.events()) >= at_least, 20), kiosk.journal()
    return kiosk.events()


def test_disk_full_at_start(tmp_path):
    with kiosk_case(tmp_path) as kiosk:
        kiosk.mount_data("2m")
        kiosk.fill_disk()
        kiosk.start()
        kiosk.wait_running()  # was: RecursionError, exit 1, a black screen, nothing said
        assert wait_for(lambda: kiosk.has_fault("disk full")), kiosk.faults()
        assert "disk full" in kiosk.journal()
        kiosk.visit()
        assert kiosk.drawing()
        kiosk.free_disk()
        kiosk.visit()
        assert committed_events(kiosk)  # statistics work again, without a restart
        assert wait_for(lambda: not kiosk.has_fault("disk full")), kiosk.faults()
        assert kiosk.drawing()
        assert kiosk.stop() == 0
    assert_clean(kiosk)


def test_disk_full_during_visits(tmp_path):
    with kiosk_case(tmp_path) as kiosk:
        kiosk.mount_data("16m")
        kiosk.start()
        kiosk.wait_running()
        kiosk.visit()
        before = committed_events(kiosk, 2)
        kiosk.fill_disk()
        kiosk.visit()
        assert wait_for(lambda: kiosk.has_fault("disk full")), kiosk.faults()
        assert kiosk.drawing()
        assert kiosk.events()[: len(before)] == before  # nothing committed is lost
        kiosk.free_disk()
        kiosk.visit()
        assert wait_for(lambda: not kiosk.has_fault("disk full")), kiosk.faults()
        assert wait_for(lambda: len(kiosk.events()) > len(before))
        assert kiosk.stop() == 0
    assert_clean(kiosk)


def test_data_folder_turned_read_only_while_running(tmp_path):
    with kiosk_case(tmp_path) as kiosk:
        kiosk.mount_data("16m")
        kiosk.start()
        kiosk.wait_running()
        kiosk.visit()
        before = committed_events(kiosk, 2)
        kiosk.make_read_only()
        kiosk.visit()
        assert wait_for(lambda: kiosk.has_fault("read-only")), kiosk.faults()
        assert kiosk.drawing()
        kiosk.make_writable()
        kiosk.visit()
        assert wait_for(lambda: len(kiosk.events()) > len(before))
        assert wait_for(lambda: not kiosk.has_fault("read-only")), kiosk.faults()
        assert kiosk.events()[: len(before)] == before
        assert kiosk.stop() == 0
    assert_clean(kiosk)


@pytest.mark.parametrize("kind", ["a file", "read-only"])
def test_data_folder_unusable_at_start(tmp_path, kind):
    with kiosk_case(tmp_path, mounts=kind == "read-only") as kiosk:
        if kind == "a file":
            shutil.rmtree(kiosk.data)
            kiosk.data.write_text("not a folder")
        else:
            kiosk.mount_data("1m")
            kiosk.make_read_only()
        kiosk.start()  # KIVY_HOME inside the data folder, as the units set it
        kiosk.wait_running()  # was: exit 1, nothing printed
        assert wait_for(lambda: kiosk.has_fault("data folder")), kiosk.faults()
        assert "data folder: " in kiosk.journal()
        assert kiosk.health()["state"] == "running"
        kiosk.visit()
        assert kiosk.drawing()
        assert kiosk.stop() == 0
    assert_clean(kiosk)


def test_statistics_database_overwritten_with_garbage_while_running(tmp_path):
    with kiosk_case(tmp_path) as kiosk:
        kiosk.mount_data("16m")
        seed = tmp_path / "seed.sqlite3"
        with EventStore.open(seed) as store:  # pledges of earlier days
            store.write([make_event("pledge", time.time() - 3600, item="fly-less")] * 3)
        kiosk.namespace.run("cp", str(seed), str(kiosk.data / STATS_FILE))
        kiosk.start()
        kiosk.wait_running()
        kiosk.visit()
        committed_events(kiosk, 5)  # the 3 pledges and the visit's
        with open(kiosk.data_path(STATS_FILE), "r+b") as file:
            file.write(os.urandom(8192))
        kiosk.visit()
        assert wait_for(lambda: kiosk.has_fault("statistics incident")), kiosk.faults()
        assert kiosk.drawing()
        assert wait_for(lambda: len(kiosk.events()) >= 1)  # the events after the fault
        assert kiosk.pledge_totals() == {"fly-less": 3}  # carried over
        (kept,) = quarantined(kiosk.data_path(STATS_FILE))
        assert kept.stat().st_size > 0
        assert kiosk.stop() == 0
    assert_clean(kiosk)


def test_kiosk_yaml_broken_while_running(tmp_path):
    with kiosk_case(tmp_path, mounts=False) as kiosk:
        kiosk.write_config(
            **{"enabled: true\n  retention_days": "enabled: false\n  retention_days"}
        )
        kiosk.start()
        kiosk.wait_running()
        good = kiosk.config.read_text(encoding="utf-8")
        kiosk.config.write_text(good.replace("countdown_s: 10", "countdown_s: 1"), "utf-8")
        assert wait_for(lambda: kiosk.has_fault("settings: ")), kiosk.faults()
        kiosk.visit()
        assert kiosk.drawing() and kiosk.process.poll() is None
        assert not kiosk.data_path(STATS_FILE).exists()  # the running settings: no statistics
        kiosk.config.write_text(good, "utf-8")
        assert wait_for(lambda: not kiosk.has_fault("settings: ")), kiosk.faults()
        assert kiosk.stop() == 0
    assert_clean(kiosk)


def test_kiosk_yaml_broken_at_start(tmp_path):
    with kiosk_case(tmp_path, mounts=False) as kiosk:
        # A site that opted out of statistics, with a valid kiosk.yaml at the first start.
        kiosk.write_config(
            **{"enabled: true\n  retention_days": "enabled: false\n  retention_days"}
        )
        kiosk.start()
        kiosk.wait_running()
        assert kiosk.stop() == 0
        good = kiosk.config.read_text(encoding="utf-8")
        kiosk.config.write_text(good.replace("countdown_s: 10", "countdown_s: 1"), "utf-8")
        kiosk.start()
        kiosk.wait_running()
        faults = kiosk.faults()
        assert any("running with the last valid settings" in fault for fault in faults), faults
        kiosk.visit()
        assert kiosk.drawing()
        # was: every setting back to its default, statistics switched on
        assert not kiosk.data_path(STATS_FILE).exists()
        assert kiosk.stop() == 0
        # Never a valid kiosk.yaml: fail-safe settings, said so.
        shutil.rmtree(kiosk.data)
        kiosk.data.mkdir()
        kiosk.start()
        kiosk.wait_running()
        assert any("statistics off, staff menu closed" in f for f in kiosk.faults())
        kiosk.config.write_text(good, "utf-8")
        assert wait_for(lambda: not kiosk.has_fault("settings: ")), kiosk.faults()
        assert kiosk.stop() == 0
    assert_clean(kiosk)


def test_content_folder_removed_and_restored_during_live_reload(tmp_path):
    with kiosk_case(tmp_path, mounts=False) as kiosk:
        kiosk.start()
        kiosk.wait_running()
        kiosk.visit()
        before = committed_events(kiosk, 2)
        hash_before = kiosk.health()["content_hash"]
        away = tmp_path / "exhibits-away"
        kiosk.exhibits.rename(away)
        assert wait_for(lambda: kiosk.health().get("content_errors")), kiosk.health()
        assert kiosk.health()["content_hash"] == hash_before  # the last good content stays
        kiosk.visit()
        assert kiosk.drawing()
        away.rename(kiosk.exhibits)
        assert wait_for(lambda: kiosk.health().get("content_errors") == []), kiosk.health()
        assert kiosk.health()["state"] == "running"
        assert kiosk.events()[: len(before)] == before
        assert kiosk.stop() == 0
    assert_clean(kiosk)


def test_sigkill_in_the_middle_of_a_visit_then_restart(tmp_path):
    with kiosk_case(tmp_path, mounts=False) as kiosk:
        kiosk.start()
        kiosk.wait_running()
        kiosk.visit()
        before = committed_events(kiosk, 2)
        assert kiosk.stop(signal.SIGKILL) == -signal.SIGKILL
        kiosk.start()
        kiosk.wait_running()
        assert kiosk.health()["last_restart_reason"] == "crash or power loss"
        assert kiosk.events()[: len(before)] == before
        kiosk.visit()
        assert wait_for(lambda: len(kiosk.events()) > len(before))
        assert kiosk.stop() == 0
    assert_clean(kiosk)


def test_a_picture_deleted_while_on_screen(tmp_path):
    with kiosk_case(tmp_path, mounts=False) as kiosk:
        kiosk.start()
        kiosk.wait_running()  # the attract screen shows the exhibition's pictures
        kiosk.visit()
        before = committed_events(kiosk, 2)
        pictures = sorted(kiosk.media.rglob("*.jpg")) + sorted(kiosk.media.rglob("*.png"))
        kept = {path: path.read_bytes() for path in pictures}
        for path in pictures:
            path.unlink()
        assert wait_for(lambda: "not found" in " ".join(kiosk.health()["content_errors"]))
        assert kiosk.health()["content_hash"] is not None
        kiosk.visit()
        assert kiosk.drawing()
        for path, data in kept.items():
            path.write_bytes(data)
        assert wait_for(lambda: kiosk.health().get("content_errors") == []), kiosk.health()
        assert kiosk.events()[: len(before)] == before
        assert kiosk.stop() == 0
    assert_clean(kiosk)


def test_the_x_server_going_away_ends_the_kiosk_with_an_error(tmp_path):
    from kiosk.xvfb import VirtualDisplay

    with kiosk_case(tmp_path, mounts=False) as kiosk:
        own = VirtualDisplay(1024, 768)
        kiosk.display = own.start()
        try:
            kiosk.start()
            kiosk.wait_running()
            kiosk.visit()
            before = committed_events(kiosk, 2)
        finally:
            own.stop()
        assert wait_for(lambda: kiosk.process.poll() is not None, 30), "the kiosk hangs"
        assert kiosk.process.returncode != 0  # so that systemd restarts it
        assert kiosk.events()[: len(before)] == before
