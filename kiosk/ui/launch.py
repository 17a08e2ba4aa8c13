"""Starting Kivy as a kiosk. Kivy reads its configuration when first imported, so everything
here happens before any other kivy module is imported."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path


def configure_kivy(settings, windowed: bool, size: tuple[int, int] | None) -> None:
    """Environment and Config for a locked-down kiosk; must run before other Kivy imports."""
    from kiosk.ops.data_folder import problem_for_run

    kivy_home = Path(os.environ.get("KIVY_HOME") or settings.data_dir / "kivy")
    if problem_for_run(kivy_home) is not None:
        # Kivy writes its config.ini there on import: an unusable KIVY_HOME (the units set
        # it inside the data folder) must not stop the kiosk.
        kivy_home = settings.data_dir / "kivy"
        kivy_home.mkdir(parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(kivy_home)
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    # Kivy's log file grows without limit for as long as the process runs (months, here): its
    # lines go to the kiosk's log instead, which rotates by size.
    os.environ["KIVY_NO_FILELOG"] = "1"
    from kivy.config import Config

    from kiosk.ops.logs import setup_logging
    from kiosk.xvfb import x_screen_size

    setup_logging(settings)  # after Kivy's import, which resets the root logger's level
    _log_kivy_start()
    kiosk = settings.kiosk
    fullscreen = settings.display.fullscreen and not windowed
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "keyboard_mode", "system")  # never pop up Kivy's on-screen keyboard
    Config.set("kivy", "log_level", "info")
    screen = x_screen_size() if fullscreen else None
    if screen:
        # A borderless window the size of the screen at its corner: SDL's own fullscreen
        # needs a window manager to resize the window, and a kiosk session has none.
        size = screen
        Config.set("graphics", "fullscreen", "0")
        Config.set("graphics", "borderless", "1")
        Config.set("graphics", "position", "custom")
        Config.set("graphics", "left", "0")
        Config.set("graphics", "top", "0")
    else:
        Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
        Config.set("graphics", "borderless", "0")
    Config.set("graphics", "show_cursor", "0" if (fullscreen and kiosk.hide_cursor) else "1")
    Config.set("graphics", "allow_screensaver", "0")
    Config.set("graphics", "resizable", "0" if fullscreen else "1")
    if size:
        Config.set("graphics", "width", str(size[0]))
        Config.set("graphics", "height", str(size[1]))
    # Exactly one touch path: both at once gives every touch twice.
    if Config.has_section("input"):
        Config.remove_section("input")
    Config.add_section("input")
    if kiosk.touch_input == "mtdev":
        Config.set("input", "touchscreen", "probesysfs,provider=mtdev")
    else:
        Config.set("input", "mouse", "mouse,multitouch_on_demand,disable_multitouch")


def _log_kivy_start() -> None:
    """Kivy's first lines (its version, Python's, where it is installed) were logged on import,
    before the kiosk's log existed; Kivy keeps them, newest first."""
    import logging

    from kivy.logger import LoggerHistory

    from kiosk.ops.logs import HANDLER_NAME

    root = logging.getLogger()
    file = next(h for h in root.handlers if h.name == HANDLER_NAME)
    for record in reversed(LoggerHistory.history):
        if record.levelno >= root.level:
            file.handle(record)


@dataclass(frozen=True)
class LaunchOptions:
    """How to start the kiosk, beyond its settings: `kiosk run`'s options."""

    windowed: bool = False  # a window instead of full screen
    size: tuple[int, int] | None = None  # the window's size in pixels
    content_dir: Path | None = None  # instead of the settings' content folder
    health_file: Path | None = None  # a JSON health file, rewritten every few seconds
    config_path: Path | None = None  # kiosk.yaml, watched for edits and kept when valid
    stay_stopped_file: Path | None = None  # made by 'Exit to desktop' (see deploy/)


def run_kiosk(options: LaunchOptions, settings, settings_report) -> int:
    if options.content_dir is not None:
        settings = replace(settings, content_dir=options.content_dir)
    for line in settings_report.lines():
        print(line, file=sys.stderr)
    settings = usable_data_folder(settings)
    configure_kivy(settings, options.windowed, options.size)
    if options.content_dir is None:
        from kiosk.sync.releases import through_current

        settings = through_current(settings)  # after configure_kivy: its log is set up
    from kiosk.ui.app import KioskApp

    app = KioskApp(
        settings=settings,
        problems=settings_report,
        health_file=options.health_file,
        locked=settings.display.fullscreen and not options.windowed,
        config_path=options.config_path,
        stay_stopped_file=options.stay_stopped_file,
    )
    app.run()
    return app.exit_code


def usable_data_folder(settings):
    """`settings`, or when their data folder cannot be used, the same with statistics off and
    a private temporary folder for the log and caches; the fault is reported."""
    from dataclasses import replace

    from kiosk.faults import FAULTS
    from kiosk.ops.data_folder import FAULT_KEY, problem_for_run, stand_in_folder

    problem = problem_for_run(settings.data_dir)
    if problem is None:
        FAULTS.clear(FAULT_KEY)
        return settings
    stand_in = stand_in_folder()
    FAULTS.set(
        FAULT_KEY,
        f"{problem}; the exhibition runs from memory with statistics off (log and caches in "
        f"{stand_in} until the next start)",
    )
    return replace(settings, data_dir=stand_in, stats=replace(settings.stats, enabled=False))
