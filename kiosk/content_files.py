"""The whole content folder: exhibition.yaml and themes/ (kiosk.content), and the files other
packages add to it, each declared beside its spec: the quiz (kiosk.footprint) and the pledges
(kiosk.stats). A package that adds a file to the exhibition lists it here."""

from __future__ import annotations

from pathlib import Path

from kiosk.content.loader import LoadResult, load_content
from kiosk.footprint.specs import QUIZ_FILE
from kiosk.stats.specs import PLEDGES_FILE

ADDED_FILES = (QUIZ_FILE, PLEDGES_FILE)


def load_content_folder(content_dir: Path, media_dir: Path, *rules) -> LoadResult:
    """Every file of the content folder, checked; `rules` as kiosk.content.load_content takes
    them after the folders (kiosk.config.content_rules)."""
    return load_content(content_dir, media_dir, *rules, added_files=ADDED_FILES)
