"""Prometheus metrics: the text the kiosk writes and serves, read back with prometheus_client's
own parser (as Prometheus and node_exporter would read it)."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.ops.metrics import STATES, KioskMetrics, MetricsPublisher, exposition
from tests.metricskit import samples


def kiosk_labels(text: str) -> set[str]:
    return {
        sample.labels["kiosk"]
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_the_exposition_parses_and_says_what_the_kiosk_does():
    metrics = KioskMetrics(
        kiosk_id="espoo-library-1",
        version="0.1.0",
        state="visiting",
        should_be_open=False,
        content_hash="7e40d597e4f47594",
        content_commit="a" * 40,
        content_errors=2,
        visits=12,
        quiz_completions=3,
        pledges={"bike-to-work": 5, 'odd "id"\\': 1},
        last_interaction=1_800_000_123.5,
        sync_configured=True,
        sync_last_success=1_800_000_000.0,
        sync_failures=4,
        sync_refused=True,
        resident_memory_bytes=181_403_648,
        log_lines_dropped=7,
        stats_events_dropped=1,
    )
    text = exposition(metrics)
    found = samples(text)
    assert kiosk_labels(text) == {"espoo-library-1"}
    assert found[("ilmastotekoja_up", ())] == 1
    states = {state: found[("ilmastotekoja_state", (("state", state),))] for state in STATES}
    assert states == {s: (1.0 if s == "visiting" else 0.0) for s in STATES}
    assert found[("ilmastotekoja_should_be_open", ())] == 0
    info = (("commit", "a" * 40), ("hash", "7e40d597e4f47594"))
    assert found[("ilmastotekoja_content_info", info)] == 1
    assert found[("ilmastotekoja_content_errors", ())] == 2
    assert found[("ilmastotekoja_visits_total", ())] == 12
    assert found[("ilmastotekoja_quiz_completions_total", ())] == 3
    assert found[("ilmastotekoja_pledges_total", (("pledge", "bike-to-work"),))] == 5
    assert found[("ilmastotekoja_pledges_total", (("pledge", 'odd "id"\\'),))] == 1
    assert found[("ilmastotekoja_last_interaction_timestamp_seconds", ())] == 1_800_000_123.5
    assert found[("ilmastotekoja_sync_last_success_timestamp_seconds", ())] == 1_800_000_000
    assert found[("ilmastotekoja_sync_failures_total", ())] == 4
    assert found[("ilmastotekoja_sync_refused", ())] == 1
    assert found[("ilmastotekoja_resident_memory_bytes", ())] == 181_403_648
    assert found[("ilmastotekoja_log_lines_dropped_total", ())] == 7
    assert found[("ilmastotekoja_stats_events_dropped_total", ())] == 1


def test_unknown_values_are_left_out_rather_than_made_up():
    text = exposition(KioskMetrics(kiosk_id="k", version="0.1.0"))
    names = {name for name, _labels in samples(text)}
    assert "ilmastotekoja_last_interaction_timestamp_seconds" not in names
    assert "ilmastotekoja_resident_memory_bytes" not in names
    assert not [name for name in names if name.startswith("ilmastotekoja_sync_")]


def test_the_publisher_writes_the_file_and_serves_it_on_loopback(tmp_path):
    path = tmp_path / "textfile" / "ilmastotekoja.prom"
    publisher = MetricsPublisher(path, "127.0.0.1", 0).start()
    try:
        text = exposition(KioskMetrics(kiosk_id="k1", version="0.1.0", visits=3))
        publisher.publish(text)
        assert publisher.wait_written(5.0)
        assert path.read_text(encoding="utf-8") == text
        assert oct(path.stat().st_mode & 0o777) == "0o644", "node_exporter reads it"
        host, port = publisher.address
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://{host}:{port}/metrics", timeout=5) as answer:
            assert answer.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            assert samples(answer.read().decode())[("ilmastotekoja_visits_total", ())] == 3
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(f"http://{host}:{port}/other", timeout=5)
        assert error.value.code == 404
    finally:
        publisher.stop(exposition(KioskMetrics(kiosk_id="k1", version="0.1.0", up=False)))
    assert samples(path.read_text())[("ilmastotekoja_up", ())] == 0, "the last word: down"


def test_a_file_that_cannot_be_written_is_said_once(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    publisher = MetricsPublisher(blocker / "ilmastotekoja.prom")
    text = exposition(KioskMetrics(kiosk_id="k", version="0.1.0"))
    publisher.publish(text)
    assert [publisher.write_now() for _ in range(3)] == [False, False, False]
    assert len([r for r in caplog.records if "cannot write" in r.message]) == 1


def test_log_lines_the_disk_refuses_are_counted_and_reported_once(capsys):
    """/dev/full fails every write with ENOSPC, as a full disk does."""
    import contextlib
    import logging

    from kiosk.faults import Faults
    from kiosk.ops.logs import KioskLogHandler, dropped_log_lines

    handler = KioskLogHandler(Path("/dev/full"), 0, 0, faults=Faults())
    before = dropped_log_lines()
    record = logging.LogRecord("kiosk", logging.INFO, __file__, 1, "a line", None, None)
    try:
        for _ in range(3):
            handler.emit(record)
    finally:
        with contextlib.suppress(OSError):  # as logging.shutdown() does
            handler.close()
    assert dropped_log_lines() == before + 3
    said = capsys.readouterr().err
    assert said.count("No space left on device") <= 1, "at most one traceback, not one a line"
