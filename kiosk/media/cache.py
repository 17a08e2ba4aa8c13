"""The prepared-picture cache: <data_dir>/cache/media/<key>.png|.jpg. No Kivy.

A key names the picture's bytes, the box it was fitted into and the format version, so an
edited or replaced picture gets a new entry by itself and a renamed one keeps its entry.
Entries are written whole or not at all (kiosk.atomic.write_atomically), so the kiosk and
`kiosk prepare-media` can fill the cache at the same time.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable
from pathlib import Path

from kiosk.atomic import write_atomically
from kiosk.media.picture import (
    PictureMissing,
    PictureTooLarge,
    PictureUnreadable,
    encoded,
    fitted_picture,
)
from kiosk.paths import shown_path

FORMAT_VERSION = 1  # raise when fitted_picture() or encoded() make different files
SUFFIXES = (".jpg", ".png")
ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.(jpg|png)")
TEMPORARY_NAME = re.compile(r"\..*\.tmp")  # left by a writer that was killed mid-write
TEMPORARY_AGE_S = 3600  # younger ones may still be being written
MAX_PICTURE_BYTES = 512_000_000  # the file is read whole; a 50 MP JPEG is some 20 MB


class MediaCacheError(OSError):
    """The cache folder cannot be written (disk full, permissions): a problem for staff, not
    for the curator. The picture itself may be fine."""


def media_cache_dir(settings) -> Path:
    return Path(settings.data_dir) / "cache" / "media"


def prepare(source: Path, cache_dir: Path, max_px: tuple[int, int]) -> Path:
    """The cached copy of the picture at `source`, upright and fitted inside `max_px`; made
    now unless the cache already has it. Raises PictureProblem (for the curator) or
    MediaCacheError (for staff)."""
    return prepare_entry(source, cache_dir, max_px)[0]


def prepare_entry(source: Path, cache_dir: Path, max_px: tuple[int, int]) -> tuple[Path, bool]:
    """prepare(), and whether the copy was already in the cache."""
    if min(max_px) < 1:
        raise ValueError(f"max_px must be positive, got {max_px}")
    source, cache_dir = Path(source), Path(cache_dir)
    shown = shown_path(source)
    # Read once, hash and decode the same bytes: a curator saving the file meanwhile cannot
    # leave one version's picture under the other version's key.
    data = _read(source, shown)
    key = cache_key(data, max_px)
    hit = cached_entry(cache_dir, key)
    if hit is not None:
        return hit, True
    picture_bytes, suffix = encoded(fitted_picture(data, shown, max_px))
    path = cache_dir / f"{key}{suffix}"
    try:
        write_atomically(path, picture_bytes)
    except OSError as exc:
        where = shown_path(cache_dir)
        raise MediaCacheError(f"cannot write the picture cache {where}: {exc}") from exc
    return path, False


def cache_key(data: bytes, max_px: tuple[int, int]) -> str:
    content = hashlib.sha256(data).hexdigest()
    named = f"{content}:{max_px[0]}x{max_px[1]}:{FORMAT_VERSION}"
    return hashlib.sha256(named.encode()).hexdigest()


def cached_entry(cache_dir: Path, key: str) -> Path | None:
    for suffix in SUFFIXES:
        path = Path(cache_dir) / f"{key}{suffix}"
        try:
            # Empty after a power cut between the write and the disk flush: made again.
            if path.stat().st_size > 0:
                return path
        except OSError:
            continue
    return None


def prune(cache_dir: Path, keep: Iterable[Path]) -> list[Path]:
    """Removes the entries not in `keep`, and temporary files a killed writer left behind;
    returns what it removed. Only files named like entries are touched, so a cache folder set
    to the wrong place by mistake loses nothing else."""
    cache_dir = Path(cache_dir)
    kept = {Path(path).name for path in keep}
    removed = []
    if not cache_dir.is_dir():
        return removed
    now = time.time()
    for path in sorted(cache_dir.iterdir()):
        try:
            if ENTRY_NAME.fullmatch(path.name):
                stale = path.name not in kept
            else:
                old = now - path.stat().st_mtime > TEMPORARY_AGE_S
                stale = bool(TEMPORARY_NAME.fullmatch(path.name)) and old
            if stale and path.is_file():
                path.unlink()
                removed.append(path)
        except FileNotFoundError:  # the kiosk replaced it meanwhile
            continue
    return removed


def _read(source: Path, shown: str) -> bytes:
    try:
        size = source.stat().st_size
        if size > MAX_PICTURE_BYTES:
            megabytes = size // 1_000_000
            raise PictureTooLarge(f"{shown} is too large ({megabytes} MB); save a smaller copy")
        return source.read_bytes()
    except FileNotFoundError as exc:
        raise PictureMissing(f"picture not found: {shown}") from exc
    except IsADirectoryError as exc:
        raise PictureUnreadable(f"{shown} is not a file") from exc
    except PermissionError as exc:
        raise PictureUnreadable(f"cannot read {shown}: permission denied") from exc
    except OSError as exc:
        raise PictureUnreadable(f"cannot read {shown}: {exc.strerror or exc}") from exc
