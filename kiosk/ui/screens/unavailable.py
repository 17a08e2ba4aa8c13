"""Shown to visitors when there is no valid content to show: calm, in every language, and
without any detail (staff find the details in the log and the staff menu)."""

from __future__ import annotations

from kiosk.ui.kv import load_kv
from kiosk.ui.screens.base import KioskScreen


class UnavailableScreen(KioskScreen):
    def populate(self, exhibition, route):
        pass


load_kv(__file__)
