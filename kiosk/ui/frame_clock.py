"""Work timed by the frames drawn, not by Kivy's clock."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.core.window import Window


def after_this_frame(callback) -> None:
    """Calls `callback()` once the frame being drawn now (or the next one) is on the screen."""

    def drawing(*_):
        Window.unbind(on_draw=drawing)
        Clock.schedule_once(lambda _dt: callback(), 0)  # the next tick: after the buffer swap

    Window.bind(on_draw=drawing)
