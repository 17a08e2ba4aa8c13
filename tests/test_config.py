"""kiosk.yaml: defaults, paths resolved against its folder, and precise problems."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.config import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
HEADER = "# yaml-language-server: $schema=schema/kiosk.schema.json\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_bundled_settings_are_clean():
    settings, diagnostics = load_settings(REPO / "kiosk.yaml")
    assert diagnostics.lines() == []
    assert settings.languages.available == ("fi", "sv", "en")
    assert settings.content_dir == REPO / "exhibits"
    assert settings.data_dir == REPO / "var"
    assert settings.links.climate_watch == "https://ilmastovahti.espoo.fi"
    assert settings.schedule.exceptions[0].date == date(2026, 12, 24)
    assert dict(settings.schedule.weekly)["sun"] == "closed"


def test_left_out_keys_take_defaults_and_paths_resolve_next_to_the_file(tmp_path):
    settings, diagnostics = load_settings(write(tmp_path, "idle:\n  timeout_s: 90\n"))
    assert diagnostics.lines() == []
    assert settings.idle.timeout_s == 90
    assert settings.idle.countdown_s == Settings().idle.countdown_s
    assert settings.data_dir == tmp_path / "var"
    assert settings.media_dir == tmp_path / "media"


def test_week_days_left_out_are_closed(tmp_path):
    settings, _ = load_settings(write(tmp_path, "schedule:\n  weekly:\n    mon: '09:00-17:00'\n"))
    assert dict(settings.schedule.weekly) == {
        "mon": "09:00-17:00",
        **{day: "closed" for day in ("tue", "wed", "thu", "fri", "sat", "sun")},
    }


def test_problems_are_precise(tmp_path):
    path = write(
        tmp_path,
        "languages:\n"
        "  available: [fi, sv]\n"
        "  default: en\n"
        "links:\n"
        "  newsletter: http://www.espoo.fi\n"
        "kiosk:\n"
        "  touch_input: both\n"
        "schedule:\n"
        "  weekly:\n"
        "    mon: 9-17\n"
        "  exceptions:\n"
        "    - date: 24.12.2026\n"
        "      hours: closed\n",
    )
    _, diagnostics = load_settings(path)
    shown = str(path)
    assert diagnostics.lines() == [
        f"{shown}:3:3: error: languages: default language 'en' is not in available",
        f"{shown}:6:15: error: links.newsletter: link is not https: 'http://www.espoo.fi'; "
        "use https://",
        f"{shown}:8:16: error: kiosk.touch_input: 'both' is not one of pointer, mtdev",
        f"{shown}:11:10: error: schedule.weekly.mon: expected opening hours like "
        "\"09:00-20:00\" or closed, got '9-17'",
        f"{shown}:13:13: error: schedule.exceptions[0].date: expected a date (YYYY-MM-DD), "
        "got text ('24.12.2026')",
    ]


def test_invalid_settings_fall_back_to_defaults(tmp_path):
    settings, diagnostics = load_settings(write(tmp_path, "idle: 60\n"))
    assert diagnostics.errors
    assert settings.idle == Settings().idle


def test_its_own_links_are_checked_at_the_qr_size_it_sets(tmp_path):
    """A link that is scannable at the default 30 mm, not at the smallest 20 mm code."""
    link = "https://www.espoo.fi/fi/kestava-kehitys/uutiskirje"  # 50 bytes
    text = f"links:\n  newsletter: {link}\ndisplay:\n  qr_size_mm: {{mm}}\n"
    _, diagnostics = load_settings(write(tmp_path, text.format(mm=30)))
    assert diagnostics.lines() == []
    path = write(tmp_path, text.format(mm=20))
    _, diagnostics = load_settings(path)
    assert diagnostics.lines() == [
        f"{path}:3:15: error: links.newsletter: link is 50 characters; at most 42 stay "
        "scannable as a QR code at the configured size"
    ]
