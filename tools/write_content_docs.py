"""Write docs/sources.md and docs/terminology.md from exhibits/sources.yaml and
exhibits/terminology.yaml (tests/test_content_docs.py fails when they are stale).

Usage: python tools/write_content_docs.py
"""

from __future__ import annotations

from pathlib import Path

from kiosk.atomic import write_atomically
from kiosk.content.docs import (
    SOURCES_DOC,
    TERMINOLOGY_DOC,
    sources_markdown,
    terminology_markdown,
)
from kiosk.content.loader import load_content

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    result = load_content(ROOT / "exhibits", ROOT / "media")
    if result.content is None:
        raise SystemExit("\n".join(result.diagnostics.lines()))
    for name, text in (
        (
            SOURCES_DOC,
            sources_markdown(result.content.sources, result.content.unverified_addresses),
        ),
        (TERMINOLOGY_DOC, terminology_markdown(result.content.terminology)),
    ):
        write_atomically(ROOT / name, text.encode("utf-8"))
        print(ROOT / name)


if __name__ == "__main__":
    main()
