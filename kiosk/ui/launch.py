"""Starting Kivy as a kiosk. Kivy reads its configuration when first imported, so everything
here happens before any other kivy module is imported."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def configure_kivy(settings, windowed: bool, size: tuple[int, int] | None) -> None:
    """Environment and Config for a locked-down kiosk; must run before other Kivy imports."""
    kivy_home = Path(os.environ.get("KIVY_HOME") or settings.data_dir / "kivy")
    kivy_home.mkdir(parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(kivy_home)
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    # Kivy's log file grows without limit for as long as the process runs (months, here): its
    # lines go to the kiosk's log instead, which rotates by size.
    os.environ["KIVY_NO_FILELOG"] = "1"
    from kivy.config import Config

    from kiosk.ops.logs import setup_logging

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


def x_screen_size() -> tuple[int, int] | None:
    """The X screen's size in pixels (X11 or Xwayland), or None where there is no X."""
    import ctypes
    import ctypes.util

    library = ctypes.util.find_library("X11")
    if not library or not os.environ.get("DISPLAY"):
        return None
    x11 = ctypes.CDLL(library)
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultScreen.argtypes = [ctypes.c_void_p]
    x11.XDisplayWidth.argtypes = x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(None)
    if not display:
        return None
    try:
        screen = x11.XDefaultScreen(display)
        return x11.XDisplayWidth(display, screen), x11.XDisplayHeight(display, screen)
    finally:
        x11.XCloseDisplay(display)


def parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        return None
    return (width, height) if width > 0 and height > 0 else None


def run_kiosk(args, settings, settings_report) -> int:
    from kiosk.cli import UsageError

    size = parse_size(args.size)
    if args.size and size is None:
        raise UsageError(f"--size must look like 1920x1080, got '{args.size}'")
    if args.content:
        from dataclasses import replace

        settings = replace(settings, content_dir=args.content.resolve())
    for line in settings_report.lines():
        print(line, file=sys.stderr)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    configure_kivy(settings, args.windowed, size)
    if not args.content:
        from kiosk.sync.releases import through_current

        settings = through_current(settings)  # after configure_kivy: its log is set up
    from kiosk.ui.app import KioskApp

    app = KioskApp(
        settings=settings,
        problems=settings_report,
        health_file=args.health_file,
        locked=settings.display.fullscreen and not args.windowed,
    )
    app.run()
    return app.exit_code
