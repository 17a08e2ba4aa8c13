"""One report for all kiosks: `kiosk export-stats` and `kiosk report --merge`, with real
SQLite files written by the kiosk's own event store."""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.stats.export import ExportError, merge, read_export
from kiosk.stats.store import STATS_FILE, EventStore, make_event

REPO = Path(__file__).resolve().parent.parent
DAY = datetime(2026, 5, 4, 10, 0).timestamp()


def kiosk(root: Path, kiosk_id: str) -> Path:
    """A kiosk's folder with its kiosk.yaml; returns the kiosk.yaml."""
    root.mkdir(parents=True)
    config = root / "kiosk.yaml"
    config.write_text(
        "# yaml-language-server: $schema=schema/kiosk.schema.json\n"
        f"data_dir: var\nkiosk:\n  id: {kiosk_id}\n",
        encoding="utf-8",
    )
    return config


def visits(config: Path, count: int, pledge: str = "bike-more", at: float = DAY) -> None:
    """`count` visits, each with a quiz and a pledge, into the kiosk's statistics."""
    events = []
    for n in range(count):
        start = at + n * 600
        events += [
            make_event("visit_start", start, language="fi"),
            make_event("quiz_completed", start + 60, screen="quiz", language="fi", seconds=55),
            make_event("pledge", start + 70, screen="result", language="fi", item=pledge),
            make_event("visit_end", start + 90, language="fi", seconds=90),
        ]
    (config.parent / "var").mkdir(exist_ok=True)
    with EventStore.open(config.parent / "var" / STATS_FILE) as store:
        store.write(events)


def kiosk_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )


def export(config: Path, out: Path) -> Path:
    done = kiosk_command("export-stats", "--config", str(config), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_exports_of_two_kiosks_make_one_report_with_each_kiosk(tmp_path):
    library, hall = kiosk(tmp_path / "a", "library-1"), kiosk(tmp_path / "b", "hall-2")
    visits(library, 3)
    visits(hall, 2, pledge="eat-local")
    exports = tmp_path / "exports"
    export(library, exports / "library-1.sqlite3")
    export(hall, exports / "hall-2.sqlite3")
    out = tmp_path / "report"
    done = kiosk_command("report", "--merge", str(exports), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "2 exports of 2 kiosks" in done.stderr
    days = read_csv(out / "days.csv")
    assert [(d["date"], d["visits"], d["pledges"]) for d in days] == [("2026-05-04", "5", "5")]
    pledges = {row["pledge"]: row["in_period"] for row in read_csv(out / "pledges.csv")}
    assert pledges == {"bike-more": "3", "eat-local": "2"}
    kiosks = {row["kiosk"]: row for row in read_csv(out / "kiosks.csv")}
    assert {k: (r["visits"], r["quiz_completed"], r["pledges"]) for k, r in kiosks.items()} == {
        "hall-2": ("2", "2", "2"),
        "library-1": ("3", "3", "3"),
    }
    assert read_csv(out / "kiosks" / "hall-2" / "days.csv")[0]["visits"] == "2"
    assert (out / "kiosks" / "library-1" / "summary.md").is_file()
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "- Visits: 5 " in summary and "## 2 kiosks" in summary
    assert "- library-1: 3 visits, 3 quizzes completed, 3 pledges" in summary
    assert any(p.suffix == ".png" for p in out.iterdir())


def test_an_export_merged_twice_counts_once_and_a_later_one_adds_only_the_new(tmp_path):
    library = kiosk(tmp_path / "a", "library-1")
    visits(library, 3)
    first = export(library, tmp_path / "monday.sqlite3")
    copy = shutil.copy(first, tmp_path / "monday-copy.sqlite3")
    visits(library, 2, at=DAY + 86_400)
    later = export(library, tmp_path / "tuesday.sqlite3")
    merged = merge([read_export(p) for p in (first, Path(copy), later, first)])
    try:
        count = merged.exhibition.conn.execute(
            "SELECT count(*) FROM events WHERE kind = 'visit_start'"
        ).fetchone()
        assert count == (5,)
        assert merged.duplicates == 3 * 4 * 3, "three exports repeat the first day's 12 events"
        assert merged.exhibition.pledge_totals() == {"bike-more": 5}
    finally:
        merged.close()


def test_a_recreated_database_counts_beside_the_old_one(tmp_path):
    """A quarantined database is replaced by a new one whose row numbers start again: its
    own id keeps its events apart from the old one's."""
    library = kiosk(tmp_path / "a", "library-1")
    visits(library, 3)
    old = export(library, tmp_path / "old.sqlite3")
    database = library.parent / "var" / STATS_FILE
    database.rename(database.with_suffix(".quarantined"))
    visits(library, 2)
    new = export(library, tmp_path / "new.sqlite3")
    assert read_export(old).database_id != read_export(new).database_id
    assert [row_id for row_id, _ in read_export(new).events][:2] == [1, 2]
    merged = merge([read_export(old), read_export(new)])
    try:
        visits_row = merged.kiosks["library-1"].conn.execute(
            "SELECT count(*) FROM events WHERE kind = 'visit_start'"
        )
        assert visits_row.fetchone() == (5,)
    finally:
        merged.close()


def test_exports_from_other_versions_merge_or_say_why_not(tmp_path):
    library = kiosk(tmp_path / "a", "library-1")
    visits(library, 2)
    good = export(library, tmp_path / "good.sqlite3")

    newer = Path(shutil.copy(good, tmp_path / "newer.sqlite3"))
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(ExportError, match="statistics schema 99; this kiosk .* knows schema 3"):
        read_export(newer)
    done = kiosk_command("report", "--merge", str(good), str(newer), "--out", str(tmp_path / "r"))
    assert done.returncode == 1 and f"kiosk report: {newer}: exported by kiosk" in done.stderr

    # An export whose schema is older than this kiosk's is migrated in memory.
    older = Path(shutil.copy(good, tmp_path / "older.sqlite3"))
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE schema_version SET version = 2")
        conn.execute("DROP TABLE store_identity")
    assert len(read_export(older).events) == 8

    not_export = tmp_path / "stats.sqlite3"
    shutil.copy(library.parent / "var" / STATS_FILE, not_export)
    with pytest.raises(ExportError, match="not a statistics export .*`kiosk export-stats"):
        read_export(not_export)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is no database" * 100)
    with pytest.raises(ExportError, match="garbage.sqlite3: not a statistics export"):
        read_export(garbage)


def test_an_export_holds_the_events_and_ids_and_nothing_else(tmp_path):
    library = kiosk(tmp_path / "a", "library-1")
    visits(library, 1)
    path = export(library, tmp_path / "one.sqlite3")
    with sqlite3.connect(path) as conn:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        info = conn.execute("SELECT kiosk_id, length(database_id) FROM export_info").fetchall()
        mode = conn.execute("PRAGMA journal_mode").fetchone()
    assert tables == {"events", "purged_pledges", "schema_version", "store_identity", "export_info"}
    assert info == [("library-1", 32)]
    assert mode == ("delete",), "one self-contained file"
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left"
