"""The documents generated from the content are up to date, and the UI strings use the agreed
terms of exhibits/terminology.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.content.docs import (
    SOURCES_DOC,
    TERMINOLOGY_DOC,
    sources_markdown,
    terminology_markdown,
)
from kiosk.content.loader import load_content
from kiosk.content.terminology import wrong_variants

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def content():
    result = load_content(ROOT / "exhibits", ROOT / "media")
    assert result.content is not None, result.diagnostics.lines()
    return result.content


def test_sources_md_is_generated_from_sources_yaml(content):
    written = (ROOT / SOURCES_DOC).read_text(encoding="utf-8")
    expected = sources_markdown(content.sources, content.unverified_addresses)
    assert written == expected, "run: python tools/write_content_docs.py"


def test_terminology_md_is_generated_from_terminology_yaml(content):
    written = (ROOT / TERMINOLOGY_DOC).read_text(encoding="utf-8")
    assert written == terminology_markdown(content.terminology), (
        "run: python tools/write_content_docs.py"
    )


def test_every_address_in_the_content_is_a_listed_source(content):
    listed = {source.url for source in content.sources}
    links = [link for station in content.exhibition.stations for link in station.links]
    assert links
    for link in links:
        assert set(link.all_urls) <= listed


def test_every_figure_on_a_screen_carries_a_source_with_publisher_year_and_address(content):
    figures = [fact for station in content.exhibition.stations for fact in station.facts]
    figures += [
        number
        for station in content.exhibition.stations
        for image in station.images
        for number in image.numbers
    ]
    assert len(figures) > 40
    for figure in figures:
        source = figure.source
        assert source.url.startswith(("https://", "http://"))
        assert source.publisher("fi") and source.publisher("sv") and source.publisher("en")
        assert 1900 < source.year <= 2026


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_ui_strings_use_the_agreed_terms(content, language):
    with (ROOT / "kiosk" / "locale" / f"{language}.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    found = []
    for message in catalog:
        text = message.string or (message.id if language == "en" else "")
        if not isinstance(text, str) or not text:
            continue
        for variant, term in wrong_variants(text, language, content.terminology.terms):
            found.append(f"{message.id!r}: '{variant}' -> '{term.agreed(language)}'")
    assert found == []


def test_a_wrong_variant_in_a_ui_string_would_be_found(content):
    assert wrong_variants("Oletko vielä siellä?", "fi", content.terminology.terms)
    assert wrong_variants(
        "Utställningen börjar om om 10 sekunder.", "sv", content.terminology.terms
    )
    assert not wrong_variants(
        "Utställningen börjar från början om 10 s.", "sv", content.terminology.terms
    )
