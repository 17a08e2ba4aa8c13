"""The JSON Schema for editors and the kiosk's validator say the same thing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from kiosk.cli import main
from kiosk.content_files import load_content_folder
from kiosk.schemas import SPECS, json_schema
from tests.contentkit import edit

REPO = Path(__file__).resolve().parent.parent
HOUSING = Path("exhibits/themes/housing.yaml")


def as_json(value):
    """What an editor's YAML plug-in hands the schema: dates are plain strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def schema_errors(path: Path, name: str) -> list[str]:
    document = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    validator = jsonschema.Draft202012Validator(json_schema(name))
    return [error.message for error in validator.iter_errors(document)]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_committed_schema_files_are_current(name):
    committed = json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(name), "run: python -m kiosk schema --write schema"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_schemas_are_valid_json_schema(name):
    jsonschema.Draft202012Validator.check_schema(json_schema(name))


def test_schema_command_prints_every_schema(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed["$defs"]) == set(SPECS)
    assert main(["schema", "theme"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema("theme")
    assert main(["schema", "nonsense"]) == 2


def test_bundled_files_pass_the_schema():
    files = [(REPO / "kiosk.yaml", "kiosk"), (REPO / "exhibits/exhibition.yaml", "exhibition")]
    files += [(REPO / "exhibits/quiz.yaml", "quiz"), (REPO / "exhibits/pledges.yaml", "pledges")]
    files += [(p, "theme") for p in sorted((REPO / "exhibits/themes").glob("*.yaml"))]
    for path, name in files:
        assert schema_errors(path, name) == [], path
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.endswith(f"{name}.schema.json"), path


# Mistakes that the schema alone can see: both must reject each, and accept the original.
MUTATIONS = [
    ("    title:\n", "    titel:\n"),
    ("        source: espoo-hsy\n", ""),
    ("    lead: {fi: Lyhyesti, sv: Kort, en: In short}", "    lead: Lyhyesti"),
    ("value: 742", "value: lots"),
    ("year: 2023", "year: 1850"),
    ("kind: housing", "kind: flat"),
    ("      en: Station\n", "      en: Station\n      de: Station\n"),
    ("      fi: Asema\n", ""),
    ("      en: Station\n", '      en: ""\n'),
    ("url: https://", "url: http://"),
    ("  - id: housing-station", "  - id: Housing Station"),
    ("    images:\n", "    images: picture.png\n    old_images:\n"),
    ("  file: pic.png", "  file: /etc/passwd.png"),
    ("  file: pic.png", "  file: ../pic.png"),
    ("stations:\n", "color: green\nstations:\n"),
]


@pytest.mark.parametrize("old, new", MUTATIONS)
def test_validator_and_schema_agree(exhibit, old, new):
    assert schema_errors(HOUSING, "theme") == []
    edit(HOUSING, old, new)
    validator_says = load_content_folder(Path("exhibits"), Path("media")).diagnostics.errors
    schema_says = schema_errors(HOUSING, "theme")
    assert validator_says and schema_says, (validator_says, schema_says)
