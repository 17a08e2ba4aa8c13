"""Home: the exhibition's themes as large tiles."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.ui import style
from kiosk.ui.kv import load_kv
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import Card


class HomeScreen(KioskScreen):
    title = StringProperty("")
    subtitle = StringProperty("")

    def populate(self, exhibition, route):
        language = self.language
        self.title = exhibition.title(language)
        self.subtitle = exhibition.subtitle(language) if exhibition.subtitle else ""
        self._show_codes(self.ids.codes)
        tiles = self.ids.tiles
        tiles.clear_widgets()
        for theme in exhibition.themes:
            card = Card(
                source=self.media(theme.image.file),
                title=theme.title(language),
                lead=theme.lead(language),
                accent=style.rgba(theme.color) if theme.color else style.ACCENT,
                image_aspect=2.4,  # two rows of tiles fit a 1080-high screen
            )
            card.bind(on_release=lambda _card, theme_id=theme.id: self.open_theme(theme_id))
            tiles.add_widget(card)

    def _show_codes(self, box):
        links = self.settings.links
        box.clear_widgets()
        box.add_widget(self.link_code(links.newsletter, self.tr("Subscribe to the newsletter")))
        box.add_widget(self.link_code(links.climate_watch, self.tr("Espoo Climate Watch")))


load_kv(__file__)
