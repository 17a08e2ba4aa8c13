"""Home: the exhibition's themes as large tiles, and the quiz's."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.ui import style
from kiosk.ui.kv import load_kv
from kiosk.ui.quiz_widgets import QuizCard
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import Card


class HomeScreen(KioskScreen):
    title = StringProperty("")
    subtitle = StringProperty("")
    reuse = True  # the same content, route and language: the same cards
    page_containers = ("tiles", "codes")
    page_values = ("title", "subtitle")

    def populate(self, exhibition, route):
        language = self.language
        self.title = exhibition.title(language)
        self.subtitle = exhibition.subtitle(language) if exhibition.subtitle else ""
        self._show_codes(self.ids.codes)
        tiles = self.ids.tiles
        tiles.clear_widgets()
        for theme in exhibition.themes:
            card = Card(
                source=self.media(theme.image.file_for(self.language)),
                title=theme.title(language),
                lead=theme.lead(language),
                accent=style.rgba(theme.color) if theme.color else style.ACCENT,
                image_aspect=2.4,  # two rows of tiles fit a 1080-high screen
            )
            card.speech_action = ("open_theme", theme.id)
            card.bind(on_release=lambda _card, theme_id=theme.id: self.open_theme(theme_id))
            tiles.add_widget(card)
        self._show_quiz(tiles)

    def _show_quiz(self, tiles):
        """The quiz's tile after the themes', when the content has a quiz."""
        quiz = self.quiz_session.quiz if self.quiz_session is not None else None
        if quiz is None:
            return
        tile = QuizCard(
            title=quiz.title(self.language),
            lead=self.tr("{count} questions, about a minute", count=len(quiz.questions)),
        )
        tile.speech_action = ("open_quiz", None)
        tile.bind(on_release=lambda _tile: self.open_quiz())
        tiles.add_widget(tile)

    def _show_codes(self, box):
        links = self.settings.links
        box.clear_widgets()
        box.add_widget(self.link_code(links.newsletter, self.tr("Subscribe to the newsletter")))
        box.add_widget(self.link_code(links.climate_watch, self.tr("Espoo Climate Watch")))


load_kv(__file__)
