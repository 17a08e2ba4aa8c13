"""The curator report: CSV files for a spreadsheet, PNG charts for a slide, and summary.md."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from kiosk.atomic import write_atomically
from kiosk.languages import ENGLISH_NAMES
from kiosk.stats import charts
from kiosk.stats.figures import DAY_COLUMNS, Figures

SUMMARY_FILE = "summary.md"
TOP_STATIONS = 15


def write_report(figures: Figures, folder: Path, retention_days: int | None = None) -> list[Path]:
    """Every file of the report in `folder` (created if needed); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [_write_csv(folder / name, header, rows) for name, header, rows in _tables(figures)]
    for name, image in _charts(figures):
        encoded = io.BytesIO()
        image.save(encoded, format="PNG", optimize=True)
        written.append(write_atomically(folder / name, encoded.getvalue()))
    summary = write_atomically(folder / SUMMARY_FILE, summary_text(figures, retention_days))
    return [*written, summary]


KIOSKS_FILE, KIOSKS_DIR = "kiosks.csv", "kiosks"


def write_fleet_report(
    whole: Figures,
    kiosks: dict[str, Figures],
    folder: Path,
    retention_days: int | None = None,
) -> list[Path]:
    """The report of the whole exhibition in `folder`, kiosks.csv with a line per kiosk, and
    each kiosk's own report in kiosks/<kiosk id>/; summary.md ends with the kiosks."""
    written = write_report(whole, folder, retention_days)
    header = ["kiosk", "visits", "median_visit_s", "screen_views", "quiz_started"]
    header += ["quiz_completed", "pledges", "first_day", "last_day"]
    rows = [
        [kiosk, f.visits, f.median_visit_s or "", f.screen_views, f.quiz_started]
        + [f.quiz_completed, sum(n for _, n, _ in f.pledges)]
        + [f.first_day.isoformat() if f.first_day else ""]
        + [f.last_day.isoformat() if f.last_day else ""]
        for kiosk, f in kiosks.items()
    ]
    written.append(_write_csv(folder / KIOSKS_FILE, header, rows))
    for kiosk, figures in kiosks.items():
        written += write_report(figures, folder / KIOSKS_DIR / kiosk, retention_days)
    summary = folder / SUMMARY_FILE
    lines = [f"## {len(kiosks)} kiosks", ""]
    for kiosk, f in kiosks.items():
        lines.append(
            f"- {kiosk}: {f.visits:,} {_plural(f.visits, 'visit')}, "
            f"{f.quiz_completed:,} quizzes completed, "
            f"{sum(n for _, n, _ in f.pledges):,} pledges ({period_text(f)})"
        )
    lines += ["", f"Each kiosk's own report is in {KIOSKS_DIR}/<kiosk>/.", ""]
    summary.write_text(summary.read_text(encoding="utf-8") + "\n".join(lines), encoding="utf-8")
    return written


# CSV ------------------------------------------------------------------------------------


def _tables(f: Figures):
    quiz_share = _share(f.quiz_completed, f.quiz_started)
    total_views = sum(use.screen_views for use in f.languages)
    yield (
        "days.csv",
        ["date"] + [name for name, _ in DAY_COLUMNS],
        [[d.day.isoformat()] + [d[name] for name, _ in DAY_COLUMNS] for d in f.days],
    )
    yield "hours.csv", ["hour", "visits", "screen_views"], [list(row) for row in f.hours]
    yield (
        "stations.csv",
        ["station", "views", "median_dwell_s", "total_dwell_s"],
        [[s.station, s.views, s.median_dwell_s, s.total_dwell_s] for s in f.stations],
    )
    yield (
        "languages.csv",
        ["language", "screen_views", "share_pct", "dwell_s", "switches_to"],
        [
            [u.language, u.screen_views, _share(u.screen_views, total_views), u.dwell_s]
            + [u.switches_to]
            for u in f.languages
        ],
    )
    yield (
        "quiz.csv",
        ["step", "count", "pct_of_started"],
        [["started", f.quiz_started, 100 if f.quiz_started else ""]]
        + [["completed", f.quiz_completed, quiz_share]],
    )
    yield "pledges.csv", ["pledge", "in_period", "all_time"], [list(row) for row in f.pledges]
    yield "tips.csv", ["tip", "chosen"], [list(row) for row in f.tips]
    yield "qr_codes.csv", ["code", "shown"], [list(row) for row in f.qr_codes]


def _write_csv(path: Path, header: list[str], rows) -> Path:
    table = io.StringIO(newline="")
    writer = csv.writer(table)
    writer.writerow(header)
    writer.writerows(rows)
    # utf-8-sig: Excel, which many curators open CSV files with, then reads å, ä and ö right.
    return write_atomically(path, table.getvalue().encode("utf-8-sig"))


def _share(part: int, whole: int) -> int | str:
    return round(100 * part / whole) if whole else ""


# Charts ---------------------------------------------------------------------------------


def _charts(f: Figures):
    period = period_text(f)
    visits = [d["visits"] for d in f.days]
    busiest = visits.index(max(visits)) if visits and max(visits) else None
    yield (
        "visits_per_day.png",
        charts.columns(
            "Visits per day",
            f"Visits started each day · {period}",
            _day_labels([d.day for d in f.days]),
            visits,
            highlight=busiest,
        ),
    )
    by_hour = [visits for _, visits, _ in f.hours]
    busiest_hour = by_hour.index(max(by_hour)) if by_hour and max(by_hour) else None
    yield (
        "visits_per_hour.png",
        charts.columns(
            "Visits by hour of the day",
            f"Visits started in each hour, local time · {period}",
            [f"{hour:02d}" for hour, _, _ in f.hours],
            by_hour,
            highlight=busiest_hour,
        ),
    )
    top = f.stations[:TOP_STATIONS]
    yield (
        "stations.png",
        charts.bars(
            "Most viewed stations",
            f"Times a station was opened, with the median time spent on it · {period}",
            [
                (
                    s.station,
                    s.views,
                    f"{s.views:,} {_plural(s.views, 'view')} · median {duration(s.median_dwell_s)}",
                )
                for s in top
            ],
        ),
    )
    total_views = sum(u.screen_views for u in f.languages)
    yield (
        "languages.png",
        charts.bars(
            "Languages",
            f"Screens viewed in each language · {period}",
            [
                (
                    language_name(u.language),
                    u.screen_views,
                    f"{u.screen_views:,} · {_share(u.screen_views, total_views)} %",
                )
                for u in f.languages
            ],
        ),
    )
    completed = f"{f.quiz_completed:,}"
    if f.quiz_started:
        completed += f" · {_share(f.quiz_completed, f.quiz_started)} % of those started"
    yield (
        "quiz.png",
        charts.bars(
            "Footprint quiz",
            f"Quizzes started, and completed to the result · {period}",
            [("Started", f.quiz_started, f"{f.quiz_started:,}")]
            + [("Completed", f.quiz_completed, completed)],
        ),
    )
    yield (
        "pledges.png",
        charts.bars(
            "Climate pledges",
            f"Pledges made in the period, and in all (the running total on screen) · {period}",
            [(p, n, f"{n:,} ({ever:,} in all)") for p, n, ever in f.pledges],
        ),
    )


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _day_labels(days: list[date]) -> list[str]:
    """Each day for up to two months; past that, only where a month begins."""
    if len(days) <= 62:
        return [f"{day.day} {day:%b}" for day in days]
    return [
        (f"{day:%b %Y}" if day.month == 1 or i < 31 else f"{day:%b}") if day.day == 1 else ""
        for i, day in enumerate(days)
    ]


# Summary --------------------------------------------------------------------------------


def period_text(f: Figures) -> str:
    if f.first_day is None:
        return f"from {_date(f.since)}" if f.since else "all time"
    if f.first_day == f.last_day:
        return _date(f.first_day)
    return f"{_date(f.first_day)} – {_date(f.last_day)}"


def _date(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"


def language_name(code: str) -> str:
    return f"{ENGLISH_NAMES.get(code, code)} ({code})"


def summary_text(f: Figures, retention_days: int | None = None, now: datetime | None = None):
    """A few lines of Markdown a curator can paste into an e-mail."""
    written = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    lines = [
        "# Ilmastotekoja kiosk: visitor statistics",
        "",
        f"Period: {period_text(f)}{' (local time)' if f.days else ''}. Written {written}.",
        "",
    ]
    if f.empty:
        lines += ["No visits recorded yet.", ""]
    else:
        busiest = max(f.days, key=lambda d: d["visits"], default=None)
        hour = max(f.hours, key=lambda row: row[1], default=None)
        total_views = sum(u.screen_views for u in f.languages)
        lines += [
            f"- Visits: {f.visits:,} (median length {duration(f.median_visit_s)})",
        ]
        if busiest and busiest["visits"]:
            lines.append(
                f"- Busiest day: {_date(busiest.day)} ({busiest['visits']:,} visits); "
                f"busiest hour: {hour[0]:02d}–{(hour[0] + 1) % 24:02d}"
            )
        top = ", ".join(f"{s.station} ({s.views:,})" for s in f.stations[:3]) or "none"
        lines.append(f"- Screens viewed: {f.screen_views:,}; most viewed stations: {top}")
        shares = ", ".join(
            f"{u.language} {_share(u.screen_views, total_views)} %"
            for u in f.languages
            if u.screen_views
        )
        lines.append(f"- Languages (share of screens viewed): {shares or 'none'}")
        quiz = f"- Footprint quiz: {f.quiz_started:,} started, {f.quiz_completed:,} completed"
        if f.quiz_started:
            quiz += f" ({_share(f.quiz_completed, f.quiz_started)} %)"
        lines.append(quiz)
        in_period = sum(n for _, n, _ in f.pledges)
        ever = sum(total for _, _, total in f.pledges)
        pledges = f"- Climate pledges: {in_period:,} in this period, {ever:,} in all"
        if in_period:
            pledge, count, _ = f.pledges[0]
            pledges += f"; most chosen: {pledge} ({count:,})"
        lines.append(pledges)
        lines.append(f"- QR codes shown: {sum(n for _, n in f.qr_codes):,}")
        lines.append("")
    keep = f" Events older than {retention_days} days are deleted." if retention_days else ""
    lines += [
        "The statistics are anonymous: they hold no personal data, only which screens were "
        f"viewed, when and for how long, and what was chosen.{keep} The charts (PNG) and the "
        "figures (CSV) are in this folder.",
        "",
    ]
    return "\n".join(lines)
