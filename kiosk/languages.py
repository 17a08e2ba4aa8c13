"""The languages the kiosk speaks, in one place (no Kivy).

`LANGUAGES` is every language the content and the interface are written in, in the order the
language buttons show them; kiosk.yaml's `languages.available` chooses among them.
"""

from __future__ import annotations

LANGUAGES = ("fi", "sv", "en")

ENGLISH_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
"""Each language named in English, for the messages and reports curators and staff read."""
