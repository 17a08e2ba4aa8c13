"""Whether the kiosk can use its data folder (logs, caches, statistics, the last valid
settings), and where it writes instead when it cannot (no Kivy).

A data folder that is a file, on a read-only disk, under /proc or not the kiosk user's must not
keep the exhibition off the screen: the kiosk then runs from memory with statistics off, its
log and caches in a private temporary folder, and says what is wrong (journal, health file,
staff menu). `kiosk validate` checks the same without writing anything.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FAULT_KEY = "data folder"
READ_ONLY_KEY = "data disk"


def problem_for_validate(data_dir: Path) -> str | None:
    """Why the kiosk could not use `data_dir`, judged without changing anything, or None.
    A folder that does not exist yet is fine when the kiosk could make it."""
    folder = Path(data_dir)
    absolute = folder.resolve()
    if absolute.parts[1:2] in (("proc",), ("sys",)):
        return f"{folder} is in a kernel file system, not on a disk"
    existing = folder
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        return f"{existing} is not a folder"
    if is_read_only(existing):
        return f"{existing} is on a read-only file system"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{existing} is not writable by this user"
    return None


def check_for_validate(settings, config_path: Path | None, diagnostics) -> None:
    """Adds an error to `diagnostics` (at kiosk.yaml's data_dir line) when the data folder of
    `settings` cannot be used."""
    problem = problem_for_validate(settings.data_dir)
    if problem is None:
        return
    shown, position = "kiosk.yaml", None
    if config_path is not None:
        from kiosk.paths import shown_path

        shown, position = shown_path(Path(config_path)), _key_position(config_path, "data_dir")
    diagnostics.error(shown, position, f"the data folder cannot be used: {problem}", "data_dir")


def _key_position(path: Path, key: str) -> tuple[int, int] | None:
    """(line, column) of the top-level `key:`'s value in the YAML file, or None."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, 1):
        if line.startswith(f"{key}:"):
            value = line[len(key) + 1 :]
            return number, len(key) + 2 + (len(value) - len(value.lstrip()))
    return None


def problem_for_run(data_dir: Path) -> str | None:
    """Why the kiosk cannot use `data_dir` now, found by making it and a file in it (which is
    then removed), or None."""
    folder = Path(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, probe = tempfile.mkstemp(prefix=".probe.", dir=folder)
        os.close(descriptor)
        os.unlink(probe)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return f"{folder} cannot be used: {reason}"
    return None


def stand_in_folder() -> Path:
    """A private temporary folder for the log and caches of a kiosk whose data folder cannot
    be used (under systemd's PrivateTmp, a /tmp of the unit's own)."""
    with contextlib.suppress(OSError):
        return Path(tempfile.mkdtemp(prefix="ilmastotekoja-"))
    return Path(tempfile.gettempdir())


def is_read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def check_writable(data_dir: Path, faults) -> bool:
    """Reports (under READ_ONLY_KEY) whether the data folder's disk has turned read-only,
    as a disk with errors does, and clears that when it is writable again; call it every few
    seconds. Costs one statvfs, writes nothing."""
    if is_read_only(Path(data_dir)):
        faults.set(
            READ_ONLY_KEY,
            f"{data_dir} is read-only: statistics, log and caches cannot "
            "be saved until it is writable again",
        )
        return False
    faults.clear(READ_ONLY_KEY)
    return True
