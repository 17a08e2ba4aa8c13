"""The languages the kiosk speaks, in one place (no Kivy).

`LANGUAGES` is every language the content and the interface are written in, in the order the
language buttons show them; kiosk.yaml's `languages.available` chooses among them.
"""

from __future__ import annotations

LANGUAGES = ("fi", "sv", "en")

ENGLISH_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
"""Each language named in English, for the messages and reports curators and staff read."""

NATIVE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
"""Each language named in itself, as speech reads the language buttons (FI, SV, EN on screen),
so that every visitor hears their own."""
