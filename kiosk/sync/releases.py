"""Release folders and the `current` link (see kiosk.sync for the layout). A switch makes a
new link beside `current` and renames it over it: a reader resolves the old release or the
new one, never neither."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

BUNDLED = "bundled"
STAGING_PREFIX = ".staging-"
KEPT_RELEASES = 3
CONTENT_FOLDER, MEDIA_FOLDER = "exhibits", "media"
log = logging.getLogger(__name__)
_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


@dataclass(frozen=True)
class Layout:
    """Where a kiosk keeps its releases, under `<data folder>/content`."""

    root: Path

    @classmethod
    def for_settings(cls, settings) -> Layout:
        return cls(Path(settings.data_dir) / "content")

    @property
    def repository(self) -> Path:
        return self.root / "repository.git"

    @property
    def releases(self) -> Path:
        return self.root / "releases"

    @property
    def current(self) -> Path:
        return self.root / "current"

    @property
    def state_file(self) -> Path:
        return self.root / "sync-state.json"

    @property
    def lock_file(self) -> Path:
        return self.root / "sync.lock"

    @property
    def trigger_file(self) -> Path:
        """Touched by the staff menu; a systemd path unit then starts a sync."""
        return self.root / "sync-requested"

    def release(self, commit: str) -> Path:
        return self.releases / commit

    def staging(self, commit: str) -> Path:
        return self.releases / f"{STAGING_PREFIX}{commit}"

    def content_folders(self) -> tuple[Path, Path]:
        """The kiosk's content and media folders, through the link (never resolved here, so
        that every look at them follows the link as it is then)."""
        return self.current / CONTENT_FOLDER, self.current / MEDIA_FOLDER


def is_commit(name: str) -> bool:
    return bool(_COMMIT.match(name))


def current_commit(layout: Layout) -> str | None:
    """The commit the kiosk shows, None when it shows the bundled content or nothing."""
    try:
        name = os.path.basename(os.readlink(layout.current))
    except OSError:
        return None
    return name if is_commit(name) else None


def switch_to(layout: Layout, name: str) -> None:
    """Points `current` at releases/<name> with one rename."""
    layout.root.mkdir(parents=True, exist_ok=True)
    temporary = layout.root / f".current-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    os.symlink(os.path.join("releases", name), temporary)
    os.replace(temporary, layout.current)


def ensure_bundled(layout: Layout, content_dir: Path, media_dir: Path) -> None:
    """Until the first release arrives, `current` shows the checkout's own content (links to
    `content_dir` and `media_dir`), so the kiosk reads through `current` from its start and
    sees the first release as a live reload. A link to a release that is gone (a data folder
    cleaned by hand) is pointed back at the checkout's content too."""
    if layout.current.exists():  # follows the link: a dangling one does not count
        return
    bundled = layout.release(BUNDLED)
    bundled.mkdir(parents=True, exist_ok=True)
    for name, target in ((CONTENT_FOLDER, content_dir), (MEDIA_FOLDER, media_dir)):
        link = bundled / name
        if os.path.lexists(link):
            if os.readlink(link) == str(target):
                continue
            os.unlink(link)
        os.symlink(str(Path(target).resolve()), link)
    switch_to(layout, BUNDLED)


def through_current(settings):
    """`settings` with the content and media folders of the current release (through the
    link) when kiosk.yaml names a content repository; else `settings` as they are."""
    if not settings.sync.repository:
        return settings
    layout = Layout.for_settings(settings)
    try:
        ensure_bundled(layout, settings.content_dir, settings.media_dir)
    except OSError as exc:
        log.warning("cannot prepare %s (%s); showing %s", layout.current, exc, settings.content_dir)
        return settings
    content_dir, media_dir = layout.content_folders()
    return replace(settings, content_dir=content_dir, media_dir=media_dir)


def remove_leftovers(layout: Layout) -> list[Path]:
    """Staging folders and link files left by a sync that was killed; call holding the lock."""
    removed = []
    for path in list(layout.releases.glob(f"{STAGING_PREFIX}*")) + list(
        layout.root.glob(".current-*")
    ):
        remove(path)
        removed.append(path)
    return removed


def prune(layout: Layout, history: list[str], keep: int = KEPT_RELEASES) -> list[str]:
    """Removes release folders but the last `keep` of `history` (oldest first) and the
    current one, whatever the history says; returns the commits removed."""
    kept = set(history[-keep:])
    current = current_commit(layout)
    if current:
        kept.add(current)
    removed = []
    if not layout.releases.is_dir():
        return removed
    for path in layout.releases.iterdir():
        if is_commit(path.name) and path.name not in kept:
            remove(path)
            removed.append(path.name)
    return removed


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
