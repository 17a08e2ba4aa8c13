""" "Are you still there?" with a countdown, over whatever the visitor was reading."""

from __future__ import annotations

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.ui.kv import load_kv


class IdlePrompt(ModalView):
    language = StringProperty("fi")
    remaining_s = NumericProperty(10)

    def __init__(self, **kwargs):
        kwargs.setdefault("auto_dismiss", False)
        super().__init__(**kwargs)

    def on_touch_down(self, touch):
        # Any touch means someone is there: the app hears it and dismisses this prompt.
        return True


load_kv(__file__)
