"""Anonymous statistics: the store, the recorder's durability and failure handling, retention,
pledge totals, privacy, and the visit tracker's dwell times."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config import Settings, Stats
from kiosk.content_files import load_content_folder
from kiosk.languages import LANGUAGES
from kiosk.navigator import Navigator, Route
from kiosk.stats.recorder import StatsRecorder
from kiosk.stats.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    STATS_FILE,
    WRITER_CACHE_KIB,
    EventStore,
    StoreError,
    make_event,
)
from kiosk.stats.tracker import VisitTracker
from tests.clocks import FakeClock
from tests.statskit import ListeningRecorder, read_only, tmpfs

REPO = Path(__file__).resolve().parent.parent
DAY = 86_400


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "var" / STATS_FILE


def recorder(path, **options) -> StatsRecorder:
    """A recorder that commits quickly, so that tests wait milliseconds, not seconds."""
    options.setdefault("interval_s", 0.01)
    options.setdefault("reopen_after_s", 0.05)
    return StatsRecorder(path, **options)


def stored(path: Path) -> list:
    with EventStore.open_for_reading(path) as store:
        return store.events()


# The store ------------------------------------------------------------------------------


def test_store_is_wal_with_normal_sync_and_a_schema_version(tmp_path):
    with EventStore.open(tmp_path / STATS_FILE) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert store.conn.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
        # a bounded page cache: the kiosk's memory must not grow with the file
        assert store.conn.execute("PRAGMA cache_size").fetchone() == (-WRITER_CACHE_KIB,)
        assert store.conn.execute("SELECT version FROM schema_version").fetchall() == [
            (SCHEMA_VERSION,)
        ]
    assert len(MIGRATIONS) == SCHEMA_VERSION
    with EventStore.open(tmp_path / STATS_FILE) as store:  # opening again migrates nothing
        assert store.conn.execute("SELECT count(*) FROM schema_version").fetchone() == (1,)


def test_a_database_from_a_newer_kiosk_is_refused_not_damaged(tmp_path):
    path = tmp_path / STATS_FILE
    with EventStore.open(path) as store:
        store.conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="newer kiosk"):
        EventStore.open(path)
    with pytest.raises(StoreError):
        EventStore.open_for_reading(path)


TEXT_A_VISITOR_MIGHT_WRITE = [
    "Matti Meikäläinen",
    "matti.meikalainen@example.fi",
    "+358 40 123 4567",
    "192.168.1.20",
    "I think the city should do more",
    "Å",
    "x" * 65,
]


def test_no_column_can_hold_free_text(tmp_path):
    """Privacy, enforced by the database: every text column takes a fixed word or a content id,
    and no column is there to name a person, a device or an address."""
    with EventStore.open(tmp_path / STATS_FILE) as store:
        columns = {
            table: {row[1]: row[2] for row in store.conn.execute(f"PRAGMA table_info({table})")}
            for table in ("events", "purged_pledges", "schema_version", "store_identity")
        }
        assert columns == {
            "events": {
                "id": "INTEGER",
                "at": "INTEGER",
                "kind": "TEXT",
                "screen": "TEXT",
                "target": "TEXT",
                "language": "TEXT",
                "seconds": "REAL",
                "item": "TEXT",
            },
            "purged_pledges": {"pledge": "TEXT", "count": "INTEGER"},
            "schema_version": {"version": "INTEGER"},
            "store_identity": {"id": "TEXT"},  # random, per database, never per visit
        }
        tables = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master")}
        assert {t for t in tables if not t.startswith(("events_by", "sqlite_autoindex"))} == set(
            columns
        )
        valid = {"at": 1, "kind": "pledge", "item": "fly-less"}
        for column in ("kind", "screen", "target", "language", "item"):
            for text in TEXT_A_VISITOR_MIGHT_WRITE:
                row = {**valid, column: text}
                marks = ", ".join("?" * len(row))
                with pytest.raises(sqlite3.IntegrityError):
                    store.conn.execute(
                        f"INSERT INTO events ({', '.join(row)}) VALUES ({marks})",
                        tuple(row.values()),
                    )
                with pytest.raises(ValueError):
                    make_event(row.pop("kind"), row.pop("at"), **row)
        for text in TEXT_A_VISITOR_MIGHT_WRITE:
            with pytest.raises(sqlite3.IntegrityError):
                store.conn.execute("INSERT INTO purged_pledges VALUES (?, 1)", (text,))
        with pytest.raises(sqlite3.IntegrityError):  # STRICT: a number column takes no text
            store.conn.execute("INSERT INTO events (at, kind, seconds) VALUES (1, 'pledge', 'x')")


def test_event_times_are_whole_utc_seconds_and_seconds_are_rounded():
    event = make_event("screen_view", 1_780_000_000.7, screen="station", seconds=12.3456)
    assert event.at == 1_780_000_000
    assert event.seconds == 12.3
    with pytest.raises(ValueError):
        make_event("screen_view", 0, screen="settings")
    with pytest.raises(ValueError):
        make_event("screen_view", 0, seconds=-1)
    with pytest.raises(ValueError):
        make_event("visitor_name", 0)


def test_purge_deletes_old_events_and_keeps_pledge_totals(tmp_path):
    now = 1_780_000_000
    with EventStore.open(tmp_path / STATS_FILE) as store:
        store.write(
            [
                make_event("pledge", now - 40 * DAY, item="fly-less"),
                make_event("pledge", now - 40 * DAY, item="fly-less"),
                make_event("visit_start", now - 40 * DAY, language="fi"),
                make_event("pledge", now - DAY, item="fly-less"),
                make_event("pledge", now - DAY, item="no-food-waste"),
                make_event("visit_start", now - DAY, language="sv"),
            ]
        )
        assert store.purge(30, now=now) == 3
        assert [(e.kind, e.item) for e in store.events()] == [
            ("pledge", "fly-less"),
            ("pledge", "no-food-waste"),
            ("visit_start", None),
        ]
        assert store.pledge_totals() == {"fly-less": 3, "no-food-waste": 1}
        assert store.purge(30, now=now + 60 * DAY) == 3  # a second purge adds to the first
        assert store.pledge_totals() == {"fly-less": 3, "no-food-waste": 1}
        assert store.events() == []


def test_pledge_totals_read_through_the_kind_item_index(tmp_path):
    with EventStore.open(tmp_path / STATS_FILE) as store:
        plan = " ".join(
            str(row[-1])
            for row in store.conn.execute(
                "EXPLAIN QUERY PLAN SELECT item, count(*) FROM events "
                "WHERE kind = 'pledge' AND item IS NOT NULL GROUP BY item"
            )
        )
        assert "COVERING INDEX events_by_kind_item" in plan


# The recorder ---------------------------------------------------------------------------


def test_recorder_commits_in_batches_and_flushes(db):
    batches = []
    rec = recorder(db, batch_size=50, interval_s=5.0, on_commit=lambda b: batches.append(len(b)))
    for _ in range(120):
        assert rec.record("tip_chosen", item="vegan")
    assert rec.flush(5.0)
    assert batches == [50, 50, 20]  # two full batches, then the rest at the flush
    assert rec.close()
    assert len(stored(db)) == 120
    assert rec.written == 120 and rec.dropped == 0 and rec.failures == {}
    assert not rec.record("tip_chosen", item="vegan")  # closed: dropped, counted, no error
    assert rec.dropped == 1


def test_recorder_commits_within_its_interval_without_a_flush(db):
    committed = threading.Event()
    rec = recorder(db, interval_s=0.05, on_commit=lambda batch: committed.set())
    rec.record("qr_shown", item="newsletter")
    assert committed.wait(2.0)
    rec.close()


def test_record_never_blocks_when_the_writer_falls_behind(db, caplog):
    release = threading.Event()
    rec = recorder(db, batch_size=1, max_queue=10, on_commit=lambda batch: release.wait(5))
    rec.record("tip_chosen", item="vegan")  # the writer now hangs in on_commit
    time.sleep(0.1)
    started = time.monotonic()
    accepted = [rec.record("tip_chosen", item="vegan") for _ in range(100)]
    assert time.monotonic() - started < 0.5
    assert accepted.count(True) == 10 and rec.dropped == 90
    assert rec.failures == {"queue full": 90}
    assert len([r for r in caplog.records if "queue full" in r.getMessage()]) == 1
    release.set()
    assert rec.close(5.0)
    assert len(stored(db)) == 11


def test_a_wrong_event_is_dropped_and_logged_once_never_raised(db, caplog):
    rec = recorder(db)
    assert not rec.record("tip_chosen", item="Matti Meikäläinen")
    assert not rec.record("nonsense")
    assert not rec.record("tip_chosen", colour="red")
    assert rec.record("tip_chosen", item="vegan")
    assert rec.close()
    assert rec.failures == {"invalid event": 3}
    assert len([r for r in caplog.records if "invalid event" in r.getMessage()]) == 1
    assert [e.item for e in stored(db)] == ["vegan"]


def test_switched_off_statistics_keep_nothing(tmp_path):
    settings = replace(Settings(), data_dir=tmp_path / "var", stats=Stats(enabled=False))
    rec = StatsRecorder.for_settings(settings)
    assert not rec.enabled
    assert not rec.record("visit_start", language="fi")
    assert rec.pledge_totals() == {}
    assert rec.flush() and rec.close()
    assert not (tmp_path / "var").exists()


def test_for_settings_uses_the_data_folder_and_retention(tmp_path):
    settings = replace(Settings(), data_dir=tmp_path / "var", stats=Stats(retention_days=30))
    rec = StatsRecorder.for_settings(settings, interval_s=0.01)
    assert rec.path == tmp_path / "var" / STATS_FILE and rec.retention_days == 30
    rec.record("visit_start", language="fi")
    assert rec.close()
    assert len(stored(tmp_path / "var" / STATS_FILE)) == 1


def test_retention_purge_runs_at_start_up_and_then_daily(db):
    clock = FakeClock(1_780_000_000)
    db.parent.mkdir(parents=True)
    with EventStore.open(db) as store:
        store.write(
            [
                make_event("visit_start", clock() - 31 * DAY, language="fi"),
                make_event("pledge", clock() - 31 * DAY, item="fly-less"),
                make_event("visit_start", clock() - 29 * DAY, language="sv"),
            ]
        )
    rec = recorder(db, retention_days=30, clock=clock, purge_every_s=0.2)
    assert rec.flush()
    assert [e.language for e in stored(db)] == ["sv"]  # purged at start-up
    assert rec.pledge_totals() == {"fly-less": 1}  # and the pledge still counts
    clock.advance(2 * DAY)  # the kiosk runs on; the next purge is due after purge_every_s
    time.sleep(0.25)
    rec.record("visit_start", language="en")
    assert rec.flush()  # the writer purges after a batch once a purge is due
    assert rec.close()
    assert [e.language for e in stored(db)] == ["en"]


def test_pledge_totals_survive_restarts_and_count_pledges_not_yet_written(db):
    rec = recorder(db, interval_s=60.0)  # nothing reaches disk before close
    rec.record("pledge", item="fly-less")
    rec.record("pledge", item="fly-less")
    rec.record("pledge", item="one-degree-cooler")
    assert rec.pledge_totals() == {"fly-less": 2, "one-degree-cooler": 1}
    assert rec.close()

    again = recorder(db)
    assert again.pledge_totals() == {"fly-less": 2, "one-degree-cooler": 1}
    again.record("pledge", item="one-degree-cooler")
    assert again.pledge_totals() == {"fly-less": 2, "one-degree-cooler": 2}
    assert again.close()
    from kiosk.stats.store import pledge_totals

    assert pledge_totals(db) == {"fly-less": 2, "one-degree-cooler": 2}
    assert pledge_totals(db.parent / "missing.sqlite3") == {}
    assert not (db.parent / "missing.sqlite3").exists()


# Durability -----------------------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from kiosk.stats.recorder import StatsRecorder

def committed(batch):
    # Printed only once the batch's COMMIT has returned.
    print(" ".join(event.item for event in batch), flush=True)

recorder = StatsRecorder(Path(sys.argv[1]), batch_size=25, interval_s=0.005, on_commit=committed)
number = int(sys.argv[2])
while True:
    if recorder.record("tip_chosen", language="fi", item=f"event-{number}"):
        number += 1
"""


def test_every_committed_event_survives_sigkill(db):
    db.parent.mkdir(parents=True)
    reported: set[str] = set()
    for round_number in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(round_number * 10_000_000)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            for _ in range(40):  # let it commit a good many batches, then kill it mid-stream
                line = child.stdout.readline()
                assert line, "the writer stopped before it was killed"
                reported.update(line.split())
            assert db.with_name(db.name + "-wal").exists()  # killed with a live WAL
            os.kill(child.pid, signal.SIGKILL)
            rest = child.stdout.read()  # what it printed before the kill landed
        finally:
            child.kill()
            child.wait(10)
        lines = rest.split("\n")
        for line in lines[:-1]:  # the last may be cut off: only whole lines were reported
            reported.update(line.split())
        assert child.returncode == -signal.SIGKILL
        with EventStore.open(db) as store:  # as the restarted kiosk would
            assert store.integrity() == "ok"
            present = {event.item for event in store.events()}
        missing = reported - present
        assert not missing, f"{len(missing)} committed events lost, e.g. {sorted(missing)[:3]}"
    assert len(reported) > 3 * 40 * 25 * 0.9


# Full and read-only disks ---------------------------------------------------------------


def test_a_full_database_is_logged_once_and_the_recorder_keeps_going(db, monkeypatch, caplog):
    """A 'full disk' made with PRAGMA max_page_count, which works everywhere."""
    opened = EventStore.open.__func__

    def tiny(cls, path):
        store = opened(cls, path)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        return store

    monkeypatch.setattr(EventStore, "open", classmethod(tiny))
    rec = recorder(db, batch_size=50)
    for _ in range(5000):
        assert rec.record("screen_view", screen="station", target="heat-pump", seconds=12.5)
    assert rec.flush(10.0)
    assert rec.failures.get("disk full", 0) >= 1
    assert 0 < rec.written < 5000 and rec.written + rec.dropped == 5000
    assert rec.record("tip_chosen", item="vegan")  # still accepting
    assert rec.close(5.0)
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len([m for m in messages if "disk full" in m]) == 1, messages
    monkeypatch.undo()
    with EventStore.open(db) as store:
        assert store.integrity() == "ok"
        assert len(store.events()) == rec.written


def test_a_really_full_disk_is_survived_and_writing_resumes_when_space_returns(tmp_path, caplog):
    """A 256 KiB tmpfs filled to the last byte, where mounting one is allowed (as root)."""
    with tmpfs(tmp_path / "disk", "256k") as disk:
        db = disk / "var" / STATS_FILE
        rec = recorder(db, batch_size=50)
        rec.record("visit_start", language="fi")
        assert rec.flush() and rec.written == 1
        filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(filler, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(filler)
        for _ in range(3000):
            assert rec.record("screen_view", screen="home", language="fi", seconds=3.0)
        assert rec.flush(10.0)
        assert rec.failures.get("disk full", 0) >= 1 and rec.dropped > 0
        os.remove(disk / "filler")
        written = rec.written
        rec.record("visit_end", language="fi", seconds=40.0)
        assert rec.flush(5.0) and rec.written == written + 1  # writing again
        assert rec.close()
        warnings = [r.getMessage() for r in caplog.records if "disk full" in r.getMessage()]
        assert len(warnings) == 1
        with EventStore.open(db) as store:
            assert store.integrity() == "ok"
            assert store.events()[-1].kind == "visit_end"


def test_a_read_only_data_folder_is_logged_and_pledge_totals_still_show(tmp_path, caplog):
    data = tmp_path / "var"
    rec = recorder(data / STATS_FILE)
    rec.record("pledge", item="fly-less")
    assert rec.close()
    with read_only(data):
        rec = recorder(data / STATS_FILE)
        assert rec.pledge_totals() == {"fly-less": 1}  # read, although nothing can be written
        for _ in range(100):
            assert rec.record("pledge", item="fly-less")
        assert rec.flush(5.0) and rec.close(5.0)
        assert rec.dropped == 100 and rec.written == 0
        assert rec.pledge_totals() == {"fly-less": 101}  # what the visitors were shown
        kinds = set(rec.failures)
        assert kinds and kinds <= {"cannot open", "read-only"}
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == len(kinds)
    assert len(stored(data / STATS_FILE)) == 1


def test_a_data_folder_that_cannot_be_created_is_logged(tmp_path, caplog):
    blocker = tmp_path / "var"
    blocker.write_text("a file where the data folder should be")
    rec = recorder(blocker / STATS_FILE)
    assert rec.record("visit_start", language="fi")
    assert rec.flush() and rec.close()
    assert rec.failures == {"cannot create folder": 1}
    assert rec.dropped == 1
    assert rec.pledge_totals() == {}


# The visit tracker ----------------------------------------------------------------------


@pytest.fixture
def visit(exhibit):
    """A navigator with a tracker listening, on a clock the test turns."""
    exhibition = load_content_folder(Path("exhibits"), Path("media")).content.exhibition
    navigator = Navigator(exhibition, LANGUAGES, "fi")
    clock, listener = FakeClock(0.0), ListeningRecorder()
    tracker = VisitTracker(listener, idle_s=70, clock=clock).follow(navigator)
    return navigator, tracker, listener, clock


def test_screen_views_carry_their_dwell_time(visit):
    navigator, tracker, events, clock = visit
    navigator.start_visit()
    clock.advance(5)
    navigator.open_theme("food")
    clock.advance(12)
    navigator.open_station("food-station")
    clock.advance(48)
    navigator.back()
    assert events.kinds() == ["visit_start", "screen_view", "screen_view", "screen_view"]
    assert events.of("visit_start") == [{"language": "fi"}]
    assert events.of("screen_view") == [
        {"screen": "home", "language": "fi", "seconds": 5},
        {"screen": "theme", "target": "food", "language": "fi", "seconds": 12},
        {"screen": "station", "target": "food-station", "language": "fi", "seconds": 48},
    ]
    assert tracker.route == Route("theme", "food")


def test_a_language_switch_is_recorded_without_splitting_the_view(visit):
    navigator, _, events, clock = visit
    navigator.start_visit()
    clock.advance(3)
    navigator.set_language("sv")
    clock.advance(20)
    navigator.open_theme("housing")
    assert events.kinds() == ["visit_start", "language", "screen_view"]
    assert events.of("language") == [{"language": "sv"}]
    assert events.of("screen_view") == [{"screen": "home", "language": "sv", "seconds": 23}]


def test_an_idle_reset_does_not_count_the_idle_time_as_reading(visit):
    navigator, tracker, events, clock = visit
    navigator.start_visit()
    clock.advance(10)
    navigator.open_theme("mobility")
    clock.advance(30 + 70)  # read for 30 s, walked away; the countdown ended 70 s later
    navigator.reset()
    assert not tracker.in_visit
    assert events.of("screen_view")[-1] == {
        "screen": "theme",
        "target": "mobility",
        "language": "fi",
        "seconds": 30,
    }
    assert events.of("visit_end") == [{"language": "fi", "seconds": 40}]


def test_start_over_ends_the_visit_at_once_and_forgets_it(visit):
    navigator, tracker, events, clock = visit
    navigator.start_visit()
    navigator.set_language("en")
    assert tracker.pledged("fly-less")
    assert not tracker.pledged("fly-less")  # one pledge per visit
    clock.advance(25)
    tracker.end_visit()  # the visitor tapped "start over"
    navigator.reset()  # heard, but the visit is already over: nothing more is recorded
    assert events.of("visit_end") == [{"language": "en", "seconds": 25}]
    assert events.of("screen_view") == [{"screen": "home", "language": "en", "seconds": 25}]
    assert events.kinds().count("visit_end") == 1
    clock.advance(100)
    navigator.start_visit()  # the next visitor starts from nothing
    assert not tracker.has_pledged and tracker.pledged("fly-less")
    assert events.of("visit_start")[-1] == {"language": "fi"}
    assert events.of("pledge") == [
        {"screen": "home", "language": "en", "item": "fly-less"},
        {"screen": "home", "language": "fi", "item": "fly-less"},
    ]


def test_quiz_tips_and_qr_codes_carry_where_they_happened(visit):
    navigator, tracker, events, clock = visit
    tracker.qr_shown("newsletter")  # on the attract screen, before any visit
    navigator.start_visit()
    navigator.open_quiz()
    tracker.quiz_started()
    clock.advance(75)
    tracker.quiz_completed()
    tracker.tip_chosen("vegetarian")
    tracker.qr_shown("tip-vegetarian-1")
    tracker.qr_shown("tip-vegetarian-1")  # the screen redrew it: still one
    navigator.open_theme("food")
    tracker.qr_shown("tip-vegetarian-1")  # a new screen view: counted again
    assert events.of("qr_shown") == [
        {"screen": "attract", "language": "fi", "item": "newsletter"},
        {"screen": "quiz", "language": "fi", "item": "tip-vegetarian-1"},
        {"screen": "theme", "target": "food", "language": "fi", "item": "tip-vegetarian-1"},
    ]
    assert events.of("quiz_completed") == [{"screen": "quiz", "language": "fi", "seconds": 75}]
    assert events.of("tip_chosen") == [{"screen": "quiz", "language": "fi", "item": "vegetarian"}]


def test_content_reload_in_place_does_not_split_the_view(visit):
    navigator, _, events, clock = visit
    navigator.start_visit()
    navigator.open_theme("food")
    clock.advance(8)
    navigator.replace_content(navigator.exhibition)
    clock.advance(8)
    navigator.home()
    assert events.of("screen_view")[-1] == {
        "screen": "theme",
        "target": "food",
        "language": "fi",
        "seconds": 16,
    }


def test_for_settings_takes_the_idle_time_from_kiosk_yaml():
    tracker = VisitTracker.for_settings(ListeningRecorder(), Settings())
    assert tracker.idle_s == Settings().idle.timeout_s + Settings().idle.countdown_s


def test_version_1_statistics_are_kept_and_take_result_screen_views(tmp_path):
    """Schema 2 allows the quiz's result screen: a version-1 database is rebuilt, not lost."""
    path = tmp_path / STATS_FILE
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT")
    conn.execute("INSERT INTO schema_version VALUES (1)")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO events (at, kind, screen, item) VALUES (5, 'pledge', 'quiz', 'x')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO events (at, kind, screen) VALUES (6, 'screen_view', 'result')")
    conn.close()
    result_view = make_event("screen_view", 7, screen="result", language="fi", seconds=3)
    with EventStore.open(path) as store:
        store.write([result_view])
        assert [(e.kind, e.screen) for e in store.events()] == [
            ("pledge", "quiz"),
            ("screen_view", "result"),
        ]
        assert store.pledge_totals() == {"x": 1}
        assert store.integrity() == "ok"
        indexes = store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert {"events_by_kind_item", "events_by_time"} <= {row[0] for row in indexes}


# What the screens are given ---------------------------------------------------------------


def test_the_screens_statistics_record_and_count_only_when_there_are_statistics(db):
    from kiosk.stats.service import StatisticsService

    nothing = StatisticsService()
    nothing.record("pledged", "fly-less")  # no tracker: nothing recorded, nothing raised
    assert nothing.pledge_totals(wait_s=0.1) is None
    rec = recorder(db)
    try:
        statistics = StatisticsService(rec, VisitTracker(rec))
        assert statistics.pledge_totals(wait_s=0.1) == {}
        statistics.record("pledged", "fly-less")
        statistics.record("pledged", "fly-less")  # one pledge per visit
        assert statistics.pledge_totals(wait_s=1.0) == {"fly-less": 1}
    finally:
        rec.close()
    off = StatsRecorder(None)
    assert StatisticsService(off, VisitTracker(off)).pledge_totals(wait_s=0.1) is None
