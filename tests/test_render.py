"""`kiosk render`, run for real in a child process (it starts its own Kivy app there, and its
own virtual display when it has none): one PNG per screen, language and size, a contact sheet
listing them all, and a warning naming the station and language of a title that cannot fit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contentkit import KINDS, edit

pytestmark = pytest.mark.ui

REPO = Path(__file__).resolve().parent.parent
LONG_WORD = "Fjärrvärme" * 30  # 300 characters and no space to wrap at
# Run through kiosk.cli.main in a fresh interpreter, which then proves render never imports Kivy
# (only its worker, a process of its own, does).
RUN = """
import sys
from kiosk.cli import main
code = main(sys.argv[1:])
assert not any(name == "kivy" or name.startswith("kivy.") for name in sys.modules), "kivy"
sys.exit(code)
"""


def screens(language: str, size: str) -> set[str]:
    """The PNGs of the test exhibition (no quiz): attract, home, 7 themes, 7 stations."""
    keys = ["attract", "home"]
    keys += [f"theme-{theme}" for theme in KINDS]
    keys += [f"station-{theme}-station" for theme in KINDS]
    return {f"{key}-{language}-{size}.png" for key in keys}


def render(folder: Path, *args: str, env_changes: dict | None = None):
    env = {**os.environ, "KIVY_HOME": str(folder / "kivy-home")}
    for name, value in (env_changes or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    command = [sys.executable, "-c", RUN, "render", "--out", "out", *args]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def kiosk_folder(exhibit):
    """The test exhibition with the bundled kiosk.yaml beside it (its paths are relative to
    it), and one station whose Swedish title is a single 300-character word."""
    if not shutil.which("Xvfb") and not os.environ.get("DISPLAY"):
        pytest.skip("needs a display or Xvfb: run the tests with scripts/test")
    shutil.copy(REPO / "kiosk.yaml", exhibit / "kiosk.yaml")
    station_file = exhibit / "exhibits" / "themes" / "housing.yaml"
    edit(station_file, "      sv: Station\n", f"      sv: {LONG_WORD}\n")
    return exhibit


def warnings_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("render: warning: ")]


def caused_by_the_long_word(warning: str) -> bool:
    """A warning names the long word, or is on the attract screen, whose slide shows the
    station with it: the word broken over many lines runs into the texts around it."""
    return "Fjärrvärme" in warning or warning.startswith("render: warning: attract screen ")


def test_every_screen_in_every_language_with_a_contact_sheet(kiosk_folder):
    result = render(kiosk_folder, "--size", "1280x800")
    assert result.returncode == 0, result.stderr
    out = kiosk_folder / "out"
    expected = set().union(*(screens(language, "1280x800") for language in ("fi", "sv", "en")))
    assert {path.name for path in out.glob("*.png")} == expected
    for name in expected:
        assert (out / "thumbs" / name.replace(".png", ".jpg")).is_file()
    # The long title is named by its station and language, and only in Swedish.
    warnings = warnings_of(result.stderr)
    station = [w for w in warnings if w.startswith("render: warning: station housing-station ")]
    assert station, result.stderr
    assert all("(sv, 1280x800)" in w for w in warnings), warnings
    assert all(caused_by_the_long_word(w) for w in warnings), warnings
    # The contact sheet links every picture and lists every warning.
    sheet = (out / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'<a href="([^"#]+\.png)"><img', sheet)) == expected
    assert "station housing-station (sv, 1280x800)" in sheet
    assert "Theme: Teema housing (housing)" in sheet
    assert "0 failed" in result.stderr


def test_without_a_display_it_starts_its_own_and_strict_fails_on_warnings(kiosk_folder):
    if not shutil.which("Xvfb"):
        pytest.skip("needs Xvfb")
    result = render(
        kiosk_folder,
        "--lang",
        "sv",
        "--size",
        "800x1280",
        "--strict",
        env_changes={"DISPLAY": None},
    )
    assert result.returncode == 1, result.stderr
    (started,) = re.findall(
        r"render: no display here; started a virtual one \((:\d+)\)", result.stderr
    )
    assert not Path(f"/tmp/.X{started[1:]}-lock").exists(), "the virtual display was not stopped"
    out = kiosk_folder / "out"
    assert {path.name for path in out.glob("*.png")} == screens("sv", "800x1280")
    assert any(
        w.startswith("render: warning: station housing-station (sv, 800x1280): ")
        for w in warnings_of(result.stderr)
    ), result.stderr


def test_a_language_or_size_it_does_not_know_is_a_usage_error(kiosk_folder):
    result = render(kiosk_folder, "--lang", "fi,de")
    assert result.returncode == 2
    assert "de" in result.stderr and "fi, sv, en" in result.stderr
    result = render(kiosk_folder, "--size", "1920x")
    assert result.returncode == 2
    assert "--size" in result.stderr
    for scale in ("big", "0", "9"):
        result = render(kiosk_folder, "--text-scale", scale)
        assert result.returncode == 2
        assert "--text-scale" in result.stderr
    # The lowered layout needs the screen's height above the floor.
    result = render(kiosk_folder, "--low-reach")
    assert result.returncode == 2
    assert "--low-reach needs display.bottom_edge_mm" in result.stderr
    assert not (kiosk_folder / "out").exists()


def test_content_with_errors_is_not_rendered(kiosk_folder):
    edit(kiosk_folder / "exhibits" / "exhibition.yaml", "title:", "titel:")
    result = render(kiosk_folder, "--lang", "fi", "--size", "1280x800")
    assert result.returncode == 1
    assert "exhibition.yaml:" in result.stderr and "error" in result.stderr
    assert "render: the content has errors; nothing was rendered" in result.stderr
    assert not list((kiosk_folder / "out").glob("*.png"))


def test_screens_wait_for_their_pictures_and_a_broken_one_is_named(kiosk_folder):
    from PIL import Image

    from tests.picturekit import truncated_jpeg

    magenta = (200, 0, 160)
    Image.new("RGB", (800, 500), magenta).save(kiosk_folder / "media" / "pic.png")
    truncated_jpeg(kiosk_folder / "media" / "photo.jpg")
    edit(
        kiosk_folder / "exhibits" / "themes" / "food.yaml",
        "      - file: pic.png",
        "      - file: photo.jpg",
    )
    # Damaged after validation passed it (validation decodes pictures too): the validator's
    # decoding is left out in the render and its worker, so that preparing meets the damage.
    inject = kiosk_folder / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(
        "import kiosk.content.media_paths as m\nm._open_problem = lambda path, shown: None\n"
    )
    path = os.pathsep.join(filter(None, [str(inject), os.environ.get("PYTHONPATH")]))
    result = render(
        kiosk_folder, "--lang", "fi", "--size", "1280x800", env_changes={"PYTHONPATH": path}
    )
    assert result.returncode == 0, result.stderr
    assert (
        "render: warning: station food-station (fi, 1280x800): picture cannot be shown: "
        "'media/photo.jpg is damaged and cannot be shown (image file is truncated"
    ) in result.stderr
    assert "picture not ready" not in result.stderr
    # Every other picture was prepared before its screen was taken.
    for key in ("home", "theme-housing", "station-housing-station"):
        with Image.open(kiosk_folder / "out" / f"{key}-fi-1280x800.png") as shot:
            colours = {colour: count for count, colour in shot.convert("RGB").getcolors(1 << 24)}
        assert colours.get(magenta, 0) > 5000, key


# Large text (the visitor's A+ toggle) --------------------------------------------------------

SUPPORTED_SIZES = "1920x1080,1080x1920"


def ink_pixels(path: Path) -> int:
    """How many pixels of the PNG are drawn in the body text's colour."""
    from PIL import Image

    from kiosk.ui import style

    ink = tuple(round(channel * 255) for channel in style.DEFAULT_PALETTE["INK"][:3])
    with Image.open(path) as picture:
        colours = picture.convert("RGB").getcolors(1 << 24)
    return sum(count for count, colour in colours if colour == ink)


def test_large_text_renders_every_screen_and_language_without_overflow(exhibit):
    if not shutil.which("Xvfb") and not os.environ.get("DISPLAY"):
        pytest.skip("needs a display or Xvfb: run the tests with scripts/test")
    shutil.copy(REPO / "kiosk.yaml", exhibit / "kiosk.yaml")
    large = render(
        exhibit, "--size", SUPPORTED_SIZES, "--text-scale", "1.5", "--strict", "--out", "large"
    )
    assert large.returncode == 0, large.stderr
    assert warnings_of(large.stderr) == []
    expected = {
        name
        for size in SUPPORTED_SIZES.split(",")
        for language in ("fi", "sv", "en")
        for name in screens(language, size)
    }
    assert {path.name for path in (exhibit / "large").glob("*.png")} == expected
    # The text was drawn larger: the ink of its letters covers about 1.5² as much.
    default = render(exhibit, "--lang", "fi", "--size", "1920x1080", "--out", "default")
    assert default.returncode == 0, default.stderr
    for key in ("home", "station-housing-station"):
        name = f"{key}-fi-1920x1080.png"
        ratio = ink_pixels(exhibit / "large" / name) / ink_pixels(exhibit / "default" / name)
        assert ratio > 1.8, (key, ratio)


def test_large_text_reports_a_word_too_long_for_its_line(kiosk_folder):
    result = render(
        kiosk_folder, "--lang", "sv", "--size", "1080x1920", "--text-scale", "1.5", "--strict"
    )
    assert result.returncode == 1, result.stderr
    warnings = warnings_of(result.stderr)
    # Named on its station, and nothing else is reported.
    station = "render: warning: station housing-station (sv, 1080x1920): "
    assert any(w.startswith(station) for w in warnings), result.stderr
    assert all("(sv, 1080x1920)" in w and caused_by_the_long_word(w) for w in warnings), warnings
