"""Commands given something they cannot use: one clear line and exit 1 or 2, never a
traceback. Each runs as a real process, as staff would run it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.stats.store import STATS_FILE, EventStore


def kiosk(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def site(tmp_path) -> Path:
    (tmp_path / "kiosk.yaml").write_text(
        "# yaml-language-server: $schema=schema/kiosk.schema.json\ndata_dir: var\n",
        encoding="utf-8",
    )
    (tmp_path / "var").mkdir()
    EventStore.open(tmp_path / "var" / STATS_FILE).close()
    return tmp_path


def assert_clear(result, code: int, message: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stderr
    assert message in result.stderr.splitlines(), result.stderr


def test_report_since_a_date_before_any_statistics(site):
    result = kiosk(site, "report", "--out", "report", "--since", "0001-01-01")
    assert_clear(result, 2, "kiosk report: --since must be 1970-01-01 or later, got '0001-01-01'")
    assert kiosk(site, "report", "--out", "report", "--since", "9999-12-31").returncode == 0


def test_report_out_under_a_file(site):
    (site / "file").write_text("")
    result = kiosk(site, "report", "--out", "file/report")
    assert_clear(result, 2, "kiosk report: --out cannot be made: file/report: Not a directory")


def test_report_out_under_proc(site):
    result = kiosk(site, "report", "--out", "/proc/report")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("kiosk report: --out cannot be made: /proc/report: ")


def test_report_on_a_database_with_a_schema_version_that_is_not_a_number(site):
    with sqlite3.connect(site / "var" / STATS_FILE) as conn:
        conn.execute("DROP TABLE schema_version")
        conn.execute("CREATE TABLE schema_version (version)")
        conn.execute("INSERT INTO schema_version VALUES ('two')")
    result = kiosk(site, "report", "--out", "report")
    assert_clear(
        result,
        1,
        "kiosk report: cannot read var/stats.sqlite3: the statistics database's schema "
        "version is not a number ('two')",
    )


def test_schema_write_to_a_file(site):
    (site / "schemas").write_text("")
    result = kiosk(site, "schema", "--write", "schemas")
    assert_clear(result, 2, "kiosk schema: --write needs a folder, and schemas is a file")


def test_schema_write_where_nothing_can_be_written(site):
    result = kiosk(site, "schema", "--write", "/proc/schemas")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("kiosk schema: cannot write /proc/schemas: ")
