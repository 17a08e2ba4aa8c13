import os
import shutil
import tempfile

# Kivy writes config and logs into KIVY_HOME on import; never into the developer's home.
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kivy-home-"))
os.environ.setdefault("KIVY_NO_ARGS", "1")

import pytest  # noqa: E402

from kiosk.xvfb import VirtualDisplay  # noqa: E402
from tests.clocks import FakeClock, FakeNow  # noqa: E402
from tests.contentkit import make_exhibition  # noqa: E402


@pytest.fixture
def exhibit(tmp_path, monkeypatch):
    """A valid exhibition in a temporary folder, which is also the working directory so that
    messages show paths as a curator there would see them."""
    monkeypatch.chdir(tmp_path)
    return make_exhibition(tmp_path)


def pytest_addoption(parser):
    parser.addoption(
        "--update-baselines",
        action="store_true",
        help="rewrite tests/baselines/*.png from the current screens instead of comparing",
    )


@pytest.fixture(scope="session")
def ui(tmp_path_factory):
    """The real app, started once for this test process on the display the test command
    started (one App per process: Kivy cannot start a second)."""
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs a display: run the tests with scripts/test")
    from dataclasses import replace
    from pathlib import Path

    from kiosk.config import load_settings
    from kiosk.ui.driver import Driver

    repo = Path(__file__).resolve().parent.parent
    settings, diagnostics = load_settings(repo / "kiosk.yaml")
    assert diagnostics.lines() == []
    # A copy of the bundled exhibition, so that tests may edit it as a curator would.
    import shutil

    copy = tmp_path_factory.mktemp("exhibition")
    shutil.copytree(repo / "exhibits", copy / "exhibits")
    shutil.copytree(repo / "media", copy / "media")
    settings = replace(
        settings,
        content_dir=copy / "exhibits",
        media_dir=copy / "media",
        data_dir=tmp_path_factory.mktemp("kiosk-data"),
        idle=replace(settings.idle, attract_rotate_s=120),
        display=replace(settings.display, fullscreen=False),
    )
    clock, now = FakeClock(), FakeNow()
    driver = Driver.start(settings, (1920, 1080), clock=clock, now=now)
    driver.clock, driver.now = clock, now
    yield driver
    # Pictures still being prepared in the background must not log after pytest has closed
    # its capture.
    driver.app.services.pictures.preparer.shutdown(wait=True)


@pytest.fixture
def display():
    """A virtual X display of its own (1280x800) for a test that runs the whole kiosk."""
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        pytest.skip("needs Xvfb and xdotool: run the tests with scripts/test")
    with VirtualDisplay(1280, 800) as name:
        yield name
