"""release.yaml at the top of a content repository: what the content needs of the kiosk.

    # yaml-language-server: $schema=schema/release.schema.json
    min_kiosk_version: "0.2.0"

A kiosk older than `min_kiosk_version` refuses the release with a clear message instead of
misreading content written for a newer one. The file is optional."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk import __version__
from kiosk.content.loader import read_file
from kiosk.content.problems import Diagnostics
from kiosk.content.spec_types import INVALID, Context, Field, Pattern, Record

RELEASE_FILE = "release.yaml"
VERSION = r"^\d+(\.\d+){0,2}$"


@dataclass(frozen=True)
class ReleaseInfo:
    min_kiosk_version: str | None = None


RELEASE = Record(
    "release",
    [
        Field(
            "min_kiosk_version",
            Pattern(VERSION, 'a version like "0.2.0"', "Oldest kiosk version that can show it."),
            False,
            None,
        )
    ],
    ReleaseInfo,
    "release.yaml: what a content repository's release needs of the kiosk.",
)


def version_tuple(text: str) -> tuple[int, ...]:
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def read_release(folder: Path) -> tuple[ReleaseInfo | None, Diagnostics]:
    """The release.yaml in `folder` (defaults when there is none); None with errors."""
    diagnostics = Diagnostics()
    path = Path(folder) / RELEASE_FILE
    if not path.exists():
        return ReleaseInfo(), diagnostics
    value = read_file(path, "release", RELEASE, Context(path="", diagnostics=diagnostics))
    if value is None:  # an empty file says nothing
        return (None if diagnostics.errors else ReleaseInfo()), diagnostics
    if value is INVALID or diagnostics.errors:
        return None, diagnostics
    return value, diagnostics


def too_old_for(info: ReleaseInfo, version: str = __version__) -> str | None:
    """Why this kiosk cannot show a release that declares `info`, or None."""
    needed = info.min_kiosk_version
    if needed and version_tuple(version) < version_tuple(needed):
        return (
            f"the content needs kiosk {needed} or newer and this kiosk is {version}: "
            "update the kiosk software; the current content stays on screen"
        )
    return None
