"""A damaged statistics database heals: it is set aside under a timestamped name (kept for
inspection), a fresh one is started with the pledge totals carried over, and the incident is
shown in the faults (health file, staff menu) and in the next `kiosk report`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.faults import FAULTS
from kiosk.stats.recorder import INCIDENT_KEY, StatsRecorder
from kiosk.stats.store import STATS_FILE, EventStore, quarantined

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_faults():
    FAULTS.reset()
    yield
    FAULTS.reset()


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "var" / STATS_FILE


def recorder(path) -> StatsRecorder:
    return StatsRecorder(path, interval_s=0.01, reopen_after_s=0.05)


def pledges(rec: StatsRecorder, item: str, count: int) -> None:
    for _ in range(count):
        assert rec.record("pledge", item=item)
    assert rec.flush()


def garbage(path: Path) -> None:
    with open(path, "r+b") as file:  # the same file, overwritten in place
        file.write(os.urandom(8192))


def test_a_database_overwritten_while_running_is_set_aside_and_a_fresh_one_started(db):
    rec = recorder(db)
    pledges(rec, "fly-less", 3)
    garbage(db)
    pledges(rec, "fly-less", 2)  # was: every later event dropped, with one log line
    pledges(rec, "one-degree-cooler", 1)
    assert rec.close()
    assert rec.dropped == 0 and rec.written == 6
    (kept,) = quarantined(db)
    assert kept.name.startswith("stats.sqlite3.damaged-")
    with EventStore.open_for_reading(db) as store:
        assert store.pledge_totals() == {"fly-less": 5, "one-degree-cooler": 1}
        assert len(store.events()) == 3  # the events after the fault are kept
        assert store.integrity() == "ok"
    (incident,) = rec.incidents
    assert "the statistics database was damaged" in incident and kept.name in incident
    assert "3 pledge(s) carried over" in incident
    assert any(line.startswith(INCIDENT_KEY + ": ") for line in FAULTS.lines())


def test_a_database_damaged_before_start_is_set_aside_and_its_readable_totals_kept(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(os.urandom(8192))
    rec = recorder(db)
    assert rec.pledge_totals() == {}
    pledges(rec, "fly-less", 1)
    assert rec.close()
    assert len(quarantined(db)) == 1 and rec.dropped == 0
    with EventStore.open_for_reading(db) as store:
        assert store.pledge_totals() == {"fly-less": 1}


def test_a_database_removed_while_running_is_started_afresh_with_the_totals(db):
    rec = recorder(db)
    pledges(rec, "fly-less", 2)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    pledges(rec, "fly-less", 1)
    assert rec.close()
    with EventStore.open_for_reading(db) as store:
        assert store.pledge_totals() == {"fly-less": 3}


def test_the_report_tells_of_the_incident(db, tmp_path):
    rec = recorder(db)
    pledges(rec, "fly-less", 1)
    garbage(db)
    pledges(rec, "fly-less", 1)
    assert rec.close()
    config = tmp_path / "kiosk.yaml"
    config.write_text("data_dir: var\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "report", "--config", str(config)]
        + ["--out", str(tmp_path / "report")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert "statistics incident: " in result.stdout
    assert "stats.sqlite3.damaged-" in result.stdout
    summary = (tmp_path / "report" / "incidents.txt").read_text(encoding="utf-8")
    assert "stats.sqlite3.damaged-" in summary


def test_the_retry_interval_comes_from_the_environment(monkeypatch, tmp_path):
    from dataclasses import replace

    from kiosk.config import Settings

    monkeypatch.setenv("KIOSK_STATS_RETRY_S", "0.5")
    rec = StatsRecorder.for_settings(replace(Settings(), data_dir=tmp_path))
    try:
        assert rec.reopen_after_s == 0.5
    finally:
        rec.close()
