"""Values YAML reads in surprising ways: each is a `file:line:col: error:`, never a traceback
and never a silently different number."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import load_settings
from tests.contentkit import edit

REPO = Path(__file__).resolve().parent.parent
HOUSING = Path("exhibits/themes/housing.yaml")

# (what replaces `value: 742` in a theme's fact, the error it gives)
BAD_NUMBERS = [
    ("!!int abc", "expected a number, got 'abc'"),
    ("!!float abc", "expected a number, got 'abc'"),
    ("1" * 5000, "number has 5000 digits; at most 30"),
    ("!!bool maybe", "expected a number, got true/false (maybe)"),
    ("!!timestamp junk", "expected a number, got a date (junk)"),
]


@pytest.mark.parametrize(("value", "message"), BAD_NUMBERS)
def test_impossible_numbers_in_content_are_errors(exhibit, capsys, value, message):
    edit(HOUSING, "value: 742", f"value: {value}")
    code = main(["validate", "exhibits", "--media", "media"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines == [
        f"exhibits/themes/housing.yaml:32:16: error: stations[0].facts[0].value: {message}"
    ]


def at(old: str) -> str:
    """line:col of the value on the line `old` of the bundled kiosk.yaml (the first one)."""
    lines = (REPO / "kiosk.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, 1) if line.startswith(old.rstrip(" ")))
    return f"{number}:{old.index(': ') + 3}"


KIOSK_YAML_CASES = [
    (
        "    - date: 2026-12-24\n",
        "    - date: 2026-04-31\n",
        at("    - date: 2026-12-24\n"),
        "schedule.exceptions[0].date: 2026-04-31 is not a date: day is out of range for month",
    ),
    (
        "    - date: 2026-12-24\n",
        "    - date: !!timestamp junk\n",
        at("    - date: 2026-12-24\n"),
        "schedule.exceptions[0].date: 'junk' is not a date (YYYY-MM-DD)",
    ),
    (
        "  timeout_s: 60 ",
        "  timeout_s: !!int abc ",
        at("  timeout_s: 60 "),
        "idle.timeout_s: expected a whole number, got 'abc'",
    ),
    (
        "  timeout_s: 60 ",
        "  timeout_s: " + "9" * 5000 + " ",
        at("  timeout_s: 60 "),
        "idle.timeout_s: number has 5000 digits; at most 30",
    ),
    (
        "  width_mm: 527 ",
        "  width_mm: !!float abc ",
        at("  width_mm: 527 "),
        "display.width_mm: expected a number, got 'abc'",
    ),
    (
        "  hide_cursor: true\n",
        "  hide_cursor: !!bool maybe\n",
        at("  hide_cursor: true\n"),
        "kiosk.hide_cursor: expected true or false, got 'maybe'",
    ),
]


def broken_kiosk_yaml(tmp_path, old, new) -> Path:
    config = tmp_path / "kiosk.yaml"
    shutil.copy(REPO / "kiosk.yaml", config)
    edit(config, old, new)
    return config


@pytest.mark.parametrize(("old", "new", "at", "message"), KIOSK_YAML_CASES)
def test_impossible_values_in_kiosk_yaml_are_errors(tmp_path, monkeypatch, old, new, at, message):
    monkeypatch.chdir(tmp_path)
    _, diagnostics = load_settings(broken_kiosk_yaml(tmp_path, old, new))
    assert diagnostics.lines() == [f"kiosk.yaml:{at}: error: {message}"]


DATE_ERROR = (
    f"kiosk.yaml:{at('    - date: 2026-12-24')}: error: schedule.exceptions[0].date: "
    "2026-04-31 is not a date: "
    "day is out of range for month"
)


@pytest.mark.parametrize("command", ["validate", "set-pin"])
def test_a_date_that_does_not_exist_is_an_error_in_every_command(tmp_path, command):
    """The real commands in real processes: a line naming the place, exit 1, no traceback."""
    config = broken_kiosk_yaml(tmp_path, "date: 2026-12-24", "date: 2026-04-31")
    shutil.copytree(REPO / "exhibits", tmp_path / "exhibits")
    shutil.copytree(REPO / "media", tmp_path / "media")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", command, "--config", str(config)],
        input="864209\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert DATE_ERROR in (result.stdout + result.stderr).splitlines()
    assert result.returncode == 1


def test_a_date_that_does_not_exist_is_reported_by_run_before_it_starts(tmp_path):
    """`run` reports the error on stderr (the journal) in its first line, which also says what
    it runs with instead (the settings' fail-safe rule). No display is given, so the kiosk
    goes no further than that."""
    config = broken_kiosk_yaml(tmp_path, "date: 2026-12-24", "date: 2026-04-31")
    edit(config, "data_dir: var", f"data_dir: {tmp_path / 'var'}")
    env = {**os.environ, "DISPLAY": "", "KIVY_HOME": str(tmp_path / "kivy")}
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--windowed", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    try:
        first = kiosk.stderr.readline().rstrip("\n")
    finally:
        kiosk.kill()
        rest = kiosk.communicate(timeout=60)[1]
    assert first.endswith(DATE_ERROR), first + rest
    assert "Traceback" not in first + rest


def test_the_same_exception_date_twice_is_an_error_naming_both_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = broken_kiosk_yaml(
        tmp_path,
        "      hours: closed\n",
        '      hours: closed\n    - date: 2026-12-31\n      hours: "10:00-14:00"\n'
        '    - date: 2026-12-24\n      hours: "10:00-14:00"\n',
    )
    _, diagnostics = load_settings(config)
    first = int(at("    - date: 2026-12-24").split(":")[0])
    second = first + 4  # after the first exception's hours and the one inserted
    assert diagnostics.lines() == [
        f"kiosk.yaml:{second}:13: error: schedule.exceptions[2].date: 2026-12-24 has two "
        f"exceptions, at lines {first} and {second}; keep one"
    ]


# Ids, control characters and YAML 1.1 numbers -------------------------------------------------


def test_one_id_length_limit_shared_with_the_statistics_store(exhibit, capsys):
    from kiosk.content.spec_types import MAX_ID_LEN
    from kiosk.stats.store import PLEDGE, make_event

    longest, too_long = "a" * MAX_ID_LEN, "a" * (MAX_ID_LEN + 1)
    make_event(PLEDGE, 0, item=longest)  # what validates, the store keeps
    with pytest.raises(ValueError):
        make_event(PLEDGE, 0, item=too_long)
    edit(HOUSING, "  - id: housing-station", f"  - id: {longest}")
    assert main(["validate", "exhibits", "--media", "media"]) == 0
    edit(HOUSING, f"  - id: {longest}", f"  - id: {too_long}")
    assert main(["validate", "exhibits", "--media", "media"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"exhibits/themes/housing.yaml:17:9: error: stations[0].id: id is {MAX_ID_LEN + 1} "
        f"characters; at most {MAX_ID_LEN} (the statistics count by it)"
    ]


def test_control_characters_are_escaped_in_every_line_and_refused_in_text(exhibit):
    """The real command in a real process, as its output reaches a terminal."""
    edit(HOUSING, "title:\n  fi: Teema", 'title:\n  "x\\e]0;pwned\\a\\e[2J": 1\n  fi: Teema')
    edit(HOUSING, "fi: Lyhyesti", 'fi: "Lyhy\\u202eesti\\x07"')
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", "exhibits", "--media", "media"],
        capture_output=True,
        cwd=exhibit,
        timeout=120,
    )
    assert result.returncode == 1
    shown = result.stdout + result.stderr
    assert not [byte for byte in shown if byte < 0x20 and byte != 0x0A], shown
    assert "\u202e".encode() not in shown
    assert result.stdout.decode().splitlines() == [
        "exhibits/themes/housing.yaml:5:3: error: title.x\\x1b]0;pwned\\x07\\x1b[2J: "
        "unknown language 'x\\x1b]0;pwned\\x07\\x1b[2J'",
        "exhibits/themes/housing.yaml:23:16: error: stations[0].lead.fi: text contains "
        "invisible or control characters (\\u202e, \\x07); remove them",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("010", "'010' would be read as 8 (YAML octal); write 10 without the leading zero"),
        ("-07", "'-07' would be read as -7 (YAML octal); write -7 without the leading zero"),
        ("1:30", "'1:30' would be read as 90 (YAML base 60); write one number"),
        ("1:30.5", "'1:30.5' would be read as 90.5 (YAML base 60); write one number"),
    ],
)
def test_yaml_1_1_numbers_are_errors_where_a_number_is_expected(exhibit, capsys, value, message):
    edit(HOUSING, "value: 742", f"value: {value}")
    assert main(["validate", "exhibits", "--media", "media"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"exhibits/themes/housing.yaml:32:16: error: stations[0].facts[0].value: {message}"
    ]
