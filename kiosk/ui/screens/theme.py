"""A theme: its stations as cards."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.ui.kv import load_kv
from kiosk.ui.screens.base import KioskScreen


class ThemeScreen(KioskScreen):
    title = StringProperty("")
    lead = StringProperty("")
    reuse = True  # the same content, route and language: the same cards
    page_containers = ("cards",)
    page_values = ("title", "lead")

    def populate(self, exhibition, route):
        theme = exhibition.theme(route.target)
        language = self.language
        self.title = theme.title(language)
        self.lead = theme.lead(language)
        self.show_station_cards(theme)


load_kv(__file__)
