"""The UI string catalogs: every string the screens ask for is translated, and the compiled
catalogs the kiosk reads are those of the .po files people edit."""

from __future__ import annotations

import ast
import gettext
import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.i18n import LOCALE_DIR, catalog, compiled_catalog, format_number, tr
from kiosk.languages import LANGUAGES

KIOSK = Path(__file__).resolve().parent.parent / "kiosk"

KV_TR = re.compile(r"""\btr\(\s*(["'])(.+?)\1""")


def asked_for() -> set[str]:
    """The messages passed to tr() as literals, in the Python and kv files."""
    messages = set()
    for path in KIOSK.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name == "tr" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                messages.add(first.value)
    for path in KIOSK.rglob("*.kv"):
        messages.update(match[1] for match in KV_TR.findall(path.read_text(encoding="utf-8")))
    return messages


@pytest.mark.parametrize("po_path", sorted(LOCALE_DIR.glob("*.po")), ids=lambda p: p.stem)
def test_compiled_catalogs_are_current(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path.name} missing: run tools/compile_catalogs.py"
    assert messages(mo_path.read_bytes()) == messages(compiled_catalog(po_path)), (
        f"{mo_path.name} is older than {po_path.name}: run tools/compile_catalogs.py"
    )


def messages(mo: bytes) -> dict:
    """A compiled catalog's translations, without its header (Babel dates it when compiling)."""
    translations = gettext.GNUTranslations(io.BytesIO(mo))._catalog
    return {key: value for key, value in translations.items() if key != ""}


def test_every_string_the_screens_ask_for_is_translated():
    messages = asked_for()
    assert len(messages) > 40  # the scan finds the screens' strings at all
    for language in ("fi", "sv"):
        # A translation may be the English word itself ("Version" in Swedish), so look it up.
        translated = catalog(language)._catalog
        missing = sorted(m for m in messages if not translated.get(m))
        assert not missing, f"not translated into {language}: {missing}"


def test_placeholders_survive_translation():
    for message in asked_for():
        wanted = set(re.findall(r"{(\w+)}", message))
        for language in LANGUAGES:
            assert set(re.findall(r"{(\w+)}", tr(message, language))) == wanted, (
                message,
                language,
            )


def test_numbers_are_written_as_each_language_writes_them():
    assert format_number(1690.5, "fi") == "1\u00a0690,5"
    assert format_number(1690.5, "sv") == "1\u00a0690,5"
    assert format_number(1690.5, "en") == "1,690.5"
    assert format_number(-2.50, "fi") == "-2,5"
    assert format_number(1000, "sv") == "1\u00a0000"


@settings(max_examples=400)
@given(
    value=st.one_of(
        st.integers(min_value=-(10**15), max_value=10**15),
        st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_numbers_match_cldr_as_babel_writes_them(value, language):
    from babel.numbers import format_decimal

    assert format_number(value, language) == format_decimal(
        value, locale=language, decimal_quantization=False
    )
