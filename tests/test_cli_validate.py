"""`kiosk validate` as a curator meets it: lines, exit codes, and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.contentkit import edit

REPO = Path(__file__).resolve().parent.parent
HOUSING = Path("exhibits/themes/housing.yaml")


def validate(capsys, *args):
    code = main(["validate", "exhibits", "--media", "media", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_clean_content_exits_0(exhibit, capsys):
    code, lines, err = validate(capsys, "--strict")
    assert (code, lines) == (0, [])
    assert "ok: 7 themes, 7 stations; 0 warning(s)" in err


def test_errors_exit_1(exhibit, capsys):
    edit(HOUSING, "url: https://", "url: http://")
    code, lines, err = validate(capsys)
    assert code == 1
    assert lines == [
        "exhibits/themes/housing.yaml:43:14: error: stations[0].links[0].url: "
        "link is not https: 'http://ilmastovahti.espoo.fi'; use https://"
    ]
    assert "1 error(s), 0 warning(s)" in err


def test_warnings_pass_unless_strict(exhibit, capsys):
    edit(HOUSING, "      sv: Station\n", "")
    code, lines, _ = validate(capsys)
    assert code == 0 and len(lines) == 1 and ": warning: " in lines[0]
    code, lines, _ = validate(capsys, "--strict")
    assert code == 1 and len(lines) == 1


def test_usage_errors_exit_2(exhibit, capsys):
    assert main(["validate", "no-such-folder", "--media", "media"]) == 2
    assert "content folder not found: no-such-folder" in capsys.readouterr().err
    assert main(["validate", "--config", "missing.yaml"]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--no-such-option"])
    assert exit_info.value.code == 2


def test_kiosk_yaml_problems_are_reported_with_the_content(exhibit, capsys):
    Path("kiosk.yaml").write_text(
        "# yaml-language-server: $schema=schema/kiosk.schema.json\n"
        "idle:\n  timeout_s: 5\n  countdwn_s: 10\n"
    )
    code = main(["validate"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines == [
        "kiosk.yaml:3:14: error: idle.timeout_s: 5 is below the smallest allowed, 10",
        "kiosk.yaml:4:3: error: idle.countdwn_s: unknown key 'countdwn_s' in idle; "
        "did you mean 'countdown_s'?",
    ]


def test_bad_content_never_prints_a_traceback(exhibit):
    """The real command in a real process, on a file that breaks in several ways at once."""
    HOUSING.write_bytes(b"id: [\n\xff\xfe: !!python/object:os.system\n")
    edit(Path("exhibits/themes/food.yaml"), "title:", "title: &t")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", "exhibits", "--media", "media"],
        capture_output=True,
        text=True,
        cwd=Path.cwd(),
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "exhibits/themes/housing.yaml:2:1: error: file is not UTF-8 (byte 0xff); save it as UTF-8"
    ]


def test_bundled_exhibition_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", "--strict"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
