""" "Are you still there?" with a countdown, over whatever the visitor was reading."""

from __future__ import annotations

from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.ui.kv import load_kv


class IdlePrompt(ModalView):
    language = StringProperty("fi")
    remaining_s = NumericProperty(10)
    reach_band = ListProperty([0, 0])
    """(top, bottom) rows of the window the lowered layout leaves empty: the prompt and its
    Continue button are centred in the rows between, within a seated reach."""

    def __init__(self, **kwargs):
        kwargs.setdefault("auto_dismiss", False)
        super().__init__(**kwargs)

    def _align_center(self, *_args):
        # ModalView keeps itself centred in the window through this method.
        if self._is_open:
            top, bottom = self.reach_band
            width, height = self._window.size
            self.center = (width / 2, bottom + (height - top - bottom) / 2)

    def open(self, *args, **kwargs):
        super().open(*args, **kwargs)
        self._align_center()  # ModalView opens centred in the whole window

    def on_reach_band(self, *_args):
        self._align_center()

    def on_touch_down(self, touch):
        # Any touch means someone is there: the app hears it and dismisses this prompt.
        return True


load_kv(__file__)
