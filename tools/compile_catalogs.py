"""Compiles the UI string catalogs kiosk/locale/<lang>.po into the <lang>.mo files the kiosk
reads. Run it after editing a .po file: .venv/bin/python tools/compile_catalogs.py"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.i18n import LOCALE_DIR, compiled_catalog  # noqa: E402


def main() -> int:
    for po_path in sorted(LOCALE_DIR.glob("*.po")):
        mo_path = po_path.with_suffix(".mo")
        mo_path.write_bytes(compiled_catalog(po_path))
        print(f"{po_path.name} -> {mo_path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
