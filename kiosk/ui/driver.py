"""Drives the real app in this process, frame by frame, with touches through Kivy's own input
path: for tests, and for rendering screens to PNG. One app per process, as Kivy requires."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

PICTURE_POLL_S = 0.01  # between frames while pictures are prepared: the worker needs the CPU


class Driver:
    def __init__(self, app):
        from kivy.base import EventLoop
        from kivy.core.window import Window

        self.app = app
        self.window = Window
        self.loop = EventLoop

    @classmethod
    def start(cls, settings, size=(1920, 1080), clock=None, now=None) -> Driver:
        from kiosk.ui.launch import configure_kivy

        configure_kivy(settings, windowed=True, size=size)
        from kiosk.ui.app import KioskApp

        app = KioskApp(settings=settings, clock=clock, now=now or datetime.now)
        app._run_prepare()  # what App.run() does before its loop; the loop is ours to step
        driver = cls(app)
        driver.resize(size)
        return driver

    # Time --------------------------------------------------------------------------------

    def frames(self, count: int = 2) -> None:
        for _ in range(count):
            self.loop.idle()

    def settle(self, limit: int = 200) -> None:
        """Step until no slide or fade is running (one takes a few frames)."""
        manager = self.app.manager
        for _ in range(limit):
            self.frames(1)
            if manager.at_rest:
                break
        self.frames(2)

    def wait_for_pictures(self, timeout_s: float = 30.0, root=None) -> list:
        """Steps frames until no picture on the screen (scrolled out of view or not) waits for
        its prepared copy any more, for `timeout_s` at most; returns those still waiting
        (kiosk.ui.widgets.PreparedImage), so the empty list when all have arrived."""
        from kiosk.ui.widgets import PreparedImage

        deadline = time.monotonic() + timeout_s
        while True:
            waiting = self.find_all(
                lambda w: isinstance(w, PreparedImage) and w.state == "waiting", root
            )
            if not waiting or time.monotonic() > deadline:
                return waiting
            time.sleep(PICTURE_POLL_S)
            self.frames(1)

    def resize(self, size) -> None:
        if tuple(self.window.size) != tuple(size):
            self.window.size = size
            self.frames(3)
        self.app._layout()
        self.settle()

    # Touch -------------------------------------------------------------------------------

    def tap_at(self, x: float, y: float) -> None:
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.frames(1)
        touch.touch_up()
        self.settle()

    def scroll_into_view(self, widget) -> None:
        """Scroll the widget's ScrollView so that the widget is on the screen."""
        scroller = self._scroll_view_of(widget)
        if scroller is not None:
            scroller.scroll_to(widget, padding=10, animate=False)
            self.frames(2)

    def tap(self, widget) -> None:
        """A touch at the widget's centre, scrolling it into view first as a visitor would."""
        self.scroll_into_view(widget)
        x, y = widget.to_window(widget.center_x, widget.center_y)
        width, height = self.window.size
        if not (0 <= x < width and 0 <= y < height):
            raise AssertionError(f"{widget!r} is off the screen at ({x:.0f}, {y:.0f})")
        self.tap_at(x, y)

    @staticmethod
    def _scroll_view_of(widget):
        from kivy.uix.scrollview import ScrollView

        parent = widget.parent
        while parent is not None and not isinstance(parent, ScrollView):
            if parent.parent is parent:  # the window is its own parent
                return None
            parent = parent.parent
        return parent

    # Looking -----------------------------------------------------------------------------

    @property
    def screen(self):
        return self.app.manager.current_screen

    def find_all(self, predicate, root=None) -> list:
        found, stack = [], [root or self.screen]
        while stack:
            widget = stack.pop()
            if predicate(widget):
                found.append(widget)
            stack.extend(reversed(widget.children))
        return found

    def find_text(self, text: str, root=None):
        """The first widget whose text is `text`, top of the screen first. No-break spaces
        count as spaces: the kiosk binds numbers to their units (kiosk.line_breaks)."""
        wanted = text.replace("\u00a0", " ")

        def shows(widget) -> bool:
            shown = getattr(widget, "text", None)
            return isinstance(shown, str) and shown.replace("\u00a0", " ") == wanted

        matches = self.find_all(shows, root)
        if not matches:
            raise LookupError(f"no widget with text {text!r} on {self.screen.name}")
        return max(matches, key=lambda w: w.to_window(w.x, w.top)[1])

    def screenshot(self, path: Path) -> Path:
        """The window as drawn, saved as PNG. Read here with a pack alignment of 1 rather than
        with Window.screenshot, which reads with GL's default of 4 and so shears the picture at
        widths whose RGB rows are not a multiple of 4 bytes (at 1366 px each row starts 2 bytes
        off the one before)."""
        from kivy.graphics.opengl import (
            GL_PACK_ALIGNMENT,
            GL_RGB,
            GL_UNSIGNED_BYTE,
            glPixelStorei,
            glReadPixels,
        )
        from PIL import Image

        self.frames(2)
        width, height = self.window.size
        glPixelStorei(GL_PACK_ALIGNMENT, 1)
        try:
            pixels = glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE)
        finally:
            glPixelStorei(GL_PACK_ALIGNMENT, 4)  # GL's default, which Kivy's readers expect
        picture = Image.frombytes("RGB", (width, height), pixels)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        picture.transpose(Image.Transpose.FLIP_TOP_BOTTOM).save(path)
        return path
