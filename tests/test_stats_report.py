"""`kiosk report`: from no database at all, from an empty one, and from a recorded session
driven through the navigator as a visitor would."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.content_files import load_content_folder
from kiosk.languages import LANGUAGES
from kiosk.navigator import Navigator
from kiosk.stats import charts
from kiosk.stats.recorder import StatsRecorder
from kiosk.stats.store import STATS_FILE, EventStore
from kiosk.stats.tracker import VisitTracker
from tests.clocks import FakeClock
from tests.statskit import read_only

REPO = Path(__file__).resolve().parent.parent
CSV_FILES = {
    "days.csv": "date,visits,screen_views,quiz_started,quiz_completed,pledges,tips_chosen,"
    "qr_shown,language_switches",
    "hours.csv": "hour,visits,screen_views",
    "stations.csv": "station,views,median_dwell_s,total_dwell_s",
    "languages.csv": "language,screen_views,share_pct,dwell_s,switches_to",
    "quiz.csv": "step,count,pct_of_started",
    "pledges.csv": "pledge,in_period,all_time",
    "tips.csv": "tip,chosen",
    "qr_codes.csv": "code,shown",
}
CHARTS = [
    "visits_per_day.png",
    "visits_per_hour.png",
    "stations.png",
    "languages.png",
    "quiz.png",
    "pledges.png",
]


@pytest.fixture(autouse=True)
def espoo_time(monkeypatch):
    """Days and hours in the report are local time; the kiosk's is Espoo's."""
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def kiosk_yaml(tmp_path) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_text(
        "# yaml-language-server: $schema=schema/kiosk.schema.json\ndata_dir: var\n",
        encoding="utf-8",
    )
    return path


def report(kiosk_yaml: Path, out: Path, *options: str) -> int:
    return main(["report", "--config", str(kiosk_yaml), "--out", str(out), *options])


def table(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def header(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").splitlines()[0]


def bar_pixels(path: Path) -> int:
    """How much of the chart is drawn in the bar colour."""
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    return sum(count for count, colour in colours if colour == charts.BAR)


def assert_charts(out: Path) -> None:
    for name in CHARTS:
        with Image.open(out / name) as image:
            assert image.format == "PNG" and image.size == charts.SIZE, name
            image.verify()


def test_report_without_a_database_reports_zeros_and_creates_nothing(kiosk_yaml, tmp_path, capsys):
    out = tmp_path / "report"
    assert report(kiosk_yaml, out) == 0
    assert not (tmp_path / "var").exists()
    for name, columns in CSV_FILES.items():
        assert header(out / name) == columns
    assert len(table(out / "hours.csv")) == 24
    assert all(row["visits"] == "0" for row in table(out / "hours.csv"))
    assert table(out / "days.csv") == [] and table(out / "pledges.csv") == []
    assert_charts(out)
    assert all(bar_pixels(out / name) == 0 for name in CHARTS)  # each says "No data yet"
    printed = capsys.readouterr().out
    assert "No visits recorded yet." in printed
    assert (out / "summary.md").read_text(encoding="utf-8") == printed


def test_report_replaces_links_in_its_folder_instead_of_writing_through_them(kiosk_yaml, tmp_path):
    out, victim = tmp_path / "report", tmp_path / "elsewhere.txt"
    victim.write_text("precious", encoding="utf-8")
    out.mkdir()
    for name in ("summary.md", "days.csv", "visits_per_day.png"):
        (out / name).symlink_to(victim)
    assert report(kiosk_yaml, out) == 0
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not any(path.is_symlink() for path in out.iterdir())
    assert header(out / "days.csv") == CSV_FILES["days.csv"]


def test_report_on_an_empty_database_leaves_the_data_folder_as_it_was(kiosk_yaml, tmp_path):
    data = tmp_path / "var"
    data.mkdir()
    EventStore.open(data / STATS_FILE).close()
    before = sorted(p.name for p in data.iterdir())
    assert report(kiosk_yaml, tmp_path / "report") == 0
    assert sorted(p.name for p in data.iterdir()) == before == [STATS_FILE]
    assert_charts(tmp_path / "report")


def test_report_reads_a_database_an_older_kiosk_left_without_changing_it(kiosk_yaml, tmp_path):
    data = tmp_path / "var"
    data.mkdir()
    (data / STATS_FILE).write_bytes(b"")  # schema version 0: created, never migrated
    assert report(kiosk_yaml, tmp_path / "report") == 0
    assert (data / STATS_FILE).read_bytes() == b""


def test_a_damaged_database_is_an_error_not_a_traceback(kiosk_yaml, tmp_path, capsys):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / STATS_FILE).write_bytes(b"this is not a database" * 100)
    assert report(kiosk_yaml, tmp_path / "report") == 1
    assert "cannot read" in capsys.readouterr().err


def test_usage_mistakes_exit_2(kiosk_yaml, tmp_path, capsys):
    assert report(kiosk_yaml, tmp_path / "report", "--since", "May 2026") == 2
    assert "--since must be a date" in capsys.readouterr().err
    (tmp_path / "file").write_text("")
    assert report(kiosk_yaml, tmp_path / "file") == 2
    assert main(["report", "--config", str(tmp_path / "nope.yaml"), "--out", "x"]) == 2


# A recorded session ---------------------------------------------------------------------


def record_session(data: Path) -> None:
    """Three visits over two days, each tap made through the navigator, as the UI will."""
    exhibition = load_content_folder(Path("exhibits"), Path("media")).content.exhibition
    navigator = Navigator(exhibition, LANGUAGES, "fi")
    clock = FakeClock(datetime(2026, 5, 4, 9, 0))
    recorder = StatsRecorder(data / STATS_FILE, 365, interval_s=0.01, clock=clock)
    tracker = VisitTracker(recorder, idle_s=70, clock=clock).follow(navigator)

    # Monday 09:00: reads about food, shows a station's QR code, walks away.
    navigator.start_visit()
    clock.advance(10)
    navigator.open_theme("food")
    clock.advance(20)
    navigator.open_station("food-station")
    tracker.qr_shown("station-food-station-1")
    clock.advance(60)
    navigator.back()
    clock.advance(5 + 70)  # 5 s more, then the idle timeout and countdown
    navigator.reset()

    # Monday 13:30: Swedish, completes the quiz, pledges, reads about housing, starts over.
    clock.now = datetime(2026, 5, 4, 13, 30).timestamp()
    navigator.start_visit()
    clock.advance(2)
    navigator.set_language("sv")
    clock.advance(6)
    navigator.open_quiz()
    tracker.quiz_started()
    clock.advance(90)
    tracker.quiz_completed()
    tracker.tip_chosen("vegetarian")
    tracker.pledged("fly-less")
    clock.advance(10)
    navigator.open_theme("housing")
    clock.advance(15)
    navigator.open_station("housing-station")
    clock.advance(40)
    tracker.end_visit()
    navigator.reset()

    # Tuesday 13:10: pledges at a station, switches to English, leaves the quiz unfinished.
    clock.now = datetime(2026, 5, 5, 13, 10).timestamp()
    navigator.start_visit()
    clock.advance(3)
    navigator.open_theme("food")
    clock.advance(4)
    navigator.open_station("food-station")
    tracker.pledged("fly-less")
    clock.advance(10)
    navigator.set_language("en")
    clock.advance(20)
    navigator.open_quiz()
    tracker.quiz_started()
    clock.advance(20 + 70)
    navigator.reset()

    assert recorder.close(5.0)
    assert recorder.written == 27 and recorder.dropped == 0


def test_report_of_a_recorded_session(exhibit, kiosk_yaml, tmp_path, capsys):
    record_session(tmp_path / "var")
    out = tmp_path / "report"
    assert report(kiosk_yaml, out) == 0

    assert table(out / "days.csv") == [
        {
            "date": "2026-05-04",
            "visits": "2",
            "screen_views": "8",
            "quiz_started": "1",
            "quiz_completed": "1",
            "pledges": "1",
            "tips_chosen": "1",
            "qr_shown": "1",
            "language_switches": "1",
        },
        {
            "date": "2026-05-05",
            "visits": "1",
            "screen_views": "4",
            "quiz_started": "1",
            "quiz_completed": "0",
            "pledges": "1",
            "tips_chosen": "0",
            "qr_shown": "0",
            "language_switches": "1",
        },
    ]
    hours = {row["hour"]: (row["visits"], row["screen_views"]) for row in table(out / "hours.csv")}
    assert hours["9"] == ("1", "4") and hours["13"] == ("2", "8")
    assert sum(int(visits) for visits, _ in hours.values()) == 3
    assert table(out / "stations.csv") == [
        {
            "station": "food-station",
            "views": "2",
            "median_dwell_s": "45.0",
            "total_dwell_s": "90.0",
        },
        {
            "station": "housing-station",
            "views": "1",
            "median_dwell_s": "40.0",
            "total_dwell_s": "40.0",
        },
    ]
    # fi: visit 1 (4 views, 95 s) and visit 3 before the switch (home, theme: 7 s);
    # sv: visit 2 (home, quiz, theme, station: 163 s); en: visit 3 from the station (30 + 20 s).
    assert table(out / "languages.csv") == [
        {"language": "fi", "screen_views": "6", "share_pct": "50", "dwell_s": "102.0"}
        | {"switches_to": "0"},
        {"language": "sv", "screen_views": "4", "share_pct": "33", "dwell_s": "163.0"}
        | {"switches_to": "1"},
        {"language": "en", "screen_views": "2", "share_pct": "17", "dwell_s": "50.0"}
        | {"switches_to": "1"},
    ]
    assert table(out / "quiz.csv") == [
        {"step": "started", "count": "2", "pct_of_started": "100"},
        {"step": "completed", "count": "1", "pct_of_started": "50"},
    ]
    assert table(out / "pledges.csv") == [{"pledge": "fly-less", "in_period": "2", "all_time": "2"}]
    assert table(out / "tips.csv") == [{"tip": "vegetarian", "chosen": "1"}]
    assert table(out / "qr_codes.csv") == [{"code": "station-food-station-1", "shown": "1"}]

    assert_charts(out)
    assert all(bar_pixels(out / name) > 500 for name in CHARTS)
    summary = capsys.readouterr().out
    assert "Period: 4 May 2026 – 5 May 2026 (local time)" in summary
    assert "- Visits: 3 (median length 1 min 35 s)" in summary
    assert "- Footprint quiz: 2 started, 1 completed (50 %)" in summary
    assert "- Climate pledges: 2 in this period, 2 in all; most chosen: fly-less (2)" in summary
    assert summary == (out / "summary.md").read_text(encoding="utf-8")


def test_since_counts_from_that_day_and_pledge_totals_stay_all_time(exhibit, kiosk_yaml, tmp_path):
    record_session(tmp_path / "var")
    out = tmp_path / "report"
    assert report(kiosk_yaml, out, "--since", "2026-05-05") == 0
    assert [row["date"] for row in table(out / "days.csv")] == ["2026-05-05"]
    assert table(out / "pledges.csv") == [{"pledge": "fly-less", "in_period": "1", "all_time": "2"}]
    assert table(out / "quiz.csv")[1] == {"step": "completed", "count": "0", "pct_of_started": "0"}


def test_report_reads_while_the_kiosk_writes(exhibit, kiosk_yaml, tmp_path):
    data = tmp_path / "var"
    recorder = StatsRecorder(data / STATS_FILE, interval_s=0.01)
    recorder.record("visit_start", language="fi")
    assert recorder.flush()
    assert report(kiosk_yaml, tmp_path / "report") == 0
    recorder.record("visit_start", language="sv")  # the report held no lock
    assert recorder.close()
    assert table(tmp_path / "report" / "days.csv")[0]["visits"] == "1"


def test_report_reads_a_database_on_a_read_only_disk(exhibit, kiosk_yaml, tmp_path):
    record_session(tmp_path / "var")
    with read_only(tmp_path / "var"):
        assert report(kiosk_yaml, tmp_path / "report") == 0
    assert table(tmp_path / "report" / "pledges.csv")[0]["all_time"] == "2"


def test_statistics_and_report_import_no_kivy():
    code = (
        "import sys\n"
        "import kiosk.commands.report, kiosk.stats.report, kiosk.stats.recorder\n"
        "import kiosk.stats.tracker, kiosk.stats.charts, kiosk.stats.specs\n"
        "kivy = sorted(m for m in sys.modules if m == 'kivy' or m.startswith('kivy.'))\n"
        "assert not kivy, kivy\n"
    )
    env = {**os.environ, "KIVY_HOME": "/nonexistent"}
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=60, env=env)
