"""UI strings through gettext catalogs (kiosk/locale/<lang>.po), and numbers formatted the way
each language writes them. Pure Python: the screens call `tr`, tests call it too.

The .po files are the only source: Babel compiles them in memory at start-up, so no binary
catalog is kept in the repository.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "kiosk"


@cache
def catalog(language: str) -> gettext.NullTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / f"{language}.po"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        messages = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, messages)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def tr(message: str, language: str, **values) -> str:
    """`message` (the English msgid) in `language`, with {placeholders} filled in."""
    text = catalog(language).gettext(message)
    return text.format(**values) if values else text


def format_number(value: float, language: str) -> str:
    """1690.5 -> '1 690,5' in Finnish and Swedish, '1,690.5' in English; no-break spaces keep
    a number on one line."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=language, decimal_quantization=False)


LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
"""Each language named in itself, so that every visitor finds their own."""
