"""The sync's systemd units: accepted by systemd-analyze, and agreeing with the code on the
paths they share (the trigger file, the command, the data folder)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.sync.releases import Layout
from tests.unitkit import directives, verify

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
SYNC_UNITS = ("ilmastotekoja-sync.service", "ilmastotekoja-sync.timer", "ilmastotekoja-sync.path")
PREFIX = Path("/opt/ilmastotekoja")


def test_systemd_accepts_the_sync_units(tmp_path):
    # verify() checks a copy in tmp_path: the service first, so the others find it there.
    for name in SYNC_UNITS:
        result = verify(DEPLOY / name, [], tmp_path)
        assert (result.returncode, result.stdout + result.stderr) == (0, ""), name


def test_the_sync_units_run_kiosk_sync_as_the_kiosk_user_on_the_network():
    service = directives("ilmastotekoja-sync.service")
    config = PREFIX / "kiosk.yaml"
    assert f"ExecStart={PREFIX}/.venv/bin/python -m kiosk sync --config {config}" in service
    for line in ("User=kiosk", "Wants=network-online.target", "ProtectSystem=strict"):
        assert line in service
    assert f"ReadWritePaths={PREFIX}/var" in service, "it writes its data folder, nothing else"
    assert not [line for line in service if line.startswith("PrivateNetwork=yes")]
    timer = directives("ilmastotekoja-sync.timer")
    assert "OnBootSec=1min" in timer and "WantedBy=timers.target" in timer


def test_the_path_unit_watches_the_file_the_staff_menu_touches():
    from kiosk.config import Settings

    settings = Settings(data_dir=PREFIX / "var")  # install.sh's data folder
    trigger = Layout.for_settings(settings).trigger_file
    path = directives("ilmastotekoja-sync.path")
    assert f"PathChanged={trigger}" in path
    assert "Unit=ilmastotekoja-sync.service" in path


def test_the_timer_interval_comes_from_kiosk_yaml(tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        "# yaml-language-server: $schema=schema/kiosk.schema.json\nsync:\n  interval_min: 7\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "sync", "--print-timer", "--config", str(config)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-3:] == [
        "OnUnitInactiveSec=",
        "OnBootSec=1min",
        "OnUnitInactiveSec=7min",
    ]
    # And systemd takes the drop-in with the timer.
    units = tmp_path / "units"
    dropin = units / "ilmastotekoja-sync.timer.d"
    dropin.mkdir(parents=True)
    (dropin / "interval.conf").write_text(done.stdout.replace("min\n", "sek\n"), "utf-8")
    checked = {name: verify(DEPLOY / name, [], units) for name in SYNC_UNITS}
    timer = checked["ilmastotekoja-sync.timer"]
    assert "interval.conf:5: Failed to parse" in timer.stdout + timer.stderr, "drop-ins are read"
    (dropin / "interval.conf").write_text(done.stdout, encoding="utf-8")
    for name in SYNC_UNITS:
        result = verify(DEPLOY / name, [], units)
        assert (result.returncode, result.stdout + result.stderr) == (0, ""), name


def test_install_sh_puts_the_sync_units_in_place(tmp_path):
    result = subprocess.run(
        ["bash", str(DEPLOY / "install.sh"), "--mode", "cage", "--dry-run"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for name in SYNC_UNITS:
        assert f"+ write /etc/systemd/system/{name} (mode 0644, owner root:root):" in result.stdout
    assert "+ systemctl enable ilmastotekoja-sync.timer ilmastotekoja-sync.path" in result.stdout
