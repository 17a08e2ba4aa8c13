"""A theme: its stations as cards."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.ui import style
from kiosk.ui.kv import load_kv
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import Card


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
        accent = style.rgba(theme.color) if theme.color else style.ACCENT
        cards = self.ids.cards
        cards.clear_widgets()
        for station in theme.stations:
            source = self.media(station.images[0].file) if station.images else ""
            card = Card(
                source=source,
                title=station.title(language),
                lead=station.lead(language),
                accent=accent,
                image_aspect=1.6,  # station pictures are 16:10; charts must not be cropped
            )
            card.speech_action = ("open_station", station.id)
            card.bind(on_release=lambda _c, station_id=station.id: self.open_station(station_id))
            cards.add_widget(card)


load_kv(__file__)
