"""Sources are named in the visitor's language, goals say what year they are for, and a
picture's variant is chosen by language and palette. Pure: no window."""

from __future__ import annotations

from datetime import date

from kiosk.citation import cite, source_line
from kiosk.content.model import Fact, Image, PictureVariant, Source, Text

CITY = Text((("fi", "Espoon kaupunki"), ("sv", "Esbo stad"), ("en", "City of Espoo")))
SOURCE = Source(
    id="goals",
    url="https://www.espoo.fi/en/sustainable-development/espoos-climate-goals",
    publisher=CITY,
    title="Espoo's climate goals",
    year=2025,
    page="City page",
    checked=date(2026, 12, 7),
    how="Read a stored copy.",
)
LABEL = Text((("fi", "Päästöt"), ("sv", "Utsläpp"), ("en", "Emissions")))


def test_a_figure_names_its_year_and_source_in_the_visitors_language():
    fact = Fact(label=LABEL, value=742, year=2023, source=SOURCE, unit="kt CO₂e")
    assert source_line(fact, "fi") == "Vuoden 2023 luku. Lähde: Espoon kaupunki 2025"
    assert source_line(fact, "sv") == "Siffran gäller 2023. Källa: Esbo stad 2025"
    assert source_line(fact, "en") == "Figure for 2023. Source: City of Espoo 2025"


def test_a_goal_says_the_year_it_is_for_instead_of_a_year_after_the_source():
    goal = Fact(label=LABEL, value=80, year=2030, source=SOURCE, unit="%", target=True)
    assert source_line(goal, "fi") == "Tavoite vuodelle 2030. Lähde: Espoon kaupunki 2025"
    assert source_line(goal, "sv") == "Mål för 2030. Källa: Esbo stad 2025"
    assert source_line(goal, "en") == "Target for 2030. Source: City of Espoo 2025"
    assert cite(SOURCE, "sv") == "Källa: Esbo stad 2025"


def test_a_picture_variant_is_chosen_by_language_then_palette():
    image = Image(
        file="stations/chart.png",
        alt=LABEL,
        credit=CITY,
        variants=(
            PictureVariant("stations/chart-fi.png", language="fi"),
            PictureVariant("stations/chart-contrast.png", palette="high-contrast"),
            PictureVariant("stations/chart-fi-contrast.png", "fi", "high-contrast"),
        ),
    )
    assert image.file_for("fi") == "stations/chart-fi.png"
    assert image.file_for("en") == "stations/chart.png"
    assert image.file_for("fi", "high-contrast") == "stations/chart-fi-contrast.png"
    assert image.file_for("sv", "high-contrast") == "stations/chart-contrast.png"
    assert set(image.files) == {
        "stations/chart.png",
        "stations/chart-fi.png",
        "stations/chart-contrast.png",
        "stations/chart-fi-contrast.png",
    }
