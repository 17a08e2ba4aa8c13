"""Helpers for the tests of the systemd units in deploy/: systemd-analyze verify on a unit, and
a unit's or drop-in's directives as systemd reads them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def verify(unit: Path, flags: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """systemd-analyze verify on a copy of `unit` whose programs exist on this machine: the
    kiosk's venv and cage are not installed here. Everything else is checked as written, and
    any message (such as "Unknown key") counts as a failure, since verify exits 0 for those."""
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: scripts/test installs the Debian package systemd"
    text = re.sub(r"(?m)^ExecStart=\S+", "ExecStart=/bin/true", unit.read_text(encoding="utf-8"))
    copy = tmp_path / unit.name
    copy.write_text(text, encoding="utf-8")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "SYSTEMD_LOG_COLOR": "0"}
    command = [analyze, *flags, "--man=no", "verify", str(copy)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def directives(name: str) -> list[str]:
    lines = (DEPLOY / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith(("#", "["))]


def unit_settings(text: str) -> list[tuple[str, str]]:
    """A drop-in's settings in order, as systemd reads them: no comments, no section lines."""
    lines = [line.strip() for line in text.splitlines()]
    assert [line for line in lines if line.startswith("[")] == ["[Service]"]
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith(("#", "["))]
    return [(key, value) for key, value in pairs]
