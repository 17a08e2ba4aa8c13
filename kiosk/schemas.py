"""JSON Schemas of every YAML file, printed from the same declarations that validate them."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.atomic import write_atomically
from kiosk.config import SETTINGS, Languages
from kiosk.content.problems import Diagnostics
from kiosk.content.release import RELEASE
from kiosk.content.spec_types import Context
from kiosk.content.specs import EXHIBITION, SOURCES, TERMINOLOGY, THEME
from kiosk.footprint.specs import QUIZ
from kiosk.stats.specs import PLEDGES

SPECS = {
    "exhibition": EXHIBITION,
    "theme": THEME,
    "quiz": QUIZ,
    "pledges": PLEDGES,
    "sources": SOURCES,
    "terminology": TERMINOLOGY,
    "kiosk": SETTINGS,
    "release": RELEASE,
}
DEFAULT_LANGUAGES = Languages()


def json_schema(name: str, languages: Languages = DEFAULT_LANGUAGES) -> dict:
    ctx = Context(
        path="",
        diagnostics=Diagnostics(),
        languages=languages.available,
        required_language=languages.required,
    )
    schema = SPECS[name].json_schema(ctx)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        "title": f"Ilmastotekoja kiosk: {name}",
        **schema,
    }


def schema_text(name: str, languages: Languages = DEFAULT_LANGUAGES) -> str:
    return json.dumps(json_schema(name, languages), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path, languages: Languages = DEFAULT_LANGUAGES) -> list[Path]:
    return [
        write_atomically(folder / f"{name}.schema.json", schema_text(name, languages))
        for name in SPECS
    ]
