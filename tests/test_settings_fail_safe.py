"""Settings fail safe: one error in kiosk.yaml never throws the site's settings back to the
defaults (statistics on against an opt-out, no opening hours, no PIN). The kiosk runs with the
whole last valid copy kept in its data folder, or with statistics off and the staff menu
closed when there never was one, and says so. A data folder it cannot use is found by
`validate` and does not stop `run`."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.faults import FAULTS
from kiosk.ops.data_folder import problem_for_run, problem_for_validate
from kiosk.ops.last_settings import (
    FAIL_SAFE,
    FROM_FILE,
    LAST_VALID,
    SettingsFileWatcher,
    last_valid_path,
    load_settings_safely,
)
from kiosk.pin_hash import hash_pin

REPO = Path(__file__).resolve().parent.parent
PIN_HASH = hash_pin("402913")
SITE = f"""# yaml-language-server: $schema=schema/kiosk.schema.json
data_dir: data
idle:
  countdown_s: 10
kiosk:
  staff_pin_hash: "{PIN_HASH}"
schedule:
  enabled: true
  weekly: {{mon: "08:00-20:00"}}
stats:
  enabled: false
"""


@pytest.fixture(autouse=True)
def no_faults():
    FAULTS.reset()
    yield
    FAULTS.reset()


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_text(SITE, encoding="utf-8")
    return path


def site_settings_in_force(settings):
    assert settings.stats.enabled is False
    assert settings.kiosk.staff_pin_hash == PIN_HASH
    assert settings.schedule.enabled is True


def test_a_valid_file_is_used_and_kept_as_the_last_valid_copy(config, tmp_path):
    kept = load_settings_safely(config)
    assert kept.origin == FROM_FILE and kept.message is None and FAULTS.lines() == []
    copy = last_valid_path(tmp_path / "data")
    assert copy.read_text(encoding="utf-8") == SITE
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640  # it holds the PIN's hash


@pytest.mark.parametrize(
    "broken",
    [
        ("countdown_s: 10", "countdown_s: 1"),  # out of range
        ("enabled: false", "enabled: nope"),  # wrong type, in the stats section itself
        ("idle:", "idle: [\n"),  # not YAML at all
        ("data_dir: data", "data_dir: data\nfrobnicate: 3"),  # unknown key
    ],
)
def test_one_error_keeps_the_whole_last_valid_settings(config, tmp_path, broken):
    load_settings_safely(config)
    # What the kiosk did before: every setting back to its default.
    config.write_text(SITE.replace(*broken), encoding="utf-8")
    assert load_settings(config)[1].errors
    kept = load_settings_safely(config)
    assert kept.origin == LAST_VALID
    site_settings_in_force(kept.settings)
    assert kept.settings.data_dir == tmp_path / "data"
    assert kept.diagnostics.errors  # still reported
    (fault,) = FAULTS.lines()
    assert fault.startswith("settings: ") and "running with the last valid settings" in fault


def test_no_valid_settings_ever_means_statistics_off_and_no_staff_menu(config):
    config.write_text(SITE.replace("countdown_s: 10", "countdown_s: 1"), encoding="utf-8")
    kept = load_settings_safely(config)
    assert kept.origin == FAIL_SAFE
    assert kept.settings.stats.enabled is False
    assert kept.settings.kiosk.staff_pin_hash is None  # the PIN pad says no PIN is set
    assert "statistics off, staff menu closed" in FAULTS.lines()[0]


def test_a_file_the_checker_cannot_even_read_is_an_error_not_a_crash(config):
    load_settings_safely(config)
    # A date that does not exist made the checker raise (a traceback in `kiosk run`).
    weekly = 'weekly: {mon: "08:00-20:00"}'
    exception = "\n  exceptions:\n    - {date: 2026-04-31, hours: closed}"
    config.write_text(SITE.replace(weekly, weekly + exception), encoding="utf-8")
    kept = load_settings_safely(config)
    assert kept.origin == LAST_VALID
    site_settings_in_force(kept.settings)


def test_broken_while_running_keeps_the_running_settings_and_says_so(config):
    load_settings_safely(config)
    watcher = SettingsFileWatcher(config)
    assert watcher.poll() is None  # unchanged
    config.write_text(SITE.replace("countdown_s: 10", "countdown_s: 1"), encoding="utf-8")
    os.utime(config, ns=(1, 1))
    assert "keeps running with the settings it started with" in watcher.poll()
    assert FAULTS.lines()[0].startswith("settings: ")
    # Fixed: the fault clears and the fixed file becomes the last valid copy.
    fixed = SITE.replace("countdown_s: 10", "countdown_s: 12")
    config.write_text(fixed, encoding="utf-8")
    assert watcher.poll() == FROM_FILE
    assert FAULTS.lines() == []
    assert last_valid_path(config.parent / "data").read_text(encoding="utf-8") == fixed


@pytest.mark.parametrize("kind", ["file", "proc", "read-only"])
def test_validate_finds_a_data_folder_the_kiosk_cannot_use(tmp_path, kind):
    if kind == "file":
        (tmp_path / "data").write_text("not a folder")
        data_dir = "data"
    elif kind == "proc":
        data_dir = "/proc/ilmastotekoja"
    else:
        if os.geteuid() != 0 or not _can_mount():
            pytest.skip("a read-only mount needs root (CI runs as root)")
        data_dir = "/ro/data"
    config = tmp_path / "kiosk.yaml"
    config.write_text(SITE.replace("data_dir: data", f"data_dir: {data_dir}"), encoding="utf-8")
    command = [sys.executable, "-m", "kiosk", "validate", "--config", str(config)]
    command += ["--media", str(REPO / "media"), str(REPO / "exhibits")]
    if kind == "read-only":
        # Its own mount namespace: the read-only mount is gone when the command ends.
        script = (
            f"mkdir -p /ro && mount -t tmpfs -o ro,size=1m tmpfs /ro && exec {_quoted(command)}"
        )
        command = ["unshare", "-m", "--propagation", "private", "sh", "-c", script]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "kiosk.yaml:2:11: error: data_dir: the data folder cannot be used: " in result.stdout


def test_the_kiosk_finds_out_by_trying_and_a_usable_folder_passes(tmp_path):
    assert problem_for_validate(tmp_path / "new" / "data") is None
    assert problem_for_run(tmp_path / "new" / "data") is None
    (tmp_path / "file").write_text("x")
    assert "cannot be used" in problem_for_run(tmp_path / "file")
    assert "cannot be used" in problem_for_run(Path("/proc/ilmastotekoja"))


def _can_mount() -> bool:
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"], capture_output=True
    )
    return probe.returncode == 0


def _quoted(command: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(part) for part in command)
