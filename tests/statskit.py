"""Helpers for the statistics tests: a recorder that only listens, and disks that are full or
read-only."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest


class ListeningRecorder:
    """Stands in for StatsRecorder: keeps (kind, columns) of every event, in order."""

    def __init__(self):
        self.events: list[tuple[str, dict]] = []

    def record(self, kind: str, **columns) -> bool:
        self.events.append((kind, {k: v for k, v in columns.items() if v is not None}))
        return True

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]

    def of(self, kind: str) -> list[dict]:
        return [columns for k, columns in self.events if k == kind]


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


@contextlib.contextmanager
def tmpfs(folder: Path, size: str):
    """A tmpfs of `size` mounted on `folder`; the test is skipped where mounting is not allowed
    (not root, or a container without the capability)."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


@contextlib.contextmanager
def read_only(folder: Path):
    """Makes `folder`, already filled, read-only for this process: a read-only remount where we
    are root (root ignores file modes), file modes elsewhere."""
    if os.geteuid() == 0:
        backup = folder.with_name(folder.name + "-content")
        shutil.copytree(folder, backup)
        with tmpfs(folder, "4m"):
            shutil.copytree(backup, folder, dirs_exist_ok=True)
            if not _run("mount", "-o", "remount,ro", str(folder)):
                pytest.skip("cannot remount a tmpfs read-only here")
            yield folder
        return
    modes = {path: path.stat().st_mode for path in [folder, *folder.rglob("*")]}
    for path in modes:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield folder
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
