"""The UI font. Inter is legible at a distance and, unlike the Roboto that ships with Kivy,
has the subscript digits of CO₂; where it is not installed, Kivy's Roboto stands in."""

from __future__ import annotations

from pathlib import Path

INTER_DIRS = (Path("/usr/share/fonts/opentype/inter"), Path("/usr/share/fonts/truetype/inter"))


def register_ui_font() -> str | None:
    """Makes Inter the font every Label uses; returns its folder, or None if it is missing."""
    from kivy.core.text import LabelBase
    from kivy.logger import Logger

    for folder in INTER_DIRS:
        files = {style: folder / f"Inter-{style}.otf" for style in ("Regular", "Bold")}
        if all(path.is_file() for path in files.values()):
            LabelBase.register(
                name="Roboto",  # Kivy's default font name: every Label takes it from here
                fn_regular=str(files["Regular"]),
                fn_bold=str(files["Bold"]),
            )
            return str(folder)
    Logger.warning("Kiosk: the Inter font is missing (package fonts-inter); using Roboto")
    return None
