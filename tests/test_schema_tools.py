"""The schemas in schema/ as third-party tools read them: check-jsonschema checks each against
its metaschema with format checks (every `pattern` must be an ECMAScript regular expression, as
editors read it) and validates every bundled YAML file against its schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.schemas import SPECS

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = sorted((REPO / "schema").glob("*.schema.json"))


def check_jsonschema(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--color", "never", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def bundled_files() -> dict[str, list[Path]]:
    """Each schema's name -> the bundled files that name it on their first line: kiosk.yaml,
    the exhibition and the content repository's template (deploy/content-repository/)."""
    files: dict[str, list[Path]] = {}
    template = REPO / "deploy" / "content-repository"
    yaml_files = [*sorted((REPO / "exhibits").rglob("*.yaml")), *sorted(template.glob("*.yaml"))]
    for path in [REPO / "kiosk.yaml", *yaml_files]:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        name = first_line.rsplit("/", 1)[-1].removesuffix(".schema.json")
        assert first_line.startswith("# yaml-language-server: $schema="), path
        files.setdefault(name, []).append(path)
    return files


def test_every_spec_has_a_schema_file():
    assert {path.name for path in SCHEMAS} == {f"{name}.schema.json" for name in SPECS}


def test_every_schema_passes_its_metaschema_with_format_checks():
    result = check_jsonschema("--check-metaschema", *SCHEMAS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(SPECS))
def test_bundled_files_pass_their_schema(name):
    files = bundled_files()[name]
    result = check_jsonschema("--schemafile", REPO / "schema" / f"{name}.schema.json", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_python_only_pattern_is_refused(tmp_path):
    """The check above can fail: re.escape's escaped space is not ECMAScript."""
    schema = tmp_path / "bad.schema.json"
    schema.write_text('{"type": "string", "pattern": "^kg\\\\ CO2e$"}', encoding="utf-8")
    result = check_jsonschema("--check-metaschema", schema)
    assert result.returncode == 1
    assert "is not a 'regex'" in result.stdout
