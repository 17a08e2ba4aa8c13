"""UI strings through gettext catalogs (kiosk/locale/<lang>.po), and numbers formatted the way
each language writes them. Pure Python: the screens call `tr`, tests call it too.

The .po files are what people edit; each has its compiled <lang>.mo beside it, which the
kiosk reads with the standard library at start-up (compiling them there with Babel would cost
more than drawing the attract screen's first frame). `python tools/compile_catalogs.py` writes
them; tests/test_i18n.py fails when one is missing or older than its .po.
"""

from __future__ import annotations

import gettext
import io
from decimal import Decimal
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "kiosk"


@cache
def catalog(language: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / f"{language}.mo"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def compiled_catalog(po_path: Path) -> bytes:
    """The .mo for a .po file, as tools/compile_catalogs.py writes it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    language = po_path.stem
    with po_path.open("rb") as handle:
        messages = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, messages)
    return buffer.getvalue()


def tr(message: str, language: str, **values) -> str:
    """`message` (the English msgid) in `language`, with {placeholders} filled in."""
    text = catalog(language).gettext(message)
    return text.format(**values) if values else text


SEPARATORS = {"fi": (",", "\u00a0"), "sv": (",", "\u00a0"), "en": (".", ",")}
"""Each language's decimal sign and thousands separator, as CLDR has them (tests/test_i18n.py
checks them against Babel's CLDR data); a no-break space keeps a number on one line."""


def format_number(value: float, language: str) -> str:
    """1690.5 -> '1 690,5' in Finnish and Swedish, '1,690.5' in English: every digit the value
    has, and no trailing zeros."""
    decimal_sign, group = SEPARATORS.get(language, SEPARATORS["en"])
    number = Decimal(str(value))
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    text = f"{int(whole):,}".replace(",", group) + (decimal_sign + fraction if fraction else "")
    return "-" + text if number.is_signed() else text
