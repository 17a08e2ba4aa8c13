"""Outside opening hours: a dark screen that shows nothing and opens nothing."""

from __future__ import annotations

from kiosk.ui.kv import load_kv
from kiosk.ui.screens.base import KioskScreen


class SleepScreen(KioskScreen):
    def populate(self, exhibition, route):
        pass

    def on_touch_down(self, touch):
        return True  # touches outside opening hours open no content


load_kv(__file__)
