"""deploy/prometheus: the alert rules pass `promtool check rules` and their unit tests
(`promtool test rules`), and name only metrics the kiosk writes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.ops.metrics import KioskMetrics, exposition
from tests.metricskit import samples

PROMETHEUS = Path(__file__).resolve().parent.parent / "deploy" / "prometheus"


@pytest.fixture
def promtool():
    tool = shutil.which("promtool")
    assert tool, "promtool is missing: scripts/test installs the Debian package prometheus"
    return tool


def run(promtool, *args, cwd=PROMETHEUS):
    return subprocess.run([promtool, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_promtool_accepts_the_rules_and_the_example_configuration(promtool):
    rules = run(promtool, "check", "rules", "kiosk-alerts.yml")
    assert rules.returncode == 0 and "SUCCESS: 7 rules found" in rules.stdout, rules.stderr
    config = run(promtool, "check", "config", "prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr


def test_the_alert_rules_pass_their_unit_tests(promtool):
    result = run(promtool, "test", "rules", "kiosk-alerts.test.yml")
    assert result.returncode == 0 and "SUCCESS" in result.stdout, result.stdout + result.stderr


def test_the_unit_tests_fail_when_a_rule_is_wrong(promtool, tmp_path):
    """Keeps the test above honest: a kiosk down for ten minutes must be noticed."""
    for name in ("kiosk-alerts.yml", "kiosk-alerts.test.yml"):
        shutil.copy(PROMETHEUS / name, tmp_path / name)
    rules = tmp_path / "kiosk-alerts.yml"
    rules.write_text(rules.read_text().replace("> 120", "> 100000"), encoding="utf-8")
    result = run(promtool, "test", "rules", "kiosk-alerts.test.yml", cwd=tmp_path)
    assert result.returncode != 0 and "alertname: KioskDown" in result.stdout + result.stderr


def test_the_rules_name_only_metrics_the_kiosk_writes():
    everything = KioskMetrics(
        kiosk_id="k",
        version="0",
        last_interaction=1.0,
        sync_configured=True,
        sync_last_success=1.0,
        resident_memory_bytes=1,
    )
    written = {name for name, _labels in samples(exposition(everything))}
    named = set(
        re.findall(r"\bilmastotekoja_[a-z_]+", (PROMETHEUS / "kiosk-alerts.yml").read_text())
    )
    assert named and named <= written, named - written
