"""The running app's metrics file, parsed as node_exporter's textfile collector would, agrees
with its health file; a visit counts, and a refused content commit shows."""

from __future__ import annotations

import pytest

from kiosk.ops.metrics import textfile_path
from tests.metricskit import samples
from tests.uikit import fresh_visit

pytestmark = pytest.mark.ui


def published(ui) -> dict:
    services = ui.app.services
    services.publish_metrics()
    assert services.metrics.wait_written(5.0)
    return samples(textfile_path(ui.app.settings).read_text(encoding="utf-8"))


def test_the_metrics_file_agrees_with_the_health_file(ui):
    services = ui.app.services
    ui.app.end_visit()
    ui.settle()
    before = published(ui)
    fresh_visit(ui)  # a visitor touches the attract screen
    found = published(ui)
    health = services.health.snapshot()
    assert health["state"] == "running"
    assert found[("ilmastotekoja_up", ())] == 1
    assert found[("ilmastotekoja_state", (("state", "visiting"),))] == 1
    assert found[("ilmastotekoja_should_be_open", ())] == 1
    info = [key for key in found if key[0] == "ilmastotekoja_content_info"]
    assert info == [
        ("ilmastotekoja_content_info", (("commit", ""), ("hash", health["content_hash"])))
    ]
    assert found[("ilmastotekoja_content_errors", ())] == health["content_error_count"] == 0
    visits = found[("ilmastotekoja_visits_total", ())]
    assert visits == before[("ilmastotekoja_visits_total", ())] + 1
    touched = services.health.last_interaction.timestamp()
    assert found[("ilmastotekoja_last_interaction_timestamp_seconds", ())] == touched
    rss = found[("ilmastotekoja_resident_memory_bytes", ())]
    assert abs(rss - health["rss_bytes"]) < 50e6  # read moments apart
    ui.app.end_visit()
    ui.settle()
    assert published(ui)[("ilmastotekoja_state", (("state", "attract"),))] == 1


def test_a_refused_commit_shows_in_the_metrics(ui, tmp_path, monkeypatch):
    from kiosk.sync import engine
    from kiosk.sync.status import SyncStatusReader
    from tests.contentkit import edit
    from tests.synckit import ContentRepo, kiosk_settings

    content = ContentRepo(tmp_path / "content")
    settings = kiosk_settings(tmp_path / "kiosk", content.origin)
    good = content.commit("Good")
    assert engine.sync(settings).status == engine.SWITCHED
    edit(content.station_title_file(), "kind: food", "kind: fod")
    content.commit("Broken")
    assert engine.sync(settings).status == engine.REFUSED
    monkeypatch.setattr(ui.app.services, "sync_status", SyncStatusReader(settings))
    found = published(ui)
    assert found[("ilmastotekoja_sync_refused", ())] == 1
    assert found[("ilmastotekoja_sync_failures_total", ())] == 0
    assert found[("ilmastotekoja_sync_last_success_timestamp_seconds", ())] > 0
    (info,) = [labels for name, labels in found if name == "ilmastotekoja_content_info"]
    assert dict(info)["commit"] == good
