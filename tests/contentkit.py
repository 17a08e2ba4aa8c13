"""Builds a small, valid exhibition on disk that a test then breaks in one place."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

KINDS = {
    "climate-change": "climate-change",
    "housing": "housing",
    "mobility": "mobility",
    "food": "food",
    "consumption": "consumption",
    "adaptation": "adaptation",
    "espoo-2030": "goal-2030",
}

EXHIBITION = """\
# yaml-language-server: $schema=../schema/exhibition.schema.json
title:
  fi: Ilmastotekoja
  sv: Klimatgärningar
  en: Climate action
invitation:
  fi: Kosketa
  sv: Rör
  en: Touch
themes: [climate-change, housing, mobility, food, consumption, adaptation, espoo-2030]
"""

# Line numbers in this template are pinned by the tests: change it and they must change too.
THEME = """\
# yaml-language-server: $schema=../../schema/theme.schema.json
id: {id}
kind: {kind}
title:
  fi: Teema {id}
  sv: Tema {id}
  en: Theme {id}
lead:
  fi: Johdanto
  sv: Ingress
  en: Lead
image:
  file: pic.png
  alt: {{fi: Kuva, sv: Bild, en: Picture}}
  credit: Test
stations:
  - id: {id}-station
    title:
      fi: Asema
      sv: Station
      en: Station
    lead: {{fi: Lyhyesti, sv: Kort, en: In short}}
    body:
      fi: |
        Kappale yksi.

        Kappale kaksi.
      sv: Stycke.
      en: Paragraph.
    facts:
      - label: {{fi: Päästöt, sv: Utsläpp, en: Emissions}}
        value: 742
        unit: kt CO₂e
        year: 2023
        source: espoo-hsy
    espoo_does: {{fi: Kaupunki toimii., sv: Staden agerar., en: The city acts.}}
    you_can_do: {{fi: Sinä voit., sv: Du kan., en: You can.}}
    images:
      - file: pic.png
        alt: {{fi: Kuva, sv: Bild, en: Picture}}
        credit: Test
    links:
      - url: https://ilmastovahti.espoo.fi
        label: {{fi: Ilmastovahti, sv: Klimatvakten, en: Climate Watch}}
"""


REPO = Path(__file__).resolve().parent.parent

# The bundled list of sources, so that bundled files a test copies in (such as quiz.yaml) find
# their addresses, and one source of the test's own.
SOURCES = (
    (REPO / "exhibits" / "sources.yaml").read_text(encoding="utf-8").rstrip("\n")
    + """

  - id: espoo-hsy
    url: https://www.espoo.fi/en/sustainable-development/espoos-climate-goals
    publisher: {fi: Espoon kaupunki, sv: Esbo stad, en: City of Espoo}
    title: Espoo's climate goals
    year: 2025
    page: City page
    checked: 2026-12-07
    how: Read in a stored copy.
"""
)


def make_exhibition(root: Path) -> Path:
    """exhibits/ and media/ under `root`; returns root."""
    themes = root / "exhibits" / "themes"
    themes.mkdir(parents=True)
    (root / "exhibits" / "exhibition.yaml").write_text(EXHIBITION, encoding="utf-8")
    (root / "exhibits" / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    for theme_id, kind in KINDS.items():
        text = THEME.format(id=theme_id, kind=kind)
        (themes / f"{theme_id}.yaml").write_text(text, encoding="utf-8")
    (root / "media").mkdir()
    Image.new("RGB", (8, 6), "#1F5C45").save(root / "media" / "pic.png")
    return root


def list_source(exhibits: Path, source_id: str, url: str) -> None:
    """Adds `url` to exhibits/sources.yaml, so that a link to it passes the sources check."""
    entry = f"""
  - id: {source_id}
    url: "{url}"
    publisher: {{fi: Testi, sv: Test, en: Test}}
    title: A page a test links to
    year: 2026
    page: Test page
    checked: 2026-12-07
    how: Made up by the test; no visitor sees it.
"""
    with open(exhibits / "sources.yaml", "a", encoding="utf-8") as file:
        file.write(entry)


def bundled_kiosk_yaml(folder: Path, data_dir: Path) -> Path:
    """folder/kiosk.yaml: the bundled settings, reading the bundled exhibition where it is and
    keeping their data in `data_dir` (for a test that runs the whole kiosk)."""
    text = (REPO / "kiosk.yaml").read_text(encoding="utf-8")
    for old, new in (
        ("content_dir: exhibits", f"content_dir: {REPO / 'exhibits'}"),
        ("media_dir: media", f"media_dir: {REPO / 'media'}"),
        ("data_dir: var", f"data_dir: {data_dir}"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    config = folder / "kiosk.yaml"
    config.write_text(text, encoding="utf-8")
    return config


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replaces `old` in the file; fails loudly if the template no longer has it."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
