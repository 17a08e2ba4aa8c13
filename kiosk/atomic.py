"""The one way the kiosk writes a file: whole or not at all (no Kivy).

A reader (another kiosk process, a monitoring tool, the next start after a power cut) sees the
old file or the new one, never part of one: the data goes to a temporary file in the same
folder, is flushed to disk, renamed over the target, and the folder itself is flushed so the
rename survives a power cut.

Two kinds of target:
- a file the kiosk owns in its data folder (caches, health, statistics exports, QR files):
  a symbolic link at the target is replaced, never followed, so a link planted in the data
  folder cannot make the kiosk overwrite a file elsewhere;
- a file a person edits (kiosk.yaml for `set-pin`): `follow_links=True` writes through a link
  to the file it points at, so a site that links kiosk.yaml into a managed folder keeps the link.
An existing target keeps its mode and, when the kiosk may set it, its owner; a new file gets
`mode` (0o644 unless told otherwise: health and metrics files are read by other users).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

NEW_FILE_MODE = 0o644


def write_atomically(
    path: Path | str,
    data: bytes | str,
    *,
    mode: int | None = None,
    follow_links: bool = False,
) -> Path:
    """Writes `data` (text is UTF-8) to `path` atomically and returns the path written, which
    is the link's target when `follow_links` and `path` is a link. Raises OSError (a full
    disk, a read-only folder) with nothing changed at the target."""
    target = Path(path)
    if follow_links and target.is_symlink():
        target = target.resolve()
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        _take_mode_and_owner(target, temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)
    return target


def _take_mode_and_owner(target: Path, temporary: str, mode: int | None) -> None:
    """The new file gets the mode and owner of the file it replaces (not following a link at
    the target: a link's own mode means nothing), or `mode` when there is none."""
    try:
        existing = os.stat(target, follow_symlinks=False)
    except FileNotFoundError:
        existing = None
    if existing is None or stat.S_ISLNK(existing.st_mode):
        os.chmod(temporary, NEW_FILE_MODE if mode is None else mode)
        return
    os.chmod(temporary, stat.S_IMODE(existing.st_mode))
    with contextlib.suppress(PermissionError):  # only root may give a file away
        os.chown(temporary, existing.st_uid, existing.st_gid)


def _sync_folder(folder: Path) -> None:
    """Flushes the folder's entry list, so the rename itself survives a power cut. Some file
    systems cannot open or sync a folder; the data is on disk either way."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
